"""Ranking every contact by buffer potential, as the stress-buffers view needs it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

import pytest

from ixcoach_desktop.domain.buffer import rank_by_buffer_potential
from ixcoach_desktop.services.relationships import GuidanceService
from ixcoach_desktop.services.session import open_session
from tests.benchmarks.harness import Result, Target
from tests.domain.builders import NOW, many_contacts

RANKING_LIMIT_MS = 200.0


@contextmanager
def ranking_threads() -> Iterator[list[str]]:
    """Record the thread of every ``GuidanceService.ranking`` call made meanwhile.

    The window benchmark runs inside this, so the table can say where the
    window really ranks (and not merely where its code seems to).
    """
    original = GuidanceService.ranking
    threads: list[str] = []

    @wraps(original)
    def recording(self: GuidanceService) -> Any:
        current = threading.current_thread()
        threads.append("UI thread" if current is threading.main_thread() else current.name)
        return original(self)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(GuidanceService, "ranking", recording)
        yield threads


def measure(data_dir: Path, runs: int, window_threads: list[str]) -> list[Result]:
    """``session.guidance.ranking()`` on ``data_dir``, after one unmeasured warm-up call.

    ``window_threads`` are the threads the window ranked on (see ranking_threads).
    """
    session = open_session(data_dir, writer=None)
    try:
        ranked = session.guidance.ranking()
        samples: list[float] = []
        cpu: list[float] = []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            session.guidance.ranking()
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    finally:
        session.close()
    off_ui = bool(window_threads) and "UI thread" not in window_threads
    threads = ", ".join(sorted(set(window_threads)))
    if not window_threads:
        where = "the window did not rank while it was measured"
    elif off_ui:
        where = f"the window ran it on its worker thread ({threads}), never on the UI thread"
    else:
        where = f"the window ran it on: {threads}"
    return [
        Result(
            "ranking",
            "Ranking by buffer potential",
            "ms",
            samples,
            Target(
                RANKING_LIMIT_MS,
                f"≤ {RANKING_LIMIT_MS:.0f} ms, or off the UI thread",
                otherwise="off the UI thread" if off_ui else None,
            ),
            f"`open_session(D).guidance.ranking()` over {len(ranked):,} contacts, in-process; "
            f"{where}",
            cpu=cpu,
        )
    ]


def measure_in_memory(runs: int) -> list[Result]:
    """The ranking alone: 1,000 contacts of 100 exchanges each, already in memory.

    Once a wall-clock assertion in tests/domain/test_buffer.py, where a loaded
    two-core CI machine could fail it; the unit test keeps what it ranks.
    """
    contacts = many_contacts(1000, 100)
    rank_by_buffer_potential(contacts, NOW)  # warm-up, unmeasured
    samples: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        rank_by_buffer_potential(contacts, NOW)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return [
        Result(
            "ranking-in-memory",
            "Ranking 1,000 contacts in memory",
            "ms",
            samples,
            Target(RANKING_LIMIT_MS, f"≤ {RANKING_LIMIT_MS:.0f} ms"),
            "`rank_by_buffer_potential` over 1,000 contacts × 100 exchanges built in memory "
            "(tests/domain/builders.py), no database",
            cpu=cpu,
        )
    ]
