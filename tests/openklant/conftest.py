"""A real HTTP Open Klant stand-in (``http.server`` on a free port, in a thread) and contacts.

The server validates every request body against the Klantinteracties OpenAPI schema
(:mod:`tests.openklant.schema`), checks the token, and answers as Open Klant does (201 with
the created klantcontact's uuid and url). ``script`` sets the status codes of the next
requests (e.g. ``[503, 503]`` then 201); ``always`` makes every request answer that code.
"""

from __future__ import annotations

import json
import threading
import uuid as uuid_mod
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from reisgenoot.contacts import linking
from reisgenoot.contacts.models import (
    Actor,
    Betrokkene,
    InterneTaak,
    Klantcontact,
    Turn,
    Vraag,
)
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.openklant import schema

PREFIX = "/klantinteracties/api/v1"
TOKEN = "geheim-token-123"
RESIDENT_NAME = ("Jan", "de", "Vries")


@dataclass
class FakeOpenKlant:
    """State shared with the request handler."""

    url: str = ""
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    script: list[int] = field(default_factory=list)
    always: int | None = None
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)  # interne taken by uuid
    patched: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def next_status(self) -> int:
        with self.lock:
            self.requests += 1
            if self.always is not None:
                return self.always
            return self.script.pop(0) if self.script else 201

    def paths(self) -> list[str]:
        return [path for path, _ in self.received]


def _handler(state: FakeOpenKlant) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:  # keep the test output clean
            return

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            if self.headers.get("Authorization") != f"Token {TOKEN}":
                self._answer(401, {"detail": "Ongeldige token."})
                return
            status = state.next_status()
            if status != 201:
                self._answer(status, {"title": "storing"})
                return
            path = self.path.removeprefix(PREFIX)
            body = json.loads(raw)
            problems = schema.errors(path, body)
            if problems:
                state.invalid.extend(problems)
                names = [
                    {"name": p.split(":")[0].replace("/", "."), "code": "invalid"} for p in problems
                ]
                self._answer(400, {"invalidParams": names})
                return
            state.received.append((path, body))
            new = str(uuid_mod.uuid4())
            kind = "klantcontacten" if path == "/maak-klantcontact" else "internetaken"
            created = {"uuid": new, "url": f"{state.url}/{kind}/{new}"}
            answer = (
                {"klantcontact": {**body["klantcontact"], **created}}
                if kind == "klantcontacten"
                else {**body, **created}
            )
            if kind == "internetaken":
                state.tasks[new] = answer
            self._answer(201, answer)

        def _task(self) -> tuple[str, dict[str, Any]] | None:
            if self.headers.get("Authorization") != f"Token {TOKEN}":
                self._answer(401, {"detail": "Ongeldige token."})
                return None
            status = state.next_status()
            if status not in (200, 201):
                self._answer(status, {"title": "storing"})
                return None
            uuid = self.path.removeprefix(PREFIX).removeprefix("/internetaken/")
            if uuid not in state.tasks:
                self._answer(404, {"detail": "Niet gevonden."})
                return None
            return uuid, state.tasks[uuid]

        def do_GET(self) -> None:
            found = self._task()
            if found is not None:
                self._answer(200, found[1])

        def do_PATCH(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            found = self._task()
            if found is None:
                return
            problems = schema.patch_errors("/internetaken/{uuid}", body)
            if problems:
                state.invalid.extend(problems)
                self._answer(400, {"invalidParams": [{"name": "status", "code": "invalid"}]})
                return
            state.patched.append((found[0], body))
            found[1].update(body)
            self._answer(200, found[1])

    return Handler


def _warm_validators() -> None:
    """Build the request validators before the server answers: built inside the first request
    (≈ 0.6 CPU-s of YAML and JSON Schema) they made that request of a worker's first Open Klant
    test outlast the client's time-out on a busy machine, and the test saw a time-out, not the
    status it had scripted."""
    for path in ("/maak-klantcontact", "/internetaken"):
        schema.validator(path)
    schema.patch_errors("/internetaken/{uuid}", {})


@pytest.fixture
def open_klant() -> Iterator[FakeOpenKlant]:
    _warm_validators()
    state = FakeOpenKlant()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def linked_settings(settings: Settings, open_klant: FakeOpenKlant) -> Settings:
    """This test's settings, pointing at the stand-in with a token and no waiting."""
    return settings.model_copy(
        update={
            "openklant_url": open_klant.url,
            "openklant_token": SecretStr(TOKEN),
            "openklant_backoff_seconds": 0.0,
            "openklant_timeout_seconds": 5.0,
        }
    )


def make_contact(
    db: Database,
    settings: Settings,
    *,
    turns: tuple[str, ...] = ("Goedemorgen, mijn grofvuil is niet opgehaald.",),
    status: str = "bevestigd",
    synthetic: bool = False,
    task: bool = True,
    at: datetime | None = None,
    onderwerp: str = "grofvuil (bank niet opgehaald)",
) -> str:
    """A contact as the review gate leaves it (with name, task, actors, turns)."""
    voornaam, voorvoegsel, achternaam = RESIDENT_NAME
    with db.session() as session:
        contact = Klantcontact(
            kanaal="Telefoon",
            onderwerp=onderwerp,
            inhoud="Inwoner belde over grofvuil. Melding doorgezet.",
            reactie="Ik zet uw melding door naar de afdeling Afval.",
            indicatie_contact_gelukt=True,
            taal="nld",
            vertrouwelijk=False,
            plaatsgevonden_op=at or datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
            status=status,
            synthetic=synthetic,
            tone="bezorgd",
            meta={"bron": "live", "ai_concept": "ja", "medewerker": 1},
        )
        contact.vragen = [
            Vraag(
                position=0,
                upl="grofvuil",
                specifieke_vraag="bank niet opgehaald",
                gespreksresultaat="Doorverbonden naar afdeling",
            )
        ]
        contact.betrokkenen = [
            Betrokkene(
                rol="klant",
                initiator=True,
                voorletters="J.",
                voornaam=voornaam,
                voorvoegsel_achternaam=voorvoegsel,
                achternaam=achternaam,
            )
        ]
        if task:
            contact.interne_taken = [
                InterneTaak(
                    gevraagde_handeling="Terugbellen over grofvuil",
                    toelichting="Afdeling Afval belt de inwoner vandaag terug.",
                )
            ]
        contact.turns = [
            Turn(position=number, speaker="inwoner", text=text) for number, text in enumerate(turns)
        ]
        machine = session.scalars(select(Actor).where(Actor.naam == "Reisgenoot")).first()
        contact.actoren = [
            Actor(naam="Test medewerker", soort_actor="medewerker"),
            machine
            or Actor(
                naam="Reisgenoot",
                soort_actor="geautomatiseerde_actor",
                functie="Registratie-assistent",
            ),
        ]
        session.add(contact)
        session.flush()
        if status == "bevestigd":
            linking.record_identifiers(session, contact, linking.link_key(settings))
        return contact.uuid
