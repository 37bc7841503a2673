"""Opening a journal: prepare the folder, refuse the unusable, migrate, hand out units of work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ixcoach_desktop.storage.cipher import JournalKey, is_encrypted, read_head
from ixcoach_desktop.storage.engine import create_journal_engine
from ixcoach_desktop.storage.errors import PassphraseRequiredError
from ixcoach_desktop.storage.integrity import ensure_healthy, roll_back_interrupted_transaction
from ixcoach_desktop.storage.journal_file import prepare_data_dir, restrict_side_files
from ixcoach_desktop.storage.schema import SchemaState, schema_state, upgrade
from ixcoach_desktop.storage.unit_of_work import UnitOfWork, describe_database_error


class Journal:
    """An open journal file. Thread-safe: each unit of work has its own Session."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self._engine = engine

    def unit_of_work(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self._engine, write=write)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()


def open_journal(
    data_dir: Path,
    before_migration: Callable[[Path], None] | None = None,
    *,
    key: JournalKey | None = None,
) -> Journal:
    """Open (creating if needed) the journal in ``data_dir`` at the current schema.

    ``before_migration`` is called with the journal's path before an existing
    journal is migrated, so a backup can be taken first; if it raises, nothing
    is migrated. Raises JournalError subclasses with a user-facing message; a
    damaged journal (quick_check, read-only) and a journal from a newer app
    version are refused before anything is written to them.

    A protected journal needs its ``key`` (PassphraseRequiredError without
    it, WrongPassphraseError when it does not fit); a plain journal ignores it.
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
    ensure_healthy(path, key)
    engine = create_journal_engine(path, key_value)
    try:
        state = schema_state(engine)
        if state is not SchemaState.CURRENT:
            if state is SchemaState.OUTDATED and before_migration is not None:
                before_migration(path)
            upgrade(engine)
        restrict_side_files(path)
    except SQLAlchemyError as error:
        engine.dispose()
        raise describe_database_error(error) from error
    except BaseException:
        engine.dispose()
        raise
    return Journal(path, engine)
