"""The insight page renders from a provider; small groups are left out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from reisgenoot.knowledge.insight import (
    ArticleFeedback,
    EmptyProvider,
    UnansweredQuestion,
    insight,
)

SEEN = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


class FakeProvider:
    def __init__(
        self, feedback: Sequence[ArticleFeedback], questions: Sequence[UnansweredQuestion]
    ) -> None:
        self.feedback = feedback
        self.questions = questions

    def article_feedback(self) -> Sequence[ArticleFeedback]:
        return self.feedback

    def unanswered_questions(self) -> Sequence[UnansweredQuestion]:
        return self.questions


PROVIDER = FakeProvider(
    [
        ArticleFeedback("vbs-paspoort", "Paspoort aanvragen", 20, 2, 1),
        ArticleFeedback("vbs-grofvuil", "Grofvuil laten ophalen", 3, 4, 5),
        ArticleFeedback("vbs-klein", "Weinig reacties", 0, 2, 2),
    ],
    [
        UnansweredQuestion("Kan ik mijn kliko ruilen voor een grotere?", 9, SEEN),
        UnansweredQuestion("Waar laat ik [naam] zijn fiets?", 2, SEEN),
    ],
)


def test_empty_provider_says_there_is_no_data(redacteur: TestClient) -> None:
    page = redacteur.get("/redactie/inzicht")
    assert page.status_code == 200
    assert "Nog geen gegevens" in page.text
    assert not insight(EmptyProvider()).has_data


def test_page_lists_weak_articles_and_frequent_questions(
    redacteur: TestClient, app: FastAPI
) -> None:
    app.state.insight_provider = PROVIDER
    page = redacteur.get("/redactie/inzicht").text
    assert "Nog geen gegevens" not in page
    assert "Grofvuil laten ophalen" in page and "75%" in page
    assert "Paspoort aanvragen" not in page  # mostly helpful
    assert "Weinig reacties" not in page  # under 5 reactions
    assert "1 artikel heeft minder dan 5 reacties" in page
    assert "Kan ik mijn kliko ruilen voor een grotere?" in page and "18-11-2026" in page
    assert "zijn fiets" not in page
    assert "1 vraag is minder dan 5 keer gesteld" in page


def test_question_text_is_redacted_again() -> None:
    leaky = FakeProvider([], [UnansweredQuestion("Bel mij op 06-12345678 over de kliko", 7, SEEN)])
    shown = insight(leaky).unanswered[0].text_redacted
    assert "12345678" not in shown and "kliko" in shown


def test_ordering_puts_the_weakest_first() -> None:
    result = insight(
        FakeProvider(
            [
                ArticleFeedback("a", "A", 5, 5, 0),
                ArticleFeedback("b", "B", 1, 5, 4),
            ],
            [],
        )
    )
    assert [f.source_id for f in result.weak_articles] == ["b", "a"]
