"""The window's layout as the user left it: size, splitters and the contacts' sort order."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter

from ixcoach_desktop.gui.contacts.list_model import SortKey
from ixcoach_desktop.gui.contacts.pane import ContactsPane

# The first run's size, when the screen has room for it.
DEFAULT_SIZE = (1240, 780)


class LayoutState:
    """Restores the layout from ``settings`` and writes it back on close."""

    def __init__(
        self,
        settings: QSettings,
        window: QMainWindow,
        splitters: dict[str, QSplitter],
        contacts_pane: ContactsPane,
    ) -> None:
        self._settings = settings
        self._window = window
        self._splitters = splitters
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

    def save(self) -> None:
        self._settings.setValue("window/geometry", self._window.saveGeometry())
        for name, splitter in self._splitters.items():
            self._settings.setValue(f"window/{name}", splitter.saveState())
        self._settings.setValue("contacts/sort", int(self._contacts_pane.sort_key()))
        self._settings.sync()

    def _fit_to_screen(self) -> None:
        """First run: the default size, or the whole screen when that is smaller."""
        width, height = DEFAULT_SIZE
        screen = self._window.screen().availableGeometry()
        if screen.width() <= width or screen.height() <= height:
            self._window.setWindowState(Qt.WindowState.WindowMaximized)
        self._window.resize(min(width, screen.width()), min(height, screen.height()))
