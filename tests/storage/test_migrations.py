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


def _journal_at(data_dir: Path, revision: str) -> Path:
    """A journal file brought only as far as ``revision``, as an older app left it."""
    from alembic import command

    from ixcoach_desktop.storage.engine import create_journal_engine

    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = journal_path(data_dir)
    engine = create_journal_engine(path)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
    return path


def test_a_journal_of_schema_1_is_migrated_in_place_after_a_backup(data_dir: Path) -> None:
    path = _journal_at(data_dir, "0001_initial")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO contacts (id, name, kind, cadence_days, notes, archived, created_at, "
            "updated_at) VALUES (1, 'Ada', 'family', 21, 'n', 0, "
            "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')"
        )
        connection.execute(
            "INSERT INTO exchanges (contact_id, occurred_at, channel, opened_by, my_level, "
            "their_level, reception, topics, my_emotional, their_emotional, what_i_shared, "
            "what_they_shared, notes, created_at, updated_at) VALUES (1, "
            "'2026-01-02 00:00:00.000000', 'call', 'me', 2, 3, 4, 'work', 0, 1, '', '', '', "
            "'2026-01-02 00:00:00.000000', '2026-01-02 00:00:00.000000')"
        )
    connection.close()
    backed_up: list[Path] = []
    journal = open_journal(data_dir, before_migration=backed_up.append)
    try:
        with journal.reader() as reader:
            (contact,) = reader.contacts(include_archived=True)
            (exchange,) = reader.all_exchanges()
    finally:
        journal.close()
    assert backed_up == [path]
    assert (contact.name, contact.cadence_days, contact.overdue_days) == ("Ada", 21, None)
    assert (contact.focus, contact.snoozed_until, contact.emails, contact.phones) == (
        False,
        None,
        (),
        (),
    )
    assert (exchange.their_level, exchange.conversation_id) == (3, None)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )
        # The rebuilt table keeps the checks of schema 1 and gains the new one.
        for statement in (
            "UPDATE contacts SET name = ' '",
            "UPDATE contacts SET cadence_days = 0",
            "UPDATE contacts SET overdue_days = 20",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                connection.execute(statement)
    connection.close()


def test_the_migrated_schema_is_the_one_the_tables_declare(data_dir: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from ixcoach_desktop.storage.engine import create_journal_engine
    from ixcoach_desktop.storage.orm import Base

    open_journal(data_dir).close()
    engine = create_journal_engine(journal_path(data_dir))
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
