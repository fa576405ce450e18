"""Crisis notices: publishing, first place on /hulp and /kennisbank, expiry, withdrawal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from reisgenoot.knowledge import notices
from reisgenoot.knowledge.notices import NoticeForm, active_notices, local_label, publish, validate
from reisgenoot.knowledge.search import notices as search_notices
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.redactie.conftest import NOW, Clock
from tests.web.fixtures import csrf_from

NOTICE = {
    "titel": "Storing bij het maken van paspoorten",
    "tekst": "Door een storing kunnen wij vandaag geen paspoorten maken. Uw afspraak gaat door.",
    "onderwerp": "paspoort",
    "trefwoorden": "",
    "verloopt": "2026-11-21T17:00",
}


def _publish(client: TestClient, **changes: str) -> Response:
    page = client.get("/redactie/crisis/nieuw")
    data = dict(NOTICE, csrf_token=csrf_from(page.text), **changes)
    response: Response = client.post("/redactie/crisis/nieuw", data=data)
    return response


def test_notice_comes_first_on_hulp_and_kennisbank_until_it_expires(
    redacteur: TestClient, clock: Clock, monkeypatch: pytest.MonkeyPatch, db: Database
) -> None:
    import reisgenoot.knowledge.redactie_routes as routes

    monkeypatch.setattr(routes, "utcnow", lambda: clock.now)
    response = _publish(redacteur)
    assert response.status_code == 303
    hulp = redacteur.get("/hulp", params={"q": "paspoort verlopen"}).text
    assert NOTICE["titel"] in hulp
    assert hulp.index(NOTICE["titel"]) < hulp.index("Paspoort aanvragen")
    assert "Dit bericht geldt tot 21 november 2026, 17:00 uur." in hulp
    search = redacteur.get("/kennisbank", params={"q": "paspoort"}).text
    assert search.index(NOTICE["titel"]) < search.index("Paspoort aanvragen")
    fragment = redacteur.get(
        "/kennisbank", params={"q": "paspoort"}, headers={"HX-Request": "true"}
    )
    assert NOTICE["titel"] in fragment.text
    assert NOTICE["titel"] not in redacteur.get("/hulp", params={"q": "grofvuil matras"}).text
    assert NOTICE["titel"] in redacteur.get("/hulp").text  # the banner without a question
    with db.session() as session:
        assert [n["title"] for n in search_notices(session, "paspoort kwijt")] == [NOTICE["titel"]]
    clock.now = NOW + timedelta(days=1, hours=7, minutes=1)  # 21 Nov 17:01 in Amsterdam
    assert NOTICE["titel"] not in redacteur.get("/hulp", params={"q": "paspoort"}).text
    assert NOTICE["titel"] not in redacteur.get("/hulp").text
    assert NOTICE["titel"] not in redacteur.get("/kennisbank", params={"q": "paspoort"}).text
    listing = redacteur.get("/redactie/crisis").text
    assert "Afgelopen" in listing and NOTICE["titel"] in listing


def test_publishing_and_withdrawing_are_audited(
    redacteur: TestClient, db: Database, settings: Settings, clock: Clock
) -> None:
    form = NoticeForm(**{k: v for k, v in NOTICE.items()})
    with db.session() as session:
        article = publish(
            session, form, audit_key=settings.audit_secret(), actor="teamleider", now=NOW
        )
        key = article.id
    assert NOTICE["titel"] in redacteur.get("/hulp", params={"q": "paspoort"}).text
    page = redacteur.get("/redactie/crisis")
    response = redacteur.post(
        f"/redactie/crisis/{key}/intrekken", data={"csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 303
    assert NOTICE["titel"] not in redacteur.get("/hulp", params={"q": "paspoort"}).text
    with db.session() as session:
        events = list(
            session.scalars(select(AuditEvent).where(AuditEvent.action.like("crisisbericht%")))
        )
    assert [(e.action, e.actor) for e in events] == [
        ("crisisbericht_geplaatst", "teamleider"),
        ("crisisbericht_ingetrokken", "redacteur"),
    ]
    assert (
        redacteur.post(
            "/redactie/crisis/999999/intrekken", data={"csrf_token": csrf_from(page.text)}
        ).status_code
        == 404
    )


def test_invalid_notice_keeps_the_input(
    redacteur: TestClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reisgenoot.knowledge.redactie_routes as routes

    monkeypatch.setattr(routes, "utcnow", lambda: clock.now)
    long_text = "Lees dit goed. " * 40
    response = _publish(redacteur, tekst=long_text, verloopt="2026-12-31T12:00")
    assert response.status_code == 400
    text = response.text
    assert "Gebruik hoogstens 500 tekens." in text
    assert "hoogstens 14 dagen" in text
    assert long_text.strip() in text
    assert 'value="2026-12-31T12:00"' in text


def test_validation_rules() -> None:
    names = frozenset({"paspoort", "afval"})
    ok = NoticeForm(**NOTICE)
    assert validate(ok, names, NOW) == []
    missing = NoticeForm(titel="Let op", tekst="Tekst", verloopt="")
    fields = [f for f, _m in validate(missing, names, NOW)]
    assert fields == ["onderwerp", "verloopt"]
    past = NoticeForm(**dict(NOTICE, verloopt="2026-11-19T10:00"))
    assert [m for _f, m in validate(past, names, NOW)] == [
        "De einddatum ligt in het verleden. Kies een moment in de toekomst."
    ]
    unknown = NoticeForm(**dict(NOTICE, onderwerp="ruimtevaart"))
    assert [f for f, _m in validate(unknown, names, NOW)] == ["onderwerp"]
    garbage = NoticeForm(**dict(NOTICE, verloopt="morgen"))
    assert [f for f, _m in validate(garbage, names, NOW)] == ["verloopt"]


def test_matching_uses_keywords_and_normalised_terms(db: Database, settings: Settings) -> None:
    form = NoticeForm(
        titel="Afval later opgehaald",
        tekst="Door een staking halen wij het afval een dag later op.",
        trefwoorden="afval, container",
        verloopt="2026-11-22T12:00",
    )
    with db.session() as session:
        publish(session, form, audit_key=settings.audit_secret(), actor="t", now=NOW)
        assert active_notices(session, "wanneer wordt de afvalcontainer geleegd", now=NOW)
        assert active_notices(session, "Containers", now=NOW)
        assert not active_notices(session, "paspoort verlengen", now=NOW)
        assert not active_notices(session, "later", now=NOW)  # title words do not match
        assert not active_notices(session, "", now=NOW)
        assert len(active_notices(session, now=NOW)) == 1
        assert not active_notices(session, now=NOW + timedelta(days=3))


def test_expiry_as_a_bare_date_lasts_the_whole_day() -> None:
    end = notices.parse_expiry("2026-07-01")
    assert end is not None and local_label(end) == "1 juli 2026, 23:59"
    assert notices.parse_expiry("niet-een-datum") is None


def test_the_list_names_other_articles_a_broad_keyword_reaches(
    redacteur: TestClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # seen trying the chat (h145): a keyword like "ophalen" on a waste notice also put the
    # notice above a question about collecting a passport
    import reisgenoot.knowledge.redactie_routes as routes

    monkeypatch.setattr(routes, "utcnow", lambda: clock.now)
    own_topic = {"titel": "Grofvuil later", "onderwerp": "grofvuil", "trefwoorden": "ophalen"}
    assert _publish(redacteur, **own_topic).status_code == 303  # only its own topic's article
    assert "zet dit bericht ook boven" not in redacteur.get("/redactie/crisis").text
    broad = {"titel": "Storing bij de balie", "onderwerp": "", "trefwoorden": "aanvragen"}
    assert _publish(redacteur, **broad).status_code == 303
    page = redacteur.get("/redactie/crisis").text
    hint = page.split("Het trefwoord 'aanvragen' zet dit bericht ook boven vragen over:", 1)
    assert len(hint) == 2, "no hint for the broad keyword"
    assert hint[1].split("</p>", 1)[0].strip().startswith("Paspoort aanvragen")
