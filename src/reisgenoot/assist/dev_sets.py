"""The blind-dev conversations the learners of agent assist are gated on, and example turns.

:func:`dev_conversations` reads ``transcripts/dev`` under the blind folder (``gold.jsonl`` and
``transcripts/``) once per process and analyses each conversation once: every learner and
every version measured in a training run reads the same analysed turns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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
        items.append(_with_gold(transcript.turns, gold))
    return tuple(items)


def _with_gold(turns: Iterable[Turn], gold: Mapping[str, Any]) -> DevConversation:
    """``turns`` analysed, with the main question's product and outcome and the task of
    ``gold`` (a gold line of a set, or a confirmed registration's label: the same keys)."""
    main = gold["vragen"][0]
    return DevConversation(
        analyse_turns(turns),
        str(main.get("upl") or ""),
        str(main.get("gespreksresultaat") or ""),
        bool(gold.get("interneTaak")),
    )


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
    return tuple(
        _with_gold([Turn(speaker, said) for speaker, said in example_turns(e.text)], e.label)
        for e in examples
        if e.label.get("vragen")
    )


def example_turns(text: str) -> list[tuple[str, str]]:
    """(speaker, text) of each ``speaker: text`` line of a stored conversation example."""
    turns = []
    for line in text.splitlines():
        speaker, colon, said = line.partition(":")
        if colon and said.strip():
            turns.append((speaker.strip(), said.strip()))
    return turns
