"""The unit of work owns the Session: one ``with`` block is one transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from ixcoach_desktop.domain.failures import JournalUnusableError
from ixcoach_desktop.storage.busy import is_locked_or_busy
from ixcoach_desktop.storage.engine import writer
from ixcoach_desktop.storage.repositories import ContactRepository, ExchangeRepository


def describe_database_error(error: SQLAlchemyError) -> JournalUnusableError:
    """A user-facing error for a failure of the file, not of our code."""
    detail = str(getattr(error, "orig", error))
    lowered = detail.lower()
    if is_locked_or_busy(error):
        return JournalUnusableError(
            "The journal is busy in another program; nothing was saved. Try again."
        )
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return JournalUnusableError(
            "The disk is full; nothing was saved. Free some space and try again."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return JournalUnusableError("The journal is read-only; nothing was saved.")
    if "not a database" in lowered or "malformed" in lowered:
        return JournalUnusableError(f"The journal file is damaged ({detail}); nothing was saved.")
    if isinstance(error, OperationalError):
        return JournalUnusableError(f"The journal could not be used: {detail}.")
    return JournalUnusableError(f"The journal refused the change: {detail}.")


class UnitOfWork:
    """``with uow: ...; uow.commit()`` — anything not committed is rolled back.

    Writing units take SQLite's write lock at BEGIN, so concurrent writers
    queue instead of failing half-way.
    """

    contacts: ContactRepository
    exchanges: ExchangeRepository

    def __init__(
        self,
        engine: Engine,
        *,
        write: bool = True,
        on_commit: Callable[[Collection[int] | None], None] | None = None,
    ) -> None:
        self._engine = writer(engine) if write else engine
        self._session: Session | None = None
        self._on_commit = on_commit

    def __enter__(self) -> Self:
        self._session = Session(self._engine, expire_on_commit=False)
        self.contacts = ContactRepository(self._session)
        self.exchanges = ExchangeRepository(self._session)
        return self

    def __exit__(
        self,
        _exc_type: type[BaseException] | None,
        exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        session = self._require_session()
        try:
            session.rollback()
        finally:
            session.close()
            self._session = None
        if isinstance(exc, SQLAlchemyError):
            raise describe_database_error(exc) from exc

    def commit(self, *, changed_contacts: Collection[int] | None = None) -> None:
        """Commit; ``changed_contacts`` names every contact whose data the unit changed.

        Left out, the whole journal counts as changed. Naming them lets what
        was read about everyone else stay in use (see Journal.unchanged_since).
        """
        try:
            self._require_session().commit()
        except SQLAlchemyError as error:
            raise describe_database_error(error) from error
        if self._on_commit is not None:
            self._on_commit(changed_contacts)

    def _require_session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its with-block")
        return self._session
