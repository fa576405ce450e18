"""What agent assist learns from confirmed work: the UPL model, the outcome and the follow-up.

:class:`TopicLearner` corrects the packaged UPL model (:mod:`reisgenoot.assist.upl_model`, the
model registration, topics and live assist use) with the registrations employees confirmed or
imported: a sparse correction (:mod:`reisgenoot.learning.correction`) on the same word and
gazetteer features (:func:`reisgenoot.assist.topics.features_from_lemmas`), added to the
packaged model's logits as they are at run time: words, gazetteer bonus **and the sentence
vector** (ADR 30). Each example's vector is that of its redacted conversation as registration
makes it for a question (:func:`example_vector`); a training run computes it once and keeps it
on the example (:meth:`TopicLearner.vectors`). Without it the correction learned to repair
mistakes the vectors do not make and pushed conversations it never saw off their product. The
packaged training utterances (``assist/data/train.jsonl``, ``ANCHORS`` of them, their vectors
shipped in ``upl_anchor_vectors.npz``) anchor what the municipality did not confirm; a
confirmed conversation counts at least ``LOCAL_WEIGHT`` times an anchor (``BALANCE`` can make
products confirmed often count less per conversation; measured, it lowered the stream's gain
without helping blind dev, so it is off). Only the confirmed products get weights, and a word
the anchors have under many products is held near the packaged model (``SPREAD``, ADR 47), so
the words every call has do not become a shift of every conversation. The
result is a complete ``upl_model.npz``, so a learned version loads like the packaged file
(:func:`reisgenoot.assist.topics.model`). The packaged model's frequency prior (ADR 75) is
updated first with the confirmed questions' counts (:meth:`TopicLearner.base_model`, ADR 75
addendum): the municipality's own base rates join the training conversations', and the
correction is fitted over that model, so it learns words rather than base rates.

Its blind-dev figure is the share of conversations of ``transcripts/dev`` whose main question
gets the gold UPL product. The outcome and follow-up learners are in
:mod:`reisgenoot.assist.outcome_learners`.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from reisgenoot.assist import embedding, tables, topics, upl_model
from reisgenoot.assist.dev_sets import (
    DevConversation,
    dev_conversations,
    example_turns,
    own_conversations,
    share_right,
)
from reisgenoot.assist.embedding import Vector, turn_vectors
from reisgenoot.assist.outcome_learners import FollowupLearner, OutcomeLearner
from reisgenoot.learning import correction
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.learner import Figures
from reisgenoot.learning.models import REGISTRATION
from reisgenoot.learning.registry import ACTIVE

ANCHORS = 2000  # packaged training utterances that keep the rest of the model in place
ANCHOR_WEIGHT = 0.5
ANCHOR_VECTORS = "upl_anchor_vectors.npz"  # their sentence vectors (scripts/upl_anchor_vectors.py)
LOCAL_WEIGHT = 1.0  # a confirmed conversation of this municipality counts twice an anchor …
LOCAL_SHARE = 0.25  # … and together the confirmed ones weigh at least this share of the anchors
L2 = 0.001
BALANCE = 0.0  # 1: the confirmations of one product together count as one (off: ADR 30)
SPREAD = 3.0  # L2 factor 1 + SPREAD·k for a word the anchors have under k products (ADR 47)
OWN_COUNTS = 1.0  # a confirmed question's count in the frequency prior (0: as packaged; ADR 75)

Row = tuple[dict[str, float], list[topics.Hit]]


@cache
def anchor_rows(seed: int = 2026) -> tuple[tuple[str, str], ...]:
    rows = [json.loads(line) for line in tables.text("train.jsonl").splitlines() if line.strip()]
    random.Random(seed).shuffle(rows)
    return tuple((str(r["text"]), str(r["upl"])) for r in rows)


def anchor_digest(texts: Sequence[str]) -> str:
    """A digest of the anchor texts, to check that shipped vectors belong to them."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


