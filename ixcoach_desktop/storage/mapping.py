"""Conversion between stored rows and domain values; nothing above storage sees a row.

ORM rows (ContactRow, ExchangeRow) serve writes; plain tuples straight from
the driver serve reads (see reading.py), so this module must not import the
ORM at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from ixcoach_desktop.domain.models import Contact, Exchange, ExchangePoint
from ixcoach_desktop.domain.scales import (
    Channel,
    DepthLevel,
    Opener,
    Reception,
    RelationshipKind,
    Topic,
)
from ixcoach_desktop.storage.types import UTC_SUFFIX, from_db_text, to_db_text

if TYPE_CHECKING:
    from ixcoach_desktop.storage.orm import ContactRow, ExchangeRow

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")

# Column order of the stored tuples read by contact_from_columns and
# exchange_from_columns (the tables' own order, see orm.py).
CONTACT_COLUMNS = (
    "id, name, kind, cadence_days, notes, archived, birthday, vcard_uid, created_at, updated_at"
)
EXCHANGE_COLUMNS = (
    "id, contact_id, occurred_at, channel, opened_by, my_level, their_level, reception, "
    "topics, my_emotional, their_emotional, what_i_shared, what_they_shared, notes, "
    "stress_before, stress_after, created_at, updated_at"
)
# The stored columns a point is made of (see point_from_columns).
POINT_SOURCE_COLUMNS = (
    "id, occurred_at, topics, my_level, their_level, reception, my_emotional, "
    "their_emotional, opened_by"
)
# Levels (0-5) and reception (1-5, or none) take three bits each, the two
# flags one each, and the opener the bits above: SQLite packs them into one
# integer, so a long history crosses into Python as four values a row, not nine.
_OPENER_CODE = " ".join(f"WHEN '{o.value}' THEN {code}" for code, o in enumerate(Opener))
_PACKED_FACTS = (
    "my_level + 8 * their_level + 64 * coalesce(reception, 0) + 512 * my_emotional "
    f"+ 1024 * their_emotional + 2048 * (CASE opened_by {_OPENER_CODE} END)"
)
# Column order of the tuples read by point_from_columns, over POINT_SOURCE_COLUMNS.
POINT_COLUMNS = f"id, occurred_at, topics, {_PACKED_FACTS}"


def contact_from_row(row: ContactRow) -> Contact:
    return Contact(
        id=row.id,
        name=row.name,
        kind=RelationshipKind(row.kind),
        cadence_days=row.cadence_days,
        notes=row.notes,
        archived=row.archived,
        birthday=row.birthday,
        vcard_uid=row.vcard_uid,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


_KINDS = {k.value: k for k in RelationshipKind}


def contact_from_columns(row: Sequence[Any]) -> Contact:
    """A Contact from a stored tuple in CONTACT_COLUMNS order."""
    (id_, name, kind, cadence_days, notes, archived, birthday, vcard_uid, created, updated) = row
    return Contact(
        id=id_,
        name=name,
        kind=_KINDS[kind],
        cadence_days=cadence_days,
        notes=notes,
        archived=bool(archived),
        birthday=None if birthday is None else date.fromisoformat(birthday),
        vcard_uid=vcard_uid,
        created_at=from_db_text(created),
        updated_at=from_db_text(updated),
    )


def fill_contact_row(row: ContactRow, contact: Contact) -> None:
    row.name = contact.name
    row.kind = contact.kind.value
    row.cadence_days = contact.cadence_days
    row.notes = contact.notes
    row.archived = contact.archived
    row.birthday = contact.birthday
    row.vcard_uid = contact.vcard_uid


_TOPIC_TEXTS: dict[frozenset[Topic], str] = {}


def topics_to_text(topics: frozenset[Topic]) -> str:
    # Declaration order, so the stored text is stable and diff-friendly;
    # cached because there are only 64 possible sets.
    text = _TOPIC_TEXTS.get(topics)
    if text is None:
        text = _TOPIC_TEXTS[topics] = ",".join(t.value for t in Topic if t in topics)
    return text


def topics_from_text(value: str) -> frozenset[Topic]:
    return frozenset(Topic(part) for part in value.split(",") if part)


# Enum lookups by stored value: calling the Enum class costs about a
# microsecond per value, which adds up over a history of thousands.
_LEVELS = {int(level): level for level in DepthLevel}
_RECEPTIONS: dict[int | None, Reception | None] = {int(r): r for r in Reception} | {None: None}
_CHANNELS = {c.value: c for c in Channel}
_OPENERS = {o.value: o for o in Opener}


class _Decoded(dict[_Key, _Value]):
    """Decoded values by stored value, each decoded the first time it is looked up.

    A journal holds only a few dozen distinct topic texts and packed facts,
    so after the first rows every lookup is a plain dict hit.
    """

    def __init__(self, decode: Callable[[_Key], _Value]) -> None:
        super().__init__()
        self._decode = decode

    def __missing__(self, stored: _Key) -> _Value:
        decoded = self[stored] = self._decode(stored)
        return decoded


_TOPIC_SETS = _Decoded(topics_from_text)


def exchange_from_columns(row: Sequence[Any]) -> Exchange:
    """An Exchange from a stored tuple in EXCHANGE_COLUMNS order, times still text.

    The fast path for long histories: no ORM identity map, no attribute
    instrumentation, cached enum lookups.
    """
    (
        id_,
        contact_id,
        occurred_at,
        channel,
        opened_by,
        my_level,
        their_level,
        reception,
        topics,
        my_emotional,
        their_emotional,
        what_i_shared,
        what_they_shared,
        notes,
        stress_before,
        stress_after,
        created_at,
        updated_at,
    ) = row
    return Exchange(
        contact_id,
        from_db_text(occurred_at),
        _LEVELS[my_level],
        _LEVELS[their_level],
        _RECEPTIONS[reception],
        _CHANNELS[channel],
        _OPENERS[opened_by],
        _TOPIC_SETS[topics],
        bool(my_emotional),
        bool(their_emotional),
        what_i_shared,
        what_they_shared,
        notes,
        stress_before,
        stress_after,
        id_,
        from_db_text(created_at),
        from_db_text(updated_at),
    )


_FactsTail = tuple[DepthLevel, DepthLevel, Reception | None, Opener, bool, bool]


def _unpack(packed: int) -> _FactsTail:
    return (
        _LEVELS[packed & 7],
        _LEVELS[packed >> 3 & 7],
        _RECEPTIONS[packed >> 6 & 7 or None],
        list(Opener)[packed >> 11],
        bool(packed & 512),
        bool(packed & 1024),
    )


_UNPACKED = _Decoded(_unpack)


def point_from_columns(row: Sequence[Any]) -> ExchangePoint:
    """An ExchangePoint from a stored tuple in POINT_COLUMNS order."""
    return points_from_rows([row])[0]


def points_from_rows(rows: Iterable[Sequence[Any]]) -> list[ExchangePoint]:
    """ExchangePoints from stored tuples in POINT_COLUMNS order.

    The hot loop of opening a long history: tuples are built directly and
    every decoded part comes from a cache, about 0.5 µs a row.
    """
    unpacked, topic_sets, parse = _UNPACKED, _TOPIC_SETS, datetime.fromisoformat
    return [
        tuple.__new__(
            ExchangePoint,
            (id_, parse(occurred_at + UTC_SUFFIX), topic_sets[topics]) + unpacked[packed],
        )
        for id_, occurred_at, topics, packed in rows
    ]


def exchange_from_row(row: ExchangeRow) -> Exchange:
    return Exchange(
        id=row.id,
        contact_id=row.contact_id,
        occurred_at=row.occurred_at,
        channel=Channel(row.channel),
        opened_by=Opener(row.opened_by),
        my_level=DepthLevel(row.my_level),
        their_level=DepthLevel(row.their_level),
        reception=None if row.reception is None else Reception(row.reception),
        topics=topics_from_text(row.topics),
        my_emotional=row.my_emotional,
        their_emotional=row.their_emotional,
        what_i_shared=row.what_i_shared,
        what_they_shared=row.what_they_shared,
        notes=row.notes,
        stress_before=row.stress_before,
        stress_after=row.stress_after,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def exchange_columns(exchange: Exchange) -> dict[str, Any]:
    """The stored column values of an exchange's user-editable fields."""
    return {
        "contact_id": exchange.contact_id,
        "occurred_at": exchange.occurred_at,
        "channel": exchange.channel.value,
        "opened_by": exchange.opened_by.value,
        "my_level": int(exchange.my_level),
        "their_level": int(exchange.their_level),
        "reception": None if exchange.reception is None else int(exchange.reception),
        "topics": topics_to_text(exchange.topics),
        "my_emotional": exchange.my_emotional,
        "their_emotional": exchange.their_emotional,
        "what_i_shared": exchange.what_i_shared,
        "what_they_shared": exchange.what_they_shared,
        "notes": exchange.notes,
        "stress_before": exchange.stress_before,
        "stress_after": exchange.stress_after,
    }


