"""accounts: logins via the organisation (OpenID Connect) that are under way

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oidc_login_states",
        sa.Column("state_hash", sa.String(64), primary_key=True),
        sa.Column("nonce", sa.String(128), nullable=False),
        sa.Column("code_verifier", sa.String(128), nullable=False),
        sa.Column("next_path", sa.String(2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_oidc_login_states_created_at", "oidc_login_states", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_oidc_login_states_created_at", table_name="oidc_login_states")
    op.drop_table("oidc_login_states")
