"""Tables ``contacts`` and ``exchanges`` as a typed SQLAlchemy 2.0 mapping.

The layout is documented for users in docs/journal-schema.md; keep both in step.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from ixcoach_desktop.storage.types import (
    from_db_text,
    lines_from_text,
    lines_to_text,
    to_db_text,
)

# Named constraints let Alembic's batch mode rebuild SQLite tables reliably.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC text ``YYYY-MM-DD HH:MM:SS.ffffff``."""

    impl = String(26)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Dialect) -> str | None:
        return None if value is None else to_db_text(value)

    def process_result_value(self, value: str | None, _dialect: Dialect) -> datetime | None:
        return None if value is None else from_db_text(value)


class TextLines(TypeDecorator[tuple[str, ...]]):
    """A tuple of one-line texts stored one per line, readable in the sqlite3 shell."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: tuple[str, ...] | None, _dialect: Dialect) -> str:
        return lines_to_text(value or ())

    def process_result_value(self, value: str | None, _dialect: Dialect) -> tuple[str, ...]:
        return lines_from_text(value or "")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ContactRow(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="friend")
    cadence_days: Mapped[int] = mapped_column(default=14)
    overdue_days: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)
    focus: Mapped[bool] = mapped_column(default=False)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    birthday: Mapped[date | None] = mapped_column(Date)
    emails: Mapped[tuple[str, ...]] = mapped_column(TextLines, default=())
    phones: Mapped[tuple[str, ...]] = mapped_column(TextLines, default=())
    vcard_uid: Mapped[str | None] = mapped_column(String(255), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_empty"),
        CheckConstraint("cadence_days >= 1", name="cadence_positive"),
        CheckConstraint(
            "overdue_days IS NULL OR overdue_days >= cadence_days", name="overdue_after_ideal"
        ),
    )


class ExchangeRow(Base):
    __tablename__ = "exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(20))
    opened_by: Mapped[str] = mapped_column(String(10))
    my_level: Mapped[int]
    their_level: Mapped[int]
    reception: Mapped[int | None]
    # Comma-separated topic keys ("tastes,work"): readable in the sqlite3 shell
    # and never queried by topic, so no join table is needed.
    topics: Mapped[str] = mapped_column(String(100), default="")
    my_emotional: Mapped[bool] = mapped_column(default=False)
    their_emotional: Mapped[bool] = mapped_column(default=False)
    what_i_shared: Mapped[str] = mapped_column(Text, default="")
    what_they_shared: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    stress_before: Mapped[int | None]
    stress_after: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("my_level BETWEEN 0 AND 5", name="my_level_range"),
        CheckConstraint("their_level BETWEEN 0 AND 5", name="their_level_range"),
        CheckConstraint("reception IS NULL OR reception BETWEEN 1 AND 5", name="reception_range"),
        CheckConstraint(
            "stress_before IS NULL OR stress_before BETWEEN 0 AND 10",
            name="stress_before_range",
        ),
        CheckConstraint(
            "stress_after IS NULL OR stress_after BETWEEN 0 AND 10",
            name="stress_after_range",
        ),
        # Serves the two hot queries: one contact's history in date order, and
        # each contact's latest exchange for the contacts pane.
        Index("ix_exchanges_contact_occurred", "contact_id", "occurred_at"),
    )
