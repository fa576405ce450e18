"""The correction the learners train: products confirmed often do not outweigh the rest, and
the UPL learner scores each row as the run time does (sentence vector included)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from reisgenoot.assist import topics, upl_model
from reisgenoot.assist.learners import TopicLearner, anchor_vectors, conversation_row
from reisgenoot.learning.correction import BATCH, EPOCHS, MOMENTUM, RATE, Rows, balanced, fit
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
