"""Consistent copies of a journal, written so that a crash never leaves half a file.

A copy is made with SQLite's online backup API from a read-only connection:
it is one consistent snapshot even while the window is writing, and the
source is never written to. The copy goes to a temporary name (0600), is
switched to a self-contained single file (rollback journal, not WAL),
verified with integrity_check, flushed to disk, and only then renamed into
place. A reader therefore sees either no backup or a complete, verified one.

When either side is protected, SQLCipher's ``sqlcipher_export`` makes the
copy instead (the backup API cannot change the key): inside one read
transaction of the source, so still one consistent snapshot, with the
source's row counts taken in that same snapshot and checked against the copy.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

from ixcoach_desktop.domain.failures import (
    BackupFailedError,
    JournalUnusableError,
    NotADatabaseError,
    summarize,
)
from ixcoach_desktop.storage.cipher import (
    CipherKey,
    driver_errors,
    keyed_connection,
    load_sqlcipher,
    verified_connection,
)
from ixcoach_desktop.storage.connections import BUSY_TIMEOUT_MS
from ixcoach_desktop.storage.file_checks import (
    integrity_check,
    read_only_connection,
    read_only_uri,
)
from ixcoach_desktop.storage.journal_file import SIDE_FILE_SUFFIXES, fsync_path


def copy_journal(
    source: Path,
    destination: Path,
    *,
    source_key: CipherKey | None = None,
    destination_key: CipherKey | None = None,
) -> None:
    """Write a verified copy of the database ``source`` at ``destination``.

    ``source_key`` opens a protected source, ``destination_key`` protects
    the copy; None means a plain file. ``destination`` must not exist yet;
    its folder must. Raises BackupFailedError (disk full, read-only folder,
    damaged source) with a message for the user, and WrongPassphraseError,
    leaving no temporary file behind.
    """
    # No peek at the header here: the source is often the live journal, and
    # opening and closing it outside SQLite would drop the POSIX locks this
    # process's own connections hold on it. SQLite reports a non-database.
    fd, name = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent
    )
    os.close(fd)
    temporary = Path(name)
    try:
        if source_key is None and destination_key is None:
            _backup_into(source, temporary)
        else:
            _export_into(source, source_key, temporary, destination_key)
        problems = integrity_check(temporary, destination_key)
        if problems:
            raise BackupFailedError(
                f"The copy of {source} did not verify ({summarize(problems)}); "
                "it was not kept. The journal itself may be damaged: run ixcoach-desktop check."
            )
        fsync_path(temporary)
        temporary.replace(destination)
        fsync_path(destination.parent)
    except OSError as error:
        raise _write_failure(destination, error) from error
    finally:
        temporary.unlink(missing_ok=True)
        for suffix in SIDE_FILE_SUFFIXES:
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)


def _backup_into(source: Path, temporary: Path) -> None:
    try:
        with (
            read_only_connection(source) as reader,
            closing(sqlite3.connect(temporary)) as writer,
        ):
            # pages=-1: the whole file in one step, so one read transaction,
            # so one consistent snapshot even while another process writes.
            reader.backup(writer, pages=-1)
            # The copied header says WAL; a backup should be one self-contained
            # file that can be copied around without its -wal/-shm companions.
            writer.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        _raise_copy_failure(source, temporary, error)


def _export_into(
    source: Path,
    source_key: CipherKey | None,
    temporary: Path,
    destination_key: CipherKey | None,
) -> None:
    """Copy ``source`` into the empty file ``temporary`` with sqlcipher_export, re-keyed.

    The copy is the destination connection's main database; the source is
    attached read-only (a URI, as read_only_connection would open it).
    """
    timeout = BUSY_TIMEOUT_MS / 1000
    source_value = ""
    if source_key is not None:
        # Which of the key's derivations opens the source, proven before attaching.
        probe, source_value = verified_connection(
            read_only_uri(source, immutable=True), source, source_key, uri=True, timeout=timeout
        )
        probe.close()
    destination = f"file:{quote(str(temporary.absolute()))}"
    try:
        if destination_key is None:
            target = load_sqlcipher().connect(destination, uri=True, timeout=timeout)
        else:
            target = keyed_connection(
                destination, destination_key.pragma_value_for_new_file(), uri=True, timeout=timeout
            )
        with closing(target):
            target.isolation_level = None
            wal = Path(f"{source}-wal").exists()
            target.execute(
                "ATTACH DATABASE ? AS source KEY ?",
                (read_only_uri(source, immutable=not wal), source_value),
            )
            # One transaction: every statement of the export reads the same snapshot.
            target.execute("BEGIN")
            expected = _row_counts(target, "source")
            user_version = int(target.execute("PRAGMA source.user_version").fetchone()[0])
            target.execute("SELECT sqlcipher_export('main', 'source')").fetchall()
            # sqlcipher_export copies the schema and rows but not the header's user_version.
            target.execute(f"PRAGMA main.user_version = {user_version}")
            target.execute("COMMIT")
            target.execute("DETACH DATABASE source")
            copied = _row_counts(target, "main")
    except driver_errors() as error:
        _raise_copy_failure(source, temporary, error)
    if copied != expected:
        raise BackupFailedError(
            f"The copy of {source} does not hold the same records as the original; it was not kept."
        )


def _row_counts(connection: Any, schema: str) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            f"SELECT name FROM {schema}.sqlite_schema WHERE type = 'table' ORDER BY name"
        )
    ]
    return {
        name: connection.execute(
            f'SELECT count(*) FROM {schema}."{name.replace(chr(34), chr(34) * 2)}"'
        ).fetchone()[0]
        for name in names
    }


def _raise_copy_failure(source: Path, temporary: Path, error: Exception) -> NoReturn:
    detail = str(error)
    if "not a database" in detail:
        raise NotADatabaseError(source) from error
    if "full" in detail:
        raise BackupFailedError(
            f"The disk holding {temporary.parent} is full; no copy was written. "
            "Free some space and try again."
        ) from error
    raise BackupFailedError(f"The journal {source} could not be copied: {detail}.") from error


def _write_failure(destination: Path, error: OSError) -> BackupFailedError:
    folder = destination.parent
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return BackupFailedError(
            f"The disk holding {folder} is full; no backup was written. Free some space."
        )
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return BackupFailedError(f"Cannot write in {folder}: {error.strerror}.")
    return BackupFailedError(f"Could not write {destination}: {error.strerror}.")


def set_aside(journal: Path, new_name: str) -> Path | None:
    """Rename ``journal`` and its -wal/-shm to ``new_name`` (+ the same suffixes).

    Never deletes: the set-aside file opens on its own, with any writes still
    in its WAL. The side files move first, so a crash half-way leaves the
    live journal at an older but consistent state, never a journal paired
    with a foreign WAL. Returns the new path of the main file, or None when
    there was no journal.
    """
    target = journal.with_name(new_name)
    if target.exists():
        raise JournalUnusableError(f"{target} already exists; nothing was moved.")
    try:
        for suffix in SIDE_FILE_SUFFIXES:
            side = Path(f"{journal}{suffix}")
            if side.exists():
                side.rename(f"{target}{suffix}")
        moved = journal.exists()
        if moved:
            journal.rename(target)
        fsync_path(journal.parent)
    except OSError as error:
        raise JournalUnusableError(
            f"Could not move {journal} aside: {error.strerror}; the journal was not replaced."
        ) from error
    return target if moved else None


def modified_at(journal: Path) -> datetime | None:
    """When the journal's content last changed on disk, or None when there is no journal.

    Writes land in the -wal file first and reach the main file at a
    checkpoint, so the later of the two is the last change. An empty -wal is
    created by merely reading, so it does not count.
    """
    times = []
    for candidate in (journal, Path(f"{journal}-wal")):
        try:
            info = candidate.stat()
        except FileNotFoundError:
            continue
        if info.st_size:
            times.append(info.st_mtime)
    return datetime.fromtimestamp(max(times), UTC) if times else None


def read_scalar(
    path: Path,
    query: str,
    parameters: tuple[object, ...] = (),
    *,
    key: CipherKey | None = None,
) -> object:
    """The first value of ``query`` on a read-only connection; None when there is no row.

    For questions about a file that is not open as the journal (a backup,
    or the journal before it is opened), without ever writing to it.
    ``key`` opens a protected file.
    """
    try:
        with read_only_connection(path, key) as connection:
            row = connection.execute(query, parameters).fetchone()
    except driver_errors() as error:
        raise JournalUnusableError(f"Cannot read {path}: {error}.") from error
    return None if row is None else row[0]


def table_exists(path: Path, table: str, *, key: CipherKey | None = None) -> bool:
    query = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?"
    return bool(read_scalar(path, query, (table,), key=key))
