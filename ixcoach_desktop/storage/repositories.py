"""Repositories: queries and changes inside a unit of work. They never commit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, func, literal, select, union
from sqlalchemy.orm import Session

from ixcoach_desktop.domain.buffer import REGULARITY_PERIODS
from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.reciprocity import RECENT_WINDOW
from ixcoach_desktop.storage.errors import RecordNotFoundError
from ixcoach_desktop.storage.mapping import (
    contact_from_row,
    exchange_from_columns,
    exchange_from_row,
    exchange_values,
    fill_contact_row,
    fill_exchange_row,
)
from ixcoach_desktop.storage.orm import ContactRow, ExchangeRow
from ixcoach_desktop.storage.types import to_db_text


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

    def add_many(self, contacts: Iterable[Contact], now: datetime) -> int:
        """Insert many contacts in one flush, keeping any ids and timestamps given.

        Used by imports: a 10,000-card address book goes in as one batch, and
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
        return self._insert_many([exchange_values(e, now) for e in exchanges])

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

    def for_contact(
        self, contact_id: int, limit: int | None = None, offset: int = 0
    ) -> list[Exchange]:
        """The contact's exchanges, newest first; a page of them with ``limit``."""
        table = ExchangeRow.__table__
        query = (
            select(table)
            .where(table.c.contact_id == contact_id)
            .order_by(table.c.occurred_at.desc(), table.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [exchange_from_columns(r) for r in self._session.execute(query)]

    def buffer_inputs(self, now: datetime) -> dict[int, list[Exchange]]:
        """Per contact, just the exchanges buffer potential looks at.

        Buffer potential reads the latest RECENT_WINDOW exchanges, those in
        the last REGULARITY_PERIODS cadence periods, the first exchange (the
        relationship's age) and whether there are at least three. Loading
        only those gives the same score as the whole history at a fraction
        of the cost.

        Each contact's rows are found by walking the (contact_id,
        occurred_at) index from a lower bound: the older of its
        RECENT_WINDOW-th newest exchange and the start of the regularity
        window, plus its first exchange. Ranking every row with window
        functions instead sorts the whole table: 1.0 s against 0.16 s at
        100,000 exchanges (see docs/performance.md).
        """
        table = ExchangeRow.__table__
        contacts = ContactRow.__table__
        other = table.alias("other")
        own = other.c.contact_id == contacts.c.id
        nth_newest = (
            select(other.c.occurred_at)
            .where(own)
            .order_by(other.c.occurred_at.desc())
            .limit(1)
            .offset(RECENT_WINDOW - 1)
            .scalar_subquery()
        )
        # Fewer than RECENT_WINDOW exchanges: '' is below every stored time.
        newest_bound = func.coalesce(nth_newest, literal("", String()))
        # One day of margin: extra rows change nothing, a missing one would.
        # (SQLite's %f has milliseconds only; a shorter string sorts first,
        # so the bound errs on the side of an extra row.)
        window_bound = func.strftime(
            "%Y-%m-%d %H:%M:%f",
            func.julianday(to_db_text(now)) - (REGULARITY_PERIODS * contacts.c.cadence_days + 1),
        )
        bounds = (
            select(
                contacts.c.id.label("contact_id"),
                func.min(newest_bound, window_bound).label("low"),
                select(func.min(other.c.occurred_at)).where(own).scalar_subquery().label("first"),
            )
            .where(contacts.c.archived.is_(False))
            .cte("bounds")
        )
        same_contact = table.c.contact_id == bounds.c.contact_id
        chosen = union(
            select(table).join(bounds, same_contact & (table.c.occurred_at >= bounds.c.low)),
            select(table).join(bounds, same_contact & (table.c.occurred_at == bounds.c.first)),
        ).subquery()
        query = select(chosen).order_by(chosen.c.contact_id, chosen.c.occurred_at, chosen.c.id)
        histories: dict[int, list[Exchange]] = {}
        for row in self._session.execute(query):
            histories.setdefault(row.contact_id, []).append(exchange_from_columns(row))
        return histories

    def all(self) -> list[Exchange]:
        query = select(ExchangeRow).order_by(
            ExchangeRow.contact_id, ExchangeRow.occurred_at, ExchangeRow.id
        )
        return [exchange_from_row(r) for r in self._session.scalars(query)]

    def count(self) -> int:
        return self._session.scalar(select(func.count(ExchangeRow.id))) or 0

    def restore_many(self, exchanges: Iterable[Exchange], now: datetime) -> int:
        """Like add_many, but keeping each exchange's id and updated_at when given.

        A JSON export re-imported into an empty journal must come back as the
        same records, ids and timestamps included.
        """
        rows = []
        for exchange in exchanges:
            values = exchange_values(exchange, now)
            values["id"] = exchange.id  # None: SQLite picks the next id
            if exchange.updated_at is not None:
                values["updated_at"] = exchange.updated_at
            rows.append(values)
        return self._insert_many(rows)

    def _insert_many(self, rows: list[dict[str, Any]]) -> int:
        """One INSERT through sqlite3's executemany; returns how many rows.

        Each column keeps its own bind processor (UTC text, booleans): at
        100,000 rows SQLAlchemy's per-row parameter handling costs more than
        the insert itself.
        """
        if not rows:
            return 0
        table = ExchangeRow.metadata.tables[ExchangeRow.__tablename__]
        connection = self._session.connection()
        columns = list(rows[0])
        processors = [table.c[name].type.bind_processor(connection.dialect) for name in columns]
        by_column = [[row[name] for row in rows] for name in columns]
        parameters = list(
            zip(
                *(
                    values if process is None else list(map(process, values))
                    for process, values in zip(processors, by_column, strict=True)
                ),
                strict=True,
            )
        )
        placeholders = ", ".join("?" for _ in columns)
        connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})", parameters
        )
        return len(rows)

    def stream_all(self) -> Iterator[Exchange]:
        """Every exchange in id order, as plain rows (no ORM objects), for exports."""
        table = ExchangeRow.__table__
        query = select(table).order_by(table.c.id)
        for row in self._session.execute(query):
            yield exchange_from_columns(row)
