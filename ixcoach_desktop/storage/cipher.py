"""Encryption at rest with SQLCipher: loading it, the key, and keyed connections.

sqlcipher3 is imported only when a protected file is touched or protection is
offered, never when this module is imported: it is a compiled extension that
may have no wheel for a platform, and the app must then still open journals
that are not protected (and say why protection is unavailable).

Why raw keys. Given a passphrase, SQLCipher derives the file's key with
PBKDF2-HMAC-SHA512 (256,000 iterations, salted with the file's first 16
bytes) on every new connection, which is slow on purpose (docs/performance.md
has the figure), and the app opens many (the engine's pool, read-only
checks, backups, drafts). CipherKey derives the key once, with the same
function through hashlib, and every connection is keyed with it as a raw
key (``PRAGMA key = "x'…'"``), which
SQLCipher uses as is. The files remain ordinary SQLCipher 4 files: the
``sqlcipher`` shell or DB Browser for SQLite open them with the passphrase.
New files (backups, drafts, a re-encrypted journal) are given the journal's
salt with its key (``x'<key><salt>'``), so one derivation serves every file
of a data folder and the passphrase alone opens each of them.

One SQLite library per file. The stdlib's sqlite3 and sqlcipher3 each link
their own SQLite, and POSIX locks belong to the process: one library closing
a file drops the locks the other holds on it ("How To Corrupt An SQLite
Database File", 2.2.1; a test here corrupted a journal within seconds). A
protected file is therefore only ever opened through sqlcipher3, a plain one
through sqlite3 (except as the source of a conversion), and never both at once.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import stat
import sys
import threading
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, Self

from ixcoach_desktop.domain.failures import (
    JournalUnusableError,
    ProtectionUnavailableError,
    WrongPassphraseError,
)

SQLITE_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
# SQLCipher 4's defaults. A file does not record them, and any other value
# derives another key: changing them would lock every user out. Only tests
# lower KDF_ITERATIONS (tests/privacy/conftest.py), to keep derivations fast.
KDF_ALGORITHM = "sha512"
KDF_ITERATIONS = 256_000
# SQLCipher's smallest page size: an encrypted file is a whole number of pages.
_MIN_PAGE_SIZE = 512


def load_sqlcipher() -> ModuleType:
    """The sqlcipher3 module; ProtectionUnavailableError saying why when it cannot be used."""
    try:
        import sqlcipher3
    except ImportError as error:
        raise ProtectionUnavailableError(
            "Passphrase protection needs the sqlcipher3 package, which cannot be loaded "
            f"in this installation ({error})."
        ) from error
    module: ModuleType = sqlcipher3
    if not _has_codec(module):
        raise ProtectionUnavailableError(
            "Passphrase protection needs SQLCipher, but the sqlcipher3 package here was "
            "built without it."
        )
    return module


@cache
def _has_codec(module: ModuleType) -> bool:
    """A sqlcipher3 built against plain SQLite would write unencrypted files: refuse it."""
    connection = module.connect(":memory:")
    try:
        return bool(connection.execute("PRAGMA cipher_version").fetchall())
    finally:
        connection.close()


def unavailable_reason() -> str | None:
    """Why files cannot be protected here, or None when they can."""
    try:
        load_sqlcipher()
    except ProtectionUnavailableError as error:
        return str(error)
    return None


def driver_errors(name: str = "Error") -> tuple[type[Exception], ...]:
    """sqlite3's exception class ``name``, and sqlcipher3's too once it is loaded.

    The two drivers have separate exception hierarchies; only a loaded
    sqlcipher3 can have raised one of its own.
    """
    classes: list[type[Exception]] = [getattr(sqlite3, name)]
    module = sys.modules.get("sqlcipher3")
    if isinstance(module, ModuleType):
        classes.append(getattr(module, name))
    return tuple(classes)


def read_head(path: Path) -> bytes:
    """The first 16 bytes of ``path``: SQLite's header, or an SQLCipher file's salt.

    Never call it on a file this process has open through SQLite (see the
    module docstring: closing our descriptor would drop SQLite's locks).
    """
    try:
        with path.open("rb") as file:
            return file.read(SALT_BYTES)
    except OSError as error:
        raise JournalUnusableError(f"Cannot read {path}: {error.strerror}.") from error


def is_encrypted(path: Path) -> bool:
    """True when ``path`` looks like an SQLCipher database.

    An encrypted file starts with its random salt, so only the right key
    proves it is one. Not empty, a whole number of pages and without SQLite's
    plain header rules out plain databases and almost every other file (a
    text file put in the journal's place is still reported as "not a
    database" rather than as protected).
    """
    try:
        info = path.stat()
    except OSError:
        # Missing, or a path through a file: the code that opens it says what is wrong.
        return False
    # Likewise for a folder in the journal's place.
    if not stat.S_ISREG(info.st_mode) or info.st_size == 0 or info.st_size % _MIN_PAGE_SIZE:
        return False
    return read_head(path) != SQLITE_HEADER


class CipherKey:
    """A passphrase and the raw keys derived from it: the secret of a protected data folder.

    ``salt`` is the journal's; files this key creates get it too. Each salt
    is derived once (thread-safe), so after the first connection opening a
    file costs no derivation; ``derivations`` counts them, for measurements.
    The passphrase stays in memory for the session (see docs/privacy.md) and
    never appears in a repr.
    """

    def __init__(self, passphrase: str, salt: bytes | None = None) -> None:
        if not passphrase:
            raise ValueError("a passphrase cannot be empty")
        self._passphrase = passphrase
        self.salt = os.urandom(SALT_BYTES) if salt is None else salt
        self._keys: dict[bytes, bytes] = {}
        self._lock = threading.Lock()
        self.derivations = 0

    @classmethod
    def for_file(cls, passphrase: str, path: Path) -> Self:
        """The key of ``passphrase`` for the existing file at ``path`` (salted like it)."""
        return cls(passphrase, read_head(path))

    @property
    def passphrase(self) -> str:
        return self._passphrase

    def matches(self, passphrase: str) -> bool:
        """Is ``passphrase`` this key's passphrase? (Constant time; no derivation.)"""
        return hmac.compare_digest(self._passphrase.encode(), passphrase.encode())

    def raw_key(self, salt: bytes) -> bytes:
        with self._lock:
            key = self._keys.get(salt)
            if key is None:
                key = hashlib.pbkdf2_hmac(
                    KDF_ALGORITHM,
                    self._passphrase.encode("utf-8"),
                    salt,
                    KDF_ITERATIONS,
                    KEY_BYTES,
                )
                self._keys[salt] = key
                self.derivations += 1
        return key

    def pragma_value(self, salt: bytes | None = None) -> str:
        """The ``PRAGMA key`` value opening an existing file salted with ``salt``."""
        return f"x'{self.raw_key(self.salt if salt is None else salt).hex()}'"

    def pragma_value_for_new_file(self) -> str:
        """The ``PRAGMA key`` value that creates a file with this key and the journal's salt."""
        return f"x'{self.raw_key(self.salt).hex()}{self.salt.hex()}'"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<passphrase hidden>)"


def keyed_connection(database: str, pragma_value: str, *, uri: bool, timeout: float) -> Any:
    """A sqlcipher3 connection to ``database`` with the key applied before anything else."""
    module = load_sqlcipher()
    connection = module.connect(database, uri=uri, timeout=timeout, check_same_thread=False)
    try:
        # SQLCipher logs a wrong key's HMAC failures to stderr; our messages say it better.
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f'PRAGMA key = "{pragma_value}"')
    except BaseException:
        connection.close()
        raise
    return connection


def _opens(connection: Any) -> bool:
    """Does the key fit? Reading the schema decrypts page 1; a wrong key fails its HMAC."""
    module = load_sqlcipher()
    try:
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except module.DatabaseError as error:
        if "not a database" in str(error):
            return False
        raise
    return True


def verified_connection(
    database: str, path: Path, key: CipherKey, *, uri: bool = False, timeout: float
) -> tuple[Any, str]:
    """A sqlcipher3 connection to ``database`` (``path`` or a URI of it), proven to be keyed right.

    Returns the connection and the ``PRAGMA key`` value that opened it. Tries
    the journal's salt first, so the live journal's file is never read around
    SQLite; a file salted otherwise (a backup from elsewhere) gets its own
    derivation. Raises WrongPassphraseError.
    """
    value = key.pragma_value()
    connection = keyed_connection(database, value, uri=uri, timeout=timeout)
    if _opens(connection):
        return connection, value
    connection.close()
    salt = read_head(path)
    if salt != key.salt:
        value = key.pragma_value(salt)
        connection = keyed_connection(database, value, uri=uri, timeout=timeout)
        if _opens(connection):
            return connection, value
        connection.close()
    raise WrongPassphraseError(f"The passphrase is wrong: it does not open {path}.")
