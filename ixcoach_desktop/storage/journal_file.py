"""The data folder and journal file: location, creation and permissions."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from ixcoach_desktop.domain.failures import JournalUnusableError

JOURNAL_FILENAME = "journal.sqlite3"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
# SQLite creates these beside the journal; they hold recent writes and must
# be as private as the journal itself.
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")


def journal_path(data_dir: Path) -> Path:
    return data_dir / JOURNAL_FILENAME


def prepare_folder(data_dir: Path) -> None:
    """Create the data folder (0700) if needed; refuse a folder we cannot write in.

    Missing parents are created like ``mkdir -p``; when that is impossible the
    message names the folder, so a typo or an unplugged drive is recognisable.
    """
    try:
        if data_dir.exists() and not data_dir.is_dir():
            raise JournalUnusableError(f"The data folder {data_dir} is a file, not a folder.")
        data_dir.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        if stat.S_IMODE(data_dir.stat().st_mode) & 0o077:
            data_dir.chmod(FOLDER_MODE)
    except NotADirectoryError as error:
        raise JournalUnusableError(
            f"Cannot create the data folder {data_dir}: part of that path is a file, not a folder."
        ) from error
    except OSError as error:
        raise _unavailable(data_dir, error) from error
    # os.access sees read-only mounts even for root, who ignores permission bits.
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise JournalUnusableError(
            f"The data folder {data_dir} is read-only. The journal needs to write "
            "there; make it writable or choose another folder with --data-dir."
        )


def prepare_data_dir(data_dir: Path) -> Path:
    """Create the folder (0700) and an empty journal file (0600); return the file.

    Creating the file ourselves with 0600 means SQLite, which gives its WAL
    and SHM files the journal's mode, never makes a world-readable file.
    """
    prepare_folder(data_dir)
    path = journal_path(data_dir)
    try:
        if path.is_dir():
            raise JournalUnusableError(
                f"The journal {path} is a folder, not a file; move it aside."
            )
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            os.close(fd)
        restrict_side_files(path)
    except OSError as error:
        raise _unavailable(data_dir, error) from error
    return path


def _unavailable(data_dir: Path, error: OSError) -> JournalUnusableError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return JournalUnusableError(
            f"The disk holding {data_dir} is full; nothing was written. Free some space."
        )
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return JournalUnusableError(
            f"No permission to use the data folder {data_dir}: {error.strerror}."
        )
    return JournalUnusableError(f"Cannot prepare the data folder {data_dir}: {error.strerror}.")


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole.

    Written to a fresh temporary name in the same folder (mkstemp: 0600, and
    unique, so concurrent writers never share one), flushed to disk, renamed
    over the target, and the folder entry flushed too.
    """
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        temporary.replace(path)
        fsync_path(path.parent)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def fsync_path(path: Path) -> None:
    """Flush a file's bytes, or a folder's renames and new files, to the disk.

    For a folder, this is what makes a rename or new file in it survive a
    power cut.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def restrict_side_files(path: Path) -> None:
    """Make the journal and any WAL/SHM beside it readable by the owner only."""
    for candidate in (path, *(Path(f"{path}{s}") for s in SIDE_FILE_SUFFIXES)):
        if candidate.exists() and stat.S_IMODE(candidate.stat().st_mode) != FILE_MODE:
            candidate.chmod(FILE_MODE)
