"""Bringing a journal file to the current schema, and refusing one from the future."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from ixcoach_desktop.domain.failures import JournalUnusableError, NewerJournalVersionError

if TYPE_CHECKING:
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Every revision this version of the app knows, oldest first. Kept here so
# start-up can tell "up to date" without importing Alembic (a test checks it
# against the migration scripts).
KNOWN_REVISIONS: tuple[str, ...] = ("0001_initial", "0002_coach")
HEAD_REVISION = KNOWN_REVISIONS[-1]


class SchemaState(Enum):
    EMPTY = "empty"
    CURRENT = "current"
    OUTDATED = "outdated"


def schema_state(revision: str | None) -> SchemaState:
    """Where a journal at ``revision`` stands; NewerJournalVersionError for an unknown one."""
    if revision is None:
        return SchemaState.EMPTY
    if revision not in KNOWN_REVISIONS:
        raise NewerJournalVersionError(
            f"This journal was written by a newer version of IX Coach Desktop "
            f"(schema {revision}). It has not been touched; update the app to "
            f"open it."
        )
    return SchemaState.CURRENT if revision == HEAD_REVISION else SchemaState.OUTDATED


def upgrade(engine: Engine) -> None:
    """Apply every pending migration in one transaction.

    Foreign keys are switched off first, outside any transaction (SQLite
    ignores the PRAGMA inside one): with them on, a batch rebuild of
    ``contacts`` would cascade and silently delete every exchange. The
    foreign-key check before commit then proves nothing was orphaned.
    Alembic is imported only here: a journal already up to date never needs it.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from ixcoach_desktop.storage.unit_of_work import describe_database_error

    try:
        _apply_migrations(engine)
    except SQLAlchemyError as error:
        raise describe_database_error(error) from error


def _apply_migrations(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as connection:
        # On the driver's connection: through SQLAlchemy the PRAGMA would
        # follow the BEGIN that every statement of ours opens (engine._begin).
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if violations:
                    raise JournalUnusableError(
                        f"Updating the journal would orphan {len(violations)} "
                        f"record(s); nothing was changed."
                    )
        finally:
            driver.execute("PRAGMA foreign_keys=ON")
