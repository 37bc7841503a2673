"""An unsaved entry survives closing the window and is offered back."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QSlider, QWidget

from tests.gui.helpers import WindowFactory, add_contact, child, log_exchange, select_contact


def test_a_draft_is_offered_after_a_restart_and_gone_once_saved(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    first = open_window(data_dir)
    add_contact(qtbot, first, "Sam")
    child(first, QSlider, "myLevelSlider").setValue(3)
    child(first, QPlainTextEdit, "exchangeNotes").setPlainText("the walk by the river")
    first.close()

    second = open_window(data_dir)
    bar = child(second, QWidget, "draftBar")
    qtbot.waitUntil(bar.isVisible)
    child(second, QPushButton, "restoreDraftButton").click()
    assert child(second, QPlainTextEdit, "exchangeNotes").toPlainText() == "the walk by the river"
    assert child(second, QSlider, "myLevelSlider").value() == 3
    child(second, QPushButton, "saveExchangeButton").click()
    second.close()

    third = open_window(data_dir)
    select_contact(qtbot, third, "Sam")
    assert not child(third, QWidget, "draftBar").isVisible()


def test_switching_contacts_keeps_the_unsaved_entry(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    window = open_window(data_dir)
    add_contact(qtbot, window, "Ada")
    log_exchange(qtbot, window, 1, 1)
    add_contact(qtbot, window, "Ben")
    child(window, QPlainTextEdit, "exchangeNotes").setPlainText("half-written")
    select_contact(qtbot, window, "Ada")
    select_contact(qtbot, window, "Ben")
    qtbot.waitUntil(child(window, QWidget, "draftBar").isVisible)
