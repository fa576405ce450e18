"""Linked context: same resident by keyed identifier hashes, never a plain BSN in the database."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import JSON, String, Text, select

from reisgenoot.accounts.models import Role
from reisgenoot.contacts import linking
from reisgenoot.contacts.models import InterneTaak
from reisgenoot.contacts.records import IdentifierHash
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.base import Base
from reisgenoot.store.engine import Database
from tests.assist.test_review import TURNS, contact, conversation, form_values
from tests.web.fixtures import login

BSN = "111222333"
OTHER_BSN = "123456782"


def _with(*extra: str) -> tuple[tuple[str, str], ...]:
    return (*TURNS, *(("inwoner", text) for text in extra))


def _confirm(client: Any, uuid: str) -> None:
    values = form_values(client.get(f"/assist/{uuid}/controle").text)
    assert client.post(f"/assist/{uuid}/controle", data=values).status_code == 303


def _panel(html: str) -> str:
    start = html.find('id="eerdere-contacten"')
    return "" if start == -1 else html[start : html.find("</section>", start)]


def test_keyed_hashes_normalise_and_depend_on_the_key() -> None:
    key, other = b"k" * 32, b"x" * 32
    assert linking.digest(key, "telefoon", "06-12345678") == linking.digest(
        key, "telefoon", "+31 6 12345678"
    )
    assert linking.digest(key, "email", "Jan@Example.nl") == linking.digest(
        key, "email", "jan@example.nl"
    )
    assert linking.digest(key, "bsn", BSN) != linking.digest(other, "bsn", BSN)
    assert linking.digest(key, "bsn", BSN) != hashlib.sha256(BSN.encode()).hexdigest()
    assert linking.scrub(f"Mijn BSN is {BSN}.") == "Mijn BSN is [BSN]."


def test_same_bsn_links_and_a_different_one_does_not(
    client: Any, users: dict[str, Any], db: Database, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    first = conversation(client, _with(f"Mijn BSN is {BSN}."))
    _confirm(client, first)
    registered = contact(db, first)

    same = conversation(client, _with(f"Mijn burgerservicenummer is {BSN}."))
    panel = _panel(client.get(f"/assist/{same}").text)
    assert "Eerdere contacten" in panel and "Gevonden op: BSN" in panel
    assert registered.onderwerp in panel
    assert "Openstaande taken" in panel and "Geen openstaande taken" not in panel
    assert registered.kanaal in panel
    # The review page shows it too, and so does the HTMX fragment.
    assert registered.onderwerp in _panel(client.get(f"/assist/{same}/controle").text)
    fragment = client.get(f"/contacten/{same}/verbanden", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and registered.onderwerp in fragment.text

    different = conversation(client, _with(f"Mijn BSN is {OTHER_BSN}."))
    panel = _panel(client.get(f"/assist/{different}").text)
    assert "Geen eerdere contacten gevonden" in panel
    assert registered.onderwerp not in panel

    nothing = conversation(client)
    assert "Nog niets om mee te zoeken" in _panel(client.get(f"/assist/{nothing}").text)


def _text_values(db: Database, skip: tuple[str, ...] = ()) -> list[str]:
    """Every text value in the database, except in the columns ``skip`` ("table.column")."""
    values: list[str] = []
    with db.session() as session:
        for table in Base.metadata.sorted_tables:
            columns = [
                c
                for c in table.columns
                if isinstance(c.type, String | Text | JSON) and f"{table.name}.{c.name}" not in skip
            ]
            if not columns:
                continue
            for row in session.execute(select(*columns)):
                values.extend(str(value) for value in row if value is not None)
    return values


CALLBACK_COLUMN = "interne_taken.toelichting"


def test_the_database_holds_no_plain_bsn_after_confirmation(
    client: Any, users: dict[str, Any], db: Database, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    uuids = [
        conversation(client, _with(f"Mijn BSN is {BSN}.", "Mail mij op jan.devries@example.nl")),
        conversation(client, _with(f"Het is {BSN}, en mijn nummer is 06-12345678.")),
    ]
    # Even a concept holds the BSN only as a keyed hash (issue 17: turns stored scrubbed).
    assert not any(BSN in value for value in _text_values(db))
    for uuid in uuids:
        _confirm(client, uuid)
    assert not any(BSN in value for value in _text_values(db))
    # The contact details the resident gave for the callback live on in the interne taak only
    # (CONTRACTS §11): not in the turns, the proposal snapshot or anywhere else.
    elsewhere = _text_values(db, skip=(CALLBACK_COLUMN,))
    for secret in ("jan.devries@example.nl", "06-12345678"):
        assert not any(secret in value for value in elsewhere), secret
    with db.session() as session:
        tasks = list(session.scalars(select(InterneTaak.toelichting)))
    assert any("E-mail: jan.devries@example.nl" in t for t in tasks)
    assert any("Telefoon: 06-12345678" in t for t in tasks)
    with db.session() as session:
        kinds = sorted(session.scalars(select(IdentifierHash.kind)))
    assert kinds == ["bsn", "bsn", "email", "telefoon"]
    # And the two contacts are linked through the hash.
    third = conversation(client, _with(f"BSN {BSN}"))
    assert "Gevonden op: BSN" in _panel(client.get(f"/assist/{third}").text)


def test_a_trainee_cannot_see_linked_context(
    client: Any, users: dict[str, Any], db: Database, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    _confirm(client, conversation(client, _with(f"Mijn BSN is {BSN}.")))
    uuid = conversation(client, _with(f"Mijn BSN is {BSN}."))
    client.cookies.clear()
    login(client, "trainee")
    assert client.get(f"/assist/{uuid}").status_code == 403
    assert client.get(f"/contacten/{uuid}/verbanden").status_code == 403
    assert not linking.may_see((Role.TRAINEE,))
    assert linking.may_see((Role.MEDEWERKER,)) and linking.may_see((Role.TEAMLEIDER,))


def test_a_beheerder_in_a_conversation_gets_no_panel(
    client: Any, users: dict[str, Any], db: Database, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    _confirm(client, conversation(client, _with(f"Mijn BSN is {BSN}.")))
    client.cookies.clear()
    login(client, "beheerder")
    uuid = conversation(client, _with(f"Mijn BSN is {BSN}."))
    page = client.get(f"/assist/{uuid}")
    assert page.status_code == 200 and "Eerdere contacten" not in page.text


def test_someone_elses_conversation_is_not_found(
    client: Any, users: dict[str, Any], settings: Settings
) -> None:
    login(client, "medewerker")
    uuid = conversation(client, ())
    client.cookies.clear()
    login(client, "teamleider")
    assert client.get(f"/contacten/{uuid}/verbanden").status_code == 404


@pytest.mark.parametrize("kind", ["bsn", "kvk"])
def test_identifiers_found_in_text(kind: str) -> None:
    text = {"bsn": f"BSN {BSN}", "kvk": "Ons KvK-nummer is 12345678."}[kind]
    assert [e.type for e in linking.identifiers_in(text)] == [kind]


def test_identifiers_typed_in_review_fields_are_hashed_and_scrubbed(
    client: Any, users: dict[str, Any], db: Database, articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    first = conversation(client)  # the turns name no identifier
    values = form_values(client.get(f"/assist/{first}/controle").text)
    values["inhoud"] = f"{values['inhoud']} BSN {BSN} genoemd."
    values["interneTaak.toelichting"] = "Bel terug op 06-12345678."
    assert client.post(f"/assist/{first}/controle", data=values).status_code == 303

    registered = contact(db, first)
    assert registered.inhoud.endswith("BSN [BSN] genoemd.")
    with db.session() as session:
        kinds = sorted(session.scalars(select(IdentifierHash.kind)))
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "klantcontact_bevestigd")
        ).one()
        details = dict(event.details)
    assert kinds == ["bsn", "telefoon"]
    assert details["identificatoren_vervangen"] == ["inhoud"]
    assert "inhoud" in details["gewijzigd"]
    assert not any(BSN in value for value in _text_values(db))
    # The callback task keeps the phone number the colleague needs (and it is hashed too).
    with db.session() as session:
        task = session.scalars(
            select(InterneTaak.toelichting).where(InterneTaak.klantcontact_id == registered.id)
        ).one()
    assert task == "Bel terug op 06-12345678."
    # A later conversation that names the same BSN finds the contact.
    later = conversation(client, _with(f"Mijn BSN is {BSN}."))
    panel = _panel(client.get(f"/assist/{later}").text)
    assert "Gevonden op: BSN" in panel and registered.onderwerp in panel
