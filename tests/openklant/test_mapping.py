"""The maak-klantcontact body and the export command, validated against the OpenAPI schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.openklant import interne_taak_body, maak_klantcontact_body, with_parts
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.openklant import schema
from tests.openklant.conftest import make_contact


def _body(db: Database, uuid: str) -> dict[str, Any]:
    with db.session() as session:
        contact = session.scalars(
            select(Klantcontact).where(Klantcontact.uuid == uuid).options(*with_parts())
        ).one()
        return maak_klantcontact_body(contact)


def test_body_validates_and_keeps_the_standard_field_names(
    db: Database, settings: Settings
) -> None:
    uuid = make_contact(db, settings)
    body = _body(db, uuid)
    assert schema.errors("/maak-klantcontact", body) == []
    klantcontact = body["klantcontact"]
    assert klantcontact["kanaal"] == "Telefoon" and klantcontact["taal"] == "nld"
    assert klantcontact["plaatsgevondenOp"] == "2026-11-20T09:30:00Z"
    assert klantcontact["metadata"]["reisgenootUuid"] == uuid
    assert klantcontact["metadata"]["gespreksresultaat"] == "Doorverbonden naar afdeling"
    assert klantcontact["metadata"]["aiActor"] == "Reisgenoot (Registratie-assistent)"
    assert body["betrokkene"]["contactnaam"] == {
        "voorletters": "J.",
        "voornaam": "Jan",
        "voorvoegselAchternaam": "de",
        "achternaam": "Vries",
    }
    assert body["betrokkene"]["rol"] == "klant"


def test_long_texts_are_cut_to_the_schema_limits(db: Database, settings: Settings) -> None:
    uuid = make_contact(db, settings)
    with db.session() as session:
        contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        contact.vragen[0].specifieke_vraag = "waarom " * 25
        contact.interne_taken[0].toelichting = "x" * 1000
    body = _body(db, uuid)
    assert schema.errors("/maak-klantcontact", body) == []
    assert all(len(value) <= 255 for value in body["klantcontact"]["metadata"].values())


def test_a_misspelt_or_read_only_field_would_be_refused() -> None:
    """Guard that the validator is strict (so the tests above can fail)."""
    good = {
        "klantcontact": {
            "kanaal": "Telefoon",
            "onderwerp": "x",
            "taal": "nld",
            "vertrouwelijk": False,
        }
    }
    assert schema.errors("/maak-klantcontact", good) == []
    assert schema.errors(
        "/maak-klantcontact", {"klantcontact": {**good["klantcontact"], "Kanaal": "x"}}
    )
    assert schema.errors(
        "/maak-klantcontact", {"klantcontact": {**good["klantcontact"], "uuid": "x"}}
    )
    assert schema.errors("/maak-klantcontact", {"klantcontact": {"kanaal": "Telefoon"}})


def test_interne_taak_body_validates(db: Database, settings: Settings) -> None:
    uuid = make_contact(db, settings)
    with db.session() as session:
        contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        body = interne_taak_body(contact.interne_taken[0], "4b2b5c2e-1d1d-4a4a-9b9b-123456789012")
    assert schema.errors("/internetaken", body) == []
    assert body["status"] == "te_verwerken"


def test_export_writes_one_valid_body_per_confirmed_contact(
    cli_env: Settings, db: Database, tmp_path: Path
) -> None:
    first = make_contact(db, cli_env, at=datetime(2026, 10, 1, 8, 0, tzinfo=UTC))
    second = make_contact(db, cli_env, task=False)
    make_contact(db, cli_env, status="concept")
    make_contact(db, cli_env, synthetic=True)
    out = tmp_path / "export.jsonl"
    result = CliRunner().invoke(
        app, ["contacts", "export", "--format", "openklant", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    bodies = [json.loads(line) for line in lines]
    assert [b["klantcontact"]["metadata"]["reisgenootUuid"] for b in bodies] == [first, second]
    for body in bodies:
        assert schema.errors("/maak-klantcontact", body) == []

    since = CliRunner().invoke(
        app, ["contacts", "export", "--format", "openklant", "--since", "2026-11-01"]
    )
    assert since.exit_code == 0
    assert [
        json.loads(x)["klantcontact"]["metadata"]["reisgenootUuid"]
        for x in since.stdout.splitlines()
    ] == [second]


def test_export_refuses_an_unknown_format_or_date_in_dutch(cli_env: Settings) -> None:
    result = CliRunner().invoke(app, ["contacts", "export", "--format", "csv"])
    assert result.exit_code == 2
    assert "formaat 'csv' bestaat niet" in result.stderr and result.stdout == ""
    bad_date = CliRunner().invoke(
        app, ["contacts", "export", "--format", "openklant", "--since", "gisteren"]
    )
    assert bad_date.exit_code == 2 and "JJJJ-MM-DD" in bad_date.stderr
