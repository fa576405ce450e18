"""The article editor: saving updates search, errors keep input, B1 feedback, conflicts."""

from __future__ import annotations

import re

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.knowledge.editing import ArticleForm, save_article
from reisgenoot.knowledge.embeddings import Matrix
from reisgenoot.knowledge.index import SectionEmbedding, article_passages, build_index
from reisgenoot.knowledge.models import Article
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.web.fixtures import csrf_from

LONG_SENTENCE = (
    "Indien u voornemens bent om in aanmerking te komen voor een vergunning dient u "
    "overeenkomstig de geldende verordening tijdig een aanvraag in te dienen bij het "
    "daartoe bevoegde bestuursorgaan van de gemeente."
)


def _article_id(db: Database, source_id: str) -> int:
    with db.session() as session:
        found = session.scalar(select(Article.id).where(Article.source_id == source_id))
    assert found is not None
    return found


def _form(page: str) -> dict[str, str]:
    """The editor's current values as a browser would post them."""
    values = {"csrf_token": csrf_from(page)}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        values.setdefault(name, value)
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S
    ):
        values[name] = value
    selected = re.search(r'name="status"[^>]*>.*?<option value="([^"]+)" selected', page, re.S)
    values["status"] = selected.group(1) if selected else "concept"
    values["actie"] = "opslaan"
    return values


def test_new_article_is_found_by_search_at_once(redacteur: TestClient, db: Database) -> None:
    assert "Geen resultaten" in redacteur.get("/kennisbank", params={"q": "zwembadpas"}).text
    page = redacteur.get("/redactie/nieuw")
    form = _form(page.text)
    form.update(
        titel="Zwembadpas aanvragen",
        upl="paspoort",
        status="actief",
        trefwoorden="zwembad, pasje",
        tekst="Met een zwembadpas zwemt u goedkoper in het stadsbad.",
        desk_memo="Intern: kortingscode 77.",
    )
    saved = redacteur.post("/redactie/nieuw", data=form)
    assert saved.status_code == 303
    assert re.fullmatch(r"/redactie/artikel/\d+\?opgeslagen=1", saved.headers["location"])
    found = redacteur.get("/kennisbank", params={"q": "zwembadpas"})
    assert "Zwembadpas aanvragen" in found.text
    assert "Intern: kortingscode" not in redacteur.get("/hulp", params={"q": "zwembadpas"}).text
    with db.session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "artikel_aangemaakt")
        ).one()
        assert event.actor == "redacteur"
        assert "tekst" in event.details["changed"]


def test_editing_an_article_updates_search_for_a_new_term(
    redacteur: TestClient, db: Database
) -> None:
    key = _article_id(db, "vbs-grofvuil")
    assert "Grofvuil" not in redacteur.get("/kennisbank", params={"q": "koelkast"}).text
    page = redacteur.get(f"/redactie/artikel/{key}")
    assert page.status_code == 200
    form = _form(page.text)
    form["tekst"] += " Ook een oude koelkast of wasmachine halen wij op."
    assert redacteur.post(f"/redactie/artikel/{key}", data=form).status_code == 303
    assert "Grofvuil laten ophalen" in redacteur.get("/kennisbank", params={"q": "koelkast"}).text
    with db.session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "artikel_bewerkt")
        ).one()
    assert event.details["changed"] == ["tekst"]
    assert event.object_id == "voorbeeldstad:vbs-grofvuil"


def test_a_concept_is_not_searchable(redacteur: TestClient, db: Database) -> None:
    key = _article_id(db, "vbs-grofvuil")
    form = _form(redacteur.get(f"/redactie/artikel/{key}").text)
    form["status"] = "concept"
    assert redacteur.post(f"/redactie/artikel/{key}", data=form).status_code == 303
    assert "Grofvuil laten ophalen" not in redacteur.get("/kennisbank", params={"q": "matras"}).text


def test_validation_errors_keep_what_was_typed(redacteur: TestClient, db: Database) -> None:
    form = _form(redacteur.get("/redactie/nieuw").text)
    form.update(
        titel="",
        upl="bestaat-niet-als-product",
        tekst="Een tekst die <b>niet</b> verloren mag gaan.",
        vereisten="U woont in de gemeente.",
    )
    page = redacteur.post("/redactie/nieuw", data=form)
    assert page.status_code == 400
    assert "Er is een probleem" in page.text
    assert "Vul een titel in." in page.text
    assert "staat niet in de lijst met onderwerpen" in page.text
    assert "Een tekst die &lt;b&gt;niet&lt;/b&gt; verloren mag gaan." in page.text
    assert "U woont in de gemeente." in page.text
    assert 'value="bestaat-niet-als-product"' in page.text
    with db.session() as session:
        assert session.scalar(select(Article).where(Article.source == "redactie")) is None


