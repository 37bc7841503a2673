"""The main window: builds the panes, wires them together, closes them in order.

Behaviour lives elsewhere: who is selected and what is shown of them in
``selected_contact``; saves and deletes in ``saving``; the menus in
``menus``; contact dialogs and the ranking in ``gui/contacts``; the editor,
history and insights in ``gui/exchanges``; the chart in ``gui/chart``; file
menu features in ``gui/file_actions``. This class builds them and connects
their signals in ``_connect_signals``.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox

from ixcoach_desktop import APP_DISPLAY_NAME
from ixcoach_desktop.domain.buffer import RankedContact
from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.gui.chart import ReciprocityChart
from ixcoach_desktop.gui.chart.stress_chart import StressChart
from ixcoach_desktop.gui.contacts.editing import ContactEditing
from ixcoach_desktop.gui.contacts.list_model import ContactListModel
from ixcoach_desktop.gui.contacts.pane import ContactsPane
from ixcoach_desktop.gui.contacts.ranking import RankingScheduler, StressBuffers
from ixcoach_desktop.gui.exchanges.draft_keeper import DraftKeeper
from ixcoach_desktop.gui.exchanges.editor import ExchangeEditor
from ixcoach_desktop.gui.exchanges.history_model import HistoryModel
from ixcoach_desktop.gui.exchanges.history_table import build_history_table
from ixcoach_desktop.gui.exchanges.insights_strip import InsightsStrip
from ixcoach_desktop.gui.exchanges.live_guidance import LiveGuidance
from ixcoach_desktop.gui.exchanges.undo import JournalUndo
from ixcoach_desktop.gui.file_actions.transfer import ImportExportActions
from ixcoach_desktop.gui.runtime.tasks import TaskFailure, TaskRunner
from ixcoach_desktop.gui.widgets import show_message
from ixcoach_desktop.gui.window.help import GuideDialog, show_about
from ixcoach_desktop.gui.window.layout import LayoutState, arrange
from ixcoach_desktop.gui.window.menus import build_menus
from ixcoach_desktop.gui.window.panes import ContactPanes, SelectionView
from ixcoach_desktop.gui.window.saving import ExchangeSaving, ExchangeViews
from ixcoach_desktop.gui.window.selected_contact import SelectedContact
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.relationships import HISTORY_PAGE
from ixcoach_desktop.services.session import JournalSession

STATUS_MS = 6_000
# Once the first frame has been up this long, the write path is prepared in
# the background: late enough never to compete with the first frame.
WARM_UP_DELAY_MS = 500


class MainWindow(QMainWindow):
    """The journal's one window.

    Signals come from its children; ``selected.loaded`` says the panes show
    the selected contact (or nobody).
    """

    def __init__(self, session: JournalSession, settings: QSettings) -> None:
        super().__init__()
        self._session = session
        self._show_archived = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.statusBar().setObjectName("statusBar")

        # Loads of what the user looks at get their own worker, so a long
        # ranking or backup never delays a contact switch.
        self.loader = TaskRunner(self, name="ixcoach-load")
        self.background = TaskRunner(self, name="ixcoach-bg")
        self.journal_undo = JournalUndo(session.exchanges, self)
        self.undo_stack = self.journal_undo.stack
        self.contact_model = ContactListModel()
        self.contacts_pane = ContactsPane(self.contact_model)
        self.editor = ExchangeEditor()
        self.chart = ReciprocityChart()
        self.stress_chart = StressChart()
        self.insights = InsightsStrip()
        self.history_model = HistoryModel()
        self.history = build_history_table(self.history_model)
        self.draft_keeper = DraftKeeper(self.editor, session.drafts, parent=self)
        self.selected = SelectedContact(session.guidance, self.loader, self)
        self.live_guidance = LiveGuidance(self.editor, lambda: self.selected.points)
        self.ranking = RankingScheduler(session.guidance, self.background, self)
        self.stress_buffers = StressBuffers(self.ranking, self)
        self.contact_editing = ContactEditing(session.contacts, self)
        self.saving = ExchangeSaving(
            session.exchanges,
            self.journal_undo,
            ExchangeViews(self.editor, self.history, self.history_model, self.draft_keeper),
            self.selected,
            self._refresh_contact,
        )
        self._warm_up_timer = QTimer(self)
        self._warm_up_timer.setSingleShot(True)
        self._warm_up_timer.setInterval(WARM_UP_DELAY_MS)

        splitters = arrange(
            self,
            self.contacts_pane,
            (self.insights, (self.chart, self.stress_chart), self.history),
            (self.draft_keeper.bar, self.editor),
        )
        self.main_splitter, self.centre_splitter = splitters.main, splitters.centre
        self.chart_tabs = splitters.chart_tabs
        self.menus = build_menus(self, self.undo_stack, self.history)
        self.file_menu = self.menus.file_menu
        self.quit_action = self.menus.file.quit
        self.archive_action = self.menus.contact.archive
        self.stress_buffers_action = self.menus.contact.stress_buffers
        file = self.menus.file
        self.import_export = ImportExportActions(
            session,
            (file.import_, file.export, file.export_chart),
            self.contacts_pane,
            self.chart,
            self,
        )
        self.layout_state = LayoutState(settings, self, splitters, self.contacts_pane)
        self.selection_view = SelectionView(
            self.selected,
            ContactPanes(
                self.contact_model,
                self.editor,
                self.chart,
                self.stress_chart,
                self.history_model,
                self.insights,
                self.draft_keeper,
                self.live_guidance,
            ),
            self.menus,
        )
        self._connect_signals()
        self.layout_state.restore()
        self._reload_contacts(select=None)

    def _connect_signals(self) -> None:
        menus = self.menus
        pane = self.contacts_pane
        pane.contact_selected.connect(self._on_contact_selected)
        pane.add_requested.connect(self.contact_editing.new_contact)
        pane.edit_requested.connect(self.contact_editing.edit_contact)
        pane.show_archived_changed.connect(self._on_show_archived_changed)
        self.selected.failed.connect(self._show_status)
        self.selected.problem.connect(self._show_status)
        self.editor.submitted.connect(self.saving.on_submitted)
        self.history.doubleClicked.connect(self._on_history_double_clicked)
        for source in (self.saving, self.contact_editing):
            source.status.connect(self._show_status)
            source.problem.connect(self._report)
        self.contact_editing.changed.connect(self._on_contacts_changed)
        self.contact_editing.added.connect(self._on_contact_added)
        self.ranking.ranked.connect(self._on_ranking_ranked)
        self.ranking.failed.connect(self._show_status)
        self.ranking.stress_ready.connect(self.selection_view.show_journal_stress)
        self.import_export.journal_changed.connect(self._on_journal_imported)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.journal_undo.changed.connect(self._refresh_contact)
        self.journal_undo.failed.connect(self._report)
        self._warm_up_timer.timeout.connect(self._on_warm_up_timer_timeout)
        menus.file.new_contact.triggered.connect(self.contact_editing.new_contact)
        menus.file.quit.triggered.connect(self.close)
        menus.edit.find.triggered.connect(self._on_find_triggered)
        menus.contact.edit.triggered.connect(self._on_edit_contact_triggered)
        menus.contact.archive.triggered.connect(self._on_archive_triggered)
        menus.contact.stress_buffers.triggered.connect(self.stress_buffers.open)
        self.stress_buffers.contact_activated.connect(self._on_ranked_contact_activated)
        menus.exchange.save.triggered.connect(self.editor.submit)
        menus.exchange.new_entry.triggered.connect(self._on_new_entry_triggered)
        menus.exchange.delete.triggered.connect(self.saving.on_delete_triggered)
        menus.help.guide.triggered.connect(self._on_guide_triggered)
        menus.help.about.triggered.connect(self._on_about_triggered)

    # --- the selected contact ------------------------------------------------

    @property
    def loading(self) -> bool:
        """Whether the selected contact's history is still on its way."""
        return self.selected.loading

    def _reload_contacts(self, select: int | None) -> None:
        try:
            summaries = self._session.contacts.list(include_archived=self._show_archived)
        except ServiceError as error:
            self._report(str(error))
            return
        self.contact_model.set_contacts(summaries)
        self.contacts_pane.select_contact(select)

    def _refresh_contact(self, contact_id: int) -> None:
        """After a change to ``contact_id``'s exchanges (delete, undo, redo)."""
        if self.selected.contact_id == contact_id:
            # As many rows as the table holds, so it keeps its scroll position.
            self.selected.reload(max(HISTORY_PAGE, self.history_model.rowCount()))
        else:
            self._reload_contacts(select=contact_id)

    def _on_contact_selected(self, contact_id: int) -> None:
        summary = self.contact_model.summary_for(contact_id) if contact_id >= 0 else None
        self.selected.select(None if summary is None else summary.contact)

    def _on_history_double_clicked(self) -> None:
        index = self.history.currentIndex()
        if index.isValid():
            self.editor.load(self.history_model.exchange(index.row()))
            self.live_guidance.update()

    # --- contacts and the ranking ----------------------------------------------

    def _on_contacts_changed(self, select: int | None) -> None:
        self._reload_contacts(select=select)
        self.ranking.schedule()

    def _on_contact_added(self, contact: Contact) -> None:
        self.contacts_pane.search.clear()
        self.contacts_pane.select_contact(contact.id)
        # Straight on to logging the first conversation with them.
        self.activateWindow()
        self.editor.my_level.slider.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_edit_contact_triggered(self) -> None:
        contact_id = self.selected.contact_id
        if contact_id is not None:
            self.contact_editing.edit_contact(contact_id)

    def _on_archive_triggered(self) -> None:
        if self.selected.contact is not None:
            self.contact_editing.toggle_archived(self.selected.contact)

    def _on_show_archived_changed(self, show: bool) -> None:
        self._show_archived = show
        self._reload_contacts(select=self.selected.contact_id)

    def _on_journal_imported(self) -> None:
        self._reload_contacts(select=self.selected.contact_id)
        self.ranking.schedule()

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        # Every save, edit, delete, undo and redo moves the stack.
        self.ranking.schedule()

    def _on_ranking_ranked(self, ranking: list[RankedContact]) -> None:
        self.contact_model.set_potentials({row.contact_id: row.buffer_potential for row in ranking})

    def _on_ranked_contact_activated(self, contact_id: int) -> None:
        self.contacts_pane.search.clear()
        self.contacts_pane.select_contact(contact_id)
        self.activateWindow()

    def _on_warm_up_timer_timeout(self) -> None:
        self.background.run(self._session.warm_up, _ignore, self._on_warm_up_failed)

    def _on_warm_up_failed(self, failure: TaskFailure) -> None:
        self.statusBar().showMessage(failure.message, STATUS_MS * 2)

    # --- small commands ----------------------------------------------------------

    def _on_find_triggered(self) -> None:
        self.contacts_pane.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.contacts_pane.search.selectAll()

    def _on_new_entry_triggered(self) -> None:
        self.editor.reset()
        self.live_guidance.update()

    def _on_guide_triggered(self) -> None:
        GuideDialog(self).show()

    def _on_about_triggered(self) -> None:
        show_about(self, self.journal_path)

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MS)

    def _report(self, message: str) -> None:
        """A non-blocking message for failures the user did not cause by typing."""
        self.statusBar().showMessage(message, STATUS_MS * 2)
        show_message(self, QMessageBox.Icon.Warning, message)

    # --- for the composition root and checks -----------------------------------

    @property
    def journal_path(self) -> str:
        return str(self._session.journal_path)

    def exchange_count(self) -> int:
        return self._session.exchanges.count()

    def save_layout(self) -> None:
        self.layout_state.save()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # Ranked once the window is up: the first frame never waits for it.
        if not self.ranking.ranking:
            self.ranking.schedule()
            self._warm_up_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # A window that was never on screen (self-test, tests) has no layout worth keeping.
        if self.isVisible() and not self.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen):
            self.layout_state.save()
        self.ranking.stop()
        self._warm_up_timer.stop()
        self.selected.shutdown()
        self.import_export.shutdown()
        self.draft_keeper.flush()
        self.background.shutdown()
        self.loader.shutdown()
        self._session.close()
        super().closeEvent(event)


def _ignore(_result: object) -> None:
    """Work whose success needs no reply."""
