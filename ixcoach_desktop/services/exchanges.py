"""Exchange operations: log, edit, delete, restore, list."""

from __future__ import annotations

from dataclasses import replace

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.validation import validate_exchange
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.services.errors import NotFoundError
from ixcoach_desktop.storage.journal import Journal


class ExchangeService:
    """Everything the window does with exchanges goes through here."""

    def __init__(self, journal: Journal, clock: Clock = system_clock) -> None:
        self._journal = journal
        self._clock = clock

    def log(self, exchange: Exchange) -> Exchange:
        """Save a new exchange; returns it with its id and timestamps."""
        exchange = validate_exchange(replace(exchange, id=None), self._clock())
        with self._journal.unit_of_work() as uow:
            uow.contacts.get(exchange.contact_id)
            saved = uow.exchanges.add(exchange, self._clock())
            uow.commit(changed_contacts={exchange.contact_id})
        return saved

    def edit(self, exchange: Exchange) -> Exchange:
        """Replace the stored fields of an existing exchange (matched by id)."""
        exchange = validate_exchange(exchange, self._clock())
        if exchange.id is None:
            raise ValueError("an unsaved exchange cannot be edited")
        with self._journal.unit_of_work() as uow:
            uow.contacts.get(exchange.contact_id)
            # An edit may move the exchange to another contact: both change.
            moved_from = uow.exchanges.contact_of(exchange.id)
            saved = uow.exchanges.update(exchange, self._clock())
            uow.commit(changed_contacts={moved_from, exchange.contact_id})
        return saved

    def delete(self, exchange_id: int) -> Exchange:
        """Remove an exchange; returns it whole so it can be restored (undo)."""
        with self._journal.unit_of_work() as uow:
            removed = uow.exchanges.delete(exchange_id)
            uow.commit(changed_contacts={removed.contact_id})
        return removed

    def restore(self, exchange: Exchange) -> Exchange:
        """Put a deleted exchange back with its id and timestamps."""
        if exchange.id is None:
            raise NotFoundError("Only a deleted exchange can be restored.")
        with self._journal.unit_of_work() as uow:
            uow.contacts.get(exchange.contact_id)
            restored = uow.exchanges.add(exchange, exchange.updated_at or self._clock())
            uow.commit(changed_contacts={exchange.contact_id})
        return restored

    def count(self) -> int:
        with self._journal.reader() as reader:
            return reader.exchange_count()
