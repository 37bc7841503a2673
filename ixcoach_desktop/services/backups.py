"""Backups of the journal: taken on request, at start-up and before migrations; rotated; restored.

Backups live in ``<data folder>/backups/`` as single self-contained SQLite
files named ``journal-<UTC time>Z-<reason>.sqlite3`` (0600, folder 0700),
each verified with integrity_check before it is given its name. Files in
that folder with any other name are never touched. Restoring never deletes
anything: the journal it replaces is renamed ``journal-before-restore-…``
(or ``journal-damaged-…``) in the data folder, with its WAL, and kept.

A protected journal's backups are encrypted with its key (docs/privacy.md),
and a restored journal is protected exactly when the journal it replaces
was: restoring never silently removes protection.
"""

from __future__ import annotations

import builtins
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path

from ixcoach_desktop.domain.errors import summarize
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.services.errors import (
    JournalUnusableError,
    NewerJournalVersionError,
    NotFoundError,
    PassphraseRequiredError,
    ServiceError,
)
from ixcoach_desktop.services.instance_lock import acquire_writer_lock
from ixcoach_desktop.services.keys import JournalKey
from ixcoach_desktop.storage.cipher import is_encrypted
from ixcoach_desktop.storage.copying import (
    copy_journal,
    modified_at,
    read_scalar,
    set_aside,
    table_exists,
)
from ixcoach_desktop.storage.file_checks import (
    ensure_healthy,
    has_sqlite_header,
    integrity_check,
    quick_check,
)
from ixcoach_desktop.storage.journal_file import FOLDER_MODE, fsync_path, journal_path
from ixcoach_desktop.storage.schema import KNOWN_REVISIONS

BACKUPS_DIRNAME = "backups"

# Start-up takes a backup at most this often (and only if the journal changed):
# a day of entries is the most a user could lose, and a journal that is opened
# many times a day does not fill the disk with near-identical copies.
AUTOMATIC_INTERVAL = timedelta(days=1)

# Rotation, in the spirit of Anki and of restic's --keep-daily/weekly/monthly.
# Each rule keeps the newest backup of each of the last N periods that have
# one; a backup kept by any rule stays. With journals of a few megabytes the
# worst case (3 + 7 + 5 + 12 + 2 = 29 files) stays small.
#
# The newest few, whatever their age: a "Backup now" taken minutes before an
# automatic one is still there when the user goes looking for it.
KEEP_NEWEST = 3
# A week of day-by-day history: most mistakes (a wrong import, an entry
# deleted by accident) are noticed within days.
KEEP_DAILY = 7
# Then one per week for a bit over a month, bridging dailies and monthlies.
KEEP_WEEKLY = 5
# And one per month for a year: slow damage (a disk going bad) or a loss
# noticed only at a yearly review can still be undone.
KEEP_MONTHLY = 12
# Backups taken before a schema migration are the only copies an older app
# version can open, so the last two are kept whatever their age.
KEEP_BEFORE_MIGRATION = 2

# A temporary file this old in the backups folder is a leftover of a crash,
# not a backup in progress (a backup takes seconds).
_STALE_TEMPORARY = timedelta(hours=1)

_TIME_FORMAT = "%Y-%m-%dT%H-%M-%S-%f"
_NAME_PATTERN = re.compile(
    r"^journal-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{6})Z-([a-z-]+)\.sqlite3$"
)


class BackupReason(Enum):
    """Why a backup was taken; part of its file name."""

    MANUAL = "manual"
    AUTOMATIC = "auto"
    BEFORE_MIGRATION = "pre-migration"

    @property
    def label(self) -> str:
        return {
            BackupReason.MANUAL: "backup now",
            BackupReason.AUTOMATIC: "automatic",
            BackupReason.BEFORE_MIGRATION: "before an update",
        }[self]


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file; ``taken_at`` is UTC."""

    path: Path
    taken_at: datetime
    reason: BackupReason
    size_bytes: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did: which backup is now the journal, and where the old one went."""

    backup: Path
    journal_path: Path
    kept_as: Path | None


def backup_name(taken_at: datetime, reason: BackupReason) -> str:
    return f"journal-{taken_at.astimezone(UTC).strftime(_TIME_FORMAT)}Z-{reason.value}.sqlite3"


def parse_backup_name(name: str) -> tuple[datetime, BackupReason] | None:
    """The time and reason encoded in a backup's file name; None for any other file."""
    match = _NAME_PATTERN.match(name)
    if match is None:
        return None
    try:
        taken_at = datetime.strptime(match[1], _TIME_FORMAT).replace(tzinfo=UTC)
        reason = BackupReason(match[2])
    except ValueError:
        return None
    return taken_at, reason


