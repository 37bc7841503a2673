"""Shared tools of the safety tests: child processes, damage, digests, seeding."""

from __future__ import annotations

import hashlib
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import IO

from ixcoach_desktop.domain.models import Contact, Exchange, utc_now
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.services.session import open_session
from ixcoach_desktop.storage.journal import open_journal

REPO_ROOT = Path(__file__).resolve().parents[2]


class Child:
    """A child process of tests/safety/child.py, read line by line with timeouts."""

    def __init__(self, mode: str, data_dir: Path, *args: str, log: Path) -> None:
        self._log: IO[bytes] = log.open("wb")
        self.log_path = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.safety.child", mode, str(data_dir), *args],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            bufsize=0,
            env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        )
        self._buffer = b""

    def read_line(self, timeout_s: float = 20.0) -> str:
        """The next line of output; fails the test (with the child's stderr) on timeout or exit."""
        stdout = self.process.stdout
        assert stdout is not None
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([stdout], [], [], timeout_s)
            chunk = stdout.read(4096) if ready else b""
            if not chunk:
                raise AssertionError(
                    f"child gave no line (exit {self.process.poll()}): {self.stderr()}"
                )
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def kill(self) -> list[str]:
        """SIGKILL the child; return every line it wrote before it died."""
        self.process.send_signal(signal.SIGKILL)
        stdout = self.process.stdout
        assert stdout is not None
        rest = self._buffer + stdout.read()
        self._buffer = b""
        # Reap it, so nothing (QLockFile included) mistakes a zombie for a live process.
        self.process.wait()
        self._close_pipes()
        return rest.decode().splitlines()

    def finish(self, timeout_s: float = 20.0) -> int:
        """Close the child's standard input (its cue to exit) and wait for it."""
        stdin = self.process.stdin
        assert stdin is not None
        stdin.close()
        code = self.process.wait(timeout_s)
        self._close_pipes()
        return code

    def stderr(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def _close_pipes(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()
        self._log.close()


def seed(data_dir: Path, contacts: int = 1, exchanges_each: int = 0) -> list[int]:
    """A journal with ``contacts`` contacts and some exchanges each; returns the contact ids.

    One transaction for everything: hundreds of fsyncs would make the tests slow.
    """
    session = open_session(data_dir)
    session.close()
    journal = open_journal(data_dir)
    now = utc_now()
    try:
        with journal.unit_of_work() as uow:
            ids = []
            for number in range(contacts):
                contact = uow.contacts.add(Contact(name=f"Contact {number}"), now)
                assert contact.id is not None
                ids.append(contact.id)
                uow.exchanges.add_many(
                    (
                        Exchange(
                            contact_id=contact.id,
                            occurred_at=now - timedelta(days=index + 1),
                            my_level=DepthLevel(index % 6),
                            their_level=DepthLevel((index + 1) % 6),
                            reception=None if index % 6 == 0 else Reception.SUPPORTIVE,
                            notes=f"seeded {number}-{index}",
                        )
                        for index in range(exchanges_each)
                    ),
                    now,
                )
            uow.commit()
        return ids
    finally:
        journal.close()


def damage(path: Path, length: int = 4096) -> None:
    """Overwrite ``length`` bytes in the middle of the file with noise, as a bad disk would."""
    size = path.stat().st_size
    noise = random.Random(7).randbytes(length)
    with path.open("r+b") as file:
        file.seek(max(0, size // 2 - length // 2))
        file.write(noise)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    """Rows of ``query`` on a read-only connection to the database at ``path``."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def mode_of(path: Path) -> int:
    return path.stat().st_mode & 0o777
