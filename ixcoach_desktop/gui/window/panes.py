"""The panes that show the selected contact, kept in step with the presenter.

Every pane that names a person (the editor's heading, the chart, the
history, the insights, the draft bar, the contact actions) is told by
``SelectedContact``'s signals only, so they always name the same person:
on a change of person the heading and actions follow at once and the rest
as soon as the history is read; a read that fails clears them and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.domain.stress import JournalStress
from ixcoach_desktop.domain.stress_sums import StressEntry
from ixcoach_desktop.gui.chart import ChartSeries, ReciprocityChart
from ixcoach_desktop.gui.chart.stress_chart import StressChart
from ixcoach_desktop.gui.contacts.list_model import ContactListModel
from ixcoach_desktop.gui.exchanges.draft_keeper import DraftKeeper
from ixcoach_desktop.gui.exchanges.editor import ExchangeEditor
from ixcoach_desktop.gui.exchanges.guidance_view import insights_from, stress_insight
from ixcoach_desktop.gui.exchanges.history_model import HistoryModel
from ixcoach_desktop.gui.exchanges.insights_strip import EMPTY_INSIGHTS, EMPTY_STRESS, InsightsStrip
from ixcoach_desktop.gui.exchanges.live_guidance import LiveGuidance
from ixcoach_desktop.gui.window.menus import WindowMenus
from ixcoach_desktop.gui.window.selected_contact import ContactView, SelectedContact

EMPTY_JOURNAL_MESSAGE = (
    "Your journal is empty.\nAdd a person with “Add person…” (Ctrl+N),\n"
    "then log your first conversation with them."
)


@dataclass(frozen=True, slots=True)
class ContactPanes:
    """The widgets and models that show one person."""

    contact_model: ContactListModel
    editor: ExchangeEditor
    chart: ReciprocityChart
    stress_chart: StressChart
    history_model: HistoryModel
    insights: InsightsStrip
    draft_keeper: DraftKeeper
    live_guidance: LiveGuidance


class SelectionView(QObject):
    """Shows on ``panes`` what ``selected`` says, and enables the actions that need a person."""

    def __init__(self, selected: SelectedContact, panes: ContactPanes, menus: WindowMenus) -> None:
        super().__init__(selected)
        self._selected = selected
        self._panes = panes
        self._person_actions: tuple[QAction, ...] = (
            menus.contact.edit,
            menus.contact.archive,
            menus.exchange.save,
            menus.exchange.new_entry,
        )
        self._archive_action = menus.contact.archive
        self._stress: JournalStress | None = None
        selected.selected.connect(self._on_selected)
        selected.charted.connect(self._on_charted)
        selected.shown.connect(self._on_shown)
        selected.stress_logged.connect(self._on_stress_logged)
        panes.stress_chart.looked_at.connect(selected.want_stress_entries)
        selected.failed.connect(self._on_failed)

    def _on_selected(self, contact: Contact | None) -> None:
        panes = self._panes
        if contact is None:
            panes.editor.set_contact(None)
            panes.chart.show_series(
                None,
                empty_message="" if panes.contact_model.rowCount() else EMPTY_JOURNAL_MESSAGE,
            )
            self._clear_history()
            panes.stress_chart.clear()
        else:
            panes.editor.set_contact(contact.id, contact.name)
            panes.stress_chart.clear(f"Reading {contact.name}’s stress logs…")
        self._show_stress()
        panes.draft_keeper.contact_opened(
            None if contact is None else contact.id, "" if contact is None else contact.name
        )
        self._enable_actions(contact)

    def _on_charted(self, series: ChartSeries) -> None:
        contact = self._selected.contact
        name = "them" if contact is None else contact.name
        self._panes.chart.show_series(
            series,
            empty_message=f"No exchanges with {name} yet.\n"
            "Log your first conversation on the right.",
        )

    def _on_shown(self, view: ContactView) -> None:
        panes = self._panes
        contact = view.contact
        assert contact.id is not None
        if view.series is not None:
            self._on_charted(view.series)
        if view.latest is not None:
            panes.history_model.set_exchanges(
                view.latest, view.exchange_count, self._selected.history_pages()
            )
        panes.insights.show_insights(insights_from(view.insights))
        if panes.stress_chart.isVisible():
            self._selected.want_stress_entries()
        self._show_stress()
        panes.contact_model.update_activity(contact.id, view.exchange_count, view.last_exchange_at)
        self._enable_actions(contact)
        panes.live_guidance.update()

    def _on_stress_logged(self, entries: list[StressEntry]) -> None:
        contact = self._selected.contact
        name = "them" if contact is None else contact.name
        self._panes.stress_chart.show_entries(
            name,
            entries,
            empty_message=f"No stress logged with {name} yet.\n"
            "Fill in stress before and after when you log a conversation.",
        )

    def show_journal_stress(self, stress: JournalStress) -> None:
        """Everyone's stress effect, newly worked out in the background."""
        self._stress = stress
        self._show_stress()

    def _show_stress(self) -> None:
        contact = self._selected.contact
        if contact is None or contact.id is None or self._stress is None:
            self._panes.insights.show_stress(EMPTY_STRESS)
            self._panes.stress_chart.show_effect(None)
            return
        person = self._stress.of(contact.id)
        self._panes.insights.show_stress(stress_insight(person, contact.name))
        self._panes.stress_chart.show_effect(person.overall)

    def _on_failed(self, _message: str) -> None:
        contact = self._selected.contact
        name = "this person" if contact is None else contact.name
        self._panes.chart.show_series(
            None, empty_message=f"Could not read {name}’s history just now.\nTrying again…"
        )
        self._clear_history()

    def _clear_history(self) -> None:
        self._panes.history_model.set_exchanges([])
        self._panes.insights.show_insights(EMPTY_INSIGHTS)
        self._panes.editor.set_guidance("")

    def _enable_actions(self, contact: Contact | None) -> None:
        for action in self._person_actions:
            action.setEnabled(contact is not None)
        archived = contact is not None and contact.archived
        self._archive_action.setText("Un&archive" if archived else "&Archive")
