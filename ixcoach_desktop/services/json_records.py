"""Contacts and exchanges as JSON values: the one conversion of exports, JSON imports and drafts.

Each record is written with the fields of domain.models (CONTACT_FIELDS,
EXCHANGE_FIELDS) in that order, stored keys for choices, numbers for levels
and ISO 8601 times in UTC; the formats are described in docs/export-format.md.
Reading is strict (``exchange_from_record``): exactly what is written here
comes back, anything else is refused, so a caller can fall back to a
field-by-field reading that says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from ixcoach_desktop.domain.models import (
    CONTACT_FIELDS,
    EXCHANGE_FIELDS,
    EXCHANGE_USER_FIELDS,
    Contact,
    Exchange,
    utc_isoformat,
)
from ixcoach_desktop.domain.record_code import reader, strict_builder
from ixcoach_desktop.domain.scales import (
    Channel,
    DepthLevel,
    Opener,
    Reception,
    RelationshipKind,
    Topic,
    by_value,
    topic_keys,
    topic_set,
)

JsonValue = str | int | bool | list[str] | None
_Convert = Callable[[Any], Any]


def iso_moment(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with its offset, e.g. 2024-05-01T14:30:00.250000+00:00.

    What ``value.astimezone(UTC).isoformat()`` gives: microseconds only when
    there are any.
    """
    return None if value is None else utc_isoformat(value) + "+00:00"


def _key(member: Channel | Opener | RelationshipKind) -> str:
    return member.value


def _topic_list(topics: frozenset[Topic]) -> list[str]:
    return list(topic_keys(topics))


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _number(value: DepthLevel | Reception | None) -> int | None:
    return None if value is None else int(value)


def _text_list(values: tuple[str, ...]) -> list[str]:
    return list(values)


# Domain value -> JSON value, for the fields that differ.
_TO_JSON: dict[str, _Convert] = {
    "kind": _key,
    "birthday": _day,
    "snoozed_until": iso_moment,
    "emails": _text_list,
    "phones": _text_list,
    "channel": _key,
    "opened_by": _key,
    "my_level": _number,
    "their_level": _number,
    "reception": _number,
    "topics": _topic_list,
    "occurred_at": iso_moment,
    "created_at": iso_moment,
    "updated_at": iso_moment,
}


def _writer(fields: Sequence[str]) -> Callable[[Any], dict[str, JsonValue]]:
    return reader(fields, _TO_JSON)


contact_record: Callable[[Contact], dict[str, JsonValue]] = _writer(CONTACT_FIELDS)
"""A contact as a JSON object, fields in CONTACT_FIELDS order."""
exchange_record: Callable[[Exchange], dict[str, JsonValue]] = _writer(EXCHANGE_FIELDS)
"""An exchange as a JSON object, fields in EXCHANGE_FIELDS order."""


def exchange_values(exchange: Exchange, fields: Sequence[str]) -> dict[str, JsonValue]:
    """Some of an exchange's fields as JSON values, e.g. a draft's."""
    return {name: exchange_record(exchange)[name] for name in fields}


def aware_moment(text: str) -> datetime:
    """A time written with its offset; ValueError for any other text."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone offset")
    return moment


_NONE = type(None)
# The exact JSON type of each exchange field as written above (true is not a
# level, 3.0 not a whole number), and how it reads back.
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    name: (int,) for name in ("id", "contact_id", "my_level", "their_level")
} | {
    "reception": (int, _NONE),
    "conversation_id": (str, _NONE),
    "stress_before": (int, _NONE),
    "stress_after": (int, _NONE),
    "topics": (list,),
    "my_emotional": (bool,),
    "their_emotional": (bool,),
}
_FROM_JSON: dict[str, _Convert] = {
    "channel": by_value(Channel).__getitem__,
    "opened_by": by_value(Opener).__getitem__,
    "my_level": by_value(DepthLevel).__getitem__,
    "their_level": by_value(DepthLevel).__getitem__,
    "reception": by_value(Reception).__getitem__,
    "topics": lambda keys: topic_set(tuple(keys)),
    "occurred_at": aware_moment,
    "created_at": aware_moment,
    "updated_at": aware_moment,
}
# Exports of format 1 were written before group conversations.
EXCHANGE_FIELDS_BEFORE_GROUPS = tuple(name for name in EXCHANGE_FIELDS if name != "conversation_id")
# Exports and imports hold whole records; drafts hold what the user typed.
_EXCHANGE_READERS = {
    fields: strict_builder(
        Exchange, fields, {name: _JSON_TYPES.get(name, (str,)) for name in fields}, _FROM_JSON
    )
    for fields in (EXCHANGE_FIELDS, EXCHANGE_FIELDS_BEFORE_GROUPS, EXCHANGE_USER_FIELDS)
}


def exchange_from_record(
    record: Mapping[str, object], fields: tuple[str, ...] = EXCHANGE_FIELDS
) -> Exchange:
    """The exchange of a JSON object holding ``fields`` exactly as exchange_record writes them.

    ``fields`` is EXCHANGE_FIELDS (exports), EXCHANGE_FIELDS_BEFORE_GROUPS
    (exports of format 1) or EXCHANGE_USER_FIELDS (drafts).
    Raises KeyError, TypeError or ValueError for anything else: a missing
    field, another type, a label instead of a stored key, a time without
    its offset.
    """
    exchange: Exchange = _EXCHANGE_READERS[fields](record)
    return exchange
