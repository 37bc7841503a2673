"""Who is already there: the rule that makes importing the same file twice add nobody twice.

A contact is a duplicate when its vCard UID is already known, or when its
exact name is: unless both sides carry different UIDs, which means the
address book itself says they are two people who share a name.
"""

from __future__ import annotations

from collections.abc import Iterable

from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.services.importing.records import Duplicate, IncomingContact

_IN_JOURNAL = "already in the journal"
_EARLIER = "earlier in this import"


class KnownPeople:
    """Names and UIDs seen so far, each with where it was seen."""

    def __init__(self, identities: Iterable[tuple[str, str | None]]) -> None:
        self._uids: dict[str, tuple[str, str]] = {}
        self._names: dict[str, dict[str | None, str]] = {}
        for name, uid in identities:
            self._add(name, uid, _IN_JOURNAL)

    def _add(self, name: str, uid: str | None, where: str) -> None:
        if uid is not None:
            self._uids.setdefault(uid, (name, where))
        self._names.setdefault(name, {}).setdefault(uid, where)

    def duplicate_reason(self, contact: Contact) -> str | None:
        """Why ``contact`` is a duplicate, or None when it is someone new."""
        uid = contact.vcard_uid
        if uid is not None and uid in self._uids:
            name, where = self._uids[uid]
            if name == contact.name:
                return f"has the same vCard UID as the contact {where}"
            return f"has the same vCard UID as {name!r}, {where}"
        seen = self._names.get(contact.name)
        if not seen:
            return None
        if uid is None or None in seen:
            where = _IN_JOURNAL if _IN_JOURNAL in seen.values() else _EARLIER
            return f"is {where}" if where == _IN_JOURNAL else f"appears {where}"
        return None

    def sift(
        self, incoming: Iterable[IncomingContact]
    ) -> tuple[list[IncomingContact], list[Duplicate]]:
        """Split contacts into the new ones and the duplicates, in file order."""
        new: list[IncomingContact] = []
        duplicates: list[Duplicate] = []
        for item in incoming:
            reason = self.duplicate_reason(item.contact)
            if reason is None:
                new.append(item)
                self._add(item.contact.name, item.contact.vcard_uid, _EARLIER)
            else:
                duplicates.append(Duplicate(item.file, item.location, item.contact.name, reason))
        return new, duplicates
