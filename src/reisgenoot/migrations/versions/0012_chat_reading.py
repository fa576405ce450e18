"""selfservice: keep the question's reading and a crisis-notice conflict with each exchange

``intent`` and ``situation`` (the question models' reading) let the chat acknowledge anger or
a complaint and offer a person; ``notice_conflict`` marks an answer held back because an
active crisis notice on its topic may say otherwise (for the redacteur); ``links`` the
articles that the answer's referrals ("Lees het artikel over …") mean.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("selfservice_exchanges") as batch:
        batch.add_column(sa.Column("intent", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("situation", sa.String(length=20), nullable=True))
        batch.add_column(
            sa.Column("notice_conflict", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("links", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("selfservice_exchanges") as batch:
        batch.drop_column("links")
        batch.drop_column("notice_conflict")
        batch.drop_column("situation")
        batch.drop_column("intent")
