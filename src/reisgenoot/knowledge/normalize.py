"""Dutch normalisation for lexical retrieval: the same function for articles and questions.

``terms(text)`` lowercases, folds accents, maps resident words to the official term of the
curated list (``data/synoniemen.json``: "id-kaart" → identiteitskaart, "vuilnis" → afval),
lemmatises with the language core and splits compounds greedily over a vocabulary (wordfreq
Dutch plus the words of the kennisbank), so "parkeervergunning" also yields "parkeren" and
"vergunning" and meets "vergunning om te parkeren". Terms from expansions carry a lower weight.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from reisgenoot.language.text import STOPWORDS, lemma

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
SYNONYM_WEIGHT = 0.7
PART_WEIGHT = 0.5
MIN_COMPOUND = 8
MIN_HEAD, MIN_TAIL = 4, 4
COMMON_WORDS = 20_000  # the most frequent words are never split ("parkeren" ≠ par + keren)
VOCAB_SIZE = 60_000
MIN_ZIPF_RANK_WORD = 3  # shortest wordfreq word used as a compound part
LINKING = ("s", "en", "e")
# Heads that are prefixes rather than words: "ver-huizen" is not "ver" + "huizen".
_BAD_HEADS = "aan af be bij door er ge her in mis na om on ont op over te toe uit ver voor weg"
BAD_HEADS = frozenset(_BAD_HEADS.split())


def fold(text: str) -> str:
    """Lowercase and strip accents: "Café" → "cafe", "geïnd" → "geind"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def raw_words(text: str) -> list[str]:
    """Folded word tokens (hyphenated words stay whole)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Resident word or phrase (folded) → official term, from ``data/synoniemen.json``."""
    data = resources.files("reisgenoot.knowledge") / "data" / "synoniemen.json"
    groups: dict[str, list[str]] = json.loads(data.read_text(encoding="utf-8"))["termen"]
    mapping: dict[str, str] = {}
    for official, variants in groups.items():
        for variant in variants:
            mapping[" ".join(raw_words(variant))] = fold(official)
    return mapping


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The most frequent Dutch words: kept whole even when they look like compounds."""
    from wordfreq import top_n_list

    return frozenset(fold(w) for w in top_n_list("nl", COMMON_WORDS))


@lru_cache(maxsize=1)
def _max_phrase() -> int:
    return max((key.count(" ") + 1 for key in synonyms()), default=1)


@lru_cache(maxsize=1)
def base_vocabulary() -> frozenset[str]:
    """Frequent Dutch words (wordfreq, CC-BY-SA-4.0) usable as compound parts."""
    from wordfreq import top_n_list

    return frozenset(
        fold(w)
        for w in top_n_list("nl", VOCAB_SIZE)
        if len(w) >= MIN_ZIPF_RANK_WORD and w.isalpha()
    )


def _lemma(word: str) -> str:
    return lemma(word).replace("_", "")


class Normaliser:
    """Turns text into weighted terms; ``extra_vocabulary`` adds the kennisbank's own words."""

    def __init__(self, extra_vocabulary: Iterable[str] = ()) -> None:
        self.vocabulary = base_vocabulary() | frozenset(
            w for w in (fold(x) for x in extra_vocabulary) if len(w) >= MIN_HEAD and w.isalpha()
        )
        self._split = lru_cache(maxsize=100_000)(self._split_uncached)
        self._word_terms = lru_cache(maxsize=200_000)(self._word_terms_uncached)

    # --- compounds ------------------------------------------------------------------------

    def _part(self, part: str) -> str | None:
        """``part`` as a known word: itself, without a linking morpheme, or a verb stem + en."""
        if part in BAD_HEADS:
            return None
        if part in self.vocabulary:
            return part
        for link in LINKING:
            stem = part.removesuffix(link)
            if stem != part and len(stem) >= MIN_HEAD and stem in self.vocabulary:
                return stem
        if part + "en" in self.vocabulary:  # "parkeer" → "parkeren"
            return part + "en"
        return None

    def _split_uncached(self, word: str) -> tuple[str, ...]:
        """Greedy split, longest known tail first: "parkeervergunning" → (parkeren, vergunning)."""
        if len(word) < MIN_COMPOUND or not word.isalpha() or word in common_words():
            return ()
        return self._split_parts(word)

    def _split_parts(self, word: str) -> tuple[str, ...]:
        for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
            tail = word[cut:]
            if tail not in self.vocabulary:
                continue
            head = word[:cut]
            known = self._part(head)
            if known is not None:
                return (known, tail)
            deeper = self._split_parts(head) if len(head) >= MIN_COMPOUND else ()
            if deeper:
                return (*deeper, tail)
        return ()

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound (empty when ``word`` is not one or is a common word)."""
        return self._split(fold(word))

    # --- terms ----------------------------------------------------------------------------

    def _word_terms_uncached(self, word: str) -> tuple[tuple[str, float], ...]:
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            return ()
        found: list[tuple[str, float]] = [(_lemma(word), 1.0)]
        pieces = [p for p in word.split("-") if p] if "-" in word else []
        parts = list(pieces) if len(pieces) > 1 else list(self._split(word))
        found.extend((_lemma(part), PART_WEIGHT) for part in parts if part not in STOPWORDS)
        return tuple(found)

    def weighted_terms(self, text: str) -> dict[str, float]:
        """Terms with weights: 1 for words, less for synonym expansions and compound parts."""
        words = raw_words(text)
        counts: defaultdict[str, float] = defaultdict(float)
        mapping = synonyms()
        for index, word in enumerate(words):
            for term, weight in self._word_terms(word):
                counts[term] += weight
            for size in range(1, _max_phrase() + 1):
                phrase = " ".join(words[index : index + size])
                if index + size <= len(words) and phrase in mapping:
                    for official in mapping[phrase].split():
                        for term, weight in self._word_terms(official):
                            counts[term] += weight * SYNONYM_WEIGHT
        return dict(counts)

    def terms(self, text: str) -> list[str]:
        """The distinct terms of ``text`` (for coverage and tests)."""
        return sorted(self.weighted_terms(text))

    def surface_terms(self, text: str) -> set[str]:
        """Lemmas of the words actually written (no expansions), for coverage features."""
        return {_lemma(w) for w in raw_words(text) if w not in STOPWORDS and len(w) > 1}


@lru_cache(maxsize=1)
def default_normaliser() -> Normaliser:
    """A normaliser over the wordfreq vocabulary only (for callers without a kennisbank)."""
    return Normaliser()
