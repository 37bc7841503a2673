"""ImportService: preview what files would add, then apply it in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ixcoach_desktop.collector import collector_paused
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.importing.csv_contacts import parse_contacts_csv
from ixcoach_desktop.services.importing.duplicates import KnownPeople
from ixcoach_desktop.services.importing.json_journal import parse_journal_json
from ixcoach_desktop.services.importing.records import (
    ImportPlan,
    ImportReport,
    IncomingContact,
    InvalidRecordsError,
    ParsedJournal,
    Problem,
)
from ixcoach_desktop.services.importing.text_files import FileFormat, read_text
from ixcoach_desktop.services.importing.vcard import parse_vcards
from ixcoach_desktop.services.progress import Progress
from ixcoach_desktop.storage.journal import Journal


class JournalNotEmptyError(ServiceError):
    """A JSON export only goes into an empty journal; this one has entries."""

    def __init__(self, contacts: int, exchanges: int) -> None:
        super().__init__(
            f"The journal already holds {contacts} contacts and {exchanges} exchanges. "
            "A JSON export restores a whole journal with its ids, so it only goes into "
            "an empty one: open an empty data folder and import it there."
        )


def _refuse_unless_empty(contacts: int, exchanges: int) -> None:
    if contacts or exchanges:
        raise JournalNotEmptyError(contacts, exchanges)


class ImportService:
    """Contacts from vCard and CSV files, or a whole journal from a JSON export.

    ``preview`` reads and checks everything and writes nothing; ``apply``
    writes a preview in one transaction: all of it, or, when a record is
    invalid and skipping was not asked for, nothing.
    """

    def __init__(self, journal: Journal, clock: Clock = system_clock) -> None:
        self._journal = journal
        self._clock = clock

    def preview(self, paths: Sequence[Path], progress: Progress | None = None) -> ImportPlan:
        """What importing ``paths`` would add, skip as duplicate and reject.

        Raises UnreadableFileError when a whole file cannot be read, and
        JournalNotEmptyError for a JSON export aimed at a journal with entries.
        """
        progress = progress or Progress()
        if not paths:
            raise ServiceError("Choose at least one file to import.")
        sources = []
        for index, path in enumerate(paths):
            progress.step(index, len(paths), f"Opening {path.name}")
            sources.append(read_text(path))
        if any(source.format is FileFormat.JSON for source in sources):
            if len(sources) > 1:
                raise ServiceError(
                    "A JSON export restores a whole journal; import it on its own, "
                    "not together with other files."
                )
            return self._preview_restore(parse_journal_json(sources[0], progress, self._clock()))
        incoming: list[IncomingContact] = []
        invalid: list[Problem] = []
        notices: list[str] = []
        for source in sources:
            if source.format is FileFormat.VCARD:
                parsed = parse_vcards(source, progress)
            else:
                parsed = parse_contacts_csv(source, progress)
            incoming += parsed.contacts
            invalid += parsed.problems
            notices += parsed.notices
        progress.step(0, 1, "Looking for duplicates")
        with self._journal.reader() as reader:
            known = KnownPeople(reader.identities())
        contacts, duplicates = known.sift(incoming)
        return ImportPlan(tuple(contacts), tuple(duplicates), tuple(invalid), tuple(notices))

    def _preview_restore(self, parsed: ParsedJournal) -> ImportPlan:
        with self._journal.reader() as reader:
            _refuse_unless_empty(reader.contact_count(), reader.exchange_count())
        return ImportPlan((), (), tuple(parsed.problems), restore=parsed)

    def apply(
        self, plan: ImportPlan, *, skip_invalid: bool, progress: Progress | None = None
    ) -> ImportReport:
        """Write a preview in one transaction and report what was added and skipped.

        Duplicates are checked again inside the transaction, against the
        journal as it is now. Raises InvalidRecordsError, writing nothing,
        when the plan has invalid records and ``skip_invalid`` is false.
        """
        progress = progress or Progress()
        if plan.invalid and not skip_invalid:
            raise InvalidRecordsError(plan.invalid)
        progress.step(0, 1, "Saving")
        now = self._clock()
        with self._journal.unit_of_work() as uow:
            if plan.restore is not None:
                _refuse_unless_empty(uow.contacts.count(), uow.exchanges.count())
                contacts = uow.contacts.add_many(plan.restore.contacts, now)
                exchanges = uow.exchanges.restore_many(plan.restore.exchanges, now)
                duplicates = plan.duplicates
            else:
                known = KnownPeople(uow.contacts.identities())
                new, late_duplicates = known.sift(plan.contacts)
                contacts = uow.contacts.add_many((item.contact for item in new), now)
                exchanges = 0
                duplicates = plan.duplicates + tuple(late_duplicates)
            # The last moment a cancel can still leave the journal untouched.
            progress.check()
            uow.commit()
        progress.step(1, 1, "Saved")
        return ImportReport(contacts, exchanges, duplicates, plan.invalid, plan.notices)

    def import_files(
        self, paths: Sequence[Path], *, skip_invalid: bool, progress: Progress | None = None
    ) -> ImportReport:
        """Preview and apply in one go, as the command line does."""
        with collector_paused():
            plan = self.preview(paths, progress)
            return self.apply(plan, skip_invalid=skip_invalid, progress=progress)
