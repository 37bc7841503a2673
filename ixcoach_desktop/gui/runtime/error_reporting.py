"""The visible failure path: uncaught exceptions are logged and shown, never lost.

An exception nobody catches (in a slot, a Qt override or a worker thread)
would otherwise only be printed on a standard error that an app started
from the desktop does not have. Here it is written to a small rotating log
in the data folder's ``logs/`` and shown in a non-modal error dialog whose
"Copy details" button puts what a bug report needs on the clipboard; the
window keeps running. A fatal crash (a segfault in Qt, say) is written by
``faulthandler`` to a file of its own and carried into the log at the next
start.

The log is as private as the journal (a 0700 folder, 0600 files) and holds
no journal text: a traceback names files, lines and functions, never the
values of variables, and exception messages, which may quote what the user
typed, are left out.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import PySide6
from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop import APP_DISPLAY_NAME, __version__
from ixcoach_desktop.services.locations import logs_dir

LOG_FILE_NAME = "ixcoach-desktop.log"
FAULTS_FILE_NAME = "fatal-errors.log"
# The log and its two older generations stay under a few hundred kilobytes.
LOG_MAX_BYTES = 128 * 1024
LOG_BACKUPS = 2
# Only the end of a previous run's fatal-error report is carried into the log.
FAULTS_CARRIED_BYTES = 32 * 1024
# As the data folder and the journal (see storage/journal_file.py).
FOLDER_MODE = 0o700
FILE_MODE = 0o600

_logger = logging.getLogger("ixcoach_desktop")


def install_failure_path(data_dir: Path) -> FailureReporter:
    """Log and show every uncaught exception, and log fatal crashes, in ``data_dir``'s logs/.

    Installs ``sys.excepthook`` and ``threading.excepthook`` (each still
    hands the exception on to the hook it replaced, so a terminal shows it
    too) and, unless something else has already chosen where they go,
    ``faulthandler``. A folder that cannot be written only costs the log
    file: the dialog is still shown. Installing while installed returns the
    reporter already installed; ``uninstall()`` gives everything back.
    """
    current = getattr(sys.excepthook, "__self__", None)
    if isinstance(current, FailureReporter):
        return current
    return FailureReporter(logs_dir(data_dir))


def versions() -> str:
    """The app, Qt, PySide6, Python and system versions, on one line."""
    return (
        f"{APP_DISPLAY_NAME} {__version__} · Qt {qVersion()} · PySide6 {PySide6.__version__}"
        f" · Python {platform.python_version()} · {platform.platform()}"
    )


def describe(error: BaseException) -> str:
    """Where ``error`` (and what caused it) was raised, and its type; never its message."""
    chain: list[BaseException] = []
    link: BaseException | None = error
    while link is not None and all(link is not seen for seen in chain):
        chain.append(link)
        link = link.__cause__ or (None if link.__suppress_context__ else link.__context__)
    return "\nwhich led to\n\n".join(
        "Traceback (most recent call last):\n"
        + "".join(traceback.format_tb(cause.__traceback__))
        + _type_name(type(cause))
        + "\n"
        for cause in reversed(chain)
    )


def _type_name(kind: type[BaseException]) -> str:
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def _summary(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return _type_name(type(error))
    last = frames[-1]
    return (
        f"{_type_name(type(error))} in {last.name} ({Path(last.filename).name}, line {last.lineno})"
    )


def _private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only, or make it so, before anything opens it."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)


def _tail(path: Path, size: int) -> str:
    """The last ``size`` bytes of the file at ``path``, as text."""
    with path.open("rb") as file:
        file.seek(max(0, file.seek(0, os.SEEK_END) - size))
        return file.read().decode("utf-8", errors="replace").strip()


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every generation is readable by its owner only.

    The handler opens files with the umask's mode; each new file is created
    0600 first. Rotation renames files, which keeps their mode, and with
    ``delay`` the fresh file is only opened when the next record comes.
    """

    def __init__(self, path: Path) -> None:
        _private_file(path)
        super().__init__(
            path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
        )

    def doRollover(self) -> None:  # noqa: N802 (logging's name)
        super().doRollover()
        _private_file(Path(self.baseFilename))


