"""training: when check-the-AI items come back to a trainee (spaced retrieval)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_check_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["users.id"],
            name=op.f("fk_training_check_reviews_trainee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_check_reviews")),
        sa.UniqueConstraint(
            "trainee_id", "article_id", "seed", name="uq_training_check_reviews_item"
        ),
    )
    with op.batch_alter_table("training_check_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_check_reviews_due_at"), ["due_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_check_reviews_trainee_id"), ["trainee_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("training_check_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_check_reviews_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_training_check_reviews_due_at"))

    op.drop_table("training_check_reviews")
