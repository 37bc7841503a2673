"""Python's cyclic garbage collector: the one module that switches it off and on.

Two callers need it off. Whole-journal reads and writes (JSON import and
export) pause it for their duration; the window switches automatic
collection off for good and collects on its UI thread instead
(gui/runtime/main_thread_gc.py). Keeping both here keeps process-wide state
in one place (ruff's banned-api enforces it).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def stop_automatic_collection() -> None:
    """From now on the collector runs only when someone calls gc.collect()."""
    gc.disable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, then as it was.

    A large journal is hundreds of thousands of objects (parsed JSON,
    Exchanges, rows) that all stay alive until the operation ends: the
    collector, triggered every few hundred new objects, walks them again and again
    and frees nothing. Reference counting still frees everything else at
    once. In the window the collector is off anyway (collected on a UI-thread
    timer, see gui/runtime/main_thread_gc.py), and it stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
