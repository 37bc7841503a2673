"""Column types that keep the file readable with the sqlite3 shell."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

# Fixed-width UTC text, "YYYY-MM-DD HH:MM:SS.ffffff", sorts chronologically as
# plain strings, so indexes on it serve "newest first" queries and `sqlite3`
# users see readable times.


def to_db_text(value: datetime) -> str:
    """The stored form of an aware datetime: UTC, fixed width."""
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; attach a time zone")
    # isoformat with fixed microseconds is the stored format, several times
    # faster than strftime, which counts in bulk imports.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def from_db_text(value: str) -> datetime:
    # fromisoformat with the offset appended is about five times faster than
    # parsing and then replacing tzinfo, and long histories parse thousands.
    return datetime.fromisoformat(value + "+00:00")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC text ``YYYY-MM-DD HH:MM:SS.ffffff``."""

    impl = String(26)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else to_db_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else from_db_text(value)
