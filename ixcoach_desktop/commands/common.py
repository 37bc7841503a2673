"""Pieces shared by the sub-command modules."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ixcoach_desktop.services.locations import DATA_DIR_ENV

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace, Path], int]


def add_data_dir(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    # SUPPRESS on sub-commands keeps `--data-dir D demo` and `demo --data-dir D`
    # both working: the sub-parser does not overwrite a value given earlier.
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None if top_level else argparse.SUPPRESS,
        metavar="DIR",
        help=f"the folder holding the journal (default: ${DATA_DIR_ENV}, "
        "else the per-user data folder)",
    )


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value
