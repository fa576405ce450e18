"""impact: question sets, rounds, one-time tokens, anonymous answers, actions

Answers carry no user id, no time and no sequence (contracts §10); tokens only say
"answered" per person per round.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 17:21:46.859435
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "impact_question_sets",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_impact_question_sets")),
    )
    op.create_table(
        "impact_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("question_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("secret", sa.String(length=64), nullable=True),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_version"],
            ["impact_question_sets.version"],
            name=op.f("fk_impact_rounds_question_version_impact_question_sets"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_impact_rounds_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_impact_rounds")),
        sa.UniqueConstraint("team_id", "number", name="uq_impact_rounds_team_number"),
    )
    with op.batch_alter_table("impact_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_impact_rounds_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_impact_rounds_team_id"), ["team_id"], unique=False)

    op.create_table(
        "impact_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_role", sa.String(length=60), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["impact_rounds.id"],
            name=op.f("fk_impact_actions_round_id_impact_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_impact_actions_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_impact_actions")),
    )
    with op.batch_alter_table("impact_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_impact_actions_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_impact_actions_team_id"), ["team_id"], unique=False)

    op.create_table(
        "impact_answers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question_version", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["impact_rounds.id"],
            name=op.f("fk_impact_answers_round_id_impact_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_impact_answers")),
    )
    with op.batch_alter_table("impact_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_impact_answers_round_id"), ["round_id"], unique=False)

    op.create_table(
        "impact_tokens",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["impact_rounds.id"],
            name=op.f("fk_impact_tokens_round_id_impact_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "token_hash", name=op.f("pk_impact_tokens")),
    )


def downgrade() -> None:
    op.drop_table("impact_tokens")
    with op.batch_alter_table("impact_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_impact_answers_round_id"))

    op.drop_table("impact_answers")
    with op.batch_alter_table("impact_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_impact_actions_team_id"))
        batch_op.drop_index(batch_op.f("ix_impact_actions_round_id"))

    op.drop_table("impact_actions")
    with op.batch_alter_table("impact_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_impact_rounds_team_id"))
        batch_op.drop_index(batch_op.f("ix_impact_rounds_status"))

    op.drop_table("impact_rounds")
    op.drop_table("impact_question_sets")
