"""Text basics for Dutch: tokens, words, sentences, lemmas and language detection.

Pure functions without I/O beyond reading the package's own data files once. Offsets are
code points in the input text.

- :func:`tokens` keeps e-mail addresses, URLs, IBANs, licence plates ("12-ABC-3"), dotted
  abbreviations ("z.s.m."), amounts ("€ 1.234,56"), times and dates whole.
- :func:`sentences` knows Dutch abbreviations (``data/text/abbreviations.txt``): no split after
  "Mw.", "Dhr.", "tel.", "nr.", "o.a.", "bijv.", initials ("P. Jansen") or list numbers.
- :func:`lemma` uses simplemma (Dutch), cached.
- :func:`detect_language` uses the writing system and function-word profiles
  (``data/text/languages.json``); it returns ``"nld"`` for short or unclear text.
- :func:`shorten` keeps a text within a length limit, cut at a word and ending in "…".
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

__all__ = [
    "STOPWORDS",
    "Sentence",
    "Token",
    "abbreviations",
    "detect_language",
    "edit_distance",
    "lemma",
    "lemmas",
    "lower_first",
    "sentences",
    "shorten",
    "tokens",
    "words",
]


@dataclass(frozen=True, slots=True)
class Token:
    """A token and its code-point offsets in the original text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (stripped of surrounding white space) and its offsets."""

    text: str
    start: int
    end: int


def data_text(*parts: str) -> str:
    """The text of a data file shipped in ``reisgenoot/language/data``."""
    resource = resources.files("reisgenoot.language").joinpath("data", *parts)
    return resource.read_text(encoding="utf-8")


def word_list(*parts: str) -> frozenset[str]:
    """A data file of one entry per line (``#`` starts a comment), as a set."""
    lines = (line.split("#", 1)[0].strip() for line in data_text(*parts).splitlines())
    return frozenset(line for line in lines if line)


STOPWORDS = word_list("text", "stopwords.txt")
"""The one Dutch stop-word list: function words, greetings and fillers that carry no topic."""


# --- tokens -------------------------------------------------------------------------------

_TOKEN_PATTERNS = (
    r"(?P<url>(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]])",
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})",
    r"(?P<iban>\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b)",
    r"(?P<amount>(?:€|EUR)\s?\d{1,3}(?:\.\d{3})*(?:,(?:\d{1,2}|-))?(?!\d)"
    r"|(?:€|EUR)\s?\d+(?:,(?:\d{1,2}|-))?)",
    r"(?P<dotted>\b(?:[^\W\d_]{1,2}\.){2,}(?![^\W\d_]))",
    r"(?P<number>\d+(?:[.,:/-]\d+)*(?:-[^\W\d_]+(?:-\w+)*)?)",
    r"(?P<word>\w+(?:['’]\w+)*(?:[-/]\w+(?:['’]\w+)*)*)",
    r"(?P<apos>['’][st]\b)",
    r"(?P<emoticon>[:;=8][-o^']?[()\[\]DPp/\\|*]+(?!\w))",
    r"(?P<bang>[!?]+1*[!?1]*)",
    r"(?P<ellipsis>\.{2,}|…)",
    r"(?P<other>\S)",
)
_TOKEN_RE = re.compile("|".join(_TOKEN_PATTERNS))
_WORDLIKE = re.compile(r"\w")


@cache
def abbreviations() -> dict[str, bool]:
    """Known abbreviations (lowercase, with the final dot) → whether they may end a sentence."""
    result: dict[str, bool] = {}
    for raw in data_text("text", "abbreviations.txt").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        may_end = line.endswith(" *")
        result[line.removesuffix(" *").strip()] = may_end
    return result


