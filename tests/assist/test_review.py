"""The review gate: roles, CSRF, and a registration only on the explicit "Bevestigen"."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from reisgenoot.contacts.models import Klantcontact, Vraag
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.learning.models import Example
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.web.fixtures import csrf_from, login

TURNS = (
    ("medewerker", "Gemeente Voorbeeldstad, goedemiddag."),
    ("inwoner", "Mijn grofvuil is niet opgehaald, de bank staat nog steeds buiten."),
    (
        "medewerker",
        "Dat spijt me. Ik zet uw melding door naar de afdeling Afval, zij bellen u terug.",
    ),
)


def conversation(client: Any, turns: tuple[tuple[str, str], ...] = TURNS) -> str:
    page = client.get("/assist")
    answer = client.post("/assist", data={"kanaal": "Telefoon", "csrf_token": csrf_from(page.text)})
    uuid = str(answer.headers["location"]).rsplit("/", 1)[1]
    token = csrf_from(client.get(f"/assist/{uuid}").text)
    for speaker, text in turns:
        client.post(
            f"/assist/{uuid}/beurt", data={"speaker": speaker, "text": text, "csrf_token": token}
        )
    return uuid


def form_values(html: str) -> dict[str, str]:
    """The review form as a browser would submit it (inputs, textareas, selects, checkbox)."""
    values: dict[str, str] = {}
    for name, value in re.findall(
        r'<input type="(?:text|hidden)"[^>]*?name="([^"]+)" value="([^"]*)"', html
    ):
        values[name] = value
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        values[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)" selected>', body)
        values[name] = selected.group(1) if selected else ""
    if re.search(r'name="interneTaak" value="ja" checked', html):
        values["interneTaak"] = "ja"
    unescape = {"&#34;": '"', "&#39;": "'", "&amp;": "&", "&lt;": "<", "&gt;": ">"}
    return {k: _unescape(v, unescape) for k, v in values.items()}


def _unescape(value: str, table: dict[str, str]) -> str:
    for code, char in table.items():
        value = value.replace(code, char)
    return value


def contact(db: Database, uuid: str) -> Klantcontact:
    with db.session() as session:
        found = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        session.expunge(found)
        return found


def confirmations(db: Database) -> list[AuditEvent]:
    with db.session() as session:
        rows = list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == "klantcontact_bevestigd"))
        )
        for row in rows:
            session.expunge(row)
        return rows


@pytest.mark.parametrize("role", ["trainee", "teamleider", "opleider", "redacteur"])
def test_other_roles_cannot_open_assist_pages(
    client: Any, users: dict[str, Any], role: str
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, ())
    client.cookies.clear()
    login(client, role)
    for path in ("/assist", "/assist/nakijken", f"/assist/{uuid}", f"/assist/{uuid}/controle"):
        assert client.get(path).status_code == 403, path


def test_anonymous_visitors_go_to_the_login(client: Any, users: dict[str, Any]) -> None:
    answer = client.get("/assist")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_a_conversation_belongs_to_the_employee_who_started_it(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, ())
    client.cookies.clear()
    login(client, "beheerder")
    assert client.get("/assist").status_code == 200
    assert client.get(f"/assist/{uuid}").status_code == 404
    assert client.get(f"/assist/{uuid}/controle").status_code == 404


def test_posts_need_the_csrf_token(client: Any, users: dict[str, Any], db: Database) -> None:
    login(client, "medewerker")
    assert client.post("/assist", data={"kanaal": "Telefoon"}).status_code == 403
    uuid = conversation(client)
    values = form_values(client.get(f"/assist/{uuid}/controle").text)
    values.pop("csrf_token")
    assert client.post(f"/assist/{uuid}/controle", data=values).status_code == 403
    assert (
        client.post(f"/assist/{uuid}/beurt", data={"speaker": "inwoner", "text": "x"}).status_code
        == 403
    )
    assert contact(db, uuid).status == "concept"
    assert confirmations(db) == []


def test_nothing_is_registered_without_the_confirm_post(
    client: Any, users: dict[str, Any], db: Database, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    uuid = conversation(client)
    assert contact(db, uuid).status == "concept"
    # Confirming before the review page was ever shown only leads to the review page.
    token = csrf_from(client.get(f"/assist/{uuid}").text)
    early = client.post(f"/assist/{uuid}/controle", data={"csrf_token": token})
    assert early.status_code == 303 and early.headers["location"].endswith("/controle")
    page = client.get(f"/assist/{uuid}/controle")
    assert page.status_code == 200 and "Bevestigen" in page.text
    assert contact(db, uuid).status == "concept"
    assert confirmations(db) == []


def test_review_of_an_empty_conversation_asks_for_turns_first(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, ())
    answer = client.get(f"/assist/{uuid}/controle")
    assert answer.status_code == 303
    assert "Voeg eerst beurten" in client.get(answer.headers["location"]).text


def test_review_page_shows_every_field_with_explanation_and_confidence(
    client: Any, users: dict[str, Any], articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    uuid = conversation(client)
    html = client.get(f"/assist/{uuid}/controle").text
    for name in (
        "kanaal",
        "onderwerp",
        "inhoud",
        "reactie",
        "vragen[0].upl",
        "vragen[0].specifiekeVraag",
        "vragen[0].gespreksresultaat",
        "interneTaak",
        "interneTaak.gevraagdeHandeling",
        "interneTaak.toelichting",
    ):
        assert f'name="{name}"' in html, name
    assert html.count("Zekerheid:") >= 8
    assert re.search(r'<label for="veld-onderwerp">', html)


def test_confirm_registers_and_audits_changed_fields_as_hashes(
    client: Any,
    users: dict[str, Any],
    db: Database,
    settings: Settings,
    articles: list[ArticleData],
) -> None:
    login(client, "medewerker")
    uuid = conversation(client)
    values = form_values(client.get(f"/assist/{uuid}/controle").text)
    proposed = dict(values)
    assert values["interneTaak"] == "ja", "the callback should be proposed as a task"
    values["onderwerp"] = "Grofvuil niet opgehaald bij de Lindelaan 12"
    values["vragen[0].gespreksresultaat"] = "Doorverbonden naar afdeling"
    answer = client.post(f"/assist/{uuid}/controle", data=values)
    assert answer.status_code == 303

    registered = contact(db, uuid)
    assert registered.status == "bevestigd"
    assert registered.onderwerp == values["onderwerp"]
    (event,) = confirmations(db)
    assert event.actor == "medewerker" and event.object_id == uuid
    details = event.details
    assert details["gewijzigd"] == ["onderwerp", "vragen[0].gespreksresultaat"]
    assert isinstance(details["controle_seconden"], int) and details["controle_seconden"] >= 0
    sha = hashlib.sha256(values["onderwerp"].encode()).hexdigest()
    assert details["definitief"]["onderwerp"] == sha
    assert (
        details["voorstel"]["onderwerp"]
        == hashlib.sha256(proposed["onderwerp"].encode()).hexdigest()
    )
    raw = json.dumps(details, ensure_ascii=False)
    for text in (values["onderwerp"], "Lindelaan", proposed["inhoud"][:30], "bank staat"):
        assert text not in raw
    with db.session() as session:
        assert audit.verify(session, settings.audit_secret()).intact
    # Confirmed: the review page says so and no turns can be added any more.
    assert "Registratie bevestigd" in client.get(f"/assist/{uuid}/controle").text
    token = csrf_from(client.get(f"/assist/{uuid}").text)
    late = client.post(
        f"/assist/{uuid}/beurt",
        data={"speaker": "inwoner", "text": "Nog iets"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert late.status_code == 422


def test_invalid_fields_are_shown_and_nothing_is_registered(
    client: Any, users: dict[str, Any], db: Database, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    uuid = conversation(client)
    values = form_values(client.get(f"/assist/{uuid}/controle").text)
    values["vragen[0].upl"] = "iets dat geen product is"
    values["onderwerp"] = ""
    answer = client.post(f"/assist/{uuid}/controle", data=values)
    assert answer.status_code == 422
    assert "Er is een probleem" in answer.text
    assert 'href="#veld-vragen-0-upl"' in answer.text
    assert "iets dat geen product is" in answer.text  # the person's input is kept
    assert contact(db, uuid).status == "concept"
    assert confirmations(db) == []


CALLBACK_TURNS = (*TURNS, ("inwoner", "Prima, u kunt mij bellen op 06-12345678."))


def _task_text(db: Database, uuid: str) -> str:
    with db.session() as session:
        found = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        return found.interne_taken[0].toelichting


def test_the_callback_number_is_proposed_in_the_task_and_kept_at_confirmation(
    client: Any, users: dict[str, Any], db: Database, settings: Settings
) -> None:
    """The number the resident gives for the callback is shown in the task's toelichting, so
    the employee sees it, and stored with the task when they confirm (CONTRACTS §11)."""
    login(client, "medewerker")
    uuid = conversation(client, CALLBACK_TURNS)
    values = form_values(client.get(f"/assist/{uuid}/controle").text)
    assert values["interneTaak"] == "ja"
    assert values["interneTaak.toelichting"].endswith(". Telefoon: 06-12345678")
    assert client.post(f"/assist/{uuid}/controle", data=values).status_code == 303
    assert _task_text(db, uuid).endswith("Telefoon: 06-12345678")
    registered = contact(db, uuid)
    snapshot = registered.meta["voorstel"]["values"]
    assert "06-12345678" not in json.dumps(registered.meta)  # the snapshot keeps the tag only
    (event,) = confirmations(db)
    key = "interneTaak.toelichting"
    assert event.details["voorstel"][key] == hashlib.sha256(snapshot[key].encode()).hexdigest()
    assert "interneTaak.toelichting" not in event.details["gewijzigd"]


def test_an_employee_who_removes_the_number_removes_it(
    client: Any, users: dict[str, Any], db: Database
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, CALLBACK_TURNS)
    values = form_values(client.get(f"/assist/{uuid}/controle").text)
    values["interneTaak.toelichting"] = "Bel de inwoner terug over het grofvuil."
    assert client.post(f"/assist/{uuid}/controle", data=values).status_code == 303
    assert _task_text(db, uuid) == "Bel de inwoner terug over het grofvuil."
    (event,) = confirmations(db)
    assert "interneTaak.toelichting" in event.details["gewijzigd"]


UNSURE_TURNS = (
    ("medewerker", "Gemeente Voorbeeldstad, goedemiddag."),
    ("inwoner", "Ik heb een vraag over mijn brief."),
    ("medewerker", "Welke brief bedoelt u?"),
    ("inwoner", "Over de kosten, ik snap het niet."),
)


def test_an_unsure_product_offers_alternatives_and_picking_one_is_the_employees_change(
    client: Any, users: dict[str, Any], db: Database, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, UNSURE_TURNS)
    html = client.get(f"/assist/{uuid}/controle").text
    assert "<legend>Twijfel: misschien ook …</legend>" in html
    offered = re.findall(r'name="kies" value="vragen\[0\]\.upl\|([^"]+)"', html)
    values = form_values(html)
    proposed = dict(values)
    assert 1 <= len(offered) <= 2 and proposed["vragen[0].upl"] not in offered
    # The first submit button stays "Bevestigen": Enter in a field confirms, as before.
    assert html.index('<button type="submit" hidden') < html.index('name="kies"')

    # Picking an alternative puts it in the field and shows the form again, unconfirmed.
    values["onderwerp"] = "Vraag over een brief"  # the person's other edits are kept
    picked = client.post(
        f"/assist/{uuid}/controle", data={**values, "kies": f"vragen[0].upl|{offered[0]}"}
    )
    assert picked.status_code == 200 and contact(db, uuid).status == "concept"
    again = form_values(picked.text)
    assert again["vragen[0].upl"] == offered[0]
    assert again["onderwerp"] == "Vraag over een brief"
    # The proposal's own product can be picked back; a product not offered is ignored.
    assert f'value="vragen[0].upl|{proposed["vragen[0].upl"]}"' in picked.text
    ignored = client.post(
        f"/assist/{uuid}/controle", data={**again, "kies": "vragen[0].upl|paspoort"}
    )
    assert form_values(ignored.text)["vragen[0].upl"] == offered[0]

    # Confirming registers the picked product as the employee's correction.
    assert client.post(f"/assist/{uuid}/controle", data=again).status_code == 303
    registered = contact(db, uuid)
    assert registered.status == "bevestigd"
    with db.session() as session:
        (vraag,) = session.scalars(select(Vraag).where(Vraag.klantcontact_id == registered.id))
        assert vraag.upl == offered[0]
        (example,) = session.scalars(
            select(Example).where(Example.klantcontact_id == registered.id)
        )
        assert example.label["vragen"][0]["upl"] == offered[0]
        assert example.proposed is not None
        assert example.proposed["vragen"][0]["upl"] == proposed["vragen[0].upl"]
    (event,) = confirmations(db)
    assert "vragen[0].upl" in event.details["gewijzigd"]


def test_a_sure_product_offers_no_alternatives(
    client: Any, users: dict[str, Any], articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    turns = (("inwoner", "De lantaarnpaal in mijn straat is kapot."),)
    html = client.get(f"/assist/{conversation(client, turns)}/controle").text
    assert "Twijfel" not in html and 'name="kies"' not in html
