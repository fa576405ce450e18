"""Measure gespreksresultaat and follow-up candidates the way the registration draft decides.

    .venv/bin/python scripts/outcome_folds.py [--subjects] [--whole] [--first-only] [--cross]
        [--writers] [--held-back] [--c 2] [--task-c 2] [--balance 0.5] [--no-folds]

Trains the two models on ``training-data/transcripts`` and ``transcripts-more`` (as
``scripts/train_outcome.py`` does; ``--first-only``: the first 240) with the chosen features
and C, and applies :func:`reisgenoot.assist.agreement.decide` to the
rule outcome of the main question's segment and the rule task, exactly as
:func:`reisgenoot.assist.registration.draft_registration` does. Prints gespreksresultaat
accuracy / task F1 on

- **own**: ``evaluation/assist``;
- **blind dev**: the 160 conversations of ``evaluation/blind/transcripts/dev``;
- **writer folds**: trained also on three blind-dev writers, scored on the fourth;
- **5-fold**: trained also on four fifths of blind dev, scored on the rest.

``--cross`` adds the writer-held-out readings: trained on ``transcripts`` (writers C1–C3),
scored on ``transcripts-more`` (C4–C7; with ``--held-back`` also C8–C9), and the other way
round. ``--writers`` adds each
training writer held out in turn (trained on all the others, scored on that writer's
conversations; the figure over all of them, and the count right per writer). ``--whole`` leaves out the
main question's own ending (ADR 70: the outcome model reads the whole conversation only).
``--subjects`` measures the candidate of ADR 54 (who acts next,
:func:`reisgenoot.assist.outcome_model.features_with_subjects`). Never reads the blind test.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
from train_outcome import DATA, MORE, analysed  # noqa: E402

from reisgenoot.assist import embedding, followup_model, outcome_model  # noqa: E402
from reisgenoot.assist.agreement import decide  # noqa: E402
from reisgenoot.assist.analysed import AnalysedTurn  # noqa: E402
from reisgenoot.assist.outcome import Finding, FollowUp, follow_up, gespreksresultaat  # noqa: E402

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


def scored(folder: Path, held_back: bool = False) -> list[Scored]:
    """The conversations of ``folder`` as the draft reads them."""
    return [
        Scored(
            item,
            turns,
            gespreksresultaat(turns, item["question"]),
            follow_up(turns),
            str(gold.get("writer") or ""),
        )
        for gold, item, turns in analysed(folder, held_back)
    ]


def measure(
    train: list[dict[str, Any]], items: list[Scored], args: argparse.Namespace
) -> tuple[int, int, int, int, int]:
    """(right outcomes, task tp, fp, fn, conversations) of ``items`` after training on ``train``."""
    features = (
        outcome_model.features_with_subjects
        if args.subjects
        else outcome_model.conversation_features
    )
    task_features = features
    if not args.whole:
        features = outcome_model.features_with_question
    if args.ending:
        features = partial(_with_ending, features, args.ending_turns, args.ending_scale)
    models = (
        outcome_model.train(train, c=args.c, features=features, balance=args.balance),
        followup_model.train(train, c=args.task_c, features=task_features),
    )
    right = tp = fp = fn = 0
    for item in items:
        outcome, task = decide(
            item.turns,
            item.rule_outcome,
            item.rule_task,
            models=models,
            features=features,
            task_features=task_features,
            question=item.example["question"],
        )
        right += outcome.value == item.example["gespreksresultaat"]
        gold = bool(item.example["interneTaak"])
        tp += task is not None and gold
        fp += task is not None and not gold
        fn += task is None and gold
    return right, tp, fp, fn, len(items)


def _with_ending(
    base: outcome_model.Features,
    last: int,
    scale: float,
    turns: Sequence[outcome_model.Spoken],
    question: Sequence[int] | None = None,
) -> dict[str, float]:
    """``base`` with the meaning of the call's ending (the candidate of issue 15, h136)."""
    return {**base(turns, question), **outcome_model.ending_features(turns, last=last, scale=scale)}