@cache
def _packaged_anchor_vectors(count: int) -> npt.NDArray[np.float32] | None:
    resource = resources.files("reisgenoot.assist").joinpath("data", ANCHOR_VECTORS)
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path, np.load(path, allow_pickle=False) as data:
        vectors: npt.NDArray[np.float32] = data["vectors"].astype(np.float32)
        digest = str(data["digest"])
    texts = [text for text, _upl in anchor_rows()[: len(vectors)]]
    if count > len(vectors) or digest != anchor_digest(texts):
        return None
    return vectors[:count]


def anchor_vectors(count: int) -> list[Vector | None]:
    """The sentence vectors of the first ``count`` anchors (shipped,
    ``scripts/upl_anchor_vectors.py``); all None when vectors are off or the file does not
    match the anchors (the anchors then count by their words, as before)."""
    vectors = _packaged_anchor_vectors(count) if embedding.enabled() else None
    return [None] * count if vectors is None else list(vectors)


@cache
def _anchor_features(text: str) -> Row:
    lemmas = topics.normalise(text)
    hits = topics.gazetteer_hits(lemmas)
    return topics.features_from_lemmas(lemmas, hits), hits


def conversation_row(text: str) -> Row:
    """Features and gazetteer hits of an example's conversation, as the run time combines
    the turns of a question (:func:`reisgenoot.assist.topics.combined_features`)."""
    parts = [(speaker == "inwoner", *_turn_row(said)) for speaker, said in example_turns(text)]
    return topics.combined_features(parts)


@lru_cache(maxsize=50_000)
def _turn_row(said: str) -> tuple[dict[str, float], list[topics.Hit]]:
    """One turn's features and hits (greetings and closings repeat: found once)."""
    lemmas = topics.normalise(said)
    hits = topics.gazetteer_hits(lemmas)
    return topics.features_from_lemmas(lemmas, hits), hits


def _base(
    model: upl_model.Model, rows: Sequence[Row], vectors: Sequence[Vector | None]
) -> npt.NDArray[np.float32]:
    """The packaged model's run-time logits of each row: words, gazetteer bonus and, where the
    row has one, its sentence vector (as registration scores a question)."""
    base = model.sparse_logits([feats for feats, _hits in rows]) / model.temperature
    for index, (_feats, hits) in enumerate(rows):
        if hits:
            topics.add_gazetteer_bonus(base[index], model.classes, hits)
    have = [i for i, vector in enumerate(vectors) if vector is not None]
    if have and model.dim:
        # The vector part of model.logits, for all rows at once.
        stacked = np.stack([np.asarray(vectors[i], dtype=np.float32) for i in have])
        base[have] += (stacked * model.dense_scale) @ model.dense / model.temperature
    return base


def example_vector(text: str) -> Vector | None:
    """The sentence vector of a stored conversation example as registration makes it for a
    question: the resident turns' e5 vectors (of the redacted text), longer turns counting
    more (:func:`reisgenoot.assist.topics.question_vector`). None when vectors are off."""
    said = [line for speaker, line in example_turns(text) if speaker == "inwoner"]
    found = turn_vectors(said) if said else None
    return None if found is None else topics.question_vector(zip(said, found, strict=True))


def main_product_right(item: DevConversation) -> bool:
    """Whether the main question of ``item`` gets its gold UPL product."""
    return topics.detect_questions(item.turns)[0].upl == item.gold_upl


