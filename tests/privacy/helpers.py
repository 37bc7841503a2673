"""Shared pieces of the privacy tests: the secrets, passphrase files, a journal full of secrets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.session import open_session

# Written before protection; after it, these bytes must be nowhere in the data folder.
SECRET = "Quokka-Marmalade-7731 told me about the layoffs"
DRAFT_SECRET = "Unsaved-Zebra-4455 about my fear of flying"
PASSPHRASE = "correct horse battery staple ünïcödé \"quoted\" 'and' ;--"
OTHER_PASSPHRASE = "a different passphrase entirely"


def passphrase_file(folder: Path, passphrase: str, name: str = "passphrase.txt") -> Path:
    """A file whose first line is ``passphrase``, with a second line that must be ignored."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{passphrase}\nthis second line is not part of it\n", encoding="utf-8")
    return path


def files_containing(folder: Path, needle: str) -> list[Path]:
    """Every file under ``folder`` (journal, -wal, -shm, backups, drafts…) holding ``needle``."""
    data = needle.encode()
    return sorted(
        path for path in folder.rglob("*") if path.is_file() and data in path.read_bytes()
    )


def write_secrets(data_dir: Path) -> int:
    """A journal with SECRET in a contact and an exchange, a backup, a draft and a set-aside.

    Returns the contact's id. The restore leaves the journal it replaced as
    journal-before-restore-… beside it: another plain copy to protect.
    """
    session = open_session(data_dir)
    try:
        contact = session.contacts.add(Contact(name="Ana", notes=SECRET))
        exchange = Exchange(
            contact_id=contact.id or 0,
            occurred_at=datetime.now(UTC) - timedelta(days=1),
            my_level=DepthLevel.PERSONAL,
            their_level=DepthLevel.PERSONAL,
            reception=Reception.SUPPORTIVE,
            what_they_shared=SECRET,
        )
        session.exchanges.log(exchange)
        session.backups.backup_now()
        session.drafts.save(
            Exchange(
                contact_id=contact.id or 0,
                occurred_at=datetime.now(UTC),
                my_level=DepthLevel.VULNERABLE,
                their_level=DepthLevel.PERSONAL,
                reception=Reception.SUPPORTIVE,
                what_i_shared=DRAFT_SECRET,
            ),
            "Ana",
        )
    finally:
        session.close()
    backups = BackupService(data_dir)
    backups.restore(backups.all()[0].path)
    assert contact.id is not None
    return contact.id
