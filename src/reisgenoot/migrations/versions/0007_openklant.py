"""openklant: delivery status per confirmed contact and keyed identifier hashes

``openklant_deliveries`` records whether a confirmed klantcontact reached Open Klant
(``niet_verzonden`` / ``verzonden`` / ``fout``), its attempts, the last (redacted) error and
the remote uuid/url. ``identifier_hashes`` holds HMAC-SHA256 digests of identifiers the
resident gave, never the plain values.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "identifier_hashes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("klantcontact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["klantcontact_id"],
            ["klantcontacten.id"],
            name=op.f("fk_identifier_hashes_klantcontact_id_klantcontacten"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identifier_hashes")),
        sa.UniqueConstraint(
            "klantcontact_id", "digest", name="uq_identifier_hashes_contact_digest"
        ),
    )
    op.create_index(
        op.f("ix_identifier_hashes_digest"), "identifier_hashes", ["digest"], unique=False
    )
    op.create_index(
        op.f("ix_identifier_hashes_klantcontact_id"),
        "identifier_hashes",
        ["klantcontact_id"],
        unique=False,
    )
    op.create_table(
        "openklant_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("klantcontact_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("remote_uuid", sa.String(length=36), nullable=True),
        sa.Column("remote_url", sa.String(length=1000), nullable=True),
        sa.Column("tasks_sent", sa.Integer(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["klantcontact_id"],
            ["klantcontacten.id"],
            name=op.f("fk_openklant_deliveries_klantcontact_id_klantcontacten"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_openklant_deliveries")),
        sa.UniqueConstraint(
            "klantcontact_id", name=op.f("uq_openklant_deliveries_klantcontact_id")
        ),
    )
    op.create_index(
        op.f("ix_openklant_deliveries_status"), "openklant_deliveries", ["status"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_openklant_deliveries_status"), table_name="openklant_deliveries")
    op.drop_table("openklant_deliveries")
    op.drop_index(op.f("ix_identifier_hashes_klantcontact_id"), table_name="identifier_hashes")
    op.drop_index(op.f("ix_identifier_hashes_digest"), table_name="identifier_hashes")
    op.drop_table("identifier_hashes")
