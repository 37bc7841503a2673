"""The window side: unlocking at start-up, the passphrase dialogs, and the File menu actions."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
)

from ixcoach_desktop.app import create_main_window
from ixcoach_desktop.gui.file_actions.passphrase_dialogs import (
    WRONG_PASSPHRASE,
    PassphraseDialog,
    RemoveProtectionDialog,
    UnlockDialog,
)
from ixcoach_desktop.gui.file_actions.protection import PrivacyActions, unlock_at_start_up
from ixcoach_desktop.gui.window.main_window import MainWindow
from ixcoach_desktop.services.passphrase_keyring import SERVICE_NAME, PassphraseKeyring
from ixcoach_desktop.services.privacy import JournalKey, PrivacyService
from ixcoach_desktop.storage.cipher import SQLITE_HEADER
from ixcoach_desktop.storage.journal_file import journal_path
from tests.privacy.helpers import (
    DRAFT_SECRET,
    OTHER_PASSPHRASE,
    PASSPHRASE,
    SECRET,
    files_containing,
    write_secrets,
)


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the test ends."""

    priority = 1

    def __init__(self) -> None:
        # Not super(): mypy reads that call as untyped (keyring is unannotated).
        KeyringBackend.__init__(self)
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


def _protected(data_dir: Path) -> PrivacyService:
    write_secrets(data_dir)
    privacy = PrivacyService(data_dir)
    privacy.protect(PASSPHRASE)
    return privacy


def _unlock(qtbot: QtBot, dialog: UnlockDialog, passphrase: str) -> None:
    dialog.passphrase.setText(passphrase)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)


def _close_message_boxes() -> list[str]:
    texts = []
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            texts.append(widget.text())
            widget.close()
    return texts


def test_a_wrong_passphrase_is_said_so_and_the_user_retries(data_dir: Path, qtbot: QtBot) -> None:
    privacy = _protected(data_dir)
    dialog = UnlockDialog(data_dir, privacy.unlock, PassphraseKeyring(MemoryKeyring()))
    qtbot.addWidget(dialog)
    dialog.open()
    _unlock(qtbot, dialog, "not it")
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.is_busy(), timeout=10_000)
    assert dialog.error.text() == WRONG_PASSPHRASE
    assert dialog.isVisible()
    assert dialog.passphrase.isEnabled()
    assert dialog.passphrase.selectedText() == "not it"  # typing replaces it
    assert dialog.passphrase.echoMode() is QLineEdit.EchoMode.Password

    with qtbot.waitSignal(dialog.unlocked, timeout=10_000) as unlocked:
        _unlock(qtbot, dialog, PASSPHRASE)
    key = unlocked.args[0]
    assert isinstance(key, JournalKey)
    assert key.matches(PASSPHRASE)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.attempts == 2


def test_remember_on_this_computer_stores_the_passphrase_in_the_keyring(
    data_dir: Path, qtbot: QtBot
) -> None:
    privacy = _protected(data_dir)
    backend = MemoryKeyring()
    dialog = UnlockDialog(data_dir, privacy.unlock, PassphraseKeyring(backend))
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.remember.isEnabled()
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000):
        _unlock(qtbot, dialog, PASSPHRASE)
    assert backend.entries == {(SERVICE_NAME, str(data_dir.resolve())): PASSPHRASE}
    assert dialog.remember_problem is None


def test_without_a_system_keyring_the_box_is_disabled_with_the_reason(
    data_dir: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    privacy = _protected(data_dir)
    dialog = UnlockDialog(data_dir, privacy.unlock, PassphraseKeyring())
    qtbot.addWidget(dialog)
    dialog.open()
    assert not dialog.remember.isEnabled()
    assert "no system keyring" in dialog.remember.toolTip()
    note = dialog.findChild(QLabel, "rememberUnavailableLabel")
    assert note is not None
    assert note.isVisible()
    assert "no system keyring" in note.text()
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000):
        _unlock(qtbot, dialog, PASSPHRASE)  # unlocking itself is unaffected


def test_start_up_uses_the_remembered_passphrase_and_forgets_a_stale_one(
    data_dir: Path, qtbot: QtBot
) -> None:
    privacy = _protected(data_dir)
    backend = MemoryKeyring()
    remembered = PassphraseKeyring(backend)
    remembered.remember(data_dir, PASSPHRASE)

    def never_ask(_dialog: UnlockDialog) -> bool:
        raise AssertionError("the remembered passphrase should have been enough")

    outcome = unlock_at_start_up(privacy, remembered, never_ask)
    assert outcome.proceed
    assert outcome.key is not None
    assert outcome.key.matches(PASSPHRASE)

    remembered.remember(data_dir, "changed on another computer")
    shown: list[str] = []

    def answer(dialog: UnlockDialog) -> bool:
        qtbot.addWidget(dialog)
        dialog.open()
        shown.append(dialog.error.text())
        with qtbot.waitSignal(dialog.unlocked, timeout=10_000):
            _unlock(qtbot, dialog, PASSPHRASE)
        return dialog.result() == QDialog.DialogCode.Accepted

    outcome = unlock_at_start_up(privacy, remembered, answer)
    assert outcome.proceed
    assert outcome.key is not None
    assert "no longer unlocks" in shown[0]
    assert backend.entries == {}

    assert not unlock_at_start_up(privacy, remembered, lambda _dialog: False).proceed
    plain = PrivacyService(data_dir.parent / "plain")
    assert unlock_at_start_up(plain, remembered, never_ask) == type(outcome)(proceed=True)


