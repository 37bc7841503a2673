"""How the window is arranged, and the layout as the user left it.

Contacts on the left; the insights, the chart tabs (Reciprocity, Stress)
and history in the centre; the
editor (under the draft bar) on the right. Size, splitters and the
contacts' sort order are remembered across runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import (
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop.gui.contacts.list_model import SortKey
from ixcoach_desktop.gui.contacts.pane import ContactsPane

# The first run's size, when the screen has room for it.
DEFAULT_SIZE = (1240, 780)


@dataclass(frozen=True, slots=True)
class Splitters:
    main: QSplitter
    centre: QSplitter
    chart_tabs: QTabWidget


def arrange(
    window: QMainWindow,
    contacts: QWidget,
    centre: tuple[QWidget, tuple[QWidget, QWidget], QWidget],
    editor: tuple[QWidget, QWidget],
) -> Splitters:
    """Lay out ``contacts``, the ``centre`` (insights, the reciprocity and stress
    charts as tabs, history) and the ``editor`` column (draft bar, editor) as
    the window's central widget."""
    insights, (chart, stress_chart), history = centre
    chart_tabs = QTabWidget()
    chart_tabs.setObjectName("chartTabs")
    chart_tabs.setAccessibleName("Charts")
    chart_tabs.setDocumentMode(True)
    chart_tabs.addTab(chart, "Reci&procity")
    chart_tabs.addTab(stress_chart, "&Stress")
    draft_bar, exchange_editor = editor
    chart_area = QWidget()
    chart_layout = QVBoxLayout(chart_area)
    chart_layout.setContentsMargins(4, 8, 4, 0)
    chart_layout.addWidget(insights)
    chart_layout.addWidget(chart_tabs, 1)

    centre_splitter = QSplitter(Qt.Orientation.Vertical)
    centre_splitter.setObjectName("centreSplitter")
    centre_splitter.addWidget(chart_area)
    centre_splitter.addWidget(history)
    centre_splitter.setStretchFactor(0, 3)
    centre_splitter.setStretchFactor(1, 2)

    editor_scroll = QScrollArea()
    editor_scroll.setObjectName("editorScroll")
    editor_scroll.setWidget(exchange_editor)
    editor_scroll.setWidgetResizable(True)
    editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    editor_scroll.setMinimumWidth(300)
    editor_column = QWidget()
    editor_layout = QVBoxLayout(editor_column)
    editor_layout.setContentsMargins(0, 0, 0, 0)
    editor_layout.setSpacing(0)
    editor_layout.addWidget(draft_bar)
    editor_layout.addWidget(editor_scroll, 1)

    main_splitter = QSplitter(Qt.Orientation.Horizontal)
    main_splitter.setObjectName("mainSplitter")
    main_splitter.addWidget(contacts)
    main_splitter.addWidget(centre_splitter)
    main_splitter.addWidget(editor_column)
    main_splitter.setStretchFactor(1, 1)
    main_splitter.setSizes([220, 640, 420])
    main_splitter.setCollapsible(1, False)
    window.setCentralWidget(main_splitter)
    return Splitters(main_splitter, centre_splitter, chart_tabs)


class LayoutState:
    """Restores the layout from ``settings`` and writes it back on close."""

    def __init__(
        self,
        settings: QSettings,
        window: QMainWindow,
        splitters: Splitters,
        contacts_pane: ContactsPane,
    ) -> None:
        self._settings = settings
        self._window = window
        self._splitters = {"mainSplitter": splitters.main, "centreSplitter": splitters.centre}
        self._chart_tabs = splitters.chart_tabs
        self._contacts_pane = contacts_pane

    def restore(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self._window.restoreGeometry(geometry)
        else:
            self._fit_to_screen()
        for name, splitter in self._splitters.items():
            state = self._settings.value(f"window/{name}")
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)
        try:
            sort_key = SortKey(int(str(self._settings.value("contacts/sort", 0))))
        except ValueError:
            sort_key = SortKey.NAME
        self._contacts_pane.set_sort_key(sort_key)
        tab = self._settings.value("window/chartTab", 0)
        self._chart_tabs.setCurrentIndex(int(str(tab)) if str(tab).isdigit() else 0)

    def save(self) -> None:
        self._settings.setValue("window/geometry", self._window.saveGeometry())
        for name, splitter in self._splitters.items():
            self._settings.setValue(f"window/{name}", splitter.saveState())
        self._settings.setValue("contacts/sort", int(self._contacts_pane.sort_key()))
        self._settings.setValue("window/chartTab", self._chart_tabs.currentIndex())
        self._settings.sync()

    def _fit_to_screen(self) -> None:
        """First run: the default size, or the whole screen when that is smaller."""
        width, height = DEFAULT_SIZE
        screen = self._window.screen().availableGeometry()
        if screen.width() <= width or screen.height() <= height:
            self._window.setWindowState(Qt.WindowState.WindowMaximized)
        self._window.resize(min(width, screen.width()), min(height, screen.height()))
