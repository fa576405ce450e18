"""Check-the-AI items: every injected error is detectable by a reader who has the article."""

from __future__ import annotations

import re

import pytest

from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.language.pii import redact
from reisgenoot.language.readability import check_b1
from reisgenoot.store.engine import Database
from reisgenoot.training import kennis
from reisgenoot.training.analysis import extract_claims
from reisgenoot.training.checkai import (
    ERROR_KINDS,
    PROMISE_WORDS,
    CheckItem,
    InjectedError,
    build_item,
    generate_items,
    hint,
    next_review_days,
    render_result,
    score,
)
from reisgenoot.training.kennis import KennisArticle


@pytest.fixture(scope="session")
def check_articles(
    kennisbank_db: Database, demo_articles: list[ArticleData]
) -> dict[str, KennisArticle]:
    """The demo kennisbank's articles, read from the database as training reads them."""
    with kennisbank_db.session() as session:
        return kennis.find_articles(session, [item.source_id for item in demo_articles])


@pytest.fixture(scope="session")
def check_items(kennisbank_db: Database) -> list[CheckItem]:
    with kennisbank_db.session() as session:
        return generate_items(session, seed=2026, count=120)


def _claim_keys(text: str) -> set[str]:
    return {f"{c.kind}:{c.value}" for c in extract_claims(text)}


def _detectable(error: InjectedError, item: CheckItem, article: KennisArticle) -> bool:
    text = article.text()
    sentence = item.sentences[error.index]
    if error.kind in ("bedrag", "termijn"):
        assert error.wrong_value and error.wrong_value in sentence
        return (
            not (_claim_keys(error.wrong_value) <= _claim_keys(text))
            and error.wrong_value not in text
        )
    if error.kind == "instantie":
        return (
            error.wrong_value is not None
            and error.wrong_value.lower() not in text.lower()
            and error.wrong_value in sentence
        )
    if error.kind == "ontbrekende_stap":
        removed = error.removed or ""
        return removed in text and removed.rstrip(".") not in sentence
    if error.kind == "privacy":
        return bool(redact(sentence).entities) and not any(
            e.text in text for e in redact(sentence).entities
        )
    if error.kind == "te_veel_beloofd":
        return any(w in sentence.lower() for w in PROMISE_WORDS) and sentence not in text
    if error.kind == "geen_b1":
        officialese = [c for c in check_b1(sentence).sentences if c.officialese and not c.b1]
        return any(c.text not in text for c in officialese)
    raise AssertionError(error.kind)


def test_items_cover_the_taxonomy_and_include_error_free_items(
    check_items: list[CheckItem],
) -> None:
    kinds = {error.kind for item in check_items for error in item.errors}
    assert kinds == set(ERROR_KINDS)
    counts = [len(item.errors) for item in check_items]
    assert set(counts) == {0, 1, 2, 3}
    assert 0.1 <= counts.count(0) / len(counts) <= 0.4


@pytest.mark.parametrize("number", range(0, 120, 1))
def test_every_injected_error_is_detectable_with_the_article(
    number: int,
    check_items: list[CheckItem],
    check_articles: dict[str, KennisArticle],
) -> None:
    item = check_items[number]
    article = check_articles[item.article_id]
    for error in item.errors:
        assert _detectable(error, item, article), (error, item.sentences[error.index])
    wrong = {error.index for error in item.errors}
    for index, sentence in enumerate(item.sentences):
        if index in wrong:
            continue
        # Sentences without an error only state amounts and terms that are in the article.
        assert _claim_keys(sentence) <= _claim_keys(article.text()), sentence
        assert "Voor medewerkers" not in sentence


def test_error_free_item_is_built_from_the_article_only(
    check_articles: dict[str, KennisArticle],
) -> None:
    item = build_item(check_articles["vbs-paspoort"], 1, errors=0)
    assert item.errors == ()
    text = check_articles["vbs-paspoort"].text(include_desk_memo=False)
    for sentence in item.sentences:
        for part in re.split(r"(?<=[.!?:])\s+", sentence):
            if part in ("Zo regelt u het.", "Hier moet u aan voldoen.", "Neem dit mee."):
                continue
            assert part.rstrip(".").lower()[:25] in text.lower(), part
    result = score(item, set())
    assert result.precision == 1.0 and result.recall == 1.0
    assert score(item, {1}).precision == 0.0


def test_scoring_is_precision_and_recall_of_marked_sentences(
    check_articles: dict[str, KennisArticle],
) -> None:
    item = build_item(check_articles["vbs-grofvuil"], 3, errors=2)
    wrong = [error.index + 1 for error in item.errors]
    assert len(wrong) == 2
    perfect = score(item, set(wrong))
    assert perfect.precision == 1.0 and perfect.recall == 1.0 and perfect.f1 == 1.0
    half = score(item, {wrong[0]})
    assert half.precision == 1.0 and half.recall == 0.5
    correct = next(n for n in range(1, len(item.sentences) + 1) if n not in wrong)
    noisy = score(item, {wrong[0], correct})
    assert noisy.precision == 0.5 and noisy.recall == 0.5 and noisy.false_alarms == (correct - 1,)
    with_kind = score(item, {wrong[0]: item.errors[0].kind})
    assert with_kind.kinds_right == 1


def test_marking_nothing_when_there_are_errors_scores_nothing(
    check_articles: dict[str, KennisArticle],
) -> None:
    item = build_item(check_articles["vbs-grofvuil"], 3, errors=2)
    nothing = score(item, set())
    assert nothing.precision == 0.0 and nothing.recall == 0.0 and nothing.f1 == 0.0
    lines = render_result(item, nothing)
    assert not any("Precisie 100%" in line for line in lines)
    assert any("geen zin aan" in line for line in lines)


def test_same_seed_same_item_and_hints(check_articles: dict[str, KennisArticle]) -> None:
    first = build_item(check_articles["vbs-kwijtschelding"], 9)
    assert first == build_item(check_articles["vbs-kwijtschelding"], 9)
    assert hint(first).startswith("Hint:")
    assert [next_review_days(n) for n in range(6)] == [1, 3, 7, 14, 30, 30]
