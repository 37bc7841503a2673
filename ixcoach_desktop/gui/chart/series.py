"""What the chart draws for one contact, as NumPy arrays, and the geometry made from them.

No Qt and no Matplotlib: the window builds a ``ChartSeries`` on its worker
thread, and the UI thread only hands the arrays to the artists (and asks for
the per-period means of the one period its width needs, once the worker
has handed the series over).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter

import numpy as np

from ixcoach_desktop.domain.models import ExchangeFacts
from ixcoach_desktop.domain.reciprocity import (
    RECENT_WINDOW,
    reception_is_poor,
    rolling_matching_rate,
)
from ixcoach_desktop.domain.scales import MAX_LEVEL, MIN_LEVEL, Reception
from ixcoach_desktop.gui.chart.periods import Period, PeriodMeans

SECONDS_PER_DAY = 86_400.0
_OCCURRED_AT = attrgetter("occurred_at")
_MY_LEVEL = attrgetter("my_level")
_THEIR_LEVEL = attrgetter("their_level")
_RECEPTION = attrgetter("reception")
# The domain's rule, looked up per reception instead of called per exchange.
_POORLY_RECEIVED: dict[Reception | None, bool] = {
    r: reception_is_poor(r) for r in (*Reception, None)
}
# No time zone changes its offset twice within a week (transitions are months
# apart), so equal offsets at both ends of a week-long span hold throughout.
_ONE_OFFSET_SPAN_S = 7 * SECONDS_PER_DAY


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """What the chart draws for one contact, oldest first, as ready-made arrays."""

    name: str
    # Matplotlib date numbers in local wall-clock time: when the user remembers it.
    x: np.ndarray
    mine: np.ndarray
    theirs: np.ndarray
    poorly_received: np.ndarray
    # Rolling matching rate 0..1 aligned with ``x``.
    matching_trend: np.ndarray
    # Means per period, worked out when the chart first needs that period
    # (the plot's width decides which): at most one entry per ``Period``.
    _means: dict[Period, PeriodMeans] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def means(self, period: Period) -> PeriodMeans:
        """The means per ``period``, remembered for as long as the series lives."""
        found = self._means.get(period)
        if found is None:
            found = PeriodMeans.of(
                period,
                x=self.x,
                mine=self.mine,
                theirs=self.theirs,
                poorly_received=self.poorly_received,
                matching_trend=self.matching_trend,
            )
            self._means[period] = found
        return found

    @property
    def periods(self) -> tuple[PeriodMeans, ...]:
        """The means for every period, finest first."""
        return tuple(self.means(period) for period in Period)

    @classmethod
    def from_points(cls, name: str, ordered: Sequence[ExchangeFacts]) -> ChartSeries:
        """The series of exchanges given oldest first (see ``chronological``)."""
        # map() with attrgetters: no Python frame per exchange.
        count = len(ordered)
        stamps = np.fromiter(map(datetime.timestamp, map(_OCCURRED_AT, ordered)), float, count)
        return cls(
            name=name,
            x=(stamps + local_offsets(stamps)) / SECONDS_PER_DAY,
            mine=np.fromiter(map(_MY_LEVEL, ordered), float, count),
            theirs=np.fromiter(map(_THEIR_LEVEL, ordered), float, count),
            poorly_received=np.fromiter(
                map(_POORLY_RECEIVED.__getitem__, map(_RECEPTION, ordered)), bool, count
            ),
            matching_trend=np.asarray(rolling_matching_rate(ordered, RECENT_WINDOW)),
        )


def local_offsets(stamps: np.ndarray) -> np.ndarray:
    """The local zone's UTC offset, in seconds, at each of the ascending POSIX ``stamps``.

    An offset changes only at a zone's transitions, months apart, so it is
    looked up at both ends of ever shorter spans until each span is short
    and has one offset: a few hundred lookups for years of history instead
    of one per exchange.
    """
    offsets = np.empty(len(stamps))
    pending = [(0, len(stamps) - 1)] if len(stamps) else []
    while pending:
        first, last = pending.pop()
        start = time.localtime(stamps[first]).tm_gmtoff
        end = time.localtime(stamps[last]).tm_gmtoff
        if start == end and stamps[last] - stamps[first] <= _ONE_OFFSET_SPAN_S:
            offsets[first : last + 1] = start
        elif last - first <= 1:
            offsets[first], offsets[last] = start, end
        else:
            middle = (first + last) // 2
            pending += [(first, middle), (middle, last)]
    return offsets


def count_between(x: np.ndarray, low: float, high: float) -> int:
    """How many of the ascending ``x`` lie in [low, high]."""
    return int(np.searchsorted(x, high, "right") - np.searchsorted(x, low))


def gap_path(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of vertical segments (x, low)-(x, high), separated by NaNs.

    One line broken by NaNs draws every gap as a bar with a single
    ``set_data``, where a LineCollection would rebuild a path per gap.
    """
    nan = np.full_like(x, np.nan)
    return (
        np.column_stack((x, x, nan)).ravel(),
        np.column_stack((low, high, nan)).ravel(),
    )


def band(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The outline of the area between ``low`` and ``high`` over ``x``."""
    return np.column_stack((np.concatenate((x, x[::-1])), np.concatenate((low, high[::-1]))))


def merged_gap_path(
    x: np.ndarray, low: np.ndarray, high: np.ndarray, start: float, bin_width: float
) -> tuple[np.ndarray, np.ndarray]:
    """Gap bars merged per ``bin_width`` of x from ``start``: the union of each bin's bars.

    Levels are whole numbers, so the bars in a bin cover a set of unit steps,
    drawn as one bar per unbroken run of steps.
    """
    bins = ((x - start) // bin_width).astype(np.intp)
    steps = np.arange(MIN_LEVEL, MAX_LEVEL)
    bottom, top = np.minimum(low, high), np.maximum(low, high)
    covered = (bottom[:, None] <= steps) & (top[:, None] >= steps + 1)
    # x is sorted, so each bin's bars are consecutive.
    firsts = np.flatnonzero(np.diff(bins, prepend=-1))
    covered = np.logical_or.reduceat(covered, firsts, axis=0)
    padded = np.pad(covered, ((0, 0), (1, 1)))
    run_bins, run_starts = np.nonzero(covered & ~padded[:, :-2])
    _, run_ends = np.nonzero(covered & ~padded[:, 2:])
    centres = start + (bins[firsts][run_bins] + 0.5) * bin_width
    return gap_path(centres, MIN_LEVEL + run_starts, MIN_LEVEL + run_ends + 1.0)
