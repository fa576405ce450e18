"""The municipality first: a national article that names a municipal product gives way."""

from __future__ import annotations

from reisgenoot.knowledge.priority import municipality_first, shadows
from reisgenoot.knowledge.retrieval import Doc, Ranked
from reisgenoot.knowledge.understanding import Understanding

NATIONAL_FEES = Doc(
    1, "rijk-kosten", "rijksoverheid", "Wat kost een paspoort of identiteitskaart?", (), ()
)
NATIONAL_AOW = Doc(2, "rijk-aow", "rijksoverheid", "Wanneer krijg ik AOW?", (), ())
OWN_PASSPORT = Doc(3, "vbs-paspoort", "voorbeeldstad", "Paspoort", (), (), upl="paspoort")
OWN_ID = Doc(4, "vbs-id", "voorbeeldstad", "Identiteitskaart", (), (), upl="identiteitskaart")
OWN_BIJSTAND = Doc(5, "vbs-bijstand", "voorbeeldstad", "Bijstand", (), (), upl="bijstand")
DOCS = (NATIONAL_FEES, NATIONAL_AOW, OWN_PASSPORT, OWN_ID, OWN_BIJSTAND)
OWN = (0.0, 0.0, 1.0, 1.0, 1.0)


def _hits(*docs: Doc) -> list[Ranked]:
    return [
        Ranked(doc=d, score=0.0, dense=0.0, lexical=0.0, coverage=0.0, rerank=10.0 - i)
        for i, d in enumerate(docs)
    ]


def _reading(intent: str, p: float) -> Understanding:
    rest = (1.0 - p) / 2
    return Understanding({intent: p, "informatie": rest, "procedure": rest}, {"geen": 1.0}, 0.0)


def test_a_national_title_shadows_the_municipal_products_it_names() -> None:
    found = shadows(DOCS, OWN)
    assert found["rijk-kosten"] == {"paspoort", "identiteitskaart"}
    assert found["rijk-aow"] == frozenset()  # AOW is no municipal product
    assert "vbs-paspoort" not in found  # the municipality's own articles shadow nothing


def test_the_municipality_s_article_wins_a_question_about_its_fees() -> None:
    hits = _hits(NATIONAL_FEES, OWN_ID, OWN_PASSPORT)
    ordered = municipality_first(hits, _reading("kosten", 0.95), shadows(DOCS, OWN))
    assert [h.doc.source_id for h in ordered] == ["vbs-id", "rijk-kosten", "vbs-paspoort"]
    # They trade scores: the confidence reads the same margin as before.
    assert [h.rerank for h in ordered] == [10.0, 9.0, 8.0]


def test_a_national_question_about_the_product_keeps_the_national_answer() -> None:
    hits = _hits(NATIONAL_FEES, OWN_PASSPORT)
    ordered = municipality_first(hits, _reading("termijn", 0.98), shadows(DOCS, OWN))
    assert ordered[0].doc.source_id == "rijk-kosten"


def test_an_unsure_reading_of_the_fees_changes_nothing() -> None:
    hits = _hits(NATIONAL_FEES, OWN_PASSPORT)
    ordered = municipality_first(hits, _reading("kosten", 0.4), shadows(DOCS, OWN))
    assert ordered[0].doc.source_id == "rijk-kosten"


def test_only_the_article_about_the_same_product_and_close_enough_wins() -> None:
    found = shadows(DOCS, OWN)
    other = municipality_first(_hits(NATIONAL_AOW, OWN_BIJSTAND), _reading("kosten", 0.9), found)
    assert other[0].doc.source_id == "rijk-aow"
    far = _hits(NATIONAL_FEES, OWN_BIJSTAND, NATIONAL_AOW, OWN_PASSPORT)
    assert municipality_first(far, _reading("kosten", 0.9), found)[0].doc.source_id == "rijk-kosten"
