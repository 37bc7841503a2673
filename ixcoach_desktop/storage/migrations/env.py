"""Alembic environment: always run on a connection handed in by storage.schema."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from ixcoach_desktop.storage.orm import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError(
        "migrations run through ixcoach_desktop.storage.schema.upgrade, which hands in a connection"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
    render_as_batch=True,
    compare_type=True,
)
context.run_migrations()
