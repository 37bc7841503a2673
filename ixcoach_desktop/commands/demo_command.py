"""``ixcoach-desktop demo``: sample data in an empty journal."""

from __future__ import annotations

import argparse
from pathlib import Path

from ixcoach_desktop.commands.common import EXIT_OK, add_data_dir, non_negative_int
from ixcoach_desktop.commands.passphrase import add_passphrase_file, journal_key


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "demo",
        help="fill an empty journal with realistic sample data",
        description="Fill an EMPTY journal with believable sample contacts and "
        "exchanges covering every guidance rule; refuses a journal with entries.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    parser.add_argument("--contacts", type=non_negative_int, default=12, metavar="N")
    parser.add_argument("--exchanges", type=non_negative_int, default=300, metavar="M")
    parser.add_argument("--seed", type=int, default=1, metavar="S")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.session import open_session

    session = open_session(data_dir, key=journal_key(args, data_dir))
    try:
        summary = session.demo.fill(args.contacts, args.exchanges, args.seed)
    finally:
        session.close()
    print(
        f"Added {summary.contacts} sample contacts and {summary.exchanges} "
        f"exchanges to {session.journal_path}"
    )
    return EXIT_OK
