"""Composition root: builds the services and the window and wires them together.

Nothing here is global: every call builds what it needs and hands it on.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ixcoach_desktop import APP_DISPLAY_NAME, APP_ID, APP_NAME, __version__
from ixcoach_desktop.gui.file_actions.backup_menu import BackupActions, open_window_or_recover
from ixcoach_desktop.gui.file_actions.protection import PrivacyActions, unlock_at_start_up
from ixcoach_desktop.gui.runtime.error_reporting import install_failure_path
from ixcoach_desktop.gui.runtime.main_thread_gc import install_main_thread_gc
from ixcoach_desktop.gui.runtime.termination import TerminationWatch
from ixcoach_desktop.gui.window.main_window import MainWindow
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.instance_lock import WINDOW_WRITER
from ixcoach_desktop.services.integrity import EarlyHealthCheck
from ixcoach_desktop.services.passphrase_keyring import PassphraseKeyring
from ixcoach_desktop.services.privacy import JournalKey, PrivacyService
from ixcoach_desktop.services.session import open_session

ORGANIZATION = "ixcoach"
ICON_PATH = Path(__file__).with_name("resources") / "ixcoach-desktop.svg"


# How long the window waits, before it is first shown, for the selected
# contact: well above what even the longest history takes to arrive.
FIRST_FRAME_WAIT_S = 0.3
# The self-test waits as long as a slow machine could need.
SELF_TEST_LOAD_WAIT_S = 30.0


def _application() -> QApplication:
    """The running QApplication, created and identified if there is none yet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    # Worker threads must never run Python's collector on Qt objects.
    install_main_thread_gc(app)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    # Matches the .desktop file name so the shell groups windows under our icon.
    QGuiApplication.setDesktopFileName(APP_ID)
    if ICON_PATH.exists():
        QGuiApplication.setWindowIcon(QIcon(str(ICON_PATH)))
    return app


def wait_until_loaded(window: MainWindow, timeout_s: float) -> bool:
    """Run the event loop until the selected contact is shown, or ``timeout_s`` has passed."""
    if not window.loading:
        return True
    loop = QEventLoop()
    window.selected.loaded.connect(loop.quit)
    QTimer.singleShot(round(timeout_s * 1000), loop.quit)
    loop.exec()
    window.selected.loaded.disconnect(loop.quit)
    return not window.loading


def create_main_window(
    data_dir: Path, key: JournalKey | None = None, early_check: EarlyHealthCheck | None = None
) -> MainWindow:
    """The fully wired main window on the journal in ``data_dir``, not yet shown.

    ``key`` opens a protected journal (see services/privacy.py);
    ``early_check`` is its health check, started before (see open_session).
    Raises ServiceError (with a message for the user) when the journal
    cannot be opened.
    """
    _application()
    # The window is the journal's one writer while it is open (see instance_lock).
    # Its start-up backup is taken on its worker once the first frame is up.
    session = open_session(
        data_dir,
        writer=WINDOW_WRITER,
        key=key,
        early_check=early_check,
        backup_at_warm_up=True,
    )
    settings = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME
    )
    window = MainWindow(session, settings)
    file = window.menus.file
    BackupActions(
        (file.backup_now, file.restore_backup),
        session.backups,
        window,
        lambda: create_main_window(data_dir, session.key),
        window.background,
    )
    PrivacyActions(
        (file.protect, file.change_passphrase, file.remove_protection),
        window.file_menu,
        PrivacyService(data_dir),
        window,
        lambda new_key: create_main_window(data_dir, new_key),
        key=session.key,
        keyring=PassphraseKeyring(),
        problem=session.protection_problem,
    )
    return window


