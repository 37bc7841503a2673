"""Contacts from a spreadsheet: a CSV file whose header row names a ``name`` column.

Optional columns (any case; spaces or hyphens count as underscores):
``kind``, ``cadence_days``, ``notes``, ``birthday`` (YYYY-MM-DD), ``archived``
(true/false, yes/no, 1/0) and ``vcard_uid``. Other columns are ignored and
named in the report. Commas, semicolons (European Excel) and tabs are all
recognised as separators. The column list is documented in
docs/export-format.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TypeVar

from ixcoach_desktop.domain.models import DEFAULT_CADENCE_DAYS, Contact
from ixcoach_desktop.domain.scales import RelationshipKind
from ixcoach_desktop.domain.validation import (
    Fault,
    InvalidInputError,
    contact_faults,
    parse_choice,
)
from ixcoach_desktop.services.importing.records import (
    IncomingContact,
    ParsedContacts,
    Problem,
    UnreadableFileError,
)
from ixcoach_desktop.services.importing.text_files import TextFile
from ixcoach_desktop.services.progress import Progress

NAME_COLUMN = "name"
OPTIONAL_COLUMNS = ("kind", "cadence_days", "notes", "birthday", "archived", "vcard_uid")
_SEPARATORS = (",", ";", "\t")
_TRUE = frozenset(("true", "yes", "y", "1", "x"))
_FALSE = frozenset(("false", "no", "n", "0", ""))
# The columns of our own exchanges.csv: a hint when it is imported as contacts.
_EXCHANGE_COLUMNS = frozenset(("contact_id", "occurred_at", "my_level"))

PROGRESS_EVERY = 500

T = TypeVar("T")


def _column_key(header: str) -> str:
    return "_".join(header.strip().casefold().replace("-", " ").split())


def _separator(text: str) -> str:
    """The separator used in the header line: the most frequent of , ; and tab."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(_SEPARATORS, key=first.count)


def _header(row: list[str], name: str) -> tuple[dict[str, int], list[str]]:
    """Column index of each known column, and the names of the ignored ones."""
    keys = [_column_key(cell) for cell in row]
    if NAME_COLUMN not in keys:
        found = ", ".join(repr(cell.strip()) for cell in row if cell.strip()) or "nothing"
        if set(keys) >= _EXCHANGE_COLUMNS:
            hint = (
                " This is an exchanges export; to restore a whole journal, "
                "import its JSON export instead."
            )
        else:
            hint = " The first row must name the columns, with at least one called 'name'."
        raise UnreadableFileError(name, f"has no 'name' column (header row: {found}).{hint}")
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, key in enumerate(keys):
        if key in columns:
            raise UnreadableFileError(name, f"names the column {row[index].strip()!r} twice.")
        if key == NAME_COLUMN or key in OPTIONAL_COLUMNS:
            columns[key] = index
        elif key:
            ignored.append(row[index].strip())
    return columns, ignored


def _archived(text: str) -> bool:
    lowered = text.casefold()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(text)


def _birthday(text: str) -> date | None:
    return date.fromisoformat(text)


def _kind(text: str) -> RelationshipKind:
    return parse_choice(RelationshipKind, "kind", text)


def _contact(values: dict[str, str]) -> Contact:
    faults: list[Fault] = []

    def parsed(key: str, parse: Callable[[str], T], default: T, message: str) -> T:
        text = values.get(key, "").strip()
        if not text:
            return default
        try:
            return parse(text)
        except ValueError:  # InvalidInputError is one too
            faults.append(Fault(key, message.format(text)))
            return default

    kinds = ", ".join(kind.value for kind in RelationshipKind)
    contact = Contact(
        name=values.get(NAME_COLUMN, ""),
        kind=parsed(
            "kind",
            _kind,
            RelationshipKind.FRIEND,
            f"Unknown relationship kind {{!r}}; use one of: {kinds}.",
        ),
        cadence_days=parsed(
            "cadence_days",
            int,
            DEFAULT_CADENCE_DAYS,
            "cadence_days must be a whole number of days, not {!r}.",
        ),
        notes=values.get("notes", "").replace("\r\n", "\n").strip(),
        birthday=parsed(
            "birthday",
            _birthday,
            None,
            "The birthday {!r} is not a date written as YYYY-MM-DD.",
        ),
        archived=parsed("archived", _archived, False, "archived must be true or false, not {!r}."),
        vcard_uid=values.get("vcard_uid", "").strip() or None,
    )
    contact = replace(contact, name=" ".join(contact.name.split()))
    faults += contact_faults(contact)
    if faults:
        raise InvalidInputError(faults)
    return contact


def parse_contacts_csv(source: TextFile, progress: Progress) -> ParsedContacts:
    """Every row of a contacts CSV: valid ones as contacts, the others as problems."""
    name = source.name
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=_separator(source.text))
    total_lines = source.text.count("\n") + 1
    contacts: list[IncomingContact] = []
    problems: list[Problem] = []
    header: list[str] = []
    columns: dict[str, int] = {}
    ignored: list[str] = []
    next_line = 1
    try:
        for row in reader:
            line, next_line = next_line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if not header:
                header = row
                columns, ignored = _header(row, name)
                continue
            if (len(contacts) + len(problems)) % PROGRESS_EVERY == 0:
                progress.step(line, total_lines, f"Reading {name}")
            location = f"line {line}"
            if any(cell.strip() for cell in row[len(header) :]):
                reason = (
                    f"the row has {len(row)} fields but the header row names {len(header)} columns."
                )
                problems.append(Problem(name, location, reason))
                continue
            values = {key: row[index] if index < len(row) else "" for key, index in columns.items()}
            try:
                contacts.append(IncomingContact(_contact(values), name, location))
            except InvalidInputError as error:
                reason = " ".join(fault.message for fault in error.faults)
                problems.append(Problem(name, location, reason))
    except csv.Error as error:
        raise UnreadableFileError(
            name, f"is not valid CSV at line {reader.line_num} ({error})."
        ) from None
    if not header:
        raise UnreadableFileError(name, "is empty.")
    if not contacts and not problems:
        raise UnreadableFileError(name, "has a header row but no contacts below it.")
    columns_word = "column" if len(ignored) == 1 else "columns"
    shown = ", ".join(map(repr, ignored))
    notices = [f"{name}: ignored the {columns_word} {shown}."] if ignored else []
    return ParsedContacts(contacts, problems, notices)
