"""One writer per data folder: the window, or one command that writes, never two processes.

The lock is an advisory ``flock`` on ``writer.lock`` in the data folder,
held for as long as the writer has the journal open:

- The kernel drops it the moment its process ends, even by SIGKILL or a
  power cut, so a crash never leaves a stale lock to guess about (unlike a
  PID file, or QLockFile's staleness heuristics).
- It needs no Qt, so the command line (which never imports PySide6) and the
  window take the very same lock. The window's QLockFile
  (gui/runtime/single_instance.py) only decides which window comes to the front.
- ``flock`` belongs to an open file, not to a process, so two opens in one
  process would exclude each other. The lock is therefore re-entrant within
  a process: the window, a restore it runs, and tests that open the same
  folder twice share one hold. It is one writer *process* at a time.

The holder writes its process id and a description into the file, so a
refused command can say who holds the journal. POSIX only (fcntl).
"""

from __future__ import annotations

import fcntl
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

from ixcoach_desktop.services.errors import JournalUnusableError
from ixcoach_desktop.storage.journal_file import FILE_MODE, prepare_folder

LOCK_FILENAME = "writer.lock"
# How the window describes itself to a refused command.
WINDOW_WRITER = "window"
# The default for command-line writers; a refused window or command names it.
COMMAND_WRITER = "command"


class JournalInUseError(JournalUnusableError):
    """Another process (the window or a command) has the journal open for writing."""


@dataclass(slots=True)
class _Hold:
    fd: int
    count: int = 1


@dataclass(slots=True)
class _Registry:
    """The locks this process holds, by lock-file path, with a re-entry count."""

    guard: threading.Lock = field(default_factory=threading.Lock)
    holds: dict[str, _Hold] = field(default_factory=dict)


# Process-wide by nature: flock is per open file, and this process holds each
# data folder's lock at most once however many sessions it opens.
_REGISTRY = _Registry()


class WriterLock:
    """A hold on a data folder's writer lock; release it (or leave the ``with``) when done."""

    def __init__(self, key: str) -> None:
        self._key: str | None = key

    def release(self) -> None:
        """Give up this hold; the lock is freed when the process's last hold goes. Idempotent."""
        key, self._key = self._key, None
        if key is None:
            return
        with _REGISTRY.guard:
            hold = _REGISTRY.holds[key]
            hold.count -= 1
            if hold.count == 0:
                del _REGISTRY.holds[key]
                # Closing the descriptor releases the flock.
                os.close(hold.fd)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        _exc_type: type[BaseException] | None,
        exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.release()


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_FILENAME


def acquire_writer_lock(data_dir: Path, writer: str) -> WriterLock:
    """Become the data folder's writer, or raise JournalInUseError naming who is.

    Creates the data folder (0700) if needed. ``writer`` describes this
    process to others that are refused: WINDOW_WRITER or a command's name.
    """
    prepare_folder(data_dir)
    path = lock_path(data_dir)
    key = os.path.realpath(path)
    with _REGISTRY.guard:
        hold = _REGISTRY.holds.get(key)
        if hold is not None:
            hold.count += 1
            return WriterLock(key)
        fd = _open_lock_file(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise JournalInUseError(_in_use_message(data_dir, holder)) from None
        except OSError as error:
            os.close(fd)
            raise JournalUnusableError(
                f"Cannot lock the journal in {data_dir}: {error.strerror}."
            ) from error
        _write_holder(fd, writer)
        _REGISTRY.holds[key] = _Hold(fd)
    return WriterLock(key)


def _open_lock_file(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as error:
        raise JournalUnusableError(
            f"Cannot create the lock file {path}: {error.strerror}. The data "
            "folder must be writable."
        ) from error


def _write_holder(fd: int, writer: str) -> None:
    """Record who holds the lock; best effort, the lock itself is already taken."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n{writer}\n".encode(), 0)
    except OSError:
        return


def _read_holder(fd: int) -> tuple[int, str]:
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
    except OSError:
        text = ""
    pid_text, _, rest = text.partition("\n")
    writer = rest.strip() or COMMAND_WRITER
    return (int(pid_text) if pid_text.strip().isdigit() else 0, writer)


def _in_use_message(data_dir: Path, holder: tuple[int, str]) -> str:
    pid, writer = holder
    process = f" (process {pid})" if pid else ""
    if writer == WINDOW_WRITER:
        return (
            f"The journal in {data_dir} is open in the IX Coach Desktop window{process}. "
            "Close the window first, then try again; nothing was changed."
        )
    return (
        f"The journal in {data_dir} is being changed by another ixcoach-desktop "
        f"{writer}{process}. Wait for it to finish, then try again; nothing was changed."
    )
