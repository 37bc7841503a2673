"""One writer per data folder: commands that write are refused while the window has the journal."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from ixcoach_desktop.cli import main
from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.errors import JournalUnusableError
from ixcoach_desktop.services.instance_lock import (
    JournalInUseError,
    acquire_writer_lock,
    lock_path,
)
from ixcoach_desktop.services.session import open_session
from ixcoach_desktop.storage.journal_file import journal_path
from tests.safety.helpers import Child, digest, mode_of, seed


def _lock_is_free(data_dir: Path) -> bool:
    """Probe with a separate open file: flock refuses it while anyone (us included) holds one."""
    fd = os.open(lock_path(data_dir), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_the_lock_is_reentrant_within_a_process_and_freed_by_the_last_holder(
    data_dir: Path,
) -> None:
    first = open_session(data_dir)
    second = open_session(data_dir)
    assert mode_of(lock_path(data_dir)) == 0o600
    assert not _lock_is_free(data_dir)
    first.close()
    assert not _lock_is_free(data_dir)
    second.close()
    second.close()  # closing twice is harmless
    assert _lock_is_free(data_dir)


def test_a_read_only_session_takes_no_lock(data_dir: Path) -> None:
    seed(data_dir)
    session = open_session(data_dir, writer=None)
    try:
        assert _lock_is_free(data_dir)
    finally:
        session.close()


@pytest.mark.slow
def test_write_commands_are_refused_while_the_window_holds_the_journal(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir, contacts=1, exchanges_each=3)
    backup = BackupService(data_dir).backup_now()
    vcard = tmp_path / "people.vcf"
    vcard.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nUID:ada-1\nEND:VCARD\n")
    window = Child("window", data_dir, log=tmp_path / "window.log")
    try:
        assert window.read_line() == "ready"
        before = digest(journal_path(data_dir))
        for argv in (
            ["demo"],
            ["import", str(vcard)],
            ["restore", str(backup.path)],
        ):
            assert main([*argv, "--data-dir", str(data_dir)]) == 1, argv
            err = capsys.readouterr().err
            assert "is open in the IX Coach Desktop window" in err, err
            assert f"(process {window.process.pid})" in err
            assert "Traceback" not in err
        assert digest(journal_path(data_dir)) == before
        assert not list(data_dir.glob("journal-before-restore-*"))
        # Reading is still allowed beside the window.
        assert main(["check", "--data-dir", str(data_dir)]) == 0
        assert main(["backup", "--data-dir", str(data_dir)]) == 0
    finally:
        window.kill()
    # The kernel freed the lock with the killed window: no stale lock to clear.
    assert main(["import", str(vcard), "--data-dir", str(data_dir)]) == 0


def test_the_holder_writes_who_it_is_for_those_refused(data_dir: Path) -> None:
    held = acquire_writer_lock(data_dir, "import")
    try:
        with lock_path(data_dir).open() as file:
            pid, writer = file.read().split()
        assert (int(pid), writer) == (os.getpid(), "import")
    finally:
        held.release()
    assert _lock_is_free(data_dir)


def test_the_lock_refuses_an_unwritable_data_folder(data_dir: Path) -> None:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file, not a folder")
    with pytest.raises(JournalUnusableError, match="is a file, not a folder"):
        acquire_writer_lock(data_dir, "demo")


def test_the_window_is_refused_while_a_command_writes(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir)
    command = Child("lock", data_dir, "import", log=tmp_path / "lock.log")
    try:
        assert command.read_line() == "ready"
        with pytest.raises(JournalInUseError) as refused:
            open_session(data_dir)
        message = str(refused.value)
        assert "being changed by another ixcoach-desktop import" in message
        assert f"(process {command.process.pid})" in message
    finally:
        assert command.finish() == 0
    open_session(data_dir).close()
