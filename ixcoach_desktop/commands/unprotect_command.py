"""``ixcoach-desktop unprotect``: remove the passphrase; the journal is stored unencrypted."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ixcoach_desktop import APP_NAME
from ixcoach_desktop.commands.common import EXIT_OK, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file, journal_key


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "unprotect",
        help="remove the passphrase: store the journal unencrypted again",
        description="Decrypt the protected journal, its backups, set-aside journals and "
        "drafts. Afterwards no passphrase is needed, and anyone who can read the data "
        "folder can read the journal. The current passphrase comes from --passphrase-file "
        "or is asked for on the terminal.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.errors import ServiceError
    from ixcoach_desktop.services.privacy import PrivacyService

    key = journal_key(args, data_dir)
    if key is None:
        raise ServiceError(f"The journal in {data_dir} is not protected; nothing to remove.")
    report = PrivacyService(data_dir).unprotect(key)
    print(
        f"Removed the passphrase from the journal {report.journal_path}, "
        f"{report.copies} backup(s) and {report.drafts} draft(s)."
    )
    for path in report.skipped:
        print(f"Still encrypted (the passphrase does not open it): {path}")
    print(
        f"{APP_NAME}: warning: the journal is no longer encrypted: anyone who can read "
        f"{data_dir} can read it. Protect it again with `{APP_NAME} protect`.",
        file=sys.stderr,
    )
    return EXIT_OK
