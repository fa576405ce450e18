"""Registration drafts of the evaluation set, computed once per session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reisgenoot.assist.registration import draft_registration
from reisgenoot.bench.assist import EVALUATION, load_gold, load_transcripts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def evaluation() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    folder = ROOT / EVALUATION
    gold = load_gold(folder)
    return [
        (g, draft_registration(t))
        for g, t in zip(gold, load_transcripts(folder, gold), strict=True)
    ]
