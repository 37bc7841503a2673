"""How times and lists are stored: text that keeps the file readable with the sqlite3 shell."""

from __future__ import annotations

from datetime import datetime

from ixcoach_desktop.domain.models import utc_isoformat

# Fixed-width UTC text, "YYYY-MM-DD HH:MM:SS.ffffff", sorts chronologically as
# plain strings, so indexes on it serve "newest first" queries and `sqlite3`
# users see readable times.


def to_db_text(value: datetime) -> str:
    """The stored form of an aware datetime: UTC, fixed width."""
    return utc_isoformat(value, " ", "microseconds")


# Stored times are UTC; parsing with this offset appended is much faster than
# parsing and then replacing tzinfo, and long histories parse thousands.
UTC_SUFFIX = "+00:00"


def from_db_text(value: str) -> datetime:
    return datetime.fromisoformat(value + UTC_SUFFIX)


def optional_from_db_text(value: str | None) -> datetime | None:
    return None if value is None else from_db_text(value)


# E-mail addresses and phone numbers are kept one per line (validation
# refuses line breaks inside one), so a person's list stays one column.


def lines_to_text(values: tuple[str, ...]) -> str:
    return "\n".join(values)


def lines_from_text(value: str) -> tuple[str, ...]:
    return tuple(value.split("\n")) if value else ()
