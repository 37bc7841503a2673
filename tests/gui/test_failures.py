"""Uncaught exceptions are logged in the data folder's logs/ and shown; the window keeps running.

The slot that raises runs in a real window in a child process: in this
process pytest-qt turns such an exception into a test failure before any
hook of ours could see it.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from ixcoach_desktop.gui.runtime.error_reporting import (
    FAULTS_FILE_NAME,
    LOG_BACKUPS,
    LOG_FILE_NAME,
    LOG_MAX_BYTES,
    ErrorDialog,
    describe,
    install_failure_path,
)
from ixcoach_desktop.services.locations import logs_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
# Stands for journal text that an exception message quotes.
SECRET = "what-they-shared-in-confidence"

# The real app (run_gui) on DATA_DIR; once its window is up, a slot raises,
# then a worker thread; the window is then used again, and the child says
# what is on screen before it closes every window.
_WINDOW_WITH_FAILING_SLOT = """
import sys, threading
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from ixcoach_desktop.app import run_gui

data_dir, secret = Path(sys.argv[1]), sys.argv[2]
app = QApplication(sys.argv[:1])

def _on_poke_triggered():
    raise LookupError(secret)

def _in_worker():
    raise ArithmeticError(secret)

def shown(name):
    return [w for w in app.topLevelWidgets() if w.objectName() == name and w.isVisible()]

def poke():
    if not shown("mainWindow"):
        return
    poller.stop()
    window = shown("mainWindow")[0]
    action = QAction(window)
    action.triggered.connect(_on_poke_triggered)
    action.trigger()
    worker = threading.Thread(target=_in_worker, name="poker")
    worker.start()
    worker.join()
    QTimer.singleShot(300, lambda: check(action))

def check(action):
    action.trigger()
    QTimer.singleShot(100, report)

def report():
    dialogs = shown("errorDialog")
    print(f"window {len(shown('mainWindow'))} dialogs {len(dialogs)} failures {dialogs[0].count}")
    app.closeAllWindows()

poller = QTimer(interval=50, timeout=poke)
poller.start()
print(f"exit {run_gui(data_dir)}", flush=True)
"""

# Installs the failure path on DATA_DIR and ends in a fatal error.
_FATAL_CRASH = """
import os, resource, sys
from pathlib import Path
from ixcoach_desktop.gui.runtime.error_reporting import install_failure_path

resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
install_failure_path(Path(sys.argv[1]))
os.abort()
"""


def _run(script: str, *args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_an_exception_in_a_slot_is_logged_privately_and_the_window_keeps_running(
    data_dir: Path,
) -> None:
    child = _run(_WINDOW_WITH_FAILING_SLOT, str(data_dir), SECRET)
    assert child.stdout.splitlines() == ["window 1 dialogs 1 failures 3", "exit 0"], child.stderr
    logs = logs_dir(data_dir)
    log = (logs / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "Uncaught in thread MainThread: LookupError in _on_poke_triggered" in log
    assert "Uncaught in thread poker: ArithmeticError in _in_worker" in log
    assert "Uncaught again (2 times): LookupError in _on_poke_triggered" in log
    assert SECRET not in log
    assert (_mode(logs), _mode(logs / LOG_FILE_NAME), _mode(logs / FAULTS_FILE_NAME)) == (
        0o700,
        0o600,
        0o600,
    )


def test_a_fatal_crash_is_carried_into_the_log_at_the_next_start(
    data_dir: Path, tmp_path: Path
) -> None:
    crashed = _run(_FATAL_CRASH, str(data_dir), cwd=tmp_path)
    assert crashed.returncode < 0
    with install_failure_path(data_dir):
        pass
    log = (logs_dir(data_dir) / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "The previous run ended in a fatal error:\nFatal Python error: Aborted" in log
    assert (logs_dir(data_dir) / FAULTS_FILE_NAME).read_text(encoding="utf-8") == ""


def test_copy_details_puts_the_versions_and_the_traceback_on_the_clipboard(
    qtbot: QtBot, data_dir: Path
) -> None:
    with install_failure_path(data_dir) as reporter:
        missing: dict[str, int] = {}
        try:
            missing[SECRET]
        except KeyError as error:
            reporter.report(error, "MainThread")
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
        dialog = reporter.dialog
        assert isinstance(dialog, ErrorDialog)
        assert not dialog.isModal()
        qtbot.mouseClick(
            dialog.findChild(QPushButton, "copyErrorDetailsButton"), Qt.MouseButton.LeftButton
        )
        copied = QGuiApplication.clipboard().text()
    assert copied.startswith("IX Coach Desktop ")
    assert "Qt " in copied
    assert "Python " in copied
    assert "test_copy_details_puts_the_versions_and_the_traceback_on_the_clipboard" in copied
    assert copied.rstrip().endswith("KeyError")
    assert SECRET not in copied


def test_a_failure_repeating_while_the_dialog_is_open_is_counted_not_stacked(
    qtbot: QtBot, data_dir: Path
) -> None:
    with install_failure_path(data_dir) as reporter:
        for _ in range(50):
            reporter.report(ZeroDivisionError(), "MainThread")
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.count == 50)
        dialog = reporter.dialog
        assert dialog is not None
        dialog.close()
        reporter.report(ZeroDivisionError(), "MainThread")
        qtbot.wait(50)
        # Already shown once: the user who closed it is not asked again.
        assert not dialog.isVisible()


def test_installing_is_idempotent_and_uninstalling_gives_the_hooks_back(data_dir: Path) -> None:
    before = (sys.excepthook, threading.excepthook, logging.getLogger("ixcoach_desktop").level)
    reporter = install_failure_path(data_dir)
    try:
        assert install_failure_path(data_dir) is reporter
        assert sys.excepthook != before[0]
        assert threading.excepthook != before[1]
    finally:
        reporter.uninstall()
    after = (sys.excepthook, threading.excepthook, logging.getLogger("ixcoach_desktop").level)
    assert after == before


def test_the_log_rotates_within_its_bound_and_every_generation_stays_private(
    data_dir: Path,
) -> None:
    with install_failure_path(data_dir):
        for number in range(4 * LOG_MAX_BYTES // 1000):
            logging.getLogger("ixcoach_desktop").info("%05d %s", number, "x" * 1000)
    files = sorted(logs_dir(data_dir).glob(f"{LOG_FILE_NAME}*"))
    assert len(files) == 1 + LOG_BACKUPS
    assert all(_mode(file) == 0o600 for file in files)
    assert sum(file.stat().st_size for file in files) <= (1 + LOG_BACKUPS) * LOG_MAX_BYTES


def test_a_traceback_names_where_and_what_but_never_the_message() -> None:
    try:
        try:
            int(SECRET)
        except ValueError as error:
            raise RuntimeError(SECRET) from error
    except RuntimeError as error:
        described = describe(error)
    assert SECRET not in described
    assert described.index("ValueError") < described.index("which led to")
    assert described.rstrip().endswith("RuntimeError")
    assert "int(SECRET)" in described


def test_a_data_folder_that_cannot_hold_logs_still_shows_failures(
    qtbot: QtBot, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "a file"
    not_a_folder.write_text("")
    with install_failure_path(not_a_folder) as reporter:
        assert reporter.log_file is None
        reporter.report(OSError(), "MainThread")
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    with pytest.raises(NotADirectoryError):
        logs_dir(not_a_folder).stat()