def backups_to_keep(backups: builtins.list[BackupInfo]) -> set[Path]:
    """The backups rotation keeps (see the KEEP_* constants); ``backups`` newest first."""
    keep = {b.path for b in backups[:KEEP_NEWEST]}
    rules = (
        (KEEP_DAILY, lambda t: t.date()),
        (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda t: (t.year, t.month)),
    )
    for limit, period_of in rules:
        seen: set[object] = set()
        for backup in backups:
            period = period_of(backup.taken_at)
            if period not in seen and len(seen) < limit:
                seen.add(period)
                keep.add(backup.path)
    migrations = [b for b in backups if b.reason is BackupReason.BEFORE_MIGRATION]
    keep.update(b.path for b in migrations[:KEEP_BEFORE_MIGRATION])
    return keep


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
        return self._data_dir / BACKUPS_DIRNAME

    @property
    def journal_path(self) -> Path:
        return journal_path(self._data_dir)

    def list(self) -> builtins.list[BackupInfo]:
        """Every backup in the backups folder, newest first."""
        try:
            entries = builtins.list(self.folder.iterdir())
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

    def rotate(self) -> builtins.list[Path]:
        """Delete the backups no KEEP_* rule keeps, and crash leftovers; return what went."""
        backups = self.list()
        keep = backups_to_keep(backups)
        removed = [b.path for b in backups if b.path not in keep]
        for path in removed:
            path.unlink(missing_ok=True)
        cutoff = time.time() - _STALE_TEMPORARY.total_seconds()
        for leftover in self.folder.glob(".journal-*.tmp*"):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
            except FileNotFoundError:
                continue
        return removed

    def newest_good(self) -> BackupInfo | None:
        """The newest backup that passes quick_check and this version can open."""
        for backup in self.list():
            try:
                self._validate(backup.path, full=False)
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
        return self._replace_journal(backup, kept_prefix="journal-before-restore")

    def replace_damaged(self, backup: Path) -> RestoreResult:
        """Like restore, for a journal that failed its checks: it is kept as journal-damaged-…."""
        return self._replace_journal(backup, kept_prefix="journal-damaged")

    def set_aside_damaged(self) -> Path | None:
        """Rename a damaged journal (with its WAL) to journal-damaged-…, so a new one can start.

        For when there is no good backup: the damaged file is kept for
        recovery tools, never deleted. Returns where it went.
        """
        with acquire_writer_lock(self._data_dir, "restore"):
            stamp = self._clock().astimezone(UTC).strftime(_TIME_FORMAT)
            return set_aside(self.journal_path, f"journal-damaged-{stamp}Z.sqlite3")

    def _replace_journal(self, backup: Path, kept_prefix: str) -> RestoreResult:
        journal = self.journal_path
        if journal.exists() and backup.exists() and journal.samefile(backup):
            raise ServiceError(f"{backup} is the journal itself, not a backup of it.")
        self._validate(backup, full=True)
        backup_key = self._key_for(backup)
        with acquire_writer_lock(self._data_dir, "restore"):
            # Nothing in this process has the journal open now (see restore).
            journal_key = self._key_for(journal)
            stamp = self._clock().astimezone(UTC).strftime(_TIME_FORMAT)
            staged = self._data_dir / f".journal-restoring-{stamp}.sqlite3"
            copy_journal(backup, staged, source_key=backup_key, destination_key=journal_key)
            try:
                kept_as = set_aside(journal, f"{kept_prefix}-{stamp}Z.sqlite3")
                staged.replace(journal)
                fsync_path(self._data_dir)
            except OSError as error:
                raise JournalUnusableError(
                    f"Could not put the backup in place: {error.strerror}."
                ) from error
            finally:
                staged.unlink(missing_ok=True)
        return RestoreResult(backup, journal, kept_as)

    def _key_for(self, path: Path) -> JournalKey | None:
        """The key a file needs: None when plain; raises when it is protected and we have none.

        Only for files this process does not have open (see cipher.read_head).
        """
        if not is_encrypted(path):
            return None
        if self._key is None:
            raise PassphraseRequiredError(
                f"{path} is protected with a passphrase; give the passphrase to use it."
            )
        return self._key

    def _validate(self, backup: Path, *, full: bool) -> None:
        """Refuse a file that is not a healthy journal this version can open."""
        if not backup.is_file():
            raise ServiceError(f"{backup} is not an IX Coach journal backup.")
        key = self._key_for(backup)
        if key is None and not has_sqlite_header(backup):
            raise ServiceError(f"{backup} is not an IX Coach journal backup.")
        problems = integrity_check(backup, key) if full else quick_check(backup, key)
        if problems:
            raise ServiceError(
                f"The backup {backup} is damaged ({summarize(problems)}); choose another one."
            )
        revision = (
            read_scalar(backup, "SELECT version_num FROM alembic_version", key=key)
            if table_exists(backup, "alembic_version", key=key)
            else None
        )
        if revision is None:
            raise ServiceError(f"{backup} is not an IX Coach journal backup.")
        if revision not in KNOWN_REVISIONS:
            raise NewerJournalVersionError(
                f"The backup {backup} was written by a newer version of IX Coach "
                "Desktop; update the app to restore it."
            )

    def _backup_due(self) -> bool:
        changed = modified_at(self.journal_path)
        if changed is None:
            return False
        backups = self.list()
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