class ErrorDialog(QDialog):
    """Says that something went wrong, and offers the details to copy for a bug report.

    ``log_file`` (None when it could not be written) is named in the message.
    """

    def __init__(self, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setModal(False)
        # Closing the last window still quits while this dialog is open.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self._log_file = log_file
        self._summary = ""
        self.count = 0
        self.message = QLabel(self)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("errorDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("&Copy details", self)
        self.copy_button.setObjectName("copyErrorDetailsButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(640, 360)
        buttons.rejected.connect(self.close)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)

    def show_failure(self, summary: str, details: str) -> None:
        """Show this failure, once so far."""
        self._summary = summary
        self.count = 1
        self.details.setPlainText(details)
        self._update_message()

    def add_failure(self) -> None:
        """Count one more failure while this one is shown."""
        self.count += 1
        self._update_message()

    def _update_message(self) -> None:
        where = (
            f"also written to {self._log_file}"
            if self._log_file is not None
            else "not written to a log file: the data folder cannot be written"
        )
        text = (
            f"Something went wrong: {self._summary}.\n\n"
            f"The window keeps running. The details below hold nothing from your "
            f"journal; they are {where}."
        )
        if self.count > 1:
            text += f"\n\nFailures since this one was shown: {self.count - 1}."
        self.message.setText(text)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


class FailureReporter(QObject):
    """Logs uncaught exceptions from any thread and shows them in one ErrorDialog.

    The dialog is shown on the UI thread, whichever thread failed. It is
    never stacked: a failure while it is open is counted in it, and a
    failure already shown once is only logged, so an error repeating in a
    loop neither buries the window in dialogs nor reopens one the user
    closed. A repeating failure is logged the first, second, fourth,
    eighth... time, which keeps the log readable.

    Signals:
        failed(str, str): an uncaught exception's summary and details, for
            the UI thread.
    """

    failed = Signal(str, str)

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.setObjectName("failureReporter")
        self.log_file: Path | None = None
        self._handler: logging.Handler | None = None
        self._faults: IO[str] | None = None
        self._dialog: ErrorDialog | None = None
        self._shown: set[str] = set()
        self._counts: dict[str, int] = {}
        self._counts_lock = threading.Lock()
        self._previous_level = _logger.level
        self._open_log(folder)
        self._previous_excepthook = sys.excepthook
        self._previous_threading_excepthook = threading.excepthook
        sys.excepthook = self._on_uncaught
        threading.excepthook = self._on_uncaught_in_thread
        # Queued even on the UI thread: the dialog is built after the code
        # that failed has unwound, never in the middle of it.
        self.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        _logger.info("Started: %s", versions())

    @property
    def dialog(self) -> ErrorDialog | None:
        """The error dialog, once a failure has been shown."""
        return self._dialog

    def report(self, error: BaseException, thread_name: str) -> None:
        """Log ``error``, raised and not caught in ``thread_name``, and show it. Any thread."""
        summary = _summary(error)
        with self._counts_lock:
            count = self._counts.get(summary, 0) + 1
            self._counts[summary] = count
        details = describe(error)
        if count == 1:
            _logger.error("Uncaught in thread %s: %s\n%s", thread_name, summary, details)
        elif count & (count - 1) == 0:
            _logger.error("Uncaught again (%d times): %s", count, summary)
        self.failed.emit(summary, f"{versions()}\nThread: {thread_name}\n\n{details}")

    def uninstall(self) -> None:
        """Give the hooks and faulthandler back, close the files and the dialog."""
        if sys.excepthook == self._on_uncaught:
            sys.excepthook = self._previous_excepthook
        if threading.excepthook == self._on_uncaught_in_thread:
            threading.excepthook = self._previous_threading_excepthook
        if self._faults is not None:
            faulthandler.disable()
            self._faults.close()
            self._faults = None
        if self._handler is not None:
            _logger.removeHandler(self._handler)
            _logger.setLevel(self._previous_level)
            self._handler.close()
            self._handler = None
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.uninstall()

    def _open_log(self, folder: Path) -> None:
        try:
            folder.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
            folder.chmod(FOLDER_MODE)
            handler = _PrivateRotatingFileHandler(folder / LOG_FILE_NAME)
            faults_path = folder / FAULTS_FILE_NAME
            _private_file(faults_path)
            earlier_crash = _tail(faults_path, FAULTS_CARRIED_BYTES)
            faults = faults_path.open("w", encoding="utf-8")
        except OSError:
            # The journal's own opening says what is wrong with the folder;
            # failures still reach the dialog and standard error.
            return
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        _logger.addHandler(handler)
        _logger.setLevel(logging.INFO)
        self._handler = handler
        self.log_file = folder / LOG_FILE_NAME
        if earlier_crash:
            _logger.critical("The previous run ended in a fatal error:\n%s", earlier_crash)
        # Someone who already chose where fatal errors go (python -X
        # faulthandler, a test runner) keeps that choice.
        if faulthandler.is_enabled():
            faults.close()
            return
        faulthandler.enable(file=faults, all_threads=True)
        self._faults = faults

    def _on_uncaught(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            self.report(error.with_traceback(trace), threading.current_thread().name)
        self._previous_excepthook(kind, error, trace)

    def _on_uncaught_in_thread(self, args: threading.ExceptHookArgs) -> None:
        # A thread ended by SystemExit ended as asked (the default hook is silent too).
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
            name = args.thread.name if args.thread is not None else "unknown"
            self.report(args.exc_value.with_traceback(args.exc_traceback), name)
        self._previous_threading_excepthook(args)

    def _on_failed(self, summary: str, details: str) -> None:
        dialog = self._dialog
        if dialog is not None and dialog.isVisible():
            dialog.add_failure()
            return
        if summary in self._shown:
            return
        self._shown.add(summary)
        if dialog is None:
            dialog = self._dialog = ErrorDialog(self.log_file)
        dialog.show_failure(summary, details)
        dialog.show()
        dialog.raise_()
