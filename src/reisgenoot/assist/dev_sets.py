"""The blind-dev conversations the learners of agent assist are gated on, and example turns.

:func:`dev_conversations` reads ``transcripts/dev`` under the blind folder (``gold.jsonl`` and
``transcripts/``) once per process and analyses each conversation once: every learner and
every version measured in a training run reads the same analysed turns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reisgenoot.assist.analysed import AnalysedTurn, analyse_turns
from reisgenoot.assist.transcript import Turn, read_transcript
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.registry import ACTIVE

__all__ = [
    "DevConversation",
    "dev_conversations",
    "example_turns",
    "own_conversations",
    "share_right",
]


@dataclass(frozen=True, slots=True)
class DevConversation:
    """One blind-dev conversation with its gold main product, outcome and task."""

    turns: tuple[AnalysedTurn, ...]
    gold_upl: str
    gold_outcome: str
    gold_task: bool


@cache
def _read(folder: Path) -> tuple[DevConversation, ...]:
    gold_file = folder / "gold.jsonl"
    if not gold_file.is_file():
        return ()
    items = []
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        transcript = read_transcript(folder / "transcripts" / gold["source"])
        main = gold["vragen"][0]
        items.append(
            DevConversation(
                analyse_turns(transcript.turns),
                str(main["upl"]),
                str(main.get("gespreksresultaat", "")),
                bool(gold.get("interneTaak")),
            )
        )
    return tuple(items)


def dev_conversations(dev: Path) -> tuple[DevConversation, ...]:
    """The conversations of ``dev/transcripts/dev`` (empty when there are none)."""
    return _read((dev / "transcripts" / "dev").resolve())


def share_right(
    learner: str,
    folder: Path | None,
    items: Sequence[DevConversation],
    right: Callable[[DevConversation], bool],
) -> float | None:
    """Share of ``items`` that ``right`` accepts with ``learner``'s version in ``folder`` active
    (None: the packaged model); None when there are no items."""
    if not items:
        return None
    with ACTIVE.using(learner, folder):
        return round(sum(1 for item in items if right(item)) / len(items), 4)


def own_conversations(examples: Iterable[LearningExample]) -> tuple[DevConversation, ...]:
    """Confirmed registrations as conversations with their gold labels (those with a
    question), so a version is measured on a municipality's own work as on blind dev."""
    found = []
    for example in examples:
        vragen = example.label.get("vragen") or ()
        if not vragen:
            continue
        turns = [Turn(speaker, said) for speaker, said in example_turns(example.text)]
        found.append(
            DevConversation(
                analyse_turns(turns),
                str(vragen[0].get("upl") or ""),
                str(vragen[0].get("gespreksresultaat") or ""),
                bool(example.label.get("interneTaak")),
            )
        )
    return tuple(found)


def example_turns(text: str) -> list[tuple[str, str]]:
    """(speaker, text) of each ``speaker: text`` line of a stored conversation example."""
    turns = []
    for line in text.splitlines():
        speaker, colon, said = line.partition(":")
        if colon and said.strip():
            turns.append((speaker.strip(), said.strip()))
    return turns
