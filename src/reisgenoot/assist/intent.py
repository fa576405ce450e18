"""What the resident wants in a conversation: apply, report, complain, ask after their own case …

The kennisbank's learned intent head (:mod:`reisgenoot.knowledge.understanding`, trained on
``training-data/intent.jsonl``) reads each resident turn once — with the turn's e5 vector when
assist has one (the topic step embeds resident turns anyway, so this is a cache hit), otherwise
on its words. The conversation's intent is the mean of those readings, longer turns counting
more (a greeting or "dank u" says little). Live assist keeps the reading of each turn in its
session, so a new turn costs one reading. :func:`reisgenoot.assist.articles.questions` uses it
to choose which follow-up questions help.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence

from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.embedding import turn_vectors
from reisgenoot.knowledge.embeddings import E5Embedder
from reisgenoot.knowledge.understanding import INTENTS, query_models

__all__ = ["MAX_WEIGHT", "resident_intent", "turn_intent"]

MAX_WEIGHT = 40  # words: a long story does not drown the turns around it


def turn_intent(text: str) -> dict[str, float]:
    """The intent head's reading of one resident turn (uniform when no models are shipped)."""
    models = query_models()
    if models is None:
        return {name: 1.0 / len(INTENTS) for name in INTENTS}
    vectors = turn_vectors([text])
    vector = vectors[0] if vectors else None
    return models.understand(text, vector, E5Embedder.model_id).intents


def resident_intent(
    turns: Sequence[AnalysedTurn], cache: MutableMapping[int, Mapping[str, float]] | None = None
) -> dict[str, float] | None:
    """The mean intent of the resident turns (None: the resident has not spoken yet).

    ``cache`` holds the reading per turn index (live assist's session keeps it)."""
    readings = {} if cache is None else cache
    total: dict[str, float] = dict.fromkeys(INTENTS, 0.0)
    weights = 0.0
    for index, said in enumerate(turns):
        if not said.is_resident:
            continue
        if index not in readings:
            readings[index] = turn_intent(said.text)
        weight = float(min(MAX_WEIGHT, max(1, len(said.text.split()))))
        for name, p in readings[index].items():
            total[name] = total.get(name, 0.0) + weight * p
        weights += weight
    if not weights:
        return None
    return {name: value / weights for name, value in total.items()}
