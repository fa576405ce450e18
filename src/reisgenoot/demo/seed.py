"""Load the demo municipality "Gemeente Voorbeeldstad" into a database, once.

:func:`seed_demo` imports the demo kennisbank (the project's Markdown articles and the
Rijksoverheid Q&A, both shipped inside the package), creates the teams, accounts and actors,
inserts the synthetic contact history with bulk inserts, marks the database as demo
(``app_meta["demo"]``) and audits ``demo_geladen`` — all in one transaction. A second call
finds the mark and does nothing. It refuses a database that already has users or contacts:
demo data never mixes with real data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from time import perf_counter
from typing import Any

from filelock import FileLock
from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import User
from reisgenoot.contacts.actors import assistant_actor
from reisgenoot.contacts.models import Actor, Klantcontact
from reisgenoot.demo.accounts import DemoAccount, create_demo_accounts
from reisgenoot.demo.chats import seed_chats
from reisgenoot.demo.dialogue import seed_dialogue
from reisgenoot.demo.history import (
    DEFAULT_DAYS,
    DEFAULT_END,
    DEFAULT_SEED,
    HistoryConfig,
    SyntheticContact,
    describe,
    generate_history,
)
from reisgenoot.demo.reviews import seed_reviews
from reisgenoot.demo.rows import insert_history
from reisgenoot.errors import ImportFormatError, StoreError
from reisgenoot.knowledge.embeddings import CachedEmbedder, Embedder
from reisgenoot.knowledge.formats import ArticleData, read_data, suffixes
from reisgenoot.knowledge.index import build_index
from reisgenoot.knowledge.ingest import SKIPPED_NAMES, store_articles
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.base import Base
from reisgenoot.store.engine import Database
from reisgenoot.training import coaching

DEMO_MUNICIPALITY = "Gemeente Voorbeeldstad"
DEMO_ACTOR = "systeem:demo"
DEMO_VECTORS = "kennisbank-e5.npz"
SEED_LOCK_ID = 746_172_003  # PostgreSQL advisory-lock key of the demo seed

Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass(slots=True)
class SeedReport:
    """What :func:`seed_demo` did; ``seeded`` is False when the demo was already there."""

    seeded: bool
    message: str
    municipality: str = DEMO_MUNICIPALITY
    articles: int = 0
    accounts: int = 0
    teams: int = 0
    actors: int = 0
    contacts: int = 0
    vragen: int = 0
    interne_taken: int = 0
    betrokkenen: int = 0
    chats: int = 0  # self-service chats of residents (anonymous), with exchanges and ratings
    days: int = 0
    start: str | None = None
    end: str | None = None
    seed: int | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- kennisbank -----------------------------------------------------------------------------


KENNISBANK_FOLDERS = ("kennisbank", "data")  # the Markdown articles; the Rijksoverheid CSVs


def _package_files(folder: str) -> list[tuple[str, bytes]]:
    """The files of a package folder that a kennisbank import format reads, sorted."""
    root = resources.files("reisgenoot.demo").joinpath(folder)
    known = suffixes()
    return sorted(
        (entry.name, entry.read_bytes())
        for entry in root.iterdir()
        if entry.is_file()
        and Path(entry.name).suffix.lower() in known
        and entry.name.lower() not in SKIPPED_NAMES
    )


def load_kennisbank() -> list[ArticleData]:
    """The demo articles shipped in the package (Markdown in kennisbank/, the Rijksoverheid
    CSVs in data/), read by the registered import formats, as ``reisgenoot kb import`` would."""
    articles: list[ArticleData] = []
    for folder in KENNISBANK_FOLDERS:
        for name, data in _package_files(folder):
            articles.extend(read_data(Path(folder) / name, data))
    return _unique(articles)


def _unique(articles: list[ArticleData]) -> list[ArticleData]:
    """Drop exact repeats (the two Rijksoverheid files share one identical record)."""
    seen: dict[tuple[str, str], str] = {}
    unique: list[ArticleData] = []
    for article in articles:
        key, digest = (article.source, article.source_id), article.content_hash()
        if key not in seen:
            seen[key] = digest
            unique.append(article)
        elif seen[key] != digest:
            raise ImportFormatError(
                "duplicate", file="demo", record=1, line=1, detail=f"dubbel id {article.source_id}"
            )
    return unique


def article_ids_by_upl(articles: Sequence[ArticleData]) -> dict[str, list[str]]:
    """UPL name → ids of the active articles about it (the sources a KCC employee consults)."""
    result: dict[str, list[str]] = {}
    for article in articles:
        if article.upl and article.status == "actief":
            result.setdefault(article.upl, []).append(article.source_id)
    return result


# --- actors ---------------------------------------------------------------------------------


@dataclass(slots=True)
class ActorIds:
    employees: dict[str, int]  # username → actor id
    departments: dict[str, int]  # organisatorische eenheid → actor id
    assistant: int

    @property
    def count(self) -> int:
        return len(self.employees) + len(self.departments) + 1


def create_actors(
    session: Session, accounts: Sequence[tuple[DemoAccount, User]], departments: Sequence[str]
) -> ActorIds:
    """Employees as ``medewerker`` actors, departments, and Reisgenoot itself."""
    employees = {
        account.username: Actor(
            naam=user.display_name,
            soort_actor="medewerker",
            functie="Medewerker " + (account.team or "KCC"),
            user_id=user.id,
        )
        for account, user in accounts
        if account.handles_contacts
    }
    units = {
        name: Actor(naam=name, soort_actor="organisatorische_eenheid", functie="Vakafdeling")
        for name in sorted(set(departments))
    }
    session.add_all([*employees.values(), *units.values()])
    assistant = assistant_actor(session)
    session.flush()
    return ActorIds(
        employees={k: a.id for k, a in employees.items()},
        departments={k: a.id for k, a in units.items()},
        assistant=assistant.id,
    )


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


# --- seeding --------------------------------------------------------------------------------


@contextmanager
def _seed_lock(settings: Settings) -> Iterator[None]:
    """SQLite: a file lock beside the database (PostgreSQL locks inside the transaction)."""
    if settings.is_sqlite:
        with FileLock(str(settings.ensure_home() / "demo.lock"), timeout=600):
            yield
    else:
        yield


def _already(session: Session) -> bool:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEED_LOCK_ID})
    return (
        session.scalar(
            select(func.count())
            .select_from(_table("app_meta"))
            .where(_table("app_meta").c.key == "demo")
        )
        != 0
    )


def _refuse_real_data(session: Session) -> None:
    users = session.scalar(select(func.count(User.id))) or 0
    contacts = session.scalar(select(func.count(Klantcontact.id))) or 0
    if users or contacts:
        raise StoreError(
            "database not empty",
            detail=(
                f"er staan al {users} gebruikers en {contacts} klantcontacten in de database. "
                "Laad de demo alleen in een nieuwe, lege installatie (een nieuwe REISGENOOT_HOME)"
            ),
        )


def _step(progress: Progress | None, stage: str) -> None:
    if progress is not None:
        progress(stage, 0, 1)


def seed_demo(
    database: Database,
    settings: Settings,
    *,
    days: int = DEFAULT_DAYS,
    seed: int = DEFAULT_SEED,
    end: date = DEFAULT_END,
    progress: Progress | None = None,
    actor: str = DEMO_ACTOR,
    embedder: Embedder | None = None,
) -> SeedReport:
    """Seed the demo municipality once; a second call does nothing and says so.

    With an ``embedder`` the kennisbank's section index is built in the same transaction, so
    the first search does not have to.
    """
    started = perf_counter()
    with _seed_lock(settings):
        if database.get_meta("demo") is not None:
            return _nothing_to_do(started)
        _step(progress, "Kennisbank lezen")
        articles = load_kennisbank()
        config = HistoryConfig(days=days, end=end, seed=seed).with_articles(
            article_ids_by_upl(articles)
        )
        _step(progress, "Contacthistorie maken")
        history = generate_history(config)
        with database.session() as session:
            if _already(session):
                return _nothing_to_do(started)
            report = _seed_in(
                session, settings, database, articles, config, history, progress, actor
            )
            if embedder is not None:
                _index(session, embedder, progress)
        _step(progress, "Teamdialoog vullen")
        seed_dialogue(database, settings, actor=actor, seed=seed, today=end)
    report.seconds = round(perf_counter() - started, 2)
    return report


def demo_vectors() -> Path:
    """Shipped e5 vectors of the demo kennisbank's passages (keyed by model and text hash)."""
    return Path(str(resources.files("reisgenoot.demo") / "data" / DEMO_VECTORS))


