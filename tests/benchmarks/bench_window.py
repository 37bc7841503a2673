"""In-process window benchmarks: switch contact, save, search-as-you-type.

The window is driven only through its public object names, as a checker
or a user would: ``contactList``, ``historyTable``, ``reciprocityChart``,
``insightsStrip``, ``saveExchangeButton`` and ``contactSearch``. Each
measurement waits for what the user sees, by polling with
``QApplication.processEvents`` until it is there: a window that updates
synchronously passes the first poll, and one that moves work to a
background thread is measured just as fairly. CPU time (``process_time``,
all threads) is taken alongside wall time, since other work on a shared
machine stretches only the latter.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QEventLoop,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QWidget,
)

from ixcoach_desktop.app import create_main_window
from ixcoach_desktop.services.contacts import ContactSummary
from ixcoach_desktop.services.session import open_session
from tests.benchmarks.harness import INFO, BenchmarkError, Result, Target

T = TypeVar("T", bound=QObject)
Wrap = Callable[[Callable[[], Any]], Callable[[], Any]]

SWITCH_LIMIT_MS = 50.0
SAVE_LIMIT_MS = 50.0
KEYSTROKE_LIMIT_MS = 10.0
# Long enough for a background job (the start-up ranking) on a busy machine.
WAIT_TIMEOUT_S = 60.0
_SETTLE_S = 0.3
# Viewing this many other people before a "first visit" measurement leaves
# nothing remembered of the contact about to be shown.
_PEOPLE_BETWEEN_FIRST_VISITS = 10


@dataclass(frozen=True, slots=True)
class _Moment:
    wall: float
    cpu: float

    @classmethod
    def now(cls) -> _Moment:
        return cls(time.perf_counter(), time.process_time())


@dataclass(frozen=True, slots=True)
class _Span:
    """Wall and CPU milliseconds between two moments."""

    wall_ms: float
    cpu_ms: float

    @classmethod
    def between(cls, start: _Moment, end: _Moment) -> _Span:
        return cls((end.wall - start.wall) * 1000, (end.cpu - start.cpu) * 1000)


def _child(parent: QObject, kind: type[T], name: str) -> T:
    found = parent.findChild(kind, name)
    if found is None:
        raise BenchmarkError(f"the window has no {kind.__name__} named {name!r}")
    return found


def _pump() -> None:
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


class _Watcher(QObject):
    """Notes the first moment ``condition`` holds, checked before every event Qt delivers.

    Polling alone would be late: one processEvents call can deliver the
    update *and* run the redraw it schedules before the poll looks again.
    """

    def __init__(self, condition: Callable[[], bool]) -> None:
        super().__init__()
        self._condition = condition
        self.moment: _Moment | None = None

    def eventFilter(self, _watched: QObject, _event: QEvent) -> bool:  # noqa: N802
        if self.moment is None and self._condition():
            self.moment = _Moment.now()
        return False


def wait_until(
    condition: Callable[[], bool], what: str, timeout: float = WAIT_TIMEOUT_S
) -> _Moment:
    """Process events until ``condition()`` holds; returns the first moment it did."""
    if condition():
        return _Moment.now()
    app = QApplication.instance()
    watcher = _Watcher(condition)
    if app is not None:
        app.installEventFilter(watcher)
    deadline = time.perf_counter() + timeout
    try:
        while watcher.moment is None and not condition():
            if time.perf_counter() > deadline:
                raise BenchmarkError(f"gave up waiting for {what} after {timeout:.0f} s")
            _pump()
            if watcher.moment is None and not condition():
                # Let a worker thread have the GIL instead of spinning against it.
                time.sleep(0.001)
        return watcher.moment or _Moment.now()
    finally:
        if app is not None:
            app.removeEventFilter(watcher)


def settle(seconds: float = _SETTLE_S) -> None:
    """Run the event loop for a while: deferred redraws, layouts and paints all finish."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        _pump()
        time.sleep(0.002)


