"""Helpers that drive the real window the way a user does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSlider,
)

from ixcoach_desktop.app import create_main_window

WindowFactory = Callable[[Path], QMainWindow]
T = TypeVar("T", bound=QObject)


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    windows: list[QMainWindow] = []

    def factory(folder: Path) -> QMainWindow:
        window = create_main_window(folder)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        settle(qtbot, window)
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.close()


@pytest.fixture
def window(open_window: WindowFactory, data_dir: Path) -> QMainWindow:
    return open_window(data_dir)


def child(window: QObject, kind: type[T], name: str) -> T:
    found = window.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


def add_contact(qtbot: QtBot, window: QMainWindow, name: str) -> None:
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


def settle(qtbot: QtBot, window: QMainWindow) -> None:
    """Wait until the selected contact's history has arrived from the loader."""
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)  # type: ignore[attr-defined]


def open_dialog(qtbot: QtBot, window: QMainWindow) -> QDialog:
    """The contact dialog now on screen (closed ones may linger until deleted)."""
    shown: list[QDialog] = []

    def find() -> bool:
        shown[:] = [d for d in window.findChildren(QDialog, "contactDialog") if d.isVisible()]
        return len(shown) == 1

    qtbot.waitUntil(find)
    return shown[0]


def log_exchange(qtbot: QtBot, window: QMainWindow, mine: int, theirs: int) -> None:
    child(window, QSlider, "myLevelSlider").setValue(mine)
    child(window, QSlider, "theirLevelSlider").setValue(theirs)
    qtbot.mouseClick(child(window, QPushButton, "saveExchangeButton"), Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def contact_names(window: QMainWindow) -> list[str]:
    view = child(window, QAbstractItemView, "contactList")
    model = view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def select_contact(qtbot: QtBot, window: QMainWindow, name: str) -> None:
    view = child(window, QAbstractItemView, "contactList")
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == name:
            view.setCurrentIndex(model.index(row, 0))
            settle(qtbot, window)
            return
    raise AssertionError(f"{name} is not in the list")
