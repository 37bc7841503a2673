"""One open journal and the services over it, built by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.services.contacts import ContactService
from ixcoach_desktop.services.demo import DemoService
from ixcoach_desktop.services.errors import translated_errors
from ixcoach_desktop.services.exchanges import ExchangeService
from ixcoach_desktop.services.exporting import ExportService
from ixcoach_desktop.services.guidance import GuidanceService
from ixcoach_desktop.services.importing.service import ImportService
from ixcoach_desktop.storage.journal import Journal, open_journal


@dataclass(frozen=True, slots=True)
class JournalSession:
    """The services of one open journal; close it when done."""

    data_dir: Path
    journal_path: Path
    contacts: ContactService
    exchanges: ExchangeService
    guidance: GuidanceService
    demo: DemoService
    imports: ImportService
    exports: ExportService
    _journal: Journal

    def close(self) -> None:
        self._journal.close()


def open_session(data_dir: Path, clock: Clock = system_clock) -> JournalSession:
    """Open the journal in ``data_dir`` (creating and migrating it as needed).

    Raises JournalUnusableError (or NewerJournalVersionError) with a message
    for the user when the journal cannot be used.
    """
    with translated_errors():
        journal = open_journal(data_dir)
    return JournalSession(
        data_dir=data_dir,
        journal_path=journal.path,
        contacts=ContactService(journal, clock),
        exchanges=ExchangeService(journal, clock),
        guidance=GuidanceService(journal, clock),
        demo=DemoService(journal, clock),
        imports=ImportService(journal, clock),
        exports=ExportService(journal),
        _journal=journal,
    )
