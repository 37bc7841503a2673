"""Migrations from empty to head, and the refusal of a journal from the future."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from ixcoach_desktop.domain.failures import NewerJournalVersionError
from ixcoach_desktop.storage.journal import open_journal
from ixcoach_desktop.storage.journal_file import journal_path
from ixcoach_desktop.storage.schema import HEAD_REVISION, KNOWN_REVISIONS, MIGRATIONS_DIR


def test_known_revisions_match_the_migration_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_heads() == [HEAD_REVISION]
    ordered = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(ordered) == KNOWN_REVISIONS


def test_an_empty_folder_is_brought_to_head(data_dir: Path) -> None:
    journal = open_journal(data_dir)
    journal.close()
    with sqlite3.connect(journal_path(data_dir)) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        mode = connection.execute("PRAGMA journal_mode").fetchone()
    assert {"contacts", "exchanges", "ix_exchanges_contact_occurred"} <= tables
    assert version == (HEAD_REVISION,)
    assert mode == ("wal",)


def test_opening_twice_keeps_data_and_does_not_migrate_again(data_dir: Path) -> None:
    open_journal(data_dir).close()
    with sqlite3.connect(journal_path(data_dir)) as connection:
        connection.execute(
            "INSERT INTO contacts (name, kind, cadence_days, notes, archived, created_at, "
            "updated_at) VALUES ('Ada', 'friend', 14, '', 0, 'x', 'x')"
        )
    calls: list[Path] = []
    open_journal(data_dir, before_migration=calls.append).close()
    with sqlite3.connect(journal_path(data_dir)) as connection:
        assert connection.execute("SELECT name FROM contacts").fetchall() == [("Ada",)]
    assert calls == []


def test_a_journal_from_a_newer_version_is_refused_untouched(data_dir: Path) -> None:
    open_journal(data_dir).close()
    path = journal_path(data_dir)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(NewerJournalVersionError, match="newer version"):
        open_journal(data_dir)
    assert path.read_bytes() == before


def test_folder_and_files_are_private(data_dir: Path) -> None:
    open_journal(data_dir).close()
    assert data_dir.stat().st_mode & 0o777 == 0o700
    for file in data_dir.iterdir():
        assert file.stat().st_mode & 0o777 == 0o600, file.name
