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
from dataclasses import dataclass
from pathlib import Path

from ixcoach_desktop.domain.failures import summarize
from ixcoach_desktop.services.data_folder import (
    LEFTOVER_AGE,
    draft_files,
    journal_copies,
    temporaries,
)
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
from ixcoach_desktop.storage.journal_file import journal_path
from ixcoach_desktop.storage.rekeying import Conversion, scrub, staging
from ixcoach_desktop.storage.sealed import SEALED_SUFFIX, UnreadableSealedFileError

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
            conversion = Conversion(None, key)
            with staging(conversion):
                conversion.add_journal(journal)
                for copy in self._copies(encrypted=False):
                    self._stage_plain_copy(conversion, copy)
                for draft in self._drafts(sealed=False):
                    conversion.add_draft(draft)
            self._commit(
                conversion, None, key, journal_first=True, done="The journal is now protected"
            )
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
        removed = self._sweep(older_than=LEFTOVER_AGE.total_seconds())
        conversion = Conversion(None, key)
        with staging(conversion):
            for copy in self._copies(encrypted=False):
                self._stage_plain_copy(conversion, copy)
            for draft in self._drafts(sealed=False):
                conversion.add_draft(draft)
        self._commit(conversion, None, key, journal_first=True, done="The journal is protected")
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
            conversion = Conversion(key, new_key)
            skipped: list[Path] = []
            with staging(conversion):
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
            # Unprotecting swaps the journal last (see the module docstring).
            protected = new_key is not None
            done = "The passphrase is changed" if protected else "The copies are decrypted"
            self._commit(conversion, key, new_key, journal_first=protected, done=done)
            removed += self._sweep()
        return ProtectionReport(
            new_key,
            journal,
            len(conversion.copies),
            len(conversion.drafts),
            removed,
            tuple(skipped),
        )

    def _stage_plain_copy(self, conversion: Conversion, copy: Path) -> None:
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
    def _commit(
        conversion: Conversion,
        old: JournalKey | None,
        new: JournalKey | None,
        *,
        journal_first: bool,
        done: str,
    ) -> None:
        """Swap the staged files in; if that fails part-way, say which key the journal needs."""
        try:
            conversion.commit(journal_first=journal_first)
        except (OSError, JournalUnusableError) as error:
            conversion.abandon()
            converted = conversion.journal_converted()
            key = new if converted else old
            state = done if converted else "The journal is unchanged"
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
        return [p for p in journal_copies(self._data_dir) if is_encrypted(p) == encrypted]

    def _drafts(self, *, sealed: bool) -> list[Path]:
        return [p for p in draft_files(self._data_dir) if p.name.endswith(SEALED_SUFFIX) == sealed]

    def _sweep(self, *, older_than: float = 0.0) -> int:
        """Overwrite and remove temporary files a crash left behind; return how many."""
        cutoff = time.time() - older_than
        return sum(_scrub_if_older(entry, cutoff) for entry in temporaries(self._data_dir))


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
