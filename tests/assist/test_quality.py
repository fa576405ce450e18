"""Quality targets on the evaluation set (issue 5) and the Signalen-style baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reisgenoot.bench.assist import EVALUATION, baseline, evaluate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def quality(evaluation: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    return evaluate(ROOT / EVALUATION, drafts=[draft for _gold, draft in evaluation])


def test_targets(quality: dict[str, Any]) -> None:
    assert quality["upl_accuracy"] >= 0.85
    assert quality["gespreksresultaat_accuracy"] >= 0.80
    assert quality["follow_up"]["f1"] >= 0.90
    assert quality["pii_leaks"] == 0


def test_beats_baseline(quality: dict[str, Any]) -> None:
    pytest.importorskip("sklearn")
    theirs = baseline(ROOT / EVALUATION)
    assert quality["upl_accuracy"] > theirs["upl_accuracy"]
