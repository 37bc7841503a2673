"""Test configuration: headless Qt, isolated settings and data folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before any Qt import: tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# QSettings and platformdirs write under these; keep the user's own untouched.
_SANDBOX = Path(tempfile.mkdtemp(prefix="ixcoach-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
os.environ.pop("IXCOACH_DATA_DIR", None)


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
        from ixcoach_desktop.gui.main_thread_gc import install_main_thread_gc

        install_main_thread_gc(request.getfixturevalue("qapp"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data folder that does not exist yet (the app creates it)."""
    return tmp_path / "journal data"
