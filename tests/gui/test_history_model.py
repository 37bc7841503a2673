"""The history table's model: pages fetched as the view scrolls, saves put in place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTableView

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.scales import DepthLevel
from ixcoach_desktop.gui.exchanges.history_model import EXCHANGE_ID_ROLE, HistoryModel

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
PAGE = 10


def exchange(exchange_id: int, days_ago: float) -> Exchange:
    level = DepthLevel(exchange_id % 6)
    return Exchange(1, NOW - timedelta(days=days_ago), level, level, None, id=exchange_id)


# 35 exchanges, newest first: id n happened n days ago.
HISTORY = [exchange(n, n) for n in range(1, 36)]


class Pages:
    """Serves HISTORY a page at a time, as the guidance service would, and counts reads."""

    def __init__(self, history: list[Exchange]) -> None:
        self.history = history
        self.reads = 0

    def __call__(self, older_than: Exchange) -> list[Exchange]:
        self.reads += 1
        start = self.history.index(older_than) + 1
        return self.history[start : start + PAGE]


def ids(model: HistoryModel) -> list[int]:
    return [model.index(row, 0).data(EXCHANGE_ID_ROLE) for row in range(model.rowCount())]


def paged_model(history: list[Exchange] = HISTORY) -> tuple[HistoryModel, Pages]:
    model = HistoryModel()
    pages = Pages(history)
    model.set_exchanges(history[:PAGE], len(history), pages)
    return model, pages


def test_only_the_first_page_is_there_until_more_is_fetched() -> None:
    model, pages = paged_model()
    assert model.rowCount() == PAGE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert ids(model) == list(range(1, 2 * PAGE + 1))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert ids(model) == list(range(1, 36))
    assert pages.reads == 3
    model.fetchMore(QModelIndex())
    assert pages.reads == 3


def test_a_history_shorter_than_counted_stops_asking() -> None:
    model = HistoryModel()
    pages = Pages(HISTORY[:12])
    model.set_exchanges(HISTORY[:PAGE], 35, pages)
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 12
    assert not model.canFetchMore(QModelIndex())


def test_scrolling_the_table_to_the_bottom_fetches_the_next_page(qtbot: QtBot) -> None:
    model, pages = paged_model()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(400, 200)
    view.show()
    qtbot.waitExposed(view)
    before = model.rowCount()
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > before)
    assert pages.reads >= 1


def test_a_new_exchange_goes_in_its_place_and_moves_rows_without_a_reset(qtbot: QtBot) -> None:
    model, _ = paged_model()
    newest = exchange(100, 0)
    middle = exchange(101, 4.5)
    with qtbot.assert_not_emitted(model.modelReset), qtbot.wait_signal(model.rowsInserted):
        model.put(newest, None)
    model.put(middle, None)
    assert ids(model)[:7] == [100, 1, 2, 3, 4, 101, 5]
    assert model.rowCount() == PAGE + 2


def test_an_exchange_older_than_the_loaded_rows_waits_for_its_page() -> None:
    model, _ = paged_model()
    model.put(exchange(200, 30.5), None)
    assert model.rowCount() == PAGE
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    # The page reader has no row 200: the count knew about it, the pages did not.
    assert ids(model) == list(range(1, 36))


def test_an_edit_moves_the_row_to_its_new_date() -> None:
    model, _ = paged_model()
    edited = exchange(3, 7.5)
    model.put(edited, HISTORY[2])
    assert ids(model) == [1, 2, 4, 5, 6, 7, 3, 8, 9, 10]
    assert model.exchange(6) is edited


def test_the_model_passes_qt_s_model_checks(qtmodeltester: ModelTester) -> None:
    model, _ = paged_model()
    qtmodeltester.check(model)
    model.put(exchange(100, 0), None)
    model.fetchMore(QModelIndex())
    qtmodeltester.check(model)
