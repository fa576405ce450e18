"""Assemble ``training-data/upl-more.jsonl`` from the writers' files (issue 15, ADR 62).

    .venv/bin/python scripts/upl_more.py /work/writers/out/U3.jsonl /work/writers/out/U4.jsonl

To add writers to the file as it is, name it first (its lines are kept as they are and checked
again): ``scripts/upl_more.py upl-more-before.jsonl /work/writers/out/upl/U8.jsonl …``.

Reads the complete lines of each file (a file still being written may end in a partial line),
keeps those whose ``upl`` is a product of the UPL list and whose text is new, and drops every
utterance whose word-sequence similarity (:class:`difflib.SequenceMatcher` over lowercased
words) with a resident turn or a conversation's resident words of the blind corpus's ``dev``
part is above ``--max-similarity`` (never ``test``). Writes the kept lines in the format of
``training-data/upl.jsonl`` (``upl``, ``text``, ``channel``, ``note``, ``writer``) and prints
only counts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.assist.transcript import read_transcript  # noqa: E402
from reisgenoot.bench.sets import closest, words  # noqa: E402
from reisgenoot.contacts.upl import upl_products  # noqa: E402

BLIND_DEV = ROOT / "evaluation" / "blind" / "transcripts" / "dev"
OUT = ROOT / "training-data" / "upl-more.jsonl"
FIELDS = ("upl", "text", "channel", "note", "writer")


def complete_lines(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of the lines of ``path`` that end in a newline and parse; a line without
    ``writer`` (a writer's own file, ``U8.jsonl``) is the file name's writer."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.endswith("\n") or not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(item, dict):
            item.setdefault("writer", path.stem)
        if isinstance(item, dict) and all(isinstance(item.get(k), str) for k in FIELDS):
            found.append({k: item[k] for k in FIELDS})
    return found


def blind_dev_texts() -> list[list[str]]:
    """The words of every resident turn of blind dev, and of each conversation's resident turns."""
    texts = []
    for line in (BLIND_DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            source = str(json.loads(line)["source"])
            said = [
                t.text
                for t in read_transcript(BLIND_DEV / "transcripts" / source).turns
                if t.is_resident
            ]
            texts += [words(t) for t in said]
            texts.append(words(" ".join(said)))
    return [t for t in texts if t]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--max-similarity", type=float, default=0.75)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    known = {p.naam for p in upl_products()}
    seen = {
        " ".join(words(json.loads(line)["text"]))
        for line in (ROOT / "training-data" / "upl.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    dev = blind_dev_texts()
    kept: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    highest = 0.0
    for path in args.files:
        for item in complete_lines(path):
            counts["read"] += 1
            key = " ".join(words(item["text"]))
            if item["upl"] not in known:
                counts["unknown product"] += 1
                continue
            if not key or key in seen:
                counts["empty or repeated"] += 1
                continue
            score, _where = closest(words(item["text"]), dev)
            if score > args.max_similarity:
                counts["near-copy of blind dev"] += 1
                continue
            highest = max(highest, score)
            seen.add(key)
            kept.append(item)
            counts[f"kept {item['writer']}"] += 1
    with args.out.open("w", encoding="utf-8") as handle:
        for item in kept:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    products = Counter(item["upl"] for item in kept)
    print(dict(counts), f", products {len(products)}", f", highest kept similarity {highest:.2f}")


if __name__ == "__main__":
    main()
