"""Recognisers that need context: street addresses (birth dates: :mod:`.pii_dates`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from reisgenoot.language.pii_lists import lists

Span = tuple[int, int, str]


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


def is_street_word(word: str) -> bool:
    """A word that ends in a street suffix ("Vlinderstraat", "Morsweg") or is a street word."""
    return _is_street_word(word)


# Whether a word is a street word depends on the word alone: kept per word, also for the
# address steps that call this directly (the suffix scan tried dozens of endings each time).
@lru_cache(maxsize=65_536)
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
