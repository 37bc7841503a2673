"""Conversion between stored rows and domain values; nothing above storage sees a row.

ORM rows (ContactRow, ExchangeRow) serve writes; plain tuples straight from
the driver serve reads (see queries.py), so this module must not import the
ORM at run time. The columns are the records' fields (domain.models
CONTACT_FIELDS, EXCHANGE_FIELDS), in that order; only the fields whose
stored form differs from the domain value have a conversion here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from ixcoach_desktop.domain.models import (
    CONTACT_FIELDS,
    EXCHANGE_FIELDS,
    EXCHANGE_USER_FIELDS,
    POINT_FIELDS,
    Contact,
    Exchange,
    ExchangePoint,
)
from ixcoach_desktop.domain.record_code import builder, values_reader
from ixcoach_desktop.domain.scales import (
    Channel,
    DepthLevel,
    Opener,
    Reception,
    RelationshipKind,
    Topic,
    by_value,
    topic_keys,
    topic_set,
)
from ixcoach_desktop.storage.types import (
    UTC_SUFFIX,
    from_db_text,
    lines_from_text,
    optional_from_db_text,
    to_db_text,
)

if TYPE_CHECKING:
    from ixcoach_desktop.storage.orm import ContactRow, ExchangeRow

_Record = TypeVar("_Record", Contact, Exchange)
_Convert = Callable[[Any], Any]

# Column lists of the SELECTs and INSERTs, in the records' field order.
CONTACT_COLUMNS = ", ".join(CONTACT_FIELDS)
EXCHANGE_COLUMNS = ", ".join(EXCHANGE_FIELDS)
POINT_COLUMNS = ", ".join(POINT_FIELDS)

_LEVELS = by_value(DepthLevel)
_RECEPTIONS = by_value(Reception)
_CHANNELS = by_value(Channel)
_OPENERS = by_value(Opener)
_KINDS = by_value(RelationshipKind)


def topics_to_text(topics: frozenset[Topic]) -> str:
    """Comma-separated keys in declaration order, so the stored text is stable."""
    return ",".join(topic_keys(topics))


def topics_from_text(value: str) -> frozenset[Topic]:
    return topic_set(tuple(value.split(",")) if value else ())


def _reception(value: int | None) -> Reception | None:
    return None if value is None else _RECEPTIONS[value]


def _stored_reception(value: Reception | None) -> int | None:
    return None if value is None else int(value)


def _stored_key(member: Channel | Opener) -> str:
    return member.value


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


# Stored value -> domain value, for the fields that differ. The ORM has
# already turned times, dates and flags into Python values; the driver's
# plain tuples still hold them as text and 0/1.
_CONTACT_FROM_ORM: dict[str, _Convert] = {"kind": _KINDS.__getitem__}
_CONTACT_FROM_COLUMNS: dict[str, _Convert] = _CONTACT_FROM_ORM | {
    "archived": bool,
    "focus": bool,
    "snoozed_until": optional_from_db_text,
    "emails": lines_from_text,
    "phones": lines_from_text,
    "birthday": _day,
    "created_at": from_db_text,
    "updated_at": from_db_text,
}
_EXCHANGE_FROM_ORM: dict[str, _Convert] = {
    "channel": _CHANNELS.__getitem__,
    "opened_by": _OPENERS.__getitem__,
    "my_level": _LEVELS.__getitem__,
    "their_level": _LEVELS.__getitem__,
    "reception": _reception,
    "topics": topics_from_text,
}
_EXCHANGE_FROM_COLUMNS: dict[str, _Convert] = _EXCHANGE_FROM_ORM | {
    "occurred_at": from_db_text,
    "my_emotional": bool,
    "their_emotional": bool,
    "created_at": from_db_text,
    "updated_at": from_db_text,
}
# Domain value -> what the ORM stores (its column types do the times and flags).
_EXCHANGE_TO_ORM: dict[str, _Convert] = {
    "channel": _stored_key,
    "opened_by": _stored_key,
    "my_level": int,
    "their_level": int,
    "reception": _stored_reception,
    "topics": topics_to_text,
}


def _keep(value: Any) -> Any:
    return value


def _decoder(
    record: Callable[..., _Record], fields: Sequence[str], conversions: Mapping[str, _Convert]
) -> Callable[[Sequence[Any]], _Record]:
    """A function building ``record`` by keyword from values in ``fields`` order."""
    return builder(record, fields, conversions)


contact_from_columns = _decoder(Contact, CONTACT_FIELDS, _CONTACT_FROM_COLUMNS)
"""A Contact from a stored tuple in CONTACT_COLUMNS order."""
exchange_from_columns = _decoder(Exchange, EXCHANGE_FIELDS, _EXCHANGE_FROM_COLUMNS)
"""An Exchange from a stored tuple in EXCHANGE_COLUMNS order, times still text."""
_contact_from_orm = _decoder(Contact, CONTACT_FIELDS, _CONTACT_FROM_ORM)
_exchange_from_orm = _decoder(Exchange, EXCHANGE_FIELDS, _EXCHANGE_FROM_ORM)


_contact_values = attrgetter(*CONTACT_FIELDS)
_exchange_values = attrgetter(*EXCHANGE_FIELDS)


def contact_from_row(row: ContactRow) -> Contact:
    return _contact_from_orm(_contact_values(row))


def exchange_from_row(row: ExchangeRow) -> Exchange:
    return _exchange_from_orm(_exchange_values(row))


def fill_contact_row(row: ContactRow, contact: Contact) -> None:
    for name in CONTACT_FIELDS:
        if name not in ("id", "created_at", "updated_at"):
            value = getattr(contact, name)
            setattr(row, name, value.value if name == "kind" else value)


def exchange_columns(exchange: Exchange) -> dict[str, Any]:
    """The stored column values of an exchange's user-editable fields (through the ORM)."""
    return {
        name: _EXCHANGE_TO_ORM.get(name, _keep)(getattr(exchange, name))
        for name in EXCHANGE_USER_FIELDS
    }


