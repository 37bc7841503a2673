"""A real window saving exchanges is SIGKILLed mid-stream, again and again: nothing is lost."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from ixcoach_desktop.storage.file_checks import foreign_key_check, integrity_check
from ixcoach_desktop.storage.journal_file import journal_path
from tests.safety.helpers import Child, mode_of, rows, seed

ROUNDS = 5


@pytest.mark.slow
def test_every_reported_save_survives_sigkill(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir)
    journal = journal_path(data_dir)
    rng = random.Random(20)
    reported: set[str] = set()
    for round_number in range(ROUNDS):
        log = tmp_path / f"child-{round_number}.log"
        child = Child("save", data_dir, str(round_number * 100_000), log=log)
        assert child.read_line() == "ready"
        lines = [child.read_line()]
        # Anywhere in the stream: before, during or after a commit.
        time.sleep(rng.uniform(0.05, 0.5))
        lines += child.kill()
        saved = {line.split()[1] for line in lines if line.startswith("saved ")}
        assert saved, child.stderr()
        reported |= saved

        # The journal as the next start finds it: WAL and SHM left by the kill.
        for side in (journal, Path(f"{journal}-wal"), Path(f"{journal}-shm")):
            if side.exists():
                assert mode_of(side) == 0o600, side
        assert integrity_check(journal) == []
        assert foreign_key_check(journal) == []
        stored = {
            str(note).removeprefix("kill-test ")
            for (note,) in rows(journal, "SELECT notes FROM exchanges")
        }
        missing = reported - stored
        assert not missing, f"reported as saved but not in the journal: {sorted(missing)}"
    assert len(reported) >= ROUNDS
