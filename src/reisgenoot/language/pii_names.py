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
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import NamedTuple

from reisgenoot.language.pii_lists import WordLists, lists
from reisgenoot.language.pii_tagger import COMMON, common_words

Span = tuple[int, int, str]

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_CAP = rf"[{_UP}](?:[^\W\d_]+|['’])*(?:-(?:[^\W\d_]+|['’])+)*"
_INIT = rf"[{_UP}]\.(?:[ \t]?[{_UP}]\.)*"
_PART = (
    r"(?:van|de|der|den|het|'t|’t|ter|ten|te|in|op|el|al|von|zu|da|dos|du|le|la|di|del"
    r"|bin|ibn|abou|abu|bou|ait|d')"
)
# A run: optional initials and particles, a capitalised word, then more words. Written as
#   (?<![\w'’.-])(?:{_INIT}[ \t]*(?:{_PART}[ \t]+)*)?{_CAP}(?:[ \t]+ … {_CAP})*
# but with the first capital pulled in front (both branches start with one) and the look-behind
# placed after it, so that the regex engine can skip quickly to the next capital.
# (letters taken as runs, ``(?:[^\W\d_]+|['’])*``: the same matches as one letter at a time,
# fewer loop steps in the engine)
_CAP_REST = r"(?:[^\W\d_]+|['’])*(?:-(?:[^\W\d_]+|['’])+)*"
_INIT_REST = rf"\.(?:[ \t]?[{_UP}]\.)*"
_SEQ = re.compile(
    rf"[{_UP}](?<![\w'’.-].)(?:{_INIT_REST}[ \t]*(?:{_PART}[ \t]+)*{_CAP}|{_CAP_REST})"
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
    r"|(?:voor|achter|roep|meisjes|geboorte)naam\s*:?"
    r"|verbonden met|gesproken met|afspraak met|contact met|gebeld met|bellen met"
    r"|beste|geachte|lieve|hoi|hallo|hey"
    r"|groet(?:en|jes)?|mvg|m\.v\.g\.|gr\.)\s*[,:]?"
    r"|(?:^|[.!?,:;]|\b(?:goedemorgen|goedemiddag|goedenavond|goedendag|hallo|hoi|dag|ja|hai))"
    r"\s*,?\s*met)\s*$",
    re.IGNORECASE,
)
# \b(?:[Mm]ijn naam is|[Ii]k heet|[Uu] spreekt met|[Jj]e spreekt met|[Mm]et|[Ii]k ben)[ \t]+,
# written to start with a character class so that the engine skips quickly.
_LOWER_CUE = re.compile(
    r"[MmIiUuJj](?<!\w.)(?:(?<=[Mm])ijn naam is|(?<=[Ii])k heet|(?<=[Uu]) spreekt met"
    r"|(?<=[Jj])e spreekt met|(?<=[Mm])et|(?<=[Ii])k ben)[ \t]+(?=[a-z])"
)
_HIER = re.compile(r"[ \t]+hier\b(?![ \t]+(?:is|zijn|in|op|bij))")
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


def _word_class(word: str, data: WordLists) -> int:
    """Whether a word cuts a run of capitals: never (0), always (1), or only at its start (2)."""
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


def _known(word: str, names: frozenset[str]) -> bool:
    return all(part in names for part in word.lower().split("-") if part)


class _Word(NamedTuple):
    """Everything the name logic asks about one word, computed once per distinct word."""

    kind: int  # _NORMAL, _HARD or _SOFT
    particle: bool
    initials: bool
    core: bool  # neither a particle nor initials
    first: bool  # a known first name (each part of a double name)
    surname: bool  # a known surname (each part)
    ambiguous: bool  # also a common word
    street: bool  # ends like a street name
    lower: str
    is_lower: bool


@lru_cache(maxsize=65_536)
def _word(word: str) -> _Word:
    data = lists()
    particle = _is_particle(word, data)
    initials = _INITIALS.fullmatch(word) is not None
    lower = word.lower()
    return _Word(
        kind=_word_class(word, data),
        particle=particle,
        initials=initials,
        core=not particle and not initials,
        first=_known(word, data.first_names),
        surname=_known(word, data.surnames),
        ambiguous=lower in data.ambiguous,
        street=_is_street(word, data),
        lower=lower,
        is_lower=word.islower(),
    )


Token = tuple[int, int, _Word]

# The last word of every _CUE alternative (lower case): a cheap test before the full regex.
_CUE_FINAL = frozenset(
    [
        "mevrouw",
        "mevr",
        "mw",
        "mvr",
        "meneer",
        "mijnheer",
        "mnr",
        "dhr",
        "heer",
        "hr",
        "mr",
        "dr",
        "drs",
        "ir",
        "ing",
        "prof",
        "fam",
        "familie",
        "juffrouw",
        "van",
        "v",
        "is",
        "heet",
        "met",
        "namens",
        "ben",
        "getekend",
        "naam",
        "voornaam",
        "achternaam",
        "roepnaam",
        "meisjesnaam",
        "geboortenaam",
        "contactpersoon",
        "aanvrager",
        "cliënt",
        "gemachtigde",
        "beste",
        "geachte",
        "lieve",
        "hoi",
        "hallo",
        "hey",
        "groet",
        "groeten",
        "groetjes",
        "mvg",
        "g",
        "gr",
    ]
)
# Both read the end of the text before a run; on the reversed text they are plain matches at
# position 0 instead of searches for an end anchor. ``\\s`` and ``\\w`` of ``re`` are exactly
# ``str.isspace`` and ``str.isalnum() or "_"``.
_REV_CUE_TAIL = re.compile(r"[\s,:.]*(\w*)")
_REV_PREVIOUS = re.compile(r"\s*(?:,\s*)?([^\W\d_]*)")


