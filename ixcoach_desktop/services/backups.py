"""Backups of the journal: taken on request, at start-up and before migrations; rotated.

Backups live in ``<data folder>/backups/`` as single self-contained SQLite
files named as backup_policy.py says (0600, folder 0700), each verified with
integrity_check before it is given its name. Files in that folder with any
other name are never touched. Restoring one is restore.py's.

A protected journal's backups are encrypted with its key (docs/privacy.md).
"""

from __future__ import annotations

import time
from datetime import UTC, timedelta
from pathlib import Path

from ixcoach_desktop.services.backup_policy import (
    AUTOMATIC_INTERVAL,
    BackupInfo,
    BackupReason,
    backup_name,
    backups_to_keep,
    parse_backup_name,
)
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.services.data_folder import LEFTOVER_AGE, backups_folder
from ixcoach_desktop.services.errors import JournalUnusableError, NotFoundError, ServiceError
from ixcoach_desktop.services.keys import JournalKey
from ixcoach_desktop.services.restore import (
    RestoreResult,
    replace_journal,
    set_aside_damaged,
    validate_backup,
)
from ixcoach_desktop.storage.copying import copy_journal, modified_at, read_scalar, table_exists
from ixcoach_desktop.storage.file_checks import ensure_healthy
from ixcoach_desktop.storage.journal_file import FOLDER_MODE, journal_path


