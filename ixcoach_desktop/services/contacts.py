"""Contact operations: add, edit, archive, list and search."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, replace
from datetime import datetime

from ixcoach_desktop.domain.keep_in_touch import KeepInTouch, status_since
from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.domain.text import fold
from ixcoach_desktop.domain.validation import validate_contact
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.storage.journal import Journal


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """A contact with how much and how recently the user talked to them."""

    contact: Contact
    exchange_count: int
    last_exchange_at: datetime | None
    # Due / overdue against the contact's cadence, as of the listing.
    keep_in_touch: KeepInTouch

    @property
    def id(self) -> int:
        assert self.contact.id is not None
        return self.contact.id

    @property
    def name(self) -> str:
        return self.contact.name


class ContactService:
    """Everything the window does with contacts goes through here."""

    def __init__(self, journal: Journal, clock: Clock = system_clock) -> None:
        self._journal = journal
        self._clock = clock

    def add(self, contact: Contact) -> Contact:
        contact = validate_contact(replace(contact, id=None))
        with self._journal.unit_of_work() as uow:
            saved = uow.contacts.add(contact, self._clock())
            uow.commit()
        return saved

    def edit(self, contact: Contact) -> Contact:
        """Save changed fields of an existing contact (matched by id)."""
        contact = validate_contact(contact)
        with self._journal.unit_of_work() as uow:
            saved = uow.contacts.update(contact, self._clock())
            uow.commit()
        return saved

    def get(self, contact_id: int) -> Contact:
        with self._journal.reader() as reader:
            return reader.contact(contact_id)

    def archive(self, contact_id: int) -> Contact:
        return self._set_archived(contact_id, archived=True)

    def unarchive(self, contact_id: int) -> Contact:
        return self._set_archived(contact_id, archived=False)

    def _set_archived(self, contact_id: int, *, archived: bool) -> Contact:
        with self._journal.unit_of_work() as uow:
            current = uow.contacts.get(contact_id)
            saved = uow.contacts.update(replace(current, archived=archived), self._clock())
            uow.commit()
        return saved

    def list(self, include_archived: bool = False) -> builtins.list[ContactSummary]:
        """Contacts by name, each with its exchange count and latest exchange."""
        with self._journal.reader() as reader:
            contacts = reader.contacts(include_archived)
            activity = reader.activity()
        now = self._clock()
        summaries = []
        for contact in contacts:
            assert contact.id is not None
            seen = activity.get(contact.id)
            last = seen.last_exchange_at if seen else None
            summaries.append(
                ContactSummary(
                    contact,
                    seen.exchange_count if seen else 0,
                    last,
                    status_since(last, contact.cadence_days, now),
                )
            )
        return summaries

    def search(self, text: str, include_archived: bool = False) -> builtins.list[ContactSummary]:
        """Contacts whose name contains ``text``, ignoring case and accents."""
        needle = fold(text.strip())
        return [s for s in self.list(include_archived) if needle in fold(s.contact.name)]

    def count(self) -> int:
        with self._journal.reader() as reader:
            return reader.contact_count()
