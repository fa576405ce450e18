"""signals: a teamleider's marks on signals (herkend, actie, ruis)

Marks hold a scope (team or municipality), the signal key and a redacted note; no user id.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signal_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=30), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("kanaal", sa.String(length=50), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("week_end", sa.Date(), nullable=False),
        sa.Column("mark", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_signal_marks_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_marks")),
        sa.UniqueConstraint(
            "scope", "kind", "topic", "kanaal", "week_start", name="uq_signal_marks_key"
        ),
    )
    with op.batch_alter_table("signal_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signal_marks_scope"), ["scope"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signal_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signal_marks_scope"))
    op.drop_table("signal_marks")
