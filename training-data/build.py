"""Assemble the training corpus from the writers' files (run once, from the project root).

    python training-data/build.py --staging DIR
    python training-data/build.py --pii-more DIR   # pii-more.jsonl from DIR/Q3.jsonl, DIR/Q4.jsonl
    python training-data/build.py --transcripts-more DIR   # transcripts-more/ from DIR/transcripts/C4…C9

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
sys.path.insert(0, str(ROOT / "src"))

from build import (  # noqa: E402
    Numbers,
    _read_jsonl,
    _write_jsonl,
    pii,
    transcripts,
)

from reisgenoot.bench.sets import closest, words  # noqa: E402


def _blind_texts() -> set[str]:
    texts: set[str] = set()
    for path in (ROOT / "evaluation" / "blind").glob("*/*.jsonl"):
        for row in _read_jsonl(path):
            texts.add(str(row.get("text") or row.get("query") or "").strip().lower())
    return texts


# A sentence of a later writer this close to a blind dev text (ratio of the word sequences) is
# left out of the training data; the blind test is never read.
NEAR_COPY = 0.75
MORE_WRITERS = ("Q3", "Q4")
# The conversation writers of ``transcripts-more/``: C4–C7 (plans ``make_plans(n=320, seed=8)[:240]``)
# and C8–C9 (its last 80). Folders are read in name order, so adding a later writer leaves the
# numbers filled into the earlier writers' conversations as they were.
MORE_CALLS = "C[4-9]"


def _blind_dev_words() -> list[list[str]]:
    rows = []
    for path in (ROOT / "evaluation" / "blind").glob("*/dev.jsonl"):
        rows += [words(str(r.get("text") or r.get("query") or "")) for r in _read_jsonl(path)]
    return [w for w in rows if w]


def pii_more(source: Path) -> None:
    """``pii-more.jsonl``: the marked sentences of writers Q3 and Q4, the marks turned into spans
    as for ``pii.jsonl`` (fixed seed for BSN/IBAN placeholders), without blind texts and
    near-copies of blind dev texts."""
    work = HERE / ".staging-pii-more"
    shutil.rmtree(work, ignore_errors=True)
    (work / "pii").mkdir(parents=True)
    for writer in MORE_WRITERS:
        shutil.copy(source / f"{writer}.jsonl", work / "pii" / f"P{writer}.jsonl")
    sentences = pii(work, Numbers(random.Random(20261207)))
    shutil.rmtree(work)
    blind, dev = _blind_texts(), _blind_dev_words()
    kept, near = [], 0
    for sentence in sentences:
        if (
            sentence["text"].strip().lower() in blind
            or closest(words(sentence["text"]), dev, text_first=True)[0] > NEAR_COPY
        ):
            near += 1
        else:
            kept.append(sentence)
    _write_jsonl(HERE / "pii-more.jsonl", kept)
    spans = sum(len(s["entities"]) for s in kept)
    left_out = f"{near} near-copies of blind dev left out"
    print(f"{'pii-more':<12} {len(kept):>5}  {spans} spans, {left_out}")  # noqa: T201


def _write_calls(target: Path, calls: list[dict[str, Any]]) -> None:
    """``target/transcripts/<id>`` for every call and ``target/gold.jsonl`` (replacing both)."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "transcripts").mkdir(parents=True)
    for call in calls:
        (target / "transcripts" / call["id"]).write_text(call["text"], encoding="utf-8")
    _write_jsonl(target / "gold.jsonl", [c["gold"] for c in calls])


def transcripts_more(staging: Path) -> None:
    """``transcripts-more/``: the conversations of writers C4–C9 (plans drawn with seed 8), in the
    format of ``transcripts/`` (placeholders filled with a fixed seed, validated as the product reads
    them), without any conversation whose text equals a blind text."""
    per_file: dict[str, Numbers] = {}
    rng = random.Random(20261208)
    calls = transcripts(staging, lambda s: per_file.setdefault(s, Numbers(rng)), MORE_CALLS)
    blind = _blind_texts()
    kept = [c for c in calls if c["text"].strip().lower() not in blind]
    _write_calls(HERE / "transcripts-more", kept)
    writers = Counter(c["gold"]["writer"] for c in kept)
    print(f"{'transcripts-more':<16} {len(kept):>5}  {dict(sorted(writers.items()))}")  # noqa: T201


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
    parser.add_argument("--staging", type=Path)
    parser.add_argument("--pii-more", type=Path, help="folder with the writers' Q3.jsonl, Q4.jsonl")
    parser.add_argument("--transcripts-more", type=Path, help="folder holding transcripts/C4 … C9")
    args = parser.parse_args()
    if args.transcripts_more:
        transcripts_more(args.transcripts_more)
        return
    if args.pii_more:
        pii_more(args.pii_more)
        return
    if args.staging is None:
        parser.error("--staging or --pii-more is required")
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
    _write_calls(HERE / "transcripts", calls)
    print(f"{'transcripts':<12} {len(calls):>5}")  # noqa: T201


if __name__ == "__main__":
    main()
