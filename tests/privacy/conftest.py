"""Privacy test fixtures: fast key derivation, a journal full of secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from ixcoach_desktop.storage import cipher
from tests.privacy.helpers import DRAFT_SECRET, SECRET, files_containing, write_secrets


@pytest.fixture(autouse=True)
def fast_key_derivation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test hook: 2,000 PBKDF2 iterations instead of 256,000, so each derivation is instant.

    Tests marked ``real_kdf`` keep SQLCipher's real count (interoperability,
    child processes, which derive with the production value).
    """
    if request.node.get_closest_marker("real_kdf") is None:
        monkeypatch.setattr(cipher, "KDF_ITERATIONS", 2_000)


@pytest.fixture
def secret_journal(data_dir: Path) -> Path:
    """A data folder whose journal, backup, set-aside journal and draft hold the secrets."""
    write_secrets(data_dir)
    assert files_containing(data_dir, SECRET)
    assert files_containing(data_dir, DRAFT_SECRET)
    return data_dir
