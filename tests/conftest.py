"""Test configuration: headless Qt, isolated settings and data folders, shared fixtures."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

if TYPE_CHECKING:
    from ixcoach_desktop.gui.window.main_window import MainWindow
    from ixcoach_desktop.services.session import JournalSession
    from tests.gui.helpers import WindowFactory

# Set before any Qt import (pytest-qt imports Qt when it is configured, after
# this module): tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

_sandbox = pytest.StashKey[tuple[Path, pytest.MonkeyPatch]]()


def pytest_configure(config: pytest.Config) -> None:
    """QSettings and platformdirs write under a throwaway home for the whole run.

    Set before collection and undone (the folder deleted) when the run ends,
    so the user's own settings and journal are never touched.
    """
    sandbox = Path(tempfile.mkdtemp(prefix="ixcoach-tests-"))
    environment = pytest.MonkeyPatch()
    environment.setenv("XDG_CONFIG_HOME", str(sandbox / "config"))
    environment.setenv("XDG_DATA_HOME", str(sandbox / "data"))
    environment.delenv("IXCOACH_DATA_DIR", raising=False)
    config.stash[_sandbox] = (sandbox, environment)


def pytest_unconfigure(config: pytest.Config) -> None:
    sandbox, environment = config.stash[_sandbox]
    environment.undo()
    shutil.rmtree(sandbox, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a QApplication as ``gui``."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()) or "qapp" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_ui_thread(request: pytest.FixtureRequest) -> None:
    """As the app does: worker threads in GUI tests must not free Qt objects."""
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from ixcoach_desktop.gui.runtime.main_thread_gc import install_main_thread_gc

        install_main_thread_gc(request.getfixturevalue("qapp"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data folder that does not exist yet (the app creates it)."""
    return tmp_path / "journal data"


@pytest.fixture
def session(data_dir: Path) -> Iterator[JournalSession]:
    """An open session on a new journal in ``data_dir``, closed after the test."""
    from ixcoach_desktop.services.session import open_session

    opened = open_session(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    """Opens the real, fully wired window on a data folder, shown and settled.

    Every window it opened is closed after the test.
    """
    # Imported here: tests that never open a window need not load Qt widgets.
    from ixcoach_desktop.app import create_main_window
    from tests.gui.helpers import settle

    opened: list[MainWindow] = []

    def factory(folder: Path) -> MainWindow:
        window = create_main_window(folder)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        settle(qtbot, window)
        opened.append(window)
        return window

    yield factory
    for window in opened:
        window.close()
