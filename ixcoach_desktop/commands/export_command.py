"""``ixcoach-desktop export``: the whole journal to a JSON file or a folder of CSV files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ixcoach_desktop import APP_NAME
from ixcoach_desktop.commands.common import EXIT_OK, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file, journal_key


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "export",
        help="export the whole journal to JSON or CSV",
        description="Export every contact and exchange. JSON writes one file that "
        "`import` restores into an empty journal; CSV writes contacts.csv and "
        "exchanges.csv into a folder, for spreadsheets. The formats are described "
        "in docs/export-format.md.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    parser.add_argument("--format", required=True, choices=("json", "csv"), dest="export_format")
    parser.add_argument(
        "--output",
        required=True,
        type=Path,
        metavar="PATH",
        help="the JSON file to write, or the folder for the CSV files (created if missing)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.exporting import ExportFormat
    from ixcoach_desktop.services.session import open_session

    # Reading only: an export may run while the window has the journal open.
    session = open_session(data_dir, writer=None, key=journal_key(args, data_dir))
    try:
        summary = session.exports.export(ExportFormat(args.export_format), args.output)
    finally:
        session.close()
    written = " and ".join(str(path) for path in summary.files)
    print(f"Exported {summary.contacts} contacts and {summary.exchanges} exchanges to {written}")
    if session.protected:
        # Asking for an export is the user's explicit choice; say what it means.
        print(
            f"{APP_NAME}: warning: the journal is protected with a passphrase, but this "
            f"export is NOT encrypted: anyone who can read {written} can read your journal. "
            "Keep it somewhere safe, and delete it when you no longer need it.",
            file=sys.stderr,
        )
    return EXIT_OK