def fill_exchange_row(row: ExchangeRow, exchange: Exchange) -> None:
    for key, value in exchange_columns(exchange).items():
        setattr(row, key, value)


def points_from_rows(rows: Iterable[Sequence[Any]]) -> list[ExchangePoint]:
    """ExchangePoints from stored tuples in POINT_COLUMNS order.

    The hot loop of opening a long history, so written out rather than built
    from the conversion tables: every decoded part is a dict hit, and the
    time is parsed with its offset appended (see types.UTC_SUFFIX).
    """
    parse, topics_of = datetime.fromisoformat, topics_from_text
    levels, openers, receptions = _LEVELS, _OPENERS, _RECEPTIONS
    return [
        ExchangePoint(
            id=id_,
            occurred_at=parse(occurred_at + UTC_SUFFIX),
            topics=topics_of(topics),
            my_level=levels[my_level],
            their_level=levels[their_level],
            reception=None if reception is None else receptions[reception],
            opened_by=openers[opened_by],
            my_emotional=bool(my_emotional),
            their_emotional=bool(their_emotional),
        )
        for (
            id_,
            occurred_at,
            topics,
            my_level,
            their_level,
            reception,
            opened_by,
            my_emotional,
            their_emotional,
        ) in rows
    ]


# Exchange -> stored tuple value for a bulk insert, for the fields that differ
# from what the ORM stores: times as text and flags as 0/1.
_EXCHANGE_TO_COLUMNS: dict[str, _Convert] = _EXCHANGE_TO_ORM | {
    "occurred_at": to_db_text,
    "my_emotional": int,
    "their_emotional": int,
}
_user_columns = values_reader(EXCHANGE_USER_FIELDS, _EXCHANGE_TO_COLUMNS)


def exchange_rows(
    exchanges: Iterable[Exchange], now: datetime, *, restore: bool
) -> list[tuple[Any, ...]]:
    """Stored tuples, in EXCHANGE_COLUMNS order, for a bulk insert of ``exchanges``.

    ``restore`` keeps each exchange's id and updated_at when given (a JSON
    export coming back); otherwise SQLite numbers the rows and updated_at is
    ``now``. created_at is kept when given, else ``now``.

    The values are what the ORM path stores (exchange_columns through the
    column types: UTC text, 0 and 1), built in one pass because SQLAlchemy's
    bind processors cost more than the insert itself in a large import;
    tests/storage/test_bulk_rows.py holds the two paths to the same rows.
    """
    stamp = to_db_text(now)
    return [
        (
            e.id if restore else None,
            *_user_columns(e),
            stamp if e.created_at is None else to_db_text(e.created_at),
            stamp if not restore or e.updated_at is None else to_db_text(e.updated_at),
        )
        for e in exchanges
    ]
