"""Health checks of a journal file that never write a byte to it.

Every check opens its own read-only connection (see read_only_connection),
so a damaged file is examined exactly as it is: SQLite never checkpoints,
rolls back or rewrites the header of a file it opened read-only. The
journal and its -wal stay byte-for-byte the same. A protected file is
checked the same way through SQLCipher, given its key (see cipher.py).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Self
from urllib.parse import quote

from ixcoach_desktop.domain.failures import (
    JournalDamagedError,
    JournalUnusableError,
    NotADatabaseError,
)
from ixcoach_desktop.storage.cipher import (
    SQLITE_HEADER,
    CipherKey,
    driver_errors,
    verified_connection,
)
from ixcoach_desktop.storage.connections import BUSY_TIMEOUT_MS

# integrity_check stops after this many problems: enough to judge the damage,
# few enough to print.
MAX_REPORTED_PROBLEMS = 100


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """An SQLite URI opening ``path`` read-only; any character in the path is escaped."""
    suffix = "?immutable=1" if immutable else "?mode=ro"
    return f"file:{quote(str(path.absolute()))}{suffix}"


@contextmanager
def read_only_connection(path: Path, key: CipherKey | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection to ``path`` that leaves the folder as it found it.

    SQLite deletes a journal's -wal when its last connection closes, so
    without one nobody has the journal open and no WAL content is pending:
    the file is then read ``immutable``, which creates no -wal/-shm beside
    it. (A window starting within that instant could make the read see a
    half-written page and report damage that is not there; never the
    reverse, and never a write.) With a -wal, the WAL must be read too, so
    ``mode=ro``; on a read-only folder, where SQLite cannot create the
    -shm, an empty -wal holds nothing and ``immutable`` is used again.

    ``key`` opens a protected file (through sqlcipher3, which has the same
    interface as sqlite3); None means a plain one. Raises WrongPassphraseError
    for a key that does not fit, and a driver error (see driver_errors) when
    the file cannot be read.
    """
    timeout = BUSY_TIMEOUT_MS / 1000

    def connect(uri: str) -> sqlite3.Connection:
        if key is None:
            return sqlite3.connect(uri, uri=True, timeout=timeout)
        connection, _value = verified_connection(uri, path, key, uri=True, timeout=timeout)
        return connection  # type: ignore[no-any-return]

    wal = Path(f"{path}-wal")
    # A rollback journal beside it (a crash in rollback mode) must be rolled
    # back before the file reads consistently: never read that immutable.
    if not wal.exists() and not Path(f"{path}-journal").exists():
        connection = connect(read_only_uri(path, immutable=True))
    else:
        try:
            connection = connect(read_only_uri(path))
            connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except driver_errors("OperationalError") as error:
            if "unable to open" not in str(error) or wal.stat().st_size:
                raise
            connection = connect(read_only_uri(path, immutable=True))
    with closing(connection):
        yield connection


def has_sqlite_header(path: Path) -> bool:
    """True for an empty file (a journal about to be created) or an SQLite database."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise JournalUnusableError(f"Cannot read the journal {path}: {error.strerror}.") from error
    return not head or head == SQLITE_HEADER


class _UnreadableError(Exception):
    """The damage is bad enough that the check itself cannot run; ``str()`` says why."""


def _pragma_rows(path: Path, pragma: str, key: CipherKey | None) -> list[tuple[object, ...]]:
    """The rows of a checking PRAGMA, read without writing to the file.

    OperationalError (cannot open, busy, I/O error) says nothing about the
    file's contents, so it is reported as "unavailable", never as damage.
    """
    if key is None and not has_sqlite_header(path):
        raise _UnreadableError("not an SQLite database")
    try:
        with read_only_connection(path, key) as connection:
            return connection.execute(f"PRAGMA {pragma}").fetchall()
    except driver_errors("OperationalError") as error:
        if has_interrupted_transaction(path):
            raise JournalUnusableError(
                f"The journal {path} holds a transaction interrupted by a crash "
                f"({path}-journal) that only a writer may roll back. Open the journal "
                "once with the app, then check again; it has not been changed."
            ) from error
        raise JournalUnusableError(f"Cannot read the journal {path}: {error}.") from error
    except driver_errors("DatabaseError") as error:
        # "database disk image is malformed", "file is not a database"
        raise _UnreadableError(str(error)) from error


def _ok_check(path: Path, pragma: str, key: CipherKey | None) -> list[str]:
    try:
        rows = _pragma_rows(path, pragma, key)
    except _UnreadableError as error:
        return [str(error)]
    # One row may hold several findings, one per line, under a heading.
    findings = [
        line
        for row in rows
        for line in str(row[0]).splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    return [] if findings == ["ok"] else findings


def quick_check(path: Path, key: CipherKey | None = None) -> list[str]:
    """SQLite's quick_check: page structure and records, without index cross-checks.

    Linear in the file size but several times faster than integrity_check,
    which is why start-up runs this one. Empty when the file is healthy.
    """
    return _ok_check(path, "quick_check", key)


def integrity_check(path: Path, key: CipherKey | None = None) -> list[str]:
    """SQLite's full integrity_check, including that every index matches its table."""
    return _ok_check(path, f"integrity_check({MAX_REPORTED_PROBLEMS})", key)


