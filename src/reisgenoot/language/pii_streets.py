"""Address shapes the house-number scan of :mod:`pii_context` does not see on its own.

- a house number said in words, as a speech recogniser writes it ("de kloosterstraat vijftien
  a", "schoolstraat zes");
- a street name of two or more words that opens with a word like "Oude", "Achter" or "Korte"
  ("Oude Haven 14a", "Achter de Kerk 3", "tussen de bruggen 5");
- any single word with a house number right after "ik woon (nog) op", "adres:", "verhuisd
  naar" ("ik woon op vlaskamp 17"), or in the caller's answer to a question about the
  address ("op welk adres? — Beller: kerkring 8").

Each is a format of Dutch addresses, not a list of streets. The spans overlap those of
``pii_context.find_adres`` where both see the address; the longer one is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from reisgenoot.language import pii_context
from reisgenoot.language.number_words import DIGITS, TEENS, TENS, alternatives
from reisgenoot.language.pii_lists import lists

Span = tuple[int, int, str]

_UNIT_WORDS = tuple(w for w in DIGITS if w not in ("nul", "een", "eén"))  # "een": the article
_UNIT = alternatives(_UNIT_WORDS)
_TEEN = alternatives(TEENS)
_TENS = alternatives(TENS)
# 1..999 in words ("twee en twintig" as a recogniser may split it, "honderdtwaalf",
# "tweehonderd vijf", "twee honderd drie"); "een" alone is left out: it is mostly the article.
_BELOW_HUNDRED = rf"(?:(?:{_UNIT}[ \t]?[eë]n[ \t]?)?{_TENS}|{_TEEN}|{_UNIT})"
_NUMBER_WORD = (
    rf"(?:(?:{_UNIT}[ \t]?)?honderd(?:[ \t]?(?:[eë]n[ \t]?)?(?:{_BELOW_HUNDRED}|e[eé]n))?"
    rf"|{_BELOW_HUNDRED})"
)
_SAID_NUMBER = re.compile(
    rf"(?<![\w-])(?:nummer[ \t]+)?{_NUMBER_WORD}(?:[ \t]+(?:[a-d]|bis)(?![\w]))?(?![\w])",
    re.IGNORECASE,
)
_HOUSE_SUFFIX = (
    r"(?:[a-zA-Z]|[ \t]?-[ \t]?(?:\d{1,4}|[A-Za-z]{1,3})"
    r"|[ \t](?:[A-Da-d]|bis|hs|zw|rd|boven|rood|zwart|kamer[ \t]\d{1,4}|k\d{1,4})(?![\w]))?"
)
_HOUSE = rf"\d{{1,5}}{_HOUSE_SUFFIX}(?![\w/-])(?![.,:]\d)"
_WORD = r"[^\W\d_](?:[^\W\d_]|['’-])+"
# Words that open a street name of several words: adjectives and ordinals ("Oude Gracht",
# "eerste looiersdwarsstraat"), and prepositions ("Achter de Kerk"), which open a street name
# only when the word after them is no street name of its own ("achter de Hoogstraat 4").
_ADJECTIVES = (
    "oude|nieuwe|korte|lange|hoge|lage|grote|kleine|eerste|tweede|derde|vierde|hofje"
    "|zeeuwse|hollandse"
)
_PREPOSITIONS = "achter|tussen|boven|beneden|buiten|binnen|bij|aan|over"
_OPENERS = _ADJECTIVES + "|" + _PREPOSITIONS
_OPENED_STREET = re.compile(
    rf"(?<![\w-])(?:({_ADJECTIVES})(?:[ \t]+(?:de|het|der|den|van|'t))*"
    rf"|({_PREPOSITIONS})(?:[ \t]+(?:de|het|der|den|van|'t))+)[ \t]+"
    rf"({_WORD})[ \t]+{_HOUSE}",
    re.IGNORECASE,
)
# "bij", "aan" and "over" open a street name only with a capital ("Bij de Put", "Aan de Vaart")
_CAPITAL_ONLY = frozenset({"bij", "aan", "over"})
_MONTH_NAMES = (
    "januari februari maart april mei juni juli augustus september oktober november december"
    " jan feb mrt apr jun jul aug sep sept okt nov dec"
)
_MONTHS = frozenset(_MONTH_NAMES.split(" "))
_HOUSE_WORDS = frozenset({"nummer", "nr", "huisnummer", "huisnr", "no", "kamer", "bus"})
_YEAR = re.compile(r"(?:19|20)\d\d")
_LIVES = re.compile(  # (every branch opens with w, v or a: tested first)
    r"(?=[wva])(?:\b(?:woon|woont|wonen|woonde|woonachtig|verhuisd naar|verhuizen naar|verhuisd van)"
    r"(?:[ \t]+(?:nog|nu|al|hier|daar|sinds kort))?"
    r"[ \t]+(?:(?:op|aan|in)[ \t]+)?(?:(?:de|het)[ \t]+)?"
    r"|\badres(?:[ \t]+is)?[ \t]*:?[ \t]+"
    # the answer to a question about the address: "op welk adres? — Beller: kerkring 8"
    r"|\badres\b[^\d\n.!:]{0,30}?\b(?:beller|bewoner|inwoner|klant|melder)[ \t]*:[ \t]*)"
    rf"({_WORD}[^\W\d_])[ \t]+{_HOUSE}",
    re.IGNORECASE,
)
# A street name without a street word after a preposition ("bij wolfsdonk 19", "op het
# hoefijzer 6", "van de Kolk 14"): any word that is not common Dutch (the counts of
# ``pii_tagger.common_words``), a place, a product or a title, with a house number in digits or
# words. The article stays outside the address, as in the evaluation sets' convention.
_SAID_HOUSE = rf"{_NUMBER_WORD}(?:[ \t]+(?:[a-d]|bis)(?![\w]))?(?![\w])"
# A house number after a blank, in digits or words; the words before it are read backwards.
# (digits: the first digit comes before the look-behind, so the engine skips to digits)
_HOUSE_DIGITS_AT = re.compile(
    rf"\d(?<=[ \t]\d)\d{{0,4}}{_HOUSE_SUFFIX}(?![\w/-])(?![.,:]\d)", re.IGNORECASE
)
_HOUSE_SAID_AT = re.compile(rf"(?<=[ \t]){_SAID_HOUSE}", re.IGNORECASE)
_LINK_WORDS = frozenset(["van", "op", "bij", "naar", "voor", "in", "is", "ben", "woon", "woont"])
_ARTICLES = frozenset({"de", "het", "'t", "’t"})
# Every number word from one to ninety-nine written as one word ("een" alone is the article):
# a set lookup per word of the text is much cheaper than running a regular expression of
# alternatives over it.
_BELOW_HUNDRED_WORDS = [*_UNIT_WORDS, *TEENS, *TENS] + [
    unit + join + tens
    for unit in ("een", *_UNIT_WORDS[1:])
    for tens in TENS
    for join in ("en", "ën")
]
_HUNDREDS = ["honderd"] + [unit + "honderd" for unit in _UNIT_WORDS if unit not in ("één",)]
_SAID_WORDS = frozenset(
    _BELOW_HUNDRED_WORDS
    + _HUNDREDS
    + [
        hundred + join + rest
        for hundred in _HUNDREDS
        for rest in (*_BELOW_HUNDRED_WORDS, "een", "één", "eén")
        for join in ("", "en", "ën")
    ]
)
_OPENER_WORDS = frozenset(_OPENERS.split("|"))
_PUNCTUATION = ",.;:!?()\"'’"


@cache
def _not_streets() -> frozenset[str]:
    data = lists()
    return data.not_names | data.products | data.places | data.titles | data.occupations


def _said_numbers(text: str) -> Iterator[Span]:
    for number in _SAID_NUMBER.finditer(text):
        start, end = pii_context._word_before(text, number.start())
        if start == end or text[end : number.start()].strip(" \t"):
            continue
        word = text[start:end]
        if not word[0].isalpha() or not pii_context._is_street_word(word):
            continue
        if _not_a_unit(text, number.end()):
            yield start, number.end(), "adres"


def _not_a_unit(text: str, end: int) -> bool:
    """Not a number of things or a date ("3 weken", "2 juni") after the house number."""
    after = text[end : end + 12].split()
    if not after:
        return True
    word = after[0].lower().strip(".,;:!?")
    return word not in pii_context._UNITS and word not in _MONTHS


def _opened_streets(text: str) -> Iterator[Span]:
    for match in _OPENED_STREET.finditer(text):
        preposition, street = match.group(2), match.group(3)
        if preposition is not None and (
            pii_context._is_street_word(street)  # "achter de Hoogstraat 4"
            or (preposition.lower() in _CAPITAL_ONLY and preposition.islower())
        ):
            continue
        if street.lower() not in _not_streets() and _not_a_unit(text, match.end()):
            yield match.start(), match.end(), "adres"


def _after_lives(text: str) -> Iterator[Span]:
    for match in _LIVES.finditer(text):
        word = match.group(1).lower()
        if word in _HOUSE_WORDS or word in _not_streets():
            continue
        if _not_a_unit(text, match.end()):
            yield match.start(1), match.end(), "adres"


def _after_preposition(text: str, digits: bool, said: bool) -> Iterator[Span]:
    from reisgenoot.language.pii_tagger import common_words

    common = common_words()
    houses = list(_HOUSE_DIGITS_AT.finditer(text)) if digits else []
    if said:
        houses += _HOUSE_SAID_AT.finditer(text)
    for house in houses:
        start, end = pii_context._word_before(text, house.start())
        word = text[start:end]
        low = word.lower()
        if len(word) < 3 or low in common or not word.isalpha() or not _after_link(text, start):
            continue
        if (
            low in _not_streets()
            or low in _HOUSE_WORDS
            or low in _MONTHS
            or low in _SAID_WORDS
            or pii_context._is_street_word(word)  # the other recognisers see those
            or _YEAR.fullmatch(house.group()) is not None
            or house.group() == "112"  # "bel in nood 112": the number, not a house
            or not _not_a_unit(text, house.end())
        ):
            continue
        article_start, article_end = pii_context._word_before(text, start)
        if text[article_start:article_end] in ("De", "Het"):  # "op Het Vaneker 54": its name
            start = article_start
        yield start, house.end(), "adres"


def _after_link(text: str, start: int) -> bool:
    """A preposition or "woon"/"ben"/"is" right before ``start``, maybe with an article."""
    link_start, link_end = pii_context._word_before(text, start)
    link = text[link_start:link_end].lower()
    if link in _ARTICLES:
        link_start, link_end = pii_context._word_before(text, link_start)
        link = text[link_start:link_end].lower()
    return link in _LINK_WORDS


def words_of(lower: str) -> set[str]:
    """The words of a lower-cased text (punctuation taken for blanks), for the hints."""
    return {word.strip(_PUNCTUATION) for word in lower.split()}


def find_more_adres(
    text: str, words: set[str] | None = None, *, digits: bool = True
) -> Iterator[Span]:
    """Addresses with a said house number, an opening word, or right after "ik woon op".

    ``words`` (from :func:`words_of`) and ``digits`` (whether the text has one) may be given
    when the caller knows them already."""
    lower = text.lower()
    if words is None:
        words = words_of(lower)
        digits = any(c.isdigit() for c in text)
    if not _SAID_WORDS.isdisjoint(words):
        yield from _said_numbers(text)
    said = not _SAID_WORDS.isdisjoint(words)
    if (digits or said) and not _LINK_WORDS.isdisjoint(words):
        yield from _after_preposition(text, digits, said)
    if not digits:
        return
    if not _OPENER_WORDS.isdisjoint(words):
        yield from _opened_streets(text)
    if "woon" in lower or "won" in lower or "adres" in lower or "verhuis" in lower:
        yield from _after_lives(text)


_FLOOR_NUMBER = re.compile(r"-[ \t]?(?:\d|[IVXivx]{1,4})$")
_FLOOR_WORD = re.compile(r"[ \t]?(?:hoog|hg)(?![\w])", re.IGNORECASE)


def extend_floor(text: str, spans: list[Span]) -> list[Span]:
    """ "Molenstraat 4-3 hoog", "Kerkweg 12-II hg": the floor after the house number and its
    addition belongs to the address (the recognisers stop at the addition)."""
    out = []
    for start, end, type_ in spans:
        if type_ == "adres" and _FLOOR_NUMBER.search(text, start, end):
            more = _FLOOR_WORD.match(text, end)
            if more is not None:
                end = more.end()
        out.append((start, end, type_))
    return out


# What may follow the house number and its letter as part of the address (the
# recognisers stop before it): a range ("2 t/m 14", "14-16"), a number after the letter
# ("18 A-1", "19 A2", "233 B 01"), a room, unit, flat or mailbox with its number ("kamer 1.14",
# "k.302", "k3", "unit 7", "app. 5", "bus 3"), a floor ("3 hoog", "2e etage", "2e") and the part
# of the house ("bovenwoning", "achterhuis"). The bare words "boven", "achter", "bv"
# (benedenverdieping), … count only before punctuation or the end.
_ADDITION = re.compile(
    r"(?:(?<=[ \t]t)/m[ \t]*\d{1,4}[a-zA-Z]?"  # "2 t/m 14": the scan took "t" for a letter
    r"|[ \t]*(?:t/m|tot en met|-)[ \t]*(?<=[\d \t/m-])\d{1,4}[a-zA-Z]?"
    r"|(?<=[A-Za-z])[ \t]?-[ \t]?\d{1,3}"
    r"|[ \t]+(?:kamer|k\.?|unit|app\.?|appartement|apt\.?|bus|flat|woning)[ \t]*"
    r"\d{1,4}(?:\.\d{1,3})?[a-zA-Z]?"
    r"|[ \t]+\d{1,2}(?:e|de|ste)?[ \t]?(?:hoog|hg|etage|verdieping)"
    r"|[ \t]+[1-9](?:e|de|ste)"  # the floor alone: "Ruysdaellaan 40 2e"
    r"|[ \t]+[A-Z]\d{1,3}|(?<=\d[ \t][A-Z])[ \t]\d{1,3}"  # "19 A2", "233 B 01"
    r"|[ \t]+(?:boven|beneden|achter|voor)(?:woning|huis)"
    r"|[ \t]+(?:boven|beneden|achter|voor|souterrain|parterre|bv|bg)"
    r"(?=[ \t]*(?:[,.;:!?)]|$)))"
    r"(?![\w/])(?![.,]\d)",
    re.IGNORECASE,
)
_ENDS_HOUSE = re.compile(r"\d(?:[ \t]?[A-Za-z]{1,3})?$")


def extend_additions(text: str, spans: list[Span]) -> list[Span]:
    """ "Wilhelminaplein 2 bus 3", "Oostersingel 2 t/m 14", "Havenstraat 3 bovenhuis": the
    addition after the house number belongs to the address (at most two, read at the end of
    each address only)."""
    out = []
    for start, end, type_ in spans:
        if type_ == "adres" and _ENDS_HOUSE.search(text, start, end):
            for _ in range(2):
                more = _ADDITION.match(text, end)
                if more is None or not _not_a_unit(text, more.end()):  # "4 - 6 weken"
                    break
                end = more.end()
        out.append((start, end, type_))
    return out
