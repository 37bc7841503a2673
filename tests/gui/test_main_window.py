"""Whole-window flows, driven through the widgets' object names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QTableView,
)

from ixcoach_desktop.gui.chart import ReciprocityChart
from ixcoach_desktop.gui.contacts.pane import EMPTY_STATE_TEXT
from ixcoach_desktop.gui.window.main_window import MainWindow
from tests.gui.helpers import (
    WindowFactory,
    add_contact,
    child,
    contact_names,
    log_exchange,
    select_contact,
    settle,
)


def history_levels(window: MainWindow) -> list[tuple[str, str]]:
    table = child(window, QTableView, "historyTable")
    model = table.model()
    return [
        (model.index(row, 2).data(), model.index(row, 3).data()) for row in range(model.rowCount())
    ]


def chart_lines(window: MainWindow, name: str) -> tuple[list[float], list[float]]:
    axes = child(window, ReciprocityChart, "reciprocityChart").figure.axes[0]
    lines = {line.get_label(): line for line in axes.get_lines()}
    return list(np.asarray(lines["Me"].get_ydata())), list(np.asarray(lines[name].get_ydata()))


def test_first_run_shows_the_empty_state(window: MainWindow) -> None:
    label = child(window, QLabel, "contactsEmptyState")
    assert label.text() == EMPTY_STATE_TEXT
    assert not label.isHidden()


def test_add_contact_log_exchanges_and_see_history_and_chart(
    qtbot: QtBot, window: MainWindow
) -> None:
    add_contact(qtbot, window, "Sam Rivera")
    assert contact_names(window) == ["Sam Rivera"]
    log_exchange(qtbot, window, 2, 1)
    log_exchange(qtbot, window, 3, 3)
    # Newest first in the history; oldest first (date order) on the chart.
    assert history_levels(window) == [("3", "3"), ("2", "1")]
    assert chart_lines(window, "Sam Rivera") == ([2.0, 3.0], [1.0, 3.0])
    # After a save the editor is ready for the next entry, same contact.
    assert child(window, QLabel, "editorHeading").text().endswith("Sam Rivera</b>")
    assert child(window, QSlider, "myLevelSlider").value() == 1


def test_edit_an_exchange_by_double_click(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Sam")
    log_exchange(qtbot, window, 2, 1)
    table = child(window, QTableView, "historyTable")
    rect = table.visualRect(table.model().index(0, 0))
    # Qt 6's QTest needs the first click of a double-click sent on its own.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert child(window, QSlider, "myLevelSlider").value() == 2
    child(window, QSlider, "theirLevelSlider").setValue(2)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert history_levels(window) == [("2", "2")]
    assert chart_lines(window, "Sam") == ([2.0], [2.0])


def test_delete_then_undo_brings_it_back(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Sam")
    log_exchange(qtbot, window, 2, 1)
    log_exchange(qtbot, window, 3, 2)
    table = child(window, QTableView, "historyTable")
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert history_levels(window) == [("2", "1")]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert history_levels(window) == [("3", "2"), ("2", "1")]
    assert chart_lines(window, "Sam") == ([2.0, 3.0], [1.0, 2.0])


def test_undo_and_redo_a_save(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Sam")
    log_exchange(qtbot, window, 2, 1)
    window.undo_stack.undo()
    settle(qtbot, window)
    assert history_levels(window) == []
    window.undo_stack.redo()
    settle(qtbot, window)
    assert history_levels(window) == [("2", "1")]


def test_search_filters_as_you_type_ignoring_case_and_accents(
    qtbot: QtBot, window: MainWindow
) -> None:
    for name in ("Zoë Ångström", "José García", "Ada Lovelace"):
        add_contact(qtbot, window, name)
    search = child(window, QLineEdit, "contactSearch")
    qtbot.keyClicks(search, "zoe")
    assert contact_names(window) == ["Zoë Ångström"]
    search.clear()
    qtbot.keyClicks(search, "GARC")
    assert contact_names(window) == ["José García"]
    search.clear()
    assert contact_names(window) == ["Ada Lovelace", "José García", "Zoë Ångström"]


def test_switching_contacts_switches_history_and_chart(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Ada")
    log_exchange(qtbot, window, 1, 1)
    add_contact(qtbot, window, "Ben")
    log_exchange(qtbot, window, 4, 2)
    log_exchange(qtbot, window, 3, 3)
    select_contact(qtbot, window, "Ada")
    assert history_levels(window) == [("1", "1")]
    assert chart_lines(window, "Ada") == ([1.0], [1.0])
    select_contact(qtbot, window, "Ben")
    assert chart_lines(window, "Ben") == ([4.0, 3.0], [2.0, 3.0])


def test_everything_is_there_after_a_restart(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    first = open_window(data_dir)
    add_contact(qtbot, first, "Sam")
    log_exchange(qtbot, first, 2, 2)
    first.close()
    second = open_window(data_dir)
    assert contact_names(second) == ["Sam"]
    assert history_levels(second) == [("2", "2")]


def test_a_refused_save_keeps_what_was_typed(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Sam")
    notes = child(window, QPlainTextEdit, "exchangeNotes")
    notes.setPlainText("x" * 20_001)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert history_levels(window) == []
    error = child(window, QLabel, "errorLabel")
    assert "Notes is 20,001 characters long" in error.text()
    assert len(notes.toPlainText()) == 20_001


def test_archived_contacts_are_hidden_unless_asked_for(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Ada")
    add_contact(qtbot, window, "Ben")
    select_contact(qtbot, window, "Ben")
    window.archive_action.trigger()
    settle(qtbot, window)
    assert contact_names(window) == ["Ada"]
    window.contacts_pane.show_archived.setChecked(True)
    assert contact_names(window) == ["Ada", "Ben"]


def test_models_pass_the_model_tester(
    qtmodeltester: ModelTester, qtbot: QtBot, window: MainWindow
) -> None:
    add_contact(qtbot, window, "Sam")
    log_exchange(qtbot, window, 2, 1)
    for model in (
        window.contact_model,
        window.contacts_pane.proxy,
        window.history_model,
    ):
        qtmodeltester.check(model)
    assert window.history_model.data(QModelIndex()) is None


def test_a_save_shows_in_the_history_at_once_and_in_the_chart_without_a_reload(
    qtbot: QtBot, window: MainWindow
) -> None:
    add_contact(qtbot, window, "Sam")
    child(window, QSlider, "myLevelSlider").setValue(3)
    child(window, QSlider, "theirLevelSlider").setValue(2)
    child(window, QPushButton, "saveExchangeButton").click()
    assert history_levels(window) == [("3", "2")]
    settle(qtbot, window)
    assert chart_lines(window, "Sam") == ([3.0], [2.0])
    # The insights were worked out from the saved exchange too.
    assert child(window, QLabel, "insightNextStepValue").text() != "—"


def test_searching_keeps_the_person_on_screen(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Ada")
    log_exchange(qtbot, window, 1, 1)
    add_contact(qtbot, window, "Ben")
    log_exchange(qtbot, window, 4, 2)
    search = child(window, QLineEdit, "contactSearch")
    qtbot.keyClicks(search, "ad")
    settle(qtbot, window)
    assert contact_names(window) == ["Ada"]
    assert chart_lines(window, "Ben") == ([4.0], [2.0])
    search.clear()
    settle(qtbot, window)
    assert chart_lines(window, "Ben") == ([4.0], [2.0])
    select_contact(qtbot, window, "Ada")
    assert chart_lines(window, "Ada") == ([1.0], [1.0])
