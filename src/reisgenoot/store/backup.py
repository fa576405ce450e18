"""Backup and restore of the whole database, with the audit trail kept verifiable.

A backup is one tar file holding ``manifest.json`` and the database itself:

- SQLite: a copy made with the sqlite3 online backup API (consistent while the app writes);
- PostgreSQL: a ``pg_dump`` archive in custom format (see :mod:`reisgenoot.store.backup_pg`).

The manifest names the format, the kind of database, the schema revision, when the backup was
made, the end of the audit chain in the copy (sequence number and hash) and a *key check*: a
keyed hash made with the audit key. Restoring checks that check first, so that a database is
never restored under an audit key that cannot verify its chain (the beheerder must keep
``audit.key`` — and ``secret.key`` — beside the backups; they are not in the file, on purpose).

Restore refuses a non-empty database unless forced, replaces the database in one transaction
(a failure leaves the old one), brings the schema to the current revision, and then records
``backup_teruggezet`` in the audit trail and re-anchors the chain's end there (the anchor of the
old database names events that the restored one does not hold; ADR 11).
"""

from __future__ import annotations

import hmac
import json
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.engine import make_url as parse_url

from reisgenoot.errors import InputError, StoreError
from reisgenoot.settings import Settings
from reisgenoot.store import audit, backup_pg
from reisgenoot.store.engine import Database, current_revision

FORMAT = "reisgenoot-backup/1"
MANIFEST = "manifest.json"
PAYLOAD = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Tables that a freshly migrated database already fills; rows elsewhere mean "in use".
BOOKKEEPING = frozenset({"alembic_version", "app_meta"})
# The learned models' files (the registry in ``reisgenoot.learning`` keeps which version is
# active in the database, the files under ``REISGENOOT_HOME/models``): they travel along.
MODELS = "models"


@dataclass(frozen=True, slots=True)
class Manifest:
    kind: str
    revision: str | None
    created_at: str
    audit_seq: int
    audit_hash: str
    key_check: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": self.kind,
            "revision": self.revision,
            "created_at": self.created_at,
            "audit": {"seq": self.audit_seq, "hash": self.audit_hash},
            "key_check": self.key_check,
        }


@dataclass(frozen=True, slots=True)
class Restored:
    manifest: Manifest
    verification: audit.Verification


def key_check(key: bytes) -> str:
    """A keyed hash that tells whether two audit keys are the same (reveals nothing of it)."""
    return hmac.new(bytes(key), b"reisgenoot-backup-key-check", sha256).hexdigest()


