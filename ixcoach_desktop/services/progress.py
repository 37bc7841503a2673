"""Progress reports and cancel requests for long imports and exports.

The window runs these operations on a worker thread: the worker calls
``step`` as it goes, the window's Cancel button calls ``cancel`` from the UI
thread, and the next ``step`` or ``check`` raises OperationCancelledError
before anything is committed, so a cancelled operation changes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ixcoach_desktop.services.errors import ServiceError

ProgressCallback = Callable[[int, int, str], None]


class OperationCancelledError(ServiceError):
    """The user cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Cancelled; nothing was changed.")


def _ignore(_done: int, _total: int, _stage: str) -> None:
    """Default callback for callers (the command line) that show no progress."""


class Progress:
    """Thread-safe progress sink: ``step(done, total, stage)`` and ``cancel()``."""

    def __init__(self, callback: ProgressCallback = _ignore) -> None:
        self._callback = callback
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the operation to stop at its next step; safe from any thread."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        """Raise OperationCancelledError when a cancel was requested."""
        if self._cancelled.is_set():
            raise OperationCancelledError

    def step(self, done: int, total: int, stage: str) -> None:
        """Report ``done`` of ``total`` units of ``stage``; raises if cancelled."""
        self.check()
        self._callback(done, total, stage)
