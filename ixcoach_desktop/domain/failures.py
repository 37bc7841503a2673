"""Every failure the user is told about, each named once; ``str(error)`` is the message.

Storage raises these classes itself and the services raise and catch the
very same ones, so nothing translates one name into another on the way
up. The GUI, the commands, app.py and cli.py name them through
``ixcoach_desktop.services.errors``, which re-exports them. Errors only a
service can raise (JournalInUseError, ConversionIncompleteError, the
import refusals, OperationCancelledError) are defined beside that service.
Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

from pathlib import Path


class ServiceError(Exception):
    """Something the user can understand went wrong; nothing was half-written."""


class NotFoundError(ServiceError):
    """The record asked for does not exist (any more)."""


class JournalUnusableError(ServiceError):
    """The journal, a copy of it or its folder cannot be opened, read or written.

    Raised as it is for a failure the user can only fix outside the app
    (permissions, a full disk, a read-only file, a busy journal, a refused
    change); the subclasses are the failures the app answers differently:
    a passphrase to ask for again, a backup to offer, an update to install.
    """


class NewerJournalVersionError(JournalUnusableError):
    """The journal comes from a newer app version and was left untouched."""


class PassphraseRequiredError(JournalUnusableError):
    """The journal (or a backup) is protected and no passphrase was given."""


class WrongPassphraseError(JournalUnusableError):
    """The passphrase given does not open the journal (or the backup)."""


class ProtectionUnavailableError(JournalUnusableError):
    """Encryption (sqlcipher3) cannot be used in this installation; ``str()`` says why."""


class BackupFailedError(JournalUnusableError):
    """A copy could not be written or did not verify; nothing was put in its place."""


def summarize(problems: list[str]) -> str:
    """The first finding and how many more: enough for a message, short enough to read."""
    if len(problems) <= 1:
        return "".join(problems)
    return f"{problems[0]}; and {len(problems) - 1} more problem(s)"


class JournalDamagedError(JournalUnusableError):
    """The journal file fails SQLite's own checks; it was not changed and must not be written to.

    ``problems`` are SQLite's findings, for the curious and for support. The
    window offers the newest good backup; commands exit 1 with this message.
    """

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(
            f"The journal {path} is damaged ({summarize(problems)}). It has not been "
            "changed. Restore a backup (ixcoach-desktop restore) or move the file aside."
        )


class NotADatabaseError(JournalDamagedError):
    """The file at the journal's place is not an SQLite database at all."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, ["not an SQLite database"])
        # Replace the generic message with one that says what the file is not.
        self.args = (
            f"The file {path} is not an IX Coach journal (it is not an SQLite "
            "database). It has not been changed. Move it aside, restore a backup "
            "(ixcoach-desktop restore), or choose another --data-dir.",
        )