def test_b1_feedback_without_javascript_and_with_htmx(redacteur: TestClient) -> None:
    form = _form(redacteur.get("/redactie/nieuw").text)
    form.update(titel="Vergunning", tekst=LONG_SENTENCE, actie="controleren")
    page = redacteur.post("/redactie/nieuw", data=form)
    assert page.status_code == 200
    assert "Taalniveau (B1)" in page.text
    assert "nog niet op B1-niveau" in page.text
    assert "Deze zin is lang" in page.text
    assert LONG_SENTENCE in page.text  # the typed text stays in the form
    fragment = redacteur.post(
        "/redactie/b1",
        data={"tekst": "U kunt bellen. Wij helpen u graag.", "vereisten": LONG_SENTENCE},
        headers={"HX-Request": "true", "X-CSRF-Token": form["csrf_token"]},
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Inleiding" in fragment.text and "goed, op B1-niveau" in fragment.text
    assert "Voorwaarden" in fragment.text and "Deze zin is lang" in fragment.text


def test_a_concurrent_edit_is_not_overwritten(
    redacteur: TestClient, db: Database, settings: Settings
) -> None:
    key = _article_id(db, "vbs-paspoort")
    mine = _form(redacteur.get(f"/redactie/artikel/{key}").text)
    with db.session() as session:  # a colleague saves first
        article = session.get(Article, key)
        assert article is not None
        theirs = ArticleForm.from_article(article)
        theirs.sections["kosten_en_betaalmethoden"] = "18 jaar en ouder: € 90,00"
        save_article(session, theirs, key=key, audit_key=settings.audit_secret(), actor="collega")
    mine["tekst"] = "Mijn nieuwe inleiding over het paspoort."
    page = redacteur.post(f"/redactie/artikel/{key}", data=mine)
    assert page.status_code == 409
    assert "Iemand anders heeft dit artikel intussen opgeslagen" in page.text
    assert "Mijn nieuwe inleiding over het paspoort." in page.text
    assert "Kosten" in page.text
    with db.session() as session:
        stored = session.get(Article, key)
        assert stored is not None
        assert stored.kosten_en_betaalmethoden == "18 jaar en ouder: € 90,00"
        assert stored.tekst.startswith("Met een paspoort")
    again = _form(page.text)  # saving again after seeing the message is deliberate
    assert redacteur.post(f"/redactie/artikel/{key}", data=again).status_code == 303


def test_overview_filters_by_status_and_title(redacteur: TestClient, db: Database) -> None:
    page = redacteur.get("/redactie")
    assert "Paspoort aanvragen" in page.text and "Grofvuil laten ophalen" in page.text
    filtered = redacteur.get("/redactie", params={"q": "paspoort"})
    assert "Paspoort aanvragen" in filtered.text and "Grofvuil" not in filtered.text
    assert (
        "Geen artikelen gevonden" in redacteur.get("/redactie", params={"status": "concept"}).text
    )
    assert redacteur.get("/redactie/artikel/999999").status_code == 404
    key = _article_id(db, "vbs-paspoort")
    assert f'href="/redactie/artikel/{key}"' in redacteur.get("/kennisbank/vbs-paspoort").text


class FakeEmbedder:
    """Deterministic vectors, counting what it embeds."""

    model_id = "fake-embedder"

    def __init__(self) -> None:
        self.passages: list[str] = []

    def _vectors(self, texts: list[str]) -> Matrix:
        rows = [np.full(4, (len(t) % 7) + 1, dtype=np.float32) for t in texts]
        return np.vstack([r / np.linalg.norm(r) for r in rows])

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._vectors(texts)

    def embed_passages(self, texts: list[str]) -> Matrix:
        self.passages.extend(texts)
        return self._vectors(texts)


def test_saving_reindexes_only_that_article(
    db: Database, settings: Settings, articles: object
) -> None:
    embedder = FakeEmbedder()
    with db.session() as session:
        build_index(session, embedder)
        before = {
            (r.article_id, r.section): r.text_hash
            for r in session.scalars(select(SectionEmbedding))
        }
        article = session.scalars(select(Article).where(Article.source_id == "vbs-grofvuil")).one()
        form = ArticleForm.from_article(article)
        form.sections["tekst"] = "Grofvuil is afval dat niet in de container past."
        form.sections["kosten_en_betaalmethoden"] = ""
        embedder.passages.clear()
        save_article(
            session,
            form,
            key=article.id,
            audit_key=settings.audit_secret(),
            actor="t",
            embedder=embedder,
        )
        after = {
            (r.article_id, r.section): r.text_hash
            for r in session.scalars(select(SectionEmbedding))
        }
        wanted = {p.section for p in article_passages(article)}
        grofvuil = article.id
    assert len(embedder.passages) == 1 and embedder.passages[0].startswith(
        "Grofvuil laten ophalen:"
    )
    assert {s for (a, s) in after if a == grofvuil} == wanted
    assert (grofvuil, "kostenEnBetaalmethoden") not in after
    others = {k: v for k, v in before.items() if k[0] != grofvuil}
    assert others == {k: v for k, v in after.items() if k[0] != grofvuil}
