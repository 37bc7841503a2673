"""Storage failures the user can understand and act on (not bugs)."""

from __future__ import annotations


class JournalError(Exception):
    """The journal cannot be used; ``str(error)`` is a message for the user."""


class NewerJournalError(JournalError):
    """The journal was written by a newer version of the app; we never touch it."""


class JournalUnavailableError(JournalError):
    """The journal file or its folder cannot be opened, created or written."""


class RecordNotFoundError(JournalError):
    """A record asked for by id is not in the journal."""


class CipherUnavailableError(JournalError):
    """Encryption (the sqlcipher3 package) cannot be loaded in this installation."""


class PassphraseRequiredError(JournalError):
    """The file is protected with a passphrase and none was given."""


class WrongPassphraseError(JournalError):
    """The passphrase given does not open the file."""


def is_locked_or_busy(error: BaseException) -> bool:
    """Whether a driver error says another connection holds the file (SQLITE_BUSY/LOCKED)."""
    detail = str(getattr(error, "orig", error)).lower()
    return "locked" in detail or "busy" in detail
