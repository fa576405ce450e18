"""Agreed times of a conversation: appointments, deadlines and callback windows.

"dinsdag 14 januari om 10.20 uur", "graag voor vijf uur", "na half drie, niet op vrijdag",
"binnen vijf werkdagen", "uiterlijk 18 juli": a phrase starts at a day, a date, a clock time
or a time preposition with a time after it, and runs on while the words are time words. The
phrases go into the draft's inhoud and task (so the employee does not have to retype them).
A phrase with personal data (a birth date) is never taken: each phrase is checked with the
language core's detector.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reisgenoot.assist.outcome import Spoken
from reisgenoot.language.pii import detect

__all__ = ["MAX_PHRASES", "agreed_times"]

MAX_PHRASES = 5
_DAY = (
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|morgen|overmorgen|vanmiddag"
    r"|vanavond|vanochtend|werkdagen|werkdag"
)
_MONTH = r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_NUMBER = r"één|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|\d{1,2}(?:[.:]\d{2})?"
_CLOCK = rf"(?:(?:kwart|tien|vijf) (?:over|voor) )?(?:half )?(?:{_NUMBER})(?: uur)?"
_START = re.compile(
    rf"\b(?:(?:{_DAY})\b(?: \d{{1,2}} (?:{_MONTH}))?"
    rf"|\d{{1,2}} (?:{_MONTH})(?: \d{{4}})?"
    rf"|(?:vóór|voor|na|om|rond|tussen|vanaf|tot|uiterlijk|binnen) (?:de |het )?"
    rf"(?:(?:{_DAY}|{_MONTH})\b|\d{{1,2}} (?:{_MONTH})|{_CLOCK} uur\b|half (?:{_NUMBER})\b"
    rf"|(?:{_NUMBER}) (?:werk)?(?:dagen|weken|maanden)\b|(?:\d{{1,2}}[.:]\d{{2}})\b)"
    rf"|(?:in de|'s) (?:ochtend|middag|avond|morgens|middags|avonds)\b"
    rf"|\d{{1,2}}[.:]\d{{2}} uur)",
    re.IGNORECASE,
)
# Words that may continue a time phrase.
_GOES_ON = re.compile(
    rf"^(?:{_DAY}|{_MONTH}|{_NUMBER}|\d{{4}}|uur|om|en|of|tot|tussen|na|voor|vóór|over|half|kwart"
    r"|niet|op|de|het|in|ochtend|middag|avond|dagen|weken|werkdagen|maanden|met|met ingang"
    r"|van|tot en met|uiterlijk|morgens|middags|overdag|'s)$",
    re.IGNORECASE,
)
_OLD_YEAR = re.compile(r"\b(?:19\d\d|20[01]\d)\b")  # a date with such a year is a birth date
_WORD = re.compile(r"[\w.:'’-]+|[,;]")
_TAIL = frozenset({"en", "of", "tot", "na", "voor", "vóór", "om", "op", "de", "het", "in", "met"})
_TAIL |= frozenset({"van", "niet", "over", "'s", ","})


def _phrase(text: str, start: int) -> str:
    words: list[str] = []
    for match in _WORD.finditer(text, start):
        word = match.group(0).rstrip(".:")
        if not word or (words and not _GOES_ON.match(word) and word != ","):
            break
        words.append(word)
        if len(words) >= 12 or match.group(0).endswith((".", ":")):
            break
    while words and words[-1].lower() in _TAIL:
        words.pop()
    return " ".join(words).replace(" ,", ",")


def agreed_times(turns: Sequence[Spoken]) -> list[tuple[int, str]]:
    """Time phrases said in the conversation (turn index, phrase), in order, at most
    :data:`MAX_PHRASES`; the later phrases win when there are more (agreements come last)."""
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, turn in enumerate(turns):
        position = 0
        while match := _START.search(turn.text, position):
            phrase = _phrase(turn.text, match.start())
            position = match.start() + max(len(phrase), 1)
            key = phrase.lower()
            if len(phrase) < 4 or key in seen or _OLD_YEAR.search(phrase) or detect(phrase):
                continue
            if any(key in other for other in seen):
                continue
            seen.add(key)
            found.append((index, phrase))
    return found[-MAX_PHRASES:]
