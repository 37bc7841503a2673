"""The one way the window runs work off the UI thread.

One worker thread per runner, as in Anki's ``QueryOp``: the journal is one
SQLite file, so parallel readers would only contend. The work itself never
touches a widget; its result or failure is handed to typed callbacks on the
UI thread. A ``Task`` is the handle for one submission: cancelling it drops
its result (and stops work that reports progress at its next step), so a
newer request supersedes an older one by cancelling it, not by comparing
job names.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.progress import OperationCancelledError, Progress

T = TypeVar("T")

_log = logging.getLogger(__name__)

ProgressHandler = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class TaskFailure:
    """Why a task failed: a message for the user, and the error itself."""

    message: str
    error: BaseException
    # A bug, as opposed to a refusal the user can act on (a busy or full disk).
    unexpected: bool


class Task(Generic[T]):
    """One submission to a ``TaskRunner``; cancel it to drop its outcome."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._future: Future[T] | None = None
        self._done = threading.Event()

    def cancel(self) -> None:
        """Drop the outcome; work that reports progress stops at its next step."""
        self._progress.cancel()
        if self._future is not None:
            self._future.cancel()

    @property
    def cancelled(self) -> bool:
        return self._progress.cancelled

    @property
    def running(self) -> bool:
        return not self._done.is_set()

    def wait(self) -> None:
        """Block until the work has ended (after ``cancel``, to close safely)."""
        self._done.wait()

    def _ended(self) -> None:
        self._done.set()


class TaskRunner(QObject):
    """Runs callables on one worker thread; outcomes arrive on the UI thread.

    Signals:
        _arrived(object): internal; a finished task's delivery, queued to the UI thread.
    """

    _arrived = Signal(object)

    def __init__(self, parent: QObject | None = None, *, name: str = "ixcoach-task") -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._closed = False
        # Queued even when emitted on the UI thread (work that finished before
        # its callback was attached): callers get their Task before any outcome.
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[TaskFailure], None],
    ) -> Task[T]:
        """Run ``work()``; then ``on_success(result)`` or ``on_failure(failure)``."""
        return self.run_with_progress(lambda _progress: work(), on_success, on_failure)

    def run_with_progress(
        self,
        work: Callable[[Progress], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[TaskFailure], None],
        *,
        on_progress: ProgressHandler | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Task[T]:
        """Run ``work(progress)``, which reports steps and stops when cancelled.

        ``on_progress`` is called on the UI thread; ``on_cancelled`` when the
        work stopped at a cancel request (it raised OperationCancelledError).
        """
        progress = Progress(self._progress_relay(on_progress))
        task: Task[T] = Task(progress)
        if self._closed:
            task._ended()
            return task

        def execute() -> T:
            try:
                return work(progress)
            finally:
                task._ended()

        def finished(future: Future[T]) -> None:
            # On the worker: only package the outcome; the UI thread acts on it.
            if future.cancelled():
                task._ended()
                return
            self._arrived.emit(
                lambda: self._deliver(task, future, on_success, on_failure, on_cancelled)
            )

        future = self._executor.submit(execute)
        task._future = future
        future.add_done_callback(finished)
        return task

    def shutdown(self) -> None:
        """Stop taking work, drop what has not started, wait for what has."""
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _progress_relay(self, on_progress: ProgressHandler | None) -> ProgressHandler:
        if on_progress is None:
            return _no_progress

        def relay(done: int, total: int, stage: str) -> None:
            self._arrived.emit(lambda: on_progress(done, total, stage))

        return relay

    def _on_arrived(self, delivery: Callable[[], None]) -> None:
        if not self._closed:
            delivery()

    @staticmethod
    def _deliver(
        task: Task[T],
        future: Future[T],
        on_success: Callable[[T], None],
        on_failure: Callable[[TaskFailure], None],
        on_cancelled: Callable[[], None] | None,
    ) -> None:
        error = future.exception()
        if isinstance(error, OperationCancelledError):
            if on_cancelled is not None:
                on_cancelled()
            return
        if task.cancelled:
            return
        if error is None:
            on_success(future.result())
        elif isinstance(error, ServiceError):
            on_failure(TaskFailure(str(error), error, unexpected=False))
        else:
            _log.error("Background work failed", exc_info=error)
            on_failure(
                TaskFailure(
                    f"Something went wrong while working in the background: {error}. "
                    "The details are in the log file.",
                    error,
                    unexpected=True,
                )
            )


def _no_progress(_done: int, _total: int, _stage: str) -> None:
    """Progress nobody is shown."""
