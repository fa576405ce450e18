"""The correction the learners train: products confirmed often do not outweigh the rest, the
UPL learner scores each row as the run time does (sentence vector included), changes only the
confirmed products and holds words said about many products near the packaged model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from reisgenoot.assist import topics, upl_model
from reisgenoot.assist.learners import TopicLearner, anchor_vectors, conversation_row
from reisgenoot.language.linear import LinearModel
from reisgenoot.learning.correction import (
    BATCH,
    EPOCHS,
    MOMENTUM,
    RATE,
    Rows,
    balanced,
    confirmed_classes,
    fit,
    spread_penalty,
)
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
    model = learner.base_model([with_vector])  # the packaged model, its prior updated
    feats, hits = conversation_row(text)
    expected = model.logits(feats, vector) / model.temperature
    topics.add_gazetteer_bonus(expected, model.classes, hits)
    assert np.allclose(scored, expected, atol=1e-4)
    assert not np.allclose(scored, words, atol=1e-3)  # the vector part is in the base


def test_the_shipped_anchor_vectors_belong_to_the_anchors() -> None:
    vectors = anchor_vectors(50)
    assert len(vectors) == 50 and all(v is not None for v in vectors)
    assert all(abs(float(np.linalg.norm(v)) - 1.0) < 0.01 for v in vectors if v is not None)


def _reference_fit(data: Rows, l2: float, steps: int) -> npt.NDArray[np.float32]:
    """The same mini-batch descent with dense matrices (slow, plain): what ``fit`` computes."""
    vocabulary = sorted(
        {name for f, own in zip(data.features, data.local, strict=True) if own for name in f}
    )
    column = {name: i for i, name in enumerate(vocabulary)}
    dense = np.zeros((len(data.features), len(vocabulary)), dtype=np.float64)
    for r, feats in enumerate(data.features):
        for name, value in feats.items():
            if name in column:
                dense[r, column[name]] = value
    classes = data.base.shape[1]
    delta = np.zeros((len(vocabulary), classes))
    moment = np.zeros_like(delta)
    batches = [(lo, min(lo + BATCH, len(dense))) for lo in range(0, len(dense), BATCH)]
    for step in range(max(steps, EPOCHS * len(batches))):
        lo, hi = batches[step % len(batches)]
        x = dense[lo:hi]
        logits = data.base[lo:hi] + x @ delta
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(hi - lo), data.labels[lo:hi]] -= 1.0
        share = data.weights[lo:hi] / data.weights[lo:hi].sum()
        used = np.flatnonzero(np.abs(x).sum(axis=0) > 0)
        gradient = (x.T @ (p * share[:, None]))[used] + l2 * delta[used]
        moment[used] = MOMENTUM * moment[used] + gradient
        delta[used] -= RATE * moment[used]
    return delta.astype(np.float32)


def test_the_sparse_descent_computes_what_dense_matrices_compute() -> None:
    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(300)]
    count, classes = 1100, 6  # three batches; rows of 1 to 400 features (long and short)
    features = [
        {
            w: float(rng.uniform(0.2, 1.5))
            for w in rng.choice(words, int(rng.choice([1, 3, 12, 400])))
        }
        for _ in range(count)
    ]
    labels = rng.integers(0, classes, count).astype(np.int64)
    data = Rows(
        features=features,
        base=rng.normal(0, 1, (count, classes)).astype(np.float32),
        labels=labels,
        weights=rng.uniform(0.5, 2.0, count),
        local=rng.random(count) < 0.7,
    )
    learned = fit(data, l2=0.01, steps=20)
    expected = _reference_fit(data, 0.01, 20)
    assert learned.columns == tuple(range(classes))  # every class involved here
    assert np.abs(expected).max() > 0.05  # it did learn something
    assert np.allclose(learned.delta, expected, atol=2e-4)


def test_many_rows_are_scored_as_one_row_at_a_time() -> None:
    model = upl_model.load_model()
    texts = ["Ik wil een parkeervergunning aanvragen.", "Mijn paspoort is verlopen", "", "xyzzy"]
    rows = [conversation_row(f"inwoner: {text}")[0] for text in texts]
    together = model.sparse_logits(rows)
    for feats, scores in zip(rows, together, strict=True):
        assert np.allclose(scores, model.logits(feats), atol=1e-4)


def _shared_word_rows() -> Rows:
    """Confirmed rows of class 0 with a word of their own and a word the anchors use for
    classes 1 to 4; the packaged model (base) proposes class 1 for the confirmed rows."""
    confirmed = [{"own": 1.0, "common": 1.0}] * 40
    anchors = [{"common": 1.0}] * 40
    base = np.zeros((80, 5), dtype=np.float32)
    base[:40, 1] = 2.0
    labels = np.array([0] * 40 + [1, 2, 3, 4] * 10, dtype=np.int64)
    order = np.random.default_rng(3).permutation(80)
    local = np.arange(80) < 40
    return Rows(
        features=[(confirmed + anchors)[i] for i in order],
        base=base[order],
        labels=labels[order],
        weights=np.ones(80),
        local=local[order],
    )


def test_the_penalty_grows_with_the_products_the_anchors_use_a_word_for() -> None:
    data = _shared_word_rows()
    assert spread_penalty(data, 3.0) == {"common": 1.0 + 3.0 * 4}  # confirmed rows do not count
    assert confirmed_classes(data) == [0]


def test_a_word_said_about_many_products_moves_less_than_a_word_of_one() -> None:
    data = _shared_word_rows()
    free = fit(data, l2=0.001, columns=confirmed_classes(data))
    held = fit(data, l2=0.001, columns=confirmed_classes(data), penalty=spread_penalty(data, 3.0))
    assert free.columns == held.columns == (0,)  # the proposed class 1 is not pushed down
    own, common = held.vocabulary.index("own"), held.vocabulary.index("common")
    assert abs(held.delta[common, 0]) < 0.7 * abs(free.delta[common, 0])
    assert held.delta[own, 0] > 0.5  # the confirmed product is still learned, by its own word
    # The confirmed rows now get their product (the packaged model proposed class 1).
    raised = data.base[data.local, 0] + held.delta[own, 0] + held.delta[common, 0]
    assert (raised > data.base[data.local, 1]).all()


def test_the_topic_learner_changes_only_the_products_it_was_confirmed(tmp_path: Path) -> None:
    text = "medewerker: Goedemiddag.\ninwoner: Ik wil de Kanskaart aanvragen voor mijn zoon."
    label = {"vragen": [{"upl": "stadspas"}]}
    examples = [LearningExample(REGISTRATION, text, label)] * 6
    learner = TopicLearner(anchors=100)
    packaged = upl_model.load_model()
    proposed = packaged.classes[int(learner.rows(examples).base[0].argmax())]
    assert proposed != "stadspas"
    (path,) = learner.train(examples, tmp_path)
    learned = LinearModel.load(path)
    feats, _hits = conversation_row(text)
    change = learned.logits(feats) - packaged.logits(feats)
    moved = {learned.classes[i] for i in np.flatnonzero(np.abs(change) > 1e-6)}
    assert moved == {"stadspas"}
