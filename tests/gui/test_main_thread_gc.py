"""Python's collector runs on the UI thread, never in a worker."""

from __future__ import annotations

import gc

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from ixcoach_desktop.gui.runtime.main_thread_gc import (
    COLLECT_INTERVAL_MS,
    MainThreadGarbageCollector,
    install_main_thread_gc,
)


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_collector_is_installed_once_and_collects_on_the_ui_thread(
    qtbot: QtBot, qapp: QApplication
) -> None:
    install_main_thread_gc(qapp)
    install_main_thread_gc(qapp)
    assert len(qapp.findChildren(MainThreadGarbageCollector)) == 1
    assert not gc.isenabled()
    for _ in range(gc.get_threshold()[0] + 10):
        _Cycle()
    before = gc.get_count()[0]
    qtbot.wait(COLLECT_INTERVAL_MS + 200)
    assert gc.get_count()[0] < before
