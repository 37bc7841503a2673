"""Unsaved editor entries, one per contact, kept on disk so a crash or a quit loses nothing.

A draft is a small JSON file ``<data folder>/drafts/contact-<id>.json``
(0600, folder 0700), replaced atomically on every save: after a crash it
holds either the previous or the new draft, whole. Drafts live outside the
journal on purpose: saving one never contends with the journal's writer
lock or transactions, and a draft survives even when the journal cannot be
opened.

When the journal is protected, a draft holds private text too, so it is
sealed with the journal's key instead (``contact-<id>.json.sealed``, see
storage/sealed.py); protecting and unprotecting convert existing drafts.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ixcoach_desktop.domain.models import EXCHANGE_USER_FIELDS, Exchange
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.services.errors import JournalUnusableError
from ixcoach_desktop.services.json_records import (
    aware_moment,
    exchange_from_record,
    exchange_values,
    iso_moment,
)
from ixcoach_desktop.services.keys import JournalKey
from ixcoach_desktop.storage.journal_file import FOLDER_MODE, write_private_file
from ixcoach_desktop.storage.sealed import (
    SEALED_SUFFIX,
    UnreadableSealedFileError,
    read_sealed,
    write_sealed,
)

DRAFTS_DIRNAME = "drafts"
_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Draft:
    """An unsaved new entry for one contact, and when it was last kept."""

    exchange: Exchange
    contact_name: str
    saved_at: datetime


class DraftService:
    """Save, load and discard the unsaved entry of each contact.

    Only new entries are drafts: an edit of a saved exchange has its
    original safe in the journal. With ``key`` (a protected journal) drafts
    are sealed with it.
    """

    def __init__(
        self, data_dir: Path, clock: Clock = system_clock, key: JournalKey | None = None
    ) -> None:
        self._folder = data_dir / DRAFTS_DIRNAME
        self._clock = clock
        self._key = key

    def _path(self, contact_id: int) -> Path:
        name = f"contact-{contact_id}.json"
        return self._folder / (name if self._key is None else name + SEALED_SUFFIX)

    def save(self, exchange: Exchange, contact_name: str) -> Draft:
        """Keep ``exchange`` as the contact's draft, replacing any earlier one."""
        draft = Draft(exchange, contact_name, self._clock())
        data = json.dumps(_to_json(draft), ensure_ascii=True, indent=1).encode("ascii")
        try:
            self._folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            if self._key is None:
                write_private_file(self._path(exchange.contact_id), data)
            else:
                write_sealed(self._path(exchange.contact_id), data, self._key)
        except OSError as error:
            raise JournalUnusableError(
                f"The unsaved entry could not be kept on disk: {error.strerror}."
            ) from error
        return draft

    def load(self, contact_id: int, contact_name: str) -> Draft | None:
        """The contact's draft, if there is one written for a contact of this name.

        The name guards against a draft outliving its contact: after a
        restore from an older backup the same id may belong to someone else.
        An unreadable file is renamed ``.unreadable`` (kept, never offered).
        """
        path = self._path(contact_id)
        try:
            raw = path.read_bytes() if self._key is None else read_sealed(path, self._key)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise JournalUnusableError(
                f"The unsaved entry could not be read: {error.strerror}."
            ) from error
        except JournalUnusableError as error:
            raise JournalUnusableError(f"The unsaved entry could not be read: {error}") from error
        except UnreadableSealedFileError:
            _set_aside(path)
            return None
        try:
            draft = _from_json(json.loads(raw), contact_id)
        except (ValueError, KeyError, TypeError):
            _set_aside(path)
            return None
        return draft if draft.contact_name == contact_name else None

    def discard(self, contact_id: int) -> None:
        """Forget the contact's draft (after it was saved, or on the user's word)."""
        try:
            self._path(contact_id).unlink(missing_ok=True)
        except OSError as error:
            raise JournalUnusableError(
                f"The unsaved entry could not be removed: {error.strerror}."
            ) from error


def _set_aside(path: Path) -> None:
    """Keep an unreadable draft as ``….unreadable``, never offered; best effort.

    The next save replaces the draft anyway.
    """
    with suppress(OSError):
        path.replace(path.with_suffix(".unreadable"))


# What a draft keeps of its exchange: what the user writes (the journal's
# bookkeeping comes at the save), as a JSON export writes it.
_DRAFT_FIELDS = EXCHANGE_USER_FIELDS


def _to_json(draft: Draft) -> dict[str, Any]:
    return {
        "format": _FORMAT_VERSION,
        "saved_at": iso_moment(draft.saved_at),
        "contact_name": draft.contact_name,
        **exchange_values(draft.exchange, _DRAFT_FIELDS),
    }


def _from_json(data: Any, contact_id: int) -> Draft:
    """Rebuild a draft; anything not written by _to_json raises ValueError/KeyError/TypeError."""
    if not isinstance(data, dict) or data["format"] != _FORMAT_VERSION:
        raise ValueError("not a draft of a known format")
    if data["contact_id"] != contact_id:
        raise ValueError("a draft of another contact")
    contact_name, saved_at = data["contact_name"], data["saved_at"]
    if not isinstance(contact_name, str) or not isinstance(saved_at, str):
        raise TypeError("not a draft's name and time")
    # Drafts kept before group conversations have no conversation_id.
    exchange = exchange_from_record({"conversation_id": None, **data}, _DRAFT_FIELDS)
    return Draft(exchange=exchange, contact_name=contact_name, saved_at=aware_moment(saved_at))
