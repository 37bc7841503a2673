"""A JSON export (docs/export-format.md) read back into contacts and exchanges, ids kept.

Each record is checked field by field, with the same rules as the window
(domain validation), and every fault is reported with the record's position
and id. Types are strict: a level written as "3" or 3.0 is refused rather
than guessed at, because a JSON export is written by a program and a wrong
type means the file is not what it claims to be.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from ixcoach_desktop.domain.models import (
    DEFAULT_CADENCE_DAYS,
    EXCHANGE_FIELDS,
    Contact,
    Exchange,
)
from ixcoach_desktop.domain.scales import (
    MAX_LEVEL,
    MAX_RECEPTION,
    MIN_LEVEL,
    MIN_RECEPTION,
    Channel,
    DepthLevel,
    Opener,
    Reception,
    RelationshipKind,
    Topic,
    by_value,
    topic_set,
)
from ixcoach_desktop.domain.validation import (
    InvalidInputError,
    contact_faults,
    exchange_faults,
    parse_choice,
)
from ixcoach_desktop.services.exporting import FORMAT_VERSION
from ixcoach_desktop.services.importing.records import (
    ParsedJournal,
    Problem,
    UnreadableFileError,
)
from ixcoach_desktop.services.importing.text_files import TextFile
from ixcoach_desktop.services.json_records import (
    EXCHANGE_FIELDS_BEFORE_GROUPS,
    exchange_from_record,
)
from ixcoach_desktop.services.progress import Progress

E = TypeVar("E", Channel, Opener, RelationshipKind, Topic)
T = TypeVar("T")

PROGRESS_EVERY = 5_000


# SQLite stores ids as signed 64-bit integers; a larger one would fail the insert.
MAX_ID = 2**63 - 1


class _Fields:
    """Typed reads from one JSON object, collecting a message for each bad field."""

    def __init__(self, record: dict[str, object]) -> None:
        self.record = record
        self.faults: list[str] = []

    def _bad(self, key: str, wanted: str) -> None:
        self.faults.append(f"{key} must be {wanted}, not {json.dumps(self.record[key])}.")

    def integer(
        self, key: str, default: int | None = None, *, required: bool = False
    ) -> int | None:
        value = self.record.get(key)
        if value is None:
            if required:
                self.faults.append(f"{key} is missing.")
            return default
        # bool is an int in Python, but true is not a level.
        if type(value) is not int:
            self._bad(key, "a whole number")
            return default
        return value

    def identifier(self) -> int | None:
        value = self.integer("id", required=True)
        if value is not None and not 1 <= value <= MAX_ID:
            self.faults.append(f"id must be a whole number from 1 to {MAX_ID:,}, not {value}.")
        return value

    def text(self, key: str) -> str:
        value = self.record.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self._bad(key, "text")
            return ""
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) or None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.record.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self._bad(key, "a list of texts")
            return ()
        return tuple(value)

    def boolean(self, key: str) -> bool:
        value = self.record.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self._bad(key, "true or false")
            return False
        return value

    def moment(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.record.get(key)
        if value is None:
            if required:
                self.faults.append(f"{key} is missing.")
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            moment = datetime.fromisoformat(value)
        except ValueError:
            self._bad(key, "an ISO 8601 date and time such as 2024-05-01T14:30:00+00:00")
            return None
        if moment.tzinfo is None:
            self.faults.append(f"{key} {value!r} has no time zone offset.")
            return None
        return moment

    def day(self, key: str) -> date | None:
        value = self.record.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self._bad(key, "a date written as YYYY-MM-DD")
            return None

    def choice(self, choice: type[E], key: str, default: E) -> E:
        value = self.record.get(key)
        if value is None:
            return default
        return self.choice_item(choice, key, value) or default

    def topics(self, key: str) -> frozenset[Topic]:
        value = self.record.get(key)
        if value is None:
            return frozenset()
        if not isinstance(value, list):
            self._bad(key, "a list of topic names")
            return frozenset()
        try:
            return topic_set(tuple(value))
        except (KeyError, TypeError):  # a label, or an unhashable item: reported below
            pass
        found: set[Topic] = set()
        for item in value:
            topic = self.choice_item(Topic, key, item)
            if topic is not None:
                found.add(topic)
        return frozenset(found)

    def choice_item(self, choice: type[E], key: str, item: object) -> E | None:
        if not isinstance(item, str):
            self.faults.append(f"{key} must be text, not {json.dumps(item)}.")
            return None
        # Exports hold the stored keys: a dict lookup, with parse_choice's
        # labels and any case as the slower fallback for hand-written files.
        found = by_value(choice).get(item)
        if isinstance(found, choice):
            return found
        try:
            return parse_choice(choice, key, item)
        except InvalidInputError as error:
            self.faults += [fault.message for fault in error.faults]
            return None

    def level(self, key: str, whose: str) -> DepthLevel:
        value = self.integer(key, required=True)
        if value is not None and not MIN_LEVEL <= value <= MAX_LEVEL:
            self.faults.append(
                f"{whose} level must be between {MIN_LEVEL} and {MAX_LEVEL}, not {value}."
            )
            value = None
        return by_value(DepthLevel)[MIN_LEVEL if value is None else value]

    def reception(self, key: str) -> Reception | None:
        value = self.integer(key)
        if value is None:
            return None
        if not MIN_RECEPTION <= value <= MAX_RECEPTION:
            self.faults.append(
                f"Reception must be between {MIN_RECEPTION} and {MAX_RECEPTION}, not {value}."
            )
            return None
        return by_value(Reception)[value]


def _contact(fields: _Fields) -> Contact:
    cadence_days = fields.integer("cadence_days")
    contact = Contact(
        id=fields.identifier(),
        name=fields.text("name"),
        kind=fields.choice(RelationshipKind, "kind", RelationshipKind.FRIEND),
        cadence_days=DEFAULT_CADENCE_DAYS if cadence_days is None else cadence_days,
        overdue_days=fields.integer("overdue_days"),
        birthday=fields.day("birthday"),
        notes=fields.text("notes"),
        archived=fields.boolean("archived"),
        focus=fields.boolean("focus"),
        snoozed_until=fields.moment("snoozed_until"),
        emails=fields.texts("emails"),
        phones=fields.texts("phones"),
        vcard_uid=fields.optional_text("vcard_uid"),
        created_at=fields.moment("created_at"),
        updated_at=fields.moment("updated_at"),
    )
    fields.faults += [fault.message for fault in contact_faults(contact)]
    return contact


def _exchange(fields: _Fields, now: datetime) -> Exchange:
    exchange = Exchange(
        id=fields.identifier(),
        contact_id=fields.integer("contact_id", required=True) or 0,
        conversation_id=fields.optional_text("conversation_id"),
        occurred_at=fields.moment("occurred_at", required=True) or now,
        my_level=fields.level("my_level", "My"),
        their_level=fields.level("their_level", "Their"),
        reception=fields.reception("reception"),
        channel=fields.choice(Channel, "channel", Channel.IN_PERSON),
        opened_by=fields.choice(Opener, "opened_by", Opener.ME),
        topics=fields.topics("topics"),
        my_emotional=fields.boolean("my_emotional"),
        their_emotional=fields.boolean("their_emotional"),
        what_i_shared=fields.text("what_i_shared"),
        what_they_shared=fields.text("what_they_shared"),
        notes=fields.text("notes"),
        stress_before=fields.integer("stress_before"),
        stress_after=fields.integer("stress_after"),
        created_at=fields.moment("created_at"),
        updated_at=fields.moment("updated_at"),
    )
    fields.faults += [fault.message for fault in exchange_faults(exchange, now)]
    return exchange


def _exported_exchange(
    record: dict[str, object], known: set[int], now: datetime, fields: tuple[str, ...]
) -> Exchange | None:
    """The exchange of a record written as exports write it, if it passes every check.

    None for anything else (a missing field, a null where exports write a
    value, a label for a channel, any fault):
    _exchange then reads the record field by field and says what is wrong.
    For the records of a large export this is a run of exact type tests and
    table lookups instead of eighteen _Fields calls. It accepts only what
    _exchange accepts without a fault, and builds the same Exchange; the
    tests in tests/import_export/test_json_fast_path.py hold it to that.
    """
    try:
        exchange = exchange_from_record(record, fields)
    except (KeyError, TypeError, ValueError):
        return None
    assert exchange.id is not None
    if not 1 <= exchange.id <= MAX_ID or exchange.contact_id not in known:
        return None
    return None if exchange_faults(exchange, now) else exchange


def _records(document: dict[str, object], key: str, name: str) -> list[object]:
    records = document.get(key)
    if not isinstance(records, list):
        raise UnreadableFileError(name, f"has no {key!r} list; it is not a complete export.")
    return records


def _load(source: TextFile) -> dict[str, object]:
    name = source.name
    try:
        document = json.loads(source.text)
    except json.JSONDecodeError as error:
        raise UnreadableFileError(
            name, f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise UnreadableFileError(name, "is not valid JSON (nested too deeply).") from None
    if not isinstance(document, dict) or "format_version" not in document:
        raise UnreadableFileError(
            name,
            "is not an IX Coach Desktop export (it has no format_version); "
            "import contacts from .vcf or .csv files instead.",
        )
    version = document["format_version"]
    if type(version) is not int or version < 1:
        raise UnreadableFileError(name, f"has an unknown format_version {json.dumps(version)}.")
    if version > FORMAT_VERSION:
        raise UnreadableFileError(
            name,
            f"was written by a newer IX Coach Desktop (export format {version}; this "
            f"version reads format {FORMAT_VERSION}). Update the app to import it.",
        )
    return document


def _never(_record: dict[str, object]) -> None:
    return None


def _each(
    records: list[object],
    label: str,
    source: TextFile,
    progress: Progress,
    build: Callable[[_Fields], T],
    *,
    quick: Callable[[dict[str, object]], T | None] = _never,
) -> tuple[list[T], list[Problem]]:
    """Build every record, reporting each bad one as "<label> <position> (id <id>)".

    ``quick`` builds the records it recognises as valid at once; ``build``
    reads the others field by field, collecting what is wrong.
    """
    built: list[T] = []
    problems: list[Problem] = []
    for index, record in enumerate(records, start=1):
        if index % PROGRESS_EVERY == 0:
            progress.step(index, len(records), f"Reading {source.name}")
        if not isinstance(record, dict):
            problems.append(Problem(source.name, f"{label} {index}", "is not a JSON object."))
            continue
        item = quick(record)
        if item is None:
            fields = _Fields(record)
            item = build(fields)
            if fields.faults:
                ident = record.get("id")
                where = f"{label} {index}" + (f" (id {ident})" if type(ident) is int else "")
                problems.append(Problem(source.name, where, " ".join(fields.faults)))
                continue
        built.append(item)
    return built, problems


R = TypeVar("R", Contact, Exchange)


def _first_of_each_id(
    records: list[R], kind: str, source: TextFile, problems: list[Problem]
) -> list[R]:
    """The records in order, each id kept once; every repeat is reported in ``problems``."""
    seen: set[int] = set()
    unique: list[R] = []
    for record in records:
        assert record.id is not None
        if record.id in seen:
            problems.append(Problem(source.name, f"{kind} id {record.id}", "the id is used twice."))
        else:
            seen.add(record.id)
            unique.append(record)
    return unique


def parse_journal_json(source: TextFile, progress: Progress, now: datetime) -> ParsedJournal:
    """The contacts and exchanges of a JSON export, each checked; ids are kept."""
    document = _load(source)
    contact_records = _records(document, "contacts", source.name)
    exchange_records = _records(document, "exchanges", source.name)

    contacts, problems = _each(contact_records, "contact", source, progress, _contact)
    unique_contacts = _first_of_each_id(contacts, "contact", source, problems)
    known = {contact.id for contact in unique_contacts if contact.id is not None}
    # Exchanges of a contact that is refused are refused too, with that reason.
    refused = {
        ident
        for record in contact_records
        if isinstance(record, dict) and type(ident := record.get("id")) is int
    } - known

    def build_exchange(fields: _Fields) -> Exchange:
        exchange = _exchange(fields, now)
        if "contact_id" in fields.record and not fields.faults:
            if exchange.contact_id in refused:
                fields.faults.append(f"its contact (id {exchange.contact_id}) is not imported.")
            elif exchange.contact_id not in known:
                fields.faults.append(
                    f"contact_id {exchange.contact_id} is not a contact in this file."
                )
        return exchange

    written_fields = (
        EXCHANGE_FIELDS_BEFORE_GROUPS if document["format_version"] == 1 else EXCHANGE_FIELDS
    )

    def exported_exchange(record: dict[str, object]) -> Exchange | None:
        return _exported_exchange(record, known, now, written_fields)

    exchanges, exchange_problems = _each(
        exchange_records, "exchange", source, progress, build_exchange, quick=exported_exchange
    )
    unique_exchanges = _first_of_each_id(exchanges, "exchange", source, exchange_problems)
    return ParsedJournal(unique_contacts, unique_exchanges, problems + exchange_problems)
