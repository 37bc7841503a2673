"""The whole journal out to open formats: one JSON file, or contacts.csv and exchanges.csv.

The formats are documented for users in docs/export-format.md; keep both in
step, and raise FORMAT_VERSION when a field changes meaning or disappears.

Exports are deterministic (records in id order, no export timestamp), so the
same journal always gives byte-identical files: a backup can be compared
with a hash. Files are written under a temporary name and renamed into
place, so a crash or a full disk never leaves a half-written export, and are
created readable by the owner only, like the journal itself.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

from ixcoach_desktop import APP_NAME, __version__
from ixcoach_desktop.collector import collector_paused
from ixcoach_desktop.domain.models import CONTACT_FIELDS, EXCHANGE_FIELDS, Contact, Exchange
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.json_records import JsonValue, contact_record, exchange_record
from ixcoach_desktop.services.progress import Progress
from ixcoach_desktop.storage.journal import Journal

FORMAT_VERSION = 2
CONTACTS_CSV = "contacts.csv"
EXCHANGES_CSV = "exchanges.csv"
# Excel only reads a CSV file as UTF-8 when it starts with a byte-order mark;
# LibreOffice and Python's csv module (encoding="utf-8-sig") accept it too.
CSV_ENCODING = "utf-8-sig"
# Topics inside one CSV cell: the comma is the column separator.
CSV_TOPIC_SEPARATOR = ";"
PROGRESS_EVERY = 5_000

# exchanges.csv repeats the contact's name so the sheet reads on its own.
EXCHANGE_CSV_FIELDS = ("id", "contact_id", "contact_name", *EXCHANGE_FIELDS[2:])

# Non-ASCII kept as UTF-8: names and notes stay readable in any editor. A
# record is a flat object built here and cannot hold itself, so the check
# for circular references is skipped: it is a good share of each record's
# encoding in a large export (docs/performance.md).
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What was written where."""

    format: ExportFormat
    files: tuple[Path, ...]
    contacts: int
    exchanges: int


def _csv_cell(value: JsonValue) -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return CSV_TOPIC_SEPARATOR.join(value)
    return value


@contextmanager
def _replacing(target: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file that replaces ``target`` only once it is completely written.

    Line ends are written as given ("\n" in JSON, csv's "\r\n"), the same
    on every platform.
    """
    fd, temporary_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.parent
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _json_array(handle: IO[str], key: str, records: Iterable[dict[str, JsonValue]]) -> None:
    """One record per line: readable, diff-friendly, and compact."""
    handle.write(f',\n  "{key}": [')
    separator = "\n    "
    for record in records:
        handle.write(separator)
        handle.write(_ENCODER.encode(record))
        separator = ",\n    "
    handle.write("\n  ]" if separator != "\n    " else "]")


class ExportService:
    """Writes the whole journal to JSON or CSV."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    def export(
        self, fmt: ExportFormat, destination: Path, progress: Progress | None = None
    ) -> ExportSummary:
        """Write the journal as ``fmt``: a JSON file, or a folder for the two CSV files."""
        progress = progress or Progress()
        try:
            with collector_paused():
                if fmt is ExportFormat.JSON:
                    return self._export_json(destination, progress)
                return self._export_csv(destination, progress)
        except OSError as error:
            raise ServiceError(
                f"Cannot write the export to {destination}: {error.strerror or error}."
            ) from error

    def _snapshot(self, progress: Progress) -> tuple[list[Contact], list[Exchange]]:
        """Contacts and exchanges from one read transaction, so they agree."""
        progress.step(0, 1, "Reading the journal")
        with self._journal.reader() as reader:
            total = reader.exchange_count()
            contacts = sorted(reader.contacts(include_archived=True), key=_by_id)
            exchanges: list[Exchange] = []
            for exchange in reader.all_exchanges():
                if len(exchanges) % PROGRESS_EVERY == 0:
                    progress.step(len(exchanges), total, "Reading the journal")
                exchanges.append(exchange)
        return contacts, exchanges

    def _refuse_journal_files(self, target: Path) -> None:
        journal = self._journal.path.resolve()
        protected = {journal, *(journal.with_name(journal.name + s) for s in ("-wal", "-shm"))}
        if target.resolve() in protected:
            raise ServiceError(
                f"{target} is the journal itself; choose another name for the export."
            )

    def _export_json(self, destination: Path, progress: Progress) -> ExportSummary:
        if destination.is_dir():
            raise ServiceError(
                f"{destination} is a folder; give a file name for the JSON export, "
                "such as journal.json."
            )
        if not destination.parent.is_dir():
            raise ServiceError(f"The folder {destination.parent} does not exist.")
        self._refuse_journal_files(destination)
        contacts, exchanges = self._snapshot(progress)
        with _replacing(destination) as handle:
            handle.write(
                f'{{\n  "format_version": {FORMAT_VERSION},\n'
                f'  "app": "{APP_NAME}",\n  "app_version": "{__version__}"'
            )
            _json_array(handle, "contacts", map(contact_record, contacts))
            _json_array(
                handle,
                "exchanges",
                map(
                    exchange_record, _reporting(exchanges, progress, f"Writing {destination.name}")
                ),
            )
            handle.write("\n}\n")
            progress.check()
        return ExportSummary(ExportFormat.JSON, (destination,), len(contacts), len(exchanges))

    def _export_csv(self, folder: Path, progress: Progress) -> ExportSummary:
        if folder.exists() and not folder.is_dir():
            raise ServiceError(
                f"{folder} is a file; the CSV export needs a folder to hold "
                f"{CONTACTS_CSV} and {EXCHANGES_CSV}."
            )
        folder.mkdir(parents=True, exist_ok=True)
        contacts_path, exchanges_path = folder / CONTACTS_CSV, folder / EXCHANGES_CSV
        for target in (contacts_path, exchanges_path):
            self._refuse_journal_files(target)
        contacts, exchanges = self._snapshot(progress)
        names = {contact.id: contact.name for contact in contacts}
        with _replacing(contacts_path, CSV_ENCODING) as handle:
            writer = csv.writer(handle)
            writer.writerow(CONTACT_FIELDS)
            for contact in contacts:
                writer.writerow(_csv_cell(v) for v in contact_record(contact).values())
        with _replacing(exchanges_path, CSV_ENCODING) as handle:
            writer = csv.writer(handle)
            writer.writerow(EXCHANGE_CSV_FIELDS)
            for exchange in _reporting(exchanges, progress, f"Writing {EXCHANGES_CSV}"):
                cells = [_csv_cell(v) for v in exchange_record(exchange).values()]
                cells.insert(2, names.get(exchange.contact_id, ""))
                writer.writerow(cells)
            progress.check()
        return ExportSummary(
            ExportFormat.CSV, (contacts_path, exchanges_path), len(contacts), len(exchanges)
        )


def _by_id(contact: Contact) -> int:
    return contact.id or 0


def _reporting(exchanges: list[Exchange], progress: Progress, stage: str) -> Iterator[Exchange]:
    """The exchanges, reporting progress (and noticing a cancel) as they are written."""
    for index, exchange in enumerate(exchanges):
        if index % PROGRESS_EVERY == 0:
            progress.step(index, len(exchanges), stage)
        yield exchange
