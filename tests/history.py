"""What a journal holds, read back through the services, for assertions."""

from __future__ import annotations

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.services.session import JournalSession

# More rows than any test journal holds: the overview then reads the whole history.
_ALL_ROWS = 1_000_000_000


def stored_history(session: JournalSession, contact_id: int) -> list[Exchange]:
    """The contact's exchanges as stored, newest first."""
    return session.guidance.overview(contact_id, history_rows=_ALL_ROWS).latest


def stored_exchange(session: JournalSession, saved: Exchange) -> Exchange:
    """The stored version of a saved exchange, read again."""
    return next(e for e in stored_history(session, saved.contact_id) if e.id == saved.id)
