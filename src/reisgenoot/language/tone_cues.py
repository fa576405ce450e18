"""Data behind the tone scorer: normalisation, cue lists and Pattern's Dutch lexicon.

- :func:`normalise` turns a resident's text into lowercase words with informal spellings
  expanded ("kzou" → "ik zou", "nie" → "niet", "ff" → "even"), stretched letters collapsed
  ("belaaachelijk" → "belachelijk") and sentence ends kept as ".".
- :func:`cue_patterns` compiles the project's cue lists (``data/tone/cues.json``).
- :func:`lexicon` parses Pattern's ``nl-sentiment.xml`` (PDDL) into word → polarity.

All data is loaded lazily, once per process.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from typing import Any

from reisgenoot.language.text import data_text, tokens

__all__ = [
    "CUE_CATEGORIES",
    "Normalised",
    "cue_patterns",
    "cues_data",
    "lexicon",
    "lexicon_polarity",
    "normalise",
]

CUE_CATEGORIES = (
    "anger",
    "anger_strong",
    "complaint",
    "polite_anger",
    "sarcasm",
    "sarcasm_context",
    "worry",
    "worry_situation",
    "positive",
    "neutral_politeness",
    "threat",
    "despair",
    "selfharm",
    "vulnerable_money",
    "vulnerable_children",
    "vulnerable_direct",
    "stuck_duration",
    "stuck_problem",
    "stuck_strong",
    "asks_person",
    "asks_manager",
    "time_pressure",
    "worry_serious",
)
_STRETCH = re.compile(r"([^\W\d_])\1{2,}")
_SENTENCE_END = frozenset({".", "!", "?", "…", "?!", "!?"})
MAX_SCORED_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Normalised:
    """A resident's text prepared for the cue patterns.

    ``text`` is the words joined by single spaces with " . " at sentence ends; ``words`` are
    the same words in order; ``clauses`` gives each word's clause number (commas, sentence
    ends and "maar" start a new clause); ``stretched`` counts words with stretched letters.
    """

    text: str
    words: tuple[str, ...]
    clauses: tuple[int, ...]
    stretched: int

    def word_index(self, position: int) -> int:
        """The index in :attr:`words` of the word starting at or after ``position``."""
        return self.text.count(" ", 0, position) if position else 0


@cache
def cues_data() -> dict[str, Any]:
    """The parsed ``cues.json``."""
    loaded: dict[str, Any] = json.loads(data_text("tone", "cues.json"))
    return loaded


@cache
def cue_patterns() -> dict[str, re.Pattern[str]]:
    """One compiled alternation per cue category, matching whole words."""
    data = cues_data()
    compiled: dict[str, re.Pattern[str]] = {}
    for category in CUE_CATEGORIES:
        items = sorted(data.get(category, []), key=len, reverse=True)
        body = "|".join(f"(?:{item})" for item in items) or r"(?!x)x"
        compiled[category] = re.compile(rf"(?<![\w'])(?:{body})(?![\w'])")
    return compiled


@cache
def _informal() -> dict[str, str]:
    mapping: dict[str, str] = cues_data()["informal"]
    return mapping


@cache
def _known_words() -> frozenset[str]:
    known = set(lexicon())
    for category in CUE_CATEGORIES:
        for item in cues_data().get(category, []):
            known.update(re.findall(r"[^\W\d_]+", item))
    return frozenset(known)


def _unstretch(word: str) -> str:
    if not _STRETCH.search(word):
        return word
    double = _STRETCH.sub(r"\1\1", word)
    single = _STRETCH.sub(r"\1", word)
    known = _known_words()
    if double in known or double in _informal():
        return double
    if single in known or single in _informal():
        return single
    return double if re.search(r"(aa|ee|oo|uu)", double) else single


def normalise(text: str) -> Normalised:
    """Prepare ``text`` for the cue patterns (see :class:`Normalised`)."""
    informal = _informal()
    out: list[str] = []
    clauses: list[int] = []
    clause = 0
    stretched = 0
    for token in tokens(text[:MAX_SCORED_CHARS]):
        raw = token.text.lower()
        if raw in _SENTENCE_END or raw.startswith(("!", "?")):
            if out and out[-1] != ".":
                out.append(".")
                clauses.append(clause)
            clause += 1
            continue
        if raw in {",", ";", ":", "(", ")", "-", "–"}:
            clause += 1
            continue
        if not any(char.isalnum() for char in raw) and raw not in informal:
            if len(raw) > 1 or not raw.isascii():
                out.append(raw)  # emoticons and emoji stay: ":)", "🙄"
                clauses.append(clause)
            continue
        word = _unstretch(raw)
        stretched += word != raw
        if word == "maar":
            clause += 1
        for part in informal.get(word, word).split():
            out.append(part)
            clauses.append(clause)
    return Normalised(" ".join(out), tuple(out), tuple(clauses), stretched)


@cache
def lexicon() -> dict[str, float]:
    """Pattern's Dutch adjectives → mean polarity (−1..+1), attributive forms included."""
    resource = data_text("tone", "nl-sentiment.xml")
    root = ET.fromstring(resource)  # noqa: S314 - trusted file shipped with the package
    senses: dict[str, list[float]] = {}
    for element in root.iter("word"):
        form = (element.get("form") or "").lower()
        if not form:
            continue
        try:
            polarity = float(element.get("polarity") or 0.0)
        except ValueError:
            continue
        senses.setdefault(form, []).append(polarity)
    result = {form: sum(values) / len(values) for form, values in senses.items()}
    for form, polarity in list(result.items()):
        result.setdefault(_attributive(form), polarity)
    return result


_VOWELS = "aeiou"


def _attributive(adjective: str) -> str:
    """Dutch attributive form: "slecht" → "slechte", "boos" → "boze", "dik" → "dikke"."""
    if adjective.endswith(("e", "en", "isch")):
        return adjective + ("e" if adjective.endswith("isch") else "")
    stem = adjective
    if stem.endswith("s") and len(stem) > 3 and stem[-2] in _VOWELS and stem[-3] in _VOWELS:
        stem = stem[:-3] + stem[-2] + "z"  # boos → boz
    elif stem.endswith("f") and len(stem) > 3 and stem[-2] in _VOWELS and stem[-3] in _VOWELS:
        stem = stem[:-3] + stem[-2] + "v"  # braaf → brav
    elif len(stem) > 3 and stem[-2] == stem[-3] and stem[-2] in _VOWELS and stem[-1] not in _VOWELS:
        stem = stem[:-3] + stem[-2] + stem[-1]  # groot → grot
    elif (
        len(stem) > 2
        and stem[-1] not in _VOWELS + "wy"
        and stem[-2] in _VOWELS
        and stem[-3] not in _VOWELS
        and not stem.endswith(("ig", "lijk", "baar", "loos", "zaam"))
    ):
        stem = stem + stem[-1]  # dik → dikk
    return stem + "e"


def lexicon_polarity(word: str) -> float | None:
    """Polarity of a word in Pattern's lexicon, or None when it is not there."""
    return lexicon().get(word)
