"""The start-up quick_check, started early, still refuses a damaged journal before any write.

The window's start starts the check on a thread before importing Qt and
Matplotlib (cli.py); open_session then waits for its verdict where it would
otherwise check. These tests pin down that the verdict is the same as a
check made there and then, and that it is never trusted for a file that
changed after it was checked.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from ixcoach_desktop.app import create_main_window
from ixcoach_desktop.cli import main
from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.services.errors import JournalDamagedError
from ixcoach_desktop.services.integrity import start_health_check
from ixcoach_desktop.services.session import open_session
from ixcoach_desktop.storage import file_checks as integrity
from ixcoach_desktop.storage.cipher import CipherKey
from ixcoach_desktop.storage.journal_file import journal_path
from tests.safety.helpers import damage, digest, seed


def _touch_later(path: Path) -> None:
    """Move the modification time on, as any write does once the clock has ticked."""
    mtime = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(mtime, mtime))


def _record_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads that run quick_check from now on, in order."""
    threads: list[str] = []
    quick_check = integrity.quick_check

    def recorded(path: Path, key: CipherKey | None = None) -> list[str]:
        threads.append(threading.current_thread().name)
        return quick_check(path, key)

    monkeypatch.setattr(integrity, "quick_check", recorded)
    return threads


def test_a_healthy_journal_is_checked_once(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(data_dir, contacts=2, exchanges_each=5)
    checks = _record_checks(monkeypatch)
    early = start_health_check(data_dir)
    assert early is not None
    # A reader: a writer would also check the journal before its daily backup.
    session = open_session(data_dir, writer=None, early_check=early)
    try:
        assert len(session.contacts.list()) == 2
    finally:
        session.close()
    assert checks == ["early-health-check"]


def test_a_damaged_journal_is_refused_unchanged(data_dir: Path) -> None:
    seed(data_dir, contacts=3, exchanges_each=80)
    path = journal_path(data_dir)
    damage(path)
    before = digest(path)
    early = start_health_check(data_dir)
    assert early is not None
    with pytest.raises(JournalDamagedError) as raised:
        open_session(data_dir, early_check=early)
    assert raised.value.problems
    assert raised.value.path == path
    assert digest(path) == before


def test_a_journal_damaged_after_the_check_is_checked_again(data_dir: Path) -> None:
    seed(data_dir, contacts=3, exchanges_each=80)
    path = journal_path(data_dir)
    early = start_health_check(data_dir)
    assert early is not None
    damage(path)
    _touch_later(path)
    with pytest.raises(JournalDamagedError):
        open_session(data_dir, early_check=early)


def test_a_write_after_the_check_is_noticed_through_the_wal(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process committing between the check and the opening makes the verdict stale."""
    seed(data_dir, contacts=1)
    checks = _record_checks(monkeypatch)
    early = start_health_check(data_dir)
    assert early is not None
    writer = open_session(data_dir)
    try:
        writer.contacts.add(Contact(name="Written after the check"))
        written = len(checks)
        early.ensure_healthy()
    finally:
        writer.close()
    main_thread = threading.current_thread().name
    assert checks[written:].count(main_thread) == 1


def test_a_verdict_is_used_once(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(data_dir, contacts=1)
    early = start_health_check(data_dir)
    assert early is not None
    early.ensure_healthy()
    monkeypatch.setattr(integrity, "quick_check", lambda _path, _key=None: ["damage"])
    with pytest.raises(JournalDamagedError):
        early.ensure_healthy()


def test_nothing_is_started_or_created_without_a_journal_to_check(data_dir: Path) -> None:
    assert start_health_check(data_dir) is None
    assert not data_dir.exists()
    data_dir.mkdir()
    journal_path(data_dir).touch()
    assert start_health_check(data_dir) is None
    journal_path(data_dir).write_bytes(b"not a database at all" * 10)
    assert start_health_check(data_dir) is None


@pytest.mark.usefixtures("qapp")
def test_the_window_is_refused_on_a_damaged_journal(data_dir: Path) -> None:
    """What open_window_or_recover catches to offer a backup, as without the early check."""
    seed(data_dir, contacts=3, exchanges_each=80)
    path = journal_path(data_dir)
    damage(path)
    before = digest(path)
    with pytest.raises(JournalDamagedError):
        create_main_window(data_dir, None, start_health_check(data_dir))
    assert digest(path) == before


@pytest.mark.usefixtures("qapp")
def test_the_self_test_command_refuses_a_damaged_journal(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir, contacts=3, exchanges_each=80)
    path = journal_path(data_dir)
    damage(path)
    before = digest(path)
    assert main(["--self-test", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("SELF-TEST FAILED")
    assert "damaged" in err
    assert digest(path) == before
