"""The first sentence of an answer: a learned choice among the article's sentences (ADR 0084).

Every sentence or list line of the article's public sections that may be shown (the contact
section only when contact details are asked for) is a candidate. A small linear model scores
each one from cheap features of the question and the sentence — the bonus of its section for
what the question asks (the intent rules and the learned intent of
:mod:`reisgenoot.knowledge.understanding`), how far its section is behind the best section,
the question terms it shares (all terms; the terms that are not the article's own topic
words, which say nothing *within* the article; and the terms weighted by how few of the
article's sentences hold them), an amount / period / clock time when asked
for, its place in the section, whether it is itself a question or follows one ("Huurt u uw
woning? Dan …"), whether it only gives examples ("Bijvoorbeeld …") — and whether it is the
sentence the term-and-section rules would start with. The passage then starts at the best
sentence and runs on within its section (it stays extractive).

The weights (``data/answer_sentence.json``) are fitted by ``scripts/answer_sentence_fit.py``
on people's annotations of which sentence answers a question (the K3/K4 dev half of
``evaluation/knowledge/answer-sentences/``); without the file the rules alone choose.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FEATURES = (
    "section_bonus",
    "section_gap",
    "rule_section",
    "rule_first",
    "overlap",
    "topic_free_overlap",
    "specific_overlap",
    "cues",
    "first_in_section",
    "place",
    "is_question",
    "after_question",
    "example",
    "list_line",
    "length",
)


# A sentence that gives examples of what the article is about ("Bijvoorbeeld een buurtfeest …").
EXAMPLE = re.compile(r"(?:bijvoorbeeld|zoals|denk aan)\b", re.IGNORECASE)


def idf(units: list[set[str]]) -> dict[str, float]:
    """Term → log((n + 1) / (number of the article's sentences holding it + 0.5)).

    The question terms that only a few sentences of the article share tell which sentence
    answers; the article's topic words are in many and tell little.
    """
    counts: dict[str, int] = {}
    for present in units:
        for term in present:
            counts[term] = counts.get(term, 0) + 1
    return {t: math.log((len(units) + 1) / (c + 0.5)) for t, c in counts.items()}


@dataclass(frozen=True, slots=True)
class Unit:
    """One candidate sentence: its section, its span in the section text, and its features."""

    field: str
    start: int
    end: int
    features: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class SentenceModel:
    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]

    def score(self, features: tuple[float, ...]) -> float:
        return sum(
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, features, self.means, self.scales, strict=True)
        )

    def best(self, units: list[Unit]) -> Unit | None:
        """The unit with the highest score (the earlier one on a tie)."""
        if not units:
            return None
        return max(enumerate(units), key=lambda p: (self.score(p[1].features), -p[0]))[1]

    @classmethod
    def from_dict(
        cls, data: dict[str, object], features: tuple[str, ...] = FEATURES
    ) -> SentenceModel | None:
        names = data.get("features")
        if names != list(features):
            return None  # fitted on other features: the rules alone choose

        def floats(key: str) -> tuple[float, ...]:
            values = data.get(key)
            return tuple(float(v) for v in values) if isinstance(values, list) else ()

        model = cls(floats("weights"), floats("means"), floats("scales"))
        sizes = {len(model.weights), len(model.means), len(model.scales)}
        return model if sizes == {len(features)} else None


def packaged_model(name: str, features: tuple[str, ...]) -> SentenceModel | None:
    """The weights shipped as ``data/name`` for ``features``, or None when none ship."""
    path = resources.files("reisgenoot.knowledge") / "data" / name
    if not path.is_file():
        return None
    return SentenceModel.from_dict(json.loads(path.read_text(encoding="utf-8")), features)


@lru_cache(maxsize=1)
def sentence_model() -> SentenceModel | None:
    """The shipped model, or None when no fitted weights ship."""
    return packaged_model("answer_sentence.json", FEATURES)


def unit_features(
    *,
    section_bonus: float,
    section_gap: float,
    rule_section: bool,
    rule_first: bool,
    overlaps: tuple[float, float, float],
    cues: float,
    index: int,
    text: str,
    previous: str = "",
) -> tuple[float, ...]:
    """The feature vector of one sentence, in the order of :data:`FEATURES`."""
    stripped = text.strip()
    return (
        section_bonus,
        section_gap,
        float(rule_section),
        float(rule_first),
        *overlaps,
        cues,
        float(index == 0),
        math.log1p(index),
        float(stripped.endswith("?")),
        float(previous.strip().endswith("?")),
        float(bool(EXAMPLE.match(stripped.lstrip("-*• ")))),
        float(stripped[:2] in {"- ", "* ", "• "}),
        min(len(stripped), 300) / 100,
    )
