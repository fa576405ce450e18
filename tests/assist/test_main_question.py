"""The learned choice of the main question among the detected questions (ADR 62)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reisgenoot.assist import main_question, topics
from reisgenoot.assist.analysed import analyse_turns
from reisgenoot.assist.main_question import FEATURES, Chooser, features, order, train
from reisgenoot.assist.transcript import Turn

_TURNS = analyse_turns(
    [
        Turn("inwoner", "Mijn paspoort is verlopen en ik wil een nieuw paspoort aanvragen."),
        Turn("medewerker", "Dat kan, u maakt een afspraak via de website van de gemeente."),
        Turn("inwoner", "Nog een vraag: mijn grijze container is niet geleegd deze week."),
        Turn("medewerker", "Dat meld ik door."),
    ]
)
_SPANS = [[0, 1], [2, 3]]


def test_features_describe_the_conversations_shape() -> None:
    rows = features(_TURNS, _SPANS, [20.0, 0.0])
    assert rows.shape == (2, len(FEATURES))
    size, share, last, employee, start = rows.T
    assert size[0] == pytest.approx(np.log(20.0)) and size[1] == 0.0  # log of at least 1
    assert share.sum() == pytest.approx(1.0) and share[0] > 0
    assert last.tolist() == [0.0, 1.0]
    assert employee[0] > employee[1] > 0  # the employee said more about the passport
    assert start.tolist() == [0.0, 0.5]


def test_the_size_alone_orders_as_the_earlier_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_question, "packaged", lambda: None)  # no file: the earlier rule
    assert order(_TURNS, _SPANS, [5.0, 9.0]) == [1, 0]
    assert order(_TURNS, _SPANS, [9.0, 5.0]) == [0, 1]
    # a chooser with the size alone is the earlier rule: larger first, equal in the order raised
    rule = Chooser((1.0, 0.0, 0.0, 0.0, 0.0))
    assert order(_TURNS, _SPANS, [5.0, 9.0], rule) == [1, 0]
    assert order(_TURNS, _SPANS, [5.0, 5.0], rule) == [0, 1]


def test_a_chooser_can_put_a_smaller_earlier_question_first() -> None:
    # the last question is larger, but being the last counts against it
    chooser = Chooser((1.0, 0.0, -2.0, 0.0, 0.0))
    assert order(_TURNS, _SPANS, [5.0, 9.0], chooser) == [0, 1]


def test_training_learns_which_question_is_the_main_one() -> None:
    rng = np.random.default_rng(3)
    groups = []
    for _ in range(60):  # the main question is the one with the larger resident share
        rows = rng.normal(size=(3, len(FEATURES)))
        groups.append((rows, int(np.argmax(rows[:, 1]))))
    chooser = train(groups)
    assert chooser.weights[1] > 0
    assert max(abs(w) for w in chooser.weights) == abs(chooser.weights[1])
    held_out = rng.normal(size=(4, len(FEATURES)))
    assert int(np.argmax(chooser.scores(held_out))) == int(np.argmax(held_out[:, 1]))
    with pytest.raises(ValueError):
        train([(rng.normal(size=(1, len(FEATURES))), 0)])


def test_saved_chooser_loads_and_refuses_other_features(tmp_path: Path) -> None:
    path = tmp_path / "main_question.json"
    Chooser((1.0, 0.5, -1.0, -0.25, -0.5)).save(path)
    assert Chooser.load(path).weights == (1.0, 0.5, -1.0, -0.25, -0.5)
    path.write_text('{"features": ["size"], "weights": [1.0]}', encoding="utf-8")
    with pytest.raises(ValueError):
        Chooser.load(path)


def test_the_packaged_chooser_counts_a_closing_side_question_less() -> None:
    chooser = main_question.packaged()
    assert chooser is not None
    weights = dict(zip(FEATURES, chooser.weights, strict=True))
    assert weights["size"] > 0 and weights["resident_share"] > 0
    assert weights["last"] < 0 and weights["start"] < 0


def test_detect_questions_puts_the_chosen_question_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    questions, _ = topics.candidate_questions(_TURNS)
    assert len(questions) == 2
    later = Chooser((0.0, 0.0, 0.0, 0.0, 1.0))  # the question that starts latest
    monkeypatch.setattr(main_question, "packaged", lambda: later)
    assert [q.upl for q in topics.detect_questions(_TURNS)] == [
        questions[1].upl,
        questions[0].upl,
    ]
    earlier = Chooser((0.0, 0.0, 0.0, 0.0, -1.0))
    monkeypatch.setattr(main_question, "packaged", lambda: earlier)
    assert topics.detect_questions(_TURNS)[0].upl == questions[0].upl


def test_shares_are_the_choosers_probabilities() -> None:
    chooser = Chooser((0.0, 0.0, 0.0, 0.0, -2.0))  # the earlier question is more likely main
    shares = main_question.shares(_TURNS, _SPANS, [1.0, 1.0], chooser)
    assert shares is not None
    assert shares.sum() == pytest.approx(1.0)
    assert shares[0] == pytest.approx(1 / (1 + np.exp(-2.0 * 0.5)))
    assert order(_TURNS, _SPANS, [1.0, 1.0], chooser) == [int(np.argmax(shares)), 1]


def _read(*probabilities: float) -> topics.Posterior:
    return topics.Posterior(("a", "b", "c"), np.asarray(probabilities), {})


def _two_questions(
    monkeypatch: pytest.MonkeyPatch, first: topics.Posterior, second: topics.Posterior
) -> None:
    questions = [topics._question(first.top(), [0, 1]), topics._question(second.top(), [2, 3])]
    monkeypatch.setattr(
        topics, "_candidates", lambda turns: (questions, [1.0, 1.0], [first, second])
    )
    monkeypatch.setattr(main_question, "packaged", lambda: Chooser((0.0,) * len(FEATURES)))
    monkeypatch.setattr(topics, "WHOLE_CALL", True)


def test_the_main_product_is_read_from_the_whole_call(monkeypatch: pytest.MonkeyPatch) -> None:
    # An unsure chooser (equal shares): b is the likelier product of the call, and the second
    # question, which it heads, becomes the main question.
    _two_questions(monkeypatch, _read(0.5, 0.4, 0.1), _read(0.0, 0.9, 0.1))
    found = topics.detect_questions(_TURNS)
    assert [q.upl for q in found] == ["b", "a"]
    assert found[0].turns == [2, 3] and found[0].confidence == pytest.approx(0.65)


def test_a_product_no_question_heads_goes_to_the_chosen_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _two_questions(monkeypatch, _read(0.5, 0.0, 0.5 - 1e-3), _read(0.0, 0.55, 0.45))
    found = topics.detect_questions(_TURNS)
    assert [q.upl for q in found] == ["c", "b"]
    assert found[0].turns == [0, 1]
    assert [upl for upl, _ in found[0].alternatives] == ["b", "a"]


def test_without_the_whole_call_the_chosen_question_keeps_its_product(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _two_questions(monkeypatch, _read(0.5, 0.4, 0.1), _read(0.0, 0.9, 0.1))
    monkeypatch.setattr(topics, "WHOLE_CALL", False)
    found = topics.detect_questions(_TURNS)
    assert [q.upl for q in found] == ["a", "b"] and found[0].confidence == 0.5
