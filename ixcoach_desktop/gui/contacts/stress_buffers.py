"""Contact > Stress buffers: a map of every relationship beside the ranked table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop.domain.buffer import RankedContact
from ixcoach_desktop.domain.stress import JournalStress, StressBand
from ixcoach_desktop.domain.stress_words import CAVEAT, evidence_sentence
from ixcoach_desktop.gui.contacts.buffer_map import BufferMap, map_points
from ixcoach_desktop.gui.contacts.list_model import ModelIndex
from ixcoach_desktop.gui.widgets import name_widget

_HEADERS = ("#", "Person", "Potential", "Why")
CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RankingModel(QAbstractTableModel):
    """Rows of the stress-buffer ranking, strongest first."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[RankedContact] = []

    def set_ranking(self, rows: list[RankedContact]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == CONTACT_ID_ROLE:
            return row.contact_id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(index.row() + 1),
                row.name,
                "—" if row.buffer_potential is None else str(row.buffer_potential),
                row.reason,
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 2):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class StressBuffersDialog(QDialog):
    """A non-modal map and ranking; click a mark or double-click a row to open a person.

    Signals:
        contact_activated(int): the user chose this contact.
    """

    contact_activated = Signal(int)

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        name_widget(self, "stressBuffersDialog", "Stress buffers")
        self.setWindowTitle("Stress buffers")
        self.resize(1160, 620)
        intro = QLabel(
            "Who could best buffer stress as your relationship grows: people who "
            "go deep with you in turn, receive what you share well, and stay in "
            "regular touch. The colour shows how your stress has gone after talking "
            "with them. Click a person on the map, or double-click a row, to open them."
        )
        intro.setWordWrap(True)
        self.model = RankingModel()
        self.table = QTableView()
        name_widget(self.table, "stressBuffersTable", "Stress buffer ranking")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.map = BufferMap()
        self.map.contact_activated.connect(self.contact_activated)
        self.evidence = QLabel()
        name_widget(self.evidence, "stressEvidence", "Your own evidence")
        self.evidence.setWordWrap(True)
        self._stress: JournalStress | None = None
        self._rows: list[RankedContact] = []
        self.status = QLabel("Working out the ranking…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        side_by_side = QHBoxLayout()
        side_by_side.addWidget(self.map, 5)
        side_by_side.addWidget(self.table, 4)
        layout.addLayout(side_by_side, 1)
        layout.addWidget(self.evidence)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

    def show_stress(self, stress: JournalStress | None) -> None:
        """The stress effects behind the map's colours and the evidence line."""
        self._stress = stress
        self._show_map()
        groups = () if stress is None else (*stress.by_depth, *stress.by_reception)
        # Clear findings first; "no clear difference yet" only fills the room left.
        compared = sorted(
            (group for group in groups if group.difference is not None),
            key=lambda group: group.band is StressBand.NO_CLEAR_DIFFERENCE,
        )
        clear = [evidence_sentence(group) for group in compared]
        self.evidence.setText(
            "Your own evidence: " + " ".join(clear[:3]) + " " + CAVEAT
            if clear
            else "Log stress before and after your conversations to see what helps you."
        )

    def _show_map(self) -> None:
        points = map_points(self._rows, self._stress)
        self.map.show_points(points, len(self._rows) - len(points))

    def show_ranking(self, rows: list[RankedContact]) -> None:
        self.model.set_ranking(rows)
        self._rows = rows
        self._show_map()
        scored = sum(1 for row in rows if row.buffer_potential is not None)
        self.status.setText(
            f"{scored} of {len(rows)} people have enough exchanges for a score."
            if rows
            else "Add people and log a few exchanges to see the ranking."
        )

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.contact_activated.emit(index.data(CONTACT_ID_ROLE))
