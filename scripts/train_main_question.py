"""Train the main-question choice of agent assist (``assist/data/main_question.json``, ADR 62).

    .venv/bin/python scripts/train_main_question.py [--c 1] [--cache FILE]

For every conversation of ``training-data/transcripts`` the questions are detected as
registration detects them (:func:`reisgenoot.assist.topics.candidate_questions`, with the
packaged UPL model, so run it after ``scripts/train_upl.py``); a conversation with two or more
questions, one of which has the gold main product, teaches which one is the main question
(:func:`reisgenoot.assist.main_question.train`). Prints counts only. ``--cache``: the sentence
vectors of ``scripts/train_upl.py --cache`` (the same ``.npz``), so nothing is embedded twice.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_upl  # noqa: E402

from reisgenoot.assist import embedding, main_question, topics  # noqa: E402
from reisgenoot.assist.analysed import analyse_turns  # noqa: E402
from reisgenoot.assist.transcript import read_transcript  # noqa: E402

TRAINING = ROOT / "training-data" / "transcripts"
MORE = train_upl.MORE_CONVERSATIONS
OUT = ROOT / "src" / "reisgenoot" / "assist" / "data" / main_question.DEFAULT_FILE


def groups(
    folders: tuple[Path, ...] = (TRAINING,), cache: Path | None = None
) -> list[tuple[np.ndarray, int]]:
    """(feature rows, index of the main question) of each conversation that teaches it."""
    conversations = [
        (item["vragen"][0]["upl"], read_transcript(folder / "transcripts" / item["source"]).turns)
        for folder in folders
        for item in (
            json.loads(line)
            for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        )
    ]
    if cache:
        said = list(dict.fromkeys(t.text for _, ts in conversations for t in ts if t.is_resident))
        embedding.preload(dict(zip(said, train_upl.vectors_for(said, cache), strict=True)))
    found = []
    for gold, turns in conversations:
        analysed = analyse_turns(turns)
        questions, sizes = topics.candidate_questions(analysed)
        products = [q.upl for q in questions]
        if len(questions) > 1 and gold in products:
            rows = main_question.features(analysed, [q.turns for q in questions], sizes)
            found.append((rows, products.index(gold)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--conversations",
        action=argparse.BooleanOptionalAction,
        default=train_upl.CONVERSATIONS,
        help="also the conversations of training-data/transcripts-more (C4–C7)",
    )
    args = parser.parse_args()
    folders = (TRAINING, MORE) if args.conversations and (MORE / "gold.jsonl").exists() else ()
    found = groups(folders or (TRAINING,), cache=args.cache)
    chooser = main_question.train(found, c=args.c)
    chosen = sum(int(np.argmax(chooser.scores(rows))) == main for rows, main in found)
    print(
        f"{len(found)} conversations with two or more questions; the main one chosen in "
        f"{chosen} (earlier rule: {sum(int(np.argmax(rows[:, 0])) == main for rows, main in found)})",
        file=sys.stderr,
    )
    chooser.save(args.out)
    print(
        f"wrote {args.out}: {dict(zip(main_question.FEATURES, chooser.weights, strict=True))}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
