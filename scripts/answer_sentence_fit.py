"""Fit the first-sentence model (``knowledge/data/answer_sentence.json``, ADR 0084).

Run from the project root: ``python scripts/answer_sentence_fit.py [--write]``. Trains a
conditional logit (softmax over an article's candidate sentences, L2) on the K3/K4 items of
the dev half of ``evaluation/knowledge/answer-sentences/`` only (``--batch2``: also batch 2,
measured by h126 and not shipped): for every annotator whose
``best`` is not null, the likelihood that the chosen sentence is one of ``best`` / ``also``.
Prints a 5-fold cross-validated "first sentence right" on those items (rules vs model) and,
with ``--write``, fits on all of them and writes the weights into the package. The blind-dev
K1/K2 items and the test half are never fitted on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).parent))

from answer_sentence_eval import accepted, load_annotations, retriever_for, training_items

from reisgenoot.knowledge.answer_sentence import FEATURES
from reisgenoot.knowledge.passages import sentence_choice

OUT = Path("src/reisgenoot/knowledge/data/answer_sentence.json")
L2 = 1.0


def examples(
    items: list[dict[str, Any]], gold_section: bool = False
) -> list[tuple[np.ndarray, list[set[int]], int]]:
    """Per item: the features of its candidates, the accepted candidate indices per annotator,
    and the index the rules choose. The candidates are the sentences of the rules' section, or
    with ``gold_section`` of the section that holds the first annotator's ``best``."""
    from reisgenoot.knowledge.passages import _section_scores, asked_cues, section_bonus
    from reisgenoot.knowledge.retrieval import Ranked

    retriever = retriever_for(items)
    notes = load_annotations()
    by_id = {d.source_id: d for d in retriever.docs}
    found = []
    for item in items:
        ranking = retriever.rank(item["question"], limit=20)
        hit = next((h for h in ranking.hits if h.doc.source_id == item["article"]), None)
        hit = hit or Ranked(by_id[item["article"]], 0.0, 0.0, 0.0, 0.0)
        question, terms, reading = item["question"], ranking.query_terms, ranking.understanding
        bonus = section_bonus(question, reading)
        scored = _section_scores(hit, terms, retriever, bonus, asked_cues(question, bonus))
        field = max(scored)[2] if scored else None
        bests = [m[item["id"]]["best"] for m in notes.values() if item["id"] in m]
        if gold_section and any(b is not None for b in bests):
            of_unit = {int(u["n"]): u["field"] for u in item["units"]}
            field = of_unit[next(int(b) for b in bests if b is not None)]
        choice = sentence_choice(hit, terms, retriever, question, reading, field=field)
        number = {(u["field"], u["start"]): int(u["n"]) for u in item["units"]}
        index = {number.get((u.field, u.start)): i for i, u in enumerate(choice.units)}
        sets = []
        for marks in notes.values():
            mark = marks.get(item["id"])
            if mark is None or mark.get("best") is None:
                continue
            chosen = {index[n] for n in accepted(mark) if n in index}
            if chosen:
                sets.append(chosen)
        rule = next(
            (i for i, u in enumerate(choice.units) if u.features[FEATURES.index("rule_first")]), 0
        )
        if sets:
            found.append((np.array([u.features for u in choice.units]), sets, rule))
    return found


def fit(data: list[tuple[np.ndarray, list[set[int]], int]], l2: float = L2) -> dict[str, Any]:
    return fit_logit([(x, sets) for x, sets, _r in data], FEATURES, l2)


def fit_logit(
    data: list[tuple[np.ndarray, list[set[int]]]],
    names: tuple[str, ...],
    l2: float,
    free: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Conditional logit over each item's candidates: P(a candidate in each accepted set).

    The weights of ``free`` features are not penalised (strong L2 then shrinks to them)."""
    penalty = np.array([0.0 if n in free else l2 for n in names])
    stacked = np.vstack([x for x, _s in data])
    means, scales = stacked.mean(axis=0), stacked.std(axis=0)
    scales[scales == 0] = 1.0
    rows = [((x - means) / scales, [c for c in sets if c]) for x, sets in data]

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * weights @ (penalty * weights), penalty * weights
        for x, sets in rows:
            z = x @ weights
            p = np.exp(z - z.max())
            p /= p.sum()
            for chosen in sets:
                mask = np.zeros(len(p), dtype=bool)
                mask[list(chosen)] = True
                total -= float(np.log(p[mask].sum()))
                q = np.where(mask, p, 0.0) / p[mask].sum()
                grad = grad - (q - p) @ x
        return total, grad

    weights = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B").x
    return {"features": list(names), "weights": weights.round(5).tolist(),
            "means": means.round(5).tolist(), "scales": scales.round(5).tolist()}  # fmt: skip


def right(model: dict[str, Any], data: list[tuple[np.ndarray, list[set[int]], int]]) -> list[bool]:
    w, m, s = (np.array(model[k]) for k in ("weights", "means", "scales"))
    return [int(np.argmax(((x - m) / s) @ w)) in chosen for x, sets, _r in data for chosen in sets]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--gold-section", action="store_true", help="candidates: the annotated best's section"
    )
    parser.add_argument(
        "--batch2", action="store_true", help="also batch 2 (measured, not shipped: ADR 84)"
    )
    args = parser.parse_args()
    data = examples(training_items(args.batch2), args.gold_section)
    rules = [r in chosen for _x, sets, r in data for chosen in sets]
    folds = [data[k::5] for k in range(5)]
    print(f"{len(data)} items; rules {sum(rules) / len(rules):.3f}")
    best = (-1.0, L2)
    for l2 in (0.3, 1.0, 3.0, 10.0, 30.0):
        cv: list[bool] = []
        for k in range(5):
            train = [d for j, f in enumerate(folds) if j != k for d in f]
            cv += right(fit(train, l2), folds[k])
        print(f"  L2 {l2}: 5-fold {sum(cv) / len(cv):.3f}")
        best = max(best, (sum(cv) / len(cv), l2))
    model = fit(data, best[1])
    show_and_write(model, best[1], OUT if args.write else None)


def show_and_write(model: dict[str, Any], l2: float, out: Path | None) -> None:
    """Print the fitted weights by feature name; write the model to ``out`` when given."""
    model["l2"] = l2
    print(json.dumps(dict(zip(model["features"], model["weights"], strict=True)), indent=1))
    if out is not None:
        out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"written {out}")


if __name__ == "__main__":
    main()
