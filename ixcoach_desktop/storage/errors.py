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
