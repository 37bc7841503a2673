"""Guidance over stored exchanges: one contact's overview, and the stress-buffer ranking."""

from __future__ import annotations

from dataclasses import dataclass

from ixcoach_desktop.domain.buffer import ContactHistory, RankedContact, rank_by_buffer_potential
from ixcoach_desktop.domain.insights import RelationshipInsights, relationship_insights
from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.services.errors import service_operation
from ixcoach_desktop.storage.journal import Journal


@dataclass(frozen=True, slots=True)
class ContactOverview:
    """Everything the window shows for one contact, from one read of the journal."""

    contact: Contact
    # Newest first, as the history lists them.
    exchanges: list[Exchange]
    insights: RelationshipInsights


class GuidanceService:
    """Reads exchanges and applies the domain's guidance rules to them."""

    def __init__(self, journal: Journal, clock: Clock = system_clock) -> None:
        self._journal = journal
        self._clock = clock

    @service_operation
    def overview(self, contact_id: int) -> ContactOverview:
        with self._journal.unit_of_work(write=False) as uow:
            contact = uow.contacts.get(contact_id)
            exchanges = uow.exchanges.for_contact(contact_id)
        return ContactOverview(
            contact=contact,
            exchanges=exchanges,
            insights=relationship_insights(exchanges, contact.cadence_days, self._clock()),
        )

    @service_operation
    def ranking(self) -> list[RankedContact]:
        """Every unarchived contact by buffer potential, strongest first.

        Safe to call from a worker thread: it opens its own unit of work.
        """
        now = self._clock()
        with self._journal.unit_of_work(write=False) as uow:
            contacts = uow.contacts.list()
            histories = uow.exchanges.buffer_inputs(now)
        return rank_by_buffer_potential(
            (
                ContactHistory(c.id, c.name, histories.get(c.id, []), c.cadence_days)
                for c in contacts
                if c.id is not None
            ),
            now,
        )
