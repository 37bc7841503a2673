"""The main window: composes the panes and wires them to the services.

Behaviour lives in the children (contacts pane, editor, chart, strip); this
class builds them, connects signals in ``_connect_signals`` and turns each
user intent into one service call.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEventLoop,
    QModelIndex,
    QSettings,
    Qt,
    QThread,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QPalette,
    QShowEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop import APP_DISPLAY_NAME, __version__
from ixcoach_desktop.domain.buffer import RankedContact
from ixcoach_desktop.domain.guidance import live_guidance
from ixcoach_desktop.domain.models import Contact, Exchange, ExchangePoint, point_of
from ixcoach_desktop.gui.background import BackgroundRunner
from ixcoach_desktop.gui.contact_list_model import ContactListModel, SortKey
from ixcoach_desktop.gui.contacts_pane import ContactsPane
from ixcoach_desktop.gui.draft_keeper import DraftKeeper
from ixcoach_desktop.gui.exchange_editor import ExchangeEditor
from ixcoach_desktop.gui.guidance_view import guidance_html, insights_from
from ixcoach_desktop.gui.history_model import EXCHANGE_ID_ROLE, Column, HistoryModel, PageReader
from ixcoach_desktop.gui.import_export_actions import ImportExportActions
from ixcoach_desktop.gui.insights_strip import EMPTY_INSIGHTS, InsightsStrip
from ixcoach_desktop.gui.reciprocity_chart import ChartSeries, ReciprocityChart
from ixcoach_desktop.gui.undo_commands import (
    DeleteExchangeCommand,
    EditExchangeCommand,
    LogExchangeCommand,
)
from ixcoach_desktop.gui.widgets import name_widget
from ixcoach_desktop.services.errors import InvalidInputError, ServiceError
from ixcoach_desktop.services.guidance import HISTORY_PAGE, ContactOverview
from ixcoach_desktop.services.session import JournalSession

# Dialogs are imported when first opened: the first frame does not need them.
if TYPE_CHECKING:
    from ixcoach_desktop.gui.stress_buffers_dialog import StressBuffersDialog

_STATUS_MS = 6_000
_DEFAULT_SIZE = (1240, 780)
_RANKING_JOB = "ranking"
_LONG_HISTORIES_JOB = "long histories"
# Chart arrays kept for going back to someone (a long history's take ~300 KB).
_SERIES_REMEMBERED = 16
_OVERVIEW_JOB = "overview:"
# Saves come in bursts (save, then another); rank once the burst is over.
_RANKING_DELAY_MS = 800
_WARM_UP_JOB = "warm-up"
# Once the first frame has been up this long, the write path is prepared in
# the background: late enough never to compete with the first frame.
_WARM_UP_DELAY_MS = 500


@dataclass(frozen=True, slots=True)
class _LoadedContact:
    """What the loader thread hands back for the selected contact."""

    overview: ContactOverview
    series: ChartSeries


def _with_saved(
    points: list[ExchangePoint], saved: ExchangePoint, replaced: Exchange | None
) -> list[ExchangePoint]:
    """Oldest-first ``points`` with ``saved`` in its place by date (and ``replaced`` gone)."""
    kept = [p for p in points if replaced is None or p.id != replaced.id]
    bisect.insort(kept, saved, key=_by_date)
    return kept


def _by_date(point: ExchangePoint) -> tuple[datetime, int]:
    # The order the journal reads points in: by time, then id.
    return (point.occurred_at, point.id)


class MainWindow(QMainWindow):
    """The journal's one window."""

    def __init__(self, session: JournalSession, settings: QSettings) -> None:
        super().__init__()
        self._session = session
        self._settings = settings
        self._contact: Contact | None = None
        self._points: list[ExchangePoint] = []
        self._show_archived = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_DISPLAY_NAME)

        self.undo_stack = QUndoStack(self)
        self.background = BackgroundRunner(self)
        # Loads for what the user is looking at get their own worker, so a
        # long ranking never delays a contact switch.
        self.loader = BackgroundRunner(self)
        # Chart arrays by contact, with the points they were made from: the
        # guidance service hands back the same list for a history it
        # remembers. Only the loader's thread touches it.
        self._series_made: dict[int, tuple[list[ExchangePoint], ChartSeries]] = {}
        self._overview_requested = 0
        self._overview_shown = 0
        self._select_after_load: int | None = None
        self._ranking: list[RankedContact] = []
        self._stress_buffers: StressBuffersDialog | None = None
        self._ranking_timer = QTimer(self)
        self._ranking_timer.setSingleShot(True)
        self._ranking_timer.setInterval(_RANKING_DELAY_MS)
        self._warm_up_timer = QTimer(self)
        self._warm_up_timer.setSingleShot(True)
        self._warm_up_timer.setInterval(_WARM_UP_DELAY_MS)
        self.contact_model = ContactListModel()
        self.contacts_pane = ContactsPane(self.contact_model)
        self.editor = ExchangeEditor()
        self.chart = ReciprocityChart()
        self.insights = InsightsStrip()
        self.history_model = HistoryModel()
        self.history = self._build_history_table()
        self.draft_keeper = DraftKeeper(self.editor, session.drafts, parent=self)
        self._build_layout()
        self._build_actions()
        self.import_export = ImportExportActions(
            session,
            self.file_menu,
            self.contacts_pane,
            self.chart,
            self,
            before=self.quit_action,
        )
        self._connect_signals()
        self._restore_layout()
        self._reload_contacts(select=None)

    # --- construction ----------------------------------------------------

    def _build_history_table(self) -> QTableView:
        table = QTableView()
        name_widget(table, "historyTable", "History of exchanges")
        table.setModel(self.history_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = table.fontMetrics()
        for column, sample in (
            (Column.WHEN, "Wed 28 Sep 2026 23:59"),
            (Column.CHANNEL, "In person"),
            (Column.ME, "Them"),
            (Column.THEM, "Them"),
            (Column.RECEPTION, "deeply understood"),
            (Column.TOPICS, "Relationships, Money"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 18)
        return table

    def _build_layout(self) -> None:
        chart_area = QWidget()
        chart_layout = QVBoxLayout(chart_area)
        chart_layout.setContentsMargins(4, 8, 4, 0)
        chart_layout.addWidget(self.insights)
        chart_layout.addWidget(self.chart, 1)

        self.centre_splitter = QSplitter(Qt.Orientation.Vertical)
        self.centre_splitter.setObjectName("centreSplitter")
        self.centre_splitter.addWidget(chart_area)
        self.centre_splitter.addWidget(self.history)
        self.centre_splitter.setStretchFactor(0, 3)
        self.centre_splitter.setStretchFactor(1, 2)

        editor_scroll = QScrollArea()
        editor_scroll.setObjectName("editorScroll")
        editor_scroll.setWidget(self.editor)
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor_scroll.setMinimumWidth(300)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.contacts_pane)
        self.main_splitter.addWidget(self.centre_splitter)
        editor_column = QWidget()
        editor_layout = QVBoxLayout(editor_column)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(0)
        editor_layout.addWidget(self.draft_keeper.bar)
        editor_layout.addWidget(editor_scroll, 1)
        self.main_splitter.addWidget(editor_column)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([220, 640, 420])
        self.main_splitter.setCollapsible(1, False)
        self.setCentralWidget(self.main_splitter)
        self.statusBar().setObjectName("statusBar")

    def _action(
        self,
        text: str,
        object_name: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(object_name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        menu_bar = self.menuBar()
        self.new_contact_action = self._action(
            "&New contact…", "newContactAction", QKeySequence.StandardKey.New
        )
        self.quit_action = self._action("&Quit", "quitAction", QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.new_contact_action)
        self.file_menu = file_menu
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setObjectName("undoAction")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setObjectName("redoAction")
        self.find_action = self._action(
            "&Find contact", "findAction", QKeySequence.StandardKey.Find
        )
        edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

        self.edit_contact_action = self._action("&Edit contact…", "editContactAction", "F2")
        self.archive_action = self._action("&Archive", "archiveContactAction")
        self.stress_buffers_action = self._action(
            "&Stress buffers…", "stressBuffersAction", "Ctrl+B"
        )
        contact_menu = menu_bar.addMenu("&Contact")
        contact_menu.addAction(self.edit_contact_action)
        contact_menu.addAction(self.archive_action)
        contact_menu.addSeparator()
        contact_menu.addAction(self.stress_buffers_action)

        self.save_action = self._action(
            "&Save exchange", "saveExchangeAction", QKeySequence.StandardKey.Save
        )
        self.new_entry_action = self._action("New &entry", "newEntryAction", "Ctrl+Shift+N")
        self.delete_action = self._action(
            "&Delete exchange", "deleteExchangeAction", QKeySequence.StandardKey.Delete
        )
        # Delete acts on the history only, so it never steals the key from text fields.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.history.addAction(self.delete_action)
        self.history.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        exchange_menu = menu_bar.addMenu("E&xchange")
        exchange_menu.addAction(self.save_action)
        exchange_menu.addAction(self.new_entry_action)
        exchange_menu.addAction(self.delete_action)
        self.exchange_menu = exchange_menu

        self.guide_action = self._action("The &practice in brief", "guideAction", "F1")
        self.about_action = self._action(f"&About {APP_DISPLAY_NAME}", "aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.about_action)
        self.help_menu = help_menu

    def _connect_signals(self) -> None:
        self.contacts_pane.contact_selected.connect(self._on_contact_selected)
        self.contacts_pane.add_requested.connect(self._on_new_contact_requested)
        self.contacts_pane.edit_requested.connect(self._on_edit_contact_requested)
        self.contacts_pane.show_archived_changed.connect(self._on_show_archived_changed)
        self.editor.submitted.connect(self._on_exchange_submitted)
        self.editor.levels_changed.connect(self._on_editor_levels_changed)
        self.editor.editing_cancelled.connect(self._on_editor_levels_changed)
        self.history.doubleClicked.connect(self._on_history_double_clicked)
        self.new_contact_action.triggered.connect(self._on_new_contact_requested)
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self._on_find_triggered)
        self.edit_contact_action.triggered.connect(self._on_edit_contact_triggered)
        self.archive_action.triggered.connect(self._on_archive_triggered)
        self.save_action.triggered.connect(self.editor.submit)
        self.new_entry_action.triggered.connect(self._on_new_entry_triggered)
        self.delete_action.triggered.connect(self._on_delete_triggered)
        self.guide_action.triggered.connect(self._on_guide_triggered)
        self.about_action.triggered.connect(self._on_about_triggered)
        self.stress_buffers_action.triggered.connect(self._on_stress_buffers_triggered)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self._ranking_timer.timeout.connect(self._on_ranking_timer_timeout)
        self._warm_up_timer.timeout.connect(self._on_warm_up_timer_timeout)
        self.background.finished.connect(self._on_background_finished)
        self.background.failed.connect(self._on_background_failed)
        self.import_export.journal_changed.connect(self._on_journal_imported)
        self.loader.finished.connect(self._on_loader_finished)
        self.loader.failed.connect(self._on_loader_failed)

    # --- loading -----------------------------------------------------------

    def _reload_contacts(self, select: int | None) -> None:
        try:
            summaries = self._session.contacts.list(include_archived=self._show_archived)
        except ServiceError as error:
            self._report(error)
            return
        self.contact_model.set_contacts(summaries)
        self.contacts_pane.select_contact(select)
        self._update_contact_actions()

    def _load_contact(self, contact_id: int, history_rows: int = HISTORY_PAGE) -> None:
        """Fetch the contact's overview off the UI thread; it arrives in _show_overview.

        A long history takes a noticeable moment to read and analyse; the
        window stays responsive meanwhile, and a newer request supersedes
        an older one still on its way.
        """
        self._overview_requested += 1
        guidance = self._session.guidance

        series_made = self._series_made

        def load() -> _LoadedContact:
            overview = guidance.overview(contact_id, history_rows)
            name = overview.contact.name
            # The chart's arrays are prepared here too, off the UI thread,
            # unless this very history's arrays were made before.
            made = series_made.pop(contact_id, None)
            if made is None or made[0] is not overview.points or made[1].name != name:
                made = (overview.points, ChartSeries.from_points(name, overview.points))
            series_made[contact_id] = made
            while len(series_made) > _SERIES_REMEMBERED:
                del series_made[next(iter(series_made))]
            return _LoadedContact(overview, made[1])

        self.loader.submit(f"{_OVERVIEW_JOB}{self._overview_requested}", load)

    def _history_pages(self, contact_id: int) -> PageReader:
        """Reads the next page of ``contact_id``'s history as the table scrolls down."""
        guidance = self._session.guidance

        def read(older_than: Exchange) -> list[Exchange]:
            try:
                return guidance.history_page(contact_id, older_than)
            except ServiceError as error:
                self.statusBar().showMessage(str(error), _STATUS_MS * 2)
                return []

        return read

    @property
    def loading(self) -> bool:
        """Whether the selected contact's history is still on its way."""
        return self._overview_shown != self._overview_requested

    def wait_until_loaded(self, timeout_s: float = 30.0) -> bool:
        """Process events until the selected contact is shown (for the self-test)."""
        deadline = time.monotonic() + timeout_s
        while self.loading and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            QThread.msleep(2)
        return not self.loading

    def _on_loader_finished(self, name: str, result: object) -> None:
        if name != f"{_OVERVIEW_JOB}{self._overview_requested}":
            return  # superseded by a newer request
        self._overview_shown = self._overview_requested
        if (
            isinstance(result, _LoadedContact)
            and self._contact is not None
            and result.overview.contact.id == self._contact.id
        ):
            self._show_overview(result)

    def _on_loader_failed(self, name: str, message: str) -> None:
        if name == f"{_OVERVIEW_JOB}{self._overview_requested}":
            self._overview_shown = self._overview_requested
        self.statusBar().showMessage(message, _STATUS_MS * 2)

    def _show_overview(self, loaded: _LoadedContact) -> None:
        overview = loaded.overview
        contact = self._contact = overview.contact
        assert contact.id is not None
        # After a save the history and chart already show what was just read.
        if overview.points != self._points or not self._points:
            self._show_points(overview.points, loaded.series)
        if not self.history_model.shows(overview.latest, overview.exchange_count):
            self.history_model.set_exchanges(
                overview.latest, overview.exchange_count, self._history_pages(contact.id)
            )
            self._select_history_row(self._select_after_load)
        self._select_after_load = None
        self.insights.show_insights(insights_from(overview.insights))

    def _show_points(self, points: list[ExchangePoint], series: ChartSeries) -> None:
        """Chart, list entry and live guidance for the current contact."""
        contact = self._contact
        assert contact is not None and contact.id is not None
        self._points = points
        self.chart.show_series(
            series,
            empty_message=f"No exchanges with {contact.name} yet.\n"
            "Log your first conversation on the right.",
        )
        self.contact_model.update_activity(
            contact.id, len(points), points[-1].occurred_at if points else None
        )
        self._on_editor_levels_changed()

    def _show_no_contact(self) -> None:
        self.history_model.set_exchanges([])
        self.chart.show_series(
            None,
            empty_message=""
            if self.contact_model.rowCount()
            else "Your journal is empty.\nAdd a person with “Add person…” (Ctrl+N),\n"
            "then log your first conversation with them.",
        )
        self.insights.show_insights(EMPTY_INSIGHTS)
        self.editor.set_guidance("")

    def _refresh_contact(self, contact_id: int) -> None:
        """After a change to ``contact_id``'s exchanges (save, undo, redo)."""
        if self._contact is not None and self._contact.id == contact_id:
            # As many rows as the table holds, so it keeps its scroll position.
            rows = max(HISTORY_PAGE, len(self.history_model.exchanges()))
            self._load_contact(contact_id, rows)
        else:
            self._reload_contacts(select=contact_id)

    def _update_contact_actions(self) -> None:
        has_contact = self._contact is not None
        self.edit_contact_action.setEnabled(has_contact)
        self.archive_action.setEnabled(has_contact)
        self.save_action.setEnabled(has_contact)
        self.new_entry_action.setEnabled(has_contact)
        archived = self._contact is not None and self._contact.archived
        self.archive_action.setText("Un&archive" if archived else "&Archive")

    # --- slots ---------------------------------------------------------------

    def _on_contact_selected(self, contact_id: int) -> None:
        if contact_id < 0:
            self._contact = None
            self._points = []
            self.editor.set_contact(None)
            self._show_no_contact()
        else:
            # Asked for first: the worker reads while the editor is set up.
            self._load_contact(contact_id)
            summary = self.contact_model.summary_for(contact_id)
            self._contact = None if summary is None else summary.contact
            self._points = []
            self.editor.set_contact(contact_id, "" if summary is None else summary.name)
        self.draft_keeper.contact_opened(
            None if contact_id < 0 else contact_id, self._contact.name if self._contact else ""
        )
        self._update_contact_actions()

    def _on_exchange_submitted(self, exchange: Exchange) -> None:
        before = self.editor.editing
        command: QUndoCommand
        try:
            if before is None:
                saved = self._session.exchanges.log(exchange)
                command = LogExchangeCommand(saved, self._session.exchanges, self._refresh_contact)
            else:
                saved = self._session.exchanges.edit(exchange)
                command = EditExchangeCommand(
                    before, saved, self._session.exchanges, self._refresh_contact
                )
        except InvalidInputError as error:
            self.editor.show_faults(error.faults)
            return
        except ServiceError as error:
            self.editor.show_faults(str(error))
            return
        self.undo_stack.push(command)
        self.editor.reset()
        if before is None:
            self.draft_keeper.entry_saved()
        self._select_after_load = saved.id
        if self._contact is not None and self._contact.id == saved.contact_id:
            # Shown at once from what we have; the insights follow from the loader.
            self.history_model.put(saved, before)
            self._select_history_row(saved.id)
            points = _with_saved(self._points, point_of(saved), replaced=before)
            self._show_points(points, ChartSeries.from_points(self._contact.name, points))
        self._refresh_contact(saved.contact_id)
        verb = "Saved" if before is None else "Updated"
        self.statusBar().showMessage(f"{verb} the exchange. Ctrl+Z undoes it.", _STATUS_MS)

    def _on_delete_triggered(self) -> None:
        index = self.history.currentIndex()
        if not index.isValid():
            return
        exchange_id: int = index.data(EXCHANGE_ID_ROLE)
        try:
            removed = self._session.exchanges.delete(exchange_id)
        except ServiceError as error:
            self._report(error)
            return
        if self.editor.editing is not None and self.editor.editing.id == exchange_id:
            self.editor.reset()
        self.undo_stack.push(
            DeleteExchangeCommand(removed, self._session.exchanges, self._refresh_contact)
        )
        self._refresh_contact(removed.contact_id)
        self.statusBar().showMessage("Deleted the exchange. Ctrl+Z brings it back.", _STATUS_MS)

    def _on_history_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.editor.load(self.history_model.exchange(index.row()))
            self._on_editor_levels_changed()

    def _on_editor_levels_changed(self) -> None:
        draft = self.editor.draft()
        if draft is None:
            self.editor.set_guidance("")
            return
        editing = self.editor.editing
        guidance = live_guidance(
            self._points,
            draft.my_level,
            draft.their_level,
            draft.reception,
            editing_id=None if editing is None else editing.id,
        )
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.editor.set_guidance(guidance_html(guidance, dark=dark))

    def _on_new_contact_requested(self) -> None:
        from ixcoach_desktop.gui.contact_dialog import ContactDialog

        dialog = ContactDialog(self)
        dialog.submitted.connect(self._on_new_contact_submitted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _save_from_dialog(
        self, contact: Contact, save: Callable[[Contact], Contact]
    ) -> Contact | None:
        """Save what the sending dialog holds; on refusal it stays open with the reason."""
        from ixcoach_desktop.gui.contact_dialog import ContactDialog

        dialog = self.sender()
        assert isinstance(dialog, ContactDialog)
        try:
            saved = save(contact)
        except InvalidInputError as error:
            dialog.show_faults(error.faults)
            return None
        except ServiceError as error:
            dialog.show_faults(str(error))
            return None
        dialog.done(ContactDialog.DialogCode.Accepted)
        self._reload_contacts(select=saved.id)
        self._schedule_ranking()
        return saved

    def _on_new_contact_submitted(self, contact: Contact) -> None:
        self.contacts_pane.search.clear()
        saved = self._save_from_dialog(contact, self._session.contacts.add)
        if saved is None:
            return
        # Straight on to logging the first conversation with them.
        self.activateWindow()
        self.editor.my_level.slider.setFocus(Qt.FocusReason.OtherFocusReason)
        self.statusBar().showMessage(f"Added {saved.name}.", _STATUS_MS)

    def _on_edit_contact_triggered(self) -> None:
        if self._contact is not None and self._contact.id is not None:
            self._on_edit_contact_requested(self._contact.id)

    def _on_edit_contact_requested(self, contact_id: int) -> None:
        try:
            contact = self._session.contacts.get(contact_id)
        except ServiceError as error:
            self._report(error)
            return
        from ixcoach_desktop.gui.contact_dialog import ContactDialog

        dialog = ContactDialog(self, contact)
        dialog.submitted.connect(self._on_edited_contact_submitted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_edited_contact_submitted(self, contact: Contact) -> None:
        if self._save_from_dialog(contact, self._session.contacts.edit) is not None:
            self.activateWindow()

    def _on_archive_triggered(self) -> None:
        contact = self._contact
        if contact is None or contact.id is None:
            return
        try:
            if contact.archived:
                self._session.contacts.unarchive(contact.id)
                message = f"{contact.name} is back in your contacts."
            else:
                self._session.contacts.archive(contact.id)
                message = f"Archived {contact.name}. Tick “Show archived” to see them again."
        except ServiceError as error:
            self._report(error)
            return
        self._reload_contacts(select=contact.id if contact.archived else None)
        self._schedule_ranking()
        self.statusBar().showMessage(message, _STATUS_MS)

    def _on_show_archived_changed(self, show: bool) -> None:
        self._show_archived = show
        self._reload_contacts(select=self._contact.id if self._contact else None)

    def _on_journal_imported(self) -> None:
        self._reload_contacts(select=self._contact.id if self._contact else None)
        self._schedule_ranking()

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        # Every save, edit, delete, undo and redo moves the stack.
        self._schedule_ranking()

    def _schedule_ranking(self, *, immediately: bool = False) -> None:
        self._ranking_timer.start(0 if immediately else _RANKING_DELAY_MS)

    def _on_ranking_timer_timeout(self) -> None:
        self.background.submit(_RANKING_JOB, self._session.guidance.ranking)
        # After the ranking, on the same worker: long histories then open
        # without being read, until the next write.
        self.background.submit(_LONG_HISTORIES_JOB, self._session.guidance.cache_long_histories)

    def _on_warm_up_timer_timeout(self) -> None:
        self.background.submit(_WARM_UP_JOB, self._session.warm_up)

    def _on_background_finished(self, name: str, result: object) -> None:
        if name == _RANKING_JOB and isinstance(result, list):
            self._ranking = result
            self.contact_model.set_potentials(
                {row.contact_id: row.buffer_potential for row in result}
            )
            if self._stress_buffers is not None:
                self._stress_buffers.show_ranking(result)

    def _on_background_failed(self, _name: str, message: str) -> None:
        self.statusBar().showMessage(message, _STATUS_MS * 2)

    def _on_stress_buffers_triggered(self) -> None:
        if self._stress_buffers is None:
            from ixcoach_desktop.gui.stress_buffers_dialog import StressBuffersDialog

            dialog = StressBuffersDialog(self)
            dialog.contact_activated.connect(self._on_ranked_contact_activated)
            self._stress_buffers = dialog
        self._stress_buffers.show_ranking(self._ranking)
        self._stress_buffers.show()
        self._stress_buffers.raise_()
        self._schedule_ranking(immediately=True)

    def _on_ranked_contact_activated(self, contact_id: int) -> None:
        self.contacts_pane.search.clear()
        self.contacts_pane.select_contact(contact_id)
        self.activateWindow()

    def _on_find_triggered(self) -> None:
        self.contacts_pane.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.contacts_pane.search.selectAll()

    def _on_new_entry_triggered(self) -> None:
        self.editor.reset()
        self._on_editor_levels_changed()

    def _on_guide_triggered(self) -> None:
        from ixcoach_desktop.gui.guide_dialog import GuideDialog

        GuideDialog(self).show()

    def _on_about_triggered(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(f"About {APP_DISPLAY_NAME}")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"<b>{APP_DISPLAY_NAME}</b> {__version__}")
        box.setInformativeText(
            "A private, local journal for deepening chosen relationships through "
            "reciprocal self-disclosure.<br><br>Your journal stays on this computer:<br>"
            f"<code>{self._session.journal_path}</code>"
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- helpers -------------------------------------------------------------

    @property
    def journal_path(self) -> str:
        return str(self._session.journal_path)

    def exchange_count(self) -> int:
        return self._session.exchanges.count()

    def _select_history_row(self, exchange_id: int | None) -> None:
        row = None if exchange_id is None else self.history_model.row_of(exchange_id)
        if row is not None:
            self.history.selectRow(row)

    def _report(self, error: ServiceError) -> None:
        """A non-blocking message for failures the user did not cause by typing."""
        self.statusBar().showMessage(str(error), _STATUS_MS * 2)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_DISPLAY_NAME, str(error), parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _restore_layout(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._fit_to_screen()
        for splitter, key in (
            (self.main_splitter, "window/mainSplitter"),
            (self.centre_splitter, "window/centreSplitter"),
        ):
            state = self._settings.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)
        try:
            sort_key = SortKey(int(str(self._settings.value("contacts/sort", 0))))
        except ValueError:
            sort_key = SortKey.NAME
        self.contacts_pane.set_sort_key(sort_key)

    def _fit_to_screen(self) -> None:
        """First run: the default size, or the whole screen when that is smaller."""
        width, height = _DEFAULT_SIZE
        screen = self.screen().availableGeometry()
        if screen.width() <= width or screen.height() <= height:
            self.setWindowState(Qt.WindowState.WindowMaximized)
        self.resize(min(width, screen.width()), min(height, screen.height()))

    def save_layout(self) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/mainSplitter", self.main_splitter.saveState())
        self._settings.setValue("window/centreSplitter", self.centre_splitter.saveState())
        self._settings.setValue("contacts/sort", int(self.contacts_pane.sort_key()))
        self._settings.sync()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # Ranked once the window is up: the first frame never waits for it.
        if not self._ranking:
            self._schedule_ranking()
            self._warm_up_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # A window that was never on screen (self-test, tests) has no layout worth keeping.
        if self.isVisible() and not self.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen):
            self.save_layout()
        self._ranking_timer.stop()
        self._warm_up_timer.stop()
        self.import_export.shutdown()
        self.draft_keeper.flush()
        self.background.shutdown()
        self.loader.shutdown()
        self._session.close()
        super().closeEvent(event)
