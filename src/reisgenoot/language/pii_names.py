"""Person names: gazetteers, context cues and capitalisation.

A name is a run of capitalised words, initials and tussenvoegsels. The run is cut at words that
are never names (greetings, function words, titles, occupations, products, street names). Each
remaining chunk is a name when a cue stands before it (a title, "mijn naam is", "met" at the
start of a turn, a sign-off, an occupation or relation), when it contains initials, when its first
word is a known first name, or when it holds a known surname that is not also a common word.
Titles and occupations stay outside the span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from reisgenoot.language.pii_lists import WordLists, lists

Span = tuple[int, int, str]

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_CAP = rf"[{_UP}](?:[^\W\d_]|['’])*(?:-(?:[^\W\d_]|['’])+)*"
_INIT = rf"[{_UP}]\.(?:[ \t]?[{_UP}]\.)*"
_PART = (
    r"(?:van|de|der|den|het|'t|’t|ter|ten|te|in|op|el|al|von|zu|da|dos|du|le|la|di|del"
    r"|bin|ibn|abou|abu|bou|ait|d')"
)
_SEQ = re.compile(
    rf"(?<![\w'’.-])(?:{_INIT}[ \t]*(?:{_PART}[ \t]+)*)?{_CAP}"
    rf"(?:[ \t]+(?:{_PART}[ \t]+|{_INIT}[ \t]*)*{_CAP})*"
)
_TOKEN = re.compile(r"\S+")
_INITIALS = re.compile(rf"(?:[{_UP}]\.)+")
_CAP_PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "ter",
        "ten",
        "te",
        "el",
        "al",
        "le",
        "la",
        "da",
        "du",
        "von",
        "bin",
        "ibn",
        "abu",
        "abou",
        "ait",
    ]
)
_PREFIX = re.compile(
    r"(?<![\w'’])((?:(?:van|de|der|den|ter|ten|te|'t|’t|el|al|von|du|da|le|la|bin|ibn|abu)"
    r"[ \t]+)+)$"
)
_CUE = re.compile(
    r"(?:\b(?:mevrouw|mevr\.?|mw\.?|mvr\.?|meneer|mijnheer|mnr\.?|dhr\.?|heer|hr\.|mr\.|dr\.|drs\."
    r"|ir\.|ing\.|prof\.|fam\.?|familie|juffrouw"
    r"|ten name van|op naam van|t\.n\.v\.?|mijn naam is|naam is|ik heet|heet|spreekt met|spreek ik met|spreek je met|spreek met"
    r"|dit is|hier is|namens|ik ben|t\.a\.v\.?|ter attentie van|getekend|naam\s*:"
    r"|contactpersoon\s*:?|aanvrager\s*:?|cliënt\s*:?|gemachtigde\s*:?|doorverbonden met"
    r"|verbonden met|gesproken met|afspraak met|contact met|gebeld met|bellen met"
    r"|beste|geachte|lieve|hoi|hallo|hey"
    r"|groet(?:en|jes)?|mvg|m\.v\.g\.|gr\.)\s*[,:]?"
    r"|(?:^|[.!?,:;]|\b(?:goedemorgen|goedemiddag|goedenavond|goedendag|hallo|hoi|dag|ja|hai))"
    r"\s*,?\s*met)\s*$",
    re.IGNORECASE,
)
_LOWER_CUE = re.compile(
    r"\b(?:[Mm]ijn naam is|[Ii]k heet|[Uu] spreekt met|[Jj]e spreekt met|[Mm]et|[Ii]k ben)"
    r"[ \t]+(?=[a-z])"
)
_HIER = re.compile(r"[ \t]+hier\b(?![ \t]+(?:is|zijn|in|op|bij))")
_PREV_WORD = re.compile(r"([^\W\d_]+)\s*,?\s*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|^\W*)$")


def _is_particle(word: str, data: WordLists) -> bool:
    lower = word.lower()
    if word.islower():
        return lower in data.particle_words
    return lower in _CAP_PARTICLES


_STRONG_STREET = (
    "straat", "straatje", "straatweg", "laan", "weg", "plein", "gracht", "kade", "singel",
    "dreef", "steeg", "plantsoen", "boulevard", "burgwal",
)  # fmt: skip


def _is_street(word: str, data: WordLists) -> bool:
    """Street names inside a run of capitals; only the unmistakable endings, because many
    surnames end like streets (Oosterveld, Wijnberg, Veldkamp)."""
    lower = word.lower()
    if not lower.endswith(_STRONG_STREET):
        return False
    suffix = next(s for s in _STRONG_STREET if lower.endswith(s))
    return len(lower) > len(suffix) + 1


_NORMAL, _HARD, _SOFT = 0, 1, 2


@lru_cache(maxsize=65_536)
def _word_class(word: str) -> int:
    """Whether a word cuts a run of capitals: never (0), always (1), or only at its start (2)."""
    data = lists()
    if _is_particle(word, data) or _INITIALS.fullmatch(word):
        return _NORMAL
    lower = word.lower().rstrip(".")
    parts = lower.split("-")
    if all(p in data.first_names or p in data.surnames for p in parts if p):
        return _NORMAL
    singular = lower[:-2] if lower.endswith("en") else lower[:-1] if lower.endswith("s") else ""
    if (
        lower in data.not_names
        or lower in data.products
        or singular in data.products
        or lower in data.occupations
        or lower in data.titles
    ):
        return _HARD
    if lower in data.places or lower in data.street_words:
        return _SOFT
    return _HARD if _is_street(word, data) else _NORMAL


def _is_blocker(word: str, data: WordLists, starts_chunk: bool) -> bool:
    """Words that cut a run of capitalised words: never part of a name."""
    kind = _word_class(word)
    return kind == _HARD or (kind == _SOFT and starts_chunk)


def _context_cue(text: str, start: int, data: WordLists) -> bool:
    before = text[max(0, start - 60) : start]
    if _CUE.search(before):
        return True
    prev = _PREV_WORD.search(before)
    return prev is not None and prev.group(1).lower() in data.occupations


def _chunks(seq: re.Match[str], data: WordLists) -> Iterator[tuple[list[tuple[int, int]], bool]]:
    """Split a run at blocker words; yield each chunk and whether a street name follows it."""
    base = seq.start()
    current: list[tuple[int, int]] = []
    text = seq.group()
    starts = True
    for token in _TOKEN.finditer(text):
        word = token.group()
        if _is_blocker(word, data, starts):
            if current:
                yield current, _is_street(word, data)
            current, starts = [], True
            continue
        current.append((base + token.start(), base + token.end()))
        starts = starts and _is_particle(word, data)
    if current:
        yield current, False


def _core_words(text: str, tokens: list[tuple[int, int]], data: WordLists) -> list[str]:
    return [
        text[s:e]
        for s, e in tokens
        if not _is_particle(text[s:e], data) and _INITIALS.fullmatch(text[s:e]) is None
    ]


def _known(word: str, names: frozenset[str]) -> bool:
    return all(part in names for part in word.lower().split("-") if part)


def _accept(text: str, tokens: list[tuple[int, int]], lead: int, data: WordLists) -> bool:
    words = [text[s:e] for s, e in tokens]
    core = _core_words(text, tokens, data)
    if not core:
        return False
    if any(_INITIALS.fullmatch(w) for w in words[:-1]):
        return True
    first = core[0].lower()
    if _known(first, data.first_names) and (first not in data.ambiguous or len(core) > 1):
        return True
    if _context_cue(text, lead, data) or _HIER.match(text, tokens[-1][1]):
        return True
    particle = lead != tokens[0][0] or len(words) > len(core)
    if particle and lead == tokens[0][0] and words[0].lower() in ("de", "het", "den"):
        particle = not _SENTENCE_START.search(text[max(0, lead - 3) : lead])
    return any(
        _known(w, data.surnames) and (particle or w.lower() not in data.ambiguous) for w in core
    )


def _trim(text: str, tokens: list[tuple[int, int]], data: WordLists) -> list[tuple[int, int]]:
    while tokens and _is_particle(text[tokens[-1][0] : tokens[-1][1]], data):
        tokens = tokens[:-1]
    while tokens and text[tokens[0][0] : tokens[0][1]].islower():
        tokens = tokens[1:]
    return tokens


def _lead(text: str, tokens: list[tuple[int, int]], data: WordLists) -> int:
    """Include tussenvoegsels before a surname ("mevrouw van der Meer"), not before a first
    name or initials ("de aanvraag van Richard")."""
    start = tokens[0][0]
    first = text[start : tokens[0][1]]
    if _INITIALS.fullmatch(first) or _known(first, data.first_names):
        return start
    if len(_core_words(text, tokens, data)) > 1 and not _known(first, data.surnames):
        return start
    prefix = _PREFIX.search(text, max(0, start - 20), start)
    return prefix.start(1) if prefix else start


def find_naam(text: str) -> Iterator[Span]:
    data = lists()
    for seq in _SEQ.finditer(text):
        for chunk, before_street in _chunks(seq, data):
            tokens = _trim(text, chunk, data)
            if not tokens or before_street:
                continue
            end = tokens[-1][1]
            lead = _lead(text, tokens, data)
            phrase = text[lead:end].lower()
            if phrase in data.product_phrases or phrase in data.place_phrases:
                continue
            if _accept(text, tokens, lead, data):
                yield lead, end, "naam"
    yield from _find_lower_naam(text, data)


def _find_lower_naam(text: str, data: WordLists) -> Iterator[Span]:
    """Names written in lower case right after a strong cue ("mijn naam is anouk de vries")."""
    for cue in _LOWER_CUE.finditer(text):
        pos = cue.end()
        tokens: list[tuple[int, int]] = []
        for token in re.finditer(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text[pos : pos + 60]):
            gap = text[pos + (tokens[-1][1] - pos if tokens else 0) : pos + token.start()]
            if tokens and gap.strip():
                break
            word = token.group()
            known = _known(word, data.first_names) or _known(word, data.surnames)
            if not (known or word in data.particle_words) or word in data.not_names - {"de"}:
                break
            tokens.append((pos + token.start(), pos + token.end()))
            if len(tokens) == 5:
                break
        while tokens and text[tokens[-1][0] : tokens[-1][1]] in data.particle_words:
            tokens.pop()
        if tokens and text[tokens[0][0] : tokens[0][1]] not in data.particle_words:
            yield tokens[0][0], tokens[-1][1], "naam"
