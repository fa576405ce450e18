"""oversight: "eerst zelf, dan AI" per team; the Open Klant uuid and status of interne taken

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(
            sa.Column("self_first", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("interne_taken") as batch:
        batch.add_column(sa.Column("openklant_uuid", sa.String(36), nullable=True))
        batch.add_column(sa.Column("openklant_status", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interne_taken") as batch:
        batch.drop_column("openklant_status")
        batch.drop_column("openklant_uuid")
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("self_first")
