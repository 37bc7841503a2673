"""The menus: one documented order, object names, and the platform's standard shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from tests.gui.helpers import child


def _layout(menu: QMenu) -> list[str]:
    return [
        action.objectName() or ("---" if action.isSeparator() else "") for action in menu.actions()
    ]


def test_every_menu_is_in_its_documented_order(window: QMainWindow) -> None:
    menus = {menu.title(): menu for menu in window.menuBar().findChildren(QMenu)}
    assert [action.text() for action in window.menuBar().actions()] == [
        "&File",
        "&Edit",
        "&Contact",
        "E&xchange",
        "&Help",
    ]
    assert _layout(menus["&File"]) == [
        "newContactAction",
        "---",
        "importAction",
        "exportAction",
        "exportChartAction",
        "---",
        "protectAction",
        "changePassphraseAction",
        "removeProtectionAction",
        "---",
        "backupNowAction",
        "restoreBackupAction",
        "---",
        "quitAction",
    ]
    assert _layout(menus["&Edit"]) == ["undoAction", "redoAction", "---", "findAction"]
    assert _layout(menus["&Contact"]) == [
        "editContactAction",
        "archiveContactAction",
        "---",
        "stressBuffersAction",
    ]
    assert _layout(menus["E&xchange"]) == [
        "saveExchangeAction",
        "newEntryAction",
        "deleteExchangeAction",
    ]
    assert _layout(menus["&Help"]) == ["guideAction", "aboutAction"]


def test_standard_actions_use_the_platforms_shortcuts(window: QMainWindow) -> None:
    standard = QKeySequence.StandardKey
    for name, key in (
        ("quitAction", standard.Quit),
        ("undoAction", standard.Undo),
        ("redoAction", standard.Redo),
        ("findAction", standard.Find),
        ("saveExchangeAction", standard.Save),
        ("newContactAction", standard.New),
    ):
        action = child(window, QAction, name)
        assert action.shortcut() == QKeySequence(key), name
