"""jobs: the PostgreSQL job queue (procrastinate's schema); nothing on SQLite

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 20:00:00
"""

from collections.abc import Sequence

from alembic import op

from reisgenoot.jobs import schema

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    schema.apply(op.get_bind())


def downgrade() -> None:
    schema.drop(op.get_bind())
