"""The end of the audit chain is anchored outside the database, so its tail cannot vanish:
deleting the last events (with or without the head row), emptying the trail or rolling the
database back is named by ``reisgenoot audit verify``; several processes append at once."""

from __future__ import annotations

import json
import multiprocessing
import stat
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.audit_verdict import verdict
from reisgenoot.store.engine import Database

runner = CliRunner()


@pytest.fixture
def key(settings: Settings) -> bytes:
    return settings.audit_secret()


@pytest.fixture
def anchor(key: bytes) -> Path:
    path = audit.anchor_path(key)
    assert path is not None
    return path


def _fill(db: Database, key: bytes, count: int) -> None:
    for number in range(count):
        with db.session() as session:
            audit.record(session, key, actor="tester", action="iets", object_id=str(number))


def _verify(db: Database, key: bytes) -> audit.Verification:
    with db.session() as session:
        return audit.verify(session, key)


def _head(db: Database) -> dict[str, Any]:
    with db.engine.connect() as connection:
        row = connection.execute(text("SELECT seq, hash, mac FROM audit_head")).one()
    return dict(row._mapping)


def _cut(db: Database, keep: int, head: dict[str, Any] | None) -> None:
    """What someone with database access does: delete the tail, put back an older head."""
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq > :n"), {"n": keep})
        if head is None:
            connection.execute(text("DELETE FROM audit_head"))
        else:
            connection.execute(
                text("UPDATE audit_head SET seq = :seq, hash = :hash, mac = :mac"), head
            )


def test_every_commit_moves_the_anchor(db: Database, key: bytes, anchor: Path) -> None:
    assert not anchor.exists()
    _fill(db, key, 3)
    written = json.loads(anchor.read_text())
    assert written["seq"] == 3 and written["hash"] == _head(db)["hash"]
    assert stat.S_IMODE(anchor.stat().st_mode) == 0o600
    assert _verify(db, key) == audit.Verification(True, 3, anchored=3)


def test_an_emptied_trail_is_not_intact(db: Database, key: bytes) -> None:
    _fill(db, key, 3)
    _cut(db, 0, None)  # every event and the head
    result = _verify(db, key)
    assert not result.intact
    assert (result.problem, result.events, result.missing) == ("einde_verwijderd", 0, 3)


def test_a_removed_tail_with_an_older_head_is_detected(db: Database, key: bytes) -> None:
    _fill(db, key, 3)
    older = _head(db)  # a valid head row, e.g. from a backup
    _fill(db, key, 2)
    _cut(db, 3, older)
    result = _verify(db, key)
    assert not result.intact
    assert (result.problem, result.broken_at, result.missing, result.anchored) == (
        "einde_verwijderd",
        4,
        2,
        5,
    )


def test_a_rolled_back_database_stays_detected_after_new_events(
    db: Database, key: bytes, anchor: Path
) -> None:
    _fill(db, key, 2)
    older = _head(db)
    _fill(db, key, 3)
    _cut(db, 2, older)  # as if an older copy of the database was restored
    _fill(db, key, 2)  # work goes on: events 3 and 4 again, with other hashes
    assert json.loads(anchor.read_text())["seq"] == 5  # the anchor did not move back
    assert _verify(db, key).problem == "einde_verwijderd"
    _fill(db, key, 2)  # now past the anchor's number
    assert json.loads(anchor.read_text())["seq"] == 5  # still the evidence
    result = _verify(db, key)
    assert (result.intact, result.problem, result.broken_at) == (False, "anker_afwijkend", 5)


def test_a_missing_anchor_is_named_and_not_silently_recreated(
    db: Database, key: bytes, anchor: Path
) -> None:
    _fill(db, key, 2)
    anchor.unlink()
    assert _verify(db, key).problem == "anker_ontbreekt"
    _fill(db, key, 1)
    assert not anchor.exists()
    assert _verify(db, key).problem == "anker_ontbreekt"


def test_a_changed_anchor_or_another_key_is_named(
    db: Database, key: bytes, anchor: Path, settings: Settings
) -> None:
    _fill(db, key, 3)
    body = json.loads(anchor.read_text())
    anchor.write_text(json.dumps({**body, "seq": 2}))
    assert _verify(db, key).problem == "anker_ongeldig"
    anchor.write_text("kapot")
    assert _verify(db, key).problem == "anker_ongeldig"


def test_an_anchor_that_lags_behind_is_fine(db: Database, key: bytes) -> None:
    _fill(db, key, 3)
    _fill(db, bytes(key), 2)  # a plain key (no anchor): as if the anchor update was lost
    assert _verify(db, key) == audit.Verification(True, 5, anchored=3)


def test_a_rolled_back_transaction_leaves_the_anchor(
    db: Database, key: bytes, anchor: Path
) -> None:
    _fill(db, key, 2)
    before = anchor.read_text()
    with pytest.raises(RuntimeError), db.session() as session:
        audit.record(session, key, actor="tester", action="iets")
        raise RuntimeError("afgebroken")
    assert anchor.read_text() == before
    assert _verify(db, key).intact


def _append_in_process(home: str, url: str | None, count: int) -> None:
    settings = Settings(home=Path(home), database_url=url, audit_key="test-audit-key")
    database = Database(settings)
    for number in range(count):
        with database.session() as session:
            audit.record(
                session,
                settings.audit_secret(),
                actor="proces",
                action="iets",
                object_id=str(number),
            )
    database.dispose()