def until_idle() -> _Moment:
    """Run everything already queued (a deferred chart redraw, a repaint); returns when done.

    A zero-delay timer posted now fires after the events queued before it;
    doing it twice also covers work those events queue in turn.
    """
    _drain()
    _drain()
    return _Moment.now()


def _drain() -> None:
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    wait_until(lambda: bool(fired), "the event loop to drain")


def _ascii_keys(name: str) -> str:
    """What a user types to find ``name``: folded, accents dropped (the search ignores them)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c == " "))


# A chart's two level lines, summed up: point count and the first and last points.
Fingerprint = tuple[tuple[int, tuple[str | float, ...]], ...]


@dataclass(frozen=True, slots=True)
class _Seen:
    """What the user sees of the selected contact: history rows, chart lines, insights."""

    rows: int
    chart: Fingerprint
    series_name: str
    insights: tuple[str, ...]

    @property
    def points(self) -> int:
        return self.chart[0][0] if self.chart else 0


class _WindowProbe:
    """Reads the window's visible state through object names only."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.contact_list = _child(window, QAbstractItemView, "contactList")
        self.history = _child(window, QAbstractItemView, "historyTable")
        self.chart = _child(window, QWidget, "reciprocityChart")
        self.insights = _child(window, QWidget, "insightsStrip")
        self.save_button = _child(window, QPushButton, "saveExchangeButton")
        self.search = _child(window, QLineEdit, "contactSearch")
        figure: Any = getattr(self.chart, "figure", None)
        if figure is None or not figure.axes:
            raise BenchmarkError("the reciprocity chart has no Matplotlib figure with axes")
        self.figure = figure
        self._labels = self.insights.findChildren(QLabel)
        self._draws: list[tuple[_Moment, Fingerprint, str]] = []
        figure.canvas.mpl_connect("draw_event", self._on_draw)

    @property
    def contacts(self) -> QAbstractItemModel:
        return self.contact_list.model()

    def _chart(self) -> tuple[Fingerprint, str]:
        """The level lines ("Me" and the contact's) in a form cheap to compare.

        Polling reads this thousands of times while a background load runs,
        so it must not cost the UI thread (or the GIL) more than a few µs.
        """
        lines = self.figure.axes[0].lines[:2]
        prints = []
        for line in lines:
            x, y = line.get_xdata(), line.get_ydata()
            ends = (str(x[0]), str(x[-1]), float(y[0]), float(y[-1])) if len(x) else ()
            prints.append((len(x), ends))
        name = str(lines[1].get_label()) if len(lines) > 1 else ""
        return tuple(prints), name

    def _on_draw(self, _event: object) -> None:
        chart, name = self._chart()
        self._draws.append((_Moment.now(), chart, name))

    def seen(self) -> _Seen:
        chart, name = self._chart()
        labels = tuple(label.text() for label in self._labels)
        return _Seen(self.history.model().rowCount(), chart, name, labels)

    def shows(self, expected: _Seen) -> bool:
        """``seen() == expected``, cheapest parts first.

        The watcher asks before every event Qt delivers while a load runs on
        the worker; reading every insight label each time would take the
        GIL from the very work being timed.
        """
        if self.history.model().rowCount() != expected.rows:
            return False
        if self._chart() != (expected.chart, expected.series_name):
            return False
        return tuple(label.text() for label in self._labels) == expected.insights

    def drawn(self, seen: _Seen, since: _Moment) -> _Moment | None:
        """When the chart was first drawn showing what ``seen`` holds, after ``since``."""
        for moment, chart, name in self._draws:
            if moment.wall >= since.wall and chart == seen.chart and name == seen.series_name:
                return moment
        return None

    def fetches_lazily(self) -> bool:
        return self.history.model().canFetchMore(QModelIndex())

    def row_of(self, name: str) -> int:
        model = self.contacts
        for row in range(model.rowCount()):
            if model.index(row, 0).data() == name:
                return row
        raise BenchmarkError(f"{name!r} is not in the contact list")

    def select(self, name: str) -> None:
        self.contact_list.setCurrentIndex(self.contacts.index(self.row_of(name), 0))

    def ranking_arrived(self, name: str) -> bool:
        tooltip = self.contacts.index(self.row_of(name), 0).data(Qt.ItemDataRole.ToolTipRole)
        return isinstance(tooltip, str) and "Buffer potential" in tooltip


