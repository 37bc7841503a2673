"""Everyone ranked by buffer potential, worked out again after the journal changes.

Ranking reads the whole journal, so it runs on a worker and never more than
once per burst of changes (a save, then another): ``schedule`` restarts a
short timer. After each ranking the same worker works out everyone's
stress effect (one aggregate read) and caches the long histories, so
opening one of them later skips reading it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ixcoach_desktop.domain.buffer import RankedContact
from ixcoach_desktop.domain.stress import JournalStress
from ixcoach_desktop.gui.runtime.tasks import TaskFailure, TaskRunner
from ixcoach_desktop.services.relationships import GuidanceService

# The dialog is imported when first opened: the first frame does not need it.
if TYPE_CHECKING:
    from ixcoach_desktop.gui.contacts.stress_buffers import StressBuffersDialog

# Saves come in bursts (save, then another); rank once the burst is over.
RANKING_DELAY_MS = 800


class RankingScheduler(QObject):
    """Ranks contacts off the UI thread, once per burst of changes.

    Signals:
        ranked(list[RankedContact]): the newest ranking, strongest first.
        stress_ready(JournalStress): everyone's stress effect, after each ranking.
        failed(str): the ranking could not be worked out; the message says why.
    """

    ranked = Signal(list)
    stress_ready = Signal(object)
    failed = Signal(str)

    def __init__(
        self, guidance: GuidanceService, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._guidance = guidance
        self._runner = runner
        self._ranking: list[RankedContact] = []
        self._stress: JournalStress | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RANKING_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def ranking(self) -> list[RankedContact]:
        """The latest ranking (empty until the first one has arrived)."""
        return self._ranking

    @property
    def stress(self) -> JournalStress | None:
        """Everyone's latest stress effect (None until the first has arrived)."""
        return self._stress

    def schedule(self, *, immediately: bool = False) -> None:
        """Rank again once changes have stopped coming (or at once)."""
        self._timer.start(0 if immediately else RANKING_DELAY_MS)

    def stop(self) -> None:
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        self._runner.run(self._guidance.ranking, self._on_ranked, self._on_failed)
        self._runner.run(self._guidance.stress, self._on_stress_ready, self._on_failed)
        self._runner.run(self._guidance.cache_long_histories, _ignore, self._on_failed)

    def _on_ranked(self, ranking: list[RankedContact]) -> None:
        self._ranking = ranking
        self.ranked.emit(ranking)

    def _on_stress_ready(self, stress: JournalStress) -> None:
        self._stress = stress
        self.stress_ready.emit(stress)

    def _on_failed(self, failure: TaskFailure) -> None:
        self.failed.emit(failure.message)


class StressBuffers(QObject):
    """Contact › Stress buffers…: the ranked table, kept up to date while it is open.

    Signals:
        contact_activated(int): the user picked this contact in the table.
    """

    contact_activated = Signal(int)

    def __init__(self, ranking: RankingScheduler, parent: QWidget) -> None:
        super().__init__(parent)
        self._ranking = ranking
        self._parent = parent
        self._dialog: StressBuffersDialog | None = None
        ranking.ranked.connect(self._on_ranking_ranked)
        ranking.stress_ready.connect(self._on_ranking_stress_ready)

    def open(self) -> None:
        if self._dialog is None:
            from ixcoach_desktop.gui.contacts.stress_buffers import StressBuffersDialog

            self._dialog = StressBuffersDialog(self._parent)
            self._dialog.contact_activated.connect(self.contact_activated)
        self._dialog.show_ranking(self._ranking.ranking)
        self._dialog.show_stress(self._ranking.stress)
        self._dialog.show()
        self._dialog.raise_()
        self._ranking.schedule(immediately=True)

    def _on_ranking_ranked(self, ranking: list[RankedContact]) -> None:
        if self._dialog is not None:
            self._dialog.show_ranking(ranking)

    def _on_ranking_stress_ready(self, stress: JournalStress) -> None:
        if self._dialog is not None:
            self._dialog.show_stress(stress)


def _ignore(_result: object) -> None:
    """The long-history cache needs no reply."""