def test_processes_appending_at_once_keep_the_anchor_consistent(
    db: Database, key: bytes, settings: Settings, anchor: Path
) -> None:
    workers, each = 4, 15
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        jobs = [
            pool.submit(_append_in_process, str(settings.home), settings.database_url, each)
            for _ in range(workers)
        ]
        for job in jobs:
            job.result()
    assert json.loads(anchor.read_text())["seq"] == workers * each
    assert _verify(db, key) == audit.Verification(True, workers * each, anchored=workers * each)


# --- the command --------------------------------------------------------------------------


@pytest.fixture
def filled(cli_env: Settings) -> Iterator[Database]:
    database = Database(cli_env)
    _fill(database, cli_env.audit_secret(), 10)
    yield database
    database.dispose()


def _run(*args: str) -> Any:
    return runner.invoke(app, ["audit", "verify", *args])


def test_verify_says_intact(filled: Database) -> None:
    result = _run()
    assert result.exit_code == 0
    assert result.stdout == "Het auditlogboek is intact (10 gebeurtenissen).\n"


def test_verify_names_an_emptied_trail(filled: Database) -> None:
    _cut(filled, 0, None)
    result = _run()
    assert result.exit_code == 1
    assert result.stdout == (
        "Het auditlogboek is NIET intact: alle 10 gebeurtenissen ontbreken volgens het anker. "
        "Ze zijn weggehaald, of de database is teruggezet.\n"
    )
    assert "security officer" in result.stderr


def test_verify_names_the_missing_tail(filled: Database, cli_env: Settings) -> None:
    _cut(filled, 7, None)
    with filled.engine.begin() as connection:  # even with a freshly keyed head at event 7
        row = connection.execute(text("SELECT hash FROM audit_events WHERE seq = 7")).one()
        head = {
            "seq": 7,
            "hash": row.hash,
            "mac": audit._head_mac(cli_env.audit_secret(), 7, row.hash),
        }
        connection.execute(
            text("INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, :seq, :hash, :mac)"), head
        )
    result = _run("--json")
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert (out["problem"], out["missing"], out["anchored"]) == ("einde_verwijderd", 3, 10)
    assert out["message"].startswith(
        "Het auditlogboek is NIET intact: de laatste 3 gebeurtenissen ontbreken "
        "(nummer 8 tot en met 10) volgens het anker."
    )


def test_verify_names_a_missing_anchor_and_reanchor_restores_it(
    filled: Database, cli_env: Settings
) -> None:
    path = audit.anchor_path(cli_env.audit_secret())
    assert path is not None
    path.unlink()
    result = _run()
    assert result.exit_code == 1
    assert result.stdout.startswith("Het auditlogboek is NIET intact: het anker ontbreekt (")
    assert "--reanchor" in result.stderr
    again = _run("--reanchor")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == "Het auditlogboek is intact (11 gebeurtenissen).\n"
    with filled.session() as session:
        event = session.get(audit.AuditEvent, 11)
        assert event is not None
        assert (event.action, event.details) == ("anker_vernieuwd", {"vorig_anker": None})


def test_reanchor_refuses_a_changed_chain(filled: Database) -> None:
    with filled.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET actor = 'indringer' WHERE seq = 4"))
    result = _run("--reanchor")
    assert result.exit_code == 1
    assert result.stdout == "Het auditlogboek is NIET intact: gebeurtenis 4 is gewijzigd.\n"
    assert "niet vernieuwd" in result.stderr


@pytest.mark.parametrize(
    ("found", "message"),
    [
        (
            audit.Verification(True, 0),
            "Het auditlogboek is intact: er zijn nog geen gebeurtenissen.",
        ),
        (audit.Verification(True, 1, anchored=1), "Het auditlogboek is intact (1 gebeurtenis)."),
        (
            audit.Verification(False, 2, 3, "ontbreekt", 1),
            "Het auditlogboek is NIET intact: gebeurtenis 3 ontbreekt.",
        ),
        (
            audit.Verification(False, 2, 3, "ontbreekt", 4),
            "Het auditlogboek is NIET intact: gebeurtenissen 3 tot en met 6 ontbreken.",
        ),
        (
            audit.Verification(False, 3, 3, "keten_verbroken"),
            "Het auditlogboek is NIET intact: gebeurtenis 3 sluit niet aan op de gebeurtenis "
            "ervoor (een gebeurtenis is weggehaald, vervangen of verplaatst).",
        ),
        (
            audit.Verification(False, 5, 1, "kop_ontbreekt"),
            "Het auditlogboek is NIET intact: het eindpunt van de keten in de database "
            "(audit_head) ontbreekt.",
        ),
        (
            audit.Verification(False, 4, 5, "einde_verwijderd", 1),
            "Het auditlogboek is NIET intact: de laatste gebeurtenis ontbreekt (nummer 5) "
            "volgens het eindpunt in de database. Ze zijn weggehaald.",
        ),
        (
            audit.Verification(False, 0, 1, "einde_verwijderd", 1, 1),
            "Het auditlogboek is NIET intact: de enige gebeurtenis ontbreekt volgens het anker. "
            "Ze zijn weggehaald, of de database is teruggezet.",
        ),
        (
            audit.Verification(False, 9, 7, "anker_afwijkend", anchored=7),
            "Het auditlogboek is NIET intact: gebeurtenis 7 is anders dan het anker vastlegde: "
            "de database is teruggezet of vervangen.",
        ),
    ],
)
def test_every_verdict_is_one_clear_sentence(found: audit.Verification, message: str) -> None:
    assert verdict(found, Path("/srv/reisgenoot/audit.anchor")) == message
