"""File › Protect with passphrase…, Change passphrase…, Remove protection…; unlocking at start.

Converting replaces the journal file the window has open, so, as for a
restore (backup_actions.py), PrivacyActions closes the window (saving its
layout and drafts and closing its session), converts the journal, its
backups and drafts, and opens a fresh window through the composition
root's factory with the new key. This process keeps the writer lock
throughout, so no command can slip in between. When the conversion fails,
nothing was changed and the window reopens on the journal as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox

from ixcoach_desktop import APP_DISPLAY_NAME, APP_NAME
from ixcoach_desktop.gui.file_actions.window_swap import Outcome, swap_window
from ixcoach_desktop.services.errors import ServiceError, WrongPassphraseError
from ixcoach_desktop.services.passphrase_keyring import PassphraseKeyring
from ixcoach_desktop.services.privacy import (
    ConversionIncompleteError,
    JournalKey,
    PrivacyService,
    ProtectionReport,
    protection_unavailable_reason,
)

# The dialogs are imported when first needed: an unprotected journal's first
# frame never shows one.
if TYPE_CHECKING:
    from ixcoach_desktop.gui.file_actions.passphrase_dialogs import UnlockDialog

_STATUS_MS = 12_000


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class PrivacyActions(QObject):
    """Carries out the passphrase ``actions`` (protect, change, remove) of ``menu``.

    ``key`` is the open journal's key (None: not protected); it decides which
    actions show: Protect when the journal is plain, Change and Remove when
    it is protected. Protect is disabled, with the reason as its tooltip,
    when this installation has no SQLCipher. ``reopen`` builds a new window
    on the journal with a given key (the composition root's factory).
    ``problem`` is shown in the status bar (see JournalSession.protection_problem).

    Signals:
        window_replaced(QMainWindow): after a conversion, the new window is showing.
    """

    window_replaced = Signal(object)

    def __init__(
        self,
        actions: tuple[QAction, QAction, QAction],
        menu: QMenu,
        privacy: PrivacyService,
        window: QMainWindow,
        reopen: Callable[[JournalKey | None], QMainWindow],
        *,
        key: JournalKey | None,
        keyring: PassphraseKeyring,
        problem: str | None = None,
    ) -> None:
        super().__init__(window)
        self._privacy = privacy
        self._key = key
        self._keyring = keyring
        self._window = window
        self._reopen = reopen
        self.protect_action, self.change_action, self.remove_action = actions
        protected = key is not None
        self.protect_action.setVisible(not protected)
        self.change_action.setVisible(protected)
        self.remove_action.setVisible(protected)
        self._availability_known = protected
        if not protected:
            # Finding out loads SQLCipher (several ms): when the menu first opens,
            # not on the way to the window's first frame.
            menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.protect_action.triggered.connect(self._on_protect_action_triggered)
        self.change_action.triggered.connect(self._on_change_action_triggered)
        self.remove_action.triggered.connect(self._on_remove_action_triggered)
        if problem:
            window.statusBar().showMessage(problem, _STATUS_MS)

    def _on_menu_about_to_show(self) -> None:
        if self._availability_known:
            return
        self._availability_known = True
        reason = protection_unavailable_reason()
        if reason is not None:
            self.protect_action.setEnabled(False)
            self.protect_action.setToolTip(f"Unavailable: {reason}")
            self.protect_action.setStatusTip(f"Unavailable: {reason}")

    # --- the dialogs -------------------------------------------------------------

    def _on_protect_action_triggered(self) -> None:
        # Triggered without the menu having opened (a test, an accessibility tool).
        self._on_menu_about_to_show()
        if not self.protect_action.isEnabled():
            self._window.statusBar().showMessage(self.protect_action.statusTip(), _STATUS_MS)
            return
        from ixcoach_desktop.gui.file_actions.passphrase_dialogs import PassphraseDialog

        dialog = PassphraseDialog(self._keyring, self._window)
        dialog.chosen.connect(self.protect)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_change_action_triggered(self) -> None:
        key = self._key
        if key is None:
            return
        remembered = self._keyring.recall(self._privacy.data_dir) is not None
        from ixcoach_desktop.gui.file_actions.passphrase_dialogs import PassphraseDialog

        dialog = PassphraseDialog(
            self._keyring, self._window, current=key.matches, remembered=remembered
        )
        dialog.chosen.connect(self.change_passphrase)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_remove_action_triggered(self) -> None:
        key = self._key
        if key is None:
            return
        from ixcoach_desktop.gui.file_actions.passphrase_dialogs import RemoveProtectionDialog

        dialog = RemoveProtectionDialog(key.matches, self._window)
        dialog.confirmed.connect(self.remove_protection)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # --- the conversions ---------------------------------------------------------

    def protect(self, passphrase: str, remember: bool) -> QMainWindow | None:
        """Protect the journal with ``passphrase`` and reopen the window on it."""

        def done(report: ProtectionReport) -> str:
            notes = self._remember(passphrase) if remember else ""
            return (
                f"The journal is now protected with your passphrase; "
                f"{_plural(report.copies, 'backup')} and {_plural(report.drafts, 'draft')} "
                f"were encrypted too.{notes}"
            )

        return self._convert(lambda: self._privacy.protect(passphrase), done, "protected")

    def change_passphrase(self, new_passphrase: str, remember: bool) -> QMainWindow | None:
        """Re-encrypt everything with ``new_passphrase`` and reopen the window."""
        key = self._key
        if key is None:
            return None

        def done(report: ProtectionReport) -> str:
            if remember:
                notes = self._remember(new_passphrase)
            else:
                self._keyring.forget(self._privacy.data_dir)
                notes = ""
            skipped = (
                f" {_plural(len(report.skipped), 'file')} that the old passphrase does not "
                "open were left as they were."
                if report.skipped
                else ""
            )
            changed = "The passphrase is changed; the old one no longer opens the journal."
            return f"{changed}{skipped}{notes}"

        return self._convert(
            lambda: self._privacy.change_passphrase(key, new_passphrase), done, "changed"
        )

    def remove_protection(self) -> QMainWindow | None:
        """Decrypt the journal, its backups and drafts, and reopen the window."""
        key = self._key
        if key is None:
            return None

        def done(report: ProtectionReport) -> str:
            self._keyring.forget(self._privacy.data_dir)
            return (
                "The protection is removed: the journal, "
                f"{_plural(report.copies, 'backup')} and {_plural(report.drafts, 'draft')} "
                "are stored unencrypted again."
            )

        return self._convert(lambda: self._privacy.unprotect(key), done, "changed")

    def _remember(self, passphrase: str) -> str:
        try:
            self._keyring.remember(self._privacy.data_dir, passphrase)
        except ServiceError as error:
            return f" {error}"
        return " The passphrase is remembered on this computer."

    def _convert(
        self,
        work: Callable[[], ProtectionReport],
        describe: Callable[[ProtectionReport], str],
        unchanged: str,
    ) -> QMainWindow | None:
        """Close the window, run ``work``, open a new window with the resulting key."""

        def convert() -> Outcome[JournalKey | None]:
            try:
                report = work()
            except ConversionIncompleteError as error:
                return error.key, str(error), QMessageBox.Icon.Warning
            except ServiceError as error:
                return self._key, f"Nothing was {unchanged}: {error}", QMessageBox.Icon.Warning
            return report.key, describe(report), QMessageBox.Icon.Information

        window = swap_window(
            self._window, self._privacy.data_dir, convert, self._reopen, _STATUS_MS
        )
        if window is not None:
            self.window_replaced.emit(window)
        return window


@dataclass(frozen=True, slots=True)
class StartUpUnlock:
    """The start-up's answer: go on (with ``key`` for a protected journal), or stop."""

    proceed: bool
    key: JournalKey | None = None
    note: str | None = None


def _ask_modally(dialog: UnlockDialog) -> bool:
    """Before the window exists a modal dialog is the start-up itself."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def unlock_at_start_up(
    privacy: PrivacyService,
    keyring: PassphraseKeyring,
    ask: Callable[[UnlockDialog], bool] = _ask_modally,
) -> StartUpUnlock:
    """The key of a protected journal, from the keyring or the unlock dialog.

    A plain journal needs nothing. A passphrase remembered in the keyring is
    tried first; one that no longer fits (changed on another computer) is
    forgotten and the dialog says so. ``ask`` shows the dialog and returns
    whether it was accepted (tests drive it without a nested event loop).
    """
    if not privacy.is_protected():
        return StartUpUnlock(proceed=True)
    reason = protection_unavailable_reason()
    if reason is not None:
        message = (
            f"The journal in {privacy.data_dir} is protected with a passphrase, but this "
            f"installation cannot decrypt it. {reason}"
        )
        print(f"{APP_NAME}: {message}", file=sys.stderr)
        QMessageBox.critical(None, APP_DISPLAY_NAME, message)
        return StartUpUnlock(proceed=False)
    problem = None
    remembered = keyring.recall(privacy.data_dir)
    if remembered is not None:
        try:
            return StartUpUnlock(proceed=True, key=privacy.unlock(remembered))
        except WrongPassphraseError:
            keyring.forget(privacy.data_dir)
            problem = (
                "The passphrase remembered on this computer no longer unlocks the journal "
                "(was it changed?); it has been forgotten. Type the current one."
            )
        except ServiceError as error:
            problem = str(error)
    from ixcoach_desktop.gui.file_actions.passphrase_dialogs import UnlockDialog

    dialog = UnlockDialog(privacy.data_dir, privacy.unlock, keyring)
    if problem is not None:
        dialog.show_problem(problem)
    if not ask(dialog) or dialog.key is None:
        return StartUpUnlock(proceed=False)
    return StartUpUnlock(proceed=True, key=dialog.key, note=dialog.remember_problem)
