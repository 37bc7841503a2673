"""File > Backup now, File > Restore from backup…, and the damaged-journal start-up question.

Restoring replaces the journal the window has open, so the window cannot
simply carry on: BackupActions closes it (saving its layout and drafts and
closing its session), puts the backup in place, and opens a fresh window
through the composition root's factory. This process keeps the writer lock
throughout, so no command can slip in between. Nothing is deleted: the
journal that was replaced is kept beside it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop import APP_DISPLAY_NAME, APP_NAME
from ixcoach_desktop.gui.file_actions.window_swap import Outcome, swap_window
from ixcoach_desktop.gui.runtime.tasks import TaskFailure, TaskRunner
from ixcoach_desktop.gui.widgets import show_message
from ixcoach_desktop.services.backup_policy import BackupInfo
from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.errors import JournalDamagedError, ServiceError
from ixcoach_desktop.services.privacy import JournalKey

_STATUS_MS = 8_000
WindowT = TypeVar("WindowT", bound=QMainWindow)
_PATH_ROLE = Qt.ItemDataRole.UserRole


def _local_time(backup: BackupInfo) -> str:
    return f"{backup.taken_at.astimezone():%a %d %b %Y, %H:%M}"


def _size(size_bytes: int) -> str:
    if size_bytes < 1024 * 1024:
        return f"{max(1, round(size_bytes / 1024))} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"


def _describe(backup: BackupInfo) -> str:
    return f"{_local_time(backup)}  ·  {backup.reason.label}  ·  {_size(backup.size_bytes)}"


class RestoreDialog(QDialog):
    """Pick a backup to restore; says plainly that the current journal is kept.

    Signals:
        chosen(Path): the user picked this backup and pressed Restore.
    """

    chosen = Signal(object)

    def __init__(self, backups: list[BackupInfo], data_dir: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName("Backups, newest first")
        for backup in backups:
            item = QListWidgetItem(_describe(backup))
            item.setData(_PATH_ROLE, str(backup.path))
            item.setToolTip(str(backup.path))
            self.list.addItem(item)
        explanation = QLabel(
            "The journal is replaced by the backup you choose, and the window "
            "reopens on it. Nothing is deleted: the current journal is kept as "
            f"<code>journal-before-restore-…sqlite3</code> in <code>{data_dir}</code>."
            if backups
            else "There are no backups yet. Use File › Backup now, or "
            f"<code>{APP_NAME} backup</code>; one is also taken automatically each day."
        )
        explanation.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restoreButton")
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.list.itemDoubleClicked.connect(self._on_buttons_accepted)
        self.list.setCurrentRow(0)
        self._on_list_current_row_changed(self.list.currentRow())
        self.resize(520, 360)

    def _on_list_current_row_changed(self, row: int) -> None:
        self.restore_button.setEnabled(row >= 0)

    def _on_buttons_accepted(self) -> None:
        if self.list.currentRow() < 0:
            return
        item = self.list.currentItem()
        self.accept()
        self.chosen.emit(Path(item.data(_PATH_ROLE)))


class BackupActions(QObject):
    """Carries out "Backup now" and "Restore from backup…" (the two ``actions``).

    ``reopen`` builds a new window on the journal (the composition root's
    factory); it is called after a restore, or to reopen the unchanged
    journal when a restore was refused. A backup runs on ``runner``.

    Signals:
        backup_finished(BackupInfo): a backup now was written.
        backup_failed(str): a backup now failed; the message says why.
        window_replaced(QMainWindow): after a restore, the new window is showing.
    """

    backup_finished = Signal(object)
    backup_failed = Signal(str)
    window_replaced = Signal(object)

    def __init__(
        self,
        actions: tuple[QAction, QAction],
        backups: BackupService,
        window: QMainWindow,
        reopen: Callable[[], QMainWindow],
        runner: TaskRunner,
    ) -> None:
        super().__init__(window)
        self._backups = backups
        self._window = window
        self._reopen = reopen
        self._runner = runner
        self.backup_action, self.restore_action = actions
        self.backup_action.triggered.connect(self._on_backup_action_triggered)
        self.restore_action.triggered.connect(self._on_restore_action_triggered)

    # --- backup now --------------------------------------------------------------

    def _on_backup_action_triggered(self) -> None:
        # A copy plus fsync can take a moment on a slow disk; never on the UI thread.
        self.backup_action.setEnabled(False)
        self._window.statusBar().showMessage("Backing up the journal…")
        self._runner.run(self._backups.backup_now, self._on_backup_finished, self._on_backup_failed)

    def _on_backup_finished(self, written: BackupInfo) -> None:
        self.backup_action.setEnabled(True)
        self.backup_finished.emit(written)
        self._window.statusBar().showMessage(
            f"Backed up the journal ({_size(written.size_bytes)}) to {written.path}.", _STATUS_MS
        )

    def _on_backup_failed(self, failure: TaskFailure) -> None:
        self.backup_action.setEnabled(True)
        self._window.statusBar().clearMessage()
        show_message(self._window, QMessageBox.Icon.Warning, failure.message)
        self.backup_failed.emit(failure.message)

    # --- restore -----------------------------------------------------------------

    def _on_restore_action_triggered(self) -> None:
        try:
            found = self._backups.all()
        except ServiceError as error:
            show_message(self._window, QMessageBox.Icon.Warning, str(error))
            return
        dialog = RestoreDialog(found, self._backups.data_dir, self._window)
        dialog.chosen.connect(self.restore)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def restore(self, backup: Path) -> QMainWindow | None:
        """Close the window, put ``backup`` in place, open a new window; None if not done.

        When the restore is refused (a damaged backup, a full disk) the
        journal is unchanged and the new window opens on it, saying why.
        """

        def work() -> Outcome[None]:
            try:
                result = self._backups.restore(backup)
            except ServiceError as error:
                message = f"The backup was not restored: {error} Your journal is unchanged."
                return None, message, QMessageBox.Icon.Warning
            return (
                None,
                self._restored_message(backup, result.kept_as),
                QMessageBox.Icon.Information,
            )

        window = swap_window(
            self._window, self._backups.data_dir, work, lambda _: self._reopen(), _STATUS_MS
        )
        if window is not None:
            self.window_replaced.emit(window)
        return window

    @staticmethod
    def _restored_message(backup: Path, kept_as: Path | None) -> str:
        kept = f" The journal it replaced is kept as {kept_as}." if kept_as else ""
        return f"Restored the journal from {backup.name}.{kept}"


class DamagedJournalPrompt:
    """At start-up, a damaged journal: explain, and offer the newest good backup.

    The damaged file is never changed: it is renamed journal-damaged-… and
    kept beside the restored one. Without a good backup the user may set it
    aside and start an empty journal, or quit and leave everything as it is.
    """

    def __init__(self, error: JournalDamagedError, backups: BackupService) -> None:
        self._backups = backups
        try:
            self.newest = backups.newest_good()
        except ServiceError:
            self.newest = None
        self.box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME, "")
        self.box.setObjectName("damagedJournalBox")
        self.box.setText("<b>The journal could not be opened safely: it is damaged.</b>")
        self.box.setDetailedText(f"{error.path}\n\n" + "\n".join(error.problems))
        self.restore_button: QAbstractButton | None = None
        self.start_new_button: QAbstractButton | None = None
        if self.newest is not None:
            self.box.setInformativeText(
                f"The newest good backup is from {_local_time(self.newest)} "
                f"({self.newest.reason.label}). Restore it? Entries written after it "
                "are not in it. The damaged file is kept, not deleted, as "
                f"journal-damaged-…sqlite3 in {backups.data_dir}."
            )
            self.restore_button = self.box.addButton(
                "Restore this backup", QMessageBox.ButtonRole.AcceptRole
            )
            self.restore_button.setObjectName("restoreNewestButton")
        else:
            self.box.setInformativeText(
                "There is no good backup to restore. You can set the damaged file aside "
                f"(it is kept as journal-damaged-…sqlite3 in {backups.data_dir}) and start "
                "a new, empty journal, or quit and leave it untouched for a recovery tool."
            )
            self.start_new_button = self.box.addButton(
                "Set it aside and start a new journal", QMessageBox.ButtonRole.DestructiveRole
            )
            self.start_new_button.setObjectName("startNewJournalButton")
        self.quit_button = self.box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.quit_button.setObjectName("quitButton")
        self.box.setDefaultButton(self.restore_button or self.quit_button)

    def apply(self, clicked: QAbstractButton | None) -> bool:
        """Carry out the user's choice; True when the journal may now be opened.

        Raises ServiceError when the chosen repair fails (nothing is lost).
        """
        if clicked is not None and clicked is self.restore_button and self.newest is not None:
            self._backups.replace_damaged(self.newest.path)
            return True
        if clicked is not None and clicked is self.start_new_button:
            self._backups.set_aside_damaged()
            return True
        return False

    def run(self) -> bool:
        """Ask (modally: there is no window yet) and act; True when the journal may be opened."""
        self.box.exec()
        try:
            return self.apply(self.box.clickedButton())
        except ServiceError as error:
            QMessageBox.critical(None, APP_DISPLAY_NAME, str(error))
            return False


def open_window_or_recover(
    data_dir: Path, factory: Callable[[Path], WindowT], *, key: JournalKey | None = None
) -> WindowT | None:
    """The window on ``data_dir``, after offering a repair if the journal is damaged.

    ``key`` is a protected journal's key, to read its (encrypted) backups.
    Failures are explained (stderr and a message box) and give None.
    """
    try:
        try:
            return factory(data_dir)
        except JournalDamagedError as error:
            print(f"{APP_NAME}: {error}", file=sys.stderr)
            if not DamagedJournalPrompt(error, BackupService(data_dir, key=key)).run():
                return None
            return factory(data_dir)
    except ServiceError as error:
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        QMessageBox.critical(None, APP_DISPLAY_NAME, str(error))
        return None
