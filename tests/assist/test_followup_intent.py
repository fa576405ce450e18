"""Follow-up questions that fit the resident's intent, read by the learned intent head."""

from __future__ import annotations

from reisgenoot.assist.analysed import analyse_turns
from reisgenoot.assist.articles import APPLICATION, FIT, article_info, questions
from reisgenoot.assist.intent import resident_intent
from reisgenoot.assist.transcript import Turn
from reisgenoot.knowledge.models import Article

CONTAINER = Article(
    source="voorbeeldstad",
    source_id="test-afvalcontainer",
    title="Afvalcontainer aanvragen, omruilen of laten repareren",
    trefwoorden=["afvalcontainer", "container", "kliko"],
    vereisten="- Neem de containers niet mee bij een verhuizing.\n"
    "- Een extra grijze container kan alleen bij medisch afval zoals incontinentiemateriaal.",
    bewijs="",
    bezwaar_en_beroep="Bent u het niet eens met het besluit? Stuur dan een bezwaarschrift.",
    content_hash="test-1",
)


def _intent(*resident: str) -> dict[str, float]:
    turns = [Turn("medewerker", "Gemeente Voorbeeldstad, goedemorgen.")]
    turns += [Turn("inwoner", text) for text in resident]
    intent = resident_intent(analyse_turns(turns))
    assert intent is not None
    return intent


def _labels(intent: dict[str, float] | None) -> list[str]:
    return [q.label for q in questions([article_info(CONTAINER)], set(), False, intent)]


def _application_share(intent: dict[str, float]) -> float:
    return sum(p for name, p in intent.items() if name in APPLICATION)


def test_a_missed_collection_gets_no_application_questions() -> None:
    intent = _intent(
        "Mijn grijze container is vandaag niet geleegd, terwijl hij op tijd buiten stond."
    )
    assert _application_share(intent) < FIT
    labels = _labels(intent)
    assert not any("incontinentie" in label or "verhuizing" in label for label in labels)


def test_an_application_gets_the_products_conditions() -> None:
    intent = _intent(
        "Goedemorgen, ik wil graag een extra grijze container aanvragen.",
        "Wat zijn daarvoor de voorwaarden?",
    )
    assert _application_share(intent) >= FIT
    assert (
        "Controleer: een extra grijze container kan alleen bij medisch afval zoals "
        "incontinentiemateriaal" in _labels(intent)
    )


def test_an_objection_gets_questions_from_the_section_that_treats_it() -> None:
    intent = {name: 0.0 for name in _intent("Hallo")}
    intent["bezwaar"] = 1.0
    found = questions([article_info(CONTAINER)], set(), False, intent)
    assert found and all(q.why.startswith("Bezwaar en beroep") for q in found)


def test_an_intent_without_a_section_gets_no_questions_rather_than_wrong_ones() -> None:
    intent = {name: 0.0 for name in _intent("Hallo")}
    intent["klacht"] = 1.0
    assert _labels(intent) == []
    assert _labels(None), "without an intent reading the checklist is shown as before"


def test_questions_come_from_the_main_questions_product_only() -> None:
    from reisgenoot.assist.suggestions import _main_upl

    draft = {"vragen": [{"upl": "paspoort"}, {"upl": "hondenbelasting"}]}
    assert _main_upl(draft, ["paspoort", "hondenbelasting"]) == "paspoort"
    assert _main_upl(draft, ["hondenbelasting"]) is None, "an unsure main product asks nothing"
    assert _main_upl(None, []) is None
