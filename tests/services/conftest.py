from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ixcoach_desktop.services.session import JournalSession, open_session


@pytest.fixture
def session(data_dir: Path) -> Iterator[JournalSession]:
    opened = open_session(data_dir)
    yield opened
    opened.close()