@dataclass
class TopicLearner:
    """The UPL model of agent assist, corrected with confirmed registrations."""

    name: str = topics.LEARNER
    capability: str = "assist"
    kinds: tuple[str, ...] = (REGISTRATION,)
    description: str = "Herkent het UPL-product van de vragen in een gesprek."
    min_examples: int = 5
    anchors: int = ANCHORS
    local_weight: float = LOCAL_WEIGHT
    local_share: float = LOCAL_SHARE
    l2: float = L2
    balance: float = BALANCE
    spread: float = SPREAD
    own_counts: float = OWN_COUNTS

    def base_model(self, examples: Sequence[LearningExample]) -> upl_model.Model:
        """The packaged model with the confirmed questions' counts added to its frequency prior
        (:func:`reisgenoot.assist.upl_model.with_own_counts`): the model the correction is
        fitted over and written into, so the base rates come from the prior and the correction
        learns words."""
        packaged = upl_model.load_model()
        if not self.own_counts:
            return packaged
        known = set(packaged.classes)
        counts: dict[str, float] = {}
        for example in examples:
            for question in example.label.get("vragen") or ():
                upl = str(question.get("upl") or "")
                if upl in known:
                    counts[upl] = counts.get(upl, 0.0) + self.own_counts
        return upl_model.with_own_counts(packaged, upl_model.packaged_prior(), counts)

    def examples_of(self, examples: Sequence[LearningExample]) -> list[LearningExample]:
        known = set(upl_model.load_model().classes)
        return [
            e
            for e in examples
            if e.kind == REGISTRATION
            and e.label.get("vragen")
            and e.label["vragen"][0].get("upl") in known
            and e.resident_text.strip()
        ]

    def rows(
        self, examples: Sequence[LearningExample], base: upl_model.Model | None = None
    ) -> correction.Rows:
        """The training rows: the confirmed conversations and the anchors, shuffled, with the
        logits of ``base`` (default: :meth:`base_model`)."""
        packaged = self.base_model(examples) if base is None else base
        position = {name: i for i, name in enumerate(packaged.classes)}
        table: list[tuple[Row, int, Vector | None, bool]] = []
        vectors = embedding.enabled()  # the run time reads vectors: so does the correction
        for example in examples:
            upl = str(example.label["vragen"][0]["upl"])
            if upl in position:
                table.append(
                    (
                        conversation_row(example.text),
                        position[upl],
                        example.vector if vectors else None,
                        True,
                    )
                )
        anchor_texts = anchor_rows()[: self.anchors]
        shipped = anchor_vectors(len(anchor_texts))
        for (text, upl), vector in zip(anchor_texts, shipped, strict=True):
            if upl in position:
                table.append((_anchor_features(text), position[upl], vector, False))
        random.Random(len(table)).shuffle(table)
        local = np.array([own for *_rest, own in table], dtype=bool)
        anchors = int((~local).sum())
        weight = max(
            self.local_weight,
            self.local_share * anchors * ANCHOR_WEIGHT / max(int(local.sum()), 1),
        )
        labels = np.array([label for _row, label, *_rest in table], dtype=np.int64)
        return correction.Rows(
            features=[row[0] for row, *_rest in table],
            base=_base(packaged, [row for row, *_rest in table], [v for _r, _l, v, _o in table]),
            labels=labels,
            weights=np.where(
                local, weight * correction.balanced(labels, local, self.balance), ANCHOR_WEIGHT
            ).astype(np.float64),
            local=local,
        )

    def vectors(self, examples: Sequence[LearningExample]) -> list[Vector | None]:
        """The sentence vector of each example's redacted conversation (:func:`example_vector`);
        a training run keeps them on the examples."""
        return [example_vector(e.text) for e in examples]

    def train(self, examples: Sequence[LearningExample], folder: Path) -> list[Path]:
        base = self.base_model(examples)
        data = self.rows(examples, base)
        # Only the confirmed products get weights, and words the packaged training data uses
        # for many products stay near the packaged model (ADR 47): the correction learns what
        # is particular to the confirmed products, not a shift of every conversation.
        learned = correction.fit(
            data,
            l2=self.l2,
            columns=correction.confirmed_classes(data),
            penalty=correction.spread_penalty(data, self.spread) if self.spread else None,
        )
        path = folder / topics.MODEL_FILE
        correction.merged(base, learned).save(path)
        return [path]

    def evaluate(self, folder: Path | None, dev: Path) -> Figures:
        items = dev_conversations(dev)
        share = share_right(self.name, folder, items, main_product_right)
        if share is None:
            return Figures(None, {}, 0, "")
        return Figures(share, {"upl_hoofdvraag": share}, len(items), "transcripts/dev")

    def score(self, folder: Path | None, examples: Sequence[LearningExample]) -> float | None:
        return share_right(self.name, folder, own_conversations(examples), main_product_right)

    def load(self, folder: Path | None) -> object:
        with ACTIVE.using(self.name, folder):
            return topics.model()


LEARNERS = (TopicLearner(), OutcomeLearner(), FollowupLearner())
