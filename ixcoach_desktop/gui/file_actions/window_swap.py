"""Work that needs the journal closed (restore, protect, re-key): close, work, reopen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from ixcoach_desktop.gui.widgets import show_message
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.instance_lock import WINDOW_WRITER, acquire_writer_lock

T = TypeVar("T")
# What the work reports: what the new window needs, the outcome to tell, and its tone.
Outcome = tuple[T, str, QMessageBox.Icon]


def swap_window(
    window: QMainWindow,
    data_dir: Path,
    work: Callable[[], Outcome[T]],
    reopen: Callable[[T], QMainWindow],
    status_ms: int,
) -> QMainWindow | None:
    """Close ``window``, run ``work`` with the journal closed, show a new window.

    The writer lock is held throughout, so no other process slips in between.
    Returns None when the window refused to close, or when the journal could
    not be reopened (then the error is shown and the application quits once
    it is read). ``work`` reports refusals as outcomes, not exceptions.
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    quit_on_close = app.quitOnLastWindowClosed()
    # Between closing this window and showing the next there is no window.
    app.setQuitOnLastWindowClosed(False)
    try:
        with acquire_writer_lock(data_dir, WINDOW_WRITER):
            window.close()
            if window.isVisible():
                return None  # the window refused to close
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                result, outcome, icon = work()
            finally:
                QApplication.restoreOverrideCursor()
            try:
                replacement = reopen(result)
            except ServiceError as error:
                box = show_message(None, QMessageBox.Icon.Critical, str(error))
                box.finished.connect(app.quit)
                return None
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)
    replacement.show()
    replacement.statusBar().showMessage(outcome, status_ms)
    show_message(replacement, icon, outcome)
    window.deleteLater()
    return replacement
