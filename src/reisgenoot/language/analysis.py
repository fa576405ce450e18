"""One analysis of a text by the language core: tokens, sentences, lemmas, personal data, tone.

Several steps of a capability need the same facts about one turn of a conversation: topics
need its lemmas, the registration draft its sentences and personal data, the alert its tone.
:func:`analyse` computes them once; the :class:`TurnAnalysis` is frozen, so it can be kept
with the turn (live assist keeps one per turn with its session) and read by every step.

- ``tokens``, ``sentences``: :func:`reisgenoot.language.text.tokens` and ``sentences``
  (:meth:`TurnAnalysis.words`: the words among the tokens, e.g. for language detection).
- ``lemmas``: the lemma of every word (hyphenated words split: "WOZ-waarde" → "woz",
  "waarde"; numbers left out), with ``lemma_starts``, the offset of each word, so a part of the
  text (a sentence) has its lemmas without lemmatising again (:meth:`TurnAnalysis.lemmas_in`).
- ``entities``: personal data (:func:`reisgenoot.language.pii.detect`);
  :meth:`TurnAnalysis.redacted` gives any part of the text with its entities as type tags.
- ``tone``: :func:`reisgenoot.language.tone.analyse_tone`, only when asked for: the tone of
  residents' words is assessed, never an employee's (contracts §10).

Offsets are code points in the text, as everywhere in the language core. :func:`analyse` never
raises on text: should personal-data detection fail on some unforeseen input, every digit run
and e-mail-like word counts as personal data (as in :func:`reisgenoot.language.pii.redact`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from reisgenoot.language.pii import Entity, apply, detect
from reisgenoot.language.text import Sentence, Token, lemma, sentences, tokens
from reisgenoot.language.tone import ToneResult, analyse_tone

__all__ = ["TurnAnalysis", "analyse", "word_lemmas"]

_WORDLIKE = re.compile(r"\w")
_FALLBACK = re.compile(r"\d[\d .-]*|[\w.+-]+@[\w.-]+")


@dataclass(frozen=True, slots=True)
class TurnAnalysis:
    """What the language core knows about one text (see the module's description)."""

    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    lemmas: tuple[str, ...]
    lemma_starts: tuple[int, ...]
    entities: tuple[Entity, ...]
    tone: ToneResult | None = None

    def lemmas_in(self, start: int, end: int) -> tuple[str, ...]:
        """The lemmas of the words that start in ``text[start:end]``."""
        low = bisect.bisect_left(self.lemma_starts, start)
        high = bisect.bisect_left(self.lemma_starts, end)
        return self.lemmas[low:high]

    def words(self) -> list[str]:
        """The lowercase words of the text (:func:`reisgenoot.language.text.words`)."""
        return [t.text.lower() for t in self.tokens if _WORDLIKE.match(t.text)]

    def entities_in(self, start: int, end: int) -> tuple[Entity, ...]:
        """The entities that overlap ``text[start:end]``."""
        return tuple(e for e in self.entities if e.start < end and e.end > start)

    def redacted(self, start: int = 0, end: int | None = None) -> str:
        """``text[start:end]`` with its personal data replaced by type tags (``[NAAM]``); an
        entity that reaches over the edge of the part is tagged too."""
        stop = len(self.text) if end is None else end
        part = self.text[start:stop]
        clipped = [
            Entity(max(e.start, start) - start, min(e.end, stop) - start, e.type, "")
            for e in self.entities_in(start, stop)
        ]
        return apply(part, clipped)


def _pieces(text: str, found: list[Token]) -> list[tuple[str, int]]:
    """Every token with its offset; a run of tokens written together that holds a hyphen
    ("WOZ-waarde", "06-12345678") is tokenised again with the hyphens as spaces."""
    result: list[tuple[str, int]] = []
    run: list[Token] = []
    for token in [*found, None]:
        if token is not None and (not run or token.start == run[-1].end):
            run.append(token)
            continue
        if any("-" in t.text for t in run):
            start = run[0].start
            part = text[start : run[-1].end].replace("-", " ")
            result.extend((t.text, start + t.start) for t in tokens(part))
        else:
            result.extend((t.text, t.start) for t in run)
        run = [token] if token is not None else []
    return result


def _lemma_words(text: str, found: list[Token]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The lemmas of the words of ``text`` and their offsets: hyphenated words split, numbers
    left out."""
    items: list[str] = []
    starts: list[int] = []
    for word, start in _pieces(text, found):
        lowered = word.lower()
        if _WORDLIKE.match(lowered) and not lowered.isdigit():
            items.append(lemma(lowered))
            starts.append(start)
    return tuple(items), tuple(starts)


def _entities(text: str) -> tuple[Entity, ...]:
    try:
        return tuple(detect(text))
    except Exception:
        return tuple(Entity(m.start(), m.end(), "pii", m.group()) for m in _FALLBACK.finditer(text))


def analyse(text: str, *, tone: bool = False) -> TurnAnalysis:
    """Analyse ``text`` once. ``tone=True`` also scores its tone: only for a resident's words."""
    found = tokens(text)
    lemmas, starts = _lemma_words(text, found)
    return TurnAnalysis(
        text=text,
        tokens=tuple(found),
        sentences=tuple(sentences(text)),
        lemmas=lemmas,
        lemma_starts=starts,
        entities=_entities(text),
        tone=analyse_tone(text) if tone else None,
    )


def word_lemmas(text: str) -> list[str]:
    """The lemmas of the words of ``text``, as in :attr:`TurnAnalysis.lemmas` (for a text that
    needs nothing else: a product name, a training sentence)."""
    return list(_lemma_words(text, tokens(text))[0])
