"""Checks on user input, with one specific message per fault."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

from ixcoach_desktop.domain.failures import ServiceError
from ixcoach_desktop.domain.models import Contact, Exchange, utc_now
from ixcoach_desktop.domain.scales import (
    MAX_LEVEL,
    MAX_RECEPTION,
    MAX_STRESS,
    MIN_LEVEL,
    MIN_RECEPTION,
    MIN_STRESS,
    Channel,
    Opener,
    RelationshipKind,
    Topic,
)

E = TypeVar("E", Topic, Channel, Opener, RelationshipKind)

NAME_MAX_CHARS = 200
# A long letter is ~20k characters; anything beyond that is almost certainly a
# paste accident and would make the history table and exports unwieldy.
TEXT_MAX_CHARS = 20_000
# Cadences beyond a year stop being a "keep in touch" rhythm.
CADENCE_MIN_DAYS = 1
CADENCE_MAX_DAYS = 365
# Clocks drift and people log a call that is just ending: a few minutes of
# "future" is tolerated so a save never fails on a clock skew.
FUTURE_TOLERANCE = timedelta(minutes=5)
EARLIEST_YEAR = 1900
# Longer than any real address (RFC 5321 allows 254 characters) or number.
IDENTITY_MAX_CHARS = 254


# What links the exchanges of one conversation: a uuid4's hex digits, or any
# short token of letters, digits and dashes a hand-written import may use.
_CONVERSATION_ID = re.compile(r"[0-9A-Za-z-]{1,64}")


@dataclass(frozen=True, slots=True)
class Fault:
    """One problem with one field: ``field`` names the input, ``message`` is for the user."""

    field: str
    message: str


class InvalidInputError(ServiceError, ValueError):
    """The input was refused; ``faults`` say which field and why, every one found."""

    def __init__(self, faults: Iterable[Fault]) -> None:
        self.faults: tuple[Fault, ...] = tuple(faults)
        super().__init__(" ".join(f.message for f in self.faults))


def _text_faults(field: str, label: str, value: str) -> list[Fault]:
    if value.isascii() and len(value) <= TEXT_MAX_CHARS and "\x00" not in value:
        # The common case, answered without encoding: an import checks every text.
        return []
    faults: list[Fault] = []
    if len(value) > TEXT_MAX_CHARS:
        faults.append(
            Fault(
                field,
                f"{label} is {len(value):,} characters long; the limit is {TEXT_MAX_CHARS:,}.",
            )
        )
    if "\x00" in value:
        faults.append(Fault(field, f"{label} contains a NUL character."))
    if not _storable(value):
        faults.append(Fault(field, f"{label} contains broken characters that cannot be saved."))
    return faults


def _storable(text: str) -> bool:
    """False for lone surrogates (from a bad paste or decode), which UTF-8 cannot hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def contact_faults(contact: Contact) -> list[Fault]:
    """Every fault in a contact, empty when it is valid."""
    faults = _name_faults(contact.name.strip()) + _cadence_faults(contact)
    faults += _text_faults("notes", "Notes", contact.notes)
    if contact.vcard_uid is not None:
        faults += _text_faults("vcard_uid", "The vCard UID", contact.vcard_uid)
    if contact.birthday is not None and contact.birthday.year < EARLIEST_YEAR:
        faults.append(Fault("birthday", f"The birthday is before {EARLIEST_YEAR}."))
    faults += _identity_faults("emails", "An e-mail address", contact.emails)
    faults += _identity_faults("phones", "A phone number", contact.phones)
    return faults


def _name_faults(name: str) -> list[Fault]:
    if not name:
        return [Fault("name", "The name is empty; type the person's name.")]
    if len(name) > NAME_MAX_CHARS:
        return [
            Fault(
                "name",
                f"The name is {len(name)} characters long; the limit is {NAME_MAX_CHARS}.",
            )
        ]
    if any(ord(ch) < 32 for ch in name):
        return [Fault("name", "The name contains control characters.")]
    if not _storable(name):
        return [Fault("name", "The name contains broken characters that cannot be saved.")]
    return []


def _cadence_faults(contact: Contact) -> list[Fault]:
    faults: list[Fault] = []
    if not CADENCE_MIN_DAYS <= contact.cadence_days <= CADENCE_MAX_DAYS:
        faults.append(
            Fault(
                "cadence_days",
                f"The keep-in-touch cadence must be between {CADENCE_MIN_DAYS} and "
                f"{CADENCE_MAX_DAYS} days, not {contact.cadence_days}.",
            )
        )
    overdue = contact.overdue_days
    if overdue is not None and not contact.cadence_days <= overdue <= CADENCE_MAX_DAYS:
        faults.append(
            Fault(
                "overdue_days",
                f"The most days between conversations must be between the cadence "
                f"({contact.cadence_days}) and {CADENCE_MAX_DAYS}, not {overdue}.",
            )
        )
    return faults


