"""Typed service errors; ``str(error)`` is always a message fit for the user."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from ixcoach_desktop.domain.errors import (
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
from ixcoach_desktop.domain.validation import Fault, ValidationError

# The failures storage and the services share are defined once, in the
# domain (see domain/errors.py); the GUI, the commands, app.py and cli.py
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
    "service_operation",
]


class InvalidInputError(ServiceError):
    """The input was refused; ``faults`` say which field and why."""

    def __init__(self, faults: tuple[Fault, ...]) -> None:
        self.faults = faults
        super().__init__(" ".join(f.message for f in faults))


P = ParamSpec("P")
R = TypeVar("R")


def service_operation(function: Callable[P, R]) -> Callable[P, R]:
    """Turn the domain's ValidationError into InvalidInputError for service methods.

    Storage raises the user-facing classes of domain/errors.py itself, so
    every other failure passes through unchanged.
    """

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except ValidationError as error:
            raise InvalidInputError(error.faults) from error

    return wrapper
