"""Command line: open the window, or run one of the journal commands.

Qt is imported only by the paths that show a window, so commands such as
``demo`` start quickly and run where no display exists.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ixcoach_desktop import APP_NAME, __version__
from ixcoach_desktop.commands import (
    backup_command,
    change_passphrase_command,
    check_command,
    demo_command,
    export_command,
    import_command,
    protect_command,
    report_command,
    restore_command,
    unprotect_command,
)
from ixcoach_desktop.commands.common import EXIT_FAILURE, Handler, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.locations import resolve_data_dir

# Each sub-command module registers its own parser (see commands/__init__.py).
COMMAND_MODULES = (
    demo_command,
    import_command,
    export_command,
    backup_command,
    restore_command,
    check_command,
    report_command,
    protect_command,
    change_passphrase_command,
    unprotect_command,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="A private journal for deepening relationships through "
        "reciprocal self-disclosure. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_data_dir(parser, top_level=True)
    add_passphrase_file(parser, top_level=True)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the journal, build and draw the window off-screen, print "
        "'SELF-TEST OK' with counts and timings, and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def _run_window(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.integrity import start_health_check

    # Before Qt and Matplotlib are imported, which takes far longer than the
    # check: its verdict is ready by the time the journal is opened.
    early_check = start_health_check(data_dir)

    from ixcoach_desktop.app import run_gui, run_self_test
    from ixcoach_desktop.commands.passphrase import journal_key

    if args.self_test:
        return run_self_test(data_dir, journal_key(args, data_dir), early_check=early_check)
    # The window asks for the passphrase in a dialog (or finds it in the
    # keyring); a --passphrase-file given on the command line comes first.
    key = journal_key(args, data_dir) if args.passphrase_file is not None else None
    return run_gui(data_dir, key, early_check=early_check)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test and args.command is not None:
        parser.error("--self-test cannot be combined with a command")
    handler: Handler = getattr(args, "handler", _run_window)
    data_dir = resolve_data_dir(args.data_dir)
    try:
        return handler(args, data_dir)
    except ServiceError as error:
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"{APP_NAME}: interrupted.", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader went away (``report | head``): there is no one left to
        # tell, and the interpreter must not complain about stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE


def launch() -> NoReturn:
    """The installed program (``ixcoach-desktop``, ``python -m``, the frozen app): run, then end.

    ``main`` returns only once its work is safely done: a window's close
    waits for its background jobs, writes the draft, syncs the settings and
    closes the journal. After a window, the process then shuts Qt down, runs
    the exit handlers and ends at once, skipping the interpreter's
    module-by-module teardown of Qt, Matplotlib and NumPy, which adds about
    as much again as building the window. Commands, which load none of them,
    exit normally.
    """
    code = main()
    if "PySide6.QtCore" not in sys.modules:
        sys.exit(code)
    from PySide6.QtCore import QCoreApplication

    application = QCoreApplication.instance()
    if application is not None:
        # Destroys the application as its destructor would, so X11 still hands
        # the clipboard to the clipboard manager.
        application.shutdown()
    atexit._run_exitfuncs()
    # A reader that has gone away cannot be told anything more.
    with contextlib.suppress(OSError):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)
