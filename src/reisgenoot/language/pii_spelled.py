"""Postcodes and plates spelled out after their cue (issue 15, ADR 91).

A caller spells a postcode or a plate the way Dutch spells on the phone: letters by their names
("ka el", "zet", "iks") or by the Dutch spelling alphabet ("Anton Bernard", "Karel Lodewijk"),
letters glued together ("twaalf vierendertig AB"), a letter with its example word ("h van
hendrik"), digits one by one ("9 2 0 1 e w") or in pairs. :mod:`.pii_spoken` reads runs of digit words and single letters; here a few words after
the word "postcode" or a vehicle word ("kenteken", "auto") are read into their characters with
the offsets of each word, and the same tests as for the written forms decide: four digits
(not opening with 0) and two postcode letters, or six characters in a side code of Dutch plates
with plate letters only. Letter names like "en", "de", "er" are common words, so they count
only here: inside a value right after its cue, never on their own.

Digits are read with :func:`reisgenoot.language.number_words.spoken_value` (one digit table).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reisgenoot.language import pii_patterns
from reisgenoot.language.number_words import spoken_value

__all__ = ["LETTER_NAMES", "SPELLING_ALPHABET", "find_spelled", "may_have_spelled"]

Span = tuple[int, int, str]

LETTER_NAMES = {
    "a": "A", "bee": "B", "cee": "C", "dee": "D", "de": "D", "ee": "E", "ef": "F", "gee": "G",
    "ha": "H", "ie": "I", "jee": "J", "je": "J", "ka": "K", "el": "L", "em": "M", "en": "N",
    "o": "O", "pee": "P", "kuu": "Q", "er": "R", "es": "S", "tee": "T", "te": "T", "uu": "U",
    "vee": "V", "wee": "W", "iks": "X", "ix": "X", "ij": "Y", "zet": "Z", "zed": "Z",
}  # fmt: skip
"""The Dutch names of the letters, as a caller spells ("ka el" is "KL")."""
SPELLING_ALPHABET = {
    "anton": "A", "bernard": "B", "cornelis": "C", "dirk": "D", "eduard": "E",
    "ferdinand": "F", "gerard": "G", "hendrik": "H", "izaak": "I", "johan": "J", "karel": "K",
    "lodewijk": "L", "maria": "M", "nico": "N", "otto": "O", "pieter": "P", "quirinus": "Q",
    "richard": "R", "simon": "S", "teunis": "T", "utrecht": "U", "victor": "V", "willem": "W",
    "xantippe": "X", "ypsilon": "Y", "zaandam": "Z",
}  # fmt: skip
"""The Dutch spelling alphabet (telephone alphabet): "Karel Lodewijk" is "KL"."""

_CUE = re.compile(r"postcode|kenteken|nummerbord|auto|wagen|motor|scooter|parkeer", re.I)
_POSTCODE_CUE = "postcode"
_AFTER_CUE = 80  # characters after a cue where the value may start
_MAX_WORDS = 18  # a value is said in at most this many words ("h van hendrik s van simon …")
# a word between blanks or commas, without the full stop after it: a written value with a dash
# ("12-ABC-3") is one word and no spelled unit (the written recognisers read it)
_TOKEN = re.compile(r"[^\s,;:]+?(?=[.!?]*(?:[\s,;:]|$))")
# words a caller says between the cue and the value, or inside it ("is", "eh", "dat is")
_FILLERS = frozenset({"is", "eh", "ehm", "uh", "uhm", "dat", "het", "mijn", "de", "van"})
_WORD_END = re.compile(r"\w*")
_PLATE_GROUP = 3  # a plate's groups hold one to three characters ("1000 km" is a distance)
_OPENS_WITHIN = 5  # the value opens within this many words of its cue ("auto voor de deur met")
_GLUED = re.compile(r"[A-Za-z]{2,3}")  # letters said or typed together ("AB", "zt", "NGK")


def _value(word: str) -> str | None:
    """The characters a word stands for inside a spelled value, or None."""
    low = word.lower()
    value = spoken_value(low)
    if value is not None:
        return value
    letter = SPELLING_ALPHABET.get(low) or LETTER_NAMES.get(low)
    if letter is not None:
        return letter
    return word.upper() if _GLUED.fullmatch(word) else None


def may_have_spelled(lower: str) -> bool:
    """False when ``lower`` (the lower-case text) holds no cue for a spelled value."""
    return _CUE.search(lower) is not None


def _shape(chars: str, postcode: bool) -> str | None:
    if postcode:
        if (
            chars[:4].isdigit()
            and chars[0] != "0"
            and chars[4:].isalpha()
            and chars[4:] not in pii_patterns.BAD_POSTCODE_LETTERS
        ):
            return "postcode"
        return None
    if any(c.isdigit() for c in chars) and any(c.isalpha() for c in chars):
        return "kenteken" if pii_patterns.plain_plate_shape(chars) else None
    return None


def _plain(tokens: list[re.Match[str]]) -> bool:
    """Whether the value is written the plain way (the written recognisers read it)."""
    return len(tokens) <= 2 and all(t.group().isdigit() or t.group().isupper() for t in tokens)


def _as_in(words: list[re.Match[str]], j: int, letter: str) -> bool:
    """Whether ``letter`` at word ``j`` is followed by "van" and a word that opens with it:
    "h van hendrik", "s van simon" (the letter with its example word)."""
    return (
        j + 2 < len(words)
        and words[j + 1].group().lower() == "van"
        and words[j + 2].group()[:1].upper() == letter
    )


def _read(words: list[re.Match[str]], postcode: bool) -> Span | None:
    """The first value spelled among ``words`` (the words after a cue)."""
    for i in range(len(words)):
        if words[i].group().lower() in _FILLERS:
            continue
        chars = ""
        j = i
        while j < min(len(words), i + _MAX_WORDS):
            value = _value(words[j].group())
            if value is None or (not postcode and len(value) > _PLATE_GROUP):
                break
            chars += value
            if len(value) == 1 and value.isalpha() and _as_in(words, j, value):
                j += 2
            if len(chars) > 6:
                break
            if len(chars) == 6:
                kind = _shape(chars, postcode)
                if kind is not None and not _plain(words[i : j + 1]):
                    return words[i].start(), words[j].end(), kind
                break
            j += 1
        if i >= _OPENS_WITHIN:
            return None
    return None


def find_spelled(text: str) -> Iterator[Span]:
    """Postcodes and plates spelled after their cue: letter names, the spelling alphabet,
    letters glued together, digits one by one or in pairs."""
    for cue in _CUE.finditer(text):
        postcode = cue.group().lower() == _POSTCODE_CUE
        word = _WORD_END.match(text, cue.end())  # "parkeervergunning": after the whole word
        after = word.end() if word is not None else cue.end()
        stop = text.find("\n", after)
        stop = after + _AFTER_CUE if stop < 0 else min(stop, after + _AFTER_CUE)
        words = list(_TOKEN.finditer(text, after, stop))
        span = _read(words, postcode)
        if span is not None:
            yield span
