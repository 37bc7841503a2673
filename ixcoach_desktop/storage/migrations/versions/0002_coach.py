"""The coach: cadence maximum, focus, snooze, e-mails and phones, group conversations.

Revision ID: 0002_coach
Revises: 0001_initial
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_coach"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Adding a CHECK constraint rebuilds ``contacts`` (SQLite cannot add one
    # in place); the other columns are added in place.
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("overdue_days", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("focus", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("snoozed_until", sa.String(26), nullable=True))
        batch.add_column(sa.Column("emails", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("phones", sa.Text(), nullable=False, server_default=""))
        batch.create_check_constraint(
            "ck_contacts_overdue_after_ideal",
            "overdue_days IS NULL OR overdue_days >= cadence_days",
        )
    op.add_column("exchanges", sa.Column("conversation_id", sa.String(64), nullable=True))
    op.create_index("ix_exchanges_conversation_id", "exchanges", ["conversation_id"])


def downgrade() -> None:
    op.drop_index("ix_exchanges_conversation_id", table_name="exchanges")
    with op.batch_alter_table("exchanges") as batch:
        batch.drop_column("conversation_id")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_constraint("ck_contacts_overdue_after_ideal", type_="check")
        for column in ("phones", "emails", "snoozed_until", "focus", "overdue_days"):
            batch.drop_column(column)
