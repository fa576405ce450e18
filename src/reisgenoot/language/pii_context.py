"""Recognisers that need context: birth dates (a date said to be one) and street addresses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from reisgenoot.language.pii_lists import lists

Span = tuple[int, int, str]

# --- geboortedatum -------------------------------------------------------------------------

_MONTH = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec"
    r"|january|february|march|may|june|july|august|october)\.?"
)
_UNIT = r"(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)"
_TEEN = r"(?:tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien)"
_TENS = r"(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
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
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}|['’]\d{2})"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|(?:de[ \t]+)?\d{{1,2}}(?:e|ste|de)?[ \t]+{_MONTH}(?:,?[ \t]+(?:\d{{4}}|['’]\d{{2}}|\d{{2}}))?"
    rf"|(?:de[ \t]+)?{_DAYWORD}[ \t]+{_MONTH}(?:,?[ \t]+(?:\d{{4}}|{_YEARWORDS}|{_YEAR2}))?"
    # the year first: "negentienhonderd zesenveertig op twaalf maart", "1946, 12 maart"
    rf"|(?:\d{{4}}|{_YEARWORDS}),?[ \t]+(?:op[ \t]+)?(?:\d{{1,2}}|{_DAYWORD})[ \t]+{_MONTH}"
    r")(?![\w/-])",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(r"(?<=geboren in )(?:19|20)\d{2}\b|(?<=geboortejaar )(?:19|20)\d{2}\b")
_BIRTH_CUE = re.compile(
    r"\bgeb(?:oren|oortedatum|oortedag|\.|:|\b)|\b(?:ik ben|hij is|zij is|ze is) van\b"
    r"|\bgeboorte\s?datum",
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
    for match in _YEAR_ONLY.finditer(text.lower()):
        yield match.start(), match.end(), "geboortedatum"


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


def _cue_before(text: str, cues: list[tuple[int, int]], match: re.Match[str]) -> bool:
    start = match.start()
    if _EVENT_BEFORE.search(text, max(0, start - 10), start):
        return False
    for _cue_start, cue_end in cues:
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

# (?<![\w.,/€-])(?:(?:nr\.?|nummer|no\.?)[ \t]?)?\d{1,5}…, first character first (faster).
_HOUSE = re.compile(
    r"[n\d](?<![\w.,/€-].)(?:(?<=n)(?:r\.?|ummer|o\.?)[ \t]?\d{1,5}|(?<=\d)\d{0,4})"
    r"(?:[a-zA-Z](?![\w])|[ \t]?[-/][ \t]?(?:\d{1,4}|[A-Za-z]{1,3}|I{1,3}|IV)(?![\w])"
    r"|[ \t](?:[A-Z]|[a-np-tv-z]|I{1,3}|IV|hs|huis|bg|bis|zw|rd|boven|bov|rood|zwart"
    r"|kamer[ \t]\d{1,4})(?![\w]))?"
    r"(?![\w])(?![.,]\d)"
)
_UNITS = frozenset(
    [
        "keer",
        "jaar",
        "jaren",
        "uur",
        "uren",
        "minuut",
        "minuten",
        "min",
        "seconden",
        "dag",
        "dagen",
        "week",
        "weken",
        "maand",
        "maanden",
        "euro",
        "eur",
        "procent",
        "km",
        "kilometer",
        "meter",
        "m",
        "cm",
        "kilo",
        "kg",
        "gram",
        "stuks",
        "x",
        "personen",
        "mensen",
        "kinderen",
        "kamers",
        "huizen",
        "woningen",
        "jaar.",
        "punten",
        "plaatsen",
    ]
)
_STRONG_LOWER = (
    "straat", "straatje", "straatweg", "laan", "gracht", "kade", "singel", "dijk", "dreef",
    "steeg", "plein", "burgwal", "boulevard", "weg",
)  # fmt: skip
_STREET_STARTERS = frozenset({"laan", "plein", "kade", "weg", "singel", "dreef", "hof", "park"})
# The plain form of _token_before (kept for the tests that hold the two equal).
_BACK_TOKEN = re.compile(r"((?:['’]t)|[^\W\d_][\w'’-]*\.?)[ \t]+$")
_ABBREVIATIONS = frozenset(
    [
        "burg",
        "dr",
        "st",
        "prof",
        "mr",
        "ir",
        "ds",
        "pr",
        "kon",
        "gen",
        "adm",
        "jhr",
        "mgr",
        "pres",
        "lt",
        "kap",
        "ph",
        "wed",
    ]
)
_NAME_PARTICLES = frozenset(
    ["van", "de", "den", "het", "ter", "ten", "te", "von", "el", "al", "le", "la", "da", "du"]
)


@lru_cache(maxsize=65_536)
def is_street_word(word: str) -> bool:
    """A word that ends in a street suffix ("Vlinderstraat", "Morsweg") or is a street word."""
    return _is_street_word(word)


def _is_street_word(word: str) -> bool:
    data = lists()
    lower = word.lower().rstrip(".")
    if lower in data.not_names or lower in data.products or lower in data.places:
        return False
    if word[0].isupper():
        if lower in data.street_words:
            return True
        suffix = next((s for s in data.street_suffixes if lower.endswith(s)), None)
        return suffix is not None and len(lower) > len(suffix) + 1
    suffix = next((s for s in _STRONG_LOWER if lower.endswith(s)), None)
    return suffix is not None and len(lower) > len(suffix) + 1


_REV_BACK = re.compile(r"[ \t]+(\.?)([\w'’-]*)")
_LETTER = re.compile(r"[^\W\d_]")


def _token_before(text: str, pos: int) -> tuple[int, str] | None:
    """The word (with its dot) before the blanks that end at ``pos``, as ``(start, word)``:
    what ``_BACK_TOKEN.search(text, max(0, pos - 40), pos)`` finds when it ends at ``pos``.

    That search tries every start in the window and backtracks through each word; here the
    reversed window is read once. Its leftmost match starts at the first letter of the run of
    ``[\\w'’-]`` before the dot and blanks, or at a final "'t" when that comes earlier.
    """
    low = max(0, pos - 40)
    tail = _REV_BACK.match(text[low:pos][::-1])
    if tail is None:
        return None  # no blank right before pos
    blanks_start = pos - tail.start(1)
    run_end = blanks_start - len(tail.group(1))
    run_start = run_end - len(tail.group(2))
    letter = _LETTER.search(text, run_start, run_end)
    start = letter.start() if letter else None
    apostrophe = blanks_start - 2
    if (
        not tail.group(1)
        and apostrophe >= low
        and text[apostrophe] in "'’"
        and text[apostrophe + 1] == "t"
        and (start is None or apostrophe < start)
    ):
        start = apostrophe
    if start is None:
        return None
    return start, text[start:blanks_start]


def _walk_back(text: str, start: int, need_starter: bool) -> int | None:
    """Extend a street name to the left over capitalised words and particles."""
    data = lists()
    best: int | None = None if need_starter else start
    pos = start
    for _ in range(4):
        found = _token_before(text, pos)
        if found is None:
            break
        token_start, word = found
        lower = word.lower()
        if word.endswith("."):
            if lower[:-1] not in _ABBREVIATIONS:
                break
            pos = best = token_start
            continue
        pos = token_start
        if lower in data.particle_words:
            if _street_particle(text, word, pos) and not need_starter:
                best = pos
            continue
        if not word[0].isupper() or lower in data.not_names or lower in data.places:
            break
        if not need_starter or lower in _STREET_STARTERS:
            best = pos
    return best


def _street_particle(text: str, word: str, pos: int) -> bool:
    """A capitalised particle that begins a street name (Van Speijkstraat, De Ruyterlaan)."""
    lower = word.lower()
    if not word[0].isupper() or lower not in _NAME_PARTICLES:
        return False
    if lower in ("de", "den", "het"):
        return not _SENTENCE_END.search(text[max(0, pos - 5) : pos])
    return True


_SENTENCE_END = re.compile(r"(?:^|[.!?:\n])\s*$")
_HEAD_WORD = re.compile(r"([^\W\d_][\w'’]*)[ \t]+")


def _strip_particles(text: str, start: int, end: int) -> int:
    data = lists()
    while True:
        head = _HEAD_WORD.match(text[start:end])
        if head is None or not head.group(1).islower() or head.group(1) not in data.particle_words:
            return start
        start += head.end()


_LIVES = re.compile(
    r"\b(?:woon|woont|wonen|woonde|adres(?: is)?:?|verhuisd naar|verhuizen naar)"
    r"[ \t]+(?:(?:op|aan|in)[ \t]+)?(?:(?:de|het)[ \t]+)?$",
    re.IGNORECASE,
)
_THEN_POSTCODE = re.compile(r"[ \t]*,?[ \t]*[1-9]\d{3}[ \t]?[A-Z]{2}\b")


def _unknown_street(text: str, word: str, start: int, end: int) -> bool:
    """A capitalised word without a street ending, when the context says it is an address:
    "ik woon op Hoefijzer 12" or "Hoefijzer 12, 3823 JK"."""
    data = lists()
    lower = word.lower()
    if not word[0].isupper() or lower in data.not_names or lower in data.places:
        return False
    if lower in data.products or lower in data.titles or lower in data.occupations:
        return False
    lives = _LIVES.search(text, max(0, start - 40), start) is not None
    return lives or _THEN_POSTCODE.match(text, end) is not None


# Blanks, then letters, digits and ' ’ - (``str.isalnum`` is ``[^\W_]``), read backwards.
_REV_WORD = re.compile(r"[ \t]*((?:[^\W_]|['’-])*)")


def _word_before(text: str, pos: int) -> tuple[int, int]:
    """The word right before ``pos`` (skipping blanks), as (start, end); empty when none."""
    low = max(0, pos - 80)
    found = _REV_WORD.match(text[low:pos][::-1])
    if found is None or (found.end() == pos - low and low > 0):
        return _word_before_slow(text, pos)  # the word may go on before the window
    end = pos - found.start(1)
    start = pos - found.end()
    while start < end and not text[start].isalpha():
        start += 1
    return start, end


def _word_before_slow(text: str, pos: int) -> tuple[int, int]:
    end = pos
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
        start -= 1
    while start < end and not text[start].isalpha():
        start += 1
    return start, end


# Every address needs a house number right after a letter and a blank ("straat 12", "laan
# nr. 4"): without one, the scan below cannot yield anything.
# A letter, a blank and a digit (or "nr 12", "nummer 12", "no. 12"). Written to start at the
# blank, as ``[^\W\d_][ \t](?:\d|…)`` matches: the engine tries blanks, not every letter.
HOUSE_HINT = re.compile(r"[ \t](?<=[^\W\d_][ \t])(?:\d|n(?:r\.?|ummer|o\.?)[ \t]?\d)")


def find_adres(text: str, *, hinted: bool = False) -> Iterator[Span]:
    """Addresses with a house number; ``hinted``: the caller found :data:`HOUSE_HINT`."""
    if not hinted and HOUSE_HINT.search(text) is None:
        return
    for house in _HOUSE.finditer(text):
        house_start = house.start()
        if (
            house_start < 2
            or text[house_start - 1] not in " \t"
            or not text[house_start - 2].isalpha()
        ):
            continue
        word_start, word_end = _word_before(text, house_start)
        if word_start == word_end:
            continue
        word = text[word_start:word_end]
        kind = _street_kind(word)  # tested before the units: the same result, but cheaper
        if kind == _NO_STREET:
            continue
        after = text[house.end() : house.end() + 12].split()
        if after and after[0].lower().strip(".,;:!?") in _UNITS:
            continue
        start: int | None = None
        if kind == _STREET:
            start = _walk_back(text, word_start, need_starter=False)
        else:
            start = _walk_back(text, word_start, need_starter=True)
            if start is None and _unknown_street(text, word, word_start, house.end()):
                start = word_start
        if start is not None:
            start = _strip_particles(text, start, house_start)
            yield start, house.end(), "adres"


_NO_STREET, _STREET, _CAPITALISED = 0, 1, 2


@lru_cache(maxsize=65_536)
def _street_kind(word: str) -> int:
    """A street word, another capitalised word that is not a common word, or neither."""
    if _is_street_word(word):
        return _STREET
    if word[0].isupper() and word.lower() not in lists().not_names:
        return _CAPITALISED
    return _NO_STREET
