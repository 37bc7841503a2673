"""Everything holding the user's words is readable by the user only: files 0600, folders 0700."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.session import open_session
from ixcoach_desktop.storage.journal_file import journal_path
from tests.safety.helpers import mode_of, seed


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The most careless common umask: without our own modes, files would be world-readable."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_journal_wal_shm_backups_drafts_and_folders(data_dir: Path) -> None:
    session = open_session(data_dir)
    try:
        contact = session.contacts.add(Contact(name="Sam"))
        assert contact.id is not None
        journal = journal_path(data_dir)
        wal, shm = Path(f"{journal}-wal"), Path(f"{journal}-shm")
        assert wal.exists()
        assert shm.exists()
        backup = session.backups.backup_now()
        draft_exchange = Exchange(
            contact_id=contact.id,
            occurred_at=datetime.now(UTC),
            my_level=DepthLevel.PERSONAL,
            their_level=DepthLevel.PERSONAL,
            reception=Reception.SUPPORTIVE,
            notes="private",
        )
        session.drafts.save(draft_exchange, "Sam")
        files = [journal, wal, shm, backup.path, data_dir / "writer.lock"]
        files += list((data_dir / "drafts").iterdir())
        for path in files:
            assert mode_of(path) == 0o600, path
        for folder in (data_dir, data_dir / "backups", data_dir / "drafts"):
            assert mode_of(folder) == 0o700, folder
    finally:
        session.close()


def test_restored_and_set_aside_journals_stay_private(data_dir: Path) -> None:
    seed(data_dir, contacts=1)
    service = BackupService(data_dir)
    backup = service.backup_now()
    result = service.restore(backup.path)
    assert result.kept_as is not None
    assert mode_of(journal_path(data_dir)) == 0o600
    assert mode_of(result.kept_as) == 0o600


def test_a_loose_existing_folder_is_tightened(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)  # noqa: PTH101  (mkdir's mode is filtered by the umask)
    open_session(data_dir).close()
    assert mode_of(data_dir) == 0o700
