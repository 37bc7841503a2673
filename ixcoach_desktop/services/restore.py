"""Putting a backup in the journal's place, and setting a damaged journal aside.

Never deletes anything: the journal a backup replaces is renamed
``journal-before-restore-…`` (or ``journal-damaged-…``) in the data folder,
with its WAL, and kept. A restored journal is protected exactly when the
journal it replaces was: restoring never silently removes protection.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ixcoach_desktop.domain.failures import summarize
from ixcoach_desktop.services.backup_policy import time_stamp
from ixcoach_desktop.services.clock import Clock
from ixcoach_desktop.services.data_folder import set_aside_name
from ixcoach_desktop.services.errors import (
    JournalUnusableError,
    NewerJournalVersionError,
    PassphraseRequiredError,
    ServiceError,
)
from ixcoach_desktop.services.instance_lock import acquire_writer_lock
from ixcoach_desktop.services.keys import JournalKey
from ixcoach_desktop.storage.cipher import is_encrypted
from ixcoach_desktop.storage.copying import copy_journal, read_scalar, set_aside, table_exists
from ixcoach_desktop.storage.file_checks import has_sqlite_header, integrity_check, quick_check
from ixcoach_desktop.storage.journal_file import fsync_path, journal_path
from ixcoach_desktop.storage.schema import KNOWN_REVISIONS


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did: which backup is now the journal, and where the old one went."""

    backup: Path
    journal_path: Path
    kept_as: Path | None


def replace_journal(
    data_dir: Path, backup: Path, *, key: JournalKey | None, clock: Clock, kept_kind: str
) -> RestoreResult:
    """Make ``backup`` the journal of ``data_dir``; the journal it replaces is kept as
    ``kept_kind``-<time>, never deleted.

    The journal must not be open in this process; another process holding it
    makes this raise JournalInUseError. The backup is verified and copied
    into the data folder before anything is moved, so a bad backup or a full
    disk leaves the journal as it was.
    """
    journal = journal_path(data_dir)
    if journal.exists() and backup.exists() and journal.samefile(backup):
        raise ServiceError(f"{backup} is the journal itself, not a backup of it.")
    validate_backup(backup, key, full=True)
    backup_key = _key_for(backup, key)
    with acquire_writer_lock(data_dir, "restore"):
        # Nothing in this process has the journal open now (see above).
        journal_key = _key_for(journal, key)
        now = clock()
        staged = data_dir / f".journal-restoring-{time_stamp(now)}.sqlite3"
        copy_journal(backup, staged, source_key=backup_key, destination_key=journal_key)
        try:
            kept_as = set_aside(journal, set_aside_name(kept_kind, now))
            staged.replace(journal)
            fsync_path(data_dir)
        except OSError as error:
            raise JournalUnusableError(
                f"Could not put the backup in place: {error.strerror}."
            ) from error
        finally:
            staged.unlink(missing_ok=True)
    return RestoreResult(backup, journal, kept_as)


def set_aside_damaged(data_dir: Path, clock: Clock) -> Path | None:
    """Rename a damaged journal (with its WAL) to journal-damaged-…, so a new one can start.

    For when there is no good backup: the damaged file is kept for recovery
    tools, never deleted. Returns where it went.
    """
    with acquire_writer_lock(data_dir, "restore"):
        return set_aside(journal_path(data_dir), set_aside_name("journal-damaged", clock()))


def validate_backup(backup: Path, key: JournalKey | None, *, full: bool) -> None:
    """Refuse a file that is not a healthy journal this version can open.

    ``full`` runs integrity_check, for a backup about to become the journal;
    otherwise the faster quick_check, for choosing among many.
    """
    if not backup.is_file():
        raise ServiceError(f"{backup} is not an IX Coach journal backup.")
    file_key = _key_for(backup, key)
    if file_key is None and not has_sqlite_header(backup):
        raise ServiceError(f"{backup} is not an IX Coach journal backup.")
    problems = integrity_check(backup, file_key) if full else quick_check(backup, file_key)
    if problems:
        raise ServiceError(
            f"The backup {backup} is damaged ({summarize(problems)}); choose another one."
        )
    revision = (
        read_scalar(backup, "SELECT version_num FROM alembic_version", key=file_key)
        if table_exists(backup, "alembic_version", key=file_key)
        else None
    )
    if revision is None:
        raise ServiceError(f"{backup} is not an IX Coach journal backup.")
    if revision not in KNOWN_REVISIONS:
        raise NewerJournalVersionError(
            f"The backup {backup} was written by a newer version of IX Coach "
            "Desktop; update the app to restore it."
        )


def _key_for(path: Path, key: JournalKey | None) -> JournalKey | None:
    """The key ``path`` needs: None when plain; raises when it is protected and ``key`` is None.

    Only for files this process does not have open (see cipher.read_head).
    """
    if not is_encrypted(path):
        return None
    if key is None:
        raise PassphraseRequiredError(
            f"{path} is protected with a passphrase; give the passphrase to use it."
        )
    return key
