"""``ixcoach-desktop restore BACKUP``: put a backup back; the current journal is kept aside."""

from __future__ import annotations

import argparse
from pathlib import Path

from ixcoach_desktop.commands.common import EXIT_OK, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file, file_key, journal_key


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "restore",
        help="replace the journal with a backup (the current one is kept aside)",
        description="Verify BACKUP and make it the journal. The current journal "
        "is renamed journal-before-restore-<time>.sqlite3 in the data folder and "
        "kept, never deleted. Refused while the window has the journal open.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    parser.add_argument(
        "backup",
        metavar="BACKUP",
        help="a backup file, or the name of one in DIR/backups (see `backup --list`)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.backups import BackupService
    from ixcoach_desktop.services.privacy import is_protected_file

    backup = BackupService(data_dir).resolve(args.backup)
    # The passphrase is proven on the backup when it is protected (the journal
    # being replaced may be damaged); a protected journal stays protected.
    key = (
        file_key(args, backup, f"the backup {backup.name}")
        if is_protected_file(backup)
        else journal_key(args, data_dir)
    )
    result = BackupService(data_dir, key=key).restore(backup)
    print(f"Restored the journal {result.journal_path} from {result.backup}.")
    if result.kept_as is not None:
        print(f"The journal it replaced is kept as {result.kept_as}.")
    return EXIT_OK
