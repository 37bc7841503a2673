"""What a backup is called and which backups rotation keeps: pure rules, no file access.

A backup's file name carries everything rotation needs (when it was taken,
and why), so the rules below work on names and times alone and the
backups folder never needs an index beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path

# Start-up takes a backup at most this often (and only if the journal changed):
# a day of entries is the most a user could lose, and a journal that is opened
# many times a day does not fill the disk with near-identical copies.
AUTOMATIC_INTERVAL = timedelta(days=1)

# Rotation, in the spirit of Anki and of restic's --keep-daily/weekly/monthly.
# Each rule keeps the newest backup of each of the last N periods that have
# one; a backup kept by any rule stays, so the worst case stays small for
# journals of a few megabytes.
#
# The newest few, whatever their age: a "Backup now" taken minutes before an
# automatic one is still there when the user goes looking for it.
KEEP_NEWEST = 3
# A week of day-by-day history: most mistakes (a wrong import, an entry
# deleted by accident) are noticed within days.
KEEP_DAILY = 7
# Then one per week for a bit over a month, bridging dailies and monthlies.
KEEP_WEEKLY = 5
# And one per month for a year: slow damage (a disk going bad) or a loss
# noticed only at a yearly review can still be undone.
KEEP_MONTHLY = 12
# Backups taken before a schema migration are the only copies an older app
# version can open, so the newest of them are kept whatever their age.
KEEP_BEFORE_MIGRATION = 2

# Sortable, and free of the colons some file systems refuse in names.
_TIME_FORMAT = "%Y-%m-%dT%H-%M-%S-%f"
_NAME_PATTERN = re.compile(
    r"^journal-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{6})Z-([a-z-]+)\.sqlite3$"
)


class BackupReason(Enum):
    """Why a backup was taken; part of its file name."""

    MANUAL = "manual"
    AUTOMATIC = "auto"
    BEFORE_MIGRATION = "pre-migration"

    @property
    def label(self) -> str:
        return {
            BackupReason.MANUAL: "backup now",
            BackupReason.AUTOMATIC: "automatic",
            BackupReason.BEFORE_MIGRATION: "before an update",
        }[self]


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file; ``taken_at`` is UTC."""

    path: Path
    taken_at: datetime
    reason: BackupReason
    size_bytes: int

    @property
    def name(self) -> str:
        return self.path.name


def time_stamp(at: datetime) -> str:
    """``at`` in UTC as it appears in the names of backups and set-aside journals."""
    return at.astimezone(UTC).strftime(_TIME_FORMAT)


def backup_name(taken_at: datetime, reason: BackupReason) -> str:
    return f"journal-{time_stamp(taken_at)}Z-{reason.value}.sqlite3"


def parse_backup_name(name: str) -> tuple[datetime, BackupReason] | None:
    """The time and reason encoded in a backup's file name; None for any other file."""
    match = _NAME_PATTERN.match(name)
    if match is None:
        return None
    try:
        taken_at = datetime.strptime(match[1], _TIME_FORMAT).replace(tzinfo=UTC)
        reason = BackupReason(match[2])
    except ValueError:
        return None
    return taken_at, reason


def backups_to_keep(backups: list[BackupInfo]) -> set[Path]:
    """The backups rotation keeps (see the KEEP_* constants); ``backups`` newest first."""
    keep = {b.path for b in backups[:KEEP_NEWEST]}
    rules = (
        (KEEP_DAILY, lambda t: t.date()),
        (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda t: (t.year, t.month)),
    )
    for limit, period_of in rules:
        seen: set[object] = set()
        for backup in backups:
            period = period_of(backup.taken_at)
            if period not in seen and len(seen) < limit:
                seen.add(period)
                keep.add(backup.path)
    migrations = [b for b in backups if b.reason is BackupReason.BEFORE_MIGRATION]
    keep.update(b.path for b in migrations[:KEEP_BEFORE_MIGRATION])
    return keep
