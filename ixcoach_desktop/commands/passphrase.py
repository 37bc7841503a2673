"""The passphrase on the command line: ``--passphrase-file FILE``, or a prompt without echo.

Only a protected journal asks for it: on a plain journal the option is
ignored and nothing is prompted. Without a file and without a terminal
(a script, a pipe), a protected journal is refused with a message saying
how to give the passphrase, never a hang on a prompt nobody sees.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ixcoach_desktop.services.errors import (
    PassphraseRequiredError,
    ProtectionUnavailableError,
    ServiceError,
)

if TYPE_CHECKING:
    from ixcoach_desktop.services.privacy import JournalKey

# A passphrase is one line; no sane passphrase file is bigger than this.
_MAX_FILE_BYTES = 64 * 1024


def add_passphrase_file(
    parser: argparse.ArgumentParser, *, top_level: bool = False, new: bool = False
) -> None:
    """``--passphrase-file`` (or, with ``new``, ``--new-passphrase-file``) on ``parser``.

    SUPPRESS on sub-commands keeps the option working before or after the
    command name, as for --data-dir.
    """
    option = "--new-passphrase-file" if new else "--passphrase-file"
    help_text = (
        "read the new passphrase from the first line of FILE (else it is asked for twice)"
        if new
        else "read the passphrase of a protected journal from the first line of FILE "
        "(else it is asked for on the terminal)"
    )
    parser.add_argument(
        option,
        type=Path,
        default=None if top_level else argparse.SUPPRESS,
        metavar="FILE",
        help=help_text,
    )


def read_passphrase_file(path: Path) -> str:
    """The first line of ``path``, without its line ending; ServiceError saying what is wrong."""
    try:
        with path.expanduser().open("rb") as file:
            data = file.read(_MAX_FILE_BYTES)
    except OSError as error:
        raise ServiceError(
            f"Cannot read the passphrase file {path}: {error.strerror or error}."
        ) from error
    line = data.split(b"\n", 1)[0].removesuffix(b"\r")
    try:
        passphrase = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ServiceError(f"The passphrase file {path} is not UTF-8 text.") from error
    if not passphrase:
        raise ServiceError(f"The first line of the passphrase file {path} is empty.")
    return passphrase


def _ask(prompt: str) -> str | None:
    """A line typed on the terminal without echo; None when there is no terminal."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise ServiceError("No passphrase was given; nothing was done.") from None


def current_passphrase(args: argparse.Namespace, what: str) -> str:
    """The passphrase of ``what`` (a protected journal or backup): from the file, else asked.

    When this installation cannot decrypt at all, says so before asking.
    """
    from ixcoach_desktop.services.privacy import protection_unavailable_reason

    reason = protection_unavailable_reason()
    if reason is not None:
        raise ProtectionUnavailableError(
            f"{what[0].upper()}{what[1:]} is protected with a passphrase, but this "
            f"installation cannot decrypt it. {reason}"
        )
    given: Path | None = getattr(args, "passphrase_file", None)
    if given is not None:
        return read_passphrase_file(given)
    typed = _ask(f"Passphrase for {what}: ")
    if typed is None:
        raise PassphraseRequiredError(
            f"{what[0].upper()}{what[1:]} is protected with a passphrase. Give it with "
            "--passphrase-file FILE, or run the command in a terminal to be asked for it."
        )
    if not typed:
        raise ServiceError("No passphrase was given; nothing was done.")
    return typed


def new_passphrase(args: argparse.Namespace, option: str) -> str:
    """A new passphrase: from the file named by ``option``, else typed twice on the terminal."""
    given: Path | None = getattr(args, option, None)
    if given is not None:
        return read_passphrase_file(given)
    typed = _ask("New passphrase: ")
    if typed is None:
        flag = "--" + option.replace("_", "-")
        raise ServiceError(
            f"A new passphrase is needed: give it with {flag} FILE, or run the command "
            "in a terminal to type it."
        )
    if not typed:
        raise ServiceError("The passphrase cannot be empty; nothing was changed.")
    if _ask("Type it again: ") != typed:
        raise ServiceError("The two passphrases differ; nothing was changed.")
    return typed


def journal_key(args: argparse.Namespace, data_dir: Path) -> JournalKey | None:
    """The key of the journal in ``data_dir`` when it is protected; None when it is not."""
    from ixcoach_desktop.services.privacy import PrivacyService

    privacy = PrivacyService(data_dir)
    if not privacy.is_protected():
        return None
    return privacy.unlock(current_passphrase(args, f"the journal in {data_dir}"))


def file_key(args: argparse.Namespace, path: Path, what: str) -> JournalKey:
    """The key for the protected file at ``path`` (a backup), proven to open it."""
    from ixcoach_desktop.services.privacy import unlock_file

    return unlock_file(path, current_passphrase(args, what))
