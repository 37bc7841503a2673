"""``ixcoach-desktop restore BACKUP``: put a backup back; the current journal is kept aside."""

from __future__ import annotations

import argparse
from pathlib import Path

from ixcoach_desktop.commands.common import EXIT_OK, add_data_dir


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "restore",
        help="replace the journal with a backup (the current one is kept aside)",
        description="Verify BACKUP and make it the journal. The current journal "
        "is renamed journal-before-restore-<time>.sqlite3 in the data folder and "
        "kept, never deleted. Refused while the window has the journal open.",
    )
    add_data_dir(parser)
    parser.add_argument(
        "backup",
        metavar="BACKUP",
        help="a backup file, or the name of one in DIR/backups (see `backup --list`)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.backups import BackupService

    backups = BackupService(data_dir)
    result = backups.restore(backups.resolve(args.backup))
    print(f"Restored the journal {result.journal_path} from {result.backup}.")
    if result.kept_as is not None:
        print(f"The journal it replaced is kept as {result.kept_as}.")
    return EXIT_OK