def fill_exchange_row(row: ExchangeRow, exchange: Exchange) -> None:
    for key, value in exchange_columns(exchange).items():
        setattr(row, key, value)


# Stored keys by member, for bulk inserts: a dict hit instead of the Enum
# ``value`` property, which is a Python-level call.
_CHANNEL_KEYS = {c: c.value for c in Channel}
_OPENER_KEYS = {o: o.value for o in Opener}


def exchange_rows(
    exchanges: Iterable[Exchange], now: datetime, *, restore: bool
) -> list[tuple[Any, ...]]:
    """Stored tuples, in EXCHANGE_COLUMNS order, for a bulk insert of ``exchanges``.

    ``restore`` keeps each exchange's id and updated_at when given (a JSON
    export coming back); otherwise SQLite numbers the rows and updated_at is
    ``now``. created_at is kept when given, else ``now``.

    The values are what the ORM path stores (exchange_columns through the
    column types: UTC text, 0 and 1), built in one pass because SQLAlchemy's
    bind processors cost more than the insert itself at 100,000 rows;
    tests/storage/test_bulk_rows.py holds the two paths to the same rows.
    """
    stamp = to_db_text(now)
    return [
        (
            e.id if restore else None,
            e.contact_id,
            to_db_text(e.occurred_at),
            _CHANNEL_KEYS[e.channel],
            _OPENER_KEYS[e.opened_by],
            int(e.my_level),
            int(e.their_level),
            None if e.reception is None else int(e.reception),
            topics_to_text(e.topics),
            int(e.my_emotional),
            int(e.their_emotional),
            e.what_i_shared,
            e.what_they_shared,
            e.notes,
            e.stress_before,
            e.stress_after,
            stamp if e.created_at is None else to_db_text(e.created_at),
            stamp if not restore or e.updated_at is None else to_db_text(e.updated_at),
        )
        for e in exchanges
    ]
