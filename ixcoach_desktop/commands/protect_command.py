"""``ixcoach-desktop protect``: encrypt the journal, its backups and drafts with a passphrase."""

from __future__ import annotations

import argparse
from pathlib import Path

from ixcoach_desktop.commands.common import EXIT_OK, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file, new_passphrase


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "protect",
        help="encrypt the journal, its backups and drafts with a passphrase",
        description="Encrypt the journal with a passphrase (SQLCipher), and with it every "
        "backup, set-aside journal and unsaved draft in the data folder, so that nothing "
        "is left in plain text. The passphrase is read from the first line of "
        "--passphrase-file, or asked for twice on the terminal. Without it nobody can "
        "open the journal, you included: keep it safe. See docs/privacy.md.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.privacy import PrivacyService

    privacy = PrivacyService(data_dir)
    # Refuse (unavailable, already protected) before asking for a passphrase.
    privacy.check_can_protect()
    report = privacy.protect(new_passphrase(args, "passphrase_file"))
    print(
        f"Protected the journal {report.journal_path} with your passphrase; "
        f"{_files(report.copies, 'backup')} and {_files(report.drafts, 'draft')} "
        "were encrypted too."
    )
    print("Keep the passphrase safe: without it nobody can open the journal, not even you.")
    return EXIT_OK


def _files(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
