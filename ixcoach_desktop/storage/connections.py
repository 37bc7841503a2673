"""Plain DB-API connections to the journal for reading, without SQLAlchemy.

Reads are most of what the window does, and they are what start-up waits
for: served by the standard ``sqlite3`` module (sqlcipher3 for a protected
journal), they need neither SQLAlchemy nor its ORM, whose import alone
would show on the first frame (docs/performance.md). Writes go through the engine (engine.py),
which the journal creates the first time one is needed.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ixcoach_desktop.domain.failures import JournalUnusableError
from ixcoach_desktop.storage.busy import is_locked_or_busy
from ixcoach_desktop.storage.cipher import driver_errors, keyed_connection

# Long enough to ride out a backup or a second process's write, short enough
# that a stuck writer surfaces as a clear "journal is busy" message.
BUSY_TIMEOUT_MS = 5_000


class ReadConnections:
    """A few kept-open read-only connections, shared by the window's threads.

    Each ``snapshot()`` borrows one for a read transaction, so what it reads
    is consistent, and gives it back; a connection is only ever used by
    one thread at a time.
    """

    def __init__(self, path: Path, key_value: str | None) -> None:
        self._path = path
        self._key_value = key_value
        self._idle: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False

    def _connect(self) -> Any:
        timeout = BUSY_TIMEOUT_MS / 1000
        if self._key_value is None:
            connection: Any = sqlite3.connect(self._path, timeout=timeout, check_same_thread=False)
        else:
            connection = keyed_connection(
                str(self._path), self._key_value, uri=False, timeout=timeout
            )
        # We issue BEGIN ourselves: the driver's implicit transactions would not
        # cover the SELECTs, and one read must see one snapshot.
        connection.isolation_level = None
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # A reader that tried to write would be a bug; SQLite refuses it outright.
        connection.execute("PRAGMA query_only=ON")
        return connection

    @contextmanager
    def snapshot(self) -> Iterator[Any]:
        """A connection inside a read transaction, rolled back and returned afterwards."""
        with self._lock:
            if self._closed:
                raise JournalUnusableError("The journal has been closed.")
            connection = self._idle.pop() if self._idle else None
        try:
            if connection is None:
                connection = self._connect()
            connection.execute("BEGIN")
        except driver_errors() as error:
            if connection is not None:
                connection.close()
            raise _unreadable(error) from error
        try:
            yield connection
        except driver_errors() as error:
            raise _unreadable(error) from error
        finally:
            self._give_back(connection)

    def _give_back(self, connection: Any) -> None:
        try:
            connection.execute("ROLLBACK")
        except driver_errors():
            connection.close()
            return
        with self._lock:
            if not self._closed:
                self._idle.append(connection)
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for connection in idle:
            with suppress(*driver_errors()):
                connection.close()


def _unreadable(error: Exception) -> JournalUnusableError:
    detail = str(error)
    if is_locked_or_busy(error):
        return JournalUnusableError(
            "The journal is busy in another program; try again in a moment."
        )
    return JournalUnusableError(f"The journal could not be read: {detail}.")
