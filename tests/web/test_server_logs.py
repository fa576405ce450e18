"""No identifier in any log: a real server process is probed with personal data in query
strings and paths, and everything it wrote (stdout, stderr, files in its home) is read back.

Two launches are covered: ``reisgenoot serve`` (uvicorn's access log replaced by the project
access log: method, route template, status, time) and uvicorn started the way ``reisgenoot
demo`` does it, with uvicorn's own access log left on after the project's logging is
configured (its lines keep method and status only).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reisgenoot.log import RedactingFormatter, ServerRecordFilter
from tests.web.fixtures import csrf_from
from tests.web.server_process import CLI, Server, free_port, server_env

BSN = "111222333"  # passes the 11-test
IBAN = "NL91ABNA0417164300"
PHONE = "0612345678"
EMAIL = "jan.jansen@example.nl"
PROBES = (BSN, IBAN, PHONE, EMAIL)
# Fragments that must not appear in any form (raw, percent-encoded or partly redacted).
FORBIDDEN = (BSN, IBAN, "0417164300", "612345678", "jan.jansen", "example.nl", "%40")
PASSWORD = "een-lang-wachtwoord"


def _written_files(home: Path) -> str:
    """Every file the installation wrote except the database and the keys."""
    texts = []
    for path in sorted(home.rglob("*")):
        if path.is_file() and not path.name.startswith("reisgenoot.db") and path.suffix != ".key":
            texts.append(path.read_text(errors="replace"))
    return "\n".join(texts)


def _probe(url: str, *, username: str | None) -> None:
    """Requests with personal data in query strings and paths, before and after login."""
    query = {"q": " ".join(PROBES)}
    with httpx.Client(base_url=url, timeout=30) as client:
        for probe in PROBES:
            client.get("/kennisbank", params={"q": probe})
            client.get("/hulp", params={"q": probe, "email": EMAIL})
            client.get(f"/kennisbank/{probe}")
            client.get(f"/hulp/artikel/{probe}")
            client.get(f"/{probe}")
        client.get(f"/static/{EMAIL}")
        if username is None:
            return
        page = client.get("/login")
        response = client.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf_token": csrf_from(page.text)},
        )
        assert response.status_code == 303
        assert client.get("/kennisbank", params=query).status_code == 200
        for probe in PROBES:
            client.get(f"/kennisbank/{probe}", params=query)
        client.get(f"/kennisbank/{BSN}/{IBAN}/{PHONE}", params={"terug": EMAIL})


def _assert_clean(text: str) -> None:
    found = [fragment for fragment in FORBIDDEN if fragment in text]
    assert not found, f"personal data in the log: {found}\n{text}"


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "home"


def test_serve_logs_route_templates_and_no_personal_data(home: Path, tmp_path: Path) -> None:
    env = server_env(home)
    added = subprocess.run(
        [*CLI, "users", "add", "probe", "--role", "medewerker", "--password-stdin"],
        env=env,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    port = free_port()
    argv = [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = Server(argv, env, tmp_path, port)
    try:
        _probe(server.url, username="probe")
    finally:
        server.stop()
    output = server.output()
    _assert_clean(output + _written_files(home))
    # The project access log is there: method, route template, status and time.
    assert "GET /kennisbank/{source_id} 404 " in output
    assert "GET (geen route) 404 " in output
    assert "GET /kennisbank 200" in output
    assert "POST /login 303" in output


DEMO_LIKE = """
import sys
import uvicorn
from reisgenoot.app import create_app
from reisgenoot.log import configure
from reisgenoot.settings import Settings

settings = Settings()
configure(settings.log_level)
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[1]), log_level="debug")
"""


def test_uvicorn_access_log_keeps_no_paths_after_configure(home: Path, tmp_path: Path) -> None:
    port = free_port()
    server = Server([sys.executable, "-c", DEMO_LIKE, str(port)], server_env(home), tmp_path, port)
    try:
        _probe(server.url, username=None)
    finally:
        server.stop()
    output = server.output()
    _assert_clean(output + _written_files(home))
    assert '"GET … HTTP/1.1" 303' in output  # uvicorn's line, without client, path or query


def test_websocket_lines_and_tracebacks_are_stripped() -> None:
    record = logging.LogRecord(
        "uvicorn.error",
        logging.INFO,
        __file__,
        1,
        '%s - "WebSocket %s" [accepted]',
        ("127.0.0.1:5000", f"/assist/live?bsn={BSN}"),
        None,
    )
    assert ServerRecordFilter().filter(record)
    assert record.getMessage() == '… - "WebSocket …" [accepted]'
    try:
        raise ValueError(f"onbekend rekeningnummer {IBAN}")
    except ValueError:
        failed = logging.LogRecord(
            "reisgenoot.x", logging.ERROR, __file__, 1, "mislukt", None, sys.exc_info()
        )
    _assert_clean(RedactingFormatter().format(failed))
