"""The words of a registration: sentences picked from the turns, cleaned of personal data.

The sentences and personal data come from each turn's analysis (:mod:`reisgenoot.assist.analysed`):
a sentence is a part of its turn, so it is never split, lemmatised or searched for personal
data again. :func:`specifieke_vraag` picks the resident's sentence that states a question best;
:func:`reactie` collects the employee's informative sentences. Greetings and introductions at
the start of a turn ("Goedemorgen, met Karel de Boer.") are left out.

:func:`clean` is for text the draft composes itself (the inhoud, the task): it is redacted as a
whole; :func:`settled` redacts a finished field until the detector finds nothing in it. Either way personal data becomes a typed placeholder ("verhuisd van [ADRES] naar …"), so
the sentence keeps its shape (contracts §11: no personal data outside the betrokkene and a
callback's contact details).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reisgenoot.assist import tables
from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.known_data import KnownData, holds_known
from reisgenoot.assist.scrub import tidy_placeholders
from reisgenoot.assist.topics import Question
from reisgenoot.language.analysis import TurnAnalysis
from reisgenoot.language.pii import apply, detect, redact
from reisgenoot.language.text import shorten

SPECIFIEK_MAX = 180
REACTIE_PART_MAX = 600
MIN_SPECIFIC = 12  # shorter sentences hardly state a question
SETTLE_ROUNDS = 3  # redactions of a composed field until the detector finds nothing
MIN_INFORMATIVE = 25  # shorter employee sentences hardly explain anything
PATTERNS = tables.patterns("registration.yaml")
_REPEATED_TAG = re.compile(r"(\[[A-Z_]+\])(?:[\s,]+\1)+")
_WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Part:
    """A sentence of a turn without the greeting before it: ``text[start:end]``."""

    start: int
    end: int
    text: str


THANKS_WORDS = 10  # a short sentence with thanks is courtesy, not the question


def end_sentence(text: str) -> str:
    """``text`` ending in a full stop (unless it ends in a question mark, "!" or "…")."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _tidy(redacted: str) -> str:
    cleaned = _REPEATED_TAG.sub(r"\1", redacted)
    cleaned = re.sub(r"\s+([,.?!])", r"\1", cleaned)
    cleaned = re.sub(r"([,.]){2,}", r"\1", cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip(" ,")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when it has no sentence end)."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z\[])", text)
    return text[: match.start()] if match else text


def clean(text: str) -> str:
    """Redacted ``text`` with typed placeholders (for text the draft composes)."""
    return _tidy(redact(text).text)


def settled(text: str, keep: Sequence[str] = ()) -> str:
    """``text`` redacted until the detector finds nothing more in it.

    A field the draft composes is built from redacted turn text, but the detector reads a
    sentence differently out of its turn: a capitalised first word of a lowercase transcript
    ("Rondrijden van straat naar straat") or an English word can look like a name there. Each
    field is therefore redacted once more as it stands, so no span the detector calls personal
    data is ever in it; a placeholder can bring a new reading, so at most ``SETTLE_ROUNDS``.
    The phrases of ``keep`` (the draft's own words: the product names) are never redacted, and
    what is left of personal data around a placeholder goes ("op de [ADRES]" → "op [ADRES]").
    """
    for _ in range(SETTLE_ROUNDS):
        spans = [m.span() for k in keep if k for m in re.finditer(re.escape(k), text)]
        found = [
            e
            for e in detect(text)
            if not any(start <= e.start and e.end <= end for start, end in spans)
        ]
        if not found:
            break
        text = _tidy(apply(text, found))
    return tidy_placeholders(text)


def clean_part(analysis: TurnAnalysis, start: int, end: int) -> str:
    """``analysis.text[start:end]`` redacted with the turn's own entities as placeholders."""
    return _tidy(analysis.redacted(start, end))


def parts(analysis: TurnAnalysis) -> list[Part]:
    """The sentences of a turn, without a greeting or introduction at its start."""
    greeting = PATTERNS["greeting"].match(analysis.text)
    skip = greeting.end() if greeting else 0
    found: list[Part] = []
    for sentence in analysis.sentences:
        if sentence.end <= skip:
            continue
        rest = analysis.text[max(sentence.start, skip) : sentence.end].lstrip()
        if _WORDLIKE.search(rest):
            found.append(Part(sentence.end - len(rest), sentence.end, rest))
    return found


def _score(said: AnalysedTurn, part: Part, evidence: Sequence[str], known: KnownData = ()) -> float:
    lemmas = " ".join(said.analysis.lemmas_in(part.start, part.end))
    score = 0.0
    score += sum(2.0 for phrase in evidence if phrase and phrase in lemmas)
    score += 1.0 if PATTERNS["questionish"].search(part.text) else 0.0
    courtesy = len(part.text.split()) <= THANKS_WORDS and PATTERNS["thanks"].search(part.text)
    score -= 2.0 if courtesy else 0.0
    personal = said.analysis.entities_in(part.start, part.end) or holds_known(part.text, known)
    score -= 3.0 if personal else 0.0
    score -= 4.0 if len(part.text) < MIN_SPECIFIC else 0.0
    return score


def specifieke_vraag(
    turns: Sequence[AnalysedTurn], question: Question, known: KnownData = ()
) -> tuple[str, list[int]]:
    """The resident sentence that states the question best, redacted, ≤ 180 characters; a
    sentence with personal data (in its turn, or ``known`` in the conversation) only when no
    other will do."""
    best: tuple[float, int, Part] | None = None
    for position, index in enumerate(question.turns):
        said = turns[index]
        if not said.is_resident:
            continue
        for part in parts(said.analysis):
            score = _score(said, part, question.evidence, known) - 0.1 * position
            if best is None or score > best[0]:
                best = (score, index, part)
    if best is None:
        return question.upl, []
    _best_score, index, part = best
    lead = PATTERNS["lead_cue"].match(part.text)
    start = part.start + (lead.end() if lead else 0)
    text = clean_part(turns[index].analysis, start, part.end) or question.upl
    return shorten(text[0].upper() + text[1:], SPECIFIEK_MAX), [index]


def reactie(turns: Sequence[AnalysedTurn], indices: Iterable[int]) -> tuple[str, list[int]]:
    """What the resident was told: the employee's informative sentences (the first four)."""
    picked: list[str] = []
    used: list[int] = []
    for index in indices:
        said = turns[index]
        if not said.is_employee:
            continue
        for part in parts(said.analysis):
            text = part.text
            if (
                len(text) < MIN_INFORMATIVE
                or text.endswith("?")
                or PATTERNS["small_talk"].search(text)
            ):
                continue
            if len(picked) < 4:
                picked.append(clean_part(said.analysis, part.start, part.end))
            if index not in used:
                used.append(index)
    return shorten(" ".join(picked), REACTIE_PART_MAX), used
