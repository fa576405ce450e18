"""Quality targets on the evaluation set (issue 5) and the Signalen-style baseline.

The baseline (TF-IDF + logistic regression) takes about a CPU minute to train, so the suite
compares with its predictions as recorded by ``scripts/record_assist_baseline.py`` in
``evaluation/assist/baseline.json``; a test fails when what it learns from or is applied to has
changed since. ``reisgenoot bench assist`` trains it afresh and prints the same comparison.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reisgenoot.bench.assist import EVALUATION, baseline_inputs, evaluate, recorded_baseline

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def quality(evaluation: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    return evaluate(ROOT / EVALUATION, drafts=[draft for _gold, draft in evaluation])


def test_targets(quality: dict[str, Any]) -> None:
    assert quality["upl_accuracy"] >= 0.85
    assert quality["gespreksresultaat_accuracy"] >= 0.80
    # ADR 70: trained also on four outside writers, the task F1 reaches .914 on the blind test
    # and falls on this project-written set (.914 → .849); it guards against a further fall.
    assert quality["follow_up"]["f1"] >= 0.84
    assert quality["pii_leaks"] == 0


def test_beats_baseline(quality: dict[str, Any]) -> None:
    theirs = recorded_baseline(ROOT / EVALUATION)
    assert theirs["transcripts"] == quality["transcripts"]
    assert quality["upl_accuracy"] > theirs["upl_accuracy"]


def test_recorded_baseline_is_current() -> None:
    recorded = recorded_baseline(ROOT / EVALUATION)["inputs"]
    assert recorded == baseline_inputs(ROOT / EVALUATION), (
        "the baseline's training rows or the evaluation set changed: "
        "run scripts/record_assist_baseline.py"
    )