def _index(session: Session, embedder: Embedder, progress: Progress | None) -> None:
    def advance(done: int, total: int) -> None:
        if progress is not None:
            progress("Kennisbank indexeren", done, total)

    # Passages whose text and model match a shipped vector are not embedded again on the CPU;
    # others (an edited article, another embedder) are embedded by ``embedder``.
    shipped = CachedEmbedder(embedder, demo_vectors())
    shipped.path = None  # read-only
    build_index(session, shipped, progress=advance)


def _nothing_to_do(started: float) -> SeedReport:
    return SeedReport(
        seeded=False,
        message="De demo staat al in de database; er is niets veranderd.",
        seconds=round(perf_counter() - started, 2),
    )


def _seed_in(
    session: Session,
    settings: Settings,
    database: Database,
    articles: list[ArticleData],
    config: HistoryConfig,
    history: list[SyntheticContact],
    progress: Progress | None,
    actor: str,
) -> SeedReport:
    _refuse_real_data(session)
    key = settings.audit_secret()
    _step(progress, "Kennisbank importeren")
    imported = store_articles(session, articles, audit_key=key, actor=actor)
    _step(progress, "Accounts maken")
    accounts = create_demo_accounts(
        session, audit_key=key, actor=actor, min_length=settings.password_min_length
    )
    coaching.link(session, "opleider", "trainee", audit_key=key, actor=actor)  # demo opleider
    actors = create_actors(session, accounts, [t.dept for t in config.topics])
    totals = insert_history(session, history, actors=actors, seed=config.seed, progress=progress)
    _step(progress, "Controles van voorstellen")
    switch = config.start + timedelta(days=config.days // 2)  # Team Zuid: "eerst zelf" from here
    seed_reviews(session, history, audit_key=key, seed=config.seed, switch_day=switch)
    _step(progress, "Chats van inwoners maken")
    chats = seed_chats(session, config, config.seed)
    report = SeedReport(
        seeded=True,
        message=f"De demo van {DEMO_MUNICIPALITY} is geladen.",
        articles=imported.total,
        accounts=len(accounts),
        teams=len({a.team for a, _u in accounts if a.team}),
        actors=actors.count,
        contacts=totals.contacts,
        vragen=totals.vragen,
        interne_taken=totals.interne_taken,
        betrokkenen=totals.betrokkenen,
        chats=chats.chats,
        days=config.days,
        start=config.start.isoformat(),
        end=config.end.isoformat(),
        seed=config.seed,
    )
    database.set_meta(session, "demo", DEMO_MUNICIPALITY)
    database.set_meta(session, "demo_history", json.dumps(describe(config), ensure_ascii=False))
    details = report.as_dict()
    for unused in ("seeded", "message", "seconds"):
        details.pop(unused)
    audit.record(
        session,
        key,
        actor=actor,
        action="demo_geladen",
        object_type="demo",
        object_id=DEMO_MUNICIPALITY,
        details=details,
    )
    return report
