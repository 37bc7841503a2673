"""The passphrase dialogs: unlock a protected journal, choose a passphrase, remove protection.

They only collect and check what the user types; PrivacyActions (and the
start-up in privacy_actions.unlock_at_start_up) carry out the change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop.gui.runtime.tasks import Task, TaskFailure, TaskRunner
from ixcoach_desktop.gui.widgets import ErrorLabel, name_widget
from ixcoach_desktop.services.errors import ServiceError, WrongPassphraseError
from ixcoach_desktop.services.passphrase_keyring import PassphraseKeyring
from ixcoach_desktop.services.privacy import JournalKey

WRONG_PASSPHRASE = (
    "That passphrase does not unlock the journal. Check it (and Caps Lock) and try again."
)
REMEMBER_TEXT = "Remember on this computer"


def _password_field(object_name: str, accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    name_widget(field, object_name, accessible_name)
    return field


def _remember_box(keyring: PassphraseKeyring, *, checked: bool = False) -> tuple[QCheckBox, QLabel]:
    """The "Remember on this computer" box, disabled with the reason when there is no keyring."""
    box = QCheckBox(REMEMBER_TEXT)
    name_widget(box, "rememberPassphraseCheck", REMEMBER_TEXT)
    note = QLabel()
    note.setObjectName("rememberUnavailableLabel")
    note.setWordWrap(True)
    note.setEnabled(False)  # drawn in the disabled colour: an aside, not an error
    reason = keyring.unavailable_reason()
    if reason is None:
        box.setChecked(checked)
        box.setToolTip("Keep the passphrase in the system keyring, so the journal opens without it")
        note.hide()
    else:
        box.setEnabled(False)
        box.setToolTip(reason)
        note.setText(reason)
    return box, note


class UnlockDialog(QDialog):
    """Asks for a protected journal's passphrase; a wrong one is said so, and the user retries.

    ``unlock`` turns a passphrase into the journal's key or raises
    WrongPassphraseError (PrivacyService.unlock). With "Remember on this
    computer" ticked, the passphrase that worked is stored in the keyring;
    when that fails, ``remember_problem`` says why (the journal opens anyway).

    Signals:
        unlocked(JournalKey): the passphrase was right; the dialog is accepted.
    """

    unlocked = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        unlock: Callable[[str], JournalKey],
        keyring: PassphraseKeyring,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        name_widget(self, "unlockDialog", "Unlock journal")
        self.setWindowTitle("Unlock journal")
        self._data_dir = data_dir
        self._unlock = unlock
        self._keyring = keyring
        self._runner = TaskRunner(self, name="ixcoach-unlock")
        self._task: Task[JournalKey] | None = None
        self.key: JournalKey | None = None
        self.remember_problem: str | None = None
        self.attempts = 0

        intro = QLabel(
            f"The journal in <code>{data_dir}</code> is protected with a passphrase. "
            "Type it to open the journal."
        )
        intro.setWordWrap(True)
        self.passphrase = _password_field("unlockPassphraseEdit", "Passphrase")
        self.remember, remember_note = _remember_box(keyring)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.unlock_button = QPushButton("Unlock")
        name_widget(self.unlock_button, "unlockButton", "Unlock")
        self.unlock_button.setDefault(True)
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        quit_button = self.buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quitButton")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.remember)
        layout.addWidget(remember_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.passphrase.textChanged.connect(self._update_buttons)
        self._update_buttons()
        self.setMinimumWidth(440)

    def show_problem(self, message: str) -> None:
        """Say something before the user types (e.g. a remembered passphrase stopped working)."""
        self.error.show_message(message)

    def is_busy(self) -> bool:
        return self._task is not None

    def _update_buttons(self) -> None:
        self.unlock_button.setEnabled(bool(self.passphrase.text()) and not self.is_busy())

    def _on_buttons_accepted(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        self.attempts += 1
        self.error.clear_message()
        self.passphrase.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self.unlock_button.setText("Unlocking…")
        # Deriving the key takes a fraction of a second of hashing: off the UI thread.
        passphrase = self.passphrase.text()
        self._task = self._runner.run(
            lambda: self._unlock(passphrase), self._on_task_unlocked, self._on_task_refused
        )

    def _finish_task(self) -> None:
        self._task = None
        self.passphrase.setEnabled(True)
        self.unlock_button.setText("Unlock")
        self._update_buttons()

    def _on_task_unlocked(self, key: JournalKey) -> None:
        self._finish_task()
        if self.remember.isChecked():
            try:
                self._keyring.remember(self._data_dir, key.passphrase)
            except ServiceError as error:
                self.remember_problem = str(error)
        self.key = key
        self.accept()
        self.unlocked.emit(key)

    def _on_task_refused(self, failure: TaskFailure) -> None:
        self._finish_task()
        wrong = isinstance(failure.error, WrongPassphraseError)
        self.error.show_message(WRONG_PASSPHRASE if wrong else failure.message)
        if wrong:
            self.passphrase.selectAll()
        self.passphrase.setFocus()

    def done(self, result: int) -> None:
        """Never leave the worker running behind a closed dialog."""
        self._runner.shutdown()
        super().done(result)


class PassphraseDialog(QDialog):
    """Choose a passphrase: to protect the journal, or to change it (then the current one first).

    ``current`` checks the current passphrase (JournalKey.matches) and asks
    for it when given. The dialog only validates; ``chosen`` carries the result.

    Signals:
        chosen(str, bool): the new passphrase, and whether to remember it.
    """

    chosen = Signal(str, bool)

    def __init__(
        self,
        keyring: PassphraseKeyring,
        parent: QWidget | None = None,
        *,
        current: Callable[[str], bool] | None = None,
        remembered: bool = False,
    ) -> None:
        super().__init__(parent)
        changing = current is not None
        name_widget(
            self,
            "changePassphraseDialog" if changing else "protectDialog",
            "Change passphrase" if changing else "Protect with passphrase",
        )
        self.setWindowTitle("Change passphrase" if changing else "Protect with a passphrase")
        self._current = current
        intro = QLabel(
            "The journal, its backups and drafts will be encrypted with the new passphrase; "
            "the current one will no longer open them."
            if changing
            else "The journal, its backups and unsaved drafts will be encrypted with this "
            "passphrase, and it will be asked for each time the journal opens.<br><br>"
            "<b>If you forget it, nobody can open the journal, you included: there is no "
            "way to recover it.</b> Exports you make stay unencrypted."
        )
        intro.setWordWrap(True)
        self.current_passphrase = _password_field("currentPassphraseEdit", "Current passphrase")
        self.new_passphrase = _password_field("newPassphraseEdit", "New passphrase")
        self.repeat_passphrase = _password_field("repeatPassphraseEdit", "Repeat the passphrase")
        self.remember, remember_note = _remember_box(keyring, checked=remembered)
        self.error = ErrorLabel()
        form = QFormLayout()
        if changing:
            form.addRow("Current passphrase:", self.current_passphrase)
        else:
            self.current_passphrase.hide()
        form.addRow("New passphrase:" if changing else "Passphrase:", self.new_passphrase)
        form.addRow("Repeat it:", self.repeat_passphrase)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = QPushButton("Change passphrase" if changing else "Protect")
        name_widget(self.ok_button, "choosePassphraseButton", self.ok_button.text())
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(remember_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)

    def _problem(self) -> str | None:
        current, new = self.current_passphrase.text(), self.new_passphrase.text()
        if self._current is not None and not self._current(current):
            return "The current passphrase is not right."
        if not new:
            return "Type a passphrase."
        if new != self.repeat_passphrase.text():
            return "The two passphrases differ."
        if self._current is not None and new == current:
            return "The new passphrase is the same as the current one."
        return None

    def _on_buttons_accepted(self) -> None:
        problem = self._problem()
        if problem is not None:
            self.error.show_message(problem)
            return
        self.accept()
        self.chosen.emit(self.new_passphrase.text(), self.remember.isChecked())


class RemoveProtectionDialog(QDialog):
    """Confirms removing the passphrase, with a plain warning, by typing the passphrase.

    Signals:
        confirmed(): the passphrase was typed right and the user pressed Remove protection.
    """

    confirmed = Signal()

    def __init__(self, current: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "removeProtectionDialog", "Remove protection")
        self.setWindowTitle("Remove protection")
        self._current = current
        warning = QLabel(
            "<b>The journal, its backups and drafts will be stored unencrypted.</b> "
            "Anyone who can read your files (another user of this computer, a stolen disk, "
            "a synced or copied folder) will be able to read everything you wrote. The "
            "passphrase remembered on this computer, if any, is forgotten."
        )
        warning.setWordWrap(True)
        self.passphrase = _password_field("currentPassphraseEdit", "Current passphrase")
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow("Type your passphrase to confirm:", self.passphrase)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = QPushButton("Remove protection")
        name_widget(self.remove_button, "removeProtectionButton", "Remove protection")
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)

    def _on_remove_clicked(self) -> None:
        if not self._current(self.passphrase.text()):
            self.error.show_message("The passphrase is not right.")
            self.passphrase.selectAll()
            return
        self.accept()
        self.confirmed.emit()
