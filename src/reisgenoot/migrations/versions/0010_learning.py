"""learning: examples from confirmed work and versions of learned models

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learning_examples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("capability", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.JSON(), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("klantcontact_id", sa.Integer(), nullable=True),
        sa.Column("exchange_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["klantcontact_id"],
            ["klantcontacten.id"],
            name=op.f("fk_learning_examples_klantcontact_id_klantcontacten"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["selfservice_exchanges.id"],
            name=op.f("fk_learning_examples_exchange_id_selfservice_exchanges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_examples")),
    )
    with op.batch_alter_table("learning_examples", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learning_examples_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_learning_examples_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_learning_examples_klantcontact_id"), ["klantcontact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_learning_examples_exchange_id"), ["exchange_id"], unique=False
        )

    op.create_table(
        "learning_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner", sa.String(length=60), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_versions")),
        sa.UniqueConstraint("learner", "number", name=op.f("uq_learning_versions_learner")),
    )
    with op.batch_alter_table("learning_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learning_versions_learner"), ["learner"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("learning_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_versions_learner"))
    op.drop_table("learning_versions")
    with op.batch_alter_table("learning_examples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_examples_exchange_id"))
        batch_op.drop_index(batch_op.f("ix_learning_examples_klantcontact_id"))
        batch_op.drop_index(batch_op.f("ix_learning_examples_created_at"))
        batch_op.drop_index(batch_op.f("ix_learning_examples_kind"))
    op.drop_table("learning_examples")
