"""Backup and restore: a real round trip on the test's database (SQLite, and PostgreSQL when
the suite runs there), the audit trail intact afterwards, and Dutch refusals."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from reisgenoot.cli import app, context
from reisgenoot.errors import InputError, StoreError
from reisgenoot.settings import Settings
from reisgenoot.store import audit, backup, backup_pg
from reisgenoot.store.engine import Database

runner = CliRunner()


@pytest.fixture(autouse=True)
def _needs_tools(settings: Settings) -> None:
    if not settings.is_sqlite and backup_pg.tool("pg_dump") is None:
        pytest.skip("pg_dump is not installed")


def _record(db: Database, key: bytes, name: str) -> None:
    with db.session() as session:
        audit.record(session, key, actor="test", action="test_event", object_id=name)
        session.execute(
            text("INSERT INTO app_meta (key, value, updated_at) VALUES (:k, 'v', :t)"),
            {"k": f"probe-{name}", "t": "2026-01-01 00:00:00"},
        )


def _probes(db: Database) -> list[str]:
    with db.session() as session:
        rows = session.execute(text("SELECT key FROM app_meta WHERE key LIKE 'probe-%'"))
        return sorted(str(row[0]) for row in rows)


def _events(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(audit.AuditEvent)) or 0)


def test_round_trip_restores_the_data_and_keeps_the_audit_trail_intact(
    cli_env: Settings, tmp_path: Path
) -> None:
    db = Database(cli_env)
    key = cli_env.audit_secret()
    _record(db, key, "before")
    file = tmp_path / "backup.tar"
    done = runner.invoke(app, ["backup", str(file), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["audit"]["seq"] == 1
    _record(db, key, "after")  # made after the backup: gone once restored
    assert _probes(db) == ["probe-after", "probe-before"]

    refused = runner.invoke(app, ["restore", str(file)])
    assert refused.exit_code == 1
    assert "niet leeg" in refused.stderr and "--force" in refused.stderr
    assert _probes(db) == ["probe-after", "probe-before"]

    context.reset()
    restored = runner.invoke(app, ["restore", str(file), "--force"])
    assert restored.exit_code == 0, restored.output
    assert _probes(db) == ["probe-before"]
    context.reset()
    verified = runner.invoke(app, ["audit", "verify", "--json"])
    assert verified.exit_code == 0, verified.output
    result = json.loads(verified.stdout)
    assert result["intact"] is True
    # the one event of the backup, plus the restore and the re-anchoring, in the trail
    assert result["events"] == 3
    with db.session() as session:
        actions = session.scalars(select(audit.AuditEvent.action).order_by(audit.AuditEvent.seq))
        assert list(actions) == ["test_event", "backup_teruggezet", "anker_vernieuwd"]
    db.dispose()


def test_a_backup_from_another_audit_key_is_refused(settings: Settings, tmp_path: Path) -> None:
    file = tmp_path / "backup.tar"
    backup.backup(settings, file)
    other = settings.model_copy(update={"audit_key": SecretStr("another-key")})
    with pytest.raises(StoreError) as caught:
        backup.restore(other, file, force=True, actor="test")
    assert "auditsleutel" in caught.value.dutch()


def test_another_kind_of_database_is_refused(settings: Settings, tmp_path: Path) -> None:
    file = tmp_path / "backup.tar"
    manifest = backup.backup(settings, file)
    other = "postgresql" if manifest.kind == "sqlite" else "sqlite"
    forged = _rewrite(file, tmp_path / "forged.tar", kind=other)
    with pytest.raises(InputError) as caught:
        backup.restore(settings, forged, force=True, actor="test")
    assert "komt uit een" in caught.value.dutch()


def test_missing_and_foreign_files_get_dutch_errors(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        backup.restore(settings, tmp_path / "nergens.tar", force=True, actor="test")
    assert "bestaat niet" in missing.value.dutch()
    junk = tmp_path / "junk.tar"
    junk.write_text("dit is geen back-up")
    with pytest.raises(InputError) as foreign:
        backup.restore(settings, junk, force=True, actor="test")
    assert "geen back-up van Reisgenoot" in foreign.value.dutch()


def test_a_failed_restore_leaves_the_old_database(settings: Settings, tmp_path: Path) -> None:
    db = Database(settings)
    key = settings.audit_secret()
    _record(db, key, "kept")
    file = tmp_path / "backup.tar"
    backup.backup(settings, file)
    broken = _rewrite(file, tmp_path / "broken.tar", payload=b"PGDMP kapot" * 100)
    with pytest.raises((InputError, StoreError)):
        backup.restore(settings, broken, force=True, actor="test")
    assert _probes(db) == ["probe-kept"]
    assert _events(db) == 1
    db.dispose()


def test_restore_into_an_empty_database_needs_no_force(settings: Settings, tmp_path: Path) -> None:
    db = Database(settings)
    _record(db, settings.audit_secret(), "one")
    file = tmp_path / "backup.tar"
    backup.backup(settings, file)
    with db.session() as session:
        for name in ("app_meta", "audit_events", "audit_head"):
            session.execute(text(f"DELETE FROM {name}"))
    restored = backup.restore(settings, file, force=False, actor="test")
    assert restored.verification.intact
    assert _probes(db) == ["probe-one"]
    db.dispose()


def _rewrite(
    source: Path, target: Path, *, kind: str | None = None, payload: bytes | None = None
) -> Path:
    """A copy of a backup with its manifest kind or its database bytes replaced."""
    with tarfile.open(source) as archive, tarfile.open(target, "w") as out:
        for member in archive.getmembers():
            data = archive.extractfile(member)
            assert data is not None
            content = data.read()
            if member.name == "manifest.json" and kind is not None:
                manifest = json.loads(content)
                manifest["kind"] = kind
                content = json.dumps(manifest).encode()
            elif member.name != "manifest.json" and payload is not None:
                content = payload
            member.size = len(content)
            out.addfile(member, io.BytesIO(content))
    return target


def test_the_learned_model_files_travel_with_the_backup(settings: Settings, tmp_path: Path) -> None:
    version = settings.home / "models" / "assist.topics" / "0001"
    version.mkdir(parents=True)
    (version / "weights.npz").write_bytes(b"model-v1")
    file = tmp_path / "backup.tar"
    backup.backup(settings, file)
    (version / "weights.npz").write_bytes(b"model-v2")
    (settings.home / "models" / "assist.topics" / "0002").mkdir()
    backup.restore(settings, file, force=True, actor="test")
    assert (version / "weights.npz").read_bytes() == b"model-v1"
    assert not (settings.home / "models" / "assist.topics" / "0002").exists()


def test_a_postgresql_restore_that_fails_midway_rolls_back(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if settings.is_sqlite:
        pytest.skip("PostgreSQL only (runs in the PostgreSQL pass of scripts/test)")
    db = Database(settings)
    _record(db, settings.audit_secret(), "kept")
    file = tmp_path / "backup.tar"
    backup.backup(settings, file)
    _record(db, settings.audit_secret(), "later")
    # the old tables are dropped, then the script fails: everything must roll back
    monkeypatch.setattr(backup_pg, "CLEAR", backup_pg.CLEAR + "\nSELECT 1 / 0;\n")
    with pytest.raises(StoreError) as caught:
        backup.restore(settings, file, force=True, actor="test")
    assert "psql" in caught.value.dutch()
    assert _probes(db) == ["probe-kept", "probe-later"]
    assert _events(db) == 2
    db.dispose()
