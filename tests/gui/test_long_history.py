"""A history longer than a page: read as the user scrolls, kept in place across edits."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider, QTableView

from ixcoach_desktop.gui.chart import ReciprocityChart
from ixcoach_desktop.gui.exchanges.history_model import EXCHANGE_ID_ROLE
from ixcoach_desktop.gui.window.main_window import MainWindow
from ixcoach_desktop.services.relationships import HISTORY_PAGE
from ixcoach_desktop.services.session import open_session
from tests.gui.helpers import WindowFactory, child, settle

EXCHANGES = HISTORY_PAGE * 2 + 50


def _row_ids(table: QTableView) -> list[int]:
    model = table.model()
    return [model.index(row, 0).data(EXCHANGE_ID_ROLE) for row in range(model.rowCount())]


def _more_rows_than(table: QTableView, shown: int) -> bool:
    return table.model().rowCount() > shown


def _chart_points(window: MainWindow) -> int:
    axes = child(window, ReciprocityChart, "reciprocityChart").figure.axes[0]
    return len(np.asarray(axes.get_lines()[0].get_xdata()))


@pytest.fixture
def window(open_window: WindowFactory, data_dir: Path) -> MainWindow:
    """The window on a journal whose one contact has more than two pages of history."""
    session = open_session(data_dir)
    try:
        session.demo.fill(1, EXCHANGES, seed=3)
    finally:
        session.close()
    return open_window(data_dir)


def test_the_table_reads_older_pages_as_it_scrolls(qtbot: QtBot, window: MainWindow) -> None:
    table = child(window, QTableView, "historyTable")
    assert table.model().rowCount() == HISTORY_PAGE
    # The chart and the insights know the whole history from the start.
    assert _chart_points(window) == EXCHANGES
    while table.model().rowCount() < EXCHANGES:
        shown = table.model().rowCount()
        table.scrollToBottom()
        qtbot.waitUntil(partial(_more_rows_than, table, shown))
    ids = _row_ids(table)
    assert len(set(ids)) == EXCHANGES
    assert not table.model().canFetchMore(table.rootIndex())


def test_editing_an_old_exchange_keeps_the_rows_read_so_far(
    qtbot: QtBot, window: MainWindow
) -> None:
    table = child(window, QTableView, "historyTable")
    table.model().fetchMore(table.rootIndex())
    row = HISTORY_PAGE + 20
    index = table.model().index(row, 0)
    edited_id = index.data(EXCHANGE_ID_ROLE)
    table.scrollTo(index)
    rows_read = table.model().rowCount()
    assert rows_read > row
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    their_level = child(window, QSlider, "theirLevelSlider")
    new_level = 5 if their_level.value() != 5 else 4
    their_level.setValue(new_level)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert table.model().rowCount() == rows_read
    assert _row_ids(table)[row] == edited_id
    assert table.model().index(row, 3).data() == str(new_level)
    assert table.selectionModel().selectedRows()[0].row() == row
    assert _chart_points(window) == EXCHANGES