def _may_have_cue(before: str) -> bool:
    """False only when ``_CUE`` cannot match: its last word must end the text, followed by
    nothing but blanks, dots, commas and colons."""
    tail = _REV_CUE_TAIL.match(before[::-1])
    last = tail.group(1)[::-1] if tail else ""
    if not last.isascii():  # case-insensitive matching of non-ASCII letters: ask the regex
        return True
    last = last.lower()
    return last in _CUE_FINAL or last.endswith("met")


def _previous_word(before: str) -> str:
    """The last word before trailing blanks and at most one comma (``[^\\W\\d_]+`` letters),
    as ``re.search(r"([^\\W\\d_]+)\\s*,?\\s*$", before)`` would capture it."""
    previous = _REV_PREVIOUS.match(before[::-1])
    return previous.group(1)[::-1] if previous else ""


def _context_cue(text: str, start: int, data: WordLists) -> bool:
    if start == 0:  # nothing before: no cue and no occupation
        return False
    before = text[max(0, start - 60) : start]
    if _may_have_cue(before) and _CUE.search(before):
        return True
    prev = _previous_word(before)
    return bool(prev) and prev.lower() in data.occupations


def _chunks(run: str) -> Iterator[tuple[list[Token], bool]]:
    """Split a run at blocker words; yield each chunk (offsets within the run) and whether a
    street name follows it."""
    current: list[Token] = []
    starts = True
    for token in _TOKEN.finditer(run):
        info = _word(token.group())
        kind = info.kind
        if kind == _HARD or (kind == _SOFT and starts):
            if current:
                yield current, info.street
            current, starts = [], True
            continue
        current.append((token.start(), token.end(), info))
        starts = starts and info.particle
    if current:
        yield current, False


def _trim(tokens: list[Token]) -> list[Token]:
    end = len(tokens)
    while end and tokens[end - 1][2].particle:
        end -= 1
    begin = 0
    while begin < end and tokens[begin][2].is_lower:
        begin += 1
    return tokens[begin:end]


class _Chunk(NamedTuple):
    """What a chunk of a run needs to become a name, as far as the run itself tells."""

    start: int  # offsets within the run
    end: int
    own_lead: bool  # the name starts at the chunk: no tussenvoegsels before it are taken in
    phrase: bool  # the chunk's own text is a product or place phrase
    always: bool  # a name whatever the context (initials inside, or a known first name)
    inner_particle: bool  # a particle between its words
    article: bool  # it starts with "De", "Het" or "Den"
    plain_surname: bool  # holds a known surname that is not also a common word
    surname: bool  # holds a known surname


def _plan_chunk(run: str, tokens: list[Token], data: WordLists) -> _Chunk | None:
    """The context-free part of choosing the lead and of accepting a chunk as a name."""
    core = [info for _s, _e, info in tokens if info.core]
    if not core:
        return None  # never a name
    start, end, first = tokens[0][0], tokens[-1][1], tokens[0][2]
    return _Chunk(
        start=start,
        end=end,
        # Tussenvoegsels before a surname join the name ("mevrouw van der Meer"), not those
        # before a first name or initials ("de aanvraag van Richard").
        own_lead=first.initials or first.first or (not first.surname and len(core) > 1),
        phrase=_is_phrase(run[start:end].lower(), data),
        always=any(info.initials for _s, _e, info in tokens[:-1])
        or (core[0].first and (not core[0].ambiguous or len(core) > 1)),
        inner_particle=len(tokens) > len(core),
        article=first.lower in ("de", "het", "den"),
        plain_surname=any(info.surname and not info.ambiguous for info in core),
        surname=any(info.surname for info in core),
    )


def _is_phrase(phrase: str, data: WordLists) -> bool:
    return phrase in data.product_phrases or phrase in data.place_phrases


_PREFIX_WORDS = (
    "van", "de", "der", "den", "ter", "ten", "te", "'t", "’t", "el", "al", "von", "du", "da",
    "le", "la", "bin", "ibn", "abu",
)  # fmt: skip


def _prefix_lead(text: str, start: int) -> int:
    """The start of the tussenvoegsels right before ``start`` (``_PREFIX``), else ``start``."""
    window = text[max(0, start - 20) : start]
    stripped = window.rstrip(" \t")
    if len(stripped) == len(window) or not stripped.endswith(_PREFIX_WORDS):
        return start  # _PREFIX needs a particle and then blanks right before the name
    prefix = _PREFIX.search(text, max(0, start - 20), start)
    return prefix.start(1) if prefix else start


