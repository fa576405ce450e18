"""A learned wrong-claim classifier for feiten, measured on the four writer-held-out folds (ADR 82).

The opleider writers' ``fouten`` lines recur per scenario (the parking card behind the
windscreen, the € 165 refund, the internal spoednummer). Each line is mapped to the trainee
sentence of its conversation nearest to it in e5 (:func:`reisgenoot.assist.embedding.embed_texts`):
those sentences are the wrong claims; every sentence of a conversation judged ``goed`` is a
right one. A sentence is described against the labelled sentences of the same scenario by
other writers (e5 similarity and word overlap with the nearest wrong claim, the nearest right
sentence and the nearest ``fouten`` line), and a logistic regression over those nine numbers
says how likely it repeats a known wrong claim. The conversation's feature ``wrong_claim`` is
its most likely sentence.

Nothing is fitted on the writer judged: for the fold of writer W, the classifier and the
sentences it compares with come from the other writers, and each training row of the feiten
model from writer X reads a classifier fitted without W and X. The folds are those of
``scripts/rubric_other_writers.py`` (O1, O2, O3 held out) and the bench's blind dev "schrijver
apart". Blind test is never read.

Run from the repository root: ``PYTHONPATH=src .venv/bin/python scripts/feiten_wrong_claims.py``
(``--doubt P``: the most likely sentence, from chance P on, is also a doubtful sentence that
feedback may quote when the level is ``fout``). Prints, per fold, κ per criterion and wrong
statements, first without the feature, then with it.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from reisgenoot.assist.embedding import embed_texts
from reisgenoot.bench import training as bench
from reisgenoot.bench.sets import blind_part
from reisgenoot.training import rubric, rubric_feiten, rubric_statements
from reisgenoot.training.rubric_features import FEATURES
from reisgenoot.training.scenario_files import load_scenarios

WRITERS = ("O1", "O2", "O3", "B")
MORE = Path("training-data") / "practice-more"
SPLIT = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[a-zà-ÿ0-9€]+(?:[.,]\d+)?")
_STOP_WORDS = (
    "de het een en of in op te van voor met dat die dit is u ik we wij je jij zijn er dan ook "
    "niet wel maar als aan bij om naar nog al zo even dus ja nee hoe wat wie waar kan kunt "
    "wordt worden heeft hebt heb had moet mag gaat gaan komt doen doet"
)
STOP = frozenset(_STOP_WORDS.split())
VECTORS: dict[str, Any] = {}
STATE: dict[str, Any] = {"excluded": frozenset(), "on": False, "doubt": None}


def sentences(lines: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(sentence, turn text) of every trainee sentence."""
    return [
        (s, text)
        for who, text in lines
        if who == "medewerker"
        for s in SPLIT.split(text.strip())
        if s
    ]


def vectors(texts: Sequence[str]) -> None:
    missing = [t for t in dict.fromkeys(texts) if t not in VECTORS]
    for start in range(0, len(missing), 64):
        part = missing[start : start + 64]
        VECTORS.update(zip(part, embed_texts(part), strict=True))


def items_of(writer: str) -> list[tuple[str, dict[str, Any]]]:
    if writer == "B":
        return bench.load_items(blind_part("training", "dev"))
    folder = MORE if writer == "O3" else bench.PRACTICE
    return [(n, i) for n, i in bench.load_items(folder) if f"-{writer}-" in n]


def conversations() -> list[dict[str, Any]]:
    """Every judged conversation of the four writers with its labelled sentences."""
    found = []
    for writer in WRITERS:
        for _name, item in items_of(writer):
            lines = [(str(t["spreker"]), str(t["tekst"])) for t in item["turns"]]
            said = [s for s, _t in sentences(lines)]
            lines_wrong = [str(x).split(";")[0] for x in item.get("fouten") or []]
            vectors([*said, *lines_wrong])
            wrong: set[str] = set()
            if item["oordeel"]["feiten"] == "fout" and said:
                matrix = np.vstack([VECTORS[s] for s in said])
                wrong = {said[int(np.argmax(matrix @ VECTORS[f]))] for f in lines_wrong}
            level = item["oordeel"]["feiten"]
            found.append(
                {"writer": writer, "scenario": item["scenario"], "level": level}
                | {"said": said, "wrong": wrong, "lines": lines_wrong}
            )
    return found


def words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 1}


def memory(convs: Sequence[dict[str, Any]], allowed: Sequence[str]) -> dict[str, dict[str, list]]:
    """Per scenario the wrong claims, right sentences and fouten lines of ``allowed`` writers."""
    kept: dict[str, dict[str, list[str]]] = {}
    for conv in convs:
        if conv["writer"] in allowed:
            place = kept.setdefault(conv["scenario"], {"wrong": [], "right": [], "lines": []})
            place["wrong"] += sorted(conv["wrong"])
            place["lines"] += conv["lines"]
            if conv["level"] == "goed":
                place["right"] += conv["said"]
    return kept


