"""Small private files (drafts) sealed with the journal's key when the journal is protected.

Python has no cipher of its own and SQLCipher is already here, so a sealed
file is an SQLCipher database holding the bytes in one row, keyed like the
journal (its raw key and salt, so no derivation per file and the passphrase
alone opens it). It is written like every private file: to a fresh
temporary name (0600), flushed, renamed into place, so a crash leaves the
old or the new file, whole. Sealing a few kilobytes takes milliseconds.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from ixcoach_desktop.domain.failures import WrongPassphraseError
from ixcoach_desktop.storage.cipher import CipherKey, driver_errors, keyed_connection
from ixcoach_desktop.storage.connections import BUSY_TIMEOUT_MS
from ixcoach_desktop.storage.file_checks import read_only_connection
from ixcoach_desktop.storage.journal_file import fsync_path

SEALED_SUFFIX = ".sealed"


class UnreadableSealedFileError(Exception):
    """A sealed file that does not open with the key or holds no sealed bytes."""


def write_sealed(path: Path, data: bytes, key: CipherKey) -> None:
    """Replace ``path`` with ``data`` sealed under ``key``; OSError as write_private_file raises."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        try:
            connection = keyed_connection(
                f"file:{quote(str(temporary.absolute()))}",
                key.pragma_value_for_new_file(),
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
            with closing(connection):
                # A fresh file renamed into place needs no rollback journal beside it.
                connection.execute("PRAGMA journal_mode = OFF")
                connection.execute("CREATE TABLE sealed (data BLOB NOT NULL)")
                connection.execute("INSERT INTO sealed (data) VALUES (?)", (data,))
                connection.commit()
        except driver_errors() as error:
            raise OSError(f"the sealed file could not be written ({error})") from error
        fd = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        temporary.replace(path)
        fsync_path(path.parent)
    finally:
        temporary.unlink(missing_ok=True)


def read_sealed(path: Path, key: CipherKey) -> bytes:
    """The bytes sealed in ``path``; UnreadableSealedFileError when they cannot be had.

    Raises OSError (FileNotFoundError included) when the file cannot be read.
    """
    if not path.exists():
        raise FileNotFoundError(path)
    try:
        with read_only_connection(path, key) as connection:
            row = connection.execute("SELECT data FROM sealed").fetchone()
    except WrongPassphraseError as error:
        raise UnreadableSealedFileError(str(error)) from error
    except driver_errors() as error:
        raise UnreadableSealedFileError(str(error)) from error
    if row is None or not isinstance(row[0], bytes):
        raise UnreadableSealedFileError(f"{path} holds no sealed data")
    return row[0]
