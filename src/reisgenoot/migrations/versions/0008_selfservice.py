"""selfservice: anonymous chats, exchanges and ratings

Questions are stored redacted; a chat is known only by the hash of its cookie token.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 03:43:35.573929
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "selfservice_chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("klantcontact_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["klantcontact_id"],
            ["klantcontacten.id"],
            name=op.f("fk_selfservice_chats_klantcontact_id_klantcontacten"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selfservice_chats")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_selfservice_chats_token_hash")),
    )
    with op.batch_alter_table("selfservice_chats", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_selfservice_chats_started_at"), ["started_at"], unique=False
        )

    op.create_table(
        "selfservice_exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("handoff", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("b1", sa.Boolean(), nullable=True),
        sa.Column("b1_reasons", sa.JSON(), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=True),
        sa.Column("topic", sa.String(length=200), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("notices", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["selfservice_chats.id"],
            name=op.f("fk_selfservice_exchanges_chat_id_selfservice_chats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selfservice_exchanges")),
    )
    with op.batch_alter_table("selfservice_exchanges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_selfservice_exchanges_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_selfservice_exchanges_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_selfservice_exchanges_chat_id"), ["chat_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_selfservice_exchanges_reason"), ["reason"], unique=False
        )

    op.create_table(
        "selfservice_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["selfservice_exchanges.id"],
            name=op.f("fk_selfservice_ratings_exchange_id_selfservice_exchanges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selfservice_ratings")),
        sa.UniqueConstraint("exchange_id", name=op.f("uq_selfservice_ratings_exchange_id")),
    )
    with op.batch_alter_table("selfservice_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_selfservice_ratings_at"), ["at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("selfservice_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_selfservice_ratings_at"))

    op.drop_table("selfservice_ratings")
    with op.batch_alter_table("selfservice_exchanges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_selfservice_exchanges_reason"))
        batch_op.drop_index(batch_op.f("ix_selfservice_exchanges_chat_id"))
        batch_op.drop_index(batch_op.f("ix_selfservice_exchanges_at"))
        batch_op.drop_index(batch_op.f("ix_selfservice_exchanges_article_id"))

    op.drop_table("selfservice_exchanges")
    with op.batch_alter_table("selfservice_chats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_selfservice_chats_started_at"))

    op.drop_table("selfservice_chats")
