"""Passphrase protection of a data folder: unlock, protect, change the passphrase, unprotect.

Protection covers every file of the data folder that holds the user's
writing: the journal, its backups, the journals set aside by restores and
repairs, and the drafts (see docs/privacy.md). All of them share one key,
derived once from the passphrase (storage/cipher.py).

Converting is all or nothing. Every file is first copied under the new key
and verified (integrity_check, the same row counts) under a temporary name;
only when all copies are ready are they swapped in, by renames, and the
replaced files overwritten. A failure while copying (a full disk, a damaged
backup) leaves everything as it was. A crash in the middle of the renames
leaves every file whole, under the old or the new key: protecting swaps the
journal first and the copies after, so the next time the now protected
journal is opened, ``seal_leftovers`` encrypts the copies still in plain
text; unprotecting swaps the journal last, for the same reason.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ixcoach_desktop.domain.errors import summarize
from ixcoach_desktop.services.backup_policy import parse_backup_name
from ixcoach_desktop.services.data_folder import BACKUPS_DIRNAME
from ixcoach_desktop.services.drafts import DRAFTS_DIRNAME
from ixcoach_desktop.services.errors import (
    JournalUnusableError,
    NotFoundError,
    ProtectionUnavailableError,
    ServiceError,
)
from ixcoach_desktop.services.instance_lock import acquire_writer_lock
from ixcoach_desktop.services.keys import JournalKey
from ixcoach_desktop.storage.cipher import is_encrypted, unavailable_reason
from ixcoach_desktop.storage.file_checks import (
    ensure_healthy,
    quick_check,
    read_only_connection,
    roll_back_interrupted_transaction,
)
from ixcoach_desktop.storage.journal_file import journal_path, write_private_file
from ixcoach_desktop.storage.rekeying import fold_wal, scrub, stage, staged_path, swap_in
from ixcoach_desktop.storage.sealed import (
    SEALED_SUFFIX,
    UnreadableSealedFileError,
    read_sealed,
    write_sealed,
)

__all__ = [
    "ConversionIncompleteError",
    "JournalKey",
    "PrivacyService",
    "ProtectionReport",
    "is_protected",
    "is_protected_file",
    "protection_unavailable_reason",
    "unlock_file",
]

# Temporary files of a copy, a restore or a conversion that a crash left
# behind are removed when the journal is opened only once they are this old:
# a younger one may belong to a backup running beside the window.
_LEFTOVER_AGE_S = 3600.0


def protection_unavailable_reason() -> str | None:
    """Why passphrase protection cannot be used in this installation; None when it can."""
    return unavailable_reason()


def is_protected(data_dir: Path) -> bool:
    """Is the journal in ``data_dir`` protected? Call it before the journal is opened."""
    return is_protected_file(journal_path(data_dir))


def is_protected_file(path: Path) -> bool:
    """Is the journal or backup at ``path`` encrypted? (Not for a file open in this process.)"""
    return is_encrypted(path)


def unlock_file(path: Path, passphrase: str) -> JournalKey:
    """The key of ``passphrase`` for the protected file at ``path``, proven to open it.

    Derives the key once (the slow step, a fraction of a second); raises
    WrongPassphraseError, or ProtectionUnavailableError when this
    installation cannot decrypt at all.
    """
    _require_available()
    if not passphrase:
        raise ServiceError("The passphrase is empty.")
    key = JournalKey.for_file(passphrase, path)
    with read_only_connection(path, key):
        pass
    return key


@dataclass(frozen=True, slots=True)
class ProtectionReport:
    """What a conversion did; ``key`` now protects the folder (None once unprotected)."""

    key: JournalKey | None
    journal_path: Path
    copies: int = 0
    drafts: int = 0
    removed: int = 0
    skipped: tuple[Path, ...] = ()


class ConversionIncompleteError(JournalUnusableError):
    """Renaming the converted files in failed part-way; every file is whole.

    ``key`` is the key the journal now needs (None when it is plain): the
    journal may already be converted while some copies are not.
    """

    def __init__(self, message: str, key: JournalKey | None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(slots=True)
class _Staged:
    source: Path
    staged: Path
    target: Path


@dataclass(slots=True)
class _Conversion:
    """Files copied under ``new`` (from ``old``), waiting to be swapped in together."""

    old: JournalKey | None
    new: JournalKey | None
    journal: _Staged | None = None
    copies: list[_Staged] = field(default_factory=list)
    drafts: list[_Staged] = field(default_factory=list)

    def add_journal(self, path: Path) -> None:
        self.journal = self._database(path)

    def add_copy(self, path: Path) -> None:
        self.copies.append(self._database(path))

    def _database(self, path: Path) -> _Staged:
        fold_wal(path, self.old)
        return _Staged(path, stage(path, self.old, self.new), path)

    def add_draft(self, path: Path) -> None:
        """Stage a draft: sealed under ``new``, or unsealed when ``new`` is None."""
        if self.old is None:
            data = path.read_bytes()
            target = path.with_name(path.name + SEALED_SUFFIX)
        else:
            data = read_sealed(path, self.old)
            target = path if self.new is not None else path.with_name(path.stem)
        staged = staged_path(target)
        scrub(staged)
        if self.new is None:
            write_private_file(staged, data)
        else:
            write_sealed(staged, data, self.new)
        self.drafts.append(_Staged(path, staged, target))

    def commit(self, *, journal_first: bool) -> None:
        """Swap every staged file in, the journal first or last."""
        journal = [] if self.journal is None else [self.journal]
        others = [*self.copies, *self.drafts]
        for item in [*journal, *others] if journal_first else [*others, *journal]:
            swap_in(item.staged, item.target)
            if item.source != item.target:
                scrub(item.source)
            item.staged = item.target

    def journal_key(self) -> JournalKey | None:
        """The key the journal needs now: ``new`` once it is swapped in, else ``old``."""
        done = self.journal is None or self.journal.staged == self.journal.target
        return self.new if done else self.old

    def abandon(self) -> None:
        """Remove whatever was staged and not swapped in; the originals are untouched."""
        journal = [] if self.journal is None else [self.journal]
        for item in (*journal, *self.copies, *self.drafts):
            if item.staged != item.target:
                scrub(item.staged)


class PrivacyService:
    """Protect, unprotect and re-key the journal in one data folder, and its copies.

    Every operation takes the folder's writer lock; the journal must not be
    open in this process (the window closes its session first, as for a
    restore).
    """

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def journal_path(self) -> Path:
        return journal_path(self._data_dir)

    def is_protected(self) -> bool:
        return is_protected(self._data_dir)

    def unlock(self, passphrase: str) -> JournalKey:
        """The journal's key for ``passphrase``; WrongPassphraseError when it is not the one."""
        return unlock_file(self.journal_path, passphrase)

    def check_can_protect(self) -> Path:
        """Raise the reason ``protect`` would refuse before it needs the passphrase."""
        _require_available()
        journal = self._require_journal()
        if is_encrypted(journal):
            raise ServiceError(
                f"The journal in {self._data_dir} is already protected with a passphrase. "
                "To choose another one, change the passphrase."
            )
        return journal

    def protect(self, passphrase: str) -> ProtectionReport:
        """Encrypt the journal, its backups, set-aside journals and drafts with ``passphrase``."""
        _require_new_passphrase(passphrase)
        with acquire_writer_lock(self._data_dir, "protect"):
            journal = self.check_can_protect()
            roll_back_interrupted_transaction(journal)
            ensure_healthy(journal)
            key = JournalKey(passphrase)
            removed = self._sweep()
            conversion = _Conversion(None, key)
            with _staging(conversion):
                conversion.add_journal(journal)
                for copy in self._copies(encrypted=False):
                    self._stage_plain_copy(conversion, copy)
                for draft in self._drafts(sealed=False):
                    conversion.add_draft(draft)
            self._commit(conversion, journal_first=True, done="The journal is now protected")
            removed += self._sweep()
        copies, drafts = len(conversion.copies), len(conversion.drafts)
        return ProtectionReport(key, journal, copies, drafts, removed)

    def change_passphrase(self, key: JournalKey, new_passphrase: str) -> ProtectionReport:
        """Re-encrypt the journal and its copies with ``new_passphrase``; the old one stops working.

        Copies that ``key`` does not open (protected elsewhere with another
        passphrase) are left as they are and listed in ``skipped``.
        """
        _require_available()
        _require_new_passphrase(new_passphrase)
        if key.matches(new_passphrase):
            raise ServiceError("The new passphrase is the same as the current one.")
        return self._rekey(key, JournalKey(new_passphrase))

    def unprotect(self, key: JournalKey) -> ProtectionReport:
        """Decrypt the journal, its copies and drafts: afterwards nothing needs a passphrase.

        Everything is then stored in plain text, readable by anyone who can
        read the files; the caller warns the user first.
        """
        _require_available()
        return self._rekey(key, None)

    def seal_leftovers(self, key: JournalKey) -> ProtectionReport:
        """Encrypt plain copies and drafts beside a protected journal; remove old temporaries.

        Finishes a protection that a crash interrupted during its renames,
        and catches a backup written in plain text by a command that ran
        during the protection. Cheap when there is nothing to do.
        """
        removed = self._sweep(older_than=_LEFTOVER_AGE_S)
        conversion = _Conversion(None, key)
        with _staging(conversion):
            for copy in self._copies(encrypted=False):
                self._stage_plain_copy(conversion, copy)
            for draft in self._drafts(sealed=False):
                conversion.add_draft(draft)
        self._commit(conversion, journal_first=True, done="The journal is protected")
        return ProtectionReport(
            key, self.journal_path, len(conversion.copies), len(conversion.drafts), removed
        )

    # --- internals -----------------------------------------------------------------

    def _rekey(self, key: JournalKey, new_key: JournalKey | None) -> ProtectionReport:
        with acquire_writer_lock(self._data_dir, "unprotect" if new_key is None else "rekey"):
            journal = self._require_journal()
            if not is_encrypted(journal):
                raise ServiceError(f"The journal in {self._data_dir} is not protected.")
            roll_back_interrupted_transaction(journal, key)
            # Also proves the key is the journal's (WrongPassphraseError otherwise).
            ensure_healthy(journal, key)
            removed = self._sweep()
            conversion = _Conversion(key, new_key)
            skipped: list[Path] = []
            with _staging(conversion):
                conversion.add_journal(journal)
                for copy in self._copies(encrypted=True):
                    try:
                        conversion.add_copy(copy)
                    except JournalUnusableError:
                        skipped.append(copy)  # another passphrase's, or damaged: left as it is
                for draft in self._drafts(sealed=True):
                    try:
                        conversion.add_draft(draft)
                    except UnreadableSealedFileError:
                        skipped.append(draft)
            if new_key is None:
                self._commit(conversion, journal_first=False, done="The copies are decrypted")
            else:
                self._commit(conversion, journal_first=True, done="The passphrase is changed")
            removed += self._sweep()
        return ProtectionReport(
            new_key,
            journal,
            len(conversion.copies),
            len(conversion.drafts),
            removed,
            tuple(skipped),
        )

    def _stage_plain_copy(self, conversion: _Conversion, copy: Path) -> None:
        """Stage a plain copy, or refuse the whole protection: it must not stay readable."""
        try:
            problems = quick_check(copy)
            if problems:
                raise JournalUnusableError(f"it is damaged: {summarize(problems)}")
            conversion.add_copy(copy)
        except JournalUnusableError as error:
            raise JournalUnusableError(
                f"{copy} could not be encrypted ({error}). It holds your writing in plain "
                "text, so nothing was changed: move it out of the data folder (or delete "
                "it) and try again."
            ) from error

    @staticmethod
    def _commit(conversion: _Conversion, *, journal_first: bool, done: str) -> None:
        try:
            conversion.commit(journal_first=journal_first)
        except (OSError, JournalUnusableError) as error:
            conversion.abandon()
            key = conversion.journal_key()
            state = done if key is conversion.new else "The journal is unchanged"
            raise ConversionIncompleteError(
                f"{state}, but not every file could be converted ({error}). Every file is "
                "whole, under the old or the new key.",
                key,
            ) from error

    def _require_journal(self) -> Path:
        journal = self.journal_path
        if not journal.is_file() or journal.stat().st_size == 0:
            raise NotFoundError(f"There is no journal in {self._data_dir} yet.")
        return journal

    def _copies(self, *, encrypted: bool) -> list[Path]:
        """Backups and set-aside journals that are (or are not) encrypted."""
        backups = self._data_dir / BACKUPS_DIRNAME
        found = [p for p in _entries(backups) if parse_backup_name(p.name) is not None]
        found += sorted(self._data_dir.glob("journal-*.sqlite3"))
        return [p for p in found if p.is_file() and is_encrypted(p) == encrypted]

    def _drafts(self, *, sealed: bool) -> list[Path]:
        return [
            p
            for p in _entries(self._data_dir / DRAFTS_DIRNAME)
            if p.is_file()
            and not p.name.startswith(".")
            and p.name.endswith(SEALED_SUFFIX) == sealed
        ]

    def _sweep(self, *, older_than: float = 0.0) -> int:
        """Overwrite and remove temporary files a crash left behind; return how many.

        Ours only: hidden files naming a journal (copies, restores, conversions)
        in the data and backups folders, and any hidden file among the drafts.
        """
        cutoff = time.time() - older_than
        removed = 0
        for folder in (self._data_dir, self._data_dir / BACKUPS_DIRNAME):
            for entry in _entries(folder):
                if entry.name.startswith(".") and "journal" in entry.name:
                    removed += _scrub_if_older(entry, cutoff)
        for entry in _entries(self._data_dir / DRAFTS_DIRNAME):
            if entry.name.startswith("."):
                removed += _scrub_if_older(entry, cutoff)
        return removed


@contextmanager
def _staging(conversion: _Conversion) -> Iterator[None]:
    """Staging fails as a whole: what was staged is removed, the originals stay as they were."""
    try:
        yield
    except OSError as error:
        conversion.abandon()
        raise JournalUnusableError(
            f"The files could not be converted ({error.strerror or error}); nothing was changed."
        ) from error
    except BaseException:
        conversion.abandon()
        raise


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise JournalUnusableError(f"Cannot read the folder {folder}: {error.strerror}.") from error


def _scrub_if_older(path: Path, cutoff: float) -> int:
    try:
        if not path.is_file() or path.stat().st_mtime > cutoff:
            return 0
    except FileNotFoundError:
        return 0
    scrub(path)
    return 1


def _require_available() -> None:
    reason = unavailable_reason()
    if reason is not None:
        raise ProtectionUnavailableError(reason)


def _require_new_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise ServiceError("The passphrase cannot be empty.")
    if "\n" in passphrase or "\r" in passphrase:
        raise ServiceError("The passphrase cannot contain a line break.")
