"""Personal data left in the registration drafts, per set and per kind (issue 15).

Drafts every conversation of a set with gold personal data we may read and counts, as
``reisgenoot bench assist`` does, the conversations whose ``onderwerp``, ``inhoud`` or
``specifiekeVraag`` still hold a gold personal-data string or an entity the detector finds;
per kind (the gold's ``pii_typed``, or the detector's type) the leaked values.

Sets: ``own`` (``evaluation/assist``), ``blind-dev`` (``evaluation/blind/transcripts/dev``; the
blind *test* is never read here) and the writers' conversations ``training-data/transcripts*``.

Run: ``python scripts/pii_leak_check.py [--show] [--sets own,blind-dev,...]``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from reisgenoot.assist.registration import draft_registration
from reisgenoot.bench.assist import _leaks, load_gold, load_transcripts

ROOT = Path(__file__).resolve().parents[1]
WRITERS = ("transcripts", "transcripts-more", "transcripts-extra")
SETS = {"own": ROOT / "evaluation/assist", "blind-dev": ROOT / "evaluation/blind/transcripts/dev"}
SETS.update({name: ROOT / "training-data" / name for name in WRITERS})


def _kind(leak: str, item: dict[str, Any]) -> str:
    typed = {t["text"].lower(): t["type"] for t in item.get("pii_typed") or []}
    if leak.lower() in typed:
        return typed[leak.lower()]
    head, _, _ = leak.partition(":")
    return f"detected-{head}" if head.isalpha() else "gold"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each leak")
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args(argv)
    for name in args.sets.split(","):
        folder = SETS[name]
        gold = load_gold(folder)
        kinds: Counter[str] = Counter()
        leaking = 0
        for item, transcript in zip(gold, load_transcripts(folder, gold), strict=True):
            leaks = _leaks(draft_registration(transcript), item.get("pii", []))
            leaking += bool(leaks)
            for leak in dict.fromkeys(leaks):
                kinds[_kind(leak, item)] += 1
                if args.show:
                    print(f"  {name} {item['source']} {_kind(leak, item)} {leak!r}")
        summary = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
        print(f"{name:18s} {leaking:3d} of {len(gold):3d} conversations leak  ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
