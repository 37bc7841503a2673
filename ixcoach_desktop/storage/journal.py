"""Opening a journal: prepare the folder, refuse the unusable, migrate, hand out reads and writes.

Reads (``reader()``) go through plain driver connections; the SQLAlchemy
engine behind units of work is built on the first write (or ``warm_up()``),
so opening a journal that is up to date imports neither SQLAlchemy nor
Alembic and the window's first frame never waits for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ixcoach_desktop.domain.failures import PassphraseRequiredError
from ixcoach_desktop.storage.cipher import CipherKey, is_encrypted, read_head
from ixcoach_desktop.storage.connections import ReadConnections
from ixcoach_desktop.storage.file_checks import (
    EarlyFileCheck,
    ensure_healthy,
    roll_back_interrupted_transaction,
)
from ixcoach_desktop.storage.journal_file import prepare_data_dir, restrict_side_files
from ixcoach_desktop.storage.queries import JournalReader
from ixcoach_desktop.storage.schema import SchemaState, schema_state, upgrade

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ixcoach_desktop.storage.unit_of_work import UnitOfWork


class Journal:
    """An open journal file. Thread-safe: each read and each unit of work has its own connection."""

    def __init__(self, path: Path, key_value: str | None) -> None:
        self.path = path
        self._key_value = key_value
        self._reads = ReadConnections(path, key_value)
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        self._generation = 0
        # The generation of the last commit that may have changed anything,
        # and of the last one that changed each contact (see unchanged_since).
        self._everything_changed_at = 0
        self._contact_changed_at: dict[int, int] = {}

    @contextmanager
    def reader(self) -> Iterator[JournalReader]:
        """Queries over one consistent snapshot of the journal."""
        with self._reads.snapshot() as connection:
            yield JournalReader(connection)

    @property
    def engine(self) -> Engine:
        with self._engine_lock:
            if self._engine is None:
                from ixcoach_desktop.storage.engine import create_journal_engine

                self._engine = create_journal_engine(self.path, self._key_value)
            return self._engine

    @property
    def generation(self) -> int:
        """How many units of work have committed here: a cheap "has anything changed"."""
        return self._generation

    def unchanged_since(self, contact_id: int, generation: int) -> bool:
        """Whether nothing committed after ``generation`` can have changed this contact.

        Read ``generation`` before the snapshot it labels: a commit landing in
        between then counts as later, so what was read is taken as stale,
        never the other way round.
        """
        changed_at = max(self._everything_changed_at, self._contact_changed_at.get(contact_id, 0))
        return changed_at <= generation

    def _committed(self, contacts: Collection[int] | None) -> None:
        with self._engine_lock:
            self._generation += 1
            if contacts is None:
                self._everything_changed_at = self._generation
            else:
                for contact_id in contacts:
                    self._contact_changed_at[contact_id] = self._generation

    def unit_of_work(self, *, write: bool = True) -> UnitOfWork:
        from ixcoach_desktop.storage.unit_of_work import UnitOfWork

        return UnitOfWork(self.engine, write=write, on_commit=self._committed)

    def warm_up(self) -> None:
        """Build the write path now (imports, engine, ORM mappers), off the first save's clock."""
        from ixcoach_desktop.storage.orm import Base

        Base.registry.configure()
        # A first pooled connection, with its PRAGMAs applied, for the first save.
        with self.engine.connect():
            pass

    def close(self) -> None:
        self._reads.close()
        with self._engine_lock:
            if self._engine is not None:
                self._engine.dispose()


def open_journal(
    data_dir: Path,
    before_migration: Callable[[Path], None] | None = None,
    *,
    key: CipherKey | None = None,
    early_check: EarlyFileCheck | None = None,
) -> Journal:
    """Open (creating if needed) the journal in ``data_dir`` at the current schema.

    ``before_migration`` is called with the journal's path before an existing
    journal is migrated, so a backup can be taken first; if it raises, nothing
    is migrated. Raises JournalUnusableError subclasses with a user-facing message; a
    damaged journal (quick_check, read-only) and a journal from a newer app
    version are refused before anything is written to them.

    A protected journal needs its ``key`` (PassphraseRequiredError without
    it, WrongPassphraseError when it does not fit); a plain journal ignores it.

    ``early_check``, started on this journal before, gives the health
    verdict in place of a check here; it is waited for at the same point.
    """
    path = prepare_data_dir(data_dir)
    if is_encrypted(path):
        if key is None:
            raise PassphraseRequiredError(
                f"The journal {path} is protected with a passphrase; it is needed to open it."
            )
        # Read before any connection exists (see cipher.read_head).
        key_value: str | None = key.pragma_value(read_head(path))
    else:
        key, key_value = None, None
    roll_back_interrupted_transaction(path, key)
    if early_check is not None and key is None and early_check.path == path:
        early_check.ensure_healthy()
    else:
        ensure_healthy(path, key)
    journal = Journal(path, key_value)
    try:
        with journal.reader() as reader:
            state = schema_state(reader.schema_revision())
        if state is not SchemaState.CURRENT:
            if state is SchemaState.OUTDATED and before_migration is not None:
                before_migration(path)
            upgrade(journal.engine)
        restrict_side_files(path)
    except BaseException:
        journal.close()
        raise
    return journal