def describe(sentence: str, known: dict[str, list[str]] | None) -> list[float]:
    vector, own = VECTORS[sentence], words(sentence)

    def nearest(texts: list[str]) -> tuple[float, float]:
        if not texts:
            return 0.0, 0.0
        sims = np.array([float(VECTORS[t] @ vector) for t in texts])
        other = words(texts[int(sims.argmax())])
        return float(sims.max()), len(own & other) / max(1, len(own | other))

    known = known or {"wrong": [], "right": [], "lines": []}
    (sw, jw), (sr, jr), (sl, jl) = (nearest(known[k]) for k in ("wrong", "right", "lines"))
    return [sw, sr, sw - sr, jw, jr, jw - jr, sl, jl, float(bool(known["wrong"]))]


def classifier(convs: Sequence[dict[str, Any]]) -> Callable[[frozenset[str]], Any]:
    @cache
    def fitted(excluded: frozenset[str]) -> tuple[LogisticRegression, dict[str, Any]]:
        allowed = [w for w in WRITERS if w not in excluded]
        rows, labels = [], []
        for conv in convs:
            if conv["writer"] not in allowed or (conv["level"] == "fout" and not conv["wrong"]):
                continue
            known = memory(convs, [w for w in allowed if w != conv["writer"]])
            for s in conv["said"]:
                if conv["level"] != "fout" or s in conv["wrong"]:
                    rows.append(describe(s, known.get(conv["scenario"])))
                    labels.append(int(s in conv["wrong"]))
        model = LogisticRegression(C=1.0, max_iter=1000).fit(np.array(rows), np.array(labels))
        return model, memory(convs, allowed)

    return fitted


def patch(fitted: Callable[[frozenset[str]], Any], names: dict[int, str]) -> None:
    """The rubric's observations with the ``wrong_claim`` feature of the current fold."""
    original, seen_before = rubric._observe, {}

    def observe(scenario: Any, lines: Sequence[tuple[str, str]], reference: Any) -> Any:
        key = (id(scenario), tuple(lines))
        if key not in seen_before:
            seen_before[key] = original(scenario, lines, reference)
        seen = copy.deepcopy(seen_before[key])
        pairs = sentences(lines)
        if not STATE["on"] or not pairs:
            return seen
        vectors([s for s, _t in pairs])
        model, known = fitted(STATE["excluded"])
        rows = [describe(s, known.get(names[id(scenario)])) for s, _t in pairs]
        chances = model.predict_proba(np.array(rows))[:, 1]
        best = int(chances.argmax())
        seen.features["wrong_claim"] = float(chances[best])
        if STATE["doubt"] is not None and chances[best] >= STATE["doubt"]:
            seen.grounding.doubtful.append((pairs[best][1], "bewering", pairs[best][0]))
        return seen

    rubric._observe = observe  # type: ignore[assignment]


def fold(writer: str, scenarios: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    def rows(items: list[tuple[str, dict[str, Any]]], weight: float, practice: bool) -> list:
        return [
            bench.Row(
                str(item["scenario"]),
                rubric.transcript_features(
                    scenarios[item["scenario"]],
                    item["turns"],
                    bench.reference(scenarios[item["scenario"]], texts),
                ),
                item["oordeel"],
                weight,
                practice,
            )
            for _n, item in items
            if item["scenario"] in scenarios
        ]

    STATE["excluded"] = frozenset({writer})
    fit = rows(bench.load_items(bench.OWN), bench.OWN_WEIGHT, False)
    for other in [x for x in ("O1", "O2") if x != writer] + ([] if writer == "B" else ["B"]):
        STATE["excluded"] = frozenset({writer, other})
        fit += rows(items_of(other), 1.0, other != "B")
    models = bench.fit_models(fit)
    STATE["excluded"] = frozenset({writer})
    predict = bench.rubric_predict(texts, lambda _s: models)
    pairs, said, wrong = [], 0, 0
    for _n, item in items_of(writer):
        predicted, statements = predict(scenarios[item["scenario"]], list(item["turns"]))
        pairs.append((item["oordeel"], predicted))
        said += len(statements)
        wrong += sum(bench.statement_wrong(s, item["oordeel"]) for s in statements)
    return {"kappa": bench.kappas(pairs), "wrong": round(wrong / max(1, said), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doubt", type=float, default=None)
    args = parser.parse_args()
    scenarios, texts = load_scenarios(), bench.kennisbank_texts()
    patch(classifier(conversations()), {id(s): n for n, s in scenarios.items()})
    rubric_feiten._ORDER = (*rubric_feiten._ORDER, "bewering")
    rubric_statements._TEXTS["uitspraken"]["twijfel_bewering"] = "'{detail}'"  # type: ignore[index]
    results = {}
    for label in ("zonder", "met wrong_claim"):
        STATE["on"] = label != "zonder"
        STATE["doubt"] = args.doubt if STATE["on"] else None
        if STATE["on"]:
            FEATURES["feiten"] = (*FEATURES["feiten"], "wrong_claim")
        results[label] = {w: fold(w, scenarios, texts) for w in WRITERS}
        mean = np.mean([r["kappa"]["feiten"] for r in results[label].values()])
        print(label, json.dumps(results[label]), f"gemiddeld κ feiten {mean:.3f}", flush=True)


if __name__ == "__main__":
    main()
