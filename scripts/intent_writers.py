"""Take intent writers' questions into ``training-data/intent-more.jsonl``, without near-copies.

    .venv/bin/python scripts/intent_writers.py /work/writers/out/intent/I3.jsonl \
        /work/writers/out/intent/I4.jsonl

Every line must parse and carry the fields and labels of ``intent.jsonl`` (the intent labels
of :data:`reisgenoot.knowledge.understanding.INTENTS`, the situations of
:data:`~reisgenoot.knowledge.understanding.SITUATIONS`). A question is dropped when its folded
text repeats one of ``intent.jsonl`` or an earlier line, or when it is above the word-sequence
similarity :data:`kennisbank_questions.NEAR` to a question of blind dev, the own kennisbank
sets or the everyday demo questions (the test of ``scripts/kennisbank_questions.py``) or to a
K3/K4 writer's question (the answer-sentence test half is drawn from those), so that no
evaluation question reaches training in other clothes. Blind test is never read. Prints
counts and the dropped lines' reason only.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from kennisbank_questions import NEAR, _against, _words

from reisgenoot.bench.sets import closest
from reisgenoot.knowledge.understanding import INTENTS, SITUATIONS

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training-data"
OUT = TRAINING / "intent-more.jsonl"
FIELDS = ("text", "intent", "situatie", "onderwerp", "channel", "writer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", type=Path, nargs="+", help="the writers' JSONL files")
    parser.add_argument("--out", type=Path, default=OUT, help="the training file")
    args = parser.parse_args()
    with (TRAINING / "intent.jsonl").open(encoding="utf-8") as handle:
        seen = {" ".join(_words(json.loads(line)["text"])) for line in handle if line.strip()}
    against = _against()
    for path in sorted(TRAINING.glob("kennisbank-questions*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            against += [_words(json.loads(line)["query"]) for line in handle if line.strip()]
    kept: list[dict[str, str]] = []
    dropped: list[tuple[str, str]] = []
    highest = 0.0
    for source in args.sources:
        with source.open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        for row in rows:
            if set(row) != set(FIELDS) or row["intent"] not in INTENTS:
                raise SystemExit(f"{source}: a line without the fields or labels: {row}")
            if row["situatie"] not in SITUATIONS or not row["text"].strip():
                raise SystemExit(f"{source}: a line without a situation or text: {row}")
            words = _words(row["text"])
            folded = " ".join(words)
            top, _where = closest(words, against, text_first=True)
            if folded in seen:
                dropped.append((row["writer"], "repeats a line"))
            elif top > NEAR:
                dropped.append((row["writer"], f"near an evaluation question ({top:.3f})"))
            else:
                kept.append({k: row[k] for k in FIELDS})
                highest = max(highest, top)
            seen.add(folded)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in kept:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    read = len(kept) + len(dropped)
    print(f"{read} read, {len(kept)} kept, {len(dropped)} dropped: {dropped}")
    print("kept by writer:", dict(Counter(r["writer"] for r in kept)))
    print("kept by intent:", dict(Counter(r["intent"] for r in kept)))
    print(f"highest kept similarity to an evaluation question: {highest:.3f}")


if __name__ == "__main__":
    main()
