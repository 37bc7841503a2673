"""``ixcoach-desktop check``: SQLite's integrity and foreign-key checks, read-only."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ixcoach_desktop import APP_NAME
from ixcoach_desktop.commands.common import EXIT_FAILURE, EXIT_OK, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file, journal_key


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "check",
        help="check the journal for damage without changing it",
        description="Run SQLite's integrity_check and foreign_key_check on the "
        "journal, opened read-only. Prints 'journal OK' and exits 0 when healthy; "
        "prints what is wrong and exits 1 otherwise. Never writes to the journal.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.integrity import check_journal

    report = check_journal(data_dir, journal_key(args, data_dir))
    if report.ok:
        print("journal OK")
        return EXIT_OK
    # The findings are the command's output (stdout); the verdict is an error (stderr).
    print(f"The journal {report.journal_path} is damaged:")
    for problem in report.problems:
        print(f"  {problem}")
    print(
        f"{APP_NAME}: the journal is damaged; it has not been changed. Restore a "
        f"backup with `{APP_NAME} restore` (list them with `{APP_NAME} backup --list`).",
        file=sys.stderr,
    )
    return EXIT_FAILURE
