"""Damaged journals are reported, never opened for writing, and left byte-for-byte as found."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ixcoach_desktop.app import run_self_test
from ixcoach_desktop.cli import main
from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.errors import JournalDamagedError, JournalUnusableError
from ixcoach_desktop.services.integrity import check_journal
from ixcoach_desktop.services.session import open_session
from ixcoach_desktop.storage.file_checks import (
    foreign_key_check,
    integrity_check,
    quick_check,
)
from ixcoach_desktop.storage.journal_file import journal_path
from tests.safety.helpers import REPO_ROOT, damage, digest, seed


@pytest.fixture
def damaged(data_dir: Path) -> Path:
    """A journal of a few hundred rows with 4 KiB of noise in its middle."""
    seed(data_dir, contacts=3, exchanges_each=80)
    path = journal_path(data_dir)
    damage(path)
    return path


def _side_files(path: Path) -> dict[str, str]:
    """Digests of the journal and of any WAL beside it (the SHM is SQLite's scratch index)."""
    return {p.name: digest(p) for p in (path, Path(f"{path}-wal")) if p.exists()}


def test_a_healthy_journal_passes_every_check(data_dir: Path) -> None:
    seed(data_dir, contacts=2, exchanges_each=5)
    path = journal_path(data_dir)
    assert quick_check(path) == []
    assert integrity_check(path) == []
    assert foreign_key_check(path) == []
    assert check_journal(data_dir).ok


def test_check_reports_damage_and_leaves_the_file_unchanged(
    damaged: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _side_files(damaged)
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert "journal OK" not in out
    assert "is damaged" in out
    assert "it has not been changed" in err
    assert _side_files(damaged) == before


def test_check_with_pending_wal_content_changes_neither_file(data_dir: Path) -> None:
    """A journal left by a crash (committed frames still in the WAL) is read, not checkpointed."""
    seed(data_dir, contacts=1, exchanges_each=3)
    session = open_session(data_dir)  # holds a connection: the WAL stays
    try:
        session.contacts.add(Contact(name="Only in the WAL"))
        path = journal_path(data_dir)
        assert Path(f"{path}-wal").stat().st_size > 0
        before = _side_files(path)
        report = check_journal(data_dir)
        assert report.ok
        assert _side_files(path) == before
    finally:
        session.close()


def test_check_runs_in_a_separate_process_with_exit_codes(damaged: Path, data_dir: Path) -> None:
    before = digest(damaged)
    result = subprocess.run(
        [sys.executable, "-m", "ixcoach_desktop", "check", "--data-dir", str(data_dir)],
        cwd=REPO_ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "damaged" in result.stdout
    assert digest(damaged) == before


@pytest.mark.parametrize("offset_fraction", [0.25, 0.5, 0.75])
def test_damage_anywhere_is_found(data_dir: Path, offset_fraction: float) -> None:
    seed(data_dir, contacts=3, exchanges_each=80)
    path = journal_path(data_dir)
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(int(size * offset_fraction))
        file.write(b"\xde\xad\xbe\xef" * 1024)
    before = digest(path)
    assert integrity_check(path)
    assert not check_journal(data_dir).ok
    assert digest(path) == before


def test_a_damaged_journal_is_never_opened_for_writing(damaged: Path, data_dir: Path) -> None:
    before = digest(damaged)
    with pytest.raises(JournalDamagedError) as raised:
        open_session(data_dir)
    assert "damaged" in str(raised.value)
    assert raised.value.problems
    assert raised.value.path == damaged
    assert digest(damaged) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["demo"],
        ["backup"],
        ["export", "--format", "json", "--output", "OUT/export.json"],
    ],
)
def test_commands_exit_1_with_a_message_on_a_damaged_journal(
    damaged: Path,
    data_dir: Path,
    tmp_path: Path,
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = digest(damaged)
    argv = [arg.replace("OUT", str(tmp_path)) for arg in argv]
    assert main([*argv, "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err
    assert "Traceback" not in err
    assert digest(damaged) == before
    assert not (tmp_path / "export.json").exists()


@pytest.mark.usefixtures("qapp")
def test_self_test_exits_1_with_a_clear_message(
    damaged: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(damaged)
    assert run_self_test(data_dir) == 1
    err = capsys.readouterr().err
    assert err.startswith("SELF-TEST FAILED")
    assert "damaged" in err
    assert digest(damaged) == before


def test_a_file_that_is_not_a_database(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir()
    path = journal_path(data_dir)
    path.write_text("Dear diary, these are my notes, not a database.\n" * 20)
    before = digest(path)
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    assert "not an SQLite database" in capsys.readouterr().out
    with pytest.raises(JournalDamagedError, match="not an IX Coach journal"):
        open_session(data_dir)
    assert digest(path) == before


def test_orphaned_rows_are_reported(data_dir: Path) -> None:
    seed(data_dir, contacts=1, exchanges_each=2)
    path = journal_path(data_dir)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute("DELETE FROM contacts")
    connection.commit()
    connection.close()
    report = check_journal(data_dir)
    assert not report.ok
    assert report.orphaned_rows == [
        "exchanges row 1 refers to a missing row of contacts",
        "exchanges row 2 refers to a missing row of contacts",
    ]


def test_check_never_creates_a_missing_journal_or_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    assert "There is no journal" in capsys.readouterr().err
    assert not data_dir.exists()
    with pytest.raises(JournalUnusableError):
        check_journal(data_dir)


def test_a_transaction_cut_short_in_rollback_mode(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A crash while a restored (rollback-mode) journal is first written: a hot -journal."""
    seed(data_dir, contacts=2)
    crashed = tmp_path / "crashed"
    crashed.mkdir(mode=0o700)
    journal = journal_path(crashed)
    backup = BackupService(data_dir).backup_now().path  # rollback-journal mode
    shutil.copy(backup, journal)
    writer = sqlite3.connect(journal, isolation_level=None)
    writer.execute("PRAGMA cache_size=5")  # spill to the file mid-transaction
    writer.execute("BEGIN")
    writer.executemany(
        "INSERT INTO contacts (name, kind, cadence_days, notes, archived, created_at,"
        " updated_at) VALUES (?, 'friend', 14, ?, 0, '2026-01-01', '2026-01-01')",
        [(f"never committed {n}", "x" * 400) for n in range(2000)],
    )
    # The crash: a copy of the files as they are now, mid-transaction.
    frozen = tmp_path / "frozen"
    frozen.mkdir(mode=0o700)
    for name in ("journal.sqlite3", "journal.sqlite3-journal"):
        shutil.copy(crashed / name, frozen / name)
    writer.execute("ROLLBACK")
    writer.close()
    before = {p.name: digest(p) for p in frozen.iterdir()}

    assert main(["check", "--data-dir", str(frozen)]) == 1
    assert "interrupted by a crash" in capsys.readouterr().err
    assert {p.name: digest(p) for p in frozen.iterdir()} == before

    # Opening it lets SQLite roll the transaction back, as any writer would.
    session = open_session(frozen)
    try:
        assert session.contacts.count() == 2
    finally:
        session.close()
    assert not (frozen / "journal.sqlite3-journal").exists()
    assert check_journal(frozen).ok
