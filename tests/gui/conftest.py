"""Fixtures of the GUI tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ixcoach_desktop.gui.window.main_window import MainWindow
from tests.gui.helpers import WindowFactory


@pytest.fixture
def window(open_window: WindowFactory, data_dir: Path) -> MainWindow:
    return open_window(data_dir)
