"""Take a writer's kennisbank questions into ``training-data/``, without near-copies.

    .venv/bin/python scripts/kennisbank_questions.py /work/writers/out/K3.jsonl
    .venv/bin/python scripts/kennisbank_questions.py /work/writers/out/K4.jsonl \
        training-data/kennisbank-questions-k4.jsonl

Writer K3 goes to ``training-data/kennisbank-questions.jsonl`` (the default), writer K4 to
``kennisbank-questions-k4.jsonl``.

Every question is compared with the questions of blind dev, the own kennisbank sets and the
everyday demo questions by word-sequence similarity (``difflib`` over the folded words); a
question above :data:`NEAR` against any of them is dropped, so that no evaluation question
reaches training in other clothes. Blind test is never read. Prints counts and the dropped
questions' highest similarity only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from reisgenoot.bench.sets import closest

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "training-data" / "kennisbank-questions.jsonl"
NEAR = 0.75
FIELDS = ("id", "query", "kind", "target", "reason", "near", "persona", "channel")


def _words(text: str) -> list[str]:
    from reisgenoot.knowledge.normalize import raw_words

    return raw_words(text)


def _against() -> list[list[str]]:
    sys.path.insert(0, str(ROOT))
    from tests.knowledge import everyday_questions as everyday

    texts: list[str] = []
    for path in (
        ROOT / "evaluation" / "blind" / "kennisbank" / "dev.jsonl",
        ROOT / "evaluation" / "knowledge" / "dev.jsonl",
        ROOT / "evaluation" / "knowledge" / "test.jsonl",
    ):
        with path.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["query"] for line in handle if line.strip()]
    for pairs in (everyday.EVERYDAY, everyday.HELD_OUT, everyday.HELD_OUT_SIXTH):
        texts += [question for question, _articles in pairs]
    texts += list(everyday.OUT_OF_SCOPE)
    return [_words(t) for t in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the writer's JSONL")
    parser.add_argument("out", type=Path, nargs="?", default=OUT, help="the training file")
    args = parser.parse_args()
    with args.source.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    against = _against()
    kept, dropped = [], []
    for row in rows:
        words = _words(row["query"])
        top, _where = closest(words, against, text_first=True)
        (dropped if top > NEAR else kept).append((row, top))
    with args.out.open("w", encoding="utf-8") as handle:
        for row, _top in kept:
            handle.write(json.dumps({k: row.get(k) for k in FIELDS}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} read, {len(kept)} kept, {len(dropped)} dropped (> {NEAR})")
    print("kept by kind:", dict(Counter(r["kind"] for r, _t in kept)))
    print("highest kept:", round(max((t for _r, t in kept), default=0.0), 3))
    print("dropped:", [(r["id"], round(t, 3)) for r, t in dropped])


if __name__ == "__main__":
    main()
