"""The journal's two records, Contact and Exchange, as immutable values.

Their field lists (CONTACT_FIELDS, EXCHANGE_FIELDS) are spelled here once:
the table columns, the export keys and the drafts all follow them, and every
record is built by keyword, so two fields of one type can never swap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import NamedTuple, Protocol

from ixcoach_desktop.domain.scales import (
    Channel,
    DepthLevel,
    Opener,
    Reception,
    RelationshipKind,
    Topic,
)

DEFAULT_CADENCE_DAYS = 14


def utc_now() -> datetime:
    """The current instant, timezone-aware; every timestamp in the journal is UTC."""
    return datetime.now(UTC)


def utc_isoformat(moment: datetime, separator: str = "T", timespec: str = "auto") -> str:
    """ISO 8601 text of an aware ``moment`` in UTC, without the offset.

    The one formatter of stored and exported times: storage writes
    ``utc_isoformat(m, " ", "microseconds")``, exports append "+00:00" to
    ``utc_isoformat(m)``. Date and time are formatted apart because the aware
    datetime's own isoformat works the offset out each time, and exports and
    imports format every time of the journal.
    """
    if moment.tzinfo is not UTC:
        if moment.tzinfo is None:
            raise ValueError("naive datetimes are not stored; attach a time zone")
        moment = moment.astimezone(UTC)
    # isoformat() with no argument is the quicker call, and the common one.
    clock = moment.time().isoformat() if timespec == "auto" else moment.time().isoformat(timespec)
    return f"{moment.date().isoformat()}{separator}{clock}"


@dataclass(frozen=True, slots=True)
class Contact:
    """A person the user wants to feel closer to. ``id`` is None until saved."""

    name: str
    kind: RelationshipKind = RelationshipKind.FRIEND
    cadence_days: int = DEFAULT_CADENCE_DAYS
    # The most days between conversations before the person is overdue;
    # None follows the default rule (see docs/journal-schema.md).
    overdue_days: int | None = None
    notes: str = ""
    archived: bool = False
    # One of the few relationships the user is working on now.
    focus: bool = False
    # Reminders about this person wait until then.
    snoozed_until: datetime | None = None
    birthday: date | None = None
    # Addresses and numbers as the user wrote them: they tell an imported
    # person who is already in the journal from a new one.
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    # The vCard UID of an imported card, so importing the same file twice adds nobody twice.
    vcard_uid: str | None = None
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Exchange:
    """One logged conversation: how deep each side went and how it was received.

    ``reception`` is None when I shared nothing (``my_level`` 0): there was
    nothing of mine to receive.
    """

    contact_id: int
    occurred_at: datetime
    my_level: DepthLevel
    their_level: DepthLevel
    reception: Reception | None
    channel: Channel = Channel.IN_PERSON
    opened_by: Opener = Opener.ME
    topics: frozenset[Topic] = field(default_factory=frozenset)
    my_emotional: bool = False
    their_emotional: bool = False
    what_i_shared: str = ""
    what_they_shared: str = ""
    notes: str = ""
    stress_before: int | None = None
    stress_after: int | None = None
    # Shared by the exchanges of one conversation with several people.
    conversation_id: str | None = None
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def gap(self) -> int:
        """My level minus theirs: positive when I went deeper."""
        return int(self.my_level) - int(self.their_level)


class ExchangeFacts(Protocol):
    """What the guidance maths reads of an exchange: its time, levels and reception.

    Both a full Exchange and an ExchangePoint have these, so a long history
    can be analysed without its texts.
    """

    @property
    def id(self) -> int | None: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def my_level(self) -> DepthLevel: ...
    @property
    def their_level(self) -> DepthLevel: ...
    @property
    def reception(self) -> Reception | None: ...
    @property
    def opened_by(self) -> Opener: ...
    @property
    def topics(self) -> frozenset[Topic]: ...
    @property
    def my_emotional(self) -> bool: ...
    @property
    def their_emotional(self) -> bool: ...


class ExchangePoint(NamedTuple):
    """One saved exchange as the chart and the insights see it: no texts, no channel.

    A plain tuple, so thousands are built and compared quickly when a long
    history is opened.
    """

    id: int
    occurred_at: datetime
    topics: frozenset[Topic]
    my_level: DepthLevel
    their_level: DepthLevel
    reception: Reception | None
    opened_by: Opener
    my_emotional: bool
    their_emotional: bool


POINT_FIELDS: tuple[str, ...] = ExchangePoint._fields

# The fields of each record in the journal's one order: the order of the
# table columns, of the keys of a JSON export and of the CSV columns. The
# dataclasses declare them in another order (defaults last); a test holds
# both to the same names.
CONTACT_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "cadence_days",
    "overdue_days",
    "birthday",
    "notes",
    "archived",
    "focus",
    "snoozed_until",
    "emails",
    "phones",
    "vcard_uid",
    "created_at",
    "updated_at",
)
EXCHANGE_FIELDS: tuple[str, ...] = (
    "id",
    "contact_id",
    "conversation_id",
    "occurred_at",
    "channel",
    "opened_by",
    "my_level",
    "their_level",
    "reception",
    "topics",
    "my_emotional",
    "their_emotional",
    "what_i_shared",
    "what_they_shared",
    "notes",
    "stress_before",
    "stress_after",
    "created_at",
    "updated_at",
)
# What the user writes of an exchange: everything but the journal's own
# bookkeeping (id and times of writing). Drafts and edits carry these.
EXCHANGE_USER_FIELDS: tuple[str, ...] = tuple(
    name for name in EXCHANGE_FIELDS if name not in ("id", "created_at", "updated_at")
)


def point_of(exchange: Exchange) -> ExchangePoint:
    """The point of a saved exchange (one with an id)."""
    if exchange.id is None:
        raise ValueError("only a saved exchange has a point on the chart")
    return ExchangePoint(**{name: getattr(exchange, name) for name in POINT_FIELDS})
