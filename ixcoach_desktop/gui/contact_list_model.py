"""The contacts list: a thin Qt model over service summaries, plus its filter proxy."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ixcoach_desktop.domain.keep_in_touch import ContactStatus, status_since
from ixcoach_desktop.domain.models import Exchange, utc_now
from ixcoach_desktop.domain.text import fold
from ixcoach_desktop.services.contacts import ContactSummary

ModelIndex = QModelIndex | QPersistentModelIndex


class ContactRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    FOLDED_NAME = Qt.ItemDataRole.UserRole + 2
    LAST_EXCHANGE = Qt.ItemDataRole.UserRole + 3
    ARCHIVED = Qt.ItemDataRole.UserRole + 4
    BADGE = Qt.ItemDataRole.UserRole + 5
    BUFFER_POTENTIAL = Qt.ItemDataRole.UserRole + 6


class ContactListModel(QAbstractListModel):
    """One row per contact; DisplayRole is the contact's name."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ContactSummary] = []
        self._folded: list[str] = []
        self._potentials: dict[int, int | None] = {}
        # Changes whenever the rows do, so cached filter results can tell.
        self.version = 0

    def set_contacts(self, summaries: list[ContactSummary]) -> None:
        self.version += 1
        self.beginResetModel()
        self._rows = list(summaries)
        # Folded once here, so filtering per keystroke is a substring test.
        self._folded = [fold(s.name) for s in self._rows]
        self.endResetModel()

    def set_potentials(self, potentials: dict[int, int | None]) -> None:
        """Buffer potentials, computed off the UI thread, for sorting and tooltips."""
        self._potentials = potentials
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, 0),
                [Qt.ItemDataRole.ToolTipRole, ContactRole.BUFFER_POTENTIAL],
            )

    def update_activity(self, contact_id: int, newest_first: list[Exchange]) -> None:
        """Refresh one contact's count and latest date without reloading the list."""
        row = self.row_of(contact_id)
        if row is None:
            return
        old = self._rows[row]
        last = max((e.occurred_at for e in newest_first), default=None)
        self._rows[row] = replace(
            old,
            exchange_count=len(newest_first),
            last_exchange_at=last,
            keep_in_touch=status_since(last, old.contact.cadence_days, utc_now()),
        )
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def rows_matching(self, needle: str) -> frozenset[int]:
        """Rows whose folded name contains the already folded ``needle``."""
        return frozenset(row for row, name in enumerate(self._folded) if needle in name)

    def summary_for(self, contact_id: int) -> ContactSummary | None:
        row = self.row_of(contact_id)
        return None if row is None else self._rows[row]

    def summary(self, row: int) -> ContactSummary:
        return self._rows[row]

    def row_of(self, contact_id: int) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == contact_id:
                return row
        return None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        match role:
            case Qt.ItemDataRole.DisplayRole | Qt.ItemDataRole.AccessibleTextRole:
                return summary.name
            case Qt.ItemDataRole.ToolTipRole:
                return _tooltip(summary, self._potentials.get(summary.id))
            case ContactRole.ID:
                return summary.id
            case ContactRole.FOLDED_NAME:
                return self._folded[index.row()]
            case ContactRole.LAST_EXCHANGE:
                return summary.last_exchange_at
            case ContactRole.ARCHIVED:
                return summary.contact.archived
            case ContactRole.BADGE:
                return _badge(summary.keep_in_touch.status)
            case ContactRole.BUFFER_POTENTIAL:
                return self._potentials.get(summary.id)
        return None


def _badge(status: ContactStatus) -> str:
    return status.label.lower() if status in (ContactStatus.DUE, ContactStatus.OVERDUE) else ""


def _tooltip(summary: ContactSummary, potential: int | None) -> str:
    if summary.last_exchange_at is None:
        seen = "No exchanges logged yet"
    else:
        local = summary.last_exchange_at.astimezone()
        seen = f"{summary.exchange_count} exchanges, last on {local:%d %b %Y}"
    parts = [summary.name, seen, summary.keep_in_touch.reason]
    if potential is not None:
        parts.append(f"Buffer potential {potential}/100")
    if summary.contact.archived:
        parts.append("Archived")
    return "\n".join(parts)


class SortKey(IntEnum):
    NAME = 0
    LAST_EXCHANGE = 1
    BUFFER_POTENTIAL = 2


class ContactFilterProxy(QSortFilterProxyModel):
    """Filters by a case- and accent-insensitive substring; sorts by a chosen key."""

    def __init__(self) -> None:
        super().__init__()
        self._needle = ""
        self._matches: frozenset[int] = frozenset()
        self._matches_key: tuple[str, int] | None = None
        self._sort_key = SortKey.NAME
        self.setDynamicSortFilter(True)

    def set_search_text(self, text: str) -> None:
        needle = fold(text.strip())
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_sort_key(self, key: SortKey) -> None:
        self._sort_key = key
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802
        if not self._needle:
            return True
        source = self.sourceModel()
        assert isinstance(source, ContactListModel)
        # One pass over the pre-folded names per search text and list
        # version; each row's check is then a set lookup.
        key = (self._needle, source.version)
        if self._matches_key != key:
            self._matches = source.rows_matching(self._needle)
            self._matches_key = key
        return source_row in self._matches

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:  # noqa: N802
        left_name: str = left.data(ContactRole.FOLDED_NAME)
        right_name: str = right.data(ContactRole.FOLDED_NAME)
        if self._sort_key is SortKey.LAST_EXCHANGE:
            # Most recent first; never-contacted people last.
            left_key = _recency(left.data(ContactRole.LAST_EXCHANGE))
            right_key = _recency(right.data(ContactRole.LAST_EXCHANGE))
            if left_key != right_key:
                return left_key > right_key
        elif self._sort_key is SortKey.BUFFER_POTENTIAL:
            left_potential = _potential(left.data(ContactRole.BUFFER_POTENTIAL))
            right_potential = _potential(right.data(ContactRole.BUFFER_POTENTIAL))
            if left_potential != right_potential:
                return left_potential > right_potential
        return left_name < right_name


def _recency(value: datetime | None) -> float:
    return float("-inf") if value is None else value.timestamp()


def _potential(value: int | None) -> int:
    return -1 if value is None else value
