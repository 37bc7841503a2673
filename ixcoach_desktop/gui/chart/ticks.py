"""The chart's tick labels: dates along the bottom, depth levels on the left.

Dates are located and formatted once per layout, for the plot's width, and
handed to the axis as fixed ticks: Matplotlib asks an axis for its ticks
several times per draw, and fixed ones answer without walking a calendar.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from matplotlib import dates as mdates

from ixcoach_desktop.domain.scales import MAX_LEVEL, MIN_LEVEL, DepthLevel

LEVEL_LABELS = tuple(f"{int(level)} {level.label}" for level in DepthLevel)
LEVEL_NUMBERS = tuple(str(int(level)) for level in DepthLevel)
# Room above the top level and below the bottom one, in levels.
LEVEL_MARGIN = 0.3
MIN_DATE_TICKS = 3
MAX_DATE_TICKS = 8
# At most one date label per this many points of plot width.
DATE_TICK_SPACING_PT = 50.0


@dataclass(frozen=True, slots=True)
class DateTicks:
    """Where the date labels go, what they say, and the year or month said once below them."""

    locations: np.ndarray
    labels: list[str]
    offset: str


def date_ticks(low: float, high: float, plot_width_pt: float) -> DateTicks:
    """Concise date labels for the view from ``low`` to ``high``, as many as fit the width."""
    limit = max(MIN_DATE_TICKS, int(plot_width_pt // DATE_TICK_SPACING_PT))
    locator = mdates.AutoDateLocator(minticks=MIN_DATE_TICKS, maxticks=MAX_DATE_TICKS)
    found = np.asarray(locator.tick_values(mdates.num2date(low), mdates.num2date(high)))
    found = found[(found >= low) & (found <= high)]
    locations = _thinned(found, limit)
    formatter = mdates.ConciseDateFormatter(locator)
    labels = formatter.format_ticks(locations)
    return DateTicks(locations, labels, formatter.get_offset())


def _thinned(ticks: np.ndarray, limit: int) -> np.ndarray:
    """At most ``limit`` of the evenly spaced date ``ticks``, every n-th one.

    Thinning, unlike a lower ``maxticks``, keeps the locator's intervals that
    suit every span. The kept ticks include a year start if there is one,
    else a month start: the concise labels name the year or month there.
    """
    step = math.ceil(len(ticks) / max(limit, 1))
    if step <= 1:
        return ticks
    dates = mdates.num2date(ticks)
    year_starts = [i for i, date in enumerate(dates) if date.month == 1 and date.day == 1]
    month_starts = [i for i, date in enumerate(dates) if date.day == 1]
    first = (year_starts or month_starts or [0])[0]
    return ticks[first % step :: step]


def thinned_level_labels(
    labels: tuple[str, ...], plot_height_px: float, ink_px: float, gap_px: float
) -> list[str]:
    """Every level's label, or every other one when a short plot packs them too tight.

    ``ink_px`` is the height of a label's digits and lower case: the ink, not
    the line box, decides whether neighbours overlap.
    """
    spacing = plot_height_px / (MAX_LEVEL - MIN_LEVEL + 2 * LEVEL_MARGIN)
    step = math.ceil((ink_px + gap_px) / max(spacing, 1.0))
    return [label if level % step == 0 else "" for level, label in enumerate(labels)]
