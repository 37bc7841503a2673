"""``ixcoach-desktop change-passphrase``: re-encrypt the journal and its copies with a new one."""

from __future__ import annotations

import argparse
from pathlib import Path

from ixcoach_desktop.commands.common import EXIT_OK, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file, journal_key, new_passphrase


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "change-passphrase",
        help="change the passphrase of a protected journal (and of its backups and drafts)",
        description="Re-encrypt the protected journal, its backups, set-aside journals and "
        "drafts with a new passphrase; the old one no longer opens any of them. The current "
        "passphrase comes from --passphrase-file and the new one from --new-passphrase-file, "
        "or each is asked for on the terminal.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    add_passphrase_file(parser, new=True)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.errors import ServiceError
    from ixcoach_desktop.services.privacy import PrivacyService

    key = journal_key(args, data_dir)
    if key is None:
        raise ServiceError(
            f"The journal in {data_dir} is not protected; protect it with `protect` first."
        )
    report = PrivacyService(data_dir).change_passphrase(
        key, new_passphrase(args, "new_passphrase_file")
    )
    print(
        f"Changed the passphrase of the journal {report.journal_path} and of "
        f"{report.copies} backup(s) and {report.drafts} draft(s); the old passphrase no "
        "longer opens them."
    )
    for path in report.skipped:
        print(f"Left as it was (the old passphrase does not open it): {path}")
    return EXIT_OK
