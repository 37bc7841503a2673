"""``report`` on a protected journal: with the passphrase file, read-only."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ixcoach_desktop.cli import main
from ixcoach_desktop.storage.journal_file import journal_path
from tests.cli.report_journals import LOWER, crafted_journal
from tests.privacy.helpers import PASSPHRASE, passphrase_file


def test_report_reads_a_protected_journal_without_changing_it(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crafted_journal(data_dir, tmp_path)
    file = passphrase_file(tmp_path, PASSPHRASE)
    assert main(["protect", "--data-dir", str(data_dir), "--passphrase-file", str(file)]) == 0
    journal = journal_path(data_dir)
    before = hashlib.sha256(journal.read_bytes()).hexdigest()
    capsys.readouterr()
    argv = ["report", "--format", "json", "--data-dir", str(data_dir), "--passphrase-file"]
    assert main([*argv, str(file)]) == 0
    people = {row["name"]: row for row in json.loads(capsys.readouterr().out)["contacts"]}
    assert people[LOWER]["stress_effect"]["band"] == "lower"
    assert hashlib.sha256(journal.read_bytes()).hexdigest() == before
