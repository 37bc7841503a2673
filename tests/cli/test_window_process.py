"""The window as a process: it ends cleanly on SIGTERM and leaves nothing half-done.

``launch`` ends the process without the interpreter's teardown once the
window has closed, so these tests check from outside, as a user's next
start would find things, that the close did everything before it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ixcoach_desktop.cli import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

START_TIMEOUT_S = 60


def _start_window(data_dir: Path, config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ixcoach_desktop", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config)},
    )


def _wait_for_first_frame(window: subprocess.Popen[str], data_dir: Path) -> None:
    # The once-a-day backup is taken on the worker after the window's first frame.
    deadline = time.monotonic() + START_TIMEOUT_S
    while not any((data_dir / "backups").glob("*")):
        assert window.poll() is None, window.communicate()
        assert time.monotonic() < deadline, "the window did not come up"
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("closing", [signal.SIGTERM, signal.SIGINT])
def test_a_closing_signal_closes_the_window_like_its_close_button(
    data_dir: Path, tmp_path: Path, closing: signal.Signals
) -> None:
    assert main(["demo", "--data-dir", str(data_dir), "--contacts", "3", "--exchanges", "12"]) == 0
    config = tmp_path / "config"
    window = _start_window(data_dir, config)
    _wait_for_first_frame(window, data_dir)

    window.send_signal(closing)
    _, stderr = window.communicate(timeout=START_TIMEOUT_S)

    assert window.returncode == 0, stderr
    assert "Traceback" not in stderr
    # The layout was saved, and the journal closed: its write-ahead log is
    # folded in and removed by the last connection's close.
    settings = next(config.rglob("*.ini")).read_text(encoding="utf-8")
    assert "geometry=" in settings
    assert not (data_dir / "journal.sqlite3-wal").exists()
    # Nothing is left holding the folder: a command that writes can run.
    card = tmp_path / "one.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Quill\r\nEND:VCARD\r\n", encoding="utf-8")
    assert main(["import", str(card), "--data-dir", str(data_dir)]) == 0
