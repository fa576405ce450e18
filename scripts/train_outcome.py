"""Train the packaged gespreksresultaat and follow-up models of agent assist.

    .venv/bin/python scripts/train_outcome.py [--c 0.5]

Examples (format: :mod:`reisgenoot.assist.outcome_model`) are the 480 conversations of
``training-data/transcripts`` and ``training-data/transcripts-more`` by writers C1–C7
(``--first-only``: the first 240; ``--held-back``: also the 80 of C8 and C9, ADR 79) with their gold outcome of the main question, the turns of their detected main
question and whether they leave a task — never ``evaluation/``. Writes ``assist/data/outcome_model.npz`` and
``assist/data/followup_model.npz``, and ``assist/data/outcome_anchors.json``: the features of
the same conversations with their outcome and task (no text), which anchor what a municipality
learns from its own confirmed work (:mod:`reisgenoot.assist.outcome_learners`).

    .venv/bin/python scripts/train_outcome.py --anchors-only   # only the anchors file

Candidates with more data (measured in ADR 45, not shipped): ``--extra FILE`` adds the
conversations of a ``.jsonl`` file in the example format (e.g. those of
``scripts/make_outcome_data.py``) with weight ``--extra-weight``, and ``--out DIR`` writes the
model files elsewhere than the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.assist import followup_model, outcome_model  # noqa: E402
from reisgenoot.assist.analysed import AnalysedTurn, analyse_turns  # noqa: E402
from reisgenoot.assist.topics import detect_questions  # noqa: E402
from reisgenoot.assist.transcript import Transcript, read_transcript  # noqa: E402

DATA = ROOT / "training-data" / "transcripts"
MORE = ROOT / "training-data" / "transcripts-more"  # writers C4-C9 (issue 15)
OUT = ROOT / "src" / "reisgenoot" / "assist" / "data"
FOLDERS = (DATA, MORE)
# Writers of transcripts-more whose conversations the shipped models do not read (ADR 79: with
# them the follow-up model proposes a task after a live transfer); ``--held-back`` adds them.
HELD_BACK = frozenset({"C8", "C9"})


def conversations(
    folder: Path, held_back: bool = False
) -> Iterator[tuple[dict[str, Any], Transcript]]:
    """Each gold line of ``folder`` (``gold.jsonl`` and ``transcripts/``) with its transcript,
    without the :data:`HELD_BACK` writers' unless ``held_back``."""
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            gold = json.loads(line)
            if held_back or gold.get("writer") not in HELD_BACK:
                yield gold, read_transcript(folder / "transcripts" / gold["source"])


def example(gold: dict[str, Any], transcript: Transcript) -> dict[str, Any]:
    """The training example of a conversation: its turns, main outcome and whether a task."""
    return {
        "turns": [{"speaker": t.speaker, "text": t.text} for t in transcript.turns],
        "gespreksresultaat": gold["vragen"][0]["gespreksresultaat"],
        "interneTaak": bool(gold["interneTaak"]),
    }


def analysed(
    folder: Path, held_back: bool = False
) -> Iterator[tuple[dict[str, Any], dict[str, Any], tuple[AnalysedTurn, ...]]]:
    """Each conversation of ``folder``: its gold line, its example with the turns of its
    detected main question (``question``, when it has several: what the draft reads) and its
    analysed turns."""
    for gold, transcript in conversations(folder, held_back):
        turns = tuple(analyse_turns(transcript.turns))
        questions = detect_questions(turns)
        main = questions[0].turns if len(questions) > 1 else None
        yield gold, {**example(gold, transcript), "question": main}, turns


def examples(*folders: Path, held_back: bool = False) -> list[dict[str, Any]]:
    """One example per conversation of ``folders`` (default: the two training folders)."""
    return [
        item for folder in folders or FOLDERS for _gold, item, _turns in analysed(folder, held_back)
    ]


def extra_examples(path: Path) -> list[dict[str, Any]]:
    """The conversations of a ``.jsonl`` file in the example format."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_anchors(items: list[dict[str, Any]]) -> Path:
    """The conversation features, outcome and task of each example, as the learners read them."""
    rows = []
    for item in items:
        turns = outcome_model.example_turns(item)
        rows.append(
            {
                "features": outcome_model.conversation_features(turns),
                "question_features": outcome_model.features_with_question(
                    turns, item.get("question")
                ),
                "gespreksresultaat": item["gespreksresultaat"],
                "interneTaak": item["interneTaak"],
            }
        )
    path = OUT / outcome_model.ANCHORS_FILE
    path.write_text(
        json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--c", type=float, default=outcome_model.C)
    parser.add_argument("--task-c", type=float, default=followup_model.C)
    parser.add_argument("--balance", type=float, default=outcome_model.BALANCE)
    parser.add_argument(
        "--held-back", action="store_true", help="also the conversations of writers C8 and C9"
    )
    parser.add_argument("--anchors-only", action="store_true", help="write only the anchors")
    parser.add_argument("--extra", type=Path, help="more conversations (.jsonl, example format)")
    parser.add_argument("--extra-weight", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=OUT, help="folder of the model files")
    parser.add_argument(
        "--first-only", action="store_true", help="train only on training-data/transcripts"
    )
    args = parser.parse_args()
    items = examples(DATA) if args.first_only else examples(held_back=args.held_back)
    if args.out == OUT:
        write_anchors(items)
    if args.anchors_only:
        return
    args.out.mkdir(parents=True, exist_ok=True)
    weights = [1.0] * len(items)
    if args.extra:
        more = extra_examples(args.extra)
        items += more
        weights += [args.extra_weight] * len(more)
    outcome_model.train(
        items,
        c=args.c,
        weights=weights,
        features=outcome_model.features_with_question,
        balance=args.balance,
    ).save(args.out / outcome_model.DEFAULT_FILE)
    followup_model.train(items, c=args.task_c, weights=weights).save(
        args.out / followup_model.DEFAULT_FILE
    )
    print(f"trained on {len(items)} conversations", file=sys.stderr)


if __name__ == "__main__":
    main()