def kind_of(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgresql"


def _fail(detail: str, **params: Any) -> StoreError:
    return StoreError(detail, code="backup_fout", detail=detail, **params)


def _input(detail: str) -> InputError:
    return InputError(detail, code="backup_onbruikbaar", detail=detail)


def _head(connection: Connection) -> tuple[int, str]:
    row = connection.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
    return (int(row[0]), str(row[1])) if row else (0, audit.GENESIS)


def _manifest(settings: Settings, connection: Connection) -> Manifest:
    seq, hash_ = _head(connection)
    return Manifest(
        kind=kind_of(settings),
        revision=current_revision(connection),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        audit_seq=seq,
        audit_hash=hash_,
        key_check=key_check(settings.audit_secret()),
    )


def _sqlite_path(settings: Settings) -> Path:
    database = parse_url(settings.resolved_database_url).database
    if not database:
        raise _fail("de SQLite-database heeft geen bestand")
    return Path(database)


# --- backup -----------------------------------------------------------------------------------


def backup(settings: Settings, target: Path) -> Manifest:
    """Write a backup of the database of ``settings`` to ``target`` (replaced atomically)."""
    target = target.expanduser()
    if target.is_dir():
        raise _input(f"{target} is een map; geef een bestandsnaam op")
    if not target.parent.is_dir():
        raise _input(f"de map {target.parent} bestaat niet")
    with tempfile.TemporaryDirectory(prefix="reisgenoot-backup-", dir=target.parent) as work:
        folder = Path(work)
        payload = folder / PAYLOAD[kind_of(settings)]
        if settings.is_sqlite:
            _sqlite_copy(_sqlite_path(settings), payload)
            engine = create_engine(f"sqlite:///{payload}")
            with engine.connect() as connection:
                manifest = _manifest(settings, connection)
            engine.dispose()
        else:
            engine = create_engine(settings.resolved_database_url)
            with engine.connect() as connection:
                # The head as of the dump's snapshot is at least this one; the dump may hold
                # more events, which only ever extend the chain past the head named here.
                manifest = _manifest(settings, connection)
            engine.dispose()
            backup_pg.dump(settings.resolved_database_url, payload)
        (folder / MANIFEST).write_text(json.dumps(manifest.as_dict(), indent=2), "utf-8")
        partial = folder / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(folder / MANIFEST, arcname=MANIFEST)
            archive.add(payload, arcname=payload.name)
            if (settings.home / MODELS).is_dir():
                archive.add(settings.home / MODELS, arcname=MODELS)
        partial.chmod(0o600)
        partial.replace(target)
    return manifest


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API (one consistent snapshot)."""
    if not source.is_file():
        raise _fail(f"de database {source} bestaat niet")
    with (
        closing(sqlite3.connect(source, timeout=30)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


# --- reading a backup -------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile, source: Path) -> Manifest:
    try:
        member = archive.extractfile(MANIFEST)
        data = json.loads(member.read().decode("utf-8")) if member else None
    except (KeyError, ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _input(f"{source} is geen back-up van Reisgenoot (of een onbekende versie)")
    try:
        found = Manifest(
            kind=str(data["kind"]),
            revision=data["revision"] if data["revision"] is None else str(data["revision"]),
            created_at=str(data["created_at"]),
            audit_seq=int(data["audit"]["seq"]),
            audit_hash=str(data["audit"]["hash"]),
            key_check=str(data["key_check"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _input(f"de beschrijving in {source} is beschadigd") from exc
    if found.kind not in PAYLOAD:
        raise _input(f"{source} komt uit een onbekend soort database ({found.kind})")
    return found


@contextmanager
def opened(source: Path) -> Iterator[tuple[Manifest, tarfile.TarFile]]:
    source = source.expanduser()
    if not source.exists():
        raise _input(f"het bestand {source} bestaat niet")
    if not source.is_file():
        raise _input(f"{source} is geen bestand")
    try:
        archive = tarfile.open(source, "r:")  # noqa: SIM115  (closed by the with below)
    except (tarfile.TarError, OSError) as exc:
        raise _input(f"{source} is geen back-up van Reisgenoot") from exc
    with archive:
        yield read_manifest(archive, source), archive


def _extract(archive: tarfile.TarFile, name: str, target: Path, source: Path) -> None:
    try:
        member = archive.extractfile(name)
    except KeyError:
        member = None
    if member is None:
        raise _input(f"in {source} ontbreekt de database zelf")
    with target.open("wb") as out:
        while chunk := member.read(1 << 20):
            out.write(chunk)


# --- restore ----------------------------------------------------------------------------------


def _non_empty(connection: Connection) -> list[str]:
    """The tables (besides bookkeeping) that hold rows."""
    full = []
    for name in inspect(connection).get_table_names():
        if name in BOOKKEEPING:
            continue
        if connection.execute(select(func.count()).select_from(table(name))).scalar():
            full.append(name)
    return full


def _check(settings: Settings, manifest: Manifest) -> None:
    kind = kind_of(settings)
    if manifest.kind != kind:
        raise _input(
            f"deze back-up komt uit een {KIND_NAMES[manifest.kind]}-database, maar de "
            f"ingestelde database is {KIND_NAMES[kind]}"
        )
    if not hmac.compare_digest(manifest.key_check, key_check(settings.audit_secret())):
        raise _fail(
            "de auditsleutel past niet bij deze back-up. Zet eerst het bestand audit.key (of "
            "REISGENOOT_AUDIT_KEY) van de installatie terug waar de back-up vandaan komt"
        )
    known = manifest.revision is None or _is_known_revision(manifest.revision)
    if not known:
        raise _fail(
            f"de back-up heeft databaseversie {manifest.revision}, die deze versie van "
            "Reisgenoot niet kent. Gebruik een nieuwere Reisgenoot"
        )


def _is_known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    from reisgenoot.store.engine import alembic_config

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for unknown ids
        return False


def restore(settings: Settings, source: Path, *, force: bool, actor: str) -> Restored:
    """Replace the database of ``settings`` by the backup in ``source``."""
    database = Database(settings)
    try:
        with opened(source) as (manifest, archive):
            _check(settings, manifest)
            with database.engine.connect() as connection:
                full = _non_empty(connection)
            if full and not force:
                raise _fail(
                    "de database is niet leeg (er staan gegevens in "
                    f"{', '.join(sorted(full)[:5])}). Gebruik --force om die te overschrijven"
                )
            with tempfile.TemporaryDirectory(prefix="reisgenoot-restore-") as work:
                payload = Path(work) / PAYLOAD[manifest.kind]
                _extract(archive, payload.name, payload, source)
                if manifest.kind == "sqlite":
                    database.dispose()
                    _sqlite_restore(payload, _sqlite_path(settings), manifest, source)
                else:
                    database.dispose()
                    backup_pg.restore(settings.resolved_database_url, payload)
                _restore_models(archive, settings.ensure_home(), Path(work))
        database = Database(settings)
        database.migrate()
        return _after_restore(database, settings, manifest, actor)
    finally:
        database.dispose()


def _sqlite_restore(payload: Path, target: Path, manifest: Manifest, source: Path) -> None:
    """Check the copy, then write it over the live database in one step (backup API)."""
    try:
        with closing(sqlite3.connect(payload)) as copy:
            ok = copy.execute("PRAGMA integrity_check").fetchone()
            if not ok or ok[0] != "ok":
                raise _input(f"de database in {source} is beschadigd")
            with closing(sqlite3.connect(target, timeout=30)) as live:
                copy.backup(live)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise _fail("de database is bezet; probeer het opnieuw") from exc
        raise _input(f"de database in {source} is beschadigd of geen SQLite") from exc


def _restore_models(archive: tarfile.TarFile, home: Path, work: Path) -> None:
    """Put the backup's model files in place of the current ones (after the database)."""
    members = [
        m
        for m in archive.getmembers()
        if (m.name == MODELS or m.name.startswith(f"{MODELS}/")) and (m.isfile() or m.isdir())
    ]
    unpacked = work / "unpacked"
    unpacked.mkdir()
    archive.extractall(unpacked, members=members, filter="data")
    current, previous = home / MODELS, home / f"{MODELS}.voor-terugzetten"
    if previous.exists():
        shutil.rmtree(previous)
    if current.exists():
        current.rename(previous)
    if (unpacked / MODELS).is_dir():
        shutil.move(unpacked / MODELS, current)
    if previous.exists():
        shutil.rmtree(previous)


def _after_restore(
    database: Database, settings: Settings, manifest: Manifest, actor: str
) -> Restored:
    key = settings.audit_secret()
    with database.session() as session:
        found = audit.verify(session, key)
    chain_whole = found.intact or found.problem in {
        "einde_verwijderd",
        "anker_ontbreekt",
        "anker_ongeldig",
        "anker_afwijkend",
    }
    if not chain_whole or found.removed + found.events < manifest.audit_seq:
        return Restored(manifest, found)
    with database.session() as session:
        audit.record(
            session,
            key,
            actor=actor,
            action="backup_teruggezet",
            object_type="database",
            details={"gemaakt": manifest.created_at, "laatste_gebeurtenis": manifest.audit_seq},
        )
        if audit.anchor_path(key) is not None:
            audit.reanchor(session, key, actor=actor)
    with database.session() as session:
        return Restored(manifest, audit.verify(session, key))