def _identity_faults(field: str, label: str, values: tuple[str, ...]) -> list[Fault]:
    """Each address or number is one line of text (they are stored one per line)."""
    for value in values:
        if not value.strip():
            return [Fault(field, f"{label} is empty.")]
        if len(value) > IDENTITY_MAX_CHARS:
            return [Fault(field, f"{label} is longer than {IDENTITY_MAX_CHARS} characters.")]
        if any(ord(ch) < 32 for ch in value) or not _storable(value):
            return [Fault(field, f"{label} contains characters that cannot be saved: {value!r}.")]
    return []


def _level_fault(field: str, whose: str, value: int) -> Fault | None:
    if not MIN_LEVEL <= value <= MAX_LEVEL:
        return Fault(
            field,
            f"{whose} level must be between {MIN_LEVEL} and {MAX_LEVEL}, not {value}.",
        )
    return None


def _stress_fault(field: str, label: str, value: int | None) -> Fault | None:
    if value is None:
        return None
    if not MIN_STRESS <= value <= MAX_STRESS:
        return Fault(
            field,
            f"{label} must be between {MIN_STRESS} and {MAX_STRESS}, not {value}.",
        )
    return None


def exchange_faults(exchange: Exchange, now: datetime | None = None) -> list[Fault]:
    """Every fault in an exchange, empty when it is valid."""
    faults: list[Fault] = []
    for fault in (
        _level_fault("my_level", "My", exchange.my_level),
        _level_fault("their_level", "Their", exchange.their_level),
        _stress_fault("stress_before", "Stress before", exchange.stress_before),
        _stress_fault("stress_after", "Stress after", exchange.stress_after),
    ):
        if fault is not None:
            faults.append(fault)
    if exchange.reception is not None and not (
        MIN_RECEPTION <= exchange.reception <= MAX_RECEPTION
    ):
        faults.append(
            Fault(
                "reception",
                f"Reception must be between {MIN_RECEPTION} and {MAX_RECEPTION}, "
                f"not {exchange.reception}.",
            )
        )
    occurred = exchange.occurred_at
    if occurred.tzinfo is None:
        faults.append(Fault("occurred_at", "The date has no time zone."))
    else:
        if occurred > (now or utc_now()) + FUTURE_TOLERANCE:
            faults.append(
                Fault(
                    "occurred_at",
                    "The exchange is dated in the future; log conversations that have happened.",
                )
            )
        if occurred.year < EARLIEST_YEAR:
            faults.append(Fault("occurred_at", f"The exchange is dated before {EARLIEST_YEAR}."))
    faults += _text_faults("what_i_shared", "What I shared", exchange.what_i_shared)
    faults += _text_faults("what_they_shared", "What they shared", exchange.what_they_shared)
    faults += _text_faults("notes", "Notes", exchange.notes)
    conversation = exchange.conversation_id
    if conversation is not None and not _CONVERSATION_ID.fullmatch(conversation):
        faults.append(Fault("conversation_id", f"{conversation!r} is not a conversation id."))
    return faults


def validate_contact(contact: Contact) -> Contact:
    """The contact with its name trimmed; raises InvalidInputError when invalid."""
    faults = contact_faults(contact)
    if faults:
        raise InvalidInputError(faults)
    return replace(contact, name=contact.name.strip())


def validate_exchange(exchange: Exchange, now: datetime | None = None) -> Exchange:
    """The exchange unchanged; raises InvalidInputError when invalid."""
    faults = exchange_faults(exchange, now)
    if faults:
        raise InvalidInputError(faults)
    return exchange


_CHOICE_LABELS: dict[type, str] = {
    Topic: "topic",
    Channel: "channel",
    Opener: "opener",
    RelationshipKind: "relationship kind",
}


def parse_choice(choice: type[E], field: str, value: str) -> E:
    """The member of ``choice`` named by ``value``; a specific fault otherwise.

    Accepts the stored key ("in_person") or the label ("In person"), any case.
    """
    wanted = value.strip().casefold()
    for member in choice:
        if wanted in (member.value.casefold(), member.label.casefold()):
            return member
    allowed = ", ".join(member.value for member in choice)
    raise InvalidInputError(
        [
            Fault(
                field,
                f"Unknown {_CHOICE_LABELS[choice]} {value!r}; use one of: {allowed}.",
            )
        ]
    )
