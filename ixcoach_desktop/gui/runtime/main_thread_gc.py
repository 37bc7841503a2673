"""Python's cyclic garbage collector, run on the UI thread only.

Left automatic, the collector runs in whichever thread happens to allocate.
When a worker thread (the loader, the ranking, an import) frees a reference
cycle that holds Qt widgets, their C++ destructors run off the UI thread
and the process crashes. qutebrowser solves it the same way: switch the
automatic collector off and collect from a timer on the UI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from ixcoach_desktop.collector import stop_automatic_collection

# Often enough that cycles never pile up; each pass is cheap when young
# generations are small.
COLLECT_INTERVAL_MS = 1_000


class MainThreadGarbageCollector(QObject):
    """Collects garbage on a UI-thread timer, by the same thresholds gc would use."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("mainThreadGarbageCollector")
        self._timer = QTimer(self)
        self._timer.setInterval(COLLECT_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        stop_automatic_collection()
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        if counts[0] <= thresholds[0]:
            return
        generation = 0
        if counts[1] > thresholds[1]:
            generation = 2 if counts[2] > thresholds[2] else 1
        gc.collect(generation)


# Marks an application that has its collector. Looking for the collector
# among the application's children instead would wrap each child in Python,
# its QStyle among them, and building PySide's QStyle type is a noticeable
# part of start-up (docs/performance.md).
_INSTALLED = "ixcoachMainThreadGc"


def install_main_thread_gc(app: QObject) -> None:
    """Give ``app`` its UI-thread collector, once."""
    if not app.property(_INSTALLED):
        MainThreadGarbageCollector(app)
        app.setProperty(_INSTALLED, True)