def cache_vectors(items: list[Scored], last: int, path: Path) -> None:
    """Embed each speaker's last ``last`` turns of ``items`` once, kept in ``path`` between runs."""
    texts: list[str] = []
    for item in items:
        for role in (True, False):
            said = [t.text for t in item.turns if t.is_employee == role and t.text.strip()]
            texts += said[-last:]
    for example in (item.example for item in items):
        for role in (True, False):
            said = [t.text for t in outcome_model.example_turns(example) if t.is_employee == role]
            texts += [t for t in said if t.strip()][-last:]
    texts = list(dict.fromkeys(texts))
    known: dict[str, Any] = {}
    if path.exists():
        with np.load(path) as data:
            known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    missing = [t for t in texts if t not in known]
    for start in range(0, len(missing), 64):
        chunk = missing[start : start + 64]
        known.update(zip(chunk, embedding.embed_texts(chunk), strict=True))
        print(f"  embedded {start + len(chunk)}/{len(missing)}", file=sys.stderr)
    if missing:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, texts=np.array(list(known)), vectors=np.stack(list(known.values())))
    embedding.CACHE_SIZE = max(embedding.CACHE_SIZE, len(known) + 1)
    embedding.preload(known)


def figure(counts: list[tuple[int, int, int, int, int]]) -> str:
    right, tp, fp, fn, n = (sum(c[i] for c in counts) for i in range(5))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f"{right / n:.3f} / {f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--subjects", action="store_true", help="add who acts next (ADR 54)")
    parser.add_argument("--c", type=float, default=outcome_model.C)
    parser.add_argument("--task-c", type=float, default=followup_model.C)
    parser.add_argument(
        "--balance",
        type=float,
        default=outcome_model.BALANCE,
        help="outcome weights by their share to this power (0: as written)",
    )
    parser.add_argument(
        "--whole", action="store_true", help="outcome without the main question's turns (ADR 70)"
    )
    parser.add_argument(
        "--first-only", action="store_true", help="train only on training-data/transcripts"
    )
    parser.add_argument(
        "--cross", action="store_true", help="also train on one training folder, score the other"
    )
    parser.add_argument(
        "--held-back", action="store_true", help="also train on writers C8 and C9 (ADR 79)"
    )
    parser.add_argument(
        "--writers", action="store_true", help="also each training writer held out in turn"
    )
    parser.add_argument("--no-folds", action="store_true", help="own set and blind dev only")
    parser.add_argument(
        "--ending", action="store_true", help="add the meaning of the ending (e5, h136)"
    )
    parser.add_argument("--ending-turns", type=int, default=outcome_model.ENDING_TURNS)
    parser.add_argument("--ending-scale", type=float, default=outcome_model.ENDING_SCALE)
    parser.add_argument(
        "--vector-cache", type=Path, default=None, help="keep the e5 vectors in this .npz"
    )
    args = parser.parse_args()
    first = scored(DATA)
    more = scored(MORE, args.held_back)
    train = [item.example for item in first + ([] if args.first_only else more)]
    own, dev = scored(OWN), scored(BLIND_DEV)
    if args.ending and args.vector_cache:
        cache_vectors(first + more + own + dev, args.ending_turns, args.vector_cache)
    print(f"own          {figure([measure(train, own, args)])}")
    print(f"blind dev    {figure([measure(train, dev, args)])}")
    if args.cross:
        for name, source, target in (("new writers", first, more), ("old writers", more, first)):
            print(f"{name:13s}{figure([measure([i.example for i in source], target, args)])}")
    if args.writers:
        pool = first + ([] if args.first_only else more)
        held_out = {
            w: measure(
                [i.example for i in pool if i.writer != w], [i for i in pool if i.writer == w], args
            )
            for w in sorted({item.writer for item in pool})
        }
        each = " ".join(f"{w}:{c[0]}/{c[4]}" for w, c in held_out.items())
        print(f"{'writers out':13s}{figure(list(held_out.values()))}  ({each})")
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
