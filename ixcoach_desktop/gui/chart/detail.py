"""Level of detail: how much of a history the plot's width can show legibly.

A history too dense for the plot's width (strokes closer than the lines are
thick fuse into a solid block) is drawn as per-period means instead: the
finest calendar period whose points stay a few pixels apart. Markers show
only while points are far enough apart to be told apart, and gap bars
closer than half a bar's width are merged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ixcoach_desktop.gui.chart.periods import Period, PeriodMeans
from ixcoach_desktop.gui.chart.series import ChartSeries, count_between, gap_path, merged_gap_path

LEVEL_LINE_WIDTH_PT = 2.0
GAP_BAR_WIDTH_PT = 5.0
POOR_MARK_AREA_PT2 = 70.0
# Exchanges closer together than the level lines are thick draw strokes that
# overlap their neighbours: no trend can be read in the block they make. (A
# typical hundred exchanges over a year and a half stay per exchange in the
# window's default layout.)
_MIN_EXCHANGE_SPACING_PT = LEVEL_LINE_WIDTH_PT
# Means are taken over the finest period whose points are at least this far
# apart: closer, the means zigzag in turn.
_MIN_PERIOD_SPACING_PT = 4.0
# Marks for poorly received exchanges are merged per period at least a mark
# wide apart, so they never pile up into a smear.
_MIN_POOR_MARK_SPACING_PT = math.sqrt(POOR_MARK_AREA_PT2)
# Closer than this, markers merge into a smear that only costs drawing time.
_MARKER_SPACING_PX = 6.0
# A mean's marker only says where its period is; closer than a few marker
# widths the markers string into beads that hide the line's shape.
_MEAN_MARKER_SPACING_PX = 16.0


@dataclass(frozen=True, slots=True)
class Detail:
    """How a series is drawn at one plot width: per exchange (None) or per period."""

    lines: PeriodMeans | None
    # Poor marks may need a coarser period than the lines: marks are wider.
    marks: PeriodMeans | None

    @property
    def periods(self) -> tuple[Period | None, Period | None]:
        return (
            None if self.lines is None else self.lines.period,
            None if self.marks is None else self.marks.period,
        )


def detail_for(series: ChartSeries, low: float, high: float, width_px: float, dpi: float) -> Detail:
    """Per exchange while the exchanges in view are far enough apart, else per period."""
    pt = dpi / 72
    if count_between(series.x, low, high) * _MIN_EXCHANGE_SPACING_PT * pt <= width_px:
        return Detail(None, None)
    days_per_pt = (high - low) / max(width_px / pt, 1.0)
    finest = _finest_period(days_per_pt * _MIN_PERIOD_SPACING_PT)
    finest_marks = max(finest, _finest_period(days_per_pt * _MIN_POOR_MARK_SPACING_PT))
    periods = list(Period)
    return Detail(series.means(periods[finest]), series.means(periods[finest_marks]))


def _finest_period(days: float) -> int:
    """The index, finest first, of the shortest period at least ``days`` long; else the longest."""
    return next((i for i, period in enumerate(Period) if period.days >= days), len(Period) - 1)


def markers_fit(shown: int, width_px: float, *, per_period: bool) -> bool:
    """Whether ``shown`` points across ``width_px`` are far enough apart for markers."""
    spacing = _MEAN_MARKER_SPACING_PX if per_period else _MARKER_SPACING_PX
    return shown * spacing <= width_px


def gap_bars(
    x: np.ndarray,
    mine: np.ndarray,
    theirs: np.ndarray,
    *,
    view: tuple[float, float],
    width_px: float,
    dpi: float,
) -> tuple[np.ndarray, np.ndarray]:
    """One bar per gap while they are apart; merged per half bar width when dense.

    Overlapping bars of one path look like their union, and drawing the
    union costs what the plot is wide, not what the history is long.
    """
    low, high = view
    bins = width_px / max(GAP_BAR_WIDTH_PT * dpi / 72 / 2, 1.0)
    if len(x) <= bins:
        return gap_path(x, mine, theirs)
    return merged_gap_path(x, mine, theirs, low, (high - low) / bins)
