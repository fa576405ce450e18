"""training: scenarios an opleider assigns to a trainee

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_scenario_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opleider_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(length=100), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["opleider_id"],
            ["users.id"],
            name=op.f("fk_training_scenario_assignments_opleider_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["users.id"],
            name=op.f("fk_training_scenario_assignments_trainee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_scenario_assignments")),
    )
    with op.batch_alter_table("training_scenario_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_scenario_assignments_trainee_id"), ["trainee_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("training_scenario_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_scenario_assignments_trainee_id"))
    op.drop_table("training_scenario_assignments")
