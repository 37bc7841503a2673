"""The left pane: search, sort, the contacts list and its empty state."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop.gui.contacts.list_model import (
    ContactFilterProxy,
    ContactListModel,
    ContactRole,
    ModelIndex,
    SortKey,
)
from ixcoach_desktop.gui.widgets import name_widget

# Readable on light and dark list backgrounds.
OVERDUE_COLOUR = "#d84315"
EMPTY_STATE_TEXT = "Add the first person you'd like to feel closer to."


class _BadgeDelegate(QStyledItemDelegate):
    """Draws the name with a due/overdue badge on the right."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().paint(painter, option, index)
        badge: str = index.data(ContactRole.BADGE) or ""
        if not badge:
            return
        painter.save()
        font = QFont(option.font)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        font.setBold(True)
        painter.setFont(font)
        # What option.state's State_Selected says, asked of the view instead:
        # reading option.state builds PySide's QStyle type with its hundreds
        # of enum members, a noticeable part of the first frame (docs/performance.md).
        if self._view.selectionModel().isSelected(index):
            colour = option.palette.color(QPalette.ColorRole.HighlightedText)
        elif badge.lower().startswith("overdue"):
            colour = QColor(OVERDUE_COLOUR)
        else:
            colour = option.palette.color(QPalette.ColorRole.Link)
        painter.setPen(colour)
        rect = option.rect.adjusted(0, 0, -8, 0)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 70, max(hint.height(), 28))


class ContactsPane(QWidget):
    """Search and pick a contact.

    Signals:
        contact_selected(int): the current contact changed (-1 for none).
        add_requested(): the user wants a new contact.
        edit_requested(int): the user wants to edit this contact.
        show_archived_changed(bool): archived contacts are to be listed or hidden.
    """

    contact_selected = Signal(int)
    add_requested = Signal()
    edit_requested = Signal(int)
    show_archived_changed = Signal(bool)

    def __init__(self, model: ContactListModel) -> None:
        super().__init__()
        name_widget(self, "contactsPane", "Contacts")
        self.model = model
        self._filtering = False
        self._shown_contact_id: int | None = None
        self.proxy = ContactFilterProxy()
        self.proxy.setSourceModel(model)

        self.search = QLineEdit()
        name_widget(self.search, "contactSearch", "Search contacts")
        self.search.setPlaceholderText("Search people (Ctrl+F)")
        self.search.setClearButtonEnabled(True)

        self.sort_combo = QComboBox()
        name_widget(self.sort_combo, "contactSort", "Sort contacts by")
        self.sort_combo.addItem("Name", SortKey.NAME)
        self.sort_combo.addItem("Last exchange", SortKey.LAST_EXCHANGE)
        self.sort_combo.addItem("Buffer potential", SortKey.BUFFER_POTENTIAL)
        self.show_archived = QCheckBox("Show archived")
        name_widget(self.show_archived, "showArchived", "Show archived contacts")

        self.list_view = QListView()
        name_widget(self.list_view, "contactList", "Contact list")
        self.list_view.setModel(self.proxy)
        self.list_view.setItemDelegate(_BadgeDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        self.list_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)

        self.empty_label = QLabel(EMPTY_STATE_TEXT)
        name_widget(self.empty_label, "contactsEmptyState", EMPTY_STATE_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(16)
        self.no_match_label = QLabel("Nobody matches this search.")
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.no_match_label)

        self.add_button = QPushButton("Add person…")
        name_widget(self.add_button, "addContactButton", "Add contact")
        self.add_button.setToolTip("Add a person (Ctrl+N)")

        sort_row = QHBoxLayout()
        sort_label = QLabel("Sort:")
        sort_label.setBuddy(self.sort_combo)
        sort_row.addWidget(sort_label)
        sort_row.addWidget(self.sort_combo, 1)
        sort_row.addWidget(self.show_archived)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.search)
        layout.addLayout(sort_row)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.add_button)
        self._connect_signals()
        self._update_empty_state()

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self._on_search_text_changed)
        self.sort_combo.currentIndexChanged.connect(self._on_sort_changed)
        self.show_archived.toggled.connect(self.show_archived_changed)
        self.add_button.clicked.connect(self.add_requested)
        self.list_view.doubleClicked.connect(self._on_list_double_clicked)
        selection = self.list_view.selectionModel()
        selection.currentChanged.connect(self._on_current_changed)
        for signal in (
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_empty_state)

    def current_contact_id(self) -> int | None:
        index = self.list_view.currentIndex()
        return index.data(ContactRole.ID) if index.isValid() else None

    def select_contact(self, contact_id: int | None) -> None:
        """Make ``contact_id`` current (or the first visible row when None/absent)."""
        proxy_index = QModelIndex()
        if contact_id is not None:
            source_row = self.model.row_of(contact_id)
            if source_row is not None:
                proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not proxy_index.isValid() and self.proxy.rowCount() > 0:
            proxy_index = self.proxy.index(0, 0)
        selection = self.list_view.selectionModel()
        if proxy_index.isValid():
            selection.setCurrentIndex(proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list_view.scrollTo(proxy_index)
        else:
            selection.clear()
            self._shown_contact_id = None
            self.contact_selected.emit(-1)

    def sort_key(self) -> SortKey:
        return SortKey(self.sort_combo.currentData())

    def set_sort_key(self, key: SortKey) -> None:
        self.sort_combo.setCurrentIndex(int(key))

    def _on_search_text_changed(self, text: str) -> None:
        # Filtering moves Qt's current row when it hides it; the person on
        # screen stays until the user picks another one.
        shown = self._shown_contact_id
        self._filtering = True
        try:
            self.proxy.set_search_text(text)
            self._mark_current(shown)
        finally:
            self._filtering = False
        self._update_empty_state()

    def _mark_current(self, contact_id: int | None) -> None:
        """Highlight ``contact_id`` if it is visible, else nothing, without loading it."""
        selection = self.list_view.selectionModel()
        source_row = None if contact_id is None else self.model.row_of(contact_id)
        proxy_index = (
            QModelIndex()
            if source_row is None
            else self.proxy.mapFromSource(self.model.index(source_row, 0))
        )
        if proxy_index.isValid():
            selection.setCurrentIndex(proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _on_sort_changed(self, _index: int) -> None:
        self.model.set_sort_key(self.sort_key())

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._filtering:
            return
        contact_id = current.data(ContactRole.ID) if current.isValid() else -1
        self._shown_contact_id = None if contact_id < 0 else contact_id
        self.contact_selected.emit(contact_id)

    def _on_list_double_clicked(self, index: QModelIndex) -> None:
        self.edit_requested.emit(index.data(ContactRole.ID))

    def _update_empty_state(self) -> None:
        if self.model.rowCount() == 0:
            self.stack.setCurrentWidget(self.empty_label)
        elif self.proxy.rowCount() == 0:
            self.stack.setCurrentWidget(self.no_match_label)
        else:
            self.stack.setCurrentWidget(self.list_view)
