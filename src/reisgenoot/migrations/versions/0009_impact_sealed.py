"""impact: no round secret in the database; sealed envelopes while a round is open

The per-round secret (``impact_rounds.secret``) let anyone with the database files recompute
who had answered. Tokens are now keyed outside the database and open rounds keep their answers
in sealed envelopes (``impact_envelopes``) until they close.

Rounds still open at upgrade time used the old scheme and cannot be converted without the key,
so they are closed here, the way closing always worked: participants counted, answers rewritten
in one random order with new ids, tokens deleted, the secret erased (on SQLite with
``secure_delete``). Their teamleider can open a new round.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:00:00
"""

import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_rounds = sa.table(
    "impact_rounds",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("closed_at", sa.DateTime(timezone=True)),
    sa.column("respondents", sa.Integer()),
)
_tokens = sa.table(
    "impact_tokens",
    sa.column("round_id", sa.Integer()),
    sa.column("answered", sa.Boolean()),
)
_answers = sa.table(
    "impact_answers",
    sa.column("id", sa.String()),
    sa.column("round_id", sa.Integer()),
    sa.column("question_version", sa.Integer()),
    sa.column("question_key", sa.String()),
    sa.column("value", sa.Integer()),
    sa.column("text", sa.Text()),
)
_envelopes = sa.table("impact_envelopes", sa.column("round_id", sa.Integer()))


def _close_open_rounds(count_tokens: bool) -> None:
    """Close every open round: count, rewrite answers in random order, delete tokens."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("PRAGMA secure_delete = ON")
    shuffle = secrets.SystemRandom().shuffle
    open_ids = list(bind.scalars(sa.select(_rounds.c.id).where(_rounds.c.status == "open")))
    for round_id in open_ids:
        respondents = 0
        if count_tokens:
            respondents = int(
                bind.scalar(
                    sa.select(sa.func.count())
                    .select_from(_tokens)
                    .where(_tokens.c.round_id == round_id, _tokens.c.answered.is_(True))
                )
                or 0
            )
        rows = [
            dict(r._mapping)
            for r in bind.execute(
                sa.select(
                    _answers.c.question_version,
                    _answers.c.question_key,
                    _answers.c.value,
                    _answers.c.text,
                ).where(_answers.c.round_id == round_id)
            )
        ]
        bind.execute(sa.delete(_answers).where(_answers.c.round_id == round_id))
        shuffle(rows)
        if rows:
            bind.execute(
                sa.insert(_answers),
                [{**r, "id": str(uuid.uuid4()), "round_id": round_id} for r in rows],
            )
        bind.execute(sa.delete(_tokens).where(_tokens.c.round_id == round_id))
        bind.execute(
            sa.update(_rounds)
            .where(_rounds.c.id == round_id)
            .values(status="gesloten", closed_at=datetime.now(UTC), respondents=respondents)
        )


def upgrade() -> None:
    _close_open_rounds(count_tokens=True)
    # Overwrite, then drop in place. (A batch "copy and move" would drop and recreate
    # impact_rounds, and with SQLite's foreign keys on that cascades into answers and actions.)
    op.execute(sa.text("UPDATE impact_rounds SET secret = NULL"))
    op.execute(sa.text("ALTER TABLE impact_rounds DROP COLUMN secret"))

    op.create_table(
        "impact_envelopes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["impact_rounds.id"],
            name=op.f("fk_impact_envelopes_round_id_impact_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_impact_envelopes")),
    )
    with op.batch_alter_table("impact_envelopes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_impact_envelopes_round_id"), ["round_id"], unique=False
        )


def downgrade() -> None:
    # Sealed answers cannot be read without the key, which a migration does not have: open
    # rounds are closed without them (0 participants, so no report is shown).
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("PRAGMA secure_delete = ON")
    bind.execute(sa.delete(_envelopes))
    _close_open_rounds(count_tokens=False)
    with op.batch_alter_table("impact_envelopes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_impact_envelopes_round_id"))

    op.drop_table("impact_envelopes")
    op.add_column("impact_rounds", sa.Column("secret", sa.String(length=64), nullable=True))
