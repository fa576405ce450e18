"""Fit the calibrated confidence of the main question's UPL product (issue 15, ADR 96).

    .venv/bin/python scripts/upl_calibration.py [--rows FILE] [--write] [--c 1]

Drafts the questions of every conversation of writers C4–C9 (``training-data/transcripts-more``)
and H78 (``transcripts-extra``) — no UPL fit and no chooser learns from them — and of blind dev
(never ``test``) and the own set, as registration detects them
(:func:`reisgenoot.assist.topics.detect_questions`), and reads for the main question the
evidence of :mod:`reisgenoot.assist.upl_confidence` and whether its product is the gold main
product. ``--rows FILE`` keeps those readings (JSON, no item text) so a second run reads them.

A logistic map is fitted with each writer held out in turn; from those held-out readings the
"hoog" threshold is the lowest at which at least ``SURE_RIGHT`` of the products are right.
Printed per set, before (the product's own probability) and after: right / all per label
(hoog, middel, laag), the expected calibration error (10 equal bins), the Brier score, the
wrong products shown with alternatives (below "hoog") and the right ones shown as "hoog".
``--write`` fits on all held-out writers and writes ``assist/data/upl_calibration.json``.
Counts only, no item text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.assist import topics, upl_confidence  # noqa: E402
from reisgenoot.assist.analysed import analyse_turns  # noqa: E402
from reisgenoot.assist.transcript import read_transcript  # noqa: E402
from reisgenoot.knowledge.confidence import Logistic  # noqa: E402
from reisgenoot.web.formatting import FAIR, SURE  # noqa: E402

SETS = {
    "writers": (
        ROOT / "training-data" / "transcripts-more",
        ROOT / "training-data" / "transcripts-extra",
    ),
    "blind dev": (ROOT / "evaluation" / "blind" / "transcripts" / "dev",),
    "own": (ROOT / "evaluation" / "assist",),
}
OUT = ROOT / "src" / "reisgenoot" / "assist" / "data" / upl_confidence.DEFAULT_FILE
SURE_RIGHT = 0.85  # "hoog" must be right this often on the held-out writers
BINS = 10

Row = dict[str, Any]


def _readings(folder: Path, item: dict[str, Any]) -> list[Row]:
    """Each detected question's reading, main question first: its product right (the main
    question: the gold main product; another: one of the gold products)."""
    turns = analyse_turns(read_transcript(folder / "transcripts" / str(item["source"])).turns)
    questions = topics.detect_questions(turns)
    gold = [str(q["upl"]) for q in item["vragen"]]
    return [
        {
            "writer": str(item["source"]).split("-")[0],
            "main": number == 0,
            "right": question.upl == gold[0] if number == 0 else question.upl in gold,
            "shown": question.confidence,
            "evidence": upl_confidence.evidence(question, len(questions)),
        }
        for number, question in enumerate(questions)
    ]


def collect(rows_file: Path | None) -> dict[str, list[Row]]:
    """Per set the questions' readings (from ``rows_file`` when it holds them)."""
    if rows_file and rows_file.is_file():
        loaded: dict[str, list[Row]] = json.loads(rows_file.read_text(encoding="utf-8"))
        return loaded
    found: dict[str, list[Row]] = {}
    for name, folders in SETS.items():
        found[name] = [
            row
            for folder in folders
            for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
            for row in _readings(folder, json.loads(line))
        ]
    if rows_file:
        rows_file.write_text(json.dumps(found), encoding="utf-8")
    return found


def _design(rows: list[Row]) -> np.ndarray:
    return np.asarray([[r["evidence"][f] for f in upl_confidence.FEATURES] for r in rows])


def fit(rows: list[Row], c: float) -> Logistic:
    from sklearn.linear_model import LogisticRegression

    learner = LogisticRegression(C=c, max_iter=1000)
    learner.fit(_design(rows), [r["right"] for r in rows])
    coefficients = tuple(float(w) for w in learner.coef_[0])
    return Logistic(upl_confidence.FEATURES, coefficients, float(learner.intercept_[0]))


def held_out(rows: list[Row], c: float) -> np.ndarray:
    """Each reading's calibrated confidence from a map fitted without its writer."""
    found = np.zeros(len(rows))
    for writer in sorted({r["writer"] for r in rows}):
        inside = [i for i, r in enumerate(rows) if r["writer"] == writer]
        model = fit([r for r in rows if r["writer"] != writer], c)
        for i in inside:
            found[i] = model.probability(rows[i]["evidence"])
    return found


def sure_threshold(confidence: np.ndarray, right: np.ndarray) -> float:
    """The lowest threshold (by hundredths) at which ``SURE_RIGHT`` of the products are right."""
    for step in range(50, 100):
        above = confidence >= step / 100
        if above.any() and right[above].mean() >= SURE_RIGHT:
            return step / 100
    return 1.0


def expected_calibration_error(confidence: np.ndarray, right: np.ndarray) -> float:
    bins = np.minimum((confidence * BINS).astype(int), BINS - 1)
    return float(
        sum(
            (bins == b).sum()
            / len(right)
            * abs(confidence[bins == b].mean() - right[bins == b].mean())
            for b in range(BINS)
            if (bins == b).any()
        )
    )


def report(confidence: np.ndarray, right: np.ndarray, sure: float) -> dict[str, Any]:
    """Right / all per label, calibration error, Brier, what the employee is shown."""
    labels = np.where(confidence >= sure, "hoog", np.where(confidence >= FAIR, "middel", "laag"))
    result: dict[str, Any] = {
        label: f"{int(right[labels == label].sum())}/{int((labels == label).sum())}"
        for label in ("hoog", "middel", "laag")
    }
    result["ECE"] = round(expected_calibration_error(confidence, right), 3)
    result["Brier"] = round(float(np.mean((confidence - right) ** 2)), 3)
    result["wrong with alternatives"] = (
        f"{int(((labels != 'hoog') & ~right).sum())}/{int((~right).sum())}"
    )
    result["right at hoog"] = int(((labels == "hoog") & right).sum())
    return result


def _print(name: str, confidence: np.ndarray, right: np.ndarray) -> None:
    print(f"  {name}: {report(confidence, right, SURE)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=Path, default=None)
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    sets = collect(args.rows)
    models: dict[str, Logistic] = {}
    checks: dict[str, Any] = {"fitted on": "writers C4-C9 and H78, each held out in turn"}
    for kind, main_question in (("main", True), ("side", False)):
        print(f"{kind} questions")
        writers = [r for r in sets["writers"] if r["main"] == main_question]
        right = np.asarray([r["right"] for r in writers], dtype=bool)
        outside = held_out(writers, args.c)
        _print("held-out writers, before", np.asarray([r["shown"] for r in writers]), right)
        _print("held-out writers, after", outside, right)
        lowest = sure_threshold(outside, right)
        print(f"  {SURE_RIGHT} right from {lowest} on the held-out writers (the label: {SURE})")
        checks[kind] = {"held-out writers": report(outside, right, SURE), "lowest hoog": lowest}
        models[kind] = fit(writers, args.c)
        for name in ("blind dev", "own"):
            rows = [r for r in sets[name] if r["main"] == main_question]
            truth = np.asarray([r["right"] for r in rows], dtype=bool)
            after = np.asarray([models[kind].probability(r["evidence"]) for r in rows])
            _print(f"{name}, before", np.asarray([r["shown"] for r in rows]), truth)
            _print(f"{name}, after", after, truth)
    if args.write:
        upl_confidence.Calibration(models["main"], models["side"], checks).save(OUT)
        print(f"written {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
