"""Where a save starts: the editor's entry becomes a journal write and an undo step.

Save (the editor's ``submitted``), edit and delete each make one service
call; the write is then an undo command on the window's stack. What is on
screen follows without reading the history again: the saved row goes into
the history table and the presenter, which works out the chart and the
insights from the points it holds. A delete, an undo or a redo asks the
window to read the contact again (``refresh``); the undo stack itself is
``gui/exchanges/undo.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTableView

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.gui.exchanges.draft_keeper import DraftKeeper
from ixcoach_desktop.gui.exchanges.editor import ExchangeEditor
from ixcoach_desktop.gui.exchanges.history_model import EXCHANGE_ID_ROLE, HistoryModel
from ixcoach_desktop.gui.exchanges.undo import JournalUndo
from ixcoach_desktop.gui.window.selected_contact import SelectedContact
from ixcoach_desktop.services.errors import InvalidInputError, ServiceError
from ixcoach_desktop.services.exchanges import ExchangeService


@dataclass(frozen=True, slots=True)
class ExchangeViews:
    """The widgets a save updates at once."""

    editor: ExchangeEditor
    history: QTableView
    history_model: HistoryModel
    draft_keeper: DraftKeeper


class ExchangeSaving(QObject):
    """Turns the editor's entries and the history's Delete into journal writes.

    Signals:
        status(str): a short note for the status bar.
        problem(str): a failure the user did not cause by typing.
    """

    status = Signal(str)
    problem = Signal(str)

    def __init__(
        self,
        exchanges: ExchangeService,
        undo: JournalUndo,
        views: ExchangeViews,
        selected: SelectedContact,
        refresh: Callable[[int], None],
    ) -> None:
        super().__init__(undo)
        self._exchanges = exchanges
        self._undo = undo
        self._editor = views.editor
        self._history = views.history
        self._history_model = views.history_model
        self._draft_keeper = views.draft_keeper
        self._selected = selected
        self._refresh = refresh

    def on_submitted(self, exchange: Exchange) -> None:
        """Save the editor's entry: a new exchange, or the one being edited."""
        before = self._editor.editing
        try:
            if before is None:
                saved = self._exchanges.log(exchange)
            else:
                saved = self._exchanges.edit(exchange)
        except InvalidInputError as error:
            self._editor.show_faults(error.faults)
            return
        except ServiceError as error:
            self._editor.show_faults(str(error))
            return
        if before is None:
            self._undo.push_log(saved)
        else:
            self._undo.push_edit(before, saved)
        self._editor.reset()
        if before is None:
            self._draft_keeper.entry_saved()
        if self._selected.contact_id == saved.contact_id:
            self._history_model.put(saved, before)
            row = self._history_model.row_of(saved.id) if saved.id is not None else None
            if row is not None:
                self._history.selectRow(row)
            self._selected.saved(saved, before)
        else:
            self._refresh(saved.contact_id)
        verb = "Saved" if before is None else "Updated"
        self.status.emit(f"{verb} the exchange. Ctrl+Z undoes it.")

    def on_delete_triggered(self) -> None:
        """Delete the exchange selected in the history."""
        index = self._history.currentIndex()
        if not index.isValid():
            return
        exchange_id: int = index.data(EXCHANGE_ID_ROLE)
        try:
            removed = self._exchanges.delete(exchange_id)
        except ServiceError as error:
            self.problem.emit(str(error))
            return
        editing = self._editor.editing
        if editing is not None and editing.id == exchange_id:
            self._editor.reset()
        self._undo.push_delete(removed)
        self._refresh(removed.contact_id)
        self.status.emit("Deleted the exchange. Ctrl+Z brings it back.")
