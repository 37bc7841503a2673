"""A second launch on the same data folder brings the first window forward; no stale locks."""

from __future__ import annotations

from pathlib import Path

import pytest

from ixcoach_desktop.gui.runtime.single_instance import Claim, SingleInstance, server_name
from tests.safety.helpers import Child, mode_of


@pytest.mark.usefixtures("qapp")
def test_the_first_launch_proceeds_and_frees_the_folder_when_done(data_dir: Path) -> None:
    first = SingleInstance(data_dir)
    assert first.claim() is Claim.PROCEED
    assert mode_of(data_dir / "window.lock") == 0o600
    first.release()
    again = SingleInstance(data_dir)
    assert again.claim() is Claim.PROCEED
    again.release()


def test_the_server_name_is_per_folder_however_it_is_spelled(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert server_name(folder) == server_name(tmp_path / "other" / ".." / "data")
    assert server_name(folder) != server_name(tmp_path / "data2")


@pytest.mark.usefixtures("qapp")
def test_a_second_launch_activates_the_running_window(data_dir: Path, tmp_path: Path) -> None:
    running = Child("claim", data_dir, log=tmp_path / "first.log")
    try:
        assert running.read_line() == "proceed"
        second = SingleInstance(data_dir)
        assert second.claim() is Claim.ACTIVATED_OTHER
        assert second.other_pid == running.process.pid
        assert running.read_line() == "activated"
    finally:
        assert running.finish() == 0


@pytest.mark.usefixtures("qapp")
def test_a_lock_left_by_a_crash_is_taken_over(data_dir: Path, tmp_path: Path) -> None:
    crashed = Child("claim", data_dir, log=tmp_path / "crashed.log")
    assert crashed.read_line() == "proceed"
    crashed.kill()
    assert (data_dir / "window.lock").exists()
    after = SingleInstance(data_dir)
    try:
        assert after.claim() is Claim.PROCEED
    finally:
        after.release()
