"""Record the TF-IDF + logistic regression baseline's predictions on the assist evaluation set.

    .venv/bin/python scripts/record_assist_baseline.py

Trains the baseline of ``reisgenoot bench assist`` (about a CPU minute, needs scikit-learn from
the ``bench`` extra) and writes ``evaluation/assist/baseline.json``: its UPL prediction per
conversation and the SHA-256 of its inputs (``assist/data/train.jsonl`` and the resident text of
the set). ``tests/assist/test_quality.py`` checks that our drafts beat these predictions and
fails, pointing here, when the inputs have changed since they were recorded.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.bench.assist import EVALUATION, record_baseline, recorded_baseline  # noqa: E402


def main() -> None:
    record_baseline(ROOT / EVALUATION)
    figure = recorded_baseline(ROOT / EVALUATION)
    print(
        f"baseline UPL accuracy {figure['upl_accuracy']} on {figure['transcripts']} conversations"
    )


if __name__ == "__main__":
    main()
