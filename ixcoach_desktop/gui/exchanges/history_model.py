"""The selected contact's exchanges as a table, newest first."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.reciprocity import reception_is_poor
from ixcoach_desktop.domain.scales import Topic

ModelIndex = QModelIndex | QPersistentModelIndex
EXCHANGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_POOR_COLOUR = QColor("#d84315")
_SNIPPET_CHARS = 80


class Column(IntEnum):
    WHEN = 0
    CHANNEL = 1
    ME = 2
    THEM = 3
    RECEPTION = 4
    TOPICS = 5
    SHARED = 6


_HEADERS = {
    Column.WHEN: "When",
    Column.CHANNEL: "Channel",
    Column.ME: "Me",
    Column.THEM: "Them",
    Column.RECEPTION: "Reception",
    Column.TOPICS: "Topics",
    Column.SHARED: "What was shared",
}


def _snippet(exchange: Exchange) -> str:
    text = " · ".join(
        t for t in (exchange.what_i_shared, exchange.what_they_shared, exchange.notes) if t
    )
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET_CHARS else text[: _SNIPPET_CHARS - 1] + "…"


# Reads the page of exchanges after a given one, newest first; [] when there are no more.
PageReader = Callable[[Exchange], list[Exchange]]


class HistoryModel(QAbstractTableModel):
    """Rows are exchanges newest first; EXCHANGE_ID_ROLE gives each row's id.

    A long history arrives with its newest rows only; the view asks for the
    rest a page at a time (canFetchMore/fetchMore) as the user scrolls, so
    opening someone with thousands of exchanges never reads them all.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Exchange] = []
        self._total = 0
        self._read_page: PageReader | None = None

    def set_exchanges(
        self,
        newest_first: list[Exchange],
        total: int | None = None,
        read_page: PageReader | None = None,
    ) -> None:
        """Show ``newest_first``: the first of ``total`` rows, the rest from ``read_page``."""
        self.beginResetModel()
        self._rows = list(newest_first)
        self._total = len(newest_first) if total is None else max(total, len(newest_first))
        self._read_page = read_page
        self.endResetModel()

    def put(self, saved: Exchange, replaced: Exchange | None) -> None:
        """Show a just-saved exchange in its place by date, instead of ``replaced``.

        Rows move in place (no reset), so the selection and the scroll
        position stay. An exchange older than every loaded row waits for its
        page; only the count changes then.
        """
        if replaced is not None:
            row = self.row_of(replaced.id) if replaced.id is not None else None
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
            self._total -= 1
        key = _newest_first_key(saved)
        position = bisect.bisect_left(self._rows, key, key=_newest_first_key)
        loaded = position < len(self._rows) or not self.canFetchMore(QModelIndex())
        self._total += 1
        if loaded:
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, saved)
            self.endInsertRows()

    def exchange(self, row: int) -> Exchange:
        return self._rows[row]

    def exchanges(self) -> list[Exchange]:
        """The rows loaded so far, newest first."""
        return self._rows

    def row_of(self, exchange_id: int) -> int | None:
        for row, exchange in enumerate(self._rows):
            if exchange.id == exchange_id:
                return row
        return None

    def canFetchMore(self, parent: ModelIndex) -> bool:  # noqa: N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: ModelIndex) -> None:  # noqa: N802
        if not self.canFetchMore(parent) or self._read_page is None or not self._rows:
            return
        page = self._read_page(self._rows[-1])
        if not page:
            # Fewer rows than counted (deleted meanwhile): stop asking.
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return _HEADERS[Column(section)]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        exchange = self._rows[index.row()]
        column = Column(index.column())
        if role == EXCHANGE_ID_ROLE:
            return exchange.id
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(exchange, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(exchange, column)
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.RECEPTION:
            # Marked as on the chart, by the domain's rule.
            return _POOR_COLOUR if reception_is_poor(exchange.reception) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.ME, Column.THEM):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _newest_first_key(exchange: Exchange) -> tuple[float, int]:
    # Ascending in "newest first" order, as bisect needs.
    return (-exchange.occurred_at.timestamp(), -(exchange.id or 0))


def _display(exchange: Exchange, column: Column) -> str:
    match column:
        case Column.WHEN:
            return f"{exchange.occurred_at.astimezone():%a %d %b %Y %H:%M}"
        case Column.CHANNEL:
            return exchange.channel.label
        case Column.ME:
            return str(int(exchange.my_level))
        case Column.THEM:
            return str(int(exchange.their_level))
        case Column.RECEPTION:
            return "—" if exchange.reception is None else exchange.reception.label
        case Column.TOPICS:
            return ", ".join(t.label.split(" ")[0] for t in Topic if t in exchange.topics)
        case Column.SHARED:
            return _snippet(exchange)


def _tooltip(exchange: Exchange, column: Column) -> str | None:
    match column:
        case Column.ME:
            return f"{exchange.my_level.label}: {exchange.my_level.example}"
        case Column.THEM:
            return f"{exchange.their_level.label}: {exchange.their_level.example}"
        case Column.TOPICS:
            return ", ".join(t.label for t in Topic if t in exchange.topics) or None
        case Column.SHARED:
            parts = [
                f"I shared: {exchange.what_i_shared}" if exchange.what_i_shared else "",
                f"They shared: {exchange.what_they_shared}" if exchange.what_they_shared else "",
                f"Notes: {exchange.notes}" if exchange.notes else "",
            ]
            return "\n".join(p for p in parts if p) or None
    return None
