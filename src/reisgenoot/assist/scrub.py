"""Personal data the sentence-level detector misses, removed from the draft's texts.

A name is often said in full once ("u spreekt met Femke Dijkstra") and later on its own
("dank je, Femke", "mevrouw Dijkstra"). The detector sees one sentence at a time; here the
conversation is known. :func:`known_names` gathers the words of every name the language core
found in any turn; :func:`scrub` replaces them anywhere in a composed text with ``[NAAM]``, as
well as a capitalised word after "mevrouw"/"meneer", spelled-out letters ("G-H-E-B-R-E") and long
digit runs said in pieces ("w i 2025 0 6 6 1 8"). The placeholder stays, so the sentence keeps
its shape ("verhuisd van [ADRES] naar …").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.language.text import STOPWORDS

__all__ = ["known_names", "scrub"]

_PARTICLES = frozenset(
    {"van", "de", "der", "den", "ter", "ten", "te", "het", "in", "op", "el", "al", "la", "le"}
)
_HONORIFIC = re.compile(
    r"\b(?P<title>mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|juffrouw|familie)\s+"
    r"(?P<name>(?:(?:van|de|der|den|ter|ten|te|el|al|'t)\s+)*[A-Z][\w'’-]+)"
)
RARE_ZIPF = 4.1  # a word rarer than this in Dutch (wordfreq) after a name cue is a name
_CUE = re.compile(
    r"\b(?:mijn naam is|naam is|u spreekt met|spreekt met|ik ben|met|meneer|mevrouw|mevr|dhr"
    r"|de heer|juffrouw|dag|hoi|hallo|dank je|bedankt)\s+",
    re.IGNORECASE,
)
_SPELLED = re.compile(r"\b(?:[A-Za-z]\s?[-.]\s?){3,}[A-Za-z]\b|\b(?:[A-Za-z] ){4,}[A-Za-z]\b")
_DIGITS = re.compile(r"\b(?:[A-Za-z]{1,4}[- ])?(?:\d[\s.-]?){5,}\d?\b")
_TAGS = re.compile(r"(\[[A-Z_]+\])(?:[\s,]+\1)+")


def _rare(word: str) -> bool:
    from wordfreq import zipf_frequency

    return word.isalpha() and word not in STOPWORDS and zipf_frequency(word, "nl") < RARE_ZIPF


def cued_names(text: str) -> list[str]:
    """Names after a cue ("mijn naam is", "meneer") in lowercase speech-to-text: the rare words
    (wordfreq) right after the cue, with their particles ("el amrani", "van dam")."""
    found: list[str] = []
    for match in _CUE.finditer(text):
        words: list[str] = []
        for token in text[match.end() :].split()[:4]:
            word = token.strip(".,;:!?").lower()
            if word in _PARTICLES and not token.endswith((",", ".")):
                words.append(word)
            elif _rare(word):
                words.append(word)
                if token.endswith((",", ".")):
                    break
            else:
                break
        while words and words[-1] in _PARTICLES:
            words.pop()
        if words:
            found.append(" ".join(words))
    return found


def known_names(turns: Sequence[AnalysedTurn], extra: Iterable[str] = ()) -> frozenset[str]:
    """The words of the names found in the conversation (lowercase, particles left out)."""
    words: set[str] = set()
    texts = [e.text for said in turns for e in said.analysis.entities if e.type == "naam"]
    texts += [name for said in turns for name in cued_names(said.text)]
    for text in [*texts, *extra]:
        for word in re.findall(r"[^\W\d_][\w'’-]*", text):
            lowered = word.lower()
            if len(lowered) >= 2 and lowered not in _PARTICLES and lowered not in STOPWORDS:
                words.add(lowered)
    return frozenset(words)


def scrub(text: str, names: frozenset[str]) -> str:
    """``text`` without the conversation's names, spelled letters and long digit runs."""
    if not text:
        return text
    result = _HONORIFIC.sub(lambda m: f"{m.group('title')} [NAAM]", text)
    if names:
        alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w\[])(?:{alternatives})(?![\w\]])", re.IGNORECASE)
        result = pattern.sub("[NAAM]", result)
    result = _SPELLED.sub("[NAAM]", result)
    result = _DIGITS.sub("[NUMMER]", result)
    return _TAGS.sub(r"\1", result)
