"""What whole-journal reads and writes (JSON import and export) share."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
