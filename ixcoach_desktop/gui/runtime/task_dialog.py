"""A dialog whose long work (an import, an export) runs off the UI thread with progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QWidget

from ixcoach_desktop.gui.runtime.tasks import Task, TaskFailure, TaskRunner
from ixcoach_desktop.services.progress import Progress

T = TypeVar("T")


class TaskDialog(QDialog):
    """Runs one piece of work at a time on its own worker, showing its progress.

    Subclasses build ``progress`` and ``stage`` and start work with
    ``start_task``; each outcome handler calls ``finish_task`` first. Cancel
    (``reject``) stops the work at its next step and waits for the worker,
    so nothing half-done outlives the dialog.
    """

    progress: QProgressBar
    stage: QLabel

    def __init__(self, parent: QWidget | None, *, worker_name: str) -> None:
        super().__init__(parent)
        self._runner = TaskRunner(self, name=worker_name)
        self._task: Task[Any] | None = None

    def is_busy(self) -> bool:
        return self._task is not None and self._task.running

    def start_task(
        self,
        work: Callable[[Progress], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[TaskFailure], None],
        on_cancelled: Callable[[], None],
    ) -> None:
        self._task = self._runner.run_with_progress(
            work,
            on_success,
            on_failure,
            on_progress=self._on_task_progressed,
            on_cancelled=on_cancelled,
        )
        self.progress.show()

    def finish_task(self) -> None:
        self._task = None
        self.progress.hide()
        self.stage.clear()

    def reject(self) -> None:
        """Cancel: stop the work (nothing half-written is kept) before closing."""
        if self._task is not None:
            self._task.cancel()
            self._task.wait()
        super().reject()

    def done(self, result: int) -> None:
        self._runner.shutdown()
        super().done(result)

    def _on_task_progressed(self, done: int, total: int, stage: str) -> None:
        self.stage.setText(stage)
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total))
