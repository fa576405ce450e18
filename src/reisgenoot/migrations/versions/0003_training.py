"""training: practice sessions, turns, feedback, Elo ratings, check-the-AI, opleider assignments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 17:07:40.771282
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_scenario_ratings",
        sa.Column("scenario", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scenario", name=op.f("pk_training_scenario_ratings")),
    )
    op.create_table(
        "training_assignments",
        sa.Column("opleider_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["opleider_id"],
            ["users.id"],
            name=op.f("fk_training_assignments_opleider_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["users.id"],
            name=op.f("fk_training_assignments_trainee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("opleider_id", "trainee_id", name=op.f("pk_training_assignments")),
    )
    with op.batch_alter_table("training_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_assignments_trainee_id"), ["trainee_id"], unique=False
        )

    op.create_table(
        "training_check_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["users.id"],
            name=op.f("fk_training_check_attempts_trainee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_check_attempts")),
    )
    with op.batch_alter_table("training_check_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_check_attempts_trainee_id"), ["trainee_id"], unique=False
        )

    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(length=100), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("hints", sa.Boolean(), nullable=False),
        sa.Column("picked_by_path", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["users.id"],
            name=op.f("fk_training_sessions_trainee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
    )
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_sessions_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_training_sessions_trainee_id"), ["trainee_id"], unique=False
        )

    op.create_table(
        "training_skill_ratings",
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(length=30), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["users.id"],
            name=op.f("fk_training_skill_ratings_trainee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("trainee_id", "skill", name=op.f("pk_training_skill_ratings")),
    )
    op.create_table(
        "training_results",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("feedback", sa.JSON(), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_training_results_session_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_training_results")),
    )
    op.create_table(
        "training_turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("hint", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_training_turns_session_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_turns")),
        sa.UniqueConstraint("session_id", "position", name="uq_training_turns_order"),
    )
    with op.batch_alter_table("training_turns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_turns_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("training_turns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_turns_session_id"))

    op.drop_table("training_turns")
    op.drop_table("training_results")
    op.drop_table("training_skill_ratings")
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_sessions_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_training_sessions_status"))

    op.drop_table("training_sessions")
    with op.batch_alter_table("training_check_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_check_attempts_trainee_id"))

    op.drop_table("training_check_attempts")
    with op.batch_alter_table("training_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_assignments_trainee_id"))

    op.drop_table("training_assignments")
    op.drop_table("training_scenario_ratings")
