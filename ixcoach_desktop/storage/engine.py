"""Our own SQLAlchemy engine over one SQLite file, with per-connection PRAGMAs.

A protected journal goes through SQLAlchemy's ``sqlite+pysqlcipher`` dialect
with sqlcipher3: the dialect sends ``PRAGMA key`` (the URL's password) on each
new connection before our own PRAGMAs run, and the key is a raw key derived
once per session (see cipher.py), so a new connection costs no derivation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import QueuePool

from ixcoach_desktop.storage.cipher import load_sqlcipher
from ixcoach_desktop.storage.connections import BUSY_TIMEOUT_MS

BEGIN_MODE_OPTION = "ixcoach_begin"


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling would defer BEGIN until the first
    # DML and commit DDL behind our back; we emit BEGIN ourselves instead (see
    # _begin). On Python 3.11 sqlite3 has no `autocommit` attribute, so this is
    # the way to switch it off. Plain cursor: the connection is not wrapped yet.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit is on disk before the window reports it saved.
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def sqlite_url(path: Path) -> URL:
    """A URL for the file at ``path``; URL.create keeps any character in the path."""
    return URL.create("sqlite+pysqlite", database=str(path))


def sqlcipher_url(path: Path, key_value: str) -> URL:
    """A URL for the protected file at ``path``; the key travels as the password.

    URL.create keeps any character (the raw key's quotes, any path) intact;
    the dialect quotes it as an identifier in ``PRAGMA key = "…"``.
    """
    return URL.create("sqlite+pysqlcipher", password=key_value, database=str(path))


def create_journal_engine(path: Path, key_value: str | None = None) -> Engine:
    """An engine whose every connection has our PRAGMAs and explicit BEGINs.

    ``key_value`` (a ``PRAGMA key`` value, see JournalKey) opens a protected
    journal. The pysqlcipher dialect defaults to one connection per thread
    (SingletonThreadPool); QueuePool instead, as for a plain file, shares a
    few kept-open connections between the window's threads, so connections
    are not opened per worker thread and never left behind by one.
    """
    connect_args = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    if key_value is None:
        engine = create_engine(sqlite_url(path), connect_args=connect_args)
    else:
        engine = create_engine(
            sqlcipher_url(path, key_value),
            module=load_sqlcipher(),
            poolclass=QueuePool,
            connect_args=connect_args,
        )
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but transactions take the write lock up front.

    BEGIN IMMEDIATE makes two concurrent writers queue on busy_timeout instead
    of failing with "database is locked" when a read lock is upgraded.
    """
    return engine.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