def test_the_passphrase_dialog_checks_what_was_typed(qtbot: QtBot) -> None:
    dialog = PassphraseDialog(PassphraseKeyring(MemoryKeyring()), current=lambda p: p == "old")
    qtbot.addWidget(dialog)
    dialog.open()
    cases = [
        (("nope", "new", "new"), "current passphrase is not right"),
        (("old", "", ""), "Type a passphrase"),
        (("old", "new", "neW"), "differ"),
        (("old", "old", "old"), "same as the current one"),
    ]
    for (current, new, repeat), message in cases:
        dialog.current_passphrase.setText(current)
        dialog.new_passphrase.setText(new)
        dialog.repeat_passphrase.setText(repeat)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert message in dialog.error.text()
        assert dialog.isVisible()
    dialog.new_passphrase.setText("new")
    dialog.repeat_passphrase.setText("new")
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.chosen) as chosen:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert chosen.args == ["new", True]


def test_removing_protection_asks_for_the_passphrase(qtbot: QtBot) -> None:
    dialog = RemoveProtectionDialog(lambda p: p == PASSPHRASE)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.passphrase.setText("guess")
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "not right" in dialog.error.text()
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.confirmed):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)


def _actions(window: MainWindow) -> PrivacyActions:
    found = window.findChild(PrivacyActions)
    assert found is not None
    return found


def test_protect_change_and_remove_from_the_file_menu(data_dir: Path, qtbot: QtBot) -> None:
    contact_id = write_secrets(data_dir)
    window = create_main_window(data_dir)
    qtbot.addWidget(window)
    window.show()
    actions = _actions(window)
    assert actions.protect_action.isVisible()
    assert actions.protect_action.isEnabled()
    assert not actions.change_action.isVisible()

    # Protect, the way a user does: the menu item, the dialog, the button.
    actions.protect_action.trigger()
    dialog = window.findChild(QDialog, "protectDialog")
    assert isinstance(dialog, PassphraseDialog)
    dialog.new_passphrase.setText(PASSPHRASE)
    dialog.repeat_passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(actions.window_replaced, timeout=20_000) as replaced:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    protected = replaced.args[0]
    qtbot.addWidget(protected)
    assert any("now protected" in text for text in _close_message_boxes())
    assert journal_path(data_dir).read_bytes()[:16] != SQLITE_HEADER
    assert files_containing(data_dir, DRAFT_SECRET) == []
    actions = _actions(protected)
    assert not actions.protect_action.isVisible()
    assert actions.change_action.isVisible()
    assert actions.remove_action.isVisible()
    # Exports stay plain: the dialog says so.
    export = protected.import_export.open_export()
    assert export.unencrypted_warning.isVisible()
    export.reject()

    changed = actions.change_passphrase(OTHER_PASSPHRASE, remember=False)
    assert changed is not None
    qtbot.addWidget(changed)
    _close_message_boxes()
    PrivacyService(data_dir).unlock(OTHER_PASSPHRASE)
    assert files_containing(data_dir, SECRET) == []
    assert isinstance(changed, MainWindow)
    draft_keeper = changed.draft_keeper
    assert draft_keeper._drafts.load(contact_id, "Ana") is not None

    plain = _actions(changed).remove_protection()
    assert isinstance(plain, MainWindow)
    qtbot.addWidget(plain)
    assert any("unencrypted again" in text for text in _close_message_boxes())
    assert journal_path(data_dir).read_bytes()[:16] == SQLITE_HEADER
    assert _actions(plain).protect_action.isVisible()
    assert plain.exchange_count() == 1
    plain.close()


def test_a_refused_conversion_reopens_the_journal_unchanged(data_dir: Path, qtbot: QtBot) -> None:
    privacy = _protected(data_dir)
    key = privacy.unlock(PASSPHRASE)
    window = create_main_window(data_dir, key)
    qtbot.addWidget(window)
    window.show()
    # The same passphrase again: refused by the service, and the window comes back.
    reopened = _actions(window).change_passphrase(PASSPHRASE, remember=False)
    assert isinstance(reopened, MainWindow)
    qtbot.addWidget(reopened)
    assert any("Nothing was changed" in text for text in _close_message_boxes())
    assert _actions(reopened).change_action.isVisible()
    reopened.close()


def test_one_key_derivation_serves_the_whole_window_session(data_dir: Path, qtbot: QtBot) -> None:
    """The window's two worker threads and the UI thread share pooled, raw-keyed connections."""
    privacy = _protected(data_dir)
    key = privacy.unlock(PASSPHRASE)
    window = create_main_window(data_dir, key)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    window.import_export.open_export().reject()
    window.close()
    assert key.derivations == 1
