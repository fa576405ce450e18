"""Around the review gate: "eerst zelf, dan AI", sources opened, hand-off advice, discarding."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from reisgenoot.accounts.models import Team, User
from reisgenoot.accounts.service import get_or_create_team
from reisgenoot.contacts.models import Klantcontact, Turn
from reisgenoot.contacts.records import IdentifierHash
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.assist.test_review import TURNS, confirmations, contact, conversation, form_values
from tests.web.fixtures import csrf_from, login

ANGRY = (
    ("medewerker", "Gemeente Voorbeeldstad, goedemiddag."),
    ("inwoner", "Dit is al de derde keer! Belachelijk! Ik wil NU uw leidinggevende spreken!"),
    ("medewerker", "Dat begrijp ik. Ik kijk wat ik voor u kan doen."),
)


def _in_team(db: Database, team: str, *usernames: str) -> int:
    with db.session() as session:
        found = get_or_create_team(session, team)
        for user in session.scalars(select(User).where(User.username.in_(usernames))):
            user.team = found
        return found.id


def _events(db: Database, action: str) -> list[dict[str, Any]]:
    with db.session() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == action))
        return [dict(row.details) for row in rows]


def _switch(client: Any, team_id: int, on: bool) -> Any:
    token = csrf_from(client.get("/toezicht/werkwijze").text)
    value = "ja" if on else "nee"
    return client.post(
        f"/toezicht/werkwijze/{team_id}", data={"eerst_zelf": value, "csrf_token": token}
    )


def test_eerst_zelf_asks_the_own_choice_before_the_proposal_and_records_it(
    client: Any, users: dict[str, Any], db: Database, settings: Settings, articles: Any
) -> None:
    team_id = _in_team(db, "Noord", "medewerker", "teamleider")
    login(client, "teamleider")
    assert _switch(client, team_id, True).status_code == 303
    assert "Aan" in client.get("/toezicht/werkwijze").text
    assert _events(db, "team_werkwijze_gewijzigd") == [{"eerst_zelf": True}]
    client.cookies.clear()
    login(client, "medewerker")
    uuid = conversation(client)
    # During the conversation the registration draft is not shown.
    live = client.get(f"/assist/{uuid}").text
    assert "eerst zelf, dan AI" in live and "Registratie (voorstel)" not in live
    # The review gate asks first; the proposal's fields are not on the page.
    first = client.get(f"/assist/{uuid}/controle").text
    assert "Eerst zelf kiezen" in first
    assert 'name="vragen[0].upl"' not in first and "Zekerheid:" not in first
    token = csrf_from(first)
    early = client.post(f"/assist/{uuid}/controle", data={"csrf_token": token})
    assert early.status_code == 303 and contact(db, uuid).status == "concept"
    bad = client.post(
        f"/assist/{uuid}/eerst-zelf",
        data={"upl": "geen product", "gespreksresultaat": "", "csrf_token": token},
    )
    assert bad.status_code == 422
    assert "Kies een product uit de UPL-lijst." in bad.text
    assert "Kies een gespreksresultaat uit de lijst." in bad.text
    chosen = client.post(
        f"/assist/{uuid}/eerst-zelf",
        data={
            "upl": "paspoort",
            "gespreksresultaat": "Zelfstandig afgehandeld",
            "csrf_token": token,
        },
    )
    assert chosen.status_code == 303
    page = client.get(f"/assist/{uuid}/controle").text
    values = form_values(page)
    assert values["vragen[0].upl"] == "paspoort"  # the own choice fills the form
    assert "Jij koos eerst: <strong>paspoort</strong>" in page
    assert "Reisgenoot stelt voor: <strong>afvalinzameling grofvuil</strong>" in page, re.findall(
        r"Jij koos eerst.*", page
    )
    values["vragen[0].upl"] = "afvalinzameling grofvuil"  # convinced by the proposal
    assert client.post(f"/assist/{uuid}/controle", data=values).status_code == 303
    (event,) = confirmations(db)
    recorded = event.details["eerst_zelf"]
    assert recorded["keuze"] == {"upl": "paspoort", "gespreksresultaat": "Zelfstandig afgehandeld"}
    assert recorded["zelfde_als_voorstel"]["upl"] is False
    assert recorded["definitief_als_voorstel"]["upl"] is True
    with db.session() as session:
        assert audit.verify(session, settings.audit_secret()).intact


def test_without_eerst_zelf_the_proposal_shows_at_once(
    client: Any, users: dict[str, Any], db: Database, articles: Any
) -> None:
    login(client, "medewerker")
    uuid = conversation(client)
    page = client.get(f"/assist/{uuid}/controle").text
    assert 'name="vragen[0].upl"' in page and "Jij koos eerst" not in page
    assert client.post(f"/assist/{uuid}/controle", data=form_values(page)).status_code == 303
    assert confirmations(db)[0].details["eerst_zelf"] is None


def test_the_way_of_working_is_set_per_own_team_only(
    client: Any, users: dict[str, Any], db: Database
) -> None:
    own = _in_team(db, "Noord", "teamleider")
    other = _in_team(db, "Zuid", "opleider")
    login(client, "teamleider")
    page = client.get("/toezicht/werkwijze").text
    assert "Noord" in page and "Zuid" not in page
    assert _switch(client, other, True).status_code == 404
    assert _switch(client, own, True).status_code == 303
    token = csrf_from(client.get("/toezicht/werkwijze").text)
    no_csrf = client.post(f"/toezicht/werkwijze/{own}", data={"eerst_zelf": "nee"})
    assert no_csrf.status_code == 403
    assert (
        client.post("/toezicht/werkwijze/99999999", data={"csrf_token": token}).status_code == 404
    )
    client.cookies.clear()
    login(client, "medewerker")
    assert client.get("/toezicht/werkwijze").status_code == 403
    client.cookies.clear()
    login(client, "beheerder")
    everything = client.get("/toezicht/werkwijze").text
    assert "Noord" in everything and "Zuid" in everything
    assert _switch(client, other, True).status_code == 303
    with db.session() as session:
        assert session.scalar(select(func.count()).where(Team.self_first.is_(True))) == 2


def test_an_opened_source_is_counted_in_the_review(
    client: Any, users: dict[str, Any], db: Database, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    uuid = conversation(client)
    live = client.get(f"/assist/{uuid}").text
    assert f"/assist/{uuid}/bron/vbs-grofvuil?bron=voorbeeldstad" in live
    review = client.get(f"/assist/{uuid}/controle").text
    assert "Bronnen om na te lezen" in review and f"/assist/{uuid}/bron/vbs-grofvuil" in review
    opened = client.get(f"/assist/{uuid}/bron/vbs-grofvuil?bron=voorbeeldstad")
    assert opened.status_code == 303
    assert opened.headers["location"] == "/kennisbank/vbs-grofvuil?bron=voorbeeldstad"
    assert client.get(opened.headers["location"]).status_code == 200
    for hostile in ("..%2F..%2Fbeheer", "%3Cscript%3E", "%00"):
        assert client.get(f"/assist/{uuid}/bron/{hostile}").status_code == 404
    assert client.get(f"/assist/{uuid}/bron/vbs-grofvuil?bron=http://evil").status_code == 404
    assert client.post(f"/assist/{uuid}/controle", data=form_values(review)).status_code == 303
    assert confirmations(db)[0].details["bron_geopend"] is True
    client.cookies.clear()
    login(client, "beheerder")  # not their conversation
    assert client.get(f"/assist/{uuid}/bron/vbs-grofvuil").status_code == 404


def test_a_review_without_a_source_opened_says_so(
    client: Any, users: dict[str, Any], db: Database, articles: Any
) -> None:
    login(client, "medewerker")
    uuid = conversation(client)
    values = form_values(client.get(f"/assist/{uuid}/controle").text)
    client.post(f"/assist/{uuid}/controle", data=values)
    assert confirmations(db)[0].details["bron_geopend"] is False


def test_a_hand_off_advice_against_which_the_employee_registers_is_recorded(
    client: Any, users: dict[str, Any], db: Database
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, ANGRY)
    assert "Warm doorverbinden" in client.get(f"/assist/{uuid}").text
    review = client.get(f"/assist/{uuid}/controle").text
    assert "Advies tijdens het gesprek: warm doorverbinden" in review  # shown again to decide
    values = form_values(review)
    values["vragen[0].gespreksresultaat"] = "Zelfstandig afgehandeld"
    values.pop("interneTaak", None)
    assert client.post(f"/assist/{uuid}/controle", data=values).status_code == 303
    details = confirmations(db)[0].details
    assert details["doorverwijsadvies"] == "escalatie" and details["advies_gevolgd"] is False
    followed = conversation(client, ANGRY)
    values = form_values(client.get(f"/assist/{followed}/controle").text)
    values["vragen[0].gespreksresultaat"] = "Doorverbonden naar collega"
    client.post(f"/assist/{followed}/controle", data=values)
    details = confirmations(db)[1].details
    assert details["doorverwijsadvies"] == "escalatie" and details["advies_gevolgd"] is True


def test_a_calm_conversation_has_no_hand_off_advice(
    client: Any, users: dict[str, Any], db: Database
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, TURNS)
    assert "warm doorverbinden" not in client.get(f"/assist/{uuid}/controle").text
    client.post(
        f"/assist/{uuid}/controle", data=form_values(client.get(f"/assist/{uuid}/controle").text)
    )
    details = confirmations(db)[0].details
    assert details["doorverwijsadvies"] is None and details["advies_gevolgd"] is None


WITH_BSN = (*TURNS, ("inwoner", "Mijn BSN is 111222333 en mijn nummer 06-12345678."))


def test_a_started_conversation_can_be_thrown_away(
    client: Any, users: dict[str, Any], db: Database, settings: Settings
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, WITH_BSN)
    audio = settings.home / "audio"  # call audio kept under a retention setting goes too
    audio.mkdir(parents=True, exist_ok=True)
    (audio / f"{uuid}-00001.wav").write_bytes(b"RIFF")
    (audio / "ander-gesprek-00001.wav").write_bytes(b"RIFF")
    with db.session() as session:
        contact_id = session.scalar(select(Klantcontact.id).where(Klantcontact.uuid == uuid))
        assert session.scalar(select(func.count()).where(Turn.klantcontact_id == contact_id)) == 4
        hashes = select(func.count()).where(IdentifierHash.klantcontact_id == contact_id)
        assert session.scalar(hashes)
    assert 'href="/assist/' + uuid + '/weggooien"' in client.get(f"/assist/{uuid}").text
    ask = client.get(f"/assist/{uuid}/weggooien")
    assert ask.status_code == 200 and "Dit kun je niet ongedaan maken" in ask.text
    assert client.post(f"/assist/{uuid}/weggooien").status_code == 403  # no CSRF token
    client.cookies.clear()
    login(client, "beheerder")  # someone else's conversation
    token = csrf_from(client.get("/assist").text)
    assert client.post(f"/assist/{uuid}/weggooien", data={"csrf_token": token}).status_code == 404
    client.cookies.clear()
    login(client, "medewerker")
    token = csrf_from(client.get(f"/assist/{uuid}/weggooien").text)
    gone = client.post(f"/assist/{uuid}/weggooien", data={"csrf_token": token})
    assert gone.status_code == 303 and gone.headers["location"] == "/assist?melding=weggegooid"
    assert "Het gesprek is weggegooid" in client.get(gone.headers["location"]).text
    assert client.get(f"/assist/{uuid}").status_code == 404
    with db.session() as session:
        assert session.scalar(select(func.count()).where(Klantcontact.uuid == uuid)) == 0
        assert session.scalar(select(func.count()).where(Turn.klantcontact_id == contact_id)) == 0
        assert session.scalar(hashes) == 0
    assert _events(db, "live_gesprek_weggegooid") == [{"beurten": 4}]
    assert [p.name for p in audio.iterdir()] == ["ander-gesprek-00001.wav"]


def test_a_confirmed_contact_cannot_be_thrown_away(
    client: Any, users: dict[str, Any], db: Database, articles: Any
) -> None:
    login(client, "medewerker")
    uuid = conversation(client)
    client.post(
        f"/assist/{uuid}/controle", data=form_values(client.get(f"/assist/{uuid}/controle").text)
    )
    assert client.get(f"/assist/{uuid}/weggooien").headers["location"].endswith("/controle")
    token = csrf_from(client.get("/assist").text)
    kept = client.post(f"/assist/{uuid}/weggooien", data={"csrf_token": token})
    assert kept.status_code == 303 and contact(db, uuid).status == "bevestigd"
    assert _events(db, "live_gesprek_weggegooid") == []


def test_other_roles_cannot_reach_the_gate_routes(
    client: Any, users: dict[str, Any], db: Database
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, ())
    client.cookies.clear()
    login(client, "trainee")
    for path in (f"/assist/{uuid}/weggooien", f"/assist/{uuid}/bron/vbs-paspoort"):
        assert client.get(path).status_code == 403, path
