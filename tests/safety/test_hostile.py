"""A hostile environment gets a specific message and no partial writes.

Read-only folders and full disks are real file systems: a small tmpfs,
remounted read-only or filled up. That needs root (containers and CI run
as root); without it the read-only case falls back to permission bits and
the full-disk case is skipped.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ixcoach_desktop.cli import main
from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.errors import JournalUnusableError, ServiceError
from ixcoach_desktop.services.session import open_session
from ixcoach_desktop.storage.file_checks import integrity_check
from ixcoach_desktop.storage.journal_file import journal_path
from tests.safety.helpers import digest, rows, seed


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs, unmounted afterwards; skips where mounting is not allowed."""
    point = tmp_path / "small disk"
    point.mkdir()
    if os.geteuid() != 0 or not _run(
        "mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(point)
    ):
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield point
    finally:
        _run("umount", "-l", str(point))


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A data folder holding a healthy journal, that can no longer be written to."""
    if os.geteuid() == 0:
        point = tmp_path / "read-only disk"
        point.mkdir()
        if not _run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(point)):
            pytest.skip("mounting a tmpfs needs mount rights")
        folder = point / "data"
        try:
            seed(folder, contacts=2)
            assert _run("mount", "-o", "remount,ro", str(point))
            yield folder
        finally:
            _run("umount", "-l", str(point))
    else:
        folder = tmp_path / "data"
        seed(folder, contacts=2)
        folder.chmod(0o500)
        try:
            yield folder
        finally:
            folder.chmod(0o700)


def test_a_read_only_data_folder(
    read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = journal_path(read_only_folder)
    before = digest(journal)
    listing = sorted(p.name for p in read_only_folder.iterdir())
    with pytest.raises(JournalUnusableError, match="is read-only"):
        open_session(read_only_folder)
    assert main(["demo", "--data-dir", str(read_only_folder)]) == 1
    assert "read-only" in capsys.readouterr().err
    # Reading still works, and says so.
    assert main(["check", "--data-dir", str(read_only_folder)]) == 0
    assert capsys.readouterr().out == "journal OK\n"
    assert main(["backup", "--data-dir", str(read_only_folder)]) == 1
    assert "Cannot create the backups folder" in capsys.readouterr().err
    assert digest(journal) == before
    assert sorted(p.name for p in read_only_folder.iterdir()) == listing


def _big_exchange(contact_id: int, number: int) -> Exchange:
    # Random text does not compress into spare pages: each save needs new ones.
    return Exchange(
        contact_id=contact_id,
        occurred_at=datetime.now(UTC),
        my_level=DepthLevel.PERSONAL,
        their_level=DepthLevel.PERSONAL,
        reception=Reception.SUPPORTIVE,
        notes=f"{number} " + os.urandom(7_000).hex(),
    )


def test_a_full_disk_loses_nothing_already_saved_and_writes_no_partial_backup(
    mount_point: Path,
) -> None:
    data_dir = mount_point / "data"
    session = open_session(data_dir)
    try:
        contact = session.contacts.add(Contact(name="Sam"))
        assert contact.id is not None
        saved: list[int] = []

        def fill_the_disk(contact_id: int) -> None:
            for number in range(200):
                session.exchanges.log(_big_exchange(contact_id, number))
                saved.append(number)

        with pytest.raises(ServiceError) as full:
            fill_the_disk(contact.id)
        assert "disk is full" in str(full.value)
        assert "nothing was saved" in str(full.value)
        assert saved
        assert session.exchanges.count() == len(saved)
        with pytest.raises(ServiceError, match="full"):
            session.backups.backup_now()
        assert list((data_dir / "backups").iterdir()) == []
    finally:
        session.close()
    assert integrity_check(journal_path(data_dir)) == []
    assert len(rows(journal_path(data_dir), "SELECT id FROM exchanges")) == len(saved)


def test_a_journal_that_is_a_folder(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal_path(data_dir).mkdir(parents=True)
    assert main(["demo", "--data-dir", str(data_dir)]) == 1
    assert "is a folder, not a file" in capsys.readouterr().err
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    assert "is a folder, not a file" in capsys.readouterr().err
    assert journal_path(data_dir).is_dir()


def test_a_data_folder_that_is_a_file(data_dir: Path) -> None:
    data_dir.write_text("not a folder")
    with pytest.raises(JournalUnusableError, match="is a file, not a folder"):
        open_session(data_dir)
    assert data_dir.read_text() == "not a folder"


def test_missing_parent_folders_are_created_privately(tmp_path: Path) -> None:
    data_dir = tmp_path / "not" / "there" / "yet"
    open_session(data_dir).close()
    assert journal_path(data_dir).is_file()
    assert data_dir.stat().st_mode & 0o777 == 0o700


def test_a_parent_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "usb-stick"
    blocker.write_text("a file where a folder was expected")
    data_dir = blocker / "journal"
    assert main(["demo", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "part of that path is a file, not a folder" in err
    assert blocker.read_text() == "a file where a folder was expected"


def test_a_path_with_spaces_and_non_ascii(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Accents, CJK, right-to-left with its marks, and URI specials (# ? %20).
    data_dir = tmp_path / "Mes données ✓" / "日記 \u200fיומן\u200f #1?%20"
    assert main(["demo", "--data-dir", str(data_dir), "--exchanges", "30"]) == 0
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    assert main(["backup", "--data-dir", str(data_dir)]) == 0
    backup = BackupService(data_dir).all()[0]
    assert main(["restore", backup.name, "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    session = open_session(data_dir)
    try:
        assert session.exchanges.count() == 30
    finally:
        session.close()
