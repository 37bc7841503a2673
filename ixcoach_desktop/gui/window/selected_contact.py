"""Who is selected, and what of them is shown: the one owner of that state.

The window's panes show one person at a time: the contact list's highlight,
the editor's heading, the chart, the history and the insights strip. This
presenter (Qt-aware, widget-free) holds that person and everything read
about them; the panes only draw what its signals hand them, so they cannot
drift apart.

Reads run on a ``TaskRunner`` worker. A newer selection cancels the load
still on its way. After a save the presenter trusts what it holds: the saved
exchange joins the points at once, and only the chart arrays and insights
are worked out again, off the UI thread, from those points. Anything else
that changes a history (undo, redo, delete, import) reloads it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from ixcoach_desktop.domain.insights import RelationshipInsights
from ixcoach_desktop.domain.models import Contact, Exchange, ExchangePoint, point_of
from ixcoach_desktop.domain.stress_sums import StressEntry
from ixcoach_desktop.gui.chart import ChartSeries
from ixcoach_desktop.gui.exchanges.history_model import PageReader
from ixcoach_desktop.gui.runtime.tasks import Task, TaskFailure, TaskRunner
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.relationships import HISTORY_PAGE, GuidanceService

T = TypeVar("T")

# A failed read (the journal busy with a backup, say) is tried again after
# this long, doubling up to the maximum, for as long as the person stays selected.
RETRY_FIRST_MS = 500
RETRY_MAX_MS = 8_000


@dataclass(frozen=True, slots=True)
class ContactView:
    """What is shown of the selected contact, prepared off the UI thread."""

    contact: Contact
    # The whole history without its texts, oldest first: the chart and live guidance.
    points: list[ExchangePoint]
    # None when the chart already shows these points (``charted`` came first).
    series: ChartSeries | None
    insights: RelationshipInsights
    # The newest exchanges in full, newest first, for the history table; None
    # when the table was already brought up to date (after a save).
    latest: list[Exchange] | None

    @property
    def exchange_count(self) -> int:
        return len(self.points)

    @property
    def last_exchange_at(self) -> datetime | None:
        return self.points[-1].occurred_at if self.points else None


class SelectedContact(QObject):
    """The selected contact and what is read about them.

    Signals:
        selected(object): the selection changed to this ``Contact`` (or None);
            emitted at once, before anything is read.
        charted(object): the ``ChartSeries`` of the selected contact is ready,
            ahead of the rest of what is shown of them: the chart is what the
            user looks at first, and its arrays are the quickest to make.
        shown(object): a ``ContactView`` of the selected contact is ready.
        stress_logged(object): the selected contact's exchanges with stress
            before and after (a list of ``StressEntry``), once asked for with
            ``want_stress_entries`` and after each save while known.
        failed(str): the selected contact could not be read; tried again later.
        problem(str): a page of history or the stress logs could not be read;
            what is shown stays as it is.
        loaded(): what the panes show matches the selection (after ``shown``,
            after selecting nobody, or after a failure).
    """

    selected = Signal(object)
    charted = Signal(object)
    shown = Signal(object)
    stress_logged = Signal(object)
    failed = Signal(str)
    problem = Signal(str)
    loaded = Signal()

    def __init__(
        self, guidance: GuidanceService, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._guidance = guidance
        self._runner = runner
        self._contact: Contact | None = None
        self._points: list[ExchangePoint] = []
        # None until the Stress tab asks for them.
        self._stress_entries: list[StressEntry] | None = None
        self._stress_task: Task[list[StressEntry]] | None = None
        self._task: Task[Any] | None = None
        self._retry_ms = RETRY_FIRST_MS
        # The rest of the view, read once the chart has been redrawn.
        self._pending: Callable[[], ContactView] | None = None
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._on_next_timeout)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._on_retry_timeout)

    @property
    def contact(self) -> Contact | None:
        return self._contact

    @property
    def contact_id(self) -> int | None:
        return None if self._contact is None else self._contact.id

    @property
    def points(self) -> list[ExchangePoint]:
        """The selected contact's history as last shown, oldest first."""
        return self._points

    @property
    def loading(self) -> bool:
        """Whether a read for the selected contact is still on its way."""
        return self._task is not None or self._pending is not None

    def select(self, contact: Contact | None) -> None:
        """Show ``contact`` (None: nobody); their history is read off the UI thread."""
        self._cancel()
        self._contact = contact
        self._points = []
        self._stress_entries = None
        self.selected.emit(contact)
        if contact is None:
            self.loaded.emit()
        else:
            self._retry_ms = RETRY_FIRST_MS
            self._load(HISTORY_PAGE)

    def reload(self, history_rows: int = HISTORY_PAGE) -> None:
        """Read the selected contact again, after a change made elsewhere."""
        if self._contact is not None:
            was_known = self._stress_entries is not None
            self._cancel()
            self._stress_entries = None
            if was_known:
                self.want_stress_entries()
            self._load(history_rows)

    def saved(self, saved: Exchange, replaced: Exchange | None) -> None:
        """``saved`` (replacing ``replaced`` when edited) was written for the selected contact.

        The points are updated at once; the chart arrays and the insights
        follow from the worker. The caller has put the row in the history.
        """
        contact = self._contact
        if contact is None or contact.id != saved.contact_id:
            return
        if self.loading:
            # A read still on its way started before the save: read again instead.
            self.reload()
            return
        points = [p for p in self._points if replaced is None or p.id != replaced.id]
        bisect.insort(points, point_of(saved), key=_by_date)
        self._points = points
        if self._stress_entries is not None:
            self._stress_entries = _with_saved(self._stress_entries, saved, replaced)
            self.stress_logged.emit(self._stress_entries)
        guidance = self._guidance

        def view() -> ContactView:
            return ContactView(
                contact=contact,
                points=points,
                series=None,
                insights=guidance.insights(contact, points),
                latest=None,
            )

        self._start(lambda: ChartSeries.from_points(contact.name, points), self._then(view))

    def want_stress_entries(self) -> None:
        """Read the selected contact's stress logs, unless they are known (``stress_logged``)."""
        contact_id = self.contact_id
        if contact_id is None or self._stress_task is not None:
            return
        if self._stress_entries is not None:
            self.stress_logged.emit(self._stress_entries)
            return
        guidance = self._guidance
        self._stress_task = self._runner.run(
            lambda: guidance.stress_entries(contact_id),
            self._on_stress_entries_read,
            self._on_stress_entries_failed,
        )

    def _on_stress_entries_read(self, entries: list[StressEntry]) -> None:
        self._stress_task = None
        self._stress_entries = entries
        self.stress_logged.emit(entries)

    def _on_stress_entries_failed(self, failure: TaskFailure) -> None:
        self._stress_task = None
        self.problem.emit(failure.message)

    def history_pages(self) -> PageReader:
        """Reads the next page of the selected contact's history as the table scrolls down."""
        contact_id = self.contact_id
        guidance = self._guidance

        def read(older_than: Exchange) -> list[Exchange]:
            if contact_id is None:
                return []
            try:
                return guidance.history_page(contact_id, older_than)
            except ServiceError as error:
                self.problem.emit(str(error))
                return []

        return read

    def shutdown(self) -> None:
        """Drop any read on its way; nothing more is emitted."""
        self._retry.stop()
        self._cancel()

    def _load(self, history_rows: int) -> None:
        contact = self._contact
        assert contact is not None
        assert contact.id is not None
        contact_id, name = contact.id, contact.name
        guidance = self._guidance
        read: list[list[ExchangePoint]] = []

        def chart() -> ChartSeries:
            points = guidance.points(contact_id)
            read.append(points)
            return ChartSeries.from_points(name, points)

        def view() -> ContactView:
            overview = guidance.overview(contact_id, history_rows, points=read[0])
            return ContactView(
                contact=overview.contact,
                points=overview.points,
                series=None,
                insights=overview.insights,
                latest=overview.latest,
            )

        self._start(chart, self._then(view))

    def _start(self, work: Callable[[], T], on_success: Callable[[T], None]) -> None:
        self._retry.stop()
        self._task = self._runner.run(work, on_success, self._on_view_failed)

    def _then(self, view: Callable[[], ContactView]) -> Callable[[ChartSeries], None]:
        """Show the chart, then work out the rest of the view on the worker."""

        def on_charted(series: ChartSeries) -> None:
            self.charted.emit(series)
            # Started once the events queued so far have run, the chart's
            # redraw among them: a worker busy with the rest of the view
            # would compete with that redraw for the interpreter.
            self._pending = view
            self._next.start()

        return on_charted

    def _cancel(self) -> None:
        self._retry.stop()
        self._next.stop()
        self._pending = None
        if self._stress_task is not None:
            self._stress_task.cancel()
            self._stress_task = None
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _on_next_timeout(self) -> None:
        view, self._pending = self._pending, None
        if view is not None:
            self._start(view, self._on_view_ready)

    def _on_view_ready(self, view: ContactView) -> None:
        self._task = None
        self._contact = view.contact
        self._points = view.points
        self.shown.emit(view)
        self.loaded.emit()

    def _on_view_failed(self, failure: TaskFailure) -> None:
        self._task = None
        self.failed.emit(failure.message)
        self.loaded.emit()
        self._retry.start(self._retry_ms)
        self._retry_ms = min(self._retry_ms * 2, RETRY_MAX_MS)

    def _on_retry_timeout(self) -> None:
        if self._contact is not None and not self.loading:
            self._load(HISTORY_PAGE)


def _with_saved(
    entries: list[StressEntry], saved: Exchange, replaced: Exchange | None
) -> list[StressEntry]:
    """``entries`` with ``saved``'s stress in place of ``replaced``'s (when it has both)."""
    kept = [e for e in entries if replaced is None or e.id != replaced.id]
    if saved.id is not None and saved.stress_before is not None and saved.stress_after is not None:
        entry = StressEntry(
            id=saved.id,
            occurred_at=saved.occurred_at,
            before=saved.stress_before,
            after=saved.stress_after,
        )
        bisect.insort(kept, entry, key=_entry_by_date)
    return kept


def _entry_by_date(entry: StressEntry) -> tuple[datetime, int]:
    return (entry.occurred_at, entry.id)


def _by_date(point: ExchangePoint) -> tuple[datetime, int]:
    # The order the journal reads points in: by time, then id.
    return (point.occurred_at, point.id)
