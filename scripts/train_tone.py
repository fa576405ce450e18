"""Train the packaged tone and escalation model (``language/data/tone/tone_model.npz``).

    .venv/bin/python scripts/train_tone.py

Examples: ``training-data/tone.jsonl`` (1,499 resident utterances with tone, escalate and
reason category; format in :mod:`reisgenoot.language.tone_model`) — never ``evaluation/``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.language import tone_model  # noqa: E402

DATA = ROOT / "training-data" / "tone.jsonl"
OUT = ROOT / "src" / "reisgenoot" / "language" / "data" / "tone" / tone_model.DEFAULT_FILE


def main() -> None:
    with DATA.open(encoding="utf-8") as handle:
        examples = [json.loads(line) for line in handle if line.strip()]
    tone_model.train(examples).save(OUT)
    print(f"trained on {len(examples)} utterances, wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