@dataclass(frozen=True, slots=True)
class _Timing:
    """Until the data is shown, and until the chart has been redrawn with it."""

    shown: _Span
    drawn: _Span


def _timed(
    probe: _WindowProbe, action: Callable[[], object], arrived: Callable[[], bool]
) -> _Timing:
    """Time ``action`` until ``arrived()``, then until the chart is drawn as it is then."""
    started = _Moment.now()
    action()
    shown = wait_until(arrived, "history, chart and insights")
    final = probe.seen()
    drawn = wait_until(lambda: probe.drawn(final, started) is not None, "the chart's redraw")
    return _Timing(
        _Span.between(started, shown), _Span.between(started, probe.drawn(final, started) or drawn)
    )


def _candidates(data_dir: Path) -> list[ContactSummary]:
    """Contacts by number of exchanges, most first (read through the services)."""
    session = open_session(data_dir, writer=None)
    try:
        summaries = session.contacts.list()
    finally:
        session.close()
    return sorted(summaries, key=lambda s: (-s.exchange_count, s.name))


def _unwrapped(action: Callable[[], Any]) -> Callable[[], Any]:
    return action


@contextmanager
def _open_window(data_dir: Path) -> Iterator[tuple[_WindowProbe, list[ContactSummary]]]:
    """The window on ``data_dir`` (a scratch copy: saves land in it), shown and settled."""
    ranked = _candidates(data_dir)
    if len(ranked) < 2:
        raise BenchmarkError("the benchmark journal needs at least two contacts")
    window = create_main_window(data_dir)
    window.resize(1240, 780)
    window.show()
    try:
        if not QTest.qWaitForWindowExposed(window):
            raise BenchmarkError("the window was never exposed")
        probe = _WindowProbe(window)
        # The window ranks contacts in the background at start-up; timing
        # switches while that runs would measure the machine, not the switch.
        wait_until(lambda: probe.ranking_arrived(ranked[0].name), "the start-up ranking")
        until_idle()
        yield probe, ranked
    finally:
        window.close()
        window.deleteLater()
        settle(0.05)


def measure(data_dir: Path, runs: int, progress: Callable[[str], None]) -> list[Result]:
    """Switch, search and save in the window on ``data_dir``, ``runs`` times each."""
    with _open_window(data_dir) as (probe, ranked):
        results = _switch(probe, ranked, runs)
        progress("switch contact")
        results += _search(probe, ranked, runs)
        progress("search-as-you-type")
        results += _save(probe, ranked[0], runs)
        progress("save")
    return results


def profile_actions(data_dir: Path, action: str, runs: int, wrap: Wrap) -> None:
    """Repeat one benchmarked ``action`` with ``wrap`` around each timed part (a profiler)."""
    with _open_window(data_dir) as (probe, ranked):
        if action == "switch":
            _switch(probe, ranked, runs, wrap)
        elif action == "save":
            _save(probe, ranked[0], runs, wrap)
        elif action == "search":
            _search(probe, ranked, runs, wrap)
        else:
            raise ValueError(f"unknown action {action!r}")


def _reference(probe: _WindowProbe, name: str) -> _Seen:
    probe.select(name)
    settle()
    until_idle()
    return probe.seen()


def _rows(
    key: str,
    measure: str,
    timings: list[_Timing],
    *,
    target: Target,
    timed: str,
    drawn_timed: str,
) -> list[Result]:
    """Until the data is in place, and the same runs until the chart was redrawn.

    The target holds for the second: what the user sees is the redrawn chart.
    """
    return [
        Result(
            key,
            measure,
            "ms",
            [t.shown.wall_ms for t in timings],
            INFO,
            timed,
            cpu=[t.shown.cpu_ms for t in timings],
        ),
        Result(
            f"{key}_drawn",
            f"{measure}, chart redrawn",
            "ms",
            [t.drawn.wall_ms for t in timings],
            target,
            drawn_timed,
            cpu=[t.drawn.cpu_ms for t in timings],
        ),
    ]


