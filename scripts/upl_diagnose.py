"""Why the main question's UPL product is wrong on blind dev (issue 15, ADR 44).

    .venv/bin/python scripts/upl_diagnose.py [--model FILE]

Reads ``evaluation/blind/transcripts/dev`` only (never ``test``) and prints counts, no item
text: how often the main question's product is the gold one, how often the gold product is in
the main question's top 3 or is another detected question's product, how the figure differs
between products the training conversations (``training-data/transcripts``) hold and products
they do not, how many errors name a side question of the gold, and the products that are
proposed wrongly most often. ``--model FOLDER`` measures the ``upl_model.npz`` in that folder
instead of the packaged one, as the learning registry loads a learned version.
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

from reisgenoot.assist import topics  # noqa: E402
from reisgenoot.assist.analysed import analyse_turns  # noqa: E402
from reisgenoot.assist.transcript import read_transcript  # noqa: E402
from reisgenoot.learning.registry import ACTIVE  # noqa: E402

DEV = ROOT / "evaluation" / "blind" / "transcripts" / "dev"
TRAINING = ROOT / "training-data" / "transcripts"


def _gold(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="folder with upl_model.npz")
    args = parser.parse_args()
    with ACTIVE.using(topics.LEARNER, args.model):
        _diagnose()


def _diagnose() -> None:
    trained = Counter(q["upl"] for item in _gold(TRAINING) for q in item["vragen"])
    counts: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for item in _gold(DEV):
        gold = [str(q["upl"]) for q in item["vragen"]]
        transcript = read_transcript(DEV / "transcripts" / str(item["source"]))
        questions = topics.detect_questions(analyse_turns(transcript.turns))
        main, seen = questions[0], "seen" if trained[gold[0]] else "unseen"
        counts["all"] += 1
        counts[seen] += 1
        right = main.upl == gold[0]
        counts["main right"] += right
        counts[f"main right, {seen}"] += right
        counts["in main top 3"] += gold[0] in [main.upl, *(upl for upl, _ in main.alternatives)]
        counts["a detected question's product"] += gold[0] in [q.upl for q in questions]
        if not right:
            wrong[main.upl] += 1
            counts["wrong: a gold side question's product"] += main.upl in gold[1:]
    for name, value in counts.items():
        print(f"{name}: {value}")
    print("proposed wrongly most often:", wrong.most_common(8))


if __name__ == "__main__":
    main()
