"""How times are stored: text that keeps the file readable with the sqlite3 shell."""

from __future__ import annotations

from datetime import UTC, datetime

# Fixed-width UTC text, "YYYY-MM-DD HH:MM:SS.ffffff", sorts chronologically as
# plain strings, so indexes on it serve "newest first" queries and `sqlite3`
# users see readable times.


def to_db_text(value: datetime) -> str:
    """The stored form of an aware datetime: UTC, fixed width."""
    if value.tzinfo is UTC:
        # Already UTC (every stored and parsed time): no conversion to make.
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; attach a time zone")
    # isoformat with fixed microseconds is the stored format, several times
    # faster than strftime, which counts in bulk imports.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


# Stored times are UTC; fromisoformat with this offset appended is about five
# times faster than parsing and then replacing tzinfo, and long histories
# parse thousands.
UTC_SUFFIX = "+00:00"


def from_db_text(value: str) -> datetime:
    return datetime.fromisoformat(value + UTC_SUFFIX)
