"""One open journal and the services over it, built by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.services.contacts import ContactService
from ixcoach_desktop.services.drafts import DraftService
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.exchanges import ExchangeService
from ixcoach_desktop.services.instance_lock import COMMAND_WRITER, WriterLock, acquire_writer_lock
from ixcoach_desktop.services.integrity import EarlyHealthCheck
from ixcoach_desktop.services.privacy import JournalKey, PrivacyService, is_protected
from ixcoach_desktop.services.relationships import GuidanceService
from ixcoach_desktop.storage.journal import Journal, open_journal

# Built on first use: the window's first frame needs none of them, and their
# modules (parsers, writers, the demo generator) are a noticeable part of
# start-up's import time.
if TYPE_CHECKING:
    from ixcoach_desktop.services.demo import DemoService
    from ixcoach_desktop.services.exporting import ExportService
    from ixcoach_desktop.services.importing.service import ImportService


# Not slotted: the lazily built services are cached in the instance's __dict__.
@dataclass(frozen=True)
class JournalSession:
    """The services of one open journal; close it when done."""

    data_dir: Path
    journal_path: Path
    contacts: ContactService
    exchanges: ExchangeService
    guidance: GuidanceService
    backups: BackupService
    drafts: DraftService
    # The key of a protected journal; None for a plain one.
    key: JournalKey | None
    # Why plain copies beside a protected journal could not be encrypted at opening.
    protection_problem: str | None
    _journal: Journal
    _clock: Clock
    _writer_lock: WriterLock | None
    # The start-up backup was left to warm_up() (see open_session).
    _backup_at_warm_up: bool

    @property
    def protected(self) -> bool:
        return self.key is not None

    @cached_property
    def demo(self) -> DemoService:
        from ixcoach_desktop.services.demo import DemoService

        return DemoService(self._journal, self._clock)

    @cached_property
    def imports(self) -> ImportService:
        from ixcoach_desktop.services.importing.service import ImportService

        return ImportService(self._journal, self._clock)

    @cached_property
    def exports(self) -> ExportService:
        from ixcoach_desktop.services.exporting import ExportService

        return ExportService(self._journal)

    def warm_up(self) -> None:
        """Prepare the write path now, so the first save does not wait for its imports.

        Opening a journal imports only what reading needs (see storage/journal.py);
        the window calls this on a worker thread once its first frame is up.
        It also takes the start-up backup when open_session left it for later;
        ServiceError then says why none could be taken (the journal stays usable).
        """
        self._journal.warm_up()
        if self._backup_at_warm_up:
            self.backups.backup_if_due()
            if self.backups.automatic_backup_problem:
                raise ServiceError(self.backups.automatic_backup_problem)

    def close(self) -> None:
        self._journal.close()
        if self._writer_lock is not None:
            self._writer_lock.release()


def open_session(
    data_dir: Path,
    clock: Clock = system_clock,
    *,
    writer: str | None = COMMAND_WRITER,
    key: JournalKey | None = None,
    early_check: EarlyHealthCheck | None = None,
    backup_at_warm_up: bool = False,
) -> JournalSession:
    """Open the journal in ``data_dir`` (creating and migrating it as needed).

    ``writer`` takes the data folder's writer lock for the session's life
    (see instance_lock), naming this process to anyone refused; pass None
    only for read-only uses, which may then run beside the window. The
    journal is quick-checked before it is written to, backed up before a
    migration, and backed up at start-up when due (see BackupService):
    here, so a command's work comes after it, or with ``backup_at_warm_up``
    in JournalSession.warm_up(), which the window runs on its worker after
    its first frame (a copy of a large journal takes long enough to delay it).

    A protected journal needs its ``key`` (see services/privacy.py); its
    backups and drafts are then encrypted with it too. A plain journal
    ignores ``key``.

    ``early_check`` (see start_health_check) is the quick-check already
    under way; its verdict is awaited where the check would otherwise run.

    Raises JournalUnusableError (JournalInUseError, JournalDamagedError,
    NewerJournalVersionError, PassphraseRequiredError, WrongPassphraseError)
    with a message for the user when the journal cannot be used.
    """
    lock = None if writer is None else acquire_writer_lock(data_dir, writer)
    try:
        # Before the journal is opened here: the key is only used for a protected file.
        file_key = key if is_protected(data_dir) else None
        backups = BackupService(data_dir, clock, file_key)
        journal = open_journal(
            data_dir,
            before_migration=backups.before_migration,
            key=file_key,
            early_check=early_check,
        )
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    protection_problem = None
    if lock is not None:
        # Only the writer rotates backups; a reader beside the window must not race it.
        if not backup_at_warm_up:
            backups.backup_if_due()
        if file_key is not None:
            try:
                PrivacyService(data_dir).seal_leftovers(file_key)
            except ServiceError as error:
                protection_problem = f"Some copies of the journal are not encrypted: {error}"
    return JournalSession(
        data_dir=data_dir,
        journal_path=journal.path,
        contacts=ContactService(journal, clock),
        exchanges=ExchangeService(journal, clock),
        guidance=GuidanceService(journal, clock),
        backups=backups,
        drafts=DraftService(data_dir, clock, file_key),
        key=file_key,
        protection_problem=protection_problem,
        _journal=journal,
        _clock=clock,
        _writer_lock=lock,
        _backup_at_warm_up=backup_at_warm_up and lock is not None,
    )
