"""Undoable journal changes: log, edit and delete of exchanges.

Each command is pushed after its first change has succeeded (so a refused
save never enters the stack); ``redo`` re-applies it only after an undo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.services.exchanges import ExchangeService

# Called after every change with the contact whose exchanges changed.
Refresh = Callable[[int], None]


class _JournalCommand(QUndoCommand):
    def __init__(self, text: str, service: ExchangeService, refresh: Refresh) -> None:
        super().__init__(text)
        self._service = service
        self._refresh = refresh
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            return  # the change was made before the push
        self._apply()
        self._applied = True

    def undo(self) -> None:
        self._revert()
        self._applied = False

    def _apply(self) -> None:
        raise NotImplementedError

    def _revert(self) -> None:
        raise NotImplementedError


class LogExchangeCommand(_JournalCommand):
    def __init__(self, saved: Exchange, service: ExchangeService, refresh: Refresh) -> None:
        super().__init__("Log exchange", service, refresh)
        self._saved = saved

    def _apply(self) -> None:
        self._service.restore(self._saved)
        self._refresh(self._saved.contact_id)

    def _revert(self) -> None:
        assert self._saved.id is not None
        self._service.delete(self._saved.id)
        self._refresh(self._saved.contact_id)


class EditExchangeCommand(_JournalCommand):
    def __init__(
        self, before: Exchange, after: Exchange, service: ExchangeService, refresh: Refresh
    ) -> None:
        super().__init__("Edit exchange", service, refresh)
        self._before = before
        self._after = after

    def _apply(self) -> None:
        self._service.edit(self._after)
        self._refresh(self._after.contact_id)

    def _revert(self) -> None:
        self._service.edit(self._before)
        self._refresh(self._before.contact_id)


class DeleteExchangeCommand(_JournalCommand):
    def __init__(self, removed: Exchange, service: ExchangeService, refresh: Refresh) -> None:
        super().__init__("Delete exchange", service, refresh)
        self._removed = removed

    def _apply(self) -> None:
        assert self._removed.id is not None
        self._service.delete(self._removed.id)
        self._refresh(self._removed.contact_id)

    def _revert(self) -> None:
        self._service.restore(self._removed)
        self._refresh(self._removed.contact_id)
