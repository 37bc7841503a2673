"""Repositories: queries and changes inside a unit of work. They never commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.storage.errors import RecordNotFoundError
from ixcoach_desktop.storage.mapping import (
    contact_from_row,
    exchange_from_row,
    exchange_values,
    fill_contact_row,
    fill_exchange_row,
)
from ixcoach_desktop.storage.orm import ContactRow, ExchangeRow


@dataclass(frozen=True, slots=True)
class ContactActivity:
    """How much and how recently a contact has been talked to."""

    exchange_count: int
    last_exchange_at: datetime | None


class ContactRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, contact_id: int) -> ContactRow:
        row = self._session.get(ContactRow, contact_id)
        if row is None:
            raise RecordNotFoundError(f"There is no contact with id {contact_id}.")
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

    def list(self, include_archived: bool = False) -> list[Contact]:
        query = select(ContactRow).order_by(ContactRow.name, ContactRow.id)
        if not include_archived:
            query = query.where(ContactRow.archived.is_(False))
        return [contact_from_row(r) for r in self._session.scalars(query)]

    def find_by_vcard_uid(self, uid: str) -> Contact | None:
        row = self._session.scalars(
            select(ContactRow).where(ContactRow.vcard_uid == uid).limit(1)
        ).first()
        return None if row is None else contact_from_row(row)

    def find_by_name(self, name: str) -> Contact | None:
        row = self._session.scalars(
            select(ContactRow).where(ContactRow.name == name).limit(1)
        ).first()
        return None if row is None else contact_from_row(row)

    def activity(self) -> dict[int, ContactActivity]:
        """Exchange count and latest date per contact, in one indexed query."""
        query = select(
            ExchangeRow.contact_id,
            func.count(ExchangeRow.id),
            func.max(ExchangeRow.occurred_at),
        ).group_by(ExchangeRow.contact_id)
        return {
            contact_id: ContactActivity(count, last)
            for contact_id, count, last in self._session.execute(query)
        }

    def count(self) -> int:
        return self._session.scalar(select(func.count(ContactRow.id))) or 0


class ExchangeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, exchange_id: int) -> ExchangeRow:
        row = self._session.get(ExchangeRow, exchange_id)
        if row is None:
            raise RecordNotFoundError(f"There is no exchange with id {exchange_id}.")
        return row

    def get(self, exchange_id: int) -> Exchange:
        return exchange_from_row(self._row(exchange_id))

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

        Bypasses the ORM unit of work, which is ten times slower for bulk
        loads such as imports and sample data.
        """
        rows = [exchange_values(e, now) for e in exchanges]
        if rows:
            self._session.execute(insert(ExchangeRow), rows)
        return len(rows)

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

    def for_contact(self, contact_id: int) -> list[Exchange]:
        """The contact's exchanges, newest first."""
        query = (
            select(ExchangeRow)
            .where(ExchangeRow.contact_id == contact_id)
            .order_by(ExchangeRow.occurred_at.desc(), ExchangeRow.id.desc())
        )
        return [exchange_from_row(r) for r in self._session.scalars(query)]

    def all(self) -> list[Exchange]:
        query = select(ExchangeRow).order_by(
            ExchangeRow.contact_id, ExchangeRow.occurred_at, ExchangeRow.id
        )
        return [exchange_from_row(r) for r in self._session.scalars(query)]

    def count(self) -> int:
        return self._session.scalar(select(func.count(ExchangeRow.id))) or 0
