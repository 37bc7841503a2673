"""The first journal: contacts and exchanges.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("vcard_uid", sa.String(255), nullable=True),
        sa.Column("created_at", sa.String(26), nullable=False),
        sa.Column("updated_at", sa.String(26), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name="ck_contacts_name_not_empty"),
        sa.CheckConstraint("cadence_days >= 1", name="ck_contacts_cadence_positive"),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
    )
    op.create_index("ix_contacts_vcard_uid", "contacts", ["vcard_uid"])
    op.create_table(
        "exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.String(26), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("opened_by", sa.String(10), nullable=False),
        sa.Column("my_level", sa.Integer(), nullable=False),
        sa.Column("their_level", sa.Integer(), nullable=False),
        sa.Column("reception", sa.Integer(), nullable=True),
        sa.Column("topics", sa.String(100), nullable=False),
        sa.Column("my_emotional", sa.Boolean(), nullable=False),
        sa.Column("their_emotional", sa.Boolean(), nullable=False),
        sa.Column("what_i_shared", sa.Text(), nullable=False),
        sa.Column("what_they_shared", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("stress_before", sa.Integer(), nullable=True),
        sa.Column("stress_after", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(26), nullable=False),
        sa.Column("updated_at", sa.String(26), nullable=False),
        sa.CheckConstraint("my_level BETWEEN 0 AND 5", name="ck_exchanges_my_level_range"),
        sa.CheckConstraint("their_level BETWEEN 0 AND 5", name="ck_exchanges_their_level_range"),
        sa.CheckConstraint(
            "reception IS NULL OR reception BETWEEN 1 AND 5",
            name="ck_exchanges_reception_range",
        ),
        sa.CheckConstraint(
            "stress_before IS NULL OR stress_before BETWEEN 0 AND 10",
            name="ck_exchanges_stress_before_range",
        ),
        sa.CheckConstraint(
            "stress_after IS NULL OR stress_after BETWEEN 0 AND 10",
            name="ck_exchanges_stress_after_range",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name="fk_exchanges_contact_id_contacts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_exchanges"),
    )
    op.create_index("ix_exchanges_contact_occurred", "exchanges", ["contact_id", "occurred_at"])


def downgrade() -> None:
    op.drop_index("ix_exchanges_contact_occurred", table_name="exchanges")
    op.drop_table("exchanges")
    op.drop_index("ix_contacts_vcard_uid", table_name="contacts")
    op.drop_table("contacts")