def run_gui(
    data_dir: Path, key: JournalKey | None = None, *, early_check: EarlyHealthCheck | None = None
) -> int:
    """Show the window on ``data_dir``; a protected journal is unlocked first.

    ``key`` (from --passphrase-file) skips the question; otherwise the
    keyring or the unlock dialog provides it. ``early_check`` is the
    journal's health check, started before (see services/integrity.py).
    """
    # Here rather than at the top: QtNetwork is not needed by the self-test or
    # by anything else that builds a window without showing it.
    from ixcoach_desktop.gui.runtime.single_instance import Claim, SingleInstance, bring_to_front

    app = _application()
    instance = SingleInstance(data_dir)
    claim = instance.claim()
    if claim is Claim.ACTIVATED_OTHER:
        return 0
    if claim is Claim.OTHER_NOT_RESPONDING:
        message = (
            f"{APP_DISPLAY_NAME} is already open on {data_dir} (process "
            f"{instance.other_pid}) but does not respond. Close it, then start again."
        )
        print(f"{APP_NAME}: {message}", file=sys.stderr)
        QMessageBox.critical(None, APP_DISPLAY_NAME, message)
        return 1
    # This process shows the window: from here on, what no code catches is
    # logged in the data folder and shown. The hooks keep the reporter for
    # the life of the process, so failures while it ends are logged too.
    install_failure_path(data_dir)
    note = None
    if key is None:
        unlocked = unlock_at_start_up(PrivacyService(data_dir), PassphraseKeyring())
        if not unlocked.proceed:
            return 1
        key, note = unlocked.key, unlocked.note
    window = open_window_or_recover(
        data_dir, lambda folder: create_main_window(folder, key, early_check), key=key
    )
    if window is None:
        return 1
    instance.activation_requested.connect(bring_to_front)
    # The first frame shows the selected contact, rather than an empty chart
    # drawn and at once replaced; a load that takes longer is shown as it arrives.
    wait_until_loaded(window, FIRST_FRAME_WAIT_S)
    window.show()
    if note:
        window.statusBar().showMessage(note, 15_000)
    termination = TerminationWatch(app)
    try:
        return app.exec()
    finally:
        termination.release()


def run_self_test(
    data_dir: Path, key: JournalKey | None = None, *, early_check: EarlyHealthCheck | None = None
) -> int:
    """Open the journal, build and draw the window once, report counts and timings.

    ``key`` opens a protected journal (the command line gets it from
    --passphrase-file or a terminal prompt); ``early_check`` is the
    journal's health check, started before (see services/integrity.py).
    """
    started = time.perf_counter()
    if not any(os.environ.get(v) for v in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")):
        # No screen to draw on: render off-screen rather than fail to connect.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    timings: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        timings[name] = round((now - since) * 1000, 1)
        return now

    mark = started
    _application()
    mark = lap("qt_ms", mark)
    # As run_gui; given back at the end, since the caller may live on (a test).
    failures = install_failure_path(data_dir)
    try:
        window = create_main_window(data_dir, key, early_check)
    except ServiceError as error:
        failures.uninstall()
        print(f"SELF-TEST FAILED: {error}", file=sys.stderr)
        return 1
    mark = lap("window_ms", mark)
    try:
        # As run_gui does: the selected contact is loaded, then the window is
        # shown, so the chart is drawn once, with it, at its real size. The
        # window is never mapped on a screen: a self-test flashes nothing.
        window.contacts_pane.select_contact(None)
        if not wait_until_loaded(window, SELF_TEST_LOAD_WAIT_S):
            print("SELF-TEST FAILED: the selected contact did not load", file=sys.stderr)
            return 1
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.show()
        image = window.grab()
        lap("draw_ms", mark)
        if image.isNull():
            print("SELF-TEST FAILED: the window could not be drawn", file=sys.stderr)
            return 1
        report = {
            "version": __version__,
            "journal": str(window.journal_path),
            "contacts": window.contact_model.rowCount(),
            "exchanges": window.exchange_count(),
            "platform": QGuiApplication.platformName(),
            # A packaged build must prove it carries the icon and can draw it.
            "icon": not QGuiApplication.windowIcon().pixmap(48, 48).isNull(),
            "timings_ms": timings | {"total_ms": round((time.perf_counter() - started) * 1000, 1)},
        }
    finally:
        window.close()
        failures.uninstall()
    print("SELF-TEST OK " + json.dumps(report, ensure_ascii=False))
    return 0
