"""``ixcoach-desktop backup``: a verified copy of the journal now, or the list of backups."""

from __future__ import annotations

import argparse
from pathlib import Path

from ixcoach_desktop.commands.common import EXIT_OK, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file, journal_key


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "backup",
        help="copy the journal into DIR/backups (safe while the window is open)",
        description="Write a consistent, verified copy of the journal into the "
        "backups folder of the data folder, named with the time (UTC), then "
        "rotate old backups (dailies, weeklies and monthlies are kept; see "
        "docs/backups.md). Works while the window is open.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    parser.add_argument(
        "--list", action="store_true", help="list the backups, newest first, and write none"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.backups import BackupService

    # Even --list asks for a protected journal's passphrase: one rule for every command.
    backups = BackupService(data_dir, key=journal_key(args, data_dir))
    if args.list:
        found = backups.all()
        if not found:
            print(f"No backups in {backups.folder}")
        for backup in found:
            taken = backup.taken_at.astimezone()
            print(
                f"{backup.name}  {taken:%Y-%m-%d %H:%M}  {backup.reason.label}  "
                f"{_size(backup.size_bytes)}"
            )
        return EXIT_OK
    written = backups.backup_now()
    kept = len(backups.all())
    print(
        f"Backed up the journal to {written.path} ({_size(written.size_bytes)}); "
        f"{kept} backups kept."
    )
    return EXIT_OK


def _size(size_bytes: int) -> str:
    if size_bytes < 1024 * 1024:
        return f"{size_bytes / 1024:.0f} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"
