"""Structured personal data read out loud: digits and letters said as words.

A speech recogniser or an employee's notes write what a caller spells: "nul zes achtendertig
negentien zestig zevenenveertig", "zeven vijf één zes r c", "twee zes z b k vier", "jos punt
brouwer at kpnmail punt nl". A run of spoken units (digit words, numbers up to 99, single
letters, digits) is read into its characters with the offsets of each unit, and the same tests
as for the written forms decide what it is: a Dutch phone number, a postcode, a plate side
code, a BSN that passes the 11-proef, or a reference after a reference word.

Every recogniser takes the text and yields ``(start, end, type)`` with code-point offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reisgenoot.language import pii_cases, pii_patterns
from reisgenoot.language.number_words import DIGITS, TEENS, TENS, spoken_value

Span = tuple[int, int, str]

_UNIT = "|".join(w for w in DIGITS if w != "nul")
_TENS = "|".join(TENS)
_WORD_NUMBER = rf"(?:(?:{_UNIT})[eë]?n)?(?:{_TENS})|{'|'.join(TEENS)}|{'|'.join(DIGITS)}"
# One unit: a number word, digits, or a single letter (a spelled plate or postcode).
_ATOM = rf"(?:{_WORD_NUMBER}|\d+|[a-z])"
# between units: blanks, a comma or dash, and a hesitation ("nul zes drie twee eh vijf")
_GAP = r"(?:[ \t]*[,;]?[ \t]+|[ \t]*-[ \t]*)(?:(?:eh|ehm|uh|uhm)[ \t]*,?[ \t]+)?"
_RUN = re.compile(
    rf"(?<![\w@.-])(?:{_ATOM})(?:{_GAP}(?:{_ATOM}))+(?![\w@])",
    re.IGNORECASE,
)
_UNIT_IN_RUN = re.compile(rf"(?<![\w])(?:{_ATOM})(?![\w])", re.IGNORECASE)
_SPOKEN_HINT = re.compile(
    rf"(?<![\w])(?:nul|{_TENS}|{'|'.join(TEENS)}|twee|drie|vier|vijf|zes|zeven|acht|negen)"
    r"(?![\w])",
    re.IGNORECASE,
)
_HINT_WORDS = frozenset(
    [
        "nul",
        *TENS,
        *TEENS,
        *(w for w in DIGITS if w not in ("nul", "een", "één", "eén")),
    ]
)
_PHONE_CUE = re.compile(
    r"nummer|mobiel|telefoon|bellen|bel |belt|bereik|06|terugbel", re.IGNORECASE
)
_PLATE_CUE = re.compile(r"kenteken|nummerbord|auto|wagen|scooter|motor", re.IGNORECASE)
_POSTCODE_CUE = re.compile(r"postcode", re.IGNORECASE)
_BSN_CUE = re.compile(r"bsn|burgerservice|sofi", re.IGNORECASE)


Unit = tuple[int, int, str]


def _units(text: str, start: int, end: int) -> list[Unit]:
    out: list[Unit] = []
    for match in _UNIT_IN_RUN.finditer(text, start, end):
        value = spoken_value(match.group())
        if value is not None:
            out.append((match.start(), match.end(), value))
    return out


def may_have_spoken(text: str, words: set[str] | None = None) -> bool:
    """False when no spoken digit can be in ``text`` (a cheap test before the recognisers).

    ``words``: the lower-case words of the text, when the caller has them (a set lookup is
    cheaper than the regular expression)."""
    if words is not None:
        return not _HINT_WORDS.isdisjoint(words)
    return _SPOKEN_HINT.search(text) is not None


def _said(units: list[Unit], i: int, j: int) -> bool:
    """At least half of the units ``i..j`` were said as words or typed digit by digit ("9 2 0
    1 e w"; else the written forms apply)."""
    words = sum(
        1 for s, e, v in units[i : j + 1] if not v.isdigit() or e - s > len(v) or e - s == 1
    )
    return words * 2 >= j + 1 - i


def _phones(text: str, units: list[Unit]) -> Iterator[Span]:
    i = 0
    while i < len(units):
        digits = ""
        found = None
        for j in range(i, min(len(units), i + 12)):
            value = units[j][2]
            if not value.isdigit():
                break
            digits += value
            if len(digits) >= 10:
                if len(digits) == 10 and pii_patterns.national_ok(digits):
                    found = j
                break
            if len(digits) == 9 and digits[0] == "6" and j + 1 == len(units):
                cue = _PHONE_CUE.search(text, max(0, units[i][0] - 50), units[i][0])
                if cue is not None:
                    found = j
        if found is not None and _said(units, i, found):
            yield units[i][0], units[found][1], "telefoon"
            i = found + 1
        else:
            i += 1


def _shapes(text: str, units: list[Unit]) -> Iterator[Span]:
    """Postcodes, plates and BSNs: fixed-length values, tried at every unit."""
    for i in range(len(units)):
        chars = ""
        for j in range(i, min(len(units), i + 9)):
            chars += units[j][2]
            if len(chars) > 9:
                break
            if not _said(units, i, j):
                continue
            start, end = units[i][0], units[j][1]
            if len(chars) == 6 and _postcode(chars, text, start, end):
                yield start, end, "postcode"
            elif len(chars) == 6 and _plate(chars, text, start):
                yield start, end, "kenteken"
            elif len(chars) == 9 and pii_patterns.elfproef(chars) and _bsn_cue(text, start):
                yield start, end, "bsn"


def _bsn_cue(text: str, start: int) -> bool:
    """Nine spoken digits pass the 11-proef by chance one time in eleven: a cue is needed."""
    return _BSN_CUE.search(text, max(0, start - 60), start) is not None


def _postcode(chars: str, text: str, start: int, end: int) -> bool:
    """Four digits and two letters; the letters spelled one by one ("r c") are enough, two
    letters said as one word ("kg") need the word "postcode" before."""
    if not (chars[:4].isdigit() and chars[0] != "0" and chars[4:].isalpha()):
        return False
    if chars[4:].upper() in pii_patterns.BAD_POSTCODE_LETTERS:
        return False
    spelled = text[end - 3 : end - 1] in (" ", ", ") or text[end - 2] in " ,"
    return spelled or _POSTCODE_CUE.search(text, max(0, start - 40), start) is not None


def _plate(chars: str, text: str, start: int) -> bool:
    if not any(c.isdigit() for c in chars) or not any(c.isalpha() for c in chars):
        return False
    if not pii_patterns.plain_plate_shape(chars):
        return False
    return _PLATE_CUE.search(text, max(0, start - 60), start) is not None


def _lettered_case(units: list[Unit]) -> Iterator[Span]:
    """A case number read out with its letters first and no cue: "Z zes nul acht eh één twee
    negen", "w m o twee nul twee vijf zes zes twee", "Z, twintig zesentwintig, nul nul twaalf
    vijfenveertig": one to four spelled letters (not the pronoun "u"), then five or more
    digits said as words that are no phone number or BSN."""
    letters = 0
    while letters < len(units) and letters < 5 and units[letters][2].isalpha():
        letters += 1
    if not 1 <= letters <= 4 or [u[2] for u in units[:letters]] == ["U"]:
        return
    rest = units[letters:]
    if not rest or not all(v.isdigit() for _s, _e, v in rest):
        return
    digits = "".join(v for _s, _e, v in rest)
    if (
        len(digits) >= 5
        and _said(units, letters, len(units) - 1)
        and not pii_patterns.national_ok(digits)
        and not (len(digits) == 9 and pii_patterns.elfproef(digits))
    ):
        yield units[0][0], units[-1][1], "zaaknummer"


_CASE_SEP = (
    r"(?:[ \t]*,?[ \t]*(?:streepje|slash|min|punt|-|/)[ \t]*,?[ \t]*|[ \t]*,[ \t]*|[ \t]+)"
    r"(?:(?:eh|ehm|uh|uhm)[ \t]*,?[ \t]+)?"
)
_HESITATION = r"(?:(?:eh|ehm|uh|uhm)(?![\w])[ \t,]*)?"
_LEAD = re.compile(
    rf"[ \t,:]*{_HESITATION}(?:(?:(?:dat|het)[ \t]+)?(?:is|was|luidt)(?![\w]))?[ \t,:]*{_HESITATION}",
    re.IGNORECASE,
)
_LATER_LEAD = re.compile(r"(?<![\w])(?:is|luidt)(?![\w])|:")
_CASE_RUN = re.compile(
    rf"(?:[A-Za-z]{{1,4}}|{_WORD_NUMBER}|\d+)(?![\w])"
    rf"(?:{_CASE_SEP}(?:{_WORD_NUMBER}|\d+|[A-Za-z])(?![\w]))+",
    re.IGNORECASE,
)


def _reference_at(text: str, pos: int) -> Span | None:
    lead = _LEAD.match(text, pos)
    match = _CASE_RUN.match(text, lead.end() if lead else pos)
    if match is None:
        return None
    units = _units(text, match.start(), match.end())
    digits = sum(len(v) for _s, _e, v in units if v.isdigit())
    if digits >= 5 and _said(units, 0, len(units) - 1):
        return match.start(), units[-1][1], "zaaknummer"
    return None


def _references(text: str) -> Iterator[Span]:
    """A reference said as words right after a reference word ("kenmerk eh v b twee vijf
    punt …"), or after its first "is" ("zaaknummer voor u, dat is Z, streepje, …")."""
    for cue in pii_cases.reference_cues(text):
        span = _reference_at(text, cue)
        if span is None:
            later = _LATER_LEAD.search(text, cue, cue + 40)
            span = _reference_at(text, later.end()) if later is not None else None
        if span is not None:
            yield span


def find_spoken(text: str, words: set[str] | None = None) -> Iterator[Span]:
    """Phone numbers, postcodes, plates, BSNs and references said as words."""
    if not may_have_spoken(text, words):
        return
    for run in _RUN.finditer(text):
        units = _units(text, run.start(), run.end())
        if len(units) < 4:
            continue
        yield from _phones(text, units)
        yield from _shapes(text, units)
        yield from _lettered_case(units)
    if pii_cases.may_have_reference(text.lower()):
        yield from _references(text)


# --- e-mail addresses said out loud --------------------------------------------------------

_TLD = r"(?:nl|com|be|net|org|eu|de|info|nu|fr|uk|pl|tr|ma)"
_DOT = r"(?:[ \t]+(?:punt|dot)[ \t]+|\.)"
_SPOKEN_AT = re.compile(
    rf"(?<![\w])(?:at|apenstaartje|@)[ \t]+([\w-]+(?:{_DOT}[\w-]+)*?){_DOT}{_TLD}(?![\w])",
    re.IGNORECASE,
)
_LOCAL_STOP = frozenset(
    [
        "is",
        "dat",
        "mail",
        "mailadres",
        "email",
        "e-mail",
        "adres",
        "emailadres",
        "mijn",
        "mn",
        "het",
        "naar",
        "op",
        "via",
        ":",
        "u",
        "uw",
        "eh",
        "ehm",
        "uh",
        "uhm",
        "vanaf",
        "was",
        "en",
        "dus",
    ]
)
_LOCAL_JOIN = frozenset({"punt", "dot", "streepje", "underscore", "liggend"})
_BACK = re.compile(r"[ \t]*([\w.-]+)[ \t]*$")


def find_spoken_email(text: str) -> Iterator[Span]:
    """ "jos punt brouwer at kpnmail punt nl": the local part is walked back from "at" over
    at most six words, up to a word that introduces it ("is", "mail", …) or punctuation."""
    lower = text.lower()
    if " at " not in lower and "apenstaartje" not in lower and "@ " not in lower:
        return
    for match in _SPOKEN_AT.finditer(text):
        if "@" in match.group() and "." in match.group():
            continue  # "@gmail.com" written: the whole address is written, find_email applies
        start = match.start()
        taken = 0
        pos = start
        while taken < 6:
            word = _BACK.search(text, max(0, pos - 40), pos)
            if word is None or word.group(1).lower() in _LOCAL_STOP:
                break
            pos = word.start(1)
            taken += 1
        if taken == 0:
            continue
        first = text[pos : pos + 20].split()[0].lower()
        if first in _LOCAL_JOIN:
            continue
        yield pos, match.end(), "email"
