"""Work over the whole journal, off the UI thread.

One worker thread, as in Anki: the journal is one SQLite file, so parallel
readers would only contend. Results come back to the UI thread by signal;
the worker never touches a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from ixcoach_desktop.services.errors import ServiceError


class BackgroundRunner(QObject):
    """Runs jobs on one worker thread.

    Signals:
        finished(str, object): job ``name`` returned this result.
        failed(str, str): job ``name`` failed with this user-facing message.
    """

    finished = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ixcoach-bg")
        self._closed = False

    def submit(self, name: str, job: Callable[[], Any]) -> None:
        if self._closed:
            return
        future = self._executor.submit(job)
        future.add_done_callback(lambda done: self._on_done(name, done))

    def _on_done(self, name: str, future: Future[Any]) -> None:
        # Runs on the worker thread: only emit; Qt queues it to the UI thread.
        if self._closed or future.cancelled():
            return
        error = future.exception()
        if error is None:
            self.finished.emit(name, future.result())
        elif isinstance(error, ServiceError):
            self.failed.emit(name, str(error))
        else:
            self.failed.emit(name, f"Something went wrong while working in the background: {error}")

    def shutdown(self) -> None:
        """Stop taking jobs and wait for the running one, so no job outlives the journal."""
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
