"""Everyone ranked by buffer potential, worked out again after the journal changes.

Ranking reads the whole journal, so it runs on a worker and never more than
once per burst of changes (a save, then another): ``schedule`` restarts a
short timer. After each ranking the same worker caches the long histories,
so opening one of them later skips reading it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ixcoach_desktop.domain.buffer import RankedContact
from ixcoach_desktop.gui.runtime.tasks import TaskFailure, TaskRunner
from ixcoach_desktop.services.guidance import GuidanceService

# Saves come in bursts (save, then another); rank once the burst is over.
RANKING_DELAY_MS = 800


class RankingScheduler(QObject):
    """Ranks contacts off the UI thread, once per burst of changes.

    Signals:
        ranked(list[RankedContact]): the newest ranking, strongest first.
        failed(str): the ranking could not be worked out; the message says why.
    """

    ranked = Signal(list)
    failed = Signal(str)

    def __init__(
        self, guidance: GuidanceService, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._guidance = guidance
        self._runner = runner
        self._ranking: list[RankedContact] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RANKING_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def ranking(self) -> list[RankedContact]:
        """The latest ranking (empty until the first one has arrived)."""
        return self._ranking

    def schedule(self, *, immediately: bool = False) -> None:
        """Rank again once changes have stopped coming (or at once)."""
        self._timer.start(0 if immediately else RANKING_DELAY_MS)

    def stop(self) -> None:
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        self._runner.run(self._guidance.ranking, self._on_ranked, self._on_failed)
        self._runner.run(self._guidance.remember_long_histories, _ignore, self._on_failed)

    def _on_ranked(self, ranking: list[RankedContact]) -> None:
        self._ranking = ranking
        self.ranked.emit(ranking)

    def _on_failed(self, failure: TaskFailure) -> None:
        self.failed.emit(failure.message)


def _ignore(_result: object) -> None:
    """The long-history cache needs no reply."""
