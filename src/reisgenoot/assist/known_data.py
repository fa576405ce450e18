"""Personal data other than names and addresses that the conversation shows (issue 15, ADR 80).

The detector reads one sentence at a time, so it types a value by the words around it: "Kiara
is geboren op 14 maart 2026" holds a birth date, but the same date taken out of its sentence (as
an agreed time: "Afspraak of termijn: 14 maart 2026") is just a date, and "12 augustus 1934"
said in answer to "en haar geboortedatum?" is a date without any cue in its own turn. Here the
conversation is known. :func:`known_data` gathers, per conversation, every value the detector
typed in any turn (birth dates, BSN, phone numbers, … — names and addresses are
:mod:`~reisgenoot.assist.scrub`'s) and the dates a resident gives in answer to a question for a
birth date. A composed field gets them as typed placeholders (:func:`scrub_known`); a sentence
or a phrase that carries one (:func:`holds_known`) is not chosen as the specific question, nor
taken as an agreed time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.scrub import asked, words_pattern
from reisgenoot.language.pii_dates import find_geboortedatum
from reisgenoot.language.pii_spelled import find_spelled

__all__ = ["KnownData", "holds_known", "known_data", "scrub_known"]

KnownData = tuple[tuple[str, str], ...]
"""The conversation's values with their type, ``(text, type)``, longest first."""

_OWN_MODULES = frozenset({"naam", "adres"})  # scrubbed by known_names / known_addresses
_BIRTH_QUESTION = re.compile(r"\bgeboorte(?:datum|dag|jaar)|\bgeboren\b", re.IGNORECASE)
_ANSWER_CUE = "geboortedatum: "  # an answer to a birth-date question, read with its cue
MIN_VALUE = 4  # shorter values ("12") would match too much


def _answered_dates(turns: Sequence[AnalysedTurn]) -> list[str]:
    """Dates a resident gives right after the employee asked for a birth date."""
    found: list[str] = []
    for number, said in enumerate(turns):
        if not (said.is_resident and number):
            continue
        if asked(turns[number - 1], _BIRTH_QUESTION):
            # Read as if the answer carried its cue: every form the detector knows (digits,
            # month names, written out, number by number) counts, not only digits.
            cued = _ANSWER_CUE + said.text
            found += [cued[start:end] for start, end, _kind in find_geboortedatum(cued)]
    return found


# A postcode or plate given in answer to a question for it has no cue in its own turn
# ("twaalf vierendertig AB"): read with the asked thing's word before it, as a date is.
_ASKED_VALUES = (
    (re.compile(r"\bpostcode", re.IGNORECASE), "postcode: ", "postcode"),
    (re.compile(r"\bkenteken|\bnummerbord", re.IGNORECASE), "kenteken: ", "kenteken"),
)


def _answered_values(turns: Sequence[AnalysedTurn]) -> list[tuple[str, str]]:
    """Postcodes and plates a resident gives right after the employee asked for one."""
    found: list[tuple[str, str]] = []
    for number, said in enumerate(turns):
        if not (said.is_resident and number):
            continue
        for question, cue, kind in _ASKED_VALUES:
            if asked(turns[number - 1], question):
                cued = cue + said.text
                found += [(cued[s:e], t) for s, e, t in find_spelled(cued) if t == kind]
    return found


def known_data(turns: Sequence[AnalysedTurn]) -> KnownData:
    """The personal data (not names or addresses) said anywhere in the conversation."""
    values: dict[str, str] = {}
    for said in turns:
        for entity in said.analysis.entities:
            if entity.type not in _OWN_MODULES:
                values.setdefault(" ".join(entity.text.split()).lower(), entity.type)
    for date in _answered_dates(turns):
        values.setdefault(" ".join(date.split()).lower(), "geboortedatum")
    for value, kind in _answered_values(turns):
        values.setdefault(" ".join(value.split()).lower(), kind)
    kept = [(text, kind) for text, kind in values.items() if len(text) >= MIN_VALUE]
    return tuple(sorted(kept, key=lambda item: len(item[0]), reverse=True))


def _pattern(known: KnownData) -> re.Pattern[str]:
    return words_pattern(frozenset(text for text, _ in known))


def holds_known(text: str, known: KnownData) -> bool:
    """Whether ``text`` carries one of the conversation's values."""
    return bool(known) and _pattern(known).search(text) is not None


def scrub_known(text: str, known: KnownData) -> str:
    """``text`` with the conversation's values as typed placeholders ("[GEBOORTEDATUM]")."""
    if not known or not text:
        return text
    types = {value: kind for value, kind in known}

    def placeholder(match: re.Match[str]) -> str:
        kind = types.get(" ".join(match.group().split()).lower(), "pii")
        return f"[{kind.upper()}]"

    return _pattern(known).sub(placeholder, text)
