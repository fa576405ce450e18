"""Assemble the training corpus from the writers' files (run once, from the project root).

    python training-data/build.py --staging DIR

Turns the personal-data marks into spans and fills BSN/IBAN placeholders with valid numbers
(the same code as the blind corpus, ``evaluation/blind/build.py``), validates the transcripts as
the product reads them, and drops any item whose text equals a text of the blind corpus. Prints
only counts.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "evaluation" / "blind"))

from build import (  # noqa: E402
    Numbers,
    _read_jsonl,
    _write_jsonl,
    pii,
    transcripts,
)


def _blind_texts() -> set[str]:
    texts: set[str] = set()
    for path in (ROOT / "evaluation" / "blind").glob("*/*.jsonl"):
        for row in _read_jsonl(path):
            texts.add(str(row.get("text") or row.get("query") or "").strip().lower())
    return texts


def _plain(staging: Path, prefix: str, blind: set[str]) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(staging.glob(f"{prefix}-*.jsonl")):
        for row in _read_jsonl(path):
            if row["text"].strip().lower() in blind:
                continue
            row["writer"] = path.stem.split("-", 1)[1]
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staging", type=Path, required=True)
    args = parser.parse_args()
    blind = _blind_texts()
    rng = random.Random(20261207)

    for name, key in (("upl", "upl"), ("intent", "intent"), ("tone", "tone")):
        rows = _plain(args.staging, name, blind)
        _write_jsonl(HERE / f"{name}.jsonl", rows)
        print(f"{name:<12} {len(rows):>5}  {len(Counter(r[key] for r in rows))} labels")  # noqa: T201

    work = HERE / ".staging-pii"
    shutil.rmtree(work, ignore_errors=True)
    (work / "pii").mkdir(parents=True)
    for path in sorted(args.staging.glob("pii-*.jsonl")):
        shutil.copy(path, work / "pii" / f"P{path.stem.split('-', 1)[1]}.jsonl")
    sentences = [s for s in pii(work, Numbers(rng)) if s["text"].strip().lower() not in blind]
    shutil.rmtree(work)
    _write_jsonl(HERE / "pii.jsonl", sentences)
    print(f"{'pii':<12} {len(sentences):>5}  {sum(len(s['entities']) for s in sentences)} spans")  # noqa: T201

    per_file: dict[str, Numbers] = {}
    calls = transcripts(args.staging, lambda s: per_file.setdefault(s, Numbers(rng)), "C*")
    target = HERE / "transcripts"
    shutil.rmtree(target, ignore_errors=True)
    (target / "transcripts").mkdir(parents=True)
    for call in calls:
        (target / "transcripts" / call["id"]).write_text(call["text"], encoding="utf-8")
    _write_jsonl(target / "gold.jsonl", [c["gold"] for c in calls])
    print(f"{'transcripts':<12} {len(calls):>5}")  # noqa: T201


if __name__ == "__main__":
    main()
