"""The history of the selected contact's exchanges, as a table."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ixcoach_desktop.gui.exchanges.history_model import Column, HistoryModel
from ixcoach_desktop.gui.widgets import name_widget

# The widest text each column usually holds, so the first frame needs no resizing.
_COLUMN_SAMPLES = (
    (Column.WHEN, "Wed 28 Sep 2026 23:59"),
    (Column.CHANNEL, "In person"),
    (Column.ME, "Them"),
    (Column.THEM, "Them"),
    (Column.RECEPTION, "deeply understood"),
    (Column.TOPICS, "Relationships, Money"),
)


def build_history_table(model: HistoryModel) -> QTableView:
    """A read-only, row-selecting view of ``model`` (double-click edits, Delete removes)."""
    table = QTableView()
    name_widget(table, "historyTable", "History of exchanges")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    metrics = table.fontMetrics()
    for column, sample in _COLUMN_SAMPLES:
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 18)
    return table
