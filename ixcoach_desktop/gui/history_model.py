"""The selected contact's exchanges as a table, newest first."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.scales import Reception, Topic

ModelIndex = QModelIndex | QPersistentModelIndex
EXCHANGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Reception at or below this is marked in the table (as on the chart).
POOR_RECEPTION = Reception.AWKWARD
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


class HistoryModel(QAbstractTableModel):
    """Rows are exchanges newest first; EXCHANGE_ID_ROLE gives each row's id."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Exchange] = []

    def set_exchanges(self, newest_first: list[Exchange]) -> None:
        self.beginResetModel()
        self._rows = newest_first
        self.endResetModel()

    def exchange(self, row: int) -> Exchange:
        return self._rows[row]

    def exchanges(self) -> list[Exchange]:
        return self._rows

    def row_of(self, exchange_id: int) -> int | None:
        for row, exchange in enumerate(self._rows):
            if exchange.id == exchange_id:
                return row
        return None

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
            poor = exchange.reception is not None and exchange.reception <= POOR_RECEPTION
            return _POOR_COLOUR if poor else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.ME, Column.THEM):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


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
