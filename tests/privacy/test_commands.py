"""The command line on a protected journal: protect, every command with and without the passphrase,
change-passphrase, unprotect, and what is left on disk afterwards.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ixcoach_desktop.cli import main
from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.privacy import ConversionIncompleteError, PrivacyService, unlock_file
from ixcoach_desktop.services.session import open_session
from ixcoach_desktop.storage import rekeying, sealed
from ixcoach_desktop.storage.cipher import SQLITE_HEADER
from ixcoach_desktop.storage.journal_file import journal_path
from tests.privacy.helpers import (
    DRAFT_SECRET,
    OTHER_PASSPHRASE,
    PASSPHRASE,
    SECRET,
    files_containing,
    passphrase_file,
    write_secrets,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTACTS_CSV = REPO_ROOT / "tests" / "import_export" / "fixtures" / "contacts.csv"
WRONG = "wrong passphrase"


def _protect(data_dir: Path, secrets: Path, passphrase: str = PASSPHRASE) -> Path:
    file = passphrase_file(secrets, passphrase)
    assert main(["protect", "--data-dir", str(data_dir), "--passphrase-file", str(file)]) == 0
    return file


def _counts(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        contacts = connection.execute("SELECT count(*) FROM contacts").fetchone()[0]
        exchanges = connection.execute("SELECT count(*) FROM exchanges").fetchone()[0]
    return contacts, exchanges


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digests(data_dir: Path) -> dict[str, str]:
    """Every file of the data folder but the lock (which names its latest holder)."""
    return {
        str(p.relative_to(data_dir)): _digest(p)
        for p in data_dir.rglob("*")
        if p.is_file() and p.name != "writer.lock"
    }


def test_after_protect_nothing_in_the_data_folder_is_readable(
    secret_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = secret_journal
    _protect(data_dir, tmp_path / "secrets")
    assert capsys.readouterr().out.startswith("Protected the journal")
    journal = journal_path(data_dir)
    assert journal.read_bytes()[:16] != SQLITE_HEADER
    with pytest.raises(sqlite3.DatabaseError), closing(sqlite3.connect(journal)) as plain:
        plain.execute("SELECT * FROM contacts").fetchall()
    # The journal, the backup, the journal the restore set aside, and the draft.
    assert files_containing(data_dir, SECRET) == []
    assert files_containing(data_dir, DRAFT_SECRET) == []
    names = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*"))
    assert not [n for n in names if n.endswith((".tmp", ".rekeyed", ".json", "-wal", "-shm"))]
    assert "drafts/contact-1.json.sealed" in names

    # While the journal is open and written to, its WAL and SHM hold nothing readable either.
    key = unlock_file(journal, PASSPHRASE)
    session = open_session(data_dir, key=key)
    try:
        contact = session.contacts.list()[0]
        session.exchanges.log(
            Exchange(
                contact_id=contact.id,
                occurred_at=datetime.now(UTC),
                my_level=DepthLevel.SURFACE,
                their_level=DepthLevel.SURFACE,
                reception=Reception.NEUTRAL,
                notes="Fresh-Pangolin-9981 written while protected",
            )
        )
        session.backups.backup_now()
        assert Path(f"{journal}-wal").stat().st_size > 0
        assert Path(f"{journal}-shm").exists()
        assert files_containing(data_dir, "Fresh-Pangolin-9981") == []
        assert session.drafts.load(contact.id, "Ana") is not None
        # One derivation for the whole session: every connection used the raw key.
        assert key.derivations == 1
        # The journal's own PRAGMAs apply to encrypted connections too.
        with session._journal.engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA busy_timeout").scalar() == 5000
    finally:
        session.close()
    assert files_containing(data_dir, "Fresh-Pangolin-9981") == []


def _seeded_and_protected(data_dir: Path, secrets: Path) -> tuple[Path, Path]:
    write_secrets(data_dir)
    right = _protect(data_dir, secrets)
    return right, passphrase_file(secrets, WRONG, "wrong.txt")


def _commands(data_dir: Path, tmp_path: Path) -> dict[str, list[str]]:
    backup = BackupService(data_dir).all()[0].name
    return {
        "import": ["import", str(CONTACTS_CSV)],
        "export": ["export", "--format", "json", "--output", str(tmp_path / "out.json")],
        "backup": ["backup"],
        "backup --list": ["backup", "--list"],
        "restore": ["restore", backup],
        "check": ["check"],
        "change-passphrase": ["change-passphrase", "--new-passphrase-file", "NEW"],
        "unprotect": ["unprotect"],
    }


COMMANDS = (
    "import",
    "export",
    "backup",
    "backup --list",
    "restore",
    "check",
    "change-passphrase",
    "unprotect",
)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_the_passphrase_file_and_refuses_a_wrong_one(
    command: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    right, wrong = _seeded_and_protected(data_dir, tmp_path / "secrets")
    new = passphrase_file(tmp_path / "secrets", OTHER_PASSPHRASE, "new.txt")
    argv = [str(new) if a == "NEW" else a for a in _commands(data_dir, tmp_path)[command]]
    before = _digest(journal_path(data_dir))
    capsys.readouterr()

    assert main([*argv, "--data-dir", str(data_dir), "--passphrase-file", str(wrong)]) == 1
    err = capsys.readouterr().err
    assert "passphrase is wrong" in err
    assert "Traceback" not in err
    assert main([*argv, "--data-dir", str(data_dir)]) == 1  # no file, no terminal
    assert "--passphrase-file" in capsys.readouterr().err
    assert _digest(journal_path(data_dir)) == before

    assert main([*argv, "--data-dir", str(data_dir), "--passphrase-file", str(right)]) == 0
    captured = capsys.readouterr()
    if command == "export":
        assert "NOT encrypted" in captured.err
        assert SECRET in (tmp_path / "out.json").read_text(encoding="utf-8")
    if command == "unprotect":
        assert "no longer encrypted" in captured.err


@pytest.mark.usefixtures("qapp")
def test_demo_and_the_self_test_take_the_passphrase_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_session(data_dir).close()  # an empty journal, as demo wants
    right = _protect(data_dir, tmp_path / "secrets")
    wrong = passphrase_file(tmp_path / "secrets", WRONG, "wrong.txt")
    folder = ["--data-dir", str(data_dir)]
    for argv in (["demo", "--contacts", "2", "--exchanges", "10"], ["--self-test"]):
        assert main([*argv, *folder, "--passphrase-file", str(wrong)]) == 1
        assert "passphrase is wrong" in capsys.readouterr().err
        assert main([*argv, *folder]) == 1
        assert "protected with a passphrase" in capsys.readouterr().err
        assert main([*argv, *folder, "--passphrase-file", str(right)]) == 0
    out = capsys.readouterr().out
    assert "SELF-TEST OK" in out
    assert json.loads(out.split("SELF-TEST OK ", 1)[1])["contacts"] == 2


def test_check_on_a_protected_journal_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    right, _wrong = _seeded_and_protected(data_dir, tmp_path / "secrets")
    before = _digests(data_dir)
    assert main(["check", "--data-dir", str(data_dir), "--passphrase-file", str(right)]) == 0
    assert _digests(data_dir) == before


def test_unprotect_gives_back_a_plain_journal_with_every_record(
    data_dir: Path, tmp_path: Path
) -> None:
    contact_id = write_secrets(data_dir)
    before = _counts(journal_path(data_dir))
    backups_before = len(BackupService(data_dir).all())
    right = _protect(data_dir, tmp_path / "secrets")
    assert main(["unprotect", "--data-dir", str(data_dir), "--passphrase-file", str(right)]) == 0

    journal = journal_path(data_dir)
    assert journal.read_bytes()[:16] == SQLITE_HEADER
    assert _counts(journal) == before
    with closing(sqlite3.connect(f"file:{journal}?mode=ro", uri=True)) as connection:
        assert connection.execute("SELECT notes FROM contacts").fetchone() == (SECRET,)
    session = open_session(data_dir)
    try:
        assert not session.protected
        draft = session.drafts.load(contact_id, "Ana")
        assert draft is not None
        assert draft.exchange.what_i_shared == DRAFT_SECRET
        backups = session.backups.all()
        assert len(backups) >= backups_before
        for backup in backups:
            assert backup.path.read_bytes()[:16] == SQLITE_HEADER
    finally:
        session.close()
    assert main(["check", "--data-dir", str(data_dir)]) == 0


def test_change_passphrase_retires_the_old_one_everywhere(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _wrong = _seeded_and_protected(data_dir, tmp_path / "secrets")
    new = passphrase_file(tmp_path / "secrets", OTHER_PASSPHRASE, "new.txt")
    folder = ["--data-dir", str(data_dir)]
    change = ["change-passphrase", *folder, "--passphrase-file", str(old)]
    assert main([*change, "--new-passphrase-file", str(new)]) == 0
    assert main(["check", *folder, "--passphrase-file", str(old)]) == 1
    assert "passphrase is wrong" in capsys.readouterr().err
    assert main(["check", *folder, "--passphrase-file", str(new)]) == 0
    backup = BackupService(data_dir).all()[0].path
    with pytest.raises(ServiceError, match="passphrase is wrong"):
        unlock_file(backup, PASSPHRASE)
    unlock_file(backup, OTHER_PASSPHRASE)
    assert files_containing(data_dir, SECRET) == []
    assert files_containing(data_dir, DRAFT_SECRET) == []


def test_a_plain_journal_needs_no_passphrase_and_ignores_one(
    data_dir: Path, tmp_path: Path
) -> None:
    write_secrets(data_dir)
    ignored = passphrase_file(tmp_path, "whatever")
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    assert main(["check", "--data-dir", str(data_dir), "--passphrase-file", str(ignored)]) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\nsecond line", "is empty"),
        (b"\xff\xfe not utf-8\n", "not UTF-8"),
    ],
)
def test_a_bad_passphrase_file_is_explained(
    content: bytes, message: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seeded_and_protected(data_dir, tmp_path / "secrets")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    assert main(["check", "--data-dir", str(data_dir), "--passphrase-file", str(bad)]) == 1
    assert message in capsys.readouterr().err
    missing = tmp_path / "missing.txt"
    assert main(["check", "--data-dir", str(data_dir), "--passphrase-file", str(missing)]) == 1
    assert "Cannot read the passphrase file" in capsys.readouterr().err


def test_the_first_line_is_the_passphrase_even_with_windows_line_endings(
    data_dir: Path, tmp_path: Path
) -> None:
    write_secrets(data_dir)
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(f"  {PASSPHRASE}  \r\nignored\r\n".encode())
    assert main(["protect", "--data-dir", str(data_dir), "--passphrase-file", str(crlf)]) == 0
    unlock_file(journal_path(data_dir), f"  {PASSPHRASE}  ")  # spaces are part of it


def test_on_a_terminal_the_passphrase_is_asked_without_echo(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_secrets(data_dir)
    typed: list[str] = []
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return typed.pop(0)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    folder = ["--data-dir", str(data_dir)]
    typed[:] = [PASSPHRASE, PASSPHRASE + "typo"]
    assert main(["protect", *folder]) == 1
    assert "differ" in capsys.readouterr().err
    typed[:] = [PASSPHRASE, PASSPHRASE]
    assert main(["protect", *folder]) == 0
    typed[:] = [PASSPHRASE]
    assert main(["check", *folder]) == 0
    assert prompts[-1].startswith("Passphrase for the journal in")
    typed[:] = [WRONG]
    assert main(["check", *folder]) == 1
    assert "passphrase is wrong" in capsys.readouterr().err


def test_protecting_twice_or_unprotecting_a_plain_journal_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_secrets(data_dir)
    file = passphrase_file(tmp_path, PASSPHRASE)
    folder = ["--data-dir", str(data_dir), "--passphrase-file", str(file)]
    assert main(["unprotect", *folder]) == 1
    assert "not protected" in capsys.readouterr().err
    assert main(["protect", *folder]) == 0
    assert main(["protect", *folder]) == 1
    assert "already protected" in capsys.readouterr().err
    assert main(["protect", "--data-dir", str(tmp_path / "nothing here")]) == 1
    assert "no journal" in capsys.readouterr().err


def test_a_failure_while_copying_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing: a full disk while sealing the draft, after the journal and backups."""
    write_secrets(data_dir)
    before = _digests(data_dir)

    def disk_full(_path: Path, _data: bytes, _key: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ixcoach_desktop.storage.rekeying.write_sealed", disk_full)
    with pytest.raises(ServiceError, match=r"No space left on device\); nothing was changed"):
        PrivacyService(data_dir).protect(PASSPHRASE)
    assert _digests(data_dir) == before


def test_a_failure_between_the_renames_leaves_every_file_whole(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal is swapped first; the next opening encrypts the copies still in plain text."""
    contact_id = write_secrets(data_dir)
    real_swap = rekeying.swap_in
    calls: list[Path] = []

    def swap_once(staged: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) > 1:
            raise OSError(5, "Input/output error")
        real_swap(staged, target)

    monkeypatch.setattr("ixcoach_desktop.storage.rekeying.swap_in", swap_once)
    with pytest.raises(ConversionIncompleteError, match="The journal is now protected") as raised:
        PrivacyService(data_dir).protect(PASSPHRASE)
    key = raised.value.key
    assert key is not None
    assert calls[0] == journal_path(data_dir)
    assert files_containing(data_dir, SECRET)  # copies still plain, but whole
    staged = sealed.SEALED_SUFFIX + rekeying.STAGED_SUFFIX
    assert not [p for p in data_dir.rglob("*") if p.name.endswith(staged)]
    monkeypatch.setattr("ixcoach_desktop.storage.rekeying.swap_in", real_swap)

    session = open_session(data_dir, key=key)
    try:
        assert session.protection_problem is None
        assert session.drafts.load(contact_id, "Ana") is not None
    finally:
        session.close()
    assert files_containing(data_dir, SECRET) == []
    assert files_containing(data_dir, DRAFT_SECRET) == []


def test_a_damaged_plain_copy_stops_the_protection(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_secrets(data_dir)
    backup = BackupService(data_dir).all()[0].path
    with backup.open("r+b") as damaged:
        damaged.seek(4096)
        damaged.write(b"\xa5" * 4096)
    journal_digest = _digest(journal_path(data_dir))
    file = passphrase_file(tmp_path, PASSPHRASE)
    assert main(["protect", "--data-dir", str(data_dir), "--passphrase-file", str(file)]) == 1
    err = capsys.readouterr().err
    assert backup.name in err
    assert "move it out of the data folder" in err
    assert journal_path(data_dir).read_bytes()[:16] == SQLITE_HEADER
    assert _digest(journal_path(data_dir)) == journal_digest
    assert not [p for p in data_dir.rglob(".*") if p.is_file()]


def test_protect_is_refused_while_another_process_has_the_journal(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_secrets(data_dir)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path\n"
            "from ixcoach_desktop.services.instance_lock import acquire_writer_lock\n"
            f"lock = acquire_writer_lock(Path({str(data_dir)!r}), 'window')\n"
            "print('held', flush=True); sys.stdin.read()",
        ],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        file = passphrase_file(tmp_path, PASSPHRASE)
        assert main(["protect", "--data-dir", str(data_dir), "--passphrase-file", str(file)]) == 1
        assert "open in the IX Coach Desktop window" in capsys.readouterr().err
        assert files_containing(data_dir, SECRET)  # untouched
    finally:
        holder.communicate("", timeout=20)


@pytest.mark.real_kdf
def test_from_a_shell_a_wrong_or_missing_passphrase_exits_1_without_a_traceback(
    data_dir: Path, tmp_path: Path
) -> None:
    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ixcoach_desktop", *argv, "--data-dir", str(data_dir)],
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    open_session(data_dir).close()
    right = passphrase_file(tmp_path, PASSPHRASE)
    wrong = passphrase_file(tmp_path, WRONG, "wrong.txt")
    assert run("protect", "--passphrase-file", str(right)).returncode == 0
    for result, message in (
        (run("check", "--passphrase-file", str(wrong)), "passphrase is wrong"),
        (run("check"), "--passphrase-file"),
    ):
        assert result.returncode == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert "hmac" not in result.stderr.lower()
