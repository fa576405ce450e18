"""knowledge index: stored section embeddings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "knowledge_section_embeddings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=50), nullable=False),
        sa.Column("model_id", sa.String(length=200), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_knowledge_section_embeddings_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_section_embeddings")),
        sa.UniqueConstraint("article_id", "section", "model_id", name="uq_section_embedding"),
    )
    with op.batch_alter_table("knowledge_section_embeddings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_knowledge_section_embeddings_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_knowledge_section_embeddings_model_id"), ["model_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("knowledge_section_embeddings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_section_embeddings_model_id"))
        batch_op.drop_index(batch_op.f("ix_knowledge_section_embeddings_article_id"))
    op.drop_table("knowledge_section_embeddings")
