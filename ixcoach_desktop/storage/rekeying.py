"""Re-keying database files in place: staged, verified, swapped, the old bytes overwritten.

Protecting, unprotecting and changing the passphrase all come down to the
same steps for each file, taken while nothing in this process has it open:

1. ``fold_wal``: SQLite itself checkpoints the WAL into the file and removes
   the -wal/-shm (``journal_mode=DELETE``), so no side file of the old key
   (or of no key) can be left beside the new file.
2. ``stage``: a verified copy under the new key (see copying.copy_journal:
   integrity_check and the same row counts), named ``.<name>.rekeyed``.
3. ``swap_in``: the copy is renamed over the file (atomic: a crash leaves
   the old file or the new one, whole), and the replaced file's blocks are
   overwritten with zeros through a descriptor kept open across the rename.

A ``Conversion`` takes a whole set of files (the journal, its copies, the
drafts) through these steps together: all are staged before any is swapped
in, so a failure while staging changes nothing.

Overwriting is best effort, and said so in docs/privacy.md: on copy-on-write
and log-structured file systems (btrfs, ZFS, APFS, F2FS), on SSDs (wear
levelling) and under snapshots, the old blocks can survive elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ixcoach_desktop.domain.failures import JournalUnusableError
from ixcoach_desktop.storage.cipher import CipherKey, driver_errors
from ixcoach_desktop.storage.copying import copy_journal
from ixcoach_desktop.storage.file_checks import writable_connection
from ixcoach_desktop.storage.journal_file import (
    SIDE_FILE_SUFFIXES,
    fsync_path,
    write_private_file,
)
from ixcoach_desktop.storage.sealed import SEALED_SUFFIX, read_sealed, write_sealed

STAGED_SUFFIX = ".rekeyed"
_ZEROS = bytes(1 << 20)


def staged_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{STAGED_SUFFIX}")


def side_files(path: Path) -> list[Path]:
    return [side for s in SIDE_FILE_SUFFIXES if (side := Path(f"{path}{s}")).exists()]


def fold_wal(path: Path, key: CipherKey | None) -> None:
    """Leave ``path`` a single self-contained file: WAL checkpointed in, -wal/-shm gone.

    Raises JournalUnusableError when another program has the file open
    (SQLite cannot leave WAL mode then); nothing is lost either way.
    """
    if not side_files(path):
        return
    try:
        with closing(writable_connection(path, key)) as connection:
            mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except driver_errors() as error:
        raise _in_use(path, str(error)) from error
    if str(mode).lower() != "delete" or side_files(path):
        raise _in_use(path, f"it stayed in {mode} mode")


def _in_use(path: Path, detail: str) -> JournalUnusableError:
    return JournalUnusableError(
        f"{path} is in use by another program ({detail}); nothing was changed. "
        "Close it (or wait for a running export or backup to finish) and try again."
    )


def stage(path: Path, old_key: CipherKey | None, new_key: CipherKey | None) -> Path:
    """A verified copy of the database ``path`` under ``new_key`` (None: plain), beside it."""
    staged = staged_path(path)
    scrub(staged)  # the leftover of an interrupted attempt
    copy_journal(path, staged, source_key=old_key, destination_key=new_key)
    return staged


def swap_in(staged: Path, target: Path) -> None:
    """Rename ``staged`` over ``target``, then overwrite the replaced file's old content.

    The descriptor opened before the rename keeps the old file's blocks
    reachable after it has lost its name. A file with other hard links is
    not overwritten: that would destroy it under its other name.
    """
    old = _open_for_overwrite(target)
    try:
        staged.replace(target)
        fsync_path(target.parent)
    finally:
        if old is not None:
            _overwrite_and_close(old)


def scrub(path: Path) -> None:
    """Overwrite ``path`` with zeros (best effort, see the module docstring) and remove it."""
    descriptor = _open_for_overwrite(path)
    if descriptor is None:
        path.unlink(missing_ok=True)
        return
    try:
        path.unlink(missing_ok=True)
        fsync_path(path.parent)
    finally:
        _overwrite_and_close(descriptor)


def _open_for_overwrite(path: Path) -> int | None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise JournalUnusableError(f"Cannot change {path}: {error.strerror}.") from error
    if os.fstat(descriptor).st_nlink > 1:
        os.close(descriptor)
        return None
    return descriptor


def _overwrite_and_close(descriptor: int) -> None:
    """Zeros over every byte, flushed; failures are ignored (the file is gone by name already)."""
    try:
        remaining = os.fstat(descriptor).st_size
        os.lseek(descriptor, 0, os.SEEK_SET)
        while remaining > 0:
            remaining -= os.write(descriptor, _ZEROS[: min(remaining, len(_ZEROS))])
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@dataclass(slots=True)
class _Staged:
    source: Path
    staged: Path
    target: Path


@dataclass(slots=True)
class Conversion:
    """Files copied under ``new`` (from ``old``), waiting to be swapped in together."""

    old: CipherKey | None
    new: CipherKey | None
    journal: _Staged | None = None
    copies: list[_Staged] = field(default_factory=list)
    drafts: list[_Staged] = field(default_factory=list)

    def add_journal(self, path: Path) -> None:
        self.journal = self._database(path)

    def add_copy(self, path: Path) -> None:
        self.copies.append(self._database(path))

    def _database(self, path: Path) -> _Staged:
        fold_wal(path, self.old)
        return _Staged(path, stage(path, self.old, self.new), path)

    def add_draft(self, path: Path) -> None:
        """Stage a draft: sealed under ``new``, or unsealed when ``new`` is None."""
        if self.old is None:
            data = path.read_bytes()
            target = path.with_name(path.name + SEALED_SUFFIX)
        else:
            data = read_sealed(path, self.old)
            target = path if self.new is not None else path.with_name(path.stem)
        staged = staged_path(target)
        scrub(staged)
        if self.new is None:
            write_private_file(staged, data)
        else:
            write_sealed(staged, data, self.new)
        self.drafts.append(_Staged(path, staged, target))

    def commit(self, *, journal_first: bool) -> None:
        """Swap every staged file in, the journal first or last."""
        journal = [] if self.journal is None else [self.journal]
        others = [*self.copies, *self.drafts]
        for item in [*journal, *others] if journal_first else [*others, *journal]:
            swap_in(item.staged, item.target)
            if item.source != item.target:
                scrub(item.source)
            item.staged = item.target

    def journal_converted(self) -> bool:
        """Does the journal need ``new`` now? True once it is swapped in (or when there is none)."""
        return self.journal is None or self.journal.staged == self.journal.target

    def abandon(self) -> None:
        """Remove whatever was staged and not swapped in; the originals are untouched."""
        journal = [] if self.journal is None else [self.journal]
        for item in (*journal, *self.copies, *self.drafts):
            if item.staged != item.target:
                scrub(item.staged)


@contextmanager
def staging(conversion: Conversion) -> Iterator[None]:
    """Staging fails as a whole: what was staged is removed, the originals stay as they were."""
    try:
        yield
    except OSError as error:
        conversion.abandon()
        raise JournalUnusableError(
            f"The files could not be converted ({error.strerror or error}); nothing was changed."
        ) from error
    except BaseException:
        conversion.abandon()
        raise
