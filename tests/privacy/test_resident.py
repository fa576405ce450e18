"""Inzage and erasure per resident, found by keyed identifier hash: the export holds the
resident's contacts and nothing of anyone else; erasure leaves no trace in any text column,
takes the learning examples along and is audited without the identifier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, String, Text, select
from typer.testing import CliRunner

from reisgenoot.cli import app as cli
from reisgenoot.contacts.linking import digest, link_key
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.requests import Callback, NewRequest, create_contactverzoek
from reisgenoot.knowledge.selfservice_models import Chat, Exchange
from reisgenoot.learning import examples
from reisgenoot.learning.models import Example
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.base import Base
from reisgenoot.store.engine import Database
from tests.learning.conftest import confirm

BSN = "111222333"
OTHER_BSN = "123456782"
PHONE = "06 12345678"
EMAIL = "j.jansen@voorbeeld.nl"


def _text_values(db: Database, *, skip: tuple[str, ...] = ()) -> list[str]:
    values: list[str] = []
    with db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in skip:
                continue
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            for row in session.execute(select(*columns)) if columns else ():
                values.extend(str(value) for value in row if value is not None)
    return values


def _callback_request(db: Database, settings: Settings) -> str:
    """A contactverzoek from the chat with the resident's phone and e-mail for the callback,
    the chat it came from and a learning example of a rated answer in that chat."""
    with db.session() as session:
        contact = create_contactverzoek(
            session,
            NewRequest(
                turns=[("inwoner", "Ik wil graag teruggebeld worden over mijn paspoort.")],
                summary="Vraag over een paspoort",
                callback=Callback(name="Jan Jansen", phone=PHONE, email=EMAIL),
            ),
            audit_key=settings.audit_secret(),
        )
        chat = Chat(token_hash="c" * 64, klantcontact_id=contact.id)
        chat.exchanges = [Exchange(position=0, question="Wat kost een paspoort?",
                                   answer="€ 84,70", reason="answered")]  # fmt: skip
        session.add(chat)
        session.flush()
        examples.record_rating(
            session, exchange_id=chat.exchanges[0].id, question="Wat kost een paspoort?",
            article_id="vbs-paspoort", helpful=True,
        )  # fmt: skip
        return contact.uuid


@pytest.fixture
def residents(db: Database, settings: Settings, users: dict[str, Any]) -> dict[str, str]:
    mine, _ = confirm(db, settings, f"Mijn paspoort is kwijt. Mijn BSN is {BSN}.")
    again, _ = confirm(db, settings, f"Ik bel nog een keer over mijn paspoort, BSN {BSN}.")
    other, _ = confirm(db, settings, f"Mijn grofvuil is niet opgehaald. BSN {OTHER_BSN}.")
    callback = _callback_request(db, settings)
    return {"mine": mine, "again": again, "other": other, "callback": callback}


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_inzage_holds_the_residents_contacts_and_nothing_else(
    db: Database, cli_env: Settings, residents: dict[str, str]
) -> None:
    result = _run("inzage", "--bsn", BSN)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    ids = {contact["id"] for contact in document["klantcontacten"]}
    assert ids == {residents["mine"], residents["again"]}
    assert document["gezocht_op"] == ["bsn"]
    assert len(document["leervoorbeelden"]) == 2
    assert document["bewaartermijnen_dagen"]["klantcontacten"] == 365
    assert document["doelen"] and document["ontvangers"]
    text = result.stdout
    assert residents["other"] not in text and "grofvuil" not in text.lower()
    assert BSN not in text  # the turns hold a type tag, never the number
    spoken = [turn["tekst"] for c in document["klantcontacten"] for turn in c["gesprek"]]
    assert any("[BSN]" in line for line in spoken)


def test_inzage_by_callback_phone_finds_the_contactverzoek_and_its_chat(
    db: Database, cli_env: Settings, residents: dict[str, str]
) -> None:
    document = json.loads(_run("inzage", "--telefoon", "+31 6 1234 5678").stdout)
    assert [c["id"] for c in document["klantcontacten"]] == [residents["callback"]]
    (contact,) = document["klantcontacten"]
    assert contact["betrokkenen"][0]["achternaam"] == "Jansen"
    assert PHONE in contact["interne_taken"][0]["toelichting"]
    assert document["chats"][0]["vragen"][0]["vraag"] == "Wat kost een paspoort?"
    assert [e["soort"] for e in document["leervoorbeelden"]] == ["beoordeling"]
    by_email = json.loads(_run("inzage", "--email", EMAIL.upper()).stdout)
    assert [c["id"] for c in by_email["klantcontacten"]] == [residents["callback"]]


def test_erasure_removes_every_trace_and_keeps_the_others(
    db: Database, settings: Settings, cli_env: Settings, residents: dict[str, str]
) -> None:
    key = link_key(settings)
    mine = {digest(key, "bsn", BSN), digest(key, "telefoon", PHONE), digest(key, "email", EMAIL)}
    audio = settings.home / "audio"
    audio.mkdir()
    (audio / f"{residents['mine']}-00001.wav").write_bytes(b"RIFF")
    (audio / f"{residents['other']}-00001.wav").write_bytes(b"RIFF")
    result = _run("wissen", "--bsn", BSN, "--telefoon", PHONE, "--force", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "klantcontacten": 3, "chats": 1, "leervoorbeelden": 3, "audio": 1, "in_open_klant": [],
    }  # fmt: skip
    values = _text_values(db)
    for trace in [PHONE, EMAIL, BSN, "Jansen", "kwijt", "teruggebeld", *mine]:
        assert not any(trace in value for value in values), trace
    # The audit trail is append-only: it keeps the ids of the erased contacts (random, now
    # pointing at nothing) but no personal data. Everywhere else they are gone too.
    values = _text_values(db, skip=("audit_events",))
    for trace in (residents["mine"], residents["again"], residents["callback"]):
        assert not any(trace in value for value in values), trace
    assert any(residents["other"] in value for value in values)
    with db.session() as session:
        assert set(session.scalars(select(Klantcontact.uuid))) == {residents["other"]}
        assert session.scalars(select(Chat)).all() == []
        assert len(session.scalars(select(Example)).all()) == 1  # the other resident's
        events = session.scalars(
            select(audit.AuditEvent).where(audit.AuditEvent.action == "inwoner_gewist")
        ).all()
        assert [e.details["gezocht_op"] for e in events] == [["bsn", "telefoon"]]
        assert audit.verify(session, settings.audit_secret()).intact
    assert sorted(p.name for p in audio.iterdir()) == [f"{residents['other']}-00001.wav"]
    # nothing is found any more
    assert json.loads(_run("inzage", "--bsn", BSN).stdout)["klantcontacten"] == []


def test_erasure_asks_first_and_bad_identifiers_get_a_dutch_error(
    db: Database, cli_env: Settings, residents: dict[str, str]
) -> None:
    unconfirmed = _run("wissen", "--bsn", BSN)
    assert unconfirmed.exit_code == 2
    assert "--force" in unconfirmed.stderr
    assert len(json.loads(_run("inzage", "--bsn", BSN).stdout)["klantcontacten"]) == 2
    bad = _run("inzage", "--bsn", "123456789")
    assert bad.exit_code == 2 and "elfproef" in bad.stderr and "123456789" not in bad.stderr
    assert _run("inzage", "--email", "geen-adres").exit_code == 2
    none = _run("wissen", "--force")
    assert none.exit_code == 2 and "Geef minstens één gegeven" in none.stderr


def test_audit_events_hold_no_identifier(
    db: Database, settings: Settings, cli_env: Settings, residents: dict[str, str]
) -> None:
    _run("inzage", "--bsn", BSN)
    _run("wissen", "--email", EMAIL, "--force")
    key = link_key(settings)
    secrets = (BSN, EMAIL, digest(key, "bsn", BSN), digest(key, "email", EMAIL))
    with db.session() as session:
        details = [
            json.dumps(e.details) + e.object_id
            for e in session.scalars(
                select(audit.AuditEvent).where(
                    audit.AuditEvent.action.in_(["inzage_gegeven", "inwoner_gewist"])
                )
            )
        ]
    assert len(details) == 2
    for secret in secrets:
        assert not any(secret in line for line in details)


def test_erasure_names_contacts_to_erase_in_open_klant_too(
    db: Database, settings: Settings, residents: dict[str, str], tmp_path: Path
) -> None:
    from reisgenoot.contacts.records import OpenKlantDelivery
    from reisgenoot.privacy import resident

    url = "https://openklant.example.nl/klantinteracties/api/v1/klantcontacten/abc"
    with db.session() as session:
        contact = session.scalars(
            select(Klantcontact).where(Klantcontact.uuid == residents["mine"])
        ).one()
        session.add(
            OpenKlantDelivery(klantcontact_id=contact.id, status="verzonden", remote_url=url)
        )
    with db.session() as session:
        erased = resident.erase(
            session, [resident.identifier("bsn", BSN)], link_key=link_key(settings),
            audit_key=settings.audit_secret(), audio_folder=tmp_path, actor="test",
        )  # fmt: skip
    assert erased.open_klant == (url,)
