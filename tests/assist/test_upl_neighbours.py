"""The nearest training examples as a second opinion on the UPL product (ADR 57)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reisgenoot.assist import topics, upl_model, upl_neighbours
from reisgenoot.assist.upl_neighbours import Neighbours, build


def _unit(*values: float) -> list[float]:
    vector = np.array(values, dtype=np.float32)
    return list(vector / np.linalg.norm(vector))


def test_one_close_example_outweighs_many_far_ones() -> None:
    # "paspoort" has four examples, "rijbewijs" one: the query lies next to that one.
    vectors = [_unit(1, 0, 0, 0)] * 4 + [_unit(0, 1, 0, 0)]
    near = build(vectors, ["paspoort"] * 4 + ["rijbewijs"], ["utterance"] * 5, weight=1.0)
    scores = near.nearest(_unit(0.2, 1, 0, 0))
    assert near.products[int(np.argmax(scores))] == "rijbewijs"


def test_kinds_are_centred_and_the_query_on_the_conversations() -> None:
    # Every conversation shares a style component (axis 3) that utterances lack; without
    # centring the conversation about "paspoort" would be nearest to the query.
    conversations = [_unit(1, 0, 0, 3), _unit(0, 0, 1, 3)]
    utterances = [_unit(0, 1, 0, 0), _unit(1, 0, 0, 0)]
    near = build(
        conversations + utterances,
        ["paspoort", "afvalcontainer", "rijbewijs", "paspoort"],
        ["conversation", "conversation", "utterance", "utterance"],
        weight=1.0,
    )
    np.testing.assert_allclose(near.offset, np.mean(conversations, axis=0), atol=1e-6)
    query = np.array(_unit(0, 1, 0, 3), dtype=np.float32)  # a conversation about rijbewijs
    scores = near.nearest(query)
    assert near.products[int(np.argmax(scores))] == "rijbewijs"


def test_bonus_follows_the_model_classes_and_skips_unknown_ones() -> None:
    near = build([_unit(1, 0), _unit(0, 1)], ["a", "b"], ["utterance"] * 2, weight=2.0)
    query = _unit(1, 0)
    cosine = near.nearest(query)[near.products.index("a")]
    bonus = near.bonus(query, ["b", "onbekend", "a"])
    assert bonus[1] == 0.0
    assert bonus[2] == pytest.approx(2.0 * cosine, abs=1e-5)
    assert bonus[0] < bonus[2]


def test_rows_without_a_vector_are_left_out_and_saving_keeps_the_rest(tmp_path: Path) -> None:
    near = build(
        [_unit(1, 0, 0), [0.0, 0.0, 0.0], _unit(0, 0, 1)],
        ["a", "b", "c"],
        ["utterance", "generated", "utterance"],
        weight=3.0,
    )
    assert sorted(near.products[i] for i in near.labels) == ["a", "c"]
    near.save(tmp_path / "n.npz")
    loaded = Neighbours.load(tmp_path / "n.npz")
    assert loaded.products == near.products and loaded.weight == 3.0
    query = _unit(0.1, 0, 1)
    np.testing.assert_allclose(loaded.nearest(query), near.nearest(query), atol=1e-3)
    assert near.products[int(np.argmax(near.nearest(query)))] == "c"


def test_classification_takes_the_neighbours_into_account(monkeypatch: pytest.MonkeyPatch) -> None:
    classes = upl_model.load_model().classes
    dim = upl_model.load_model().dim
    target = "hondenbelasting"
    vectors = np.eye(2, dim, dtype=np.float32)
    strong = Neighbours(
        vectors, np.array([0, 1], np.int32), (target, classes[0]), np.zeros(dim, np.float32), 1e3
    )
    query = vectors[0]
    monkeypatch.setattr(upl_neighbours, "packaged", lambda: None)
    without = topics.classify_features({}, (), 1, query)[0].upl
    monkeypatch.setattr(upl_neighbours, "packaged", lambda: strong)
    assert topics.classify_features({}, (), 1, query)[0].upl == target != without
    monkeypatch.setattr(upl_neighbours, "packaged", lambda: strong)
    # without a sentence vector the neighbours have no say
    with_neighbours = topics.classify_features({}, (), 3, None)
    monkeypatch.setattr(upl_neighbours, "packaged", lambda: None)
    assert topics.classify_features({}, (), 3, None) == with_neighbours


def test_the_packaged_neighbours_cover_every_product_of_the_model() -> None:
    near = upl_neighbours.packaged()
    assert near is not None
    assert set(upl_model.load_model().classes) <= set(near.products)
    assert near.vectors.shape[1] == upl_model.load_model().dim
    assert np.allclose(np.linalg.norm(near.vectors, axis=1), 1.0, atol=1e-2)
