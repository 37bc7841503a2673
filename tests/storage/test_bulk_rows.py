"""Bulk inserts build their stored tuples by hand: they must store what the ORM path stores.

And the stored form of a time, which both paths share, is fixed-width UTC text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import Channel, DepthLevel, Opener, Reception, Topic
from ixcoach_desktop.storage.journal import Journal, open_journal
from ixcoach_desktop.storage.mapping import EXCHANGE_COLUMNS
from ixcoach_desktop.storage.types import to_db_text

NOW = datetime(2026, 3, 1, 12, 0, 0, 250_000, tzinfo=UTC)
# Not UTC, and no microseconds: both change the stored text.
ELSEWHERE = timezone(timedelta(hours=5, minutes=30))


@pytest.fixture
def journal(data_dir: Path) -> Iterator[Journal]:
    opened = open_journal(data_dir)
    yield opened
    opened.close()


def _variety(contact_id: int) -> list[Exchange]:
    """Every kind of value each column takes: Nones, flags, topic sets, times in other zones."""
    return [
        Exchange(contact_id, NOW - timedelta(days=1), DepthLevel.NOTHING, DepthLevel.CORE, None),
        Exchange(
            contact_id,
            datetime(2024, 5, 1, 14, 30, tzinfo=ELSEWHERE),
            DepthLevel.CORE,
            DepthLevel.SURFACE,
            Reception.DEEPLY_UNDERSTOOD,
            channel=Channel.MESSAGE,
            opened_by=Opener.THEM,
            topics=frozenset({Topic.BODY, Topic.TASTES, Topic.MONEY}),
            my_emotional=True,
            their_emotional=True,
            what_i_shared="é and ✓",
            what_they_shared="x" * 300,
            notes="line\nbreak",
            stress_before=0,
            stress_after=10,
            created_at=datetime(2024, 5, 1, 9, 0, tzinfo=ELSEWHERE),
            updated_at=datetime(2024, 5, 2, 9, 0, 0, 1, tzinfo=UTC),
        ),
        Exchange(
            contact_id,
            datetime(1900, 1, 1, tzinfo=UTC),
            DepthLevel.PERSONAL,
            DepthLevel.PERSONAL,
            Reception.DISMISSIVE,
            topics=frozenset(Topic),
            their_emotional=True,
            stress_before=7,
            created_at=datetime(2020, 1, 1, tzinfo=UTC),
        ),
    ]


def _stored(journal: Journal) -> list[tuple[object, ...]]:
    with sqlite3.connect(journal.path) as connection:
        rows = connection.execute(f"SELECT {EXCHANGE_COLUMNS} FROM exchanges ORDER BY id")
        stored = [tuple(row) for row in rows]
    connection.close()
    return stored


def _contact(journal: Journal) -> int:
    with journal.unit_of_work() as uow:
        contact = uow.contacts.add(Contact(name="Ann"), NOW)
        uow.commit()
    assert contact.id is not None
    return contact.id


def test_add_many_stores_what_add_stores(journal: Journal) -> None:
    exchanges = _variety(_contact(journal))
    with journal.unit_of_work() as uow:
        for exchange in exchanges:
            uow.exchanges.add(exchange, NOW)
        uow.exchanges.add_many(exchanges, NOW)
        uow.commit()
    one_by_one, in_bulk = _stored(journal)[: len(exchanges)], _stored(journal)[len(exchanges) :]
    # Everything but the id, which SQLite picks for both.
    assert [row[1:] for row in in_bulk] == [row[1:] for row in one_by_one]
    assert [row[0] for row in in_bulk] == [4, 5, 6]


def test_restore_many_keeps_ids_and_update_times(journal: Journal) -> None:
    exchanges = [
        Exchange(
            e.contact_id,
            e.occurred_at,
            e.my_level,
            e.their_level,
            e.reception,
            e.channel,
            e.opened_by,
            e.topics,
            e.my_emotional,
            e.their_emotional,
            e.what_i_shared,
            e.what_they_shared,
            e.notes,
            e.stress_before,
            e.stress_after,
            id=ident,
            created_at=e.created_at,
            updated_at=e.updated_at,
        )
        for ident, e in zip((30, 10, 20), _variety(_contact(journal)), strict=True)
    ]
    with journal.unit_of_work() as uow:
        for exchange in exchanges:
            uow.exchanges.add(exchange, NOW)
        uow.commit()
    one_by_one = _stored(journal)
    with journal.unit_of_work() as uow:
        uow.exchanges.delete(10)
        uow.exchanges.delete(20)
        uow.exchanges.delete(30)
        uow.exchanges.restore_many(exchanges, NOW)
        uow.commit()
    restored = _stored(journal)
    # add() stamps updated_at with now; restore_many keeps the exchange's own when it has one.
    updated_at = EXCHANGE_COLUMNS.split(", ").index("updated_at")
    assert [row[:updated_at] for row in restored] == [row[:updated_at] for row in one_by_one]
    assert [row[updated_at] for row in restored] == [
        "2024-05-02 09:00:00.000001",
        "2026-03-01 12:00:00.250000",
        "2026-03-01 12:00:00.250000",
    ]


@pytest.mark.parametrize(
    ("moment", "stored"),
    [
        (datetime(2024, 5, 1, 14, 30, tzinfo=UTC), "2024-05-01 14:30:00.000000"),
        (datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "0999-01-02 03:04:05.000006"),
        (datetime(2024, 5, 1, 20, 0, 0, 5, tzinfo=ELSEWHERE), "2024-05-01 14:30:00.000005"),
        (datetime(2024, 1, 1, 2, 0, tzinfo=ELSEWHERE), "2023-12-31 20:30:00.000000"),
    ],
)
def test_times_are_stored_as_fixed_width_utc_text(moment: datetime, stored: str) -> None:
    assert to_db_text(moment) == stored


def test_naive_times_are_not_stored() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_db_text(datetime(2024, 5, 1))
