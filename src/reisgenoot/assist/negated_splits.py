"""Side questions that a negated product phrase does not split off (issue 15).

Negations are stop words, so a gazetteer phrase such as OGGZ's "het gaat niet goed met hem"
becomes the one-word key "goed", found in every "goed, dank u". As a feature the key stays (the
learned UPL model was fitted with it), but as a place where a new question starts it made a
closing "Goed, bedankt." a second question ("geboorteaangifte", zekerheid 0.00). The main
question and its product stay as :func:`~reisgenoot.assist.topics.detect_questions` chose them;
only the side questions are taken from the call without those splits.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from reisgenoot.assist import topics
from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.language.text import STOPWORDS

NEGATIONS = frozenset(("niet", "geen", "nooit", "niets", "niks"))


@cache
def negated_keys() -> frozenset[str]:
    """One-word gazetteer keys that only a phrase with a negation gives ("goed", "geld")."""
    negated: set[str] = set()
    plain: set[str] = set()
    for product in topics.products().values():
        for phrase in product.phrases:
            lemmas = topics.normalise(phrase)
            key = [w for w in lemmas if w not in STOPWORDS]
            if len(key) == 1:
                (negated if NEGATIONS.intersection(lemmas) else plain).add(key[0])
    return frozenset(negated - plain)


def side_questions(
    turns: Sequence[AnalysedTurn], ordered: list[topics.Question]
) -> list[topics.Question]:
    """``ordered`` (main question first) with its side questions as the call gives them when no
    key of :func:`negated_keys` starts a question. A side question carries the chooser's share
    of the questions it joins (ADR 96 reads it)."""
    negated = negated_keys()
    if len(ordered) < 2 or not any(
        hit.phrase in negated
        for said in turns
        if said.is_resident
        for hit in topics.gazetteer_hits(said.analysis.lemmas)
    ):
        return ordered
    main = ordered[0]
    side = [
        q
        for q in topics.candidate_questions(turns, negated)[0]
        if not set(q.turns) & set(main.turns)
    ]
    for question in side:
        question.share = sum(q.share for q in ordered[1:] if set(q.turns) <= set(question.turns))
    return [main, *side]
