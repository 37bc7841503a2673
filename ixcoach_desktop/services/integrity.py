"""Is the journal healthy? Checks that only read, and the error a damaged journal raises."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ixcoach_desktop.services.errors import (
    JournalUnusableError,
    PassphraseRequiredError,
)
from ixcoach_desktop.services.keys import JournalKey
from ixcoach_desktop.storage.cipher import is_encrypted
from ixcoach_desktop.storage.file_checks import (
    EarlyFileCheck,
    foreign_key_check,
    integrity_check,
)
from ixcoach_desktop.storage.journal_file import journal_path

__all__ = [
    "EarlyHealthCheck",
    "IntegrityReport",
    "check_journal",
    "start_health_check",
]


class EarlyHealthCheck(EarlyFileCheck):
    """The journal's quick-check, under way on a thread since start-up (see start_health_check).

    Hand it to open_session, which waits for its verdict where the check
    would otherwise run.
    """


def start_health_check(data_dir: Path) -> EarlyHealthCheck | None:
    """Start the start-up health check of the journal in ``data_dir`` on a thread, now.

    Call it as early as the data folder is known and hand the result to
    open_session, which waits for its verdict where it would otherwise run
    the check itself: before anything is written to the journal. None when
    the check cannot usefully start early (see EarlyHealthCheck.start);
    open_session then checks as always. Creates and writes nothing.
    """
    return EarlyHealthCheck.start(journal_path(data_dir))


@dataclass(frozen=True, slots=True)
class IntegrityReport:
    """What the full check found; ``ok`` when both lists are empty."""

    journal_path: Path
    structure_problems: list[str]
    orphaned_rows: list[str]

    @property
    def ok(self) -> bool:
        return not self.structure_problems and not self.orphaned_rows

    @property
    def problems(self) -> list[str]:
        return self.structure_problems + self.orphaned_rows


def check_journal(data_dir: Path, key: JournalKey | None = None) -> IntegrityReport:
    """Run integrity_check and foreign_key_check on the journal in ``data_dir``.

    Opens the file read-only (a protected one with ``key``) and never creates
    the folder or the journal; raises JournalUnusableError when there is no
    journal to check, PassphraseRequiredError for a protected one without key.
    """
    path = journal_path(data_dir)
    if not path.exists():
        raise JournalUnusableError(f"There is no journal at {path}; nothing to check.")
    if path.is_dir():
        raise JournalUnusableError(f"The journal {path} is a folder, not a file.")
    encrypted = is_encrypted(path)
    if encrypted and key is None:
        raise PassphraseRequiredError(
            f"The journal {path} is protected with a passphrase; it is needed to check it."
        )
    file_key = key if encrypted else None
    structure = integrity_check(path, file_key)
    # Orphans are only meaningful in a structurally sound file.
    orphans = [] if structure else foreign_key_check(path, file_key)
    return IntegrityReport(path, structure, orphans)
