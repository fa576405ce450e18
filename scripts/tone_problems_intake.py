"""Take writers R3 and R4's problem reports into ``training-data/tone-problems.jsonl``.

    .venv/bin/python scripts/tone_problems_intake.py /work/writers/out/tone/R3.jsonl \
        /work/writers/out/tone/R4.jsonl

The writers (issue 15, task ``/work/writers/tone/TASK.md``) wrote residents reporting an
ordinary problem calmly (``neutraal``) and the same kinds of problems with irritation, worry or
thanks, with the labels of ``tone.jsonl``. A line whose labels are not that label set is left
out, and so is a line above :data:`NEAR` word-sequence similarity with a text of blind dev or
the own tone sets (:func:`reisgenoot.bench.sets.closest`), so that no evaluation text reaches
training in other clothes. Blind test is never read. Prints counts and the highest similarity.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from reisgenoot.bench.sets import closest, words

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "training-data" / "tone-problems.jsonl"
NEAR = 0.75
AGAINST = (
    ROOT / "evaluation" / "blind" / "tone" / "dev.jsonl",
    ROOT / "evaluation" / "tone" / "cases.jsonl",
    ROOT / "evaluation" / "tone" / "dev.jsonl",
)
TONES = ("boos", "bezorgd", "neutraal", "positief")
CATEGORIES = (
    "dreiging",
    "juridische_stap",
    "media",
    "klacht_medewerker",
    "discriminatie",
    "kwetsbaar_veiligheid",
    "herhaald_contact",
    "vraagt_mens",
    "sarcasme",
    "beleefd_woedend",
    "geen",
)
FIELDS = ("id", "text", "tone", "escalate", "category", "channel", "persona", "topic", "pair")


def _usable(row: dict[str, object]) -> bool:
    return (
        bool(str(row.get("text", "")).strip())
        and row.get("tone") in TONES
        and isinstance(row.get("escalate"), bool)
        and row.get("category") in CATEGORIES
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", type=Path, nargs="+", help="the writers' JSONL files")
    parser.add_argument("--out", type=Path, default=OUT, help="the training file")
    args = parser.parse_args()
    against = [
        words(json.loads(line)["text"])
        for path in AGAINST
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    kept: list[tuple[dict[str, object], float]] = []
    unusable: list[str] = []
    near: list[tuple[str, float]] = []
    for source in args.sources:
        writer = source.stem
        for line in source.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = {**json.loads(line), "writer": writer}
            if not _usable(row):
                unusable.append(str(row.get("id")))
                continue
            top, _where = closest(words(str(row["text"])), against)
            if top > NEAR:
                near.append((str(row["id"]), round(top, 3)))
            else:
                kept.append((row, top))
    with args.out.open("w", encoding="utf-8") as handle:
        for row, _top in kept:
            line = {k: row.get(k, "") for k in FIELDS} | {"writer": row["writer"]}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{len(kept)} kept; unusable labels {unusable}; near-copies (> {NEAR}) {near}")
    print(
        "kept per writer and tone:",
        sorted(Counter((r["writer"], r["tone"]) for r, _ in kept).items()),
    )
    print("highest kept:", round(max((top for _r, top in kept), default=0.0), 3))


if __name__ == "__main__":
    main()
