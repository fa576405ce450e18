"""Seen in the browser (h144): a closing "Is uw vraag hiermee beantwoord? Tot ziens, meneer
Veenstra." was quoted as a long or difficult sentence and as the place where a question was
missing. An omission is shown at the trainee's last turn before the closing, and a name after a
form of address is no difficult word."""

from __future__ import annotations

from reisgenoot.training.points import growth
from reisgenoot.training.turns import OUTCOMES
from tests.training.judging import practise

CLOSING = "Is uw vraag hiermee beantwoord? Tot ziens, meneer Veenstra."
EXPLAINED = "Wat vervelend. U kunt een nieuw paspoort aanvragen bij de balie."


def test_an_omission_is_quoted_before_the_closing_and_the_name_is_plain_language() -> None:
    session = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat kan ik voor u doen?",
            EXPLAINED,
            CLOSING,
        ]
    )
    points = {point.skill: point for point in growth(session)}
    assert points["volledigheid"].quote == EXPLAINED  # the departure date was never asked
    assert "b1" not in points
    assert all(point.quote != CLOSING for point in points.values())


def test_the_end_notice_does_not_say_twice_that_the_conversation_ended() -> None:
    # the page shows "Het gesprek is afgelopen." before the outcome's own sentence
    assert not any(text.lower().startswith("het gesprek") for text in OUTCOMES.values())
