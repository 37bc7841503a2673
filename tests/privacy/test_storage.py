"""The storage pieces: keys, keyed connections, sealed files and re-keying copies."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlcipher3

from ixcoach_desktop.domain.failures import WrongPassphraseError
from ixcoach_desktop.storage import cipher
from ixcoach_desktop.storage.cipher import SQLITE_HEADER, CipherKey, is_encrypted
from ixcoach_desktop.storage.copying import copy_journal
from ixcoach_desktop.storage.file_checks import integrity_check, read_only_connection
from ixcoach_desktop.storage.rekeying import fold_wal, scrub, stage, swap_in
from ixcoach_desktop.storage.sealed import UnreadableSealedFileError, read_sealed, write_sealed
from tests.privacy.helpers import PASSPHRASE, SECRET


def _plain_database(path: Path, rows: int = 50) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT)")
        connection.executemany("INSERT INTO note (text) VALUES (?)", [(SECRET,)] * rows)
        connection.execute("PRAGMA user_version = 7")
        connection.commit()


@pytest.mark.real_kdf
def test_files_open_with_the_passphrase_in_any_sqlcipher_tool(tmp_path: Path) -> None:
    """Our raw-key derivation is SQLCipher 4's own: no lock-in, both ways."""
    ours = tmp_path / "ours.sqlite3"
    _plain_database(tmp_path / "plain.sqlite3")
    copy_journal(tmp_path / "plain.sqlite3", ours, destination_key=CipherKey(PASSPHRASE))
    native = sqlcipher3.connect(ours)
    with closing(native):
        native.execute(f"PRAGMA key = '{PASSPHRASE.replace(chr(39), chr(39) * 2)}'")
        assert native.execute("SELECT count(*) FROM note").fetchone() == (50,)

    theirs = tmp_path / "theirs.sqlite3"
    with closing(sqlcipher3.connect(theirs)) as native:
        native.execute(f"PRAGMA key = '{PASSPHRASE.replace(chr(39), chr(39) * 2)}'")
        native.execute("CREATE TABLE t (x)")
        native.execute("INSERT INTO t VALUES ('from the sqlcipher shell')")
        native.commit()
    key = CipherKey.for_file(PASSPHRASE, theirs)
    with read_only_connection(theirs, key) as connection:
        assert connection.execute("SELECT x FROM t").fetchone() == ("from the sqlcipher shell",)
    assert key.derivations == 1


def test_a_key_derives_once_per_salt_and_never_shows_the_passphrase() -> None:
    key = CipherKey(PASSPHRASE)
    assert PASSPHRASE not in repr(key)
    for _ in range(3):
        key.pragma_value()
        key.pragma_value_for_new_file()
    assert key.derivations == 1
    key.pragma_value(b"another salt 16b")
    assert key.derivations == 2
    assert key.matches(PASSPHRASE)
    assert not key.matches(PASSPHRASE + " ")
    with pytest.raises(ValueError, match="empty"):
        CipherKey("")


def test_what_counts_as_encrypted(tmp_path: Path) -> None:
    plain, encrypted = tmp_path / "plain.sqlite3", tmp_path / "encrypted.sqlite3"
    _plain_database(plain)
    copy_journal(plain, encrypted, destination_key=CipherKey(PASSPHRASE))
    empty = tmp_path / "empty"
    empty.touch()
    text = tmp_path / "notes.txt"
    text.write_text("Dear diary\n" * 100)
    assert is_encrypted(encrypted)
    assert encrypted.read_bytes()[:16] != SQLITE_HEADER
    for path in (plain, empty, text, tmp_path, tmp_path / "missing", text / "below a file"):
        assert not is_encrypted(path), path


def test_a_re_keyed_copy_keeps_every_row_and_the_header_fields(tmp_path: Path) -> None:
    plain = tmp_path / "plain.sqlite3"
    _plain_database(plain, rows=300)
    key = CipherKey(PASSPHRASE)
    staged = stage(plain, None, key)
    assert SECRET.encode() not in staged.read_bytes()
    with read_only_connection(staged, key) as connection:
        assert connection.execute("SELECT count(*) FROM note").fetchone() == (300,)
        assert connection.execute("PRAGMA user_version").fetchone() == (7,)
        # AUTOINCREMENT's counter came along: ids are never reused after a conversion.
        assert connection.execute("SELECT seq FROM sqlite_sequence").fetchone() == (300,)
    assert integrity_check(staged, key) == []

    back = tmp_path / "back.sqlite3"
    copy_journal(staged, back, source_key=key)
    with closing(sqlite3.connect(back)) as connection:
        assert connection.execute("SELECT count(*) FROM note").fetchone() == (300,)


def test_a_wrong_key_is_refused_without_noise(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    plain, encrypted = tmp_path / "plain.sqlite3", tmp_path / "encrypted.sqlite3"
    _plain_database(plain)
    copy_journal(plain, encrypted, destination_key=CipherKey(PASSPHRASE))
    capfd.readouterr()
    with (
        pytest.raises(WrongPassphraseError, match="passphrase is wrong"),
        read_only_connection(encrypted, CipherKey.for_file("wrong", encrypted)),
    ):
        pass
    # SQLCipher's own log ("hmac check failed") would reach the terminal of a command.
    assert capfd.readouterr().err == ""
    with pytest.raises(sqlite3.DatabaseError), closing(sqlite3.connect(encrypted)) as unkeyed:
        unkeyed.execute("SELECT * FROM sqlite_schema").fetchall()


def test_folding_the_wal_and_swapping_leave_no_side_file(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    _plain_database(journal)
    # A crash leaves a WAL holding a committed row the main file does not have yet.
    connection = sqlite3.connect(journal)
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("INSERT INTO note (text) VALUES ('in the WAL only')")
    connection.commit()
    wal = (tmp_path / "journal.sqlite3-wal").read_bytes()
    connection.close()
    (tmp_path / "journal.sqlite3-wal").write_bytes(wal)
    key = CipherKey(PASSPHRASE)
    fold_wal(journal, None)
    assert [p.name for p in tmp_path.iterdir()] == ["journal.sqlite3"]
    swap_in(stage(journal, None, key), journal)
    assert [p.name for p in tmp_path.iterdir()] == ["journal.sqlite3"]
    with read_only_connection(journal, key) as reader:
        assert reader.execute("SELECT count(*) FROM note").fetchone() == (51,)


def test_scrub_overwrites_before_removing(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text(SECRET * 1000)
    descriptor = path.open("rb")  # another name for the same blocks, to look at them after
    scrub(path)
    assert not path.exists()
    with descriptor:
        assert set(descriptor.read()) == {0}


def test_sealed_files_round_trip_and_refuse_another_key(tmp_path: Path) -> None:
    key = CipherKey(PASSPHRASE)
    path = tmp_path / "contact-7.json.sealed"
    write_sealed(path, SECRET.encode(), key)
    assert SECRET.encode() not in path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary left
    assert read_sealed(path, key) == SECRET.encode()
    with pytest.raises(UnreadableSealedFileError):
        read_sealed(path, CipherKey(PASSPHRASE + "!"))
    assert cipher.read_head(path) == key.salt
