"""What an import found and did, as plain values the command line and the window show."""

from __future__ import annotations

from dataclasses import dataclass, field

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.services.errors import ServiceError


@dataclass(frozen=True, slots=True)
class Problem:
    """One record (or whole file) that cannot be imported, and why.

    ``location`` says where in the file: "card 3, line 18" for vCard, "line 7"
    for CSV, "exchange 12 (id 345)" for JSON; empty when the whole file is
    at fault.
    """

    file: str
    location: str
    reason: str

    def __str__(self) -> str:
        if not self.location:
            return f"{self.file} {self.reason}"
        return f"{self.file}: {self.location}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A record left out because the journal (or this import) already has that person."""

    file: str
    location: str
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.name!r} {self.reason}"


@dataclass(frozen=True, slots=True)
class IncomingContact:
    """A valid contact read from a file, with where it came from for the report."""

    contact: Contact
    file: str
    location: str


@dataclass(frozen=True, slots=True)
class ParsedContacts:
    """What a vCard or CSV file held: the readable contacts and the rejected records."""

    contacts: list[IncomingContact]
    problems: list[Problem]
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParsedJournal:
    """What a JSON export held: contacts and exchanges with their ids kept."""

    contacts: list[Contact]
    exchanges: list[Exchange]
    problems: list[Problem]


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """The preview: what an import would add, skip and reject, computed without writing.

    ``restore`` is set for a JSON export, which fills an empty journal with
    the contacts and exchanges exactly as exported (ids kept).
    """

    contacts: tuple[IncomingContact, ...]
    duplicates: tuple[Duplicate, ...]
    invalid: tuple[Problem, ...]
    notices: tuple[str, ...] = ()
    restore: ParsedJournal | None = None

    @property
    def contacts_to_add(self) -> int:
        return len(self.restore.contacts) if self.restore else len(self.contacts)

    @property
    def exchanges_to_add(self) -> int:
        return len(self.restore.exchanges) if self.restore else 0


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: counts added, and every record skipped with its reason."""

    contacts_added: int
    exchanges_added: int
    duplicates: tuple[Duplicate, ...]
    invalid_skipped: tuple[Problem, ...]
    notices: tuple[str, ...] = ()


class UnreadableFileError(ServiceError):
    """A whole file cannot be imported (empty, binary, too big, wrong type...)."""

    def __init__(self, file: str, reason: str) -> None:
        self.problem = Problem(file, "", reason)
        super().__init__(str(self.problem))


class InvalidRecordsError(ServiceError):
    """Some records are invalid and skipping them was not asked for; nothing was imported."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        count = len(problems)
        records = "record" if count == 1 else "records"
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"Nothing was imported: {count} invalid {records}.\n{lines}")
