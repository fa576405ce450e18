"""No BSN or IBAN in any table, database file or log line, except as a keyed hash.

The probe goes in everywhere a resident's words enter: the live assist WebSocket (a concept
that is never confirmed), ``reisgenoot register --save``, the public chat and the kennisbank
search. Then every text column of every table, the SQLite files themselves (with the WAL) and
every log record are searched for it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import JSON, String, Text, select
from typer.testing import CliRunner

from reisgenoot.cli import app as cli
from reisgenoot.contacts.records import IdentifierHash
from reisgenoot.settings import Settings
from reisgenoot.store.base import Base
from reisgenoot.store.engine import Database
from tests.assist.test_live import ORIGIN, start_conversation
from tests.web.fixtures import csrf_from, login

BSN = "111222333"
IBAN = "NL91ABNA0417164300"
PROBES = (BSN, IBAN, "NL91 ABNA 0417 1643 00")


def _text_values(db: Database) -> list[str]:
    values: list[str] = []
    with db.session() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            for row in session.execute(select(*columns)) if columns else ():
                values.extend(str(value) for value in row if value is not None)
    return values


def _database_files(settings: Settings) -> list[Path]:
    return sorted(settings.home.glob("*.db*")) if settings.is_sqlite else []


def test_no_bsn_or_iban_at_rest_or_in_logs(
    client: TestClient,
    users: dict[str, Any],
    db: Database,
    settings: Settings,
    cli_env: Settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    said = f"Mijn BSN is {BSN} en mijn rekeningnummer is {IBAN}."
    # Live assist: a concept that nobody confirms.
    login(client, "medewerker")
    uuid = start_conversation(client)
    with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        socket.send_json({"id": 1, "speaker": "inwoner", "text": said})
        assert socket.receive_json()["type"] == "suggesties"
        socket.send_json({"id": 2, "speaker": "inwoner", "text": "Het is NL91 ABNA 0417 1643 00."})
        assert socket.receive_json()["type"] == "suggesties"
    client.get(f"/kennisbank?q={BSN}")
    # The public chat.
    client.cookies.clear()
    token = csrf_from(client.get("/hulp/chat").text)
    client.post("/hulp/chat", data={"vraag": said, "csrf_token": token})
    # reisgenoot register --save.
    path = tmp_path / "gesprek.txt"
    path.write_text(f"medewerker: Goedemorgen.\ninwoner: {said}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["register", str(path), "--save"])
    assert result.exit_code == 0, result.output

    values = _text_values(db)
    for probe in PROBES:
        assert not any(probe in value for value in values), probe
    for file in _database_files(settings):
        data = file.read_bytes()
        for probe in PROBES:
            assert probe.encode() not in data, (file.name, probe)
    # Every record of the app (httpx's lines are the test client's own requests).
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))
    assert logged  # the capture works: the app and its libraries did log
    for probe in PROBES:
        assert probe not in logged, probe
    # Linking still works: the identifiers are there as keyed hashes.
    with db.session() as session:
        kinds = set(session.scalars(select(IdentifierHash.kind)))
    assert {"bsn", "iban"} <= kinds
