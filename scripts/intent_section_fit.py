"""Fit the intent → section map of the understanding heads (ADR 87 addendum).

Run from the project root: ``python scripts/intent_section_fit.py [--heads DIR] [--write]``.
The learned intent adds a bonus to the section that answers it (``passages.learned_bonus``);
the fixed map (``rerank.INTENT_SECTIONS``: *melding* → Aanvraag, *planning* → the inleiding …)
is what the team guessed. Here the map is fitted on what people marked: the K3/K4 training
items of ``evaluation/knowledge/answer-sentences/`` (each annotator's accepted sentences →
their sections) and ``evaluation/knowledge/passages-dev.jsonl`` (the sections that answer).
Each intent's row is the fixed map with prior weight ``alpha`` plus the items' answered
sections weighted by the heads' probability of that intent, normalised; ``alpha`` is chosen
by 5-fold cross-validation (items grouped) on the log-likelihood of the answered section
among the article's sections. With ``--write`` the rows go into ``DIR/understanding.json``
(key ``intent_sections``), read by :func:`reisgenoot.knowledge.passages.intent_sections`.
Blind dev K1/K2 and the test halves are never read.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from answer_sentence_eval import accepted, load_annotations, retriever_for, training_items

from reisgenoot.knowledge import understanding
from reisgenoot.knowledge.passages import SECTION_BONUS
from reisgenoot.knowledge.rerank import INTENT_SECTIONS
from reisgenoot.knowledge.understanding import INTENTS

SECTIONS = tuple(SECTION_BONUS)
ALPHAS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 64.0, math.inf)
# Per item: the intent probabilities, the article's sections (mask) and each annotation's
# answered sections (as a share vector over SECTIONS).
Item = tuple[np.ndarray, np.ndarray, list[np.ndarray]]


def _share(fields: set[str]) -> np.ndarray | None:
    chosen = [SECTIONS.index(f) for f in fields if f in SECTIONS]
    if not chosen:
        return None
    vector = np.zeros(len(SECTIONS))
    vector[chosen] = 1.0 / len(chosen)
    return vector


def items() -> list[Item]:
    text = Path("evaluation/knowledge/passages-dev.jsonl").read_text(encoding="utf-8")
    passages = [json.loads(line) for line in text.splitlines() if line.strip()]
    sentences = training_items()
    questions = [{"question": i["question"]} for i in sentences]
    questions += [{"question": p["query"]} for p in passages]
    retriever = retriever_for(questions)
    by_id = {d.source_id: d for d in retriever.docs}
    notes = load_annotations()
    found: list[Item] = []

    def add(question: str, article: str, answers: list[set[str]]) -> None:
        reading = retriever.rank(question, limit=5).understanding
        p = np.array([reading.intents.get(name, 0.0) for name in INTENTS])
        present = {f for f, _h, _t in by_id[article].sections}
        mask = np.array([s in present for s in SECTIONS], dtype=float)
        targets = [t for t in (_share(a & present) for a in answers) if t is not None]
        if targets and mask.sum() > 1:
            found.append((p, mask, targets))

    for item in sentences:
        field = {int(u["n"]): u["field"] for u in item["units"]}
        answers = [
            {field[n] for n in accepted(marks[item["id"]])}
            for marks in notes.values()
            if item["id"] in marks and marks[item["id"]].get("best") is not None
        ]
        add(item["question"], item["article"], answers)
    for row in passages:
        add(row["query"], row["article"], [set(row["sections"])])
    return found


def fit(data: list[Item], alpha: float) -> np.ndarray:
    prior = np.zeros((len(INTENTS), len(SECTIONS)))
    for i, name in enumerate(INTENTS):
        section = INTENT_SECTIONS[name]
        prior[i, SECTIONS.index(section) if section in SECTIONS else 0] = 1.0
    if math.isinf(alpha):
        return prior
    counts = alpha * prior
    for p, _mask, targets in data:
        for t in targets:
            counts += np.outer(p, t)
    result: np.ndarray = counts / counts.sum(axis=1, keepdims=True)
    return result


def score(table: np.ndarray, data: list[Item]) -> tuple[float, float]:
    """(mean log-likelihood, top-1 right) of the answered sections among the article's."""
    likelihood, right = [], []
    for p, mask, targets in data:
        q = (p @ table + 1e-3) * mask
        q /= q.sum()
        for t in targets:
            likelihood.append(math.log(float(q @ (t > 0))))
            right.append(bool(t[int(np.argmax(q))] > 0))
    return sum(likelihood) / len(likelihood), sum(right) / len(right)


def rows(table: np.ndarray) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    for i, name in enumerate(INTENTS):
        kept = {SECTIONS[j]: float(w) for j, w in enumerate(table[i]) if w >= 0.05}
        total = sum(kept.values())
        found[name] = {s: round(w / total, 3) for s, w in kept.items()}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heads", type=Path, help="the heads' folder (default: the package)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.heads:
        understanding.use_models(args.heads)
    data = items()
    folds = [data[k::5] for k in range(5)]
    best: tuple[float, float] = (-math.inf, math.inf)
    for alpha in ALPHAS:
        cv = [
            score(fit([d for j, f in enumerate(folds) if j != k for d in f], alpha), folds[k])
            for k in range(5)
        ]
        loglik = sum(c[0] * len(f) for c, f in zip(cv, folds, strict=True)) / len(data)
        right = sum(c[1] * len(f) for c, f in zip(cv, folds, strict=True)) / len(data)
        print(f"alpha {alpha}: 5-fold log-likelihood {loglik:.3f}, top section right {right:.3f}")
        best = max(best, (loglik, alpha))
    table = fit(data, best[1])
    found = rows(table)
    print(f"{len(data)} items; chosen alpha {best[1]}")
    print(json.dumps(found, indent=1))
    if args.write and args.heads and not math.isinf(best[1]):
        path = args.heads / "understanding.json"
        meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        meta["intent_sections"] = found
        path.write_text(json.dumps(meta, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