def _switch(
    probe: _WindowProbe, ranked: list[ContactSummary], runs: int, wrap: Wrap = _unwrapped
) -> list[Result]:
    biggest = ranked[0]
    target = _reference(probe, biggest.name)
    lazy_ok = target.rows < biggest.exchange_count and probe.fetches_lazily()
    if (target.rows != biggest.exchange_count and not lazy_ok) or target.points == 0:
        raise BenchmarkError(
            f"{biggest.name} has {biggest.exchange_count} exchanges, but the window shows "
            f"{target.rows} history rows and {target.points} chart points"
        )
    # Switch from another long relationship whose insights read differently,
    # so "the insights changed" is a real check.
    other = next(
        (s for s in ranked[1:] if _reference(probe, s.name).insights != target.insights),
        None,
    )
    if other is None:
        raise BenchmarkError("no contact with insights different from the biggest one")
    away = _reference(probe, other.name)
    switch = partial(
        _timed, probe, partial(probe.select, biggest.name), partial(probe.shows, target)
    )
    timings: list[_Timing] = []
    for _ in range(runs):
        _show(probe, other.name, away)
        timings.append(wrap(switch)())
        settle()
    # A first visit in a while: several other people viewed in between, so
    # nothing the window or the services remember about the contact helps.
    others = [s.name for s in ranked[1 : 1 + _PEOPLE_BETWEEN_FIRST_VISITS]]
    first_visits: list[_Timing] = []
    for _ in range(runs):
        for name in others:
            _show(probe, name)
        _show(probe, other.name, away)
        first_visits.append(wrap(switch)())
        settle()
    # Just after a save with someone else: the write names its contact, so
    # what is remembered about everyone else stays in use (the window's own
    # refresh of the ranking waits for the burst of saves to end, after this).
    after_write: list[_Timing] = []

    def has_rows(count: int) -> Callable[[], bool]:
        return lambda: probe.history.model().rowCount() == count

    for _ in range(runs):
        _show(probe, other.name)
        saved = has_rows(probe.history.model().rowCount() + 1)
        probe.save_button.click()
        wait_until(saved, "the save")
        settle()
        after_write.append(wrap(switch)())
        settle()
    what = (
        f"select {biggest.name} ({biggest.exchange_count:,} exchanges, the most) in "
        f"contactList, coming from {other.name} ({other.exchange_count:,})"
    )
    until = (
        "until historyTable's rows, the chart's line data and the insightsStrip labels all "
        "show them"
    )
    drawn = (
        "the same switches, until the chart's next draw_event showing the new data (what the "
        "user sees: draw_idle defers the redraw)"
    )
    target_ms = Target(SWITCH_LIMIT_MS, f"≤ {SWITCH_LIMIT_MS:.0f} ms")
    return [
        *_rows(
            "switch_contact",
            "Switch contact",
            timings,
            target=target_ms,
            timed=f"{what}, a moment after viewing them, {until}",
            drawn_timed=drawn,
        ),
        *_rows(
            "switch_contact_first",
            "Switch contact, first visit in a while",
            first_visits,
            target=target_ms,
            timed=f"{what}, after viewing {len(others)} other people in between, {until}",
            drawn_timed=drawn,
        ),
        *_rows(
            "switch_contact_after_write",
            "Switch contact, just after a save",
            after_write,
            target=INFO,
            timed=f"{what}, {_SETTLE_S * 1000:.0f} ms after saving an exchange with "
            f"{other.name} (a write about someone else: what is remembered about "
            f"{biggest.name} stays in use), {until}",
            drawn_timed=drawn,
        ),
    ]


def _show(probe: _WindowProbe, name: str, expected: _Seen | None = None) -> None:
    """Select ``name`` and wait until the window shows them (and has drawn)."""
    probe.select(name)
    if expected is not None:
        wait_until(partial(probe.shows, expected), f"{name}'s history")
    else:
        wait_until(lambda: probe.seen().series_name == name, f"{name}'s history")
    settle()


