"""Birth dates: a date said to be one (a cue before or after it, or a date after a person).

Split from :mod:`reisgenoot.language.pii_context` (addresses) to keep both modules readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from reisgenoot.language.number_words import DIGITS, TEENS, TENS, alternatives, spoken_value

Span = tuple[int, int, str]

_MONTH = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec"
    r"|january|february|march|may|june|july|august|october)\.?"
)
_UNIT = alternatives(w for w in DIGITS if w not in ("nul", "eén"))
_TEEN = alternatives(TEENS)
_TENS = alternatives(TENS)
_UPTO99 = rf"(?:(?:{_UNIT}[eë]n)?{_TENS}|{_TEEN}|{_UNIT})"
_DAYWORD = (
    rf"(?:(?:{_UNIT}[eë]n)?(?:twintig|dertig)(?:ste)?|eerste|derde|achtste|{_TEEN}(?:de)?"
    rf"|{_UNIT}(?:de)?)"
)
_YEARWORDS = (
    rf"(?:negentien[ -]?(?:honderd[ -]?)?(?:{_UPTO99})?|tweeduizend(?:[ -]?{_UPTO99})?"
    rf"|twintig[ -]?{_UPTO99})"
)
# a year said as two digits ("eenenzeventig", "zesenvijftig"): twenty and up
_YEAR2 = rf"(?:{_UNIT}[eë]n)?{_TENS}"
# the month said as its number ("negen negen negenenvijftig", "vijftien-zes-zesentachtig")
_MONTH_NUMBER = alternatives([*(w for w in DIGITS if w != "nul"), "tien", "elf", "twaalf"])
# (the look-ahead holds the first characters of every branch: a digit, "de" or a number word;
# the engine then skips other positions instead of trying each branch there)
_DATE = re.compile(
    r"(?=[\ddeétvzan])(?<![\w/.-])(?:"
    r"\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}|['’]\d{2})"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|(?:de[ \t]+)?\d{{1,2}}(?:e|ste|de)?[ \t]+{_MONTH}(?:,?[ \t]+(?:\d{{4}}|['’]\d{{2}}|\d{{2}}))?"
    rf"|(?:de[ \t]+)?{_DAYWORD}[ \t]+{_MONTH}(?:,?[ \t]+(?:\d{{4}}|{_YEARWORDS}|{_YEAR2}))?"
    rf"|{_DAYWORD}(?:[ \t]+|-){_MONTH_NUMBER}(?:[ \t]+|-)(?:{_YEARWORDS}|{_YEAR2})"
    # the year first: "negentienhonderd zesenveertig op twaalf maart", "1946, 12 maart"
    rf"|(?:\d{{4}}|{_YEARWORDS}),?[ \t]+(?:op[ \t]+)?(?:\d{{1,2}}|{_DAYWORD})[ \t]+{_MONTH}"
    r")(?![\w/-])",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(r"(?<=geboren in )(?:19|20)\d{2}\b|(?<=geboortejaar )(?:19|20)\d{2}\b")
_BIRTH_CUE = re.compile(  # (first letters first, as _DATE)
    r"(?=[gizh])(?:\bgeb(?:oren|oortedatum|oortedag|\.|:|\b)|\b(?:ik ben|hij is|zij is|ze is) van\b"
    r"|\bgeboorte\s?datum)",
    re.IGNORECASE,
)
# Rarer cues, searched only in a text that holds one of their words: a form's "datum van
# geboorte", an English or genealogical cue of a writer of another first language.
_OTHER_BIRTH_CUE = re.compile(
    r"\bdatum van geboorte\b|\b(?:date of birth|birth ?date|born|d\.?o\.?b\.?)(?![\w])"
    r"|\*(?=[ \t]?\d)",
    re.IGNORECASE,
)


def _other_cues(text: str, lower: str) -> bool:
    return (
        "datum van geboorte" in lower
        or "birth" in lower
        or "born" in lower
        or "dob" in lower
        or "d.o.b" in lower
        or "*" in text
    )


# "is van", "was van", and a family word before "van" ("mijn zoontje van 3 juni 2015")
_VAN_WORDS = (
    r"(?:is|ben|bent|zijn|was|waren|zoon|zoontje|dochter|dochtertje|kind|kindje|baby"
    r"|broer|broertje|zus|zusje|kleinzoon|kleindochter|kleinkind)"
)
_IS_VAN = re.compile(rf"\b{_VAN_WORDS} van[ \t]+$", re.IGNORECASE)
# As ``{_VAN_WORDS} van[ \t]``, written to start at a blank: the case-blind alternation tried
# at every letter cost about 7 µs a text, one look-behind per word at the blanks 2 µs.
_IS_VAN_ANYWHERE = re.compile(
    r" (?:" + "|".join(f"(?<={w} )" for w in _VAN_WORDS[3:-1].split("|")) + r")van[ \t]",
    re.IGNORECASE,
)
_OLD_YEAR = re.compile(r"(?:19\d\d|20[01]\d|['’][2-9]\d)$")
_CUE_GAP = re.compile(r"(?:[^\d.!\n]|d\.d\.){0,40}")  # "d.d.": de dato, in forms
# A date long past may stand further from its cue: "Mijn geboortedatum klopt niet in jullie
# systeem, dat moet 03-06-1979 zijn".
_FAR_CUE_GAP = re.compile(r"[^\d.!?\n]{0,80}")


def may_have_birth_date(text: str, lower: str) -> bool:
    """False when no cue can make a date a birth date ("geb", " van ", "birth", "dob", …)."""
    return " van " in text or "geb" in lower or _other_cues(text, lower)


def find_geboortedatum(text: str) -> Iterator[Span]:
    """Dates with a birth cue shortly before ("geboren op …") or right after ("… geboren")."""
    lower = text.lower()
    if not may_have_birth_date(text, lower):
        return
    cues = [(m.start(), m.end()) for m in _BIRTH_CUE.finditer(text)]
    if _other_cues(text, lower):
        cues += [(m.start(), m.end()) for m in _OTHER_BIRTH_CUE.finditer(text)]
    if not cues and " van " not in text:
        return
    # Without a cue only _is_van can make a date a birth date; skip the date scan when it can't.
    if cues or _IS_VAN_ANYWHERE.search(text):
        for match in _DATE.finditer(text):
            if (
                _cue_before(text, cues, match)
                or _cue_after(text, cues, match.end())
                or _is_van(text, match)
            ):
                yield match.start(), match.end(), "geboortedatum"
        if cues and _SPOKEN_DATE_HINT.search(text):
            yield from _spoken_digit_dates(text, cues)
    for match in _YEAR_ONLY.finditer(text.lower()):
        yield match.start(), match.end(), "geboortedatum"


# A birth date said number by number after its cue: "een twee nul drie negentien negenenzestig"
# (12-03-1969), "tien tien zestig", "zeven zeven negenenzestig", "een twee nul drie
# zesenvijftig". Read as day, month and year (three numbers) or as the digits of ddmmyyyy or
# ddmmyy; only a valid date counts.
_SPOKEN_NUMBER = rf"(?:{_YEARWORDS}|{_UPTO99}|nul)"
_SPOKEN_DATE = re.compile(
    rf"(?<![\w])(?={_SPOKEN_NUMBER}(?![\w]))(?:{_SPOKEN_NUMBER}(?:[ \t]*[ ,-][ \t]*|(?![\w])))+",
    re.IGNORECASE,
)
_SPOKEN_DATE_HINT = re.compile(rf"(?<![\w]){_UPTO99}[ \t-]+{_SPOKEN_NUMBER}", re.IGNORECASE)
_SPOKEN_WORD = re.compile(r"[^\W\d_]+", re.IGNORECASE)
_HUNDRED = re.compile(r"^(negentien|twintig)[ -]?honderd[ -]?|^tweeduizend[ -]?", re.IGNORECASE)


def _word_number(word: str) -> str | None:
    """ "negentienhonderdzesenzestig" → "1966", "tweeduizenddrie" → "2003", else as spoken."""
    head = _HUNDRED.match(word)
    if head is None:
        return spoken_value(word) if len(word) > 1 else None
    tail = word[head.end() :]
    rest = spoken_value(tail) if tail else "0"
    if rest is None:
        return None
    century = "19" if head.group().lower().startswith("negentien") else "20"
    return century + rest.zfill(2)


def _valid(day: int, month: int, year: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= date.today().year


def _as_date(values: list[str]) -> bool:
    if len(values) == 3 and all(values):
        day, month, year = (int(v) for v in values)
        if len(values[2]) != 4:  # a two-digit year: this century up to this year, else the last
            year += 2000 if year <= date.today().year % 100 else 1900
        if _valid(day, month, year) and len(values[2]) in (2, 4):
            return True
    digits = "".join(values)
    if len(digits) == 8:
        return _valid(int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    if len(digits) == 6 and len(values) >= 4:
        return _valid(int(digits[:2]), int(digits[2:4]), 1900 + int(digits[4:]))
    return False


def _spoken_digit_dates(text: str, cues: list[tuple[int, int]]) -> Iterator[Span]:
    for match in _SPOKEN_DATE.finditer(text):
        if not _cue_before(text, cues, match):
            continue
        words = list(_SPOKEN_WORD.finditer(text, match.start(), match.end()))
        values = [_word_number(w.group()) for w in words]
        for size in range(min(len(words), 8), 2, -1):
            head = values[:size]
            if all(v is not None and v.isdigit() for v in head) and _as_date(
                [v for v in head if v is not None]
            ):
                yield match.start(), words[size - 1].end(), "geboortedatum"
                break


# A full date (with its year) right after a person: "Truus Hesselink, 12-12-1944" in a form,
# "mijn zoon (2 juni 2009)". The name comes from the name recognisers; the person words are
# the family and client words a caller uses for the one the date belongs to.
_AFTER_PERSON = re.compile(r"[ \t]*(?:,[ \t]*|\([ \t]*)")
_PERSONS = (
    "zoon dochter kind kindje baby moeder vader broer zus zuster oma opa man vrouw partner"
    " echtgenoot echtgenote cliënt client inwoner aanvrager bewoner pleegkind"
)
_PERSON_WORDS = frozenset(_PERSONS.split(" "))
_WORD_END = re.compile(r"([^\W\d_]+)[ \t]*$")
_FULL_YEAR = re.compile(r"(?:\d{4}|negentien\w*|tweeduizend\w*)$|^\d{4}-\d\d-\d\d$", re.IGNORECASE)
_CAPITAL_WORD_END = re.compile(r"[A-ZÀ-Þ][^\W\d_]+[ \t]*$")
_RECENT = re.compile(r"20(?:2[4-9]|[3-9]\d)")


def _capital_not_first(text: str, low: int, paren: int) -> bool:
    """A capitalised word (a name) right before "(" that does not open the sentence."""
    word = _CAPITAL_WORD_END.search(text, low, paren)
    if word is None:
        return False
    before = text[max(0, word.start() - 3) : word.start()].rstrip(" \t")
    return bool(before) and before[-1] not in ".!?:\n"


def find_dates_after_persons(text: str, person_ends: Iterable[int]) -> Iterator[Span]:
    """Full dates with a year right after a name (``person_ends``) or a person word and "("."""
    starts: list[int] = []
    capital: list[int] = []
    paren = text.find("(")
    while paren >= 0:
        word = _WORD_END.search(text, max(0, paren - 16), paren)
        if word is not None and word.group(1).lower() in _PERSON_WORDS:
            starts.append(paren + 1)
        elif word is not None and _capital_not_first(text, max(0, paren - 30), paren):
            capital.append(paren + 1)  # a name the recognisers may not know
        paren = text.find("(", paren + 1)
    blank: list[int] = []
    for end in person_ends:
        gap = _AFTER_PERSON.match(text, end)
        if gap is not None:
            starts.append(gap.end())
        elif text[end : end + 1] in (" ", "\t"):
            blank.append(end + 1)  # "Jan Smit 03-06-1979" in a list: a year long past only
    candidates = starts + capital + blank
    # Every branch of _DATE holds a digit or a month, so without one nothing matches. That
    # test reads the whole text with a slow case-blind alternation (about 10 µs for a short
    # text); a few anchored matches cost less, so it is only a guard for many places.
    if len(candidates) > 8 and not _DIGIT_OR_MONTH.search(text):
        return
    for start in candidates:
        match = _DATE.match(text, start)
        if (
            match is not None
            and _FULL_YEAR.search(match.group())
            and (start in starts or not _RECENT.search(match.group()))
            and (start not in blank or _OLD_YEAR.search(match.group()))
        ):
            yield match.start(), match.end(), "geboortedatum"


_DIGIT_OR_MONTH = re.compile(r"\d|" + _MONTH, re.IGNORECASE)


def _is_van(text: str, match: re.Match[str]) -> bool:
    """ "Mijn moeder is van 8 augustus 1941", "mijn zoontje van 3 juni 2015": a full date with
    a year long past."""
    before = text[max(0, match.start() - 20) : match.start()]
    return bool(_IS_VAN.search(before) and _OLD_YEAR.search(match.group()))


# A date after "sinds", "vanaf", … is when something else began or ends, not a birth; far from
# its cue, also not after "op" or a "maar" ("geboortedatum klopt, maar op 3 juni 2019 …").
_EVENT_BEFORE = re.compile(r"\b(?:sinds|vanaf|per|tot|na|voor|om)[ \t]+$", re.IGNORECASE)
_FAR_EVENT = re.compile(r"\bop[ \t]+$|\bmaar\b", re.IGNORECASE)
_BUT = re.compile(r"\bmaar\b", re.IGNORECASE)


# The answer in the next turn: "Uw geboortedatum graag. Klant: 3 mrt 1966", "En uw
# geboortedatum? — Vijftien maart zesenzestig."
_ANSWER_GAP = re.compile(
    r"[^\d.!?\n]{0,40}[.?!]?[ \t]*(?:\n[ \t]*|[—–][ \t]*)?"
    r"(?:(?<=[.?!\n—– ])[^\W\d_]{2,12}:[ \t]*|(?<=[\n—–])[ \t]*|(?<=[—–] ))"
    r"(?:(?:ja|eh|ehm|uh|uhm|dat is)[ \t,]+)*"
)


def _cue_before(text: str, cues: list[tuple[int, int]], match: re.Match[str]) -> bool:
    start = match.start()
    if _EVENT_BEFORE.search(text, max(0, start - 10), start):
        return False
    for _cue_start, cue_end in cues:
        if cue_end <= start <= cue_end + 60 and _ANSWER_GAP.fullmatch(text, cue_end, start):
            return True
        if cue_end <= start <= cue_end + 40:
            gap = text[cue_end:start]
            if _CUE_GAP.fullmatch(gap) and len(gap.split()) <= 6 and not _BUT.search(gap):
                return True
        if cue_end <= start <= cue_end + 80 and _OLD_YEAR.search(match.group()):
            gap = text[cue_end:start]
            if (
                _FAR_CUE_GAP.fullmatch(gap)
                and len(gap.split()) <= 12
                and not _FAR_EVENT.search(gap)
            ):
                return True
    return False


def _cue_after(text: str, cues: list[tuple[int, int]], end: int) -> bool:
    for cue_start, _cue_end in cues:
        if end <= cue_start <= end + 12 and not re.search(r"[.!?\n,]", text[end:cue_start]):
            return True
    return False


# --- adres ---------------------------------------------------------------------------------
