"""The data folder and journal file: location, creation and permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ixcoach_desktop.storage.errors import JournalUnavailableError

JOURNAL_FILENAME = "journal.sqlite3"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
# SQLite creates these beside the journal; they hold recent writes and must
# be as private as the journal itself.
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")


def journal_path(data_dir: Path) -> Path:
    return data_dir / JOURNAL_FILENAME


def prepare_data_dir(data_dir: Path) -> Path:
    """Create the folder (0700) and an empty journal file (0600); return the file.

    Creating the file ourselves with 0600 means SQLite, which gives its WAL
    and SHM files the journal's mode, never makes a world-readable file.
    """
    try:
        if data_dir.exists() and not data_dir.is_dir():
            raise JournalUnavailableError(f"The data folder {data_dir} is a file, not a folder.")
        data_dir.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        if stat.S_IMODE(data_dir.stat().st_mode) & 0o077:
            data_dir.chmod(FOLDER_MODE)
        path = journal_path(data_dir)
        if path.is_dir():
            raise JournalUnavailableError(
                f"The journal {path} is a folder, not a file; move it aside."
            )
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            os.close(fd)
        restrict_side_files(path)
    except PermissionError as error:
        raise JournalUnavailableError(
            f"No permission to use the data folder {data_dir}: {error.strerror}."
        ) from error
    except OSError as error:
        raise JournalUnavailableError(
            f"Cannot prepare the data folder {data_dir}: {error.strerror}."
        ) from error
    return path


def restrict_side_files(path: Path) -> None:
    """Make the journal and any WAL/SHM beside it readable by the owner only."""
    for candidate in (path, *(Path(f"{path}{s}") for s in SIDE_FILE_SUFFIXES)):
        if candidate.exists() and stat.S_IMODE(candidate.stat().st_mode) != FILE_MODE:
            candidate.chmod(FILE_MODE)