def tokens(text: str) -> list[Token]:
    """Split ``text`` into tokens with offsets.

    >>> [t.text for t in tokens("Bel Dhr. Jansen z.s.m. over € 1.234,56!")]
    ['Bel', 'Dhr.', 'Jansen', 'z.s.m.', 'over', '€ 1.234,56', '!']
    """
    known = abbreviations()
    result: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        kind = match.lastgroup
        if kind == "word" and end < len(text) and text[end] == ".":
            candidate = text[start : end + 1].lower()
            if candidate in known:
                end += 1
        if result and start < result[-1].end:
            continue  # the "." already belongs to the abbreviation before it
        result.append(Token(text[start:end], start, end))
    return result


def words(text: str) -> list[str]:
    """Lowercase word tokens, without punctuation.

    >>> words("Ik heb AL 3 keer gebeld!!")
    ['ik', 'heb', 'al', '3', 'keer', 'gebeld']
    """
    return [t.text.lower() for t in tokens(text) if _WORDLIKE.match(t.text)]


# --- sentences ----------------------------------------------------------------------------

_END_RE = re.compile(
    r"[.!?…]+[\"'”’)\]]*(?=\s)|[.!?…]+[\"'”’)\]]*\Z"
    r"|\n[ \t]*(?:\n\s*)+|\n(?=[ \t]*(?:[-*•·]|\d+[.)][ \t]|[A-Z0-9]))"
)
_NEXT_START_RE = re.compile(r"\s*[\"'“‘(\[]*(?P<first>\S)")
_LAST_WORD_RE = re.compile(r"(\S+)\Z")


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """Decide whether the punctuation at ``match`` ends a sentence."""
    mark = match.group()
    if "\n" in mark or mark[0] in "!?…":
        return True
    if mark.startswith(".."):
        return _next_is_capital(text, match.end())
    before = _LAST_WORD_RE.search(text, max(0, match.start() - 80), match.start())
    last = (before.group(1) if before else "") + "."
    lowered = last.lower().lstrip("\"'“‘([")
    known = abbreviations()
    if lowered in known:
        return known[lowered] and _next_is_capital(text, match.end())
    core = lowered[:-1]
    if len(core) == 1 and core.isalpha() and last[-2:-1].isupper():
        return False  # an initial: "P. Jansen"
    # a list number ("1. Vul het formulier in.") does not end a sentence
    return not (core.isdigit() and _line_start(text, before.start() if before else 0))


def _next_is_capital(text: str, position: int) -> bool:
    following = _NEXT_START_RE.match(text, position)
    if not following:
        return True
    first = following.group("first")
    return first.isupper() or first.isdigit()


def _line_start(text: str, position: int) -> bool:
    window = max(0, position - 16)
    line_start = text.rfind("\n", window, position) + 1
    if line_start == 0 and window > 0:
        return False
    return not text[line_start:position].strip()


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets.

    >>> [s.text for s in sentences("Mw. De Vries belt o.a. over nr. 12. Dank u!")]
    ['Mw. De Vries belt o.a. over nr. 12.', 'Dank u!']
    """
    cuts = [0]
    for match in _END_RE.finditer(text):
        if _is_boundary(text, match):
            cuts.append(match.end())
    cuts.append(len(text))
    result: list[Sentence] = []
    for start, end in itertools.pairwise(cuts):
        _append_stripped(text, start, end, result)
    return result


def _append_stripped(text: str, start: int, end: int, into: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and _WORDLIKE.search(text, start, end):
        into.append(Sentence(text[start:end], start, end))
    elif start < end and into:
        last = into[-1]
        into[-1] = Sentence(text[last.start : end], last.start, end)


# --- shortening ---------------------------------------------------------------------------

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """``text`` (stripped) in at most ``limit`` characters: when it is longer, cut after the
    last whole word that fits (trailing ``,;:`` dropped) and end with "…".

    >>> shorten("Mijn grofvuil is niet opgehaald.", 20)
    'Mijn grofvuil is…'
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    head = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ")
    return head + ELLIPSIS


# --- lemmas -------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The Dutch lemma of ``word`` (simplemma), lowercased: "gebeld" → "bellen"."""
    lowered = word.lower()
    if not lowered or not _WORDLIKE.search(lowered) or len(lowered) > 64:
        return lowered
    import simplemma

    try:
        found = simplemma.lemmatize(lowered, lang="nl")
    except (ValueError, TypeError):  # pragma: no cover - defensive
        return lowered
    return str(found).lower()