@lru_cache(maxsize=65_536)
def _plan(run: str) -> tuple[_Chunk, ...]:
    """The chunks of a run of capitalised words that may be names, with everything about them
    that does not depend on the text around the run; computed once per distinct run."""
    data = lists()
    plan: list[_Chunk] = []
    for chunk, before_street in _chunks(run):
        tokens = _trim(chunk)
        if tokens and not before_street:
            planned = _plan_chunk(run, tokens, data)
            if planned is not None:
                plan.append(planned)
    return tuple(plan)


def _name_start(text: str, base: int, chunk: _Chunk, data: WordLists) -> int | None:
    """Where the name of ``chunk`` (at ``base`` in ``text``) starts, or None when it is none."""
    start, end = base + chunk.start, base + chunk.end
    lead = start if chunk.own_lead else _prefix_lead(text, start)
    if lead == start:
        if chunk.phrase:
            return None
    elif _is_phrase(text[lead:end].lower(), data):
        return None
    if chunk.always or _HIER.match(text, end) or _context_cue(text, lead, data):
        return lead
    if chunk.plain_surname:
        return lead
    if not chunk.surname:
        return None
    particle = lead != start or chunk.inner_particle
    if particle and lead == start and chunk.article:
        particle = not _SENTENCE_START.search(text[max(0, lead - 3) : lead])
    return lead if particle else None


_ANY_UPPER = re.compile(rf"[{_UP}]")


def find_naam(text: str) -> Iterator[Span]:
    data = lists()
    if _ANY_UPPER.search(text):
        for seq in _SEQ.finditer(text):
            plan = _plan(seq.group())
            if not plan:
                continue
            base = seq.start()
            for chunk in plan:
                lead = _name_start(text, base, chunk, data)
                if lead is not None:
                    yield lead, base + chunk.end, "naam"
    if "met" in text or "Met" in text or "heet" in text or "k ben" in text or "naam is" in text:
        # the only ways _LOWER_CUE can match ("[Mm]et", "ik heet", "ik ben", "mijn naam is")
        yield from _find_lower_naam(text, data)


_LOWER_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@cache
def _lower_stop() -> frozenset[str]:
    return lists().not_names - {"de"}


def _lower_tokens(text: str, pos: int, data: WordLists) -> list[tuple[int, int]]:
    stop = _lower_stop()
    tokens: list[tuple[int, int]] = []
    window = text[pos : pos + 60]
    for token in _LOWER_WORD.finditer(window):
        if tokens and text[tokens[-1][1] : pos + token.start()].strip():
            break
        word = token.group()
        info = _word(word)
        if not (info.first or info.surname or word in data.particle_words) or word in stop:
            break
        tokens.append((pos + token.start(), pos + token.end()))
        if len(tokens) == 5:
            break
    return tokens


def _find_lower_naam(text: str, data: WordLists) -> Iterator[Span]:
    """Names written in lower case right after a strong cue ("mijn naam is anouk de vries")."""
    for cue in _LOWER_CUE.finditer(text):
        tokens = _lower_tokens(text, cue.end(), data)
        while tokens and text[tokens[-1][0] : tokens[-1][1]] in data.particle_words:
            tokens.pop()
        if tokens and text[tokens[0][0] : tokens[0][1]] not in data.particle_words:
            yield tokens[0][0], tokens[-1][1], "naam"


# A word spelled out right after it, letter by letter ("mensah m e n s a h", "Ferreira.
# F-e-r-r-e-i-r-a", "kross met k r o s s"): callers spell names (and streets, which the address
# recognisers have taken by then), so such a word that nothing else took and that is no common
# word (the tagger's counts) is a name.
_SPELLED = re.compile(r"(?<![\w'’])[^\W\d_](?:(?:[ \t]+|-)[^\W\d_](?![\w'’])){2,}")
_SPELLED_WORD = re.compile(r"([^\W\d_][^\W\d_'’-]+)[^\w]*(?:(?:met|ja|zei|is|dat)[^\w]+)?$")


def _letters(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in plain if ch.isalpha())


# two single letters in a row (the scan starts at a blank or a dash, which the engine finds fast)
_SPELLED_HINT = re.compile(r"[ \t-][^\W\d_](?:[ \t]+|-)[^\W\d_](?![\w'’])")


def spelled_names(text: str, spans: list[Span]) -> list[Span]:
    """Words spelled out right after them that no span covers yet, as names."""
    found: list[Span] = []
    if _SPELLED_HINT.search(text) is None:
        return found
    for spelling in _SPELLED.finditer(text):
        word = _SPELLED_WORD.search(text, max(0, spelling.start() - 40), spelling.start())
        if (
            word is None
            or _letters(word.group(1)) != _letters(spelling.group())
            or common_words().get(word.group(1).lower(), 0) >= COMMON  # "de brief, b r i e f"
        ):
            continue
        start, end = word.span(1)
        if not any(s < end and start < e for s, e, _ in spans):
            found.append((start, end, "naam"))
    return found
