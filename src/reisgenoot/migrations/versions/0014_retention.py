"""privacy: retention periods set by the beheerder; the start of a trimmed audit chain

``retention_settings`` holds a beheerder's override of a kind's retention period (the default
is the setting). ``audit_base`` is the keyed record of the last audit event removed after its
retention period, where the chain's check starts (ADR 20).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retention_settings",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=150), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_retention_settings")),
    )
    op.create_table(
        "audit_base",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_base")),
    )


def downgrade() -> None:
    op.drop_table("audit_base")
    op.drop_table("retention_settings")
