"""Typed service errors; ``str(error)`` is always a message fit for the user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from ixcoach_desktop.domain.validation import Fault, ValidationError
from ixcoach_desktop.storage import errors as storage_errors
from ixcoach_desktop.storage.errors import (
    JournalError,
    NewerJournalError,
    RecordNotFoundError,
)


class ServiceError(Exception):
    """Something the user can understand went wrong; nothing was half-written."""


class InvalidInputError(ServiceError):
    """The input was refused; ``faults`` say which field and why."""

    def __init__(self, faults: tuple[Fault, ...]) -> None:
        self.faults = faults
        super().__init__(" ".join(f.message for f in faults))


class NotFoundError(ServiceError):
    """The record asked for does not exist (any more)."""


class JournalUnusableError(ServiceError):
    """The journal file cannot be opened or written (permissions, disk, damage, version)."""


class NewerJournalVersionError(JournalUnusableError):
    """The journal comes from a newer app version and was left untouched."""


class PassphraseRequiredError(JournalUnusableError):
    """The journal (or a backup) is protected and no passphrase was given."""


class WrongPassphraseError(JournalUnusableError):
    """The passphrase given does not open the journal (or the backup)."""


class ProtectionUnavailableError(JournalUnusableError):
    """Encryption cannot be used in this installation; ``str()`` says why."""


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn domain and storage failures into service errors."""
    try:
        yield
    except ValidationError as error:
        raise InvalidInputError(error.faults) from error
    except RecordNotFoundError as error:
        raise NotFoundError(str(error)) from error
    except NewerJournalError as error:
        raise NewerJournalVersionError(str(error)) from error
    except storage_errors.PassphraseRequiredError as error:
        raise PassphraseRequiredError(str(error)) from error
    except storage_errors.WrongPassphraseError as error:
        raise WrongPassphraseError(str(error)) from error
    except storage_errors.CipherUnavailableError as error:
        raise ProtectionUnavailableError(str(error)) from error
    except JournalError as error:
        raise JournalUnusableError(str(error)) from error


P = ParamSpec("P")
R = TypeVar("R")


def service_operation(function: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of translated_errors for service methods."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translated_errors():
            return function(*args, **kwargs)

    return wrapper
