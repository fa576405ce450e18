"""What agent assist learns from confirmed work: the UPL model, the outcome and the follow-up.

:class:`TopicLearner` corrects the packaged UPL model (:mod:`reisgenoot.assist.upl_model`, the
model registration, topics and live assist use) with the registrations employees confirmed or
imported: a sparse correction (:mod:`reisgenoot.learning.correction`) on the same word and
gazetteer features (:func:`reisgenoot.assist.topics.features_from_lemmas`), added to the
packaged model's logits as they are at run time (gazetteer bonus included). The packaged
training utterances (``assist/data/train.jsonl``, ``ANCHORS`` of them) anchor what the
municipality did not confirm; a confirmed conversation counts ``LOCAL_WEIGHT`` times an
anchor. The sentence-vector part of the model stays as packaged: embedding every example would
cost minutes per thousand examples, and the words of a municipality's own conversations are
what the packaged model could not know. The result is a complete ``upl_model.npz``, so a
learned version loads like the packaged file (:func:`reisgenoot.assist.topics.model`).

Its blind-dev figure is the share of conversations of ``transcripts/dev`` whose main question
gets the gold UPL product. The outcome and follow-up learners are in
:mod:`reisgenoot.assist.outcome_learners`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from reisgenoot.assist import tables, topics, upl_model
from reisgenoot.assist.dev_sets import dev_conversations, example_turns
from reisgenoot.assist.outcome_learners import FollowupLearner, OutcomeLearner
from reisgenoot.learning import correction
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.learner import Figures
from reisgenoot.learning.models import REGISTRATION
from reisgenoot.learning.registry import ACTIVE

ANCHORS = 2000  # packaged training utterances that keep the rest of the model in place
ANCHOR_WEIGHT = 0.5
LOCAL_WEIGHT = 1.0  # a confirmed conversation of this municipality counts twice an anchor …
LOCAL_SHARE = 0.25  # … and together the confirmed ones weigh at least this share of the anchors
L2 = 0.001

Row = tuple[dict[str, float], list[topics.Hit]]


@cache
def _anchor_rows(seed: int = 2026) -> tuple[tuple[str, str], ...]:
    rows = [json.loads(line) for line in tables.text("train.jsonl").splitlines() if line.strip()]
    random.Random(seed).shuffle(rows)
    return tuple((str(r["text"]), str(r["upl"])) for r in rows)


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


def _base(model: upl_model.Model, rows: Sequence[Row]) -> npt.NDArray[np.float32]:
    """The packaged model's run-time logits of each row (no sentence vector)."""
    base = np.empty((len(rows), len(model.classes)), dtype=np.float32)
    for index, (feats, hits) in enumerate(rows):
        logits = model.logits(feats) / model.temperature
        topics.add_gazetteer_bonus(logits, model.classes, hits)
        base[index] = logits
    return base


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

    def rows(self, examples: Sequence[LearningExample]) -> correction.Rows:
        """The training rows: the confirmed conversations and the anchors, shuffled."""
        packaged = upl_model.load_model()
        position = {name: i for i, name in enumerate(packaged.classes)}
        table: list[tuple[Row, int, float, bool]] = []
        for example in examples:
            upl = str(example.label["vragen"][0]["upl"])
            if upl in position:
                table.append((conversation_row(example.text), position[upl], 1.0, True))
        for text, upl in _anchor_rows()[: self.anchors]:
            if upl in position:
                table.append((_anchor_features(text), position[upl], 0.0, False))
        random.Random(len(table)).shuffle(table)
        local = np.array([own for *_rest, own in table], dtype=bool)
        anchors = int((~local).sum())
        weight = max(
            self.local_weight,
            self.local_share * anchors * ANCHOR_WEIGHT / max(int(local.sum()), 1),
        )
        return correction.Rows(
            features=[row[0] for row, *_rest in table],
            base=_base(packaged, [row for row, *_rest in table]),
            labels=np.array([label for _row, label, *_rest in table], dtype=np.int64),
            weights=np.where(local, weight, ANCHOR_WEIGHT).astype(np.float64),
            local=local,
        )

    def train(self, examples: Sequence[LearningExample], folder: Path) -> list[Path]:
        learned = correction.fit(self.rows(examples), l2=self.l2)
        path = folder / topics.MODEL_FILE
        correction.merged(upl_model.load_model(), learned).save(path)
        return [path]

    def evaluate(self, folder: Path | None, dev: Path) -> Figures:
        items = dev_conversations(dev)
        if not items:
            return Figures(None, {}, 0, "")
        with ACTIVE.using(self.name, folder):
            right = sum(1 for c in items if topics.detect_questions(c.turns)[0].upl == c.gold_upl)
        share = round(right / len(items), 4)
        return Figures(share, {"upl_hoofdvraag": share}, len(items), "transcripts/dev")

    def load(self, folder: Path | None) -> object:
        with ACTIVE.using(self.name, folder):
            return topics.model()


LEARNERS = (TopicLearner(), OutcomeLearner(), FollowupLearner())
