"""Measure gespreksresultaat and follow-up candidates the way the registration draft decides.

    .venv/bin/python scripts/outcome_folds.py [--subjects] [--c 2] [--task-c 2] [--no-folds]

Trains the two models on ``training-data/transcripts`` (as ``scripts/train_outcome.py`` does)
with the chosen features and C, and applies :func:`reisgenoot.assist.agreement.decide` to the
rule outcome of the main question's segment and the rule task, exactly as
:func:`reisgenoot.assist.registration.draft_registration` does. Prints gespreksresultaat
accuracy / task F1 on

- **own**: ``evaluation/assist``;
- **blind dev**: the 160 conversations of ``evaluation/blind/transcripts/dev``;
- **writer folds**: trained also on three blind-dev writers, scored on the fourth;
- **5-fold**: trained also on four fifths of blind dev, scored on the rest.

``--subjects`` measures the candidate of ADR 54 (who acts next,
:func:`reisgenoot.assist.outcome_model.features_with_subjects`). Never reads the blind test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from train_outcome import examples  # noqa: E402

from reisgenoot.assist import followup_model, outcome_model  # noqa: E402
from reisgenoot.assist.agreement import decide  # noqa: E402
from reisgenoot.assist.analysed import AnalysedTurn, analyse_turns  # noqa: E402
from reisgenoot.assist.outcome import Finding, FollowUp, follow_up, gespreksresultaat  # noqa: E402
from reisgenoot.assist.topics import detect_questions  # noqa: E402
from reisgenoot.assist.transcript import read_transcript  # noqa: E402

OWN = ROOT / "evaluation" / "assist"
BLIND_DEV = ROOT / "evaluation" / "blind" / "transcripts" / "dev"
FOLDS = 5


@dataclass(frozen=True)
class Scored:
    """A conversation as the draft reads it, with its gold outcome and task."""

    example: dict[str, Any]
    turns: tuple[AnalysedTurn, ...]
    rule_outcome: Finding
    rule_task: FollowUp | None
    writer: str


def scored(folder: Path) -> list[Scored]:
    result = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        transcript = read_transcript(folder / "transcripts" / gold["source"])
        turns = tuple(analyse_turns(transcript.turns))
        questions = detect_questions(turns)
        main = questions[0].turns if len(questions) > 1 else None
        example = {
            "turns": [{"speaker": t.speaker, "text": t.text} for t in transcript.turns],
            "gespreksresultaat": gold["vragen"][0]["gespreksresultaat"],
            "interneTaak": bool(gold["interneTaak"]),
        }
        result.append(
            Scored(
                example,
                turns,
                gespreksresultaat(turns, main),
                follow_up(turns),
                str(gold.get("writer") or ""),
            )
        )
    return result


def measure(
    train: list[dict[str, Any]], items: list[Scored], args: argparse.Namespace
) -> tuple[int, int, int, int, int]:
    """(right outcomes, task tp, fp, fn, conversations) of ``items`` after training on ``train``."""
    features = (
        outcome_model.features_with_subjects
        if args.subjects
        else outcome_model.conversation_features
    )
    models = (
        outcome_model.train(train, c=args.c, features=features),
        followup_model.train(train, c=args.task_c, features=features),
    )
    right = tp = fp = fn = 0
    for item in items:
        outcome, task = decide(
            item.turns, item.rule_outcome, item.rule_task, models=models, features=features
        )
        right += outcome.value == item.example["gespreksresultaat"]
        gold = bool(item.example["interneTaak"])
        tp += task is not None and gold
        fp += task is not None and not gold
        fn += task is None and gold
    return right, tp, fp, fn, len(items)


def figure(counts: list[tuple[int, int, int, int, int]]) -> str:
    right, tp, fp, fn, n = (sum(c[i] for c in counts) for i in range(5))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f"{right / n:.3f} / {f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--subjects", action="store_true", help="add who acts next (ADR 54)")
    parser.add_argument("--c", type=float, default=outcome_model.C)
    parser.add_argument("--task-c", type=float, default=followup_model.C)
    parser.add_argument("--no-folds", action="store_true", help="own set and blind dev only")
    args = parser.parse_args()
    train = examples()
    own, dev = scored(OWN), scored(BLIND_DEV)
    print(f"own          {figure([measure(train, own, args)])}")
    print(f"blind dev    {figure([measure(train, dev, args)])}")
    if args.no_folds:
        return
    writers = sorted({item.writer for item in dev})
    by_writer = [[item for item in dev if item.writer == w] for w in writers]
    order = list(range(len(dev)))
    random.Random(7).shuffle(order)
    by_fold = [[dev[i] for i in order[k::FOLDS]] for k in range(FOLDS)]
    for name, folds in (("writer folds", by_writer), ("5-fold", by_fold)):
        counts = []
        for held in folds:
            kept = {id(item) for item in held}
            rest = [item.example for item in dev if id(item) not in kept]
            counts.append(measure(train + rest, held, args))
        print(f"{name:13s}{figure(counts)}")


if __name__ == "__main__":
    main()
