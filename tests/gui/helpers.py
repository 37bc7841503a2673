"""Helpers that drive the real window the way a user does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLineEdit, QPushButton, QSlider

from ixcoach_desktop.gui.window.main_window import MainWindow

# The open_window fixture (tests/conftest.py): the wired, shown, settled window on a folder.
WindowFactory = Callable[[Path], MainWindow]
T = TypeVar("T", bound=QObject)


def child(window: QObject, kind: type[T], name: str) -> T:
    found = window.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the selected contact's history has arrived from the loader."""
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)


def add_contact(qtbot: QtBot, window: MainWindow, name: str) -> None:
    qtbot.mouseClick(child(window, QPushButton, "addContactButton"), Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, window)
    name_edit = child(dialog, QLineEdit, "contactNameEdit")
    # QTest can only type ASCII; other text is inserted as an input method would.
    if name.isascii():
        qtbot.keyClicks(name_edit, name)
    else:
        name_edit.insert(name)
    qtbot.keyClick(name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, window)


def open_dialog(qtbot: QtBot, window: MainWindow) -> QDialog:
    """The contact dialog now on screen (closed ones may linger until deleted)."""
    shown: list[QDialog] = []

    def find() -> bool:
        shown[:] = [d for d in window.findChildren(QDialog, "contactDialog") if d.isVisible()]
        return len(shown) == 1

    qtbot.waitUntil(find)
    return shown[0]


def log_exchange(qtbot: QtBot, window: MainWindow, mine: int, theirs: int) -> None:
    child(window, QSlider, "myLevelSlider").setValue(mine)
    child(window, QSlider, "theirLevelSlider").setValue(theirs)
    qtbot.mouseClick(child(window, QPushButton, "saveExchangeButton"), Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def contact_names(window: MainWindow) -> list[str]:
    view = child(window, QAbstractItemView, "contactList")
    model = view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def select_contact(qtbot: QtBot, window: MainWindow, name: str) -> None:
    view = child(window, QAbstractItemView, "contactList")
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == name:
            view.setCurrentIndex(model.index(row, 0))
            settle(qtbot, window)
            return
    raise AssertionError(f"{name} is not in the list")


def select_first_contact(qtbot: QtBot, window: MainWindow) -> None:
    view = child(window, QAbstractItemView, "contactList")
    view.setCurrentIndex(view.model().index(0, 0))
    settle(qtbot, window)
