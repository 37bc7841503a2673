"""``ixcoach-desktop import`` and ``export`` as a user runs them: exit codes, messages, files."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from ixcoach_desktop.cli import main
from ixcoach_desktop.services.importing.text_files import MAX_IMPORT_BYTES
from ixcoach_desktop.services.session import open_session
from tests.import_export.helpers import FIXTURES, fingerprint


def run(data_dir: Path, *args: str | Path) -> int:
    """The command line, in process, on the journal in ``data_dir``."""
    return main([*map(str, args), "--data-dir", str(data_dir)])


@pytest.fixture
def demo_dir(data_dir: Path) -> Path:
    assert run(data_dir, "demo", "--contacts", "4", "--exchanges", "40") == 0
    return data_dir


def test_import_prints_a_summary_and_exits_0(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(FIXTURES / "apple_style_3.0.vcf"), str(FIXTURES / "contacts.csv")]
    assert run(data_dir, "import", *files) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported 3 contacts into ")
    assert "skipped as duplicate: 0; invalid: 0." in out
    assert "Note: " in out  # the ignored Email column

    assert run(data_dir, "import", *files) == 0
    out = capsys.readouterr().out
    assert "Imported 0 contacts" in out
    assert "skipped as duplicate: 3; invalid: 0." in out
    assert "'Dubois, Amélie' has the same vCard UID as the contact already in the journal" in out
    assert "'Zofia Kowalska' is already in the journal" in out


def hostile_files(folder: Path) -> dict[str, Path]:
    files = {
        "empty": (folder / "empty.vcf", b""),
        "blank": (folder / "blank.csv", b" \r\n\r\n"),
        "binary": (folder / "photo.vcf", bytes(range(256)) * 8),
        "wrong encoding": (folder / "mixed.vcf", b"BEGIN:VCARD\nFN:A\x81\x8d\nEND:VCARD\n"),
        "no card": (folder / "notes.vcf", b"Remember to call Ann.\n"),
        "no name column": (folder / "people.csv", b"email,phone\nann@example.org,1\n"),
        "wrong extension": (folder / "contacts.txt", b"BEGIN:VCARD\nFN:A\nEND:VCARD\n"),
    }
    for path, content in files.values():
        path.write_bytes(content)
    huge = folder / "huge.vcf"
    huge.touch()
    os.truncate(huge, MAX_IMPORT_BYTES + 10 * 1024 * 1024)  # sparse: uses no disk space
    paths = {name: path for name, (path, _) in files.items()}
    paths["huge"] = huge
    paths["truncated card"] = FIXTURES / "truncated.vcf"
    paths["missing"] = folder / "nowhere.vcf"
    paths["a folder"] = folder / "folder.vcf"
    paths["a folder"].mkdir()
    return paths


EXPECTED_MESSAGES = {
    "empty": "empty.vcf is empty.",
    "blank": "blank.csv is empty.",
    "binary": "photo.vcf is not a text file (it holds binary data)",
    "wrong encoding": "mixed.vcf is neither UTF-8 nor Windows-1252 text (byte 0x81",
    "no card": "notes.vcf holds no vCard (no BEGIN:VCARD line).",
    "no name column": "people.csv has no 'name' column",
    "wrong extension": "contacts.txt has the extension '.txt'; import reads vCard (.vcf)",
    "huge": "huge.vcf is 210 MB, larger than the 200 MB import limit.",
    "truncated card": "truncated.vcf: card 3, line 9: the card is not closed by END:VCARD",
    "missing": "nowhere.vcf does not exist.",
    "a folder": "folder.vcf is a folder, not a file.",
}


def test_hostile_files_exit_1_with_a_clear_message_and_change_nothing(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprint(demo_dir, tmp_path)
    for name, path in hostile_files(tmp_path).items():
        assert run(demo_dir, "import", path) == 1, name
        err = capsys.readouterr().err
        assert EXPECTED_MESSAGES[name] in err, (name, err)
        assert "Traceback" not in err
        assert fingerprint(demo_dir, tmp_path) == before, name


def test_a_json_export_with_invalid_levels_leaves_an_empty_journal_empty(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "journal.json"
    record = {"id": 1, "contact_id": 1, "occurred_at": "2024-05-01T10:00:00+00:00"}
    document = {
        "format_version": 1,
        "contacts": [{"id": 1, "name": "Ann"}],
        "exchanges": [record | {"my_level": 9, "their_level": -1}],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    open_session(data_dir).close()
    before = fingerprint(data_dir, tmp_path)
    assert run(data_dir, "import", path) == 1
    err = capsys.readouterr().err
    assert (
        "journal.json: exchange 1 (id 1): My level must be between 0 and 5, not 9. "
        "Their level must be between 0 and 5, not -1." in err
    )
    assert fingerprint(data_dir, tmp_path) == before
    assert before[:2] == (0, 0)


def test_one_bad_file_among_good_ones_imports_nothing(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprint(demo_dir, tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,cadence_days\nAnn,0\n", encoding="utf-8")
    good = FIXTURES / "apple_style_3.0.vcf"
    assert run(demo_dir, "import", good, bad) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported: 1 invalid record." in err
    assert f"{bad}: line 2: The keep-in-touch cadence must be between 1 and 365 days" in err
    assert "run again with --skip-invalid" in err
    assert fingerprint(demo_dir, tmp_path) == before


def test_skip_invalid_imports_the_good_records_and_lists_the_rest(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = FIXTURES / "truncated.vcf"
    assert run(data_dir, "import", path, "--skip-invalid") == 0
    out = capsys.readouterr().out
    assert "Imported 2 contacts" in out
    assert "invalid: 1." in out
    assert f"  {path}: card 3, line 9: the card is not closed" in out


def test_export_csv_reads_back_with_the_csv_module(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "csv export"
    assert run(demo_dir, "export", "--format", "csv", "--output", folder) == 0
    assert "Exported 4 contacts and 40 exchanges" in capsys.readouterr().out
    assert (folder / "contacts.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with (folder / "contacts.csv").open(encoding="utf-8-sig", newline="") as handle:
        contacts = list(csv.DictReader(handle))
    with (folder / "exchanges.csv").open(encoding="utf-8-sig", newline="") as handle:
        exchanges = list(csv.DictReader(handle))
    assert len(contacts) == 4
    assert len(exchanges) == 40
    names = {row["id"]: row["name"] for row in contacts}
    json_path = tmp_path / "j.json"
    assert run(demo_dir, "export", "--format", "json", "--output", json_path) == 0
    document = json.loads(json_path.read_text(encoding="utf-8"))
    for row, record in zip(exchanges, document["exchanges"], strict=True):
        assert row["contact_name"] == names[row["contact_id"]]
        assert datetime.fromisoformat(row["occurred_at"]).isoformat() == record["occurred_at"]
        assert row["topics"].split(";") == record["topics"]
        assert int(row["my_level"]) == record["my_level"]
        assert row["my_emotional"] in ("true", "false")
        assert row["what_i_shared"] == record["what_i_shared"]


def test_the_csv_export_can_be_imported_as_contacts(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    assert run(demo_dir, "export", "--format", "csv", "--output", folder) == 0
    fresh = tmp_path / "fresh"
    assert run(fresh, "import", folder / "contacts.csv") == 0
    assert "Imported 4 contacts" in capsys.readouterr().out


def test_export_to_an_unusable_place_exits_1(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    a_file = tmp_path / "a file"
    a_file.write_text("x", encoding="utf-8")
    for fmt, target, message in (
        ("json", folder, "is a folder; give a file name for the JSON export"),
        ("csv", a_file, "is a file; the CSV export needs a folder"),
        ("json", tmp_path / "missing" / "x.json", "The folder " + str(tmp_path / "missing")),
    ):
        assert run(demo_dir, "export", "--format", fmt, "--output", target) == 1
        assert message in capsys.readouterr().err


def test_export_never_overwrites_the_journal(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = demo_dir / "journal.sqlite3"
    before = journal.read_bytes()
    assert run(demo_dir, "export", "--format", "json", "--output", journal) == 1
    assert "is the journal itself" in capsys.readouterr().err
    assert journal.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["import"],
        ["export", "--output", "x.json"],
        ["export", "--format", "xml", "--output", "x.xml"],
        ["export", "--format", "json"],
    ],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_the_installed_command_reports_without_a_traceback(data_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.vcf"
    empty.touch()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ixcoach_desktop",
            "import",
            str(empty),
            "--data-dir",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == f"ixcoach-desktop: {empty} is empty.\n"