def lemmas(items: Iterable[str]) -> list[str]:
    """The lemma of each word, in order."""
    return [lemma(word) for word in items]


# --- language detection -------------------------------------------------------------------

_SCRIPTS = (
    ("ARABIC", "ara"),
    ("CYRILLIC", "rus"),
    ("GREEK", "ell"),
    ("HEBREW", "heb"),
    ("ETHIOPIC", "tir"),
    ("DEVANAGARI", "hin"),
    ("THAI", "tha"),
    ("HANGUL", "kor"),
    ("HIRAGANA", "jpn"),
    ("KATAKANA", "jpn"),
    ("CJK", "zho"),
)
_MIN_WORDS = 3
_SAMPLE = 4000


@cache
def _profiles() -> dict[str, dict[str, float]]:
    raw = json.loads(data_text("text", "languages.json"))
    sets = {code: set(items) for code, items in raw.items() if not code.startswith("_")}
    counts: dict[str, int] = {}
    for members in sets.values():
        for word in members:
            counts[word] = counts.get(word, 0) + 1
    return {code: {w: 1.0 / counts[w] for w in members} for code, members in sets.items()}


def _script_language(text: str) -> str | None:
    tally: dict[str, int] = {}
    letters = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        if char.isascii():
            continue
        name = unicodedata.name(char, "")
        for prefix, code in _SCRIPTS:
            if name.startswith(prefix):
                tally[code] = tally.get(code, 0) + 1
                break
    if not tally or letters == 0:
        return None
    code, count = max(tally.items(), key=lambda item: item[1])
    if code == "rus" and any(char in text for char in "іїєґ"):
        code = "ukr"
    return code if count * 2 >= letters else None


def detect_language(text: str, *, known_words: Iterable[str] | None = None) -> str:
    """The language of ``text`` as a three-letter code ("nld", "eng", "deu", "tur", …).

    Short or unclear text gives "nld": "Ja", "Oké, prima, doei" and "Dank je wel!" are Dutch.
    ``known_words`` are the :func:`words` of ``text`` when the caller has them already (an
    analysis); they are used when the text is within the sample size.
    """
    sample = text[:_SAMPLE]
    by_script = _script_language(sample)
    if by_script:
        return by_script
    if known_words is None or len(text) > _SAMPLE:
        known_words = words(sample)
    found = [w for w in known_words if not w.isdigit()]
    if len(found) < _MIN_WORDS:
        return "nld"
    scores: dict[str, float] = {}
    for code, profile in _profiles().items():
        scores[code] = sum(profile.get(word, 0.0) for word in found)
    best = max(scores, key=lambda code: scores[code])
    dutch = scores.get("nld", 0.0)
    if best == "nld" or scores[best] < 1.0 or scores[best] <= dutch * 1.2 + 0.25:
        return "nld"
    return best


def edit_distance(a: Sequence[Hashable], b: Sequence[Hashable], limit: int | None = None) -> int:
    """Levenshtein distance of ``a`` and ``b`` (letters of a word, or words of a text:
    substitutions, insertions, deletions). With ``limit``, the work stops once the distance is
    sure to exceed it, and ``limit + 1`` is returned then."""
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, item in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (item != other))
            )
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def lower_first(text: str) -> str:
    """Lowercase the opening word when it is an ordinary capitalised word ("U", "De"), not an
    abbreviation or a name written with more capitals ("ID-kaart", "EU"): to continue a
    sentence after a colon or a parenthesis."""
    first = text.split(" ", 1)[0]
    if first == "Eén":
        return "één" + text[3:]
    if len(first) > 1 and first[0].isupper() and first[1:] == first[1:].lower():
        return text[:1].lower() + text[1:]
    if first == "U":
        return "u" + text[1:]
    return text
