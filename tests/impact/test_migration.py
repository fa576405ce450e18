"""The migration that takes the round secret out of the database: rounds open under the old
scheme are closed the way closing works (counted, answers rewritten in random order with new
ids, tokens deleted), the secret column is gone; the downgrade closes new-style open rounds."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from reisgenoot.impact.questions import standard_content
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database, alembic_config

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TEAMS = sa.table(
    "teams",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("description", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
SETS = sa.table(
    "impact_question_sets",
    sa.column("version", sa.Integer()),
    sa.column("content", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)

TOKENS = sa.table(
    "impact_tokens",
    sa.column("round_id", sa.Integer()),
    sa.column("token_hash", sa.String()),
    sa.column("answered", sa.Boolean()),
)
ANSWERS = sa.table(
    "impact_answers",
    sa.column("id", sa.String()),
    sa.column("round_id", sa.Integer()),
    sa.column("question_version", sa.Integer()),
    sa.column("question_key", sa.String()),
    sa.column("value", sa.Integer()),
    sa.column("text", sa.Text()),
)


def _revisions() -> tuple[str, str]:
    """This migration's id and the one before it (found by its title, so renumbering the
    history does not break the test)."""
    script = ScriptDirectory.from_config(alembic_config())
    for revision in script.walk_revisions():
        if (revision.doc or "").startswith("impact: no round secret in the database"):
            assert isinstance(revision.down_revision, str)
            return revision.revision, revision.down_revision
    raise AssertionError("migration not found")


def _rounds(secret: bool) -> sa.TableClause:
    columns: list[sa.ColumnClause[Any]] = [
        sa.column("id", sa.Integer()),
        sa.column("team_id", sa.Integer()),
        sa.column("number", sa.Integer()),
        sa.column("question_version", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("opened_at", sa.DateTime(timezone=True)),
        sa.column("closed_at", sa.DateTime(timezone=True)),
        sa.column("respondents", sa.Integer()),
    ]
    if secret:
        columns.append(sa.column("secret", sa.String()))
    return sa.table("impact_rounds", *columns)


def _answers(connection: sa.Connection, round_id: int) -> list[dict[str, Any]]:
    query = sa.select(ANSWERS).where(ANSWERS.c.round_id == round_id)
    return [dict(r._mapping) for r in connection.execute(query)]


def _content(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((r["question_key"], r["value"], r["text"] or "") for r in rows)


def test_open_rounds_are_closed_and_the_secret_column_is_dropped(
    empty_settings: Settings,
) -> None:
    mine, before = _revisions()
    database = Database(empty_settings)
    try:
        database.migrate(before)
        with database.engine.begin() as connection:
            connection.execute(
                sa.insert(TEAMS).values(id=1, name="T", description="", created_at=NOW)
            )
            connection.execute(
                sa.insert(SETS).values(version=1, content=standard_content(), created_at=NOW)
            )
            rounds = _rounds(secret=True)
            base = {"team_id": 1, "question_version": 1, "opened_at": NOW}
            connection.execute(
                sa.insert(rounds),
                [
                    {
                        **base,
                        "id": 1,
                        "number": 1,
                        "status": "gesloten",
                        "closed_at": NOW,
                        "respondents": 5,
                        "secret": None,
                    },
                    {
                        **base,
                        "id": 2,
                        "number": 2,
                        "status": "open",
                        "closed_at": None,
                        "respondents": 0,
                        "secret": "ab" * 32,
                    },
                ],
            )
            connection.execute(
                sa.insert(TOKENS),
                [{"round_id": 2, "token_hash": f"{i:064x}", "answered": i < 2} for i in range(3)],
            )
            rows = [
                {
                    "id": str(uuid.uuid4()),
                    "round_id": r,
                    "question_version": 1,
                    "question_key": key,
                    "value": value,
                    "text": None,
                }
                for r, key, value in (
                    (2, "emo_gehoord", 1),
                    (2, "emo_fouten", 2),
                    (2, "emo_gehoord", 3),
                    (2, "emo_fouten", 4),
                    (1, "emo_gehoord", 5),
                )
            ]
            rows.append(
                {
                    **rows[0],
                    "id": str(uuid.uuid4()),
                    "question_key": "emotioneel_open",
                    "value": None,
                    "text": "Tekst van persoon één.",
                }
            )
            connection.execute(sa.insert(ANSWERS), rows)
            old_open = _answers(connection, 2)
            old_closed = _answers(connection, 1)
        database.migrate()
        with database.engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("impact_rounds")}
            assert "secret" not in columns
            assert "impact_envelopes" in sa.inspect(connection).get_table_names()
            state = {r.id: r for r in connection.execute(sa.select(_rounds(secret=False)))}
            assert state[2].status == "gesloten" and state[2].respondents == 2
            assert state[2].closed_at is not None
            assert state[1].respondents == 5
            assert connection.scalar(sa.select(sa.func.count()).select_from(TOKENS)) == 0
            new_open = _answers(connection, 2)
            assert _content(new_open) == _content(old_open)
            assert not {r["id"] for r in new_open} & {r["id"] for r in old_open}
            assert all(uuid.UUID(r["id"]).version == 4 for r in new_open)
            assert _answers(connection, 1) == old_closed  # closed rounds are not touched
    finally:
        database.dispose()
    assert mine != before


def test_the_downgrade_closes_new_style_open_rounds_without_their_sealed_answers(
    empty_settings: Settings,
) -> None:
    _mine, before = _revisions()
    database = Database(empty_settings)
    try:
        database.migrate()
        envelopes = sa.table(
            "impact_envelopes",
            sa.column("id", sa.String()),
            sa.column("round_id", sa.Integer()),
            sa.column("sealed", sa.LargeBinary()),
        )
        with database.engine.begin() as connection:
            connection.execute(
                sa.insert(TEAMS).values(id=1, name="T", description="", created_at=NOW)
            )
            connection.execute(
                sa.insert(SETS).values(version=1, content=standard_content(), created_at=NOW)
            )
            connection.execute(
                sa.insert(_rounds(secret=False)).values(
                    id=1,
                    team_id=1,
                    number=1,
                    question_version=1,
                    status="open",
                    opened_at=NOW,
                    closed_at=None,
                    respondents=0,
                )
            )
            connection.execute(
                sa.insert(TOKENS).values(round_id=1, token_hash="f" * 64, answered=True)
            )
            connection.execute(
                sa.insert(envelopes).values(id=str(uuid.uuid4()), round_id=1, sealed=b"\x01" * 64)
            )
        database.downgrade(before)
        with database.engine.connect() as connection:
            assert "impact_envelopes" not in sa.inspect(connection).get_table_names()
            row = connection.execute(sa.select(_rounds(secret=True))).one()
            assert row.status == "gesloten" and row.respondents == 0 and row.secret is None
            assert connection.scalar(sa.select(sa.func.count()).select_from(TOKENS)) == 0
        database.migrate()
    finally:
        database.dispose()
