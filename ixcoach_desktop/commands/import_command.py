"""``ixcoach-desktop import FILE...``: contacts from vCard/CSV, or a journal from a JSON export."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ixcoach_desktop.commands.common import EXIT_FAILURE, EXIT_OK, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file, journal_key

if TYPE_CHECKING:
    from ixcoach_desktop.services.importing.records import ImportReport


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "import",
        help="import contacts from vCard (.vcf) or CSV files, or a JSON export",
        description="Import contacts from vCard (.vcf) and CSV (.csv) files, or restore "
        "a JSON export (.json) into an empty journal. The format follows the extension. "
        "All or nothing: if any record is invalid, nothing is imported unless "
        "--skip-invalid is given. People already in the journal (same vCard UID, "
        "else same name) are skipped.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid records and report the invalid ones instead of importing nothing",
    )
    parser.set_defaults(handler=run)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.importing.records import InvalidRecordsError
    from ixcoach_desktop.services.session import open_session

    session = open_session(data_dir, key=journal_key(args, data_dir))
    try:
        report = session.imports.import_files(args.files, skip_invalid=args.skip_invalid)
    except InvalidRecordsError as error:
        print(f"ixcoach-desktop: {error}", file=sys.stderr)
        print(
            "Fix these records, or run again with --skip-invalid to import the others.",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    finally:
        session.close()
    try:
        _print_report(report, session.journal_path)
    except BrokenPipeError:
        # The reader stopped early (`| head`); the import itself is complete.
        # Point stdout at /dev/null so the exit flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def _print_report(report: ImportReport, journal: Path) -> None:
    added = _plural(report.contacts_added, "contact")
    if report.exchanges_added:
        added += f" and {_plural(report.exchanges_added, 'exchange')}"
    print(
        f"Imported {added} into {journal}; "
        f"skipped as duplicate: {len(report.duplicates)}; "
        f"invalid: {len(report.invalid_skipped)}."
    )
    for notice in report.notices:
        print(f"Note: {notice}")
    if report.duplicates:
        print(f"Skipped as duplicate ({len(report.duplicates)}):")
        for duplicate in report.duplicates:
            print(f"  {duplicate}")
    if report.invalid_skipped:
        print(f"Skipped as invalid ({len(report.invalid_skipped)}):")
        for problem in report.invalid_skipped:
            print(f"  {problem}")
