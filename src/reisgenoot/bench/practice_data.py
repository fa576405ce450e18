"""Checks for judged practice conversations that are fitted on (``training-data/practice``).

Each file is one conversation in the shape of the blind set (``evaluation/blind/training``)
plus ``writer`` and ``ontbreekt``: :func:`problems` lists what does not follow that shape, and
:func:`nearest` gives, per trainee turn, the most similar trainee turn of another set by
word-sequence similarity, so that a near-copy of a blind dev sentence is found before the
conversation is fitted on. Used by ``scripts/check_practice.py`` and the tests.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from reisgenoot.bench.sets import closest, words

__all__ = ["LEVELS", "nearest", "problems", "trainee_turns"]

LEVELS: dict[str, tuple[str, ...]] = {
    "feiten": ("goed", "deels", "fout"),
    "empathie": ("0", "1", "2"),
    "vragen": ("0", "1", "2"),
    "samenvatten": ("0", "1"),
    "afsluiten": ("0", "1", "2"),
}
SPEAKERS = frozenset({"medewerker", "inwoner"})
MIN_TURNS = 4
MAX_TURNS = 30


def problems(item: Any, scenarios: Collection[str]) -> list[str]:
    """What in ``item`` does not follow the format; empty when it does."""
    if not isinstance(item, Mapping):
        return ["geen JSON-object"]
    found: list[str] = []
    if item.get("scenario") not in scenarios:
        found.append(f"onbekend scenario {item.get('scenario')!r}")
    if not isinstance(item.get("writer"), str) or not item["writer"]:
        found.append("geen writer")
    return [*found, *_turn_problems(item.get("turns")), *_judgement_problems(item)]


def _turn_problems(turns: Any) -> list[str]:
    if not isinstance(turns, list) or not MIN_TURNS <= len(turns) <= MAX_TURNS:
        return [f"turns: een lijst van {MIN_TURNS} tot {MAX_TURNS} beurten verwacht"]
    found: list[str] = []
    for number, turn in enumerate(turns, start=1):
        if not isinstance(turn, Mapping) or turn.get("spreker") not in SPEAKERS:
            found.append(f"beurt {number}: spreker medewerker of inwoner verwacht")
        elif not isinstance(turn.get("tekst"), str) or not turn["tekst"].strip():
            found.append(f"beurt {number}: lege tekst")
    if isinstance(turns[0], Mapping) and turns[0].get("spreker") != "medewerker":
        found.append("het gesprek begint niet met de medewerker")
    return found


def _judgement_problems(item: Mapping[str, Any]) -> list[str]:
    judged = item.get("oordeel")
    if not isinstance(judged, Mapping):
        return ["geen oordeel"]
    found = [
        f"oordeel {criterion}: {judged.get(criterion)!r} is geen niveau"
        for criterion, levels in LEVELS.items()
        if isinstance(judged.get(criterion), bool) or str(judged.get(criterion)) not in levels
    ]
    errors = item.get("fouten")
    if not isinstance(errors, list) or not all(isinstance(e, str) for e in errors):
        found.append("fouten: een lijst van teksten verwacht")
    elif (judged.get("feiten") == "fout") != bool(errors):
        found.append("fouten: gevuld als en alleen als feiten = fout")
    return found


def trainee_turns(item: Mapping[str, Any]) -> list[str]:
    """The texts of the medewerker's turns."""
    return [
        str(turn["tekst"])
        for turn in item.get("turns", [])
        if isinstance(turn, Mapping) and turn.get("spreker") == "medewerker"
    ]


def nearest(
    texts: Sequence[str], others: Sequence[str], floor: float = 0.5
) -> list[tuple[float, str, str]]:
    """Per text: (similarity, text, the most similar of ``others``); similarity over words.

    Only similarities above ``floor`` are computed exactly (below it: 0.0 and no text), which
    keeps a check of thousands of turns against each other to seconds."""
    other_words = [words(other) for other in others]
    result: list[tuple[float, str, str]] = []
    for text in texts:
        best, index = closest(words(text), other_words, floor)
        nearest_text = others[index] if index >= 0 else ""
        result.append((round(best, 3) if nearest_text else 0.0, text, nearest_text))
    return result
