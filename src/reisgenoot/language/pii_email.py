"""E-mail addresses as they are written: plain, in capitals, with blanks around the "@", with a
comma typed for the last dot, or masked against spam robots ("jan(at)gmail.com").

Split from :mod:`reisgenoot.language.pii_patterns` (which passed 500 lines); addresses said out
loud are read by :mod:`reisgenoot.language.pii_spoken`. Every recogniser yields
``(start, end, type)`` with code-point offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int, str]


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# "anouk.bakker @ planet.nl": one blank on each side of the "@", as some type it
_EMAIL_BLANKS = re.compile(r"(?<![\w.+-])[\w.+'-]+ @ [\w-]+(?:\.[\w-]+)+")


# A comma typed for the last dot ("jan@gmail,com"): only before a common top-level domain.
_EMAIL_COMMA = re.compile(
    r"(?<![\w.+-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)*,(?:nl|com|net|org|be|de|eu|info)(?![\w])",
    re.IGNORECASE,
)
# An address masked against spam robots: "jan(at)gmail.com", "jan [at] gmail [dot] com".
_MASK_DOT = r"(?:[ \t]?[(\[{](?:dot|punt)[)\]}][ \t]?|\.)"
_EMAIL_MASKED = re.compile(
    rf"(?<![\w.+-])[\w.+'-]+[ \t]?[(\[{{]at[)\]}}][ \t]?[\w-]+(?:{_MASK_DOT}[\w-]+)*"
    rf"{_MASK_DOT}[A-Za-z]{{2,6}}(?![\w])",
    re.IGNORECASE,
)


def _with_domain(pattern: re.Pattern[str], text: str) -> Iterator[Span]:
    """The matches of ``pattern`` whose top-level domain is two letters or more."""
    for match in pattern.finditer(text):
        tld = match.group().rsplit(".", 1)[-1]
        if len(tld) >= 2 and tld.isalpha():
            yield match.start(), match.end(), "email"


def find_email(text: str) -> Iterator[Span]:
    yield from _with_domain(_EMAIL, text)
    if "," in text:
        for match in _EMAIL_COMMA.finditer(text):
            yield match.start(), match.end(), "email"
    if " @ " in text:
        yield from _with_domain(_EMAIL_BLANKS, text)


def may_have_masked_email(lower: str) -> bool:
    return "at)" in lower or "at]" in lower or "at}" in lower


def find_masked_email(text: str) -> Iterator[Span]:
    for match in _EMAIL_MASKED.finditer(text):
        yield match.start(), match.end(), "email"
