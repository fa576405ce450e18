"""The correction the learners train: products confirmed often do not outweigh the rest, and
the UPL learner scores each row as the run time does (sentence vector included)."""

from __future__ import annotations

import numpy as np

from reisgenoot.assist import topics, upl_model
from reisgenoot.assist.learners import TopicLearner, anchor_vectors, conversation_row
from reisgenoot.learning.correction import balanced
from reisgenoot.learning.examples import LearningExample, vector_bytes, vector_of
from reisgenoot.learning.models import REGISTRATION


def test_a_product_confirmed_often_counts_no_more_than_a_rare_one() -> None:
    labels = np.array([0, 0, 0, 0, 1, 2, 2], dtype=np.int64)
    local = np.array([True, True, True, True, True, False, False])
    even = balanced(labels, local, 1.0)
    assert np.isclose(even[:4].sum(), even[4])  # four of product 0 weigh what one of 1 weighs
    assert np.isclose(even[local].sum(), local.sum())  # the confirmed rows keep their weight
    assert list(even[~local]) == [1.0, 1.0]  # anchors as they were
    assert list(balanced(labels, local, 0.0)) == [1.0] * 7
    half = balanced(labels, local, 0.5)
    assert np.isclose(half[:4].sum() / half[4], 2.0)  # n ** (1 - 0.5)


def test_stored_vectors_keep_their_direction() -> None:
    vector = np.random.default_rng(1).standard_normal(384).astype(np.float32)
    vector /= np.linalg.norm(vector)
    back = vector_of(vector_bytes(vector))
    assert back is not None and back.shape == (384,) and float(back @ vector) > 0.9999
    assert vector_of(None) is None


def test_rows_are_scored_with_the_example_s_sentence_vector() -> None:
    text = "medewerker: Goedemiddag.\ninwoner: Ik wil een parkeervergunning aanvragen."
    label = {"vragen": [{"upl": "parkeervergunning"}]}
    vector = np.zeros(384, dtype=np.float32)
    vector[0] = 1.0
    with_vector = LearningExample(REGISTRATION, text, label, vector=vector)
    without = LearningExample(REGISTRATION, text, label)
    learner = TopicLearner(anchors=0)
    (scored,) = learner.rows([with_vector]).base
    (words,) = learner.rows([without]).base
    model = upl_model.load_model()
    feats, hits = conversation_row(text)
    expected = model.logits(feats, vector) / model.temperature
    topics.add_gazetteer_bonus(expected, model.classes, hits)
    assert np.allclose(scored, expected, atol=1e-4)
    assert not np.allclose(scored, words, atol=1e-3)  # the vector part is in the base


def test_the_shipped_anchor_vectors_belong_to_the_anchors() -> None:
    vectors = anchor_vectors(50)
    assert len(vectors) == 50 and all(v is not None for v in vectors)
    assert all(abs(float(np.linalg.norm(v)) - 1.0) < 0.01 for v in vectors if v is not None)
