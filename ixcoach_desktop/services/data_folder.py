"""Which files in a data folder hold the user's writing, and which are ours to clean up.

Besides the journal itself: its backups (in ``backups/``), the journals set
aside by restores and repairs (``journal-<kind>-<time>Z.sqlite3`` beside
it), the drafts (in ``drafts/``), and the hidden temporaries a crash can
leave behind. Restoring names the set-aside journals and protecting must
find every one of them, so both take the names from here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from ixcoach_desktop.services.backup_policy import parse_backup_name, time_stamp
from ixcoach_desktop.services.drafts import DRAFTS_DIRNAME
from ixcoach_desktop.services.errors import JournalUnusableError

BACKUPS_DIRNAME = "backups"

# A temporary file this old is the leftover of a crash; a younger one may
# belong to a copy, restore or conversion running beside the window (a
# backup takes seconds).
LEFTOVER_AGE = timedelta(hours=1)

_SET_ASIDE_GLOB = "journal-*.sqlite3"


def backups_folder(data_dir: Path) -> Path:
    return data_dir / BACKUPS_DIRNAME


def set_aside_name(kind: str, at: datetime) -> str:
    """The name a journal set aside at ``at`` gets, e.g. ``kind`` "journal-damaged"."""
    return f"{kind}-{time_stamp(at)}Z.sqlite3"


def journal_copies(data_dir: Path) -> list[Path]:
    """Backups and set-aside journals: every other database holding the user's writing."""
    found = [p for p in _entries(backups_folder(data_dir)) if parse_backup_name(p.name) is not None]
    found += sorted(data_dir.glob(_SET_ASIDE_GLOB))
    return [p for p in found if p.is_file()]


def draft_files(data_dir: Path) -> list[Path]:
    """The saved drafts; hidden files in the drafts folder are temporaries, not drafts."""
    return [
        p for p in _entries(data_dir / DRAFTS_DIRNAME) if p.is_file() and not p.name.startswith(".")
    ]


def temporaries(data_dir: Path) -> list[Path]:
    """Ours only: hidden files naming a journal (copies, restores, conversions) in the
    data and backups folders, and any hidden file among the drafts."""
    found = [
        entry
        for folder in (data_dir, backups_folder(data_dir))
        for entry in _entries(folder)
        if entry.name.startswith(".") and "journal" in entry.name
    ]
    found += [p for p in _entries(data_dir / DRAFTS_DIRNAME) if p.name.startswith(".")]
    return found


def _entries(folder: Path) -> list[Path]:
    """What ``folder`` holds, sorted; nothing when it does not exist."""
    try:
        return sorted(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise JournalUnusableError(f"Cannot read the folder {folder}: {error.strerror}.") from error
