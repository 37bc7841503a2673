"""Fixtures of the safety tests that need the real window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QAbstractItemView, QMainWindow

from ixcoach_desktop.app import create_main_window

OpenWindow = Callable[[Path], QMainWindow]


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[OpenWindow]:
    """Opens the real, fully wired window on a data folder; closes it after the test."""
    opened: list[QMainWindow] = []

    def factory(folder: Path) -> QMainWindow:
        window = create_main_window(folder)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield factory
    for window in opened:
        window.close()


def select_first_contact(qtbot: QtBot, window: QMainWindow) -> None:
    view = window.findChild(QAbstractItemView, "contactList")
    assert view is not None
    view.setCurrentIndex(view.model().index(0, 0))
    settle(qtbot, window)


def settle(qtbot: QtBot, window: QMainWindow) -> None:
    """Wait until the selected contact's history has arrived from the window's loader."""
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)  # type: ignore[attr-defined]
