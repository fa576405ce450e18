"""The resident in a registration draft: who they are, how they sound, whether they need care.

Read from the turns' analyses (:mod:`reisgenoot.assist.analysed`), never from an employee's
words where it concerns the person (contracts §10):

- :func:`betrokkenen`: the betrokkene — ``klant``, or ``vertegenwoordiger`` when they call for
  someone else — with the name only when the resident gave one ("met Karel de Boer") and, when a
  callback is agreed, the phone number or e-mail address they gave (contracts §11);
- :func:`resident_tone`: the strongest non-neutral tone of a resident's turn, the strongest
  negative turn when the tone is another, the escalation reasons of any of their turns, and the
  word the employee reads for the tone (:func:`tone_word`);
- :func:`vulnerable_turns`: turns where the resident sounds vulnerable or lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reisgenoot.assist import tables
from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.outcome import FollowUp
from reisgenoot.language.tone import ToneResult

PATTERNS = tables.patterns("registration.yaml")
PREFIXES: tuple[str, ...] = tuple(tables.load("registration.yaml")["name_prefixes"])
ANGRY_REASONS = frozenset(tables.load("registration.yaml")["angry_reasons"])
CALLBACK_KINDS = {"telefoon": "telefoonnummer", "email": "email"}  # entity → soortDigitaalAdres
MAX_CUES = 8
NEGATIVE_TONES = ("boos", "bezorgd")
NAME_CUE_WINDOW = 25  # characters before a name in which "met", "mijn naam is" … must stand


def _first_names(text: str, into: dict[str, str]) -> None:
    if not text:
        return
    if re.fullmatch(r"([A-Z]\.)+", text.replace(" ", "")):
        into["voorletters"] = text.replace(" ", "")
        return
    into["voornaam"] = text
    into["voorletters"] = "".join(f"{p[0].upper()}." for p in text.split())[:10]


def split_name(raw: str) -> dict[str, str]:
    """A name as Klantinteracties' contactnaam: voorletters, voornaam, voorvoegsel, achternaam."""
    name = PATTERNS["titles"].sub("", raw.strip())
    lowered = name.lower()
    parts = name.split()
    result = {"voorletters": "", "voornaam": "", "voorvoegselAchternaam": "", "achternaam": ""}
    for prefix in PREFIXES:
        at = f" {lowered} ".find(f" {prefix} ")
        if at != -1:
            before, after = name[: max(at - 1, 0)].strip(), name[at + len(prefix) :].strip()
            result["voorvoegselAchternaam"] = prefix
            result["achternaam"] = after
            _first_names(before, result)
            return result
    if len(parts) == 1:
        result["achternaam"] = parts[0]
        return result
    result["achternaam"] = parts[-1]
    _first_names(" ".join(parts[:-1]), result)
    return result


def _given_name(turns: Sequence[AnalysedTurn]) -> tuple[dict[str, str] | None, int | None]:
    for index, said in enumerate(turns):
        if not said.is_resident:
            continue
        for entity in said.analysis.entities:
            before = said.text[max(0, entity.start - NAME_CUE_WINDOW) : entity.start]
            if entity.type == "naam" and PATTERNS["name_cue"].search(before):
                return split_name(entity.text), index
    return None, None


def _contact_details(turns: Sequence[AnalysedTurn]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for said in turns:
        if not said.is_resident:
            continue
        for entity in said.analysis.entities:
            kind = CALLBACK_KINDS.get(entity.type)
            if kind and all(d["adres"] != entity.text for d in found):
                found.append({"soortDigitaalAdres": kind, "adres": entity.text})
    return found


def betrokkenen(
    turns: Sequence[AnalysedTurn], task: FollowUp | None
) -> tuple[list[dict[str, Any]], list[int], str]:
    """The betrokkenen, the turns they come from and why (for the explanation)."""
    name, name_turn = _given_name(turns)
    representative = next(
        (
            i
            for i, said in enumerate(turns)
            if said.is_resident and PATTERNS["representative"].search(said.text)
        ),
        None,
    )
    betrokkene: dict[str, Any] = {
        "rol": "vertegenwoordiger" if representative is not None else "klant",
        "initiator": True,
        "contactnaam": name,
        "organisatienaam": "",
    }
    if task is not None:
        details = _contact_details(turns)
        if details:
            betrokkene["digitaleAdressen"] = details
    used = [i for i in (name_turn, representative) if i is not None]
    why = "naam genoemd door de inwoner" if name else "geen naam genoemd"
    if representative is not None:
        why += "; belt namens een ander"
    return [betrokkene], used, why


def tone_word(tone: str, escalate_reasons: Sequence[str]) -> str:
    """The tone as the employee reads it (panel and summary): ``boos`` only next to an
    escalation for strong anger (``angry_reasons`` in ``registration.yaml``); otherwise the tone
    model's ``boos``, which holds irritation and dissatisfaction too, is ``geïrriteerd`` (issue
    15, ADR 95)."""
    if tone == "boos" and not ANGRY_REASONS.intersection(escalate_reasons):
        return "geïrriteerd"
    return tone


def resident_tone(turns: Sequence[AnalysedTurn]) -> tuple[dict[str, Any], list[int]]:
    """The resident's tone, with the escalation reasons of any of their turns.

    The strongest non-neutral turn decides the tone and its ``intensity``. ``peak`` keeps the
    strongest ``boos`` or ``bezorgd`` turn visible (its tone, intensity and turn) when the tone
    is another, so a closing "dank u" does not hide that the resident was angry (issue 15).
    Letting the tones of all turns add up, or a closing courtesy count half, was measured and
    not taken: the turn model reads a negative tone in many of a calm resident's turns, and
    both show more calm calls as negative (docs/evaluation.md, h125's section).
    """
    best: ToneResult | None = None
    strongest: dict[str, tuple[float, int]] = {}
    escalate_reasons: list[str] = []
    cues: list[str] = []
    evidence: list[int] = []
    for index, said in enumerate(turns):
        result = said.analysis.tone
        if not said.is_resident or not said.text or result is None:
            continue
        escalate_reasons.extend(r for r in result.escalate_reasons if r not in escalate_reasons)
        if result.tone == "neutraal":
            continue
        cues.extend(c for c in result.cues if c not in cues)
        evidence.append(index)
        if best is None or result.intensity > best.intensity:
            best = result
        if result.intensity > strongest.get(result.tone, (-1.0, 0))[0]:
            strongest[result.tone] = (result.intensity, index)
    negative = [t for t in NEGATIVE_TONES if t in strongest]
    peak = max(negative, key=lambda t: strongest[t][0]) if negative else None
    tone = best.tone if best else "neutraal"
    return (
        {
            "tone": tone,
            "word": tone_word(tone, escalate_reasons),
            "intensity": best.intensity if best else 0.0,
            "escalate": bool(escalate_reasons),
            "escalate_reasons": escalate_reasons,
            "cues": cues[:MAX_CUES],
            "peak": (
                {
                    "tone": peak,
                    "word": tone_word(peak, escalate_reasons),
                    "intensity": strongest[peak][0],
                    "turn": strongest[peak][1],
                }
                if peak
                else None
            ),
        },
        evidence,
    )


def vulnerable_turns(turns: Sequence[AnalysedTurn]) -> list[int]:
    """The resident's turns that sound vulnerable or lost ("ik snap er niets meer van")."""
    return [
        i
        for i, said in enumerate(turns)
        if said.is_resident and PATTERNS["vulnerable"].search(said.text)
    ]
