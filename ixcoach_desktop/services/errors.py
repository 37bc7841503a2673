"""Typed service errors; ``str(error)`` is always a message fit for the user."""

from __future__ import annotations

from ixcoach_desktop.domain.failures import (
    BackupFailedError,
    JournalDamagedError,
    JournalUnusableError,
    NewerJournalVersionError,
    NotADatabaseError,
    NotFoundError,
    PassphraseRequiredError,
    ProtectionUnavailableError,
    ServiceError,
    WrongPassphraseError,
)
from ixcoach_desktop.domain.validation import InvalidInputError

# The failures storage and the services share are defined once, in the
# domain (see domain/failures.py); the GUI, the commands, app.py and cli.py
# name them from here.
__all__ = [
    "BackupFailedError",
    "InvalidInputError",
    "JournalDamagedError",
    "JournalUnusableError",
    "NewerJournalVersionError",
    "NotADatabaseError",
    "NotFoundError",
    "PassphraseRequiredError",
    "ProtectionUnavailableError",
    "ServiceError",
    "WrongPassphraseError",
]