def foreign_key_check(path: Path, key: CipherKey | None = None) -> list[str]:
    """Rows whose parent row is missing (e.g. an exchange of a deleted contact)."""
    try:
        rows = _pragma_rows(path, "foreign_key_check", key)
    except _UnreadableError as error:
        return [str(error)]
    return [
        f"{table} row {rowid} refers to a missing row of {parent}"
        for table, rowid, parent, _fk in rows[:MAX_REPORTED_PROBLEMS]
    ]


def has_interrupted_transaction(path: Path) -> bool:
    """A "hot" rollback journal beside ``path``: a transaction a crash cut short."""
    side = Path(f"{path}-journal")
    return side.exists() and side.stat().st_size > 0


def writable_connection(path: Path, key: CipherKey | None) -> Any:
    """A connection that may write to ``path``: plain sqlite3, or sqlcipher3 keyed and verified.

    For whole-file upkeep outside the engine (recovery, leaving WAL mode);
    journal work goes through the engine.
    """
    timeout = BUSY_TIMEOUT_MS / 1000
    if key is None:
        return sqlite3.connect(path, timeout=timeout)
    connection, _value = verified_connection(str(path), path, key, timeout=timeout)
    return connection


def roll_back_interrupted_transaction(path: Path, key: CipherKey | None = None) -> None:
    """Let SQLite undo a transaction a crash left half-done in rollback-journal mode.

    This is SQLite's own recovery, which any writer performs on its first
    read; doing it first lets the read-only health check see the file as
    it was before that transaction. Journals run in WAL mode, so this only
    happens after a crash in the instant a restored backup switches to WAL.
    """
    if not has_interrupted_transaction(path):
        return
    try:
        # For a protected file, verifying the key already makes the first read.
        with closing(writable_connection(path, key)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except driver_errors() as error:
        raise JournalUnusableError(
            f"The journal {path} holds a transaction interrupted by a crash that could "
            f"not be rolled back: {error}."
        ) from error


def ensure_healthy(path: Path, key: CipherKey | None = None) -> None:
    """Raise JournalDamagedError unless ``path`` passes quick_check; never writes to it.

    An empty file is healthy: it is a journal that has not been created yet.
    ``key`` opens a protected file (WrongPassphraseError when it does not).
    """
    if not path.stat().st_size:
        return
    if key is None and not has_sqlite_header(path):
        raise NotADatabaseError(path)
    problems = quick_check(path, key)
    if problems:
        raise JournalDamagedError(path, problems)


# The files whose contents a verdict speaks for, beside the journal itself.
_CHECKED_SIDE_SUFFIXES = ("-wal", "-journal")
_Fingerprint = tuple[tuple[int, int, int] | None, ...]


def _fingerprint(path: Path) -> _Fingerprint:
    """Identity, size and modification time of the journal, its -wal and -journal.

    Any write to the journal changes one of them: in WAL mode a commit grows
    or rewrites the -wal and a checkpoint rewrites the journal; in rollback
    mode a write creates the -journal.
    """
    parts: list[tuple[int, int, int] | None] = []
    for file in (path, *(Path(f"{path}{suffix}") for suffix in _CHECKED_SIDE_SUFFIXES)):
        try:
            status = file.stat()
        except OSError:
            parts.append(None)
            continue
        parts.append((status.st_ino, status.st_size, status.st_mtime_ns))
    return tuple(parts)


class EarlyFileCheck:
    """ensure_healthy for a plain journal, run on a thread before the journal is opened.

    Start-up has other work to do first (importing Qt and Matplotlib), and
    SQLite releases the GIL while it checks, so the check costs start-up
    nothing when it is started early. It still only reads, as ensure_healthy
    does. Its verdict is used only for the file exactly as it was checked:
    ``ensure_healthy()`` checks again, there and then, when the journal, its
    -wal or -journal changed since the check began (another process wrote
    to it, a crash left a transaction to roll back), and whenever it is
    asked a second time.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._checked = _fingerprint(path)
        self._error: Exception | None = None
        self._used = False
        self._thread = threading.Thread(target=self._run, name="early-health-check", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, path: Path) -> Self | None:
        """A check of ``path`` under way; None when there is nothing a check could do early.

        A missing or empty file, a protected one (its key is not known yet),
        one that is not a database, or one with a transaction to roll back
        first are left to open_journal, which handles them as always.
        """
        try:
            if not path.is_file() or not path.stat().st_size:
                return None
            if not has_sqlite_header(path) or has_interrupted_transaction(path):
                return None
        except (OSError, JournalUnusableError):
            return None
        return cls(path)

    def _run(self) -> None:
        try:
            ensure_healthy(self.path)
        except Exception as error:
            # Raised on the caller's thread, by ensure_healthy() below.
            self._error = error
        if _fingerprint(self.path) != self._checked:
            # The file changed while it was read: this verdict speaks for no version of it.
            self._checked = ()

    def ensure_healthy(self) -> None:
        """Wait for the verdict; raise as ensure_healthy(path) would on the file as it is now."""
        self._thread.join()
        fresh = not self._used and self._checked == _fingerprint(self.path)
        self._used = True
        if not fresh:
            ensure_healthy(self.path)
            return
        if self._error is not None:
            raise self._error