def _save(
    probe: _WindowProbe, biggest: ContactSummary, runs: int, wrap: Wrap = _unwrapped
) -> list[Result]:
    _reference(probe, biggest.name)
    timings: list[_Timing] = []
    for _ in range(runs):
        before = probe.seen()

        def arrived(before: _Seen = before) -> bool:
            # Cheap reads only: this runs before every event Qt delivers.
            if probe.history.model().rowCount() != before.rows + 1:
                return False
            return probe._chart()[0] != before.chart

        save = partial(_timed, probe, probe.save_button.click, arrived)
        timings.append(wrap(save)())
        # Shorter than the window's ranking delay: saves come in a burst, as
        # a user logging several conversations would make them.
        settle(0.1)
    return _rows(
        "save_exchange",
        "Save an exchange",
        timings,
        target=Target(SAVE_LIMIT_MS, f"≤ {SAVE_LIMIT_MS:.0f} ms"),
        timed=f"saveExchangeButton.click() on {biggest.name} ({biggest.exchange_count:,} "
        "exchanges), until "
        "historyTable has one more row and the chart's line data changed",
        drawn_timed="the same saves, until the chart's next draw_event showing the new exchange",
    )


def _timed_keystroke(probe: _WindowProbe, stroke: Qt.Key, rows: int) -> tuple[_Span, _Span]:
    """Until the list shows ``rows`` rows, and until the event loop is idle again."""

    def filtered() -> bool:
        return probe.contacts.rowCount() == rows

    started = _Moment.now()
    QTest.keyClick(probe.search, stroke)
    done = wait_until(filtered, "the filter")
    return _Span.between(started, done), _Span.between(started, until_idle())


def _search(
    probe: _WindowProbe, ranked: list[ContactSummary], runs: int, wrap: Wrap = _unwrapped
) -> list[Result]:
    sought, start = ranked[0], ranked[1]
    keys = _ascii_keys(sought.name)
    # Key_A..Key_Z, Key_0..Key_9 and Key_Space are their ASCII codes; QTest
    # types them as lower-case text.
    strokes = [Qt.Key(ord(c.upper())) for c in keys] + [Qt.Key.Key_Backspace] * len(keys)

    def begin() -> None:
        probe.search.clear()
        probe.search.setFocus()
        probe.select(start.name)
        settle()
        until_idle()

    begin()
    expected: list[int] = []
    for stroke in strokes:
        QTest.keyClick(probe.search, stroke)
        settle(0.05)
        until_idle()
        expected.append(probe.contacts.rowCount())
    if min(expected) > 1:
        raise BenchmarkError(f"typing {keys!r} never narrowed the list to {sought.name}")

    filtered: list[_Span] = []
    idle: list[_Span] = []
    passes = max(1, runs // 3)
    for _ in range(passes):
        begin()
        for stroke, rows in zip(strokes, expected, strict=True):
            until_filtered, until_done = wrap(partial(_timed_keystroke, probe, stroke, rows))()
            filtered.append(until_filtered)
            idle.append(until_done)
    what = (
        f"QTest.keyClick on contactSearch, typing {keys!r} then erasing it "
        f"({len(strokes)} keystrokes × {passes}) over {probe.contacts.rowCount():,} contacts, "
        f"starting on {start.name}"
    )
    return [
        Result(
            "search_keystroke",
            "Search-as-you-type, per keystroke",
            "ms",
            [s.wall_ms for s in filtered],
            Target(KEYSTROKE_LIMIT_MS, f"≤ {KEYSTROKE_LIMIT_MS:.0f} ms"),
            f"{what}, until the list's proxy has filtered",
            cpu=[s.cpu_ms for s in filtered],
        ),
        Result(
            "search_keystroke_idle",
            "Search-as-you-type, until idle",
            "ms",
            [s.wall_ms for s in idle],
            INFO,
            "the same keystrokes, until the event loop has run everything they queued "
            "(repaints; a contact reload when the selected one is filtered out)",
            cpu=[s.cpu_ms for s in idle],
        ),
    ]
