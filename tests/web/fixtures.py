"""Web and browser fixtures (loaded by the root conftest as a plugin).

``users`` makes one account per role in the test's own database; ``client`` is a
TestClient on ``create_app(settings, db)``; ``live_server`` runs the same app under uvicorn
in a thread on a free port; ``browser`` is a fresh context of Debian's headless Chromium shell
(or else its full Chromium) driven by Playwright (tests are skipped with a reason when neither
is installed).
"""

from __future__ import annotations

import functools
import os
import re
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from reisgenoot.accounts import passwords, service
from reisgenoot.accounts.models import Role
from reisgenoot.accounts.service import NewUser, create_user
from reisgenoot.app import create_app
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

with warnings.catch_warnings():
    # Starlette ≥ 1.x prefers httpx2 and warns when it falls back to httpx; pyproject's test
    # extra still lists httpx. Either client works for these tests.
    warnings.filterwarnings("ignore", message=r".*install `httpx2` instead", category=Warning)
    from fastapi.testclient import TestClient

# Debian's old headless shell (package chromium-headless-shell) when it is there: the same
# Blink and V8 as the full browser, without the browser's own UI layer, and what Playwright
# itself launches for headless tests. It cost about half the CPU of `chromium --headless` on
# the same pages (ADR 43). REISGENOOT_TEST_CHROMIUM names another binary (to compare).
CHROMIUM_BINARIES = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))
CHROMIUM = Path(
    os.environ.get("REISGENOOT_TEST_CHROMIUM")
    or next((path for path in CHROMIUM_BINARIES if path.exists()), CHROMIUM_BINARIES[-1])
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "veilig-wachtwoord-2024"
MULTI_ROLE = "tl-opleider"


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    display_name: str
    roles: tuple[Role, ...]


@functools.lru_cache(maxsize=8)
def _argon2_once(password: str) -> str:
    return passwords.hash_password(password)


def role_accounts() -> dict[str, Account]:
    """One account per role (username = role name) and one with two roles."""
    accounts = {
        role.value: Account(role.value, PASSWORD, f"Test {role.value}", (role,)) for role in Role
    }
    accounts[MULTI_ROLE] = Account(
        MULTI_ROLE, PASSWORD, "Test teamleider en opleider", (Role.TEAMLEIDER, Role.OPLEIDER)
    )
    return accounts


def create_accounts(settings: Settings, db: Database) -> dict[str, Account]:
    """Make :func:`role_accounts` in ``db`` with ``create_user``."""
    accounts = role_accounts()
    with db.session() as session:
        for account in accounts.values():
            create_user(
                session,
                NewUser(account.username, account.display_name, account.password, account.roles),
                audit_key=settings.audit_secret(),
                actor="test",
            )
    return accounts


@pytest.fixture
def users(settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch) -> dict[str, Account]:
    """One account per role (username = role name) and one with two roles.

    Accounts are made by ``create_user``; the real Argon2 hash of the shared test password
    is computed once per session (≈ 0.15 s each) instead of seven times per test.
    """
    monkeypatch.setattr(service, "hash_password", _argon2_once)
    return create_accounts(settings, db)


ARTICLES = [
    ArticleData(
        source="voorbeeldstad",
        source_id="vbs-paspoort",
        title="Paspoort aanvragen",
        upl="paspoort",
        trefwoorden=["paspoort", "reisdocument", "paspoort verlopen"],
        sections={
            "tekst": "Met een paspoort kunt u naar alle landen reizen. U vraagt het aan bij het stadhuis.",
            "procedure_beschrijving": "- Maak een afspraak via 14 0999.\n- Kom zelf naar het stadhuis.",
            "kosten_en_betaalmethoden": "18 jaar en ouder: € 84,70\n\nU betaalt met uw pinpas.",
            "desk_memo": "Vraag altijd of de inwoner een spoedaanvraag nodig heeft. Intern nummer 4411.",
        },
    ),
    ArticleData(
        source="voorbeeldstad",
        source_id="vbs-grofvuil",
        title="Grofvuil laten ophalen",
        upl="grofvuil",
        trefwoorden=["grofvuil", "bankstel", "matras", "afval ophalen"],
        sections={
            "tekst": "Grofvuil is afval dat niet in de container past, zoals een bank of een matras.",
            "kosten_en_betaalmethoden": "De eerste 2 keer per jaar zijn gratis. Daarna € 25,00.",
            "desk_memo": "Bij klachten over niet opgehaald grofvuil: melding maken in het zaaksysteem.",
        },
    ),
    ArticleData(
        source="rijksoverheid",
        source_id="ro-vraag-1",
        kind="vac",
        title="Hoe vraag ik een rijbewijs aan?",
        trefwoorden=["rijbewijs"],
        sections={"tekst": "U vraagt een rijbewijs aan bij de gemeente waar u woont."},
        extra={
            "html": "<p>U vraagt een <strong>rijbewijs</strong> aan bij uw gemeente.</p>"
            "<script>alert('xss')</script><img src=x onerror=alert(1)>"
        },
        url="https://www.rijksoverheid.nl/onderwerpen/rijbewijs",
        licence="CC0-1.0",
    ),
]


@pytest.fixture
def articles(settings: Settings, db: Database) -> list[ArticleData]:
    """Real Dutch articles (incl. one Rijksoverheid VAC with HTML) stored via the import."""
    with db.session() as session:
        store_articles(session, ARTICLES, audit_key=settings.audit_secret(), actor="test")
    return ARTICLES


@pytest.fixture
def app(settings: Settings, db: Database) -> FastAPI:
    return create_app(settings, db)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    """Log in through the real form (fetching its CSRF token first)."""
    page = client.get("/login")
    data = {"username": username, "password": password, "csrf_token": csrf_from(page.text)}
    data.update(extra)
    return client.post("/login", data=data)


class LiveServer:
    """uvicorn serving an app in a background thread.

    The listening socket is bound here (port 0) and handed to uvicorn, so parallel test
    workers never race for the same free port.
    """

    def __init__(self, app: FastAPI) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = int(self.socket.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            loop="asyncio",
            http="h11",
            ws="none",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture
def live_server(app: FastAPI, users: dict[str, Account]) -> Iterator[LiveServer]:
    """The app of this test's database, served on a free 127.0.0.1 port."""
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Any]:
    """The one Playwright of the session: a second ``sync_playwright()`` in the same process
    fails while this one runs, so every browser of the tests is launched from it."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's 'chromium-headless-shell' package "
            "(scripts/test does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_session: Any) -> Iterator[Any]:
    """One headless Chromium for the whole session (Debian's package, no download); each
    test gets a fresh context of it (``browser``)."""
    browser = playwright_session.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) for each test; yields its first page."""
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Generous: on a loaded machine a page can be slow; a broken page fails all the same.
    page.set_default_timeout(30_000)
    yield page
    context.close()
