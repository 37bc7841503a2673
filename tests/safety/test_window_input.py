"""Bad input through the real window: refused with the field's message, nothing saved,
everything typed left in place; odd-but-valid text saved exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
)

from ixcoach_desktop.domain.validation import TEXT_MAX_CHARS
from ixcoach_desktop.gui.window.main_window import MainWindow
from ixcoach_desktop.storage.journal_file import journal_path
from tests.gui.helpers import WindowFactory, child, select_first_contact, settle
from tests.safety.helpers import rows, seed

RTL_AND_CONTROL = "\u200fשלום\u200f and مرحبا, tab\there, bell \x07, escape \x1b[1m, done"


@pytest.fixture
def window(qtbot: QtBot, open_window: WindowFactory, data_dir: Path) -> MainWindow:
    seed(data_dir, contacts=1)
    opened = open_window(data_dir)
    select_first_contact(qtbot, opened)
    return opened


def _save(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(child(window, QPushButton, "saveExchangeButton"), Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def _stored_notes(data_dir: Path) -> list[str]:
    return [str(n) for (n,) in rows(journal_path(data_dir), "SELECT notes FROM exchanges")]


def _error(window: MainWindow) -> str:
    label = child(window, QLabel, "errorLabel")
    return str(label.text()) if label.isVisible() else ""


def test_oversized_notes_are_refused_and_kept_in_the_editor(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    notes = child(window, QPlainTextEdit, "exchangeNotes")
    text = "x" * (TEXT_MAX_CHARS + 1)
    notes.setPlainText(text)
    _save(qtbot, window)
    assert _error(window) == "Notes is 20,001 characters long; the limit is 20,000."
    assert notes.toPlainText() == text
    assert _stored_notes(data_dir) == []


def test_a_date_far_in_the_future_is_refused(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    when = child(window, QDateTimeEdit, "exchangeWhen")
    when.setDateTime(QDateTime(QDate(2999, 1, 1), QTime(12, 0)))
    _save(qtbot, window)
    assert "dated in the future" in _error(window)
    assert _stored_notes(data_dir) == []


def test_a_date_far_in_the_past_is_refused(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    when = child(window, QDateTimeEdit, "exchangeWhen")
    when.setDateTime(QDateTime(QDate(1850, 6, 1), QTime(12, 0)))
    _save(qtbot, window)
    assert "before 1900" in _error(window)
    assert _stored_notes(data_dir) == []


def test_stress_outside_the_scale_cannot_even_be_entered(window: MainWindow) -> None:
    for name in ("stressBefore", "stressAfter"):
        spin = child(window, QSpinBox, name)
        spin.setValue(11)
        assert spin.value() == 10
        spin.setValue(-5)
        assert spin.specialValueText() == "—"  # the lowest value means "not rated"


def test_right_to_left_and_control_characters_are_saved_exactly(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    child(window, QPlainTextEdit, "exchangeNotes").setPlainText(RTL_AND_CONTROL)
    child(window, QPlainTextEdit, "whatIShared").setPlainText("x" * TEXT_MAX_CHARS)
    _save(qtbot, window)
    assert _error(window) == ""
    assert _stored_notes(data_dir) == [RTL_AND_CONTROL]


def test_a_contact_name_with_control_characters_is_refused_in_the_dialog(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    qtbot.mouseClick(child(window, QPushButton, "addContactButton"), Qt.MouseButton.LeftButton)
    dialogs: list[QDialog] = []

    def dialog_shown() -> bool:
        dialogs[:] = [d for d in window.findChildren(QDialog, "contactDialog") if d.isVisible()]
        return len(dialogs) == 1

    qtbot.waitUntil(dialog_shown)
    dialog = dialogs[0]
    name = dialog.findChild(QLineEdit, "contactNameEdit")
    assert name is not None
    name.setText("Ana\x07Bell")
    save = dialog.findChild(QPushButton, "contactSaveButton")
    assert save is not None
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    error = dialog.findChild(QLabel, "errorLabel")
    assert error is not None
    assert "control characters" in error.text()
    assert name.text() == "Ana\x07Bell"
    assert rows(journal_path(data_dir), "SELECT count(*) FROM contacts") == [(1,)]
    dialog.reject()
