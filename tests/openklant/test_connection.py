"""The "Test de koppeling" button: one read request to a real HTTP server on loopback, and a
Dutch sentence for each way it can go (works, token refused, wrong address, down, no link)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from reisgenoot.app import create_app
from reisgenoot.contacts.connection import check_connection
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.web.fixtures import Account, csrf_from, login

TOKEN = "geheim-token"
SEEN: list[tuple[str, str | None]] = []


class _Api(BaseHTTPRequestHandler):
    def log_message(self, *_args: Any) -> None:
        pass

    def do_GET(self) -> None:
        SEEN.append((self.path, self.headers.get("Authorization")))
        if not self.path.startswith("/klantinteracties/api/v1/klantcontacten"):
            status = 404
        elif self.headers.get("Authorization") != f"Token {TOKEN}":
            status = 403
        else:
            status = 200
        body = b'{"count": 0, "results": []}' if status == 200 else b"{}"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _with(settings: Settings, url: str | None, token: str | None = TOKEN) -> Settings:
    return settings.model_copy(
        update={"openklant_url": url, "openklant_token": SecretStr(token) if token else None}
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_each_outcome_gets_its_own_dutch_sentence(settings: Settings, api: str) -> None:
    good = check_connection(_with(settings, f"{api}/klantinteracties/api/v1"))
    assert good.ok and "De koppeling werkt" in good.message
    assert SEEN[-1] == ("/klantinteracties/api/v1/klantcontacten?pageSize=1", f"Token {TOKEN}")
    refused = check_connection(_with(settings, f"{api}/klantinteracties/api/v1", "fout"))
    assert not refused.ok and "weigert de sleutel" in refused.message
    wrong = check_connection(_with(settings, f"{api}/verkeerd"))
    assert not wrong.ok and "geen Klantinteracties-API" in wrong.message
    down = check_connection(_with(settings, f"http://127.0.0.1:{_free_port()}/api"))
    assert not down.ok and "kan Open Klant niet bereiken" in down.message
    none = check_connection(_with(settings, None))
    assert not none.ok and "geen koppeling ingesteld" in none.message


def test_the_beheerder_tests_the_link_from_the_page(
    settings: Settings, db: Database, users: dict[str, Account], api: str
) -> None:
    linked = _with(settings, f"{api}/klantinteracties/api/v1")
    with TestClient(create_app(linked, db), follow_redirects=False) as client:
        login(client, "beheerder")
        token = csrf_from(client.get("/beheer/openklant").text)
        page = client.post("/beheer/openklant/testen", data={"csrf_token": token})
        assert page.status_code == 200
        assert "De koppeling werkt" in page.text and 'role="status"' in page.text
        client.cookies.clear()
        login(client, "medewerker")
        assert (
            client.post("/beheer/openklant/testen", data={"csrf_token": token}).status_code == 403
        )
