"""``X-Forwarded-For`` is believed only from ``REISGENOOT_TRUSTED_PROXIES``.

A client that forges the header gets no fresh login attempts and no fresh public rate
limit — neither through the app's own logic nor through the web server's proxy-headers
mode (uvicorn trusts 127.0.0.1 by default, and ``FORWARDED_ALLOW_IPS`` widens that). From a
configured proxy the client's address is used.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from reisgenoot.app import create_app
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import UNKNOWN_ADDRESS, client_address
from tests.web.fixtures import PASSWORD, Account, csrf_from, login
from tests.web.server_process import CLI, Server, free_port, server_env

LIMIT = 3
PROXY = "10.0.0.5"


def _forged(number: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"198.51.100.{number}"}


def _request(peer: tuple[str, int], forwarded: str | None, proxies: list[str]) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    state = SimpleNamespace(settings=Settings(trusted_proxies=proxies))
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "headers": headers,
        "client": peer,
        "app": SimpleNamespace(state=state),
    }
    return Request(scope)


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "expected"),
    [
        # No proxy configured: the header is ignored, whoever sends it.
        ("127.0.0.1", "198.51.100.1", [], "127.0.0.1"),
        ("10.0.0.5", "198.51.100.1", [], "10.0.0.5"),
        # A peer that is not a configured proxy: ignored too.
        ("192.0.2.7", "198.51.100.1", [PROXY], "192.0.2.7"),
        # From a configured proxy: the right-most address that is not a proxy.
        (PROXY, "198.51.100.1", [PROXY], "198.51.100.1"),
        (PROXY, "203.0.113.9, 198.51.100.1", [PROXY], "198.51.100.1"),
        (PROXY, "203.0.113.9, 198.51.100.1, 10.0.0.7", ["10.0.0.0/24"], "198.51.100.1"),
        (PROXY, "10.0.0.8, 10.0.0.7", ["10.0.0.0/24"], "10.0.0.8"),
        (PROXY, "nonsense, 10.0.0.7", ["10.0.0.0/24"], "10.0.0.7"),
        (PROXY, None, [PROXY], PROXY),
        ("::ffff:10.0.0.5", "198.51.100.1", [PROXY], "198.51.100.1"),
        ("::1", "[2001:db8::1]:443", ["::1"], "2001:db8::1"),
        ("testclient", "198.51.100.1", [PROXY], "testclient"),
    ],
)
def test_client_address(
    peer: str, forwarded: str | None, proxies: list[str], expected: str
) -> None:
    assert client_address(_request((peer, 40_000), forwarded, proxies)) == expected


def test_an_address_the_server_took_from_the_header_is_not_believed() -> None:
    # uvicorn's proxy-headers mode replaces the peer by the header's address, with port 0.
    request = _request(("198.51.100.1", 0), None, ["127.0.0.1"])
    assert client_address(request) == UNKNOWN_ADDRESS


def test_bad_proxy_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        Settings(trusted_proxies=["nginx.intern"])


@pytest.fixture
def limited(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"public_rate_limit_per_minute": LIMIT, "login_max_attempts": LIMIT}
    )


class ThreadServer:
    """The app under uvicorn with uvicorn's own defaults (proxy headers on, 127.0.0.1)."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", http="h11", ws="none"
        )
        assert config.proxy_headers  # what a hand-started uvicorn and `reisgenoot demo` do
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "uvicorn did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def served(limited: Settings, db: Database, users: dict[str, Account]) -> Iterator[ThreadServer]:
    server = ThreadServer(create_app(limited, db))
    yield server
    server.stop()


def test_forged_header_gets_no_fresh_rate_limit_from_uvicorn(served: ThreadServer) -> None:
    with httpx.Client(base_url=served.url, timeout=30) as client:
        codes = [client.get("/hulp", headers=_forged(n)).status_code for n in range(LIMIT + 1)]
    assert codes == [200] * LIMIT + [429]


def _login(client: httpx.Client, password: str, headers: dict[str, str]) -> int:
    page = client.get("/login", headers=headers)
    data = {"username": "trainee", "password": password, "csrf_token": csrf_from(page.text)}
    return client.post("/login", data=data, headers=headers).status_code


def test_forged_header_gets_no_fresh_login_attempts_from_uvicorn(served: ThreadServer) -> None:
    with httpx.Client(base_url=served.url, timeout=30) as client:
        for number in range(LIMIT):
            assert _login(client, "fout-wachtwoord", _forged(number)) == 400
        assert _login(client, PASSWORD, _forged(99)) == 429


def test_serve_ignores_forwarded_for_even_with_forwarded_allow_ips(tmp_path: Path) -> None:
    env = server_env(
        tmp_path / "home",
        REISGENOOT_PUBLIC_RATE_LIMIT_PER_MINUTE=str(LIMIT),
        FORWARDED_ALLOW_IPS="*",
    )
    port = free_port()
    server = Server([*CLI, "serve", "--port", str(port)], env, tmp_path, port)
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            codes = [client.get("/hulp", headers=_forged(n)).status_code for n in range(LIMIT + 1)]
    finally:
        server.stop()
    assert codes == [200] * LIMIT + [429]


def _behind_proxy(settings: Settings, db: Database, peer: str) -> TestClient:
    app = create_app(settings.model_copy(update={"trusted_proxies": ["10.0.0.0/24"]}), db)
    return TestClient(app, follow_redirects=False, client=(peer, 40_000))


def test_rate_limit_counts_the_client_behind_a_configured_proxy(
    limited: Settings, db: Database
) -> None:
    with _behind_proxy(limited, db, PROXY) as client:
        first = [client.get("/hulp", headers=_forged(1)).status_code for _ in range(LIMIT + 1)]
        assert first == [200] * LIMIT + [429]
        assert client.get("/hulp", headers=_forged(2)).status_code == 200
        # A forged address to the left of the one the proxy saw changes nothing.
        spoofed = {"X-Forwarded-For": "203.0.113.50, 198.51.100.1"}
        assert client.get("/hulp", headers=spoofed).status_code == 429
    with _behind_proxy(limited, db, "192.0.2.7") as client:  # not a proxy: header ignored
        codes = [client.get("/hulp", headers=_forged(n)).status_code for n in range(LIMIT + 1)]
        assert codes == [200] * LIMIT + [429]


def test_login_pause_follows_the_client_behind_a_configured_proxy(
    limited: Settings, db: Database, users: dict[str, Account]
) -> None:
    with _behind_proxy(limited, db, PROXY) as client:
        client.headers["X-Forwarded-For"] = "198.51.100.1"
        for _ in range(LIMIT):
            assert login(client, "trainee", "fout-wachtwoord").status_code == 400
        assert login(client, "trainee", PASSWORD).status_code == 429
        client.headers["X-Forwarded-For"] = "198.51.100.2"
        assert login(client, "trainee", PASSWORD).status_code == 303
