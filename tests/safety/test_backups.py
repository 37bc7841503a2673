"""Backups: verified private copies; rotation; start-up and pre-migration backups; restore."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ixcoach_desktop.cli import main
from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.services.backup_policy import (
    KEEP_BEFORE_MIGRATION,
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_NEWEST,
    KEEP_WEEKLY,
    BackupInfo,
    BackupReason,
    backup_name,
    backups_to_keep,
    parse_backup_name,
)
from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.errors import (
    JournalUnusableError,
    NewerJournalVersionError,
    NotFoundError,
    ServiceError,
)
from ixcoach_desktop.services.session import open_session
from ixcoach_desktop.storage import journal as journal_module
from ixcoach_desktop.storage.file_checks import integrity_check
from ixcoach_desktop.storage.journal_file import journal_path
from ixcoach_desktop.storage.schema import SchemaState
from tests.safety.helpers import damage, digest, mode_of, rows, seed

CONTENT = "SELECT name FROM contacts ORDER BY id"
EXCHANGES = "SELECT id, contact_id, my_level, their_level, notes FROM exchanges ORDER BY id"


def _clock(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def test_a_backup_opens_and_holds_the_same_rows(data_dir: Path) -> None:
    seed(data_dir, contacts=3, exchanges_each=20)
    written = BackupService(data_dir).backup_now()
    journal = journal_path(data_dir)
    assert written.path.parent == data_dir / "backups"
    assert written.reason is BackupReason.MANUAL
    assert integrity_check(written.path) == []
    assert rows(written.path, CONTENT) == rows(journal, CONTENT)
    assert rows(written.path, EXCHANGES) == rows(journal, EXCHANGES)
    assert len(rows(written.path, EXCHANGES)) == 60


def test_a_backup_is_private_self_contained_and_leaves_no_temporary(data_dir: Path) -> None:
    seed(data_dir, contacts=1, exchanges_each=3)
    written = BackupService(data_dir).backup_now()
    assert mode_of(written.path) == 0o600
    assert mode_of(written.path.parent) == 0o700
    # A single file in rollback-journal mode: it can be copied without companions.
    assert rows(written.path, "PRAGMA journal_mode") == [("delete",)]
    assert sorted(p.name for p in written.path.parent.iterdir()) == [written.name]


def test_a_backup_taken_while_another_connection_writes_is_consistent(data_dir: Path) -> None:
    """The online backup API copies one snapshot, including what is still in the WAL."""
    seed(data_dir, contacts=1)
    session = open_session(data_dir)
    try:
        for number in range(20):
            session.contacts.add(Contact(name=f"In the WAL {number}"))
        assert Path(f"{journal_path(data_dir)}-wal").stat().st_size > 0
        written = session.backups.backup_now()
    finally:
        session.close()
    assert len(rows(written.path, CONTENT)) == 21
    assert integrity_check(written.path) == []


def test_the_command_writes_and_lists_backups(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir, contacts=2)
    assert main(["backup", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "Backed up the journal to" in out
    assert main(["backup", "--list", "--data-dir", str(data_dir)]) == 0
    listed = capsys.readouterr().out
    assert "backup now" in listed
    assert listed.startswith("journal-")


def test_no_journal_no_backup(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--data-dir", str(data_dir)]) == 1
    assert "There is no journal" in capsys.readouterr().err
    assert not data_dir.exists()


def test_names_round_trip_and_foreign_files_are_ignored(data_dir: Path) -> None:
    at = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    name = backup_name(at, BackupReason.BEFORE_MIGRATION)
    assert name == "journal-2026-03-04T05-06-07-890123Z-pre-migration.sqlite3"
    assert parse_backup_name(name) == (at, BackupReason.BEFORE_MIGRATION)
    for foreign in (
        "notes.txt",
        "journal-2026-03-04.sqlite3",
        f"{name}.tmp",
        "journal-x-y.sqlite3",
    ):
        assert parse_backup_name(foreign) is None
    seed(data_dir)
    folder = data_dir / "backups"
    folder.mkdir()
    (folder / "my copy.sqlite3").write_text("mine")
    service = BackupService(data_dir)
    service.backup_now()
    assert [b.reason for b in service.all()] == [BackupReason.MANUAL]
    assert (folder / "my copy.sqlite3").read_text() == "mine"


def _fake(at: datetime, reason: BackupReason = BackupReason.AUTOMATIC) -> BackupInfo:
    return BackupInfo(Path(backup_name(at, reason)), at, reason, 1)


def test_rotation_keeps_dailies_weeklies_monthlies_and_migrations() -> None:
    newest = datetime(2026, 6, 30, 12, tzinfo=UTC)
    # Four backups a day for two years, plus two old pre-migration ones.
    backups = [_fake(newest - timedelta(hours=6 * i)) for i in range(4 * 730)]
    old_migrations = [
        _fake(newest - timedelta(days=900), BackupReason.BEFORE_MIGRATION),
        _fake(newest - timedelta(days=1000), BackupReason.BEFORE_MIGRATION),
        _fake(newest - timedelta(days=1100), BackupReason.BEFORE_MIGRATION),
    ]
    everything = sorted(backups + old_migrations, key=lambda b: b.taken_at, reverse=True)
    keep = backups_to_keep(everything)
    kept = sorted((b for b in everything if b.path in keep), key=lambda b: b.taken_at)
    limit = KEEP_NEWEST + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY + KEEP_BEFORE_MIGRATION
    assert len(kept) <= limit
    assert everything[0].path in keep
    days = {b.taken_at.date() for b in kept}
    assert {(newest - timedelta(days=d)).date() for d in range(KEEP_DAILY)} <= days
    months = {(b.taken_at.year, b.taken_at.month) for b in kept}
    assert len(months) >= KEEP_MONTHLY
    # The two newest pre-migration backups survive however old; the third goes.
    assert old_migrations[0].path in keep
    assert old_migrations[1].path in keep
    assert old_migrations[2].path not in keep


def test_rotation_deletes_only_what_no_rule_keeps(data_dir: Path) -> None:
    seed(data_dir)
    now = datetime.now(UTC)
    # A backup every third day for forty days, written by earlier runs.
    for day in range(40, 0, -3):
        BackupService(data_dir, _clock(now - timedelta(days=day))).backup_now()
    service = BackupService(data_dir)
    newest = service.backup_now()
    kept = service.all()
    assert kept[0] == newest
    assert len(kept) <= KEEP_NEWEST + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    assert {b.path for b in kept} == backups_to_keep(kept)
    # The newest of each of the last KEEP_DAILY days that have one.
    days = sorted({b.taken_at.date() for b in kept}, reverse=True)
    assert len(days) >= KEEP_DAILY
    # The month of the oldest run keeps its newest backup as a monthly.
    oldest_month = (now - timedelta(days=40)).strftime("%Y-%m")
    assert any(b.taken_at.strftime("%Y-%m") == oldest_month for b in kept)


def test_rotation_removes_old_temporary_leftovers_only(data_dir: Path) -> None:
    seed(data_dir)
    folder = data_dir / "backups"
    folder.mkdir()
    old = folder / ".journal-2026-01-01T00-00-00-000000Z-auto.sqlite3.abc.tmp"
    fresh = folder / ".journal-2026-01-02T00-00-00-000000Z-auto.sqlite3.def.tmp"
    for leftover in (old, fresh):
        leftover.write_bytes(b"partial")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    BackupService(data_dir).backup_now()
    assert not old.exists()
    assert fresh.exists()


def test_start_up_backup_only_when_changed_and_a_day_old(data_dir: Path) -> None:
    # An empty journal is not worth a backup.
    open_session(data_dir).close()
    assert BackupService(data_dir).all() == []

    seed(data_dir, contacts=1)
    first = open_session(data_dir)
    first.close()
    taken = first.backups.all()
    assert [b.reason for b in taken] == [BackupReason.AUTOMATIC]

    # Opened again the same day: no second copy.
    open_session(data_dir).close()
    assert len(BackupService(data_dir).all()) == 1

    # A day later, but unchanged since the backup: still none.
    tomorrow = datetime.now(UTC) + timedelta(days=1, minutes=1)
    assert BackupService(data_dir, _clock(tomorrow)).backup_if_due() is None

    # Changed since, and a day later: a new automatic backup.
    seed(data_dir, contacts=1)
    later = BackupService(data_dir, _clock(tomorrow)).backup_if_due()
    assert later is not None
    assert later.reason is BackupReason.AUTOMATIC


def test_a_failed_start_up_backup_never_blocks_opening(data_dir: Path) -> None:
    seed(data_dir, contacts=1)
    (data_dir / "backups").write_text("a file where the folder should be")
    session = open_session(data_dir)
    try:
        problem = session.backups.automatic_backup_problem
        assert problem is not None
        assert problem.startswith("No automatic backup was taken")
        assert session.contacts.count() == 1
    finally:
        session.close()


def test_the_window_takes_its_start_up_backup_after_its_first_frame(data_dir: Path) -> None:
    """open_session leaves it to warm_up(), which the window runs on its worker."""
    seed(data_dir, contacts=1)
    session = open_session(data_dir, backup_at_warm_up=True)
    try:
        assert BackupService(data_dir).all() == []
        session.warm_up()
        assert [b.reason for b in BackupService(data_dir).all()] == [BackupReason.AUTOMATIC]
    finally:
        session.close()


def test_a_failed_deferred_start_up_backup_says_why(data_dir: Path) -> None:
    seed(data_dir, contacts=1)
    (data_dir / "backups").write_text("a file where the folder should be")
    session = open_session(data_dir, backup_at_warm_up=True)
    try:
        with pytest.raises(ServiceError, match=r"^No automatic backup was taken"):
            session.warm_up()
        assert session.contacts.count() == 1
    finally:
        session.close()


def test_a_backup_is_always_taken_before_a_migration(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(data_dir, contacts=2)
    upgraded: list[bool] = []
    monkeypatch.setattr(journal_module, "schema_state", lambda _engine: SchemaState.OUTDATED)
    monkeypatch.setattr(journal_module, "upgrade", lambda _engine: upgraded.append(True))
    open_session(data_dir).close()
    assert upgraded == [True]
    reasons = [b.reason for b in BackupService(data_dir).all()]
    assert BackupReason.BEFORE_MIGRATION in reasons


def test_no_migration_without_its_backup(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(data_dir, contacts=2)
    before = digest(journal_path(data_dir))
    upgraded: list[bool] = []
    monkeypatch.setattr(journal_module, "schema_state", lambda _engine: SchemaState.OUTDATED)
    monkeypatch.setattr(journal_module, "upgrade", lambda _engine: upgraded.append(True))
    (data_dir / "backups").write_text("a file where the folder should be")
    with pytest.raises(JournalUnusableError, match="no backup could be taken first"):
        open_session(data_dir)
    assert upgraded == []
    assert digest(journal_path(data_dir)) == before


def test_restore_moves_the_journal_aside_and_never_deletes(data_dir: Path) -> None:
    seed(data_dir, contacts=2)
    service = BackupService(data_dir)
    backup = service.backup_now()
    seed(data_dir, contacts=3)  # written after the backup
    journal = journal_path(data_dir)
    before_rows = rows(journal, CONTENT)
    before_digest = digest(journal)
    result = service.restore(backup.path)
    assert result.kept_as is not None
    assert result.kept_as.name.startswith("journal-before-restore-")
    assert digest(result.kept_as) == before_digest
    assert rows(result.kept_as, CONTENT) == before_rows
    assert rows(journal, CONTENT) == rows(backup.path, CONTENT)
    assert mode_of(journal) == 0o600
    assert backup.path.exists()
    session = open_session(data_dir)
    try:
        assert session.contacts.count() == 2
    finally:
        session.close()


def test_restore_keeps_a_crashed_journal_with_its_wal(data_dir: Path) -> None:
    seed(data_dir, contacts=1)
    backup = BackupService(data_dir).backup_now()
    journal = journal_path(data_dir)
    # A journal as a crash leaves it: the last writes only in its -wal.
    wal_bytes = b"frames that were never checkpointed"
    Path(f"{journal}-wal").write_bytes(wal_bytes)
    result = BackupService(data_dir).restore(backup.path)
    assert result.kept_as is not None
    assert Path(f"{result.kept_as}-wal").read_bytes() == wal_bytes
    assert not Path(f"{journal}-wal").exists()


def test_the_restore_command(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(data_dir, contacts=1)
    backup = BackupService(data_dir).backup_now()
    seed(data_dir, contacts=1)
    assert main(["restore", backup.name, "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "Restored the journal" in out
    assert "is kept as" in out
    assert len(rows(journal_path(data_dir), CONTENT)) == 1
    assert main(["restore", "no-such-backup.sqlite3", "--data-dir", str(data_dir)]) == 1
    assert "There is no backup" in capsys.readouterr().err


def test_restore_refuses_damaged_foreign_and_newer_backups(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir, contacts=2, exchanges_each=80)
    service = BackupService(data_dir)
    journal_digest = digest(journal_path(data_dir))

    damaged = service.backup_now().path
    damage(damaged)
    with pytest.raises(ServiceError, match="damaged"):
        service.restore(damaged)

    text = tmp_path / "notes.sqlite3"
    text.write_text("not a backup")
    with pytest.raises(ServiceError, match="not an IX Coach journal backup"):
        service.restore(text)

    newer = service.backup_now().path
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    with pytest.raises(NewerJournalVersionError):
        service.restore(newer)

    with pytest.raises(ServiceError, match="the journal itself"):
        service.restore(journal_path(data_dir))
    with pytest.raises(NotFoundError):
        service.resolve("nothing-like-this")
    assert digest(journal_path(data_dir)) == journal_digest
    assert not list(data_dir.glob("journal-before-restore-*"))


def test_newest_good_skips_damaged_backups(data_dir: Path) -> None:
    seed(data_dir, contacts=2, exchanges_each=80)
    now = datetime.now(UTC)
    good = BackupService(data_dir, _clock(now - timedelta(hours=2))).backup_now()
    bad = BackupService(data_dir, _clock(now - timedelta(hours=1))).backup_now()
    damage(bad.path)
    assert BackupService(data_dir).newest_good() == good


def test_a_damaged_journal_is_replaced_by_a_backup_and_kept(data_dir: Path) -> None:
    seed(data_dir, contacts=2, exchanges_each=80)
    service = BackupService(data_dir)
    backup = service.backup_now()
    journal = journal_path(data_dir)
    damage(journal)
    damaged_digest = digest(journal)
    with pytest.raises(ServiceError, match="damaged"):
        service.backup_now()  # a damaged journal is never copied over good backups
    result = service.replace_damaged(backup.path)
    assert result.kept_as is not None
    assert result.kept_as.name.startswith("journal-damaged-")
    assert digest(result.kept_as) == damaged_digest
    assert integrity_check(journal) == []
    open_session(data_dir).close()


def test_a_damaged_journal_can_be_set_aside_for_a_fresh_start(data_dir: Path) -> None:
    seed(data_dir, contacts=2, exchanges_each=80)
    journal = journal_path(data_dir)
    damage(journal)
    damaged_digest = digest(journal)
    kept = BackupService(data_dir).set_aside_damaged()
    assert kept is not None
    assert digest(kept) == damaged_digest
    session = open_session(data_dir)
    try:
        assert session.contacts.count() == 0
    finally:
        session.close()
