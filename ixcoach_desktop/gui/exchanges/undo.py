"""Undoable journal changes (log, edit and delete of exchanges) on a stack kept honest.

Each change is pushed after it has succeeded (so a refused save never enters
the stack). An undo or redo the journal refuses (it is busy in another
program, say) changes nothing: QUndoStack moves its index whether or not the
command succeeded, so the stack is put back where it was, and the same undo
can be tried again later.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.exchanges import ExchangeService


class JournalUndo(QObject):
    """The window's undo stack for exchanges, in step with the journal.

    Signals:
        changed(int): an undo or redo changed this contact's exchanges.
        failed(str): the journal refused an undo or redo; the message is for
            the user. Emitted once the stack is back where it was.
    """

    changed = Signal(int)
    failed = Signal(str)

    def __init__(self, service: ExchangeService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.stack = QUndoStack(self)

    def push_log(self, saved: Exchange) -> None:
        """``saved`` has just been logged."""
        self.stack.push(_LogExchange(self, self._service, saved))

    def push_edit(self, before: Exchange, after: Exchange) -> None:
        """``before`` has just been saved as ``after``."""
        self.stack.push(_EditExchange(self, self._service, before, after))

    def push_delete(self, removed: Exchange) -> None:
        """``removed`` has just been deleted."""
        self.stack.push(_DeleteExchange(self, self._service, removed))

    def refused(self, error: ServiceError, *, undoing: bool) -> None:
        """Called by a command whose undo (or redo) the journal has just refused."""
        # Called from inside QUndoStack.undo()/redo(), which moves its index
        # one step once the command returns: the stack can only be put back
        # after that, from the event loop. The window moves the stack one
        # step at a time (its Undo and Redo actions), so the index is still
        # the one before the step.
        before = self.stack.index()
        landed = before - 1 if undoing else before + 1
        QTimer.singleShot(0, self, partial(self._put_back, before, landed, str(error)))

    def _put_back(self, before: int, landed: int, message: str) -> None:
        # Anything that moved the stack since is left alone: the command's
        # undo and redo only change the journal when it is not already in
        # that state, so a later redo or undo still does the right thing.
        if self.stack.index() == landed:
            # Calls the command's redo (or undo) once more, which finds the
            # journal already in that state and changes nothing.
            self.stack.setIndex(before)
        self.failed.emit(message)


class _JournalCommand(QUndoCommand):
    """A change already made; undo reverts it, redo applies it again.

    ``_applied`` says whether the journal holds the change. Undo and redo
    act only when it does not match what they are asked for, which makes
    the push (redo of a change already made) and the stack being put back
    after a refusal (see JournalUndo._put_back) change nothing.
    """

    def __init__(self, text: str, journal: JournalUndo, service: ExchangeService) -> None:
        super().__init__(text)
        self._journal = journal
        self._service = service
        self._applied = True

    def redo(self) -> None:
        if not self._applied:
            self._attempt(self._apply, undoing=False)

    def undo(self) -> None:
        if self._applied:
            self._attempt(self._revert, undoing=True)

    def _attempt(self, change: Callable[[], int], *, undoing: bool) -> None:
        try:
            contact_id = change()
        except ServiceError as error:
            self._journal.refused(error, undoing=undoing)
            return
        self._applied = not undoing
        self._journal.changed.emit(contact_id)

    def _apply(self) -> int:
        """Make the change again; returns the contact whose exchanges changed."""
        raise NotImplementedError

    def _revert(self) -> int:
        """Take the change back; returns the contact whose exchanges changed."""
        raise NotImplementedError


class _LogExchange(_JournalCommand):
    def __init__(self, journal: JournalUndo, service: ExchangeService, saved: Exchange) -> None:
        super().__init__("Log exchange", journal, service)
        assert saved.id is not None
        self._saved = saved
        self._id = saved.id

    def _apply(self) -> int:
        self._service.restore(self._saved)
        return self._saved.contact_id

    def _revert(self) -> int:
        self._service.delete(self._id)
        return self._saved.contact_id


class _EditExchange(_JournalCommand):
    def __init__(
        self, journal: JournalUndo, service: ExchangeService, before: Exchange, after: Exchange
    ) -> None:
        super().__init__("Edit exchange", journal, service)
        self._before = before
        self._after = after

    def _apply(self) -> int:
        self._service.edit(self._after)
        return self._after.contact_id

    def _revert(self) -> int:
        self._service.edit(self._before)
        return self._before.contact_id


class _DeleteExchange(_JournalCommand):
    def __init__(self, journal: JournalUndo, service: ExchangeService, removed: Exchange) -> None:
        super().__init__("Delete exchange", journal, service)
        assert removed.id is not None
        self._removed = removed
        self._id = removed.id

    def _apply(self) -> int:
        self._service.delete(self._id)
        return self._removed.contact_id

    def _revert(self) -> int:
        self._service.restore(self._removed)
        return self._removed.contact_id
