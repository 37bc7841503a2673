"""Keep in touch: days since the last exchange against the contact's cadence.

Support buffers stress when the person is available (Cohen & Wills 1985), and
availability is kept up by regular contact, so each contact has a rhythm and
the contacts pane shows who is due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ixcoach_desktop.domain.models import ExchangeFacts

# Due from the day the cadence has fully passed; overdue once it has been
# missed by half as much again, so a day or two of slack never nags but a
# forgotten contact stands out. (1.5 rather than 2: at the default fortnightly
# cadence, three weeks without contact already feels like drifting apart.)
OVERDUE_FACTOR = 1.5


class ContactStatus(StrEnum):
    """Where a contact stands against its keep-in-touch cadence."""

    NO_EXCHANGES = "no_exchanges"
    ON_TRACK = "on_track"
    DUE = "due"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            ContactStatus.NO_EXCHANGES: "No exchanges yet",
            ContactStatus.ON_TRACK: "On track",
            ContactStatus.DUE: "Due",
            ContactStatus.OVERDUE: "Overdue",
        }[self]


@dataclass(frozen=True, slots=True)
class KeepInTouch:
    """A contact's status with the numbers behind it and a sentence for the user."""

    status: ContactStatus
    days_since_last: int | None
    cadence_days: int
    reason: str


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def cadence_phrase(cadence_days: int) -> str:
    """The cadence in words: "every day", "every 14 days"."""
    return "every day" if cadence_days == 1 else f"every {cadence_days} days"


def status_since(
    last_exchange_at: datetime | None, cadence_days: int, now: datetime
) -> KeepInTouch:
    """Status from the moment of the last exchange alone.

    For the contacts list, which knows each contact's latest exchange without
    loading them all. Whole days elapsed are counted; an exchange logged a
    few minutes "in the future" (clock skew) counts as today.
    """
    if last_exchange_at is None:
        return KeepInTouch(
            status=ContactStatus.NO_EXCHANGES,
            days_since_last=None,
            cadence_days=cadence_days,
            reason="No exchanges logged yet.",
        )
    days = max((now - last_exchange_at).days, 0)
    last = f"Last exchange {_ago(days)}"
    if days >= OVERDUE_FACTOR * cadence_days:
        status = ContactStatus.OVERDUE
        reason = f"{last}; overdue against your aim of {cadence_phrase(cadence_days)}."
    elif days >= cadence_days:
        status = ContactStatus.DUE
        reason = f"{last}; you aim to be in touch {cadence_phrase(cadence_days)}."
    else:
        status = ContactStatus.ON_TRACK
        reason = f"{last}; next one due in {_days(cadence_days - days)}."
    return KeepInTouch(
        status=status, days_since_last=days, cadence_days=cadence_days, reason=reason
    )


def keep_in_touch(
    exchanges: Iterable[ExchangeFacts], cadence_days: int, now: datetime
) -> KeepInTouch:
    """Status of a contact from its exchanges, in any order."""
    last = max((e.occurred_at for e in exchanges), default=None)
    return status_since(last, cadence_days, now)
