"""Two municipalities on one installation see only their own data (ADR 29).

One web process serves Aadorp and Beekdal, each on its own host names and with its own
database. An article, an account, a contactverzoek, a team's figures, a resident's chat and a
learned example made in Aadorp never show in Beekdal; a session of Aadorp is refused at
Beekdal; an unknown host gets a Dutch page. Runs on SQLite and PostgreSQL (conftest).
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from reisgenoot.accounts.models import Role
from reisgenoot.assist.live_routes import in_worker
from reisgenoot.assist.live_speech import in_speech_worker
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.knowledge.selfservice_models import Exchange
from reisgenoot.learning import registry
from reisgenoot.learning.examples import record_question_link
from reisgenoot.learning.models import ModelVersion
from reisgenoot.learning.registry import ACTIVE
from reisgenoot.privacy import retention
from reisgenoot.region import Region, municipality_apps
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import SESSION_COOKIE, public
from tests.contactverzoeken import parking_request
from tests.region.two import Two, add_user, two
from tests.web.fixtures import csrf_from, login

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r".*install `httpx2` instead", category=Warning)
    from fastapi.testclient import TestClient

KWISPEL = ArticleData(
    source="aadorp",
    source_id="aad-kwispelvergunning",
    title="Kwispelvergunning voor honden",
    upl="hondenbelasting",
    trefwoorden=["kwispelvergunning", "hond", "hondenbelasting"],
    sections={"tekst": "Met een kwispelvergunning mag uw hond los in het Aadorpse park."},
)
LEARNER = "knowledge.known_questions"


@pytest.fixture
def region(tmp_path: Path, template_db: str) -> Iterator[tuple[Two, dict[str, FastAPI], Region]]:
    found = two(tmp_path, template_db)
    apps = municipality_apps(found.municipalities)
    by_host = {h: apps[m.key] for m in found.municipalities.items for h in m.hosts}
    yield found, apps, Region(by_host, ["10.0.0.0/8"])
    for app in apps.values():
        app.state.database.dispose()


def database(apps: dict[str, FastAPI], key: str) -> Database:
    found: Database = apps[key].state.database
    return found


def client(region: Region, host: str) -> TestClient:
    return TestClient(region, base_url=f"http://{host}", follow_redirects=False)


def _team_reviews(settings: Settings, db: Database) -> None:
    """Team Noord of Aadorp: 5 people, 25 confirmed proposals (enough to be shown)."""
    for n in range(5):
        add_user(settings, db, f"noord{n}", Role.MEDEWERKER, team="Noord")
    with db.session() as session:
        for i in range(25):
            audit.record(
                session, settings.audit_secret(), actor=f"noord{i % 5}",
                action="klantcontact_bevestigd", object_type="klantcontact", object_id="x",
                details={"gewijzigd": [], "controle_seconden": 30},
            )  # fmt: skip


def _fill_aadorp(found: Two, db: Database) -> None:
    config = found.settings("aadorp")
    with db.session() as session:
        store_articles(session, [KWISPEL], audit_key=config.audit_secret(), actor="test")
        record_question_link(
            session, question="mag mijn hond los in het park", article_id=KWISPEL.source_id
        )
    add_user(config, db, "alleen-aadorp", Role.MEDEWERKER)
    parking_request(db, config.audit_secret())
    _team_reviews(config, db)


def test_each_municipality_has_its_own_settings_keys_and_database(
    region: tuple[Two, dict[str, FastAPI], Region],
) -> None:
    found, apps, _ = region
    a, b = found.settings("aadorp"), found.settings("beekdal")
    assert (a.municipality, b.municipality) == ("Gemeente Aadorp", "Gemeente Beekdal")
    assert a.resolved_database_url != b.resolved_database_url
    assert a.session_secret() != b.session_secret()
    assert bytes(a.audit_secret()) != bytes(b.audit_secret())
    assert a.audit_anchor_path != b.audit_anchor_path
    assert apps["aadorp"].state.settings is a and apps["beekdal"].state.settings is b
    # one embedding configuration, one embedder: it holds weights, no data
    assert apps["aadorp"].state.embedder is apps["beekdal"].state.embedder


def test_requests_go_by_host_and_an_unknown_host_gets_a_dutch_page(
    region: tuple[Two, dict[str, FastAPI], Region],
) -> None:
    _, _, app = region
    with client(app, "aadorp.test") as web:
        page = web.get("/login")
        assert page.status_code == 200 and "Gemeente Aadorp" in page.text
        assert "Beekdal" not in page.text
    with client(app, "KCC.Beekdal.test:8443") as web:  # case and port do not matter
        assert "Gemeente Beekdal" in web.get("/login").text
    with client(app, "onbekend.test") as web:
        unknown = web.get("/login")
        assert unknown.status_code == 404
        assert "Dit adres kennen we niet" in unknown.text
        assert "Aadorp" not in unknown.text and "Beekdal" not in unknown.text
        assert "default-src 'none'" in unknown.headers["content-security-policy"]
        assert web.get("/gezond").json() == {"status": "ok"}  # a load balancer's check
        assert web.post("/login", data={"username": "x"}).status_code == 404


def test_forwarded_host_counts_only_from_a_trusted_proxy(
    region: tuple[Two, dict[str, FastAPI], Region],
) -> None:
    _, _, app = region
    forwarded = {"x-forwarded-host": "beekdal.test"}
    with client(app, "aadorp.test") as web:  # the test client's peer is no trusted proxy
        assert "Gemeente Aadorp" in web.get("/login", headers=forwarded).text
    scope: dict[str, Any] = {
        "type": "http",
        "client": ("10.1.2.3", 5000),
        "headers": [(b"host", b"10.0.0.9:8000"), (b"x-forwarded-host", b"beekdal.test")],
    }
    assert app.host(scope) == "beekdal.test"
    scope["client"] = ("192.0.2.7", 5000)
    assert app.host(scope) == "10.0.0.9"


def test_nothing_made_in_one_municipality_shows_in_the_other(
    region: tuple[Two, dict[str, FastAPI], Region],
) -> None:
    found, apps, app = region
    for key in ("aadorp", "beekdal"):  # the same user name in both: two separate accounts
        add_user(found.settings(key), database(apps, key), "chef", Role.BEHEERDER, Role.MEDEWERKER)
    _fill_aadorp(found, database(apps, "aadorp"))

    with client(app, "aadorp.test") as web:
        assert login(web, "chef").status_code == 303
        assert KWISPEL.title in web.get("/kennisbank", params={"q": "kwispelvergunning"}).text
        assert "Vraag over de parkeervergunning" in web.get("/contactverzoeken").text
        assert "Noord" in web.get("/toezicht").text
        assert KWISPEL.title in web.get("/hulp", params={"q": "kwispelvergunning"}).text
        web.cookies.clear()
        _chat(web, "Mag mijn hond los met een kwispelvergunning?")
        assert _sources(database(apps, "aadorp")) == {KWISPEL.source_id}

    with client(app, "beekdal.test") as web:
        assert login(web, "alleen-aadorp").status_code != 303  # no such account here
        assert login(web, "chef").status_code == 303
        search = web.get("/kennisbank", params={"q": "kwispelvergunning"})
        assert search.status_code == 200 and KWISPEL.title not in search.text
        work = web.get("/contactverzoeken")
        assert work.status_code == 200 and "parkeervergunning" not in work.text
        figures = web.get("/toezicht")
        assert figures.status_code == 200 and "Noord" not in figures.text
        assert KWISPEL.title not in web.get("/hulp", params={"q": "kwispelvergunning"}).text
        web.cookies.clear()
        answer = _chat(web, "Mag mijn hond los met een kwispelvergunning?")
        assert "Kwispelvergunning" not in answer and "aad-kwispelvergunning" not in answer
        assert _sources(database(apps, "beekdal")) == set()


def _sources(db: Database) -> set[str]:
    """The articles the chat's answers (or hand-offs) named, in one municipality's database."""
    with db.session() as session:
        found = {str(s.get("id")) for e in session.scalars(select(Exchange)) for s in e.sources}
        found |= {e.article_id for e in session.scalars(select(Exchange)) if e.article_id}
    return found


def _chat(web: TestClient, question: str) -> str:
    """Ask the public chat ``question``; the chat page with the answer."""
    page = web.get("/hulp/chat")
    asked = web.post("/hulp/chat", data={"vraag": question, "csrf_token": csrf_from(page.text)})
    assert asked.status_code == 303, asked.text
    return str(web.get("/hulp/chat").text)


def test_a_session_of_one_municipality_is_refused_by_the_other(
    region: tuple[Two, dict[str, FastAPI], Region],
) -> None:
    found, apps, app = region
    for key in ("aadorp", "beekdal"):
        add_user(found.settings(key), database(apps, key), "chef", Role.MEDEWERKER)
    with client(app, "aadorp.test") as web:
        assert login(web, "chef").status_code == 303
        token = web.cookies.get(SESSION_COOKIE)
        assert token and web.get("/kennisbank").status_code == 200
    with client(app, "beekdal.test") as web:
        web.cookies.set(SESSION_COOKIE, token, domain="beekdal.test")
        refused = web.get("/kennisbank")
        assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    with client(app, "aadorp.test") as web:  # still valid where it was made
        web.cookies.set(SESSION_COOKIE, token, domain="aadorp.test")
        assert web.get("/kennisbank").status_code == 200


def _activate(settings: Settings, db: Database) -> Path:
    """A learned version of the known questions, active in this municipality only."""
    folder = registry.version_folder(settings.home, LEARNER, 1)
    folder.mkdir(parents=True)
    with db.session() as session:
        session.add(
            ModelVersion(
                learner=LEARNER, number=1, status="actief", active=True, examples=1,
                created_at=utcnow(), before={}, after={}, note="test",
            )
        )  # fmt: skip
    return folder


@public
def _active_folder(request: Request) -> JSONResponse:
    folder = ACTIVE.folder(LEARNER)
    return JSONResponse({"folder": str(folder) if folder else None})


def test_learned_model_versions_stay_with_their_municipality(
    tmp_path: Path, template_db: str
) -> None:
    found = two(tmp_path, template_db)
    a = found.settings("aadorp")
    db = Database(a)
    try:
        folder = _activate(a, db)
    finally:
        db.dispose()
    apps = municipality_apps(found.municipalities)  # each app looks up its own versions
    for each in apps.values():
        each.add_api_route("/test-actief", _active_folder)
    by_host = {h: apps[m.key] for m in found.municipalities.items for h in m.hosts}
    app = Region(by_host)
    try:
        with client(app, "aadorp.test") as web:
            assert web.get("/test-actief").json() == {"folder": str(folder)}
        with client(app, "beekdal.test") as web:
            assert web.get("/test-actief").json() == {"folder": None}  # the packaged model
        with registry.scoped(registry.scope_of(found.settings("beekdal").home)):
            assert ACTIVE.folder(LEARNER) is None
    finally:
        for each in apps.values():
            each.state.database.dispose()


def test_the_live_turn_workers_keep_the_municipality() -> None:
    """Live assist runs turns and speech in worker threads: the scope goes along."""

    async def run() -> tuple[str | None, str | None]:
        with registry.scoped("aadorp-home"):
            turn = await in_worker(registry.current_scope)
            speech = await in_speech_worker(registry.current_scope)
        return turn, speech

    # A loop of its own in a thread of its own (a browser test may keep one in this thread).
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(asyncio.run, run()).result() == ("aadorp-home", "aadorp-home")


def test_each_municipality_logs_in_with_its_own_provider(tmp_path: Path, template_db: str) -> None:
    own = {
        key: [
            f'oidc_issuer = "https://login.{key}.test/realms/kcc"',
            f'oidc_client_id = "reisgenoot-{key}"',
            'oidc_role_map = {"kcc" = ["medewerker"]}',
        ]
        for key in ("aadorp", "beekdal")
    }
    found = two(tmp_path, template_db, own=own)
    apps = municipality_apps(found.municipalities)
    try:
        issuers = {key: app.state.sso.issuer for key, app in apps.items()}
        assert issuers == {
            "aadorp": "https://login.aadorp.test/realms/kcc",
            "beekdal": "https://login.beekdal.test/realms/kcc",
        }
        assert apps["aadorp"].state.sso.client.config.client_id == "reisgenoot-aadorp"
    finally:
        for each in apps.values():
            each.state.database.dispose()


def test_retention_periods_set_in_the_browser_stay_with_their_municipality(
    region: tuple[Two, dict[str, FastAPI], Region],
) -> None:
    found, apps, _ = region
    a, b = found.settings("aadorp"), found.settings("beekdal")
    with database(apps, "aadorp").session() as session:
        retention.set_days(
            session, a, [(retention.CHATS, 30)], audit_key=a.audit_secret(), actor="test"
        )
    with database(apps, "aadorp").session() as session:
        assert retention.days(session, a, retention.CHATS) == 30
    with database(apps, "beekdal").session() as session:
        assert retention.days(session, b, retention.CHATS) == b.retention_chats_days == 180
