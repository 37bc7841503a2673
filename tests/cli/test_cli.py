"""The command line: exit codes, messages, and the self-test, as a user runs them."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ixcoach_desktop.cli import main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ixcoach_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        check=False,
    )


def test_demo_then_self_test(data_dir: Path) -> None:
    demo = run_cli("demo", "--data-dir", str(data_dir), "--contacts", "12", "--exchanges", "300")
    assert demo.returncode == 0, demo.stderr
    assert "12 sample contacts and 300 exchanges" in demo.stdout
    with sqlite3.connect(data_dir / "journal.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM exchanges").fetchone() == (300,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()

    test = run_cli("--data-dir", str(data_dir), "--self-test")
    assert test.returncode == 0, test.stderr
    line = next(ln for ln in test.stdout.splitlines() if ln.startswith("SELF-TEST OK"))
    report = json.loads(line.removeprefix("SELF-TEST OK "))
    assert report["contacts"] == 12
    assert report["exchanges"] == 300
    assert report["timings_ms"]["total_ms"] > 0


def test_a_second_demo_exits_1_and_changes_nothing(data_dir: Path) -> None:
    assert main(["demo", "--data-dir", str(data_dir), "--contacts", "3", "--exchanges", "30"]) == 0
    before = (data_dir / "journal.sqlite3").read_bytes()
    again = run_cli("demo", "--data-dir", str(data_dir))
    assert again.returncode == 1
    assert "already holds entries" in again.stderr
    assert "Traceback" not in again.stderr
    assert (data_dir / "journal.sqlite3").read_bytes() == before


def test_data_dir_comes_from_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "from env"
    result = run_cli(
        "demo", "--contacts", "2", "--exchanges", "4", env={"IXCOACH_DATA_DIR": str(folder)}
    )
    assert result.returncode == 0, result.stderr
    assert (folder / "journal.sqlite3").exists()


def test_data_dir_before_the_command_works_too(data_dir: Path) -> None:
    assert main(["--data-dir", str(data_dir), "demo", "--contacts", "2", "--exchanges", "2"]) == 0
    assert (data_dir / "journal.sqlite3").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--no-such-flag"],
        ["demo", "--contacts", "many"],
        ["demo", "--exchanges", "-5"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_a_journal_that_is_a_folder_gets_one_clear_line(data_dir: Path) -> None:
    (data_dir / "journal.sqlite3").mkdir(parents=True)
    result = run_cli("demo", "--data-dir", str(data_dir))
    assert result.returncode == 1
    assert "is a folder, not a file" in result.stderr
    assert "Traceback" not in result.stderr


def test_self_test_fails_cleanly_on_a_file_that_is_not_a_journal(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "journal.sqlite3").write_bytes(b"this is not sqlite" * 100)
    result = run_cli("--data-dir", str(data_dir), "--self-test")
    assert result.returncode == 1
    assert "SELF-TEST OK" not in result.stdout
    assert "Traceback" not in result.stderr
