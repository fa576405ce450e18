"""Dutch number words, one list for every recogniser that reads numbers said as words.

Spoken digits (:mod:`.pii_spoken`), house numbers said as words (:mod:`.pii_streets`) and
written-out dates (:mod:`.pii_dates`) all read the same words; each takes what it needs.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DIGITS", "TEENS", "TENS", "alternatives", "spoken_value"]

DIGITS = {
    "nul": "0", "een": "1", "één": "1", "eén": "1", "twee": "2", "drie": "3", "vier": "4",
    "vijf": "5", "zes": "6", "zeven": "7", "acht": "8", "negen": "9",
}  # fmt: skip
"""A digit's words → the digit ("een" is also the article: callers decide whether it counts)."""
TEENS = {
    "tien": "10", "elf": "11", "twaalf": "12", "dertien": "13", "veertien": "14",
    "vijftien": "15", "zestien": "16", "zeventien": "17", "achttien": "18", "negentien": "19",
}  # fmt: skip
TENS = {
    "twintig": "2", "dertig": "3", "veertig": "4", "vijftig": "5", "zestig": "6",
    "zeventig": "7", "tachtig": "8", "negentig": "9",
}  # fmt: skip
"""A multiple of ten's word → its tens digit."""


def alternatives(words: Iterable[str]) -> str:
    """A regular-expression group of ``words`` in their order: ``(?:tien|elf|…)``."""
    return "(?:" + "|".join(words) + ")"


def spoken_value(word: str) -> str | None:
    """The characters a spoken unit stands for ("zesentachtig" → "86", "r" → "R")."""
    low = word.lower()
    if low.isdigit():
        return low
    if low in DIGITS:
        return DIGITS[low]
    if low in TEENS:
        return TEENS[low]
    for tens, digit in TENS.items():
        if low.endswith(tens):
            head = low[: -len(tens)]
            if not head:
                return digit + "0"
            unit = DIGITS.get(head[:-2] if head.endswith(("en", "ën")) else "")
            return digit + unit if unit is not None and unit != "0" else None
    if len(low) == 1 and low.isalpha():
        return low.upper()
    return None
