"""Why the main question's UPL product is wrong (issue 15, ADR 44; the split of ADR 93).

    .venv/bin/python scripts/upl_diagnose.py [--model FOLDER] [--set dev|c1-c3|c4-c9|h78]
        [--whole-call] [--cache FILE]

Reads ``evaluation/blind/transcripts/dev`` (never ``test``) or a folder of training
conversations and prints counts, no item text:

- the main product right, in the main question's top 3, and the oracles: some detected
  question's product (the main question chosen right), in some question's top 3;
- conversations with one gold question against several;
- the errors split: (a) another detected question has the gold product (the choice of the main
  question), (b) no detected question has it, with the proposed product a side question of the
  gold, or in the gold's family (a word of 4+ letters shared at the start, e.g. "omgevingsvergunning"
  and "omgevingsvergunning kap") or far, and whether the gold is in the main question's top 3;
  (c) the gold product is not one of the model's classes, and products the training
  conversations (``training-data/transcripts``) never ask;
- right by the shown confidence (the draft's labels laag < .5 ≤ middel < .8 ≤ hoog).

``--whole-call`` reads the main product from the whole call (ADR 93, off in the product). ``--model FOLDER`` measures the ``upl_model.npz`` in that folder
instead of the packaged one, as the learning registry loads a learned version. ``--cache``:
the sentence vectors of ``scripts/train_upl.py --cache`` (the same ``.npz``).
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
sys.path.insert(0, str(ROOT / "scripts"))

import train_upl  # noqa: E402

from reisgenoot.assist import embedding, topics  # noqa: E402
from reisgenoot.assist.analysed import analyse_turns  # noqa: E402
from reisgenoot.assist.transcript import read_transcript  # noqa: E402
from reisgenoot.learning.registry import ACTIVE  # noqa: E402

SETS = {
    "dev": ROOT / "evaluation" / "blind" / "transcripts" / "dev",
    "c1-c3": ROOT / "training-data" / "transcripts",
    "c4-c9": ROOT / "training-data" / "transcripts-more",
    "h78": ROOT / "training-data" / "transcripts-extra",
}
TRAINING = SETS["c1-c3"]
BINS = ((0.5, "laag"), (0.8, "middel"), (2.0, "hoog"))


def _gold(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def family(first: str, second: str) -> bool:
    """Whether two product names share a word's start of 4+ letters (6 when both are longer)."""
    for a in first.split():
        for b in second.split():
            size = min(len(a), len(b), 6)
            if size >= 4 and a[:size] == b[:size]:
                return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="folder with upl_model.npz")
    parser.add_argument("--set", choices=sorted(SETS), default="dev")
    parser.add_argument("--whole-call", action="store_true")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    folder = SETS[args.set]
    if args.cache:
        said = list(
            dict.fromkeys(
                turn.text
                for item in _gold(folder)
                for turn in read_transcript(folder / "transcripts" / str(item["source"])).turns
                if turn.is_resident
            )
        )
        vectors = train_upl.vectors_for(said, args.cache)
        embedding.preload(dict(zip(said, vectors, strict=True)))
    with ACTIVE.using(topics.LEARNER, args.model):
        topics.WHOLE_CALL = args.whole_call
        _diagnose(folder)


def _diagnose(folder: Path) -> None:
    trained = Counter(q["upl"] for item in _gold(TRAINING) for q in item["vragen"])
    classes = set(topics.model().classes)
    counts: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for item in _gold(folder):
        gold = [str(q["upl"]) for q in item["vragen"]]
        transcript = read_transcript(folder / "transcripts" / str(item["source"]))
        questions = topics.detect_questions(analyse_turns(transcript.turns))
        main, seen = questions[0], "seen" if trained[gold[0]] else "unseen"
        kind = "several gold questions" if len(gold) > 1 else "one gold question"
        top3 = [main.upl, *(upl for upl, _ in main.alternatives)]
        right = main.upl == gold[0]
        counts["all"] += 1
        counts["main right"] += right
        counts[f"{kind}: all"] += 1
        counts[f"{kind}: main right"] += right
        counts[f"gold {seen} in C1-C3: all"] += 1
        counts[f"gold {seen} in C1-C3: main right"] += right
        counts["in main top 3"] += gold[0] in top3
        counts["oracle: a detected question's product"] += gold[0] in [q.upl for q in questions]
        counts["oracle: in a detected question's top 3"] += any(
            gold[0] in [q.upl, *(upl for upl, _ in q.alternatives)] for q in questions
        )
        label = next(name for bound, name in BINS if main.confidence < bound)
        counts[f"confidence {label}: all"] += 1
        counts[f"confidence {label}: main right"] += right
        if right:
            continue
        wrong[main.upl] += 1
        if gold[0] not in classes:
            counts["wrong (c) gold not a class"] += 1
        elif gold[0] in [q.upl for q in questions[1:]]:
            counts["wrong (a) another question has it"] += 1
        else:
            where = "gold in main top 3" if gold[0] in top3 else "gold not in main top 3"
            if main.upl in gold[1:]:
                counts[f"wrong (b) a gold side question's product, {where}"] += 1
            elif family(main.upl, gold[0]):
                counts[f"wrong (b) close (family), {where}"] += 1
            else:
                counts[f"wrong (b) far, {where}"] += 1
            counts[f"wrong (b) gold {seen} in C1-C3"] += 1
    for name in sorted(counts):
        print(f"{name}: {counts[name]}")
    print("proposed wrongly most often:", wrong.most_common(8))


if __name__ == "__main__":
    main()
