"""Bringing a journal file to the current schema, and refusing one from the future."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from ixcoach_desktop.storage.errors import JournalError, NewerJournalError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Every revision this version of the app knows, oldest first. Kept here so
# start-up can tell "up to date" without importing Alembic (a test checks it
# against the migration scripts).
KNOWN_REVISIONS: tuple[str, ...] = ("0001_initial",)
HEAD_REVISION = KNOWN_REVISIONS[-1]


class SchemaState(Enum):
    EMPTY = "empty"
    CURRENT = "current"
    OUTDATED = "outdated"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(engine: Engine) -> SchemaState:
    """Where the journal stands; raises NewerJournalError for an unknown revision."""
    revision = current_revision(engine)
    if revision is None:
        return SchemaState.EMPTY
    if revision not in KNOWN_REVISIONS:
        raise NewerJournalError(
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
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if violations:
                    raise JournalError(
                        f"Updating the journal would orphan {len(violations)} "
                        f"record(s); nothing was changed."
                    )
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