class BackupService:
    """Backups of the journal in one data folder.

    Needs no open journal: copies are read from the file with a read-only
    connection, so it works while the window writes, and before the journal
    is opened (before a migration, or to repair a damaged one).

    ``key`` is the key of a protected journal (None for a plain one): its
    backups are written with it, and encrypted backups are read with it.
    """

    def __init__(
        self, data_dir: Path, clock: Clock = system_clock, key: JournalKey | None = None
    ) -> None:
        self._data_dir = data_dir
        self._clock = clock
        self._key = key
        self.automatic_backup_problem: str | None = None

    @property
    def key(self) -> JournalKey | None:
        return self._key

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def folder(self) -> Path:
        return backups_folder(self._data_dir)

    @property
    def journal_path(self) -> Path:
        return journal_path(self._data_dir)

    def all(self) -> list[BackupInfo]:
        """Every backup in the backups folder, newest first."""
        try:
            entries = list(self.folder.iterdir())
        except FileNotFoundError:
            return []
        except OSError as error:
            raise JournalUnusableError(
                f"Cannot read the backups folder {self.folder}: {error.strerror}."
            ) from error
        found = []
        for entry in entries:
            parsed = parse_backup_name(entry.name)
            if parsed is None:
                continue
            try:
                size = entry.stat().st_size
            except OSError:
                continue  # removed by a concurrent rotation
            found.append(BackupInfo(entry, parsed[0], parsed[1], size))
        return sorted(found, key=lambda b: b.taken_at, reverse=True)

    def backup_now(self, reason: BackupReason = BackupReason.MANUAL) -> BackupInfo:
        """Write a verified copy of the journal into the backups folder, then rotate."""
        journal = self.journal_path
        if not journal.is_file() or journal.stat().st_size == 0:
            raise NotFoundError(f"There is no journal in {self._data_dir} to back up.")
        # A damaged journal gets the same message everywhere, and its copy
        # never rotates a good backup away.
        ensure_healthy(journal, self._key)
        self._prepare_folder()
        taken_at = self._clock().astimezone(UTC)
        destination = self.folder / backup_name(taken_at, reason)
        while destination.exists():  # two backups within one microsecond
            taken_at += timedelta(microseconds=1)
            destination = self.folder / backup_name(taken_at, reason)
        copy_journal(journal, destination, source_key=self._key, destination_key=self._key)
        info = BackupInfo(destination, taken_at, reason, destination.stat().st_size)
        self.rotate()
        return info

    def backup_if_due(self) -> BackupInfo | None:
        """The start-up backup: only if the journal changed since the newest backup
        and that one is older than AUTOMATIC_INTERVAL.

        Never raises: a journal that opens must stay usable even when no backup
        can be written (a full disk); the reason is kept in
        ``automatic_backup_problem`` (JournalSession.warm_up raises it for the window).
        """
        self.automatic_backup_problem = None
        try:
            if not self._backup_due():
                return None
            return self.backup_now(BackupReason.AUTOMATIC)
        except ServiceError as error:
            self.automatic_backup_problem = f"No automatic backup was taken: {error}"
            return None

    def before_migration(self, journal: Path) -> None:
        """open_journal's hook: always back up an existing journal before migrating it.

        Raises JournalUnusableError so that open_journal migrates nothing
        when the backup fails.
        """
        try:
            self.backup_now(BackupReason.BEFORE_MIGRATION)
        except ServiceError as error:
            raise JournalUnusableError(
                f"The journal {journal} needs updating to this version, but no backup "
                f"could be taken first ({error}); it was not changed."
            ) from error

    def rotate(self) -> list[Path]:
        """Delete the backups no KEEP_* rule keeps, and crash leftovers; return what went."""
        backups = self.all()
        keep = backups_to_keep(backups)
        removed = [b.path for b in backups if b.path not in keep]
        for path in removed:
            path.unlink(missing_ok=True)
        cutoff = time.time() - LEFTOVER_AGE.total_seconds()
        for leftover in self.folder.glob(".journal-*.tmp*"):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
            except FileNotFoundError:
                continue
        return removed

    def newest_good(self) -> BackupInfo | None:
        """The newest backup that passes quick_check and this version can open."""
        for backup in self.all():
            try:
                validate_backup(backup.path, self._key, full=False)
            except ServiceError:
                continue
            return backup
        return None

    def resolve(self, name_or_path: str) -> Path:
        """A backup given as a path, or as a file name in the backups folder."""
        given = Path(name_or_path).expanduser()
        if given.is_file():
            return given
        in_folder = self.folder / name_or_path
        if in_folder.is_file():
            return in_folder
        raise NotFoundError(
            f"There is no backup {name_or_path!r}: neither a file of that name nor one "
            f"in {self.folder}."
        )

    def restore(self, backup: Path) -> RestoreResult:
        """Make ``backup`` the journal; the current journal is moved aside, never deleted.

        The journal must not be open in this process (the window closes its
        session first); another process holding it makes this raise
        JournalInUseError. The backup is verified (integrity_check, schema
        version) and copied into the data folder before anything is moved.
        """
        return replace_journal(
            self._data_dir,
            backup,
            key=self._key,
            clock=self._clock,
            kept_kind="journal-before-restore",
        )

    def replace_damaged(self, backup: Path) -> RestoreResult:
        """Like restore, for a journal that failed its checks: it is kept as journal-damaged-…."""
        return replace_journal(
            self._data_dir, backup, key=self._key, clock=self._clock, kept_kind="journal-damaged"
        )

    def set_aside_damaged(self) -> Path | None:
        """Rename a damaged journal (with its WAL) to journal-damaged-…, so a new one can start."""
        return set_aside_damaged(self._data_dir, self._clock)

    def _backup_due(self) -> bool:
        changed = modified_at(self.journal_path)
        if changed is None:
            return False
        backups = self.all()
        if backups:
            newest = backups[0].taken_at
            if self._clock() - newest < AUTOMATIC_INTERVAL or changed <= newest:
                return False
        # An empty journal (a first start) has nothing worth a copy.
        return table_exists(self.journal_path, "contacts", key=self._key) and bool(
            read_scalar(self.journal_path, "SELECT EXISTS (SELECT 1 FROM contacts)", key=self._key)
        )

    def _prepare_folder(self) -> None:
        try:
            self.folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
            if self.folder.stat().st_mode & 0o077:
                self.folder.chmod(FOLDER_MODE)
        except OSError as error:
            raise JournalUnusableError(
                f"Cannot create the backups folder {self.folder}: {error.strerror}."
            ) from error
