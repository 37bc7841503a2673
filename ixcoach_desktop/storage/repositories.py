"""Repositories: queries and changes inside a unit of work. They never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ixcoach_desktop.domain.failures import NotFoundError
from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.storage.mapping import (
    EXCHANGE_COLUMNS,
    contact_from_row,
    exchange_from_row,
    exchange_rows,
    fill_contact_row,
    fill_exchange_row,
)
from ixcoach_desktop.storage.orm import ContactRow, ExchangeRow

_INSERT_EXCHANGES = (
    f"INSERT INTO exchanges ({EXCHANGE_COLUMNS}) "
    f"VALUES ({', '.join('?' for _ in EXCHANGE_COLUMNS.split(', '))})"
)


class ContactRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, contact_id: int) -> ContactRow:
        row = self._session.get(ContactRow, contact_id)
        if row is None:
            raise NotFoundError(f"There is no contact with id {contact_id}.")
        return row

    def get(self, contact_id: int) -> Contact:
        return contact_from_row(self._row(contact_id))

    def add(self, contact: Contact, now: datetime) -> Contact:
        row = ContactRow(created_at=contact.created_at or now, updated_at=now)
        if contact.id is not None:
            row.id = contact.id
        fill_contact_row(row, contact)
        self._session.add(row)
        self._session.flush()
        return contact_from_row(row)

    def update(self, contact: Contact, now: datetime) -> Contact:
        if contact.id is None:
            raise ValueError("an unsaved contact cannot be updated")
        row = self._row(contact.id)
        fill_contact_row(row, contact)
        row.updated_at = now
        self._session.flush()
        return contact_from_row(row)

    def count(self) -> int:
        return self._session.scalar(select(func.count(ContactRow.id))) or 0

    def add_many(self, contacts: Iterable[Contact], now: datetime) -> int:
        """Insert many contacts in one flush, keeping any ids and timestamps given.

        Used by imports: a large address book goes in as one batch, and
        a JSON export comes back with the ids its exchanges refer to.
        """
        rows = []
        for contact in contacts:
            row = ContactRow(
                created_at=contact.created_at or now, updated_at=contact.updated_at or now
            )
            if contact.id is not None:
                row.id = contact.id
            fill_contact_row(row, contact)
            rows.append(row)
        self._session.add_all(rows)
        self._session.flush()
        return len(rows)

    def identities(self) -> tuple[tuple[str, str | None], ...]:
        """(name, vCard UID) of every contact: what an import checks for duplicates."""
        query = select(ContactRow.name, ContactRow.vcard_uid)
        return tuple((name, uid) for name, uid in self._session.execute(query))


class ExchangeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, exchange_id: int) -> ExchangeRow:
        row = self._session.get(ExchangeRow, exchange_id)
        if row is None:
            raise NotFoundError(f"There is no exchange with id {exchange_id}.")
        return row

    def contact_of(self, exchange_id: int) -> int:
        return self._row(exchange_id).contact_id

    def add(self, exchange: Exchange, now: datetime) -> Exchange:
        row = ExchangeRow(created_at=exchange.created_at or now, updated_at=now)
        if exchange.id is not None:
            row.id = exchange.id
        fill_exchange_row(row, exchange)
        self._session.add(row)
        self._session.flush()
        return exchange_from_row(row)

    def add_many(self, exchanges: Iterable[Exchange], now: datetime) -> int:
        """Insert many exchanges in one executemany; returns how many.

        Bypasses the ORM unit of work, which is much slower for bulk loads
        such as imports and sample data (docs/performance.md).
        """
        return self._insert_many(exchange_rows(exchanges, now, restore=False))

    def update(self, exchange: Exchange, now: datetime) -> Exchange:
        if exchange.id is None:
            raise ValueError("an unsaved exchange cannot be updated")
        row = self._row(exchange.id)
        fill_exchange_row(row, exchange)
        row.updated_at = now
        self._session.flush()
        return exchange_from_row(row)

    def delete(self, exchange_id: int) -> Exchange:
        row = self._row(exchange_id)
        removed = exchange_from_row(row)
        self._session.delete(row)
        self._session.flush()
        return removed

    def count(self) -> int:
        return self._session.scalar(select(func.count(ExchangeRow.id))) or 0

    def restore_many(self, exchanges: Iterable[Exchange], now: datetime) -> int:
        """Like add_many, but keeping each exchange's id and updated_at when given.

        A JSON export re-imported into an empty journal must come back as the
        same records, ids and timestamps included.
        """
        return self._insert_many(exchange_rows(exchanges, now, restore=True))

    def _insert_many(self, rows: list[tuple[Any, ...]]) -> int:
        """One INSERT of stored tuples (see exchange_rows) through sqlite3's executemany."""
        if rows:
            self._session.connection().exec_driver_sql(_INSERT_EXCHANGES, rows)
        return len(rows)
