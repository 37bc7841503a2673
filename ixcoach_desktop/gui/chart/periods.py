"""Per-period means of a contact's levels, for a chart too narrow to show every exchange.

How coarse a period the chart needs depends on how many pixels it has, so
this is a drawing matter and lives beside the chart. It is pure NumPy and
cheap next to the rest of a series, so a ``ChartSeries`` works out only the
period its chart asks for, when it asks (see ``ChartSeries.means``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np

# Matplotlib date numbers count days from 1970-01-01, a Thursday; the first
# Monday after it is day 4, and weeks start on Mondays (ISO 8601).
_FIRST_MONDAY = 4
_DAYS_PER_YEAR = 365.2425


class Period(Enum):
    """A calendar period the levels can be averaged over; its value is its mean length in days."""

    DAY = 1.0
    WEEK = 7.0
    MONTH = _DAYS_PER_YEAR / 12
    QUARTER = _DAYS_PER_YEAR / 4
    YEAR = _DAYS_PER_YEAR

    @property
    def days(self) -> float:
        return float(self.value)

    @property
    def adjective(self) -> str:
        """As in "weekly mean"."""
        return "daily" if self is Period.DAY else f"{self.name.lower()}ly"

    def of(self, x: np.ndarray) -> np.ndarray:
        """The period each of the date numbers ``x`` falls in, as ascending integers."""
        keys: np.ndarray = np.floor(x).astype(np.int64)
        if self is Period.WEEK:
            keys = (keys - _FIRST_MONDAY) // 7
        elif self is not Period.DAY:
            keys = keys.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
            if self is not Period.MONTH:
                keys = keys // (3 if self is Period.QUARTER else 12)
        return keys


@dataclass(frozen=True, slots=True)
class PeriodMeans:
    """One point per period with any exchange, oldest first."""

    period: Period
    # The mean time of the period's exchanges: inside the history's span even
    # for a year of which only a month has passed.
    x: np.ndarray
    mine: np.ndarray
    theirs: np.ndarray
    # The means of the lower and of the higher of the two levels: between
    # them lies the period's mean gap, however the gaps' directions varied.
    lower: np.ndarray
    upper: np.ndarray
    matching_trend: np.ndarray
    # How many of the period's exchanges were poorly received.
    poorly_received: np.ndarray

    @classmethod
    def of(
        cls,
        period: Period,
        *,
        x: np.ndarray,
        mine: np.ndarray,
        theirs: np.ndarray,
        poorly_received: np.ndarray,
        matching_trend: np.ndarray,
    ) -> PeriodMeans:
        """The means per ``period`` of the per-exchange arrays, aligned with ``x``."""
        if not len(x):
            empty = np.empty(0)
            return cls(period, empty, empty, empty, empty, empty, empty, empty)
        keys = period.of(x)
        # Counting per period from the first one holds even where a clock
        # turned back an hour puts one exchange's period before the last one's.
        index = keys - keys.min()
        counts = np.bincount(index)
        present = np.flatnonzero(counts)
        counts = counts[present]

        def mean(values: np.ndarray) -> np.ndarray:
            return np.bincount(index, weights=values)[present] / counts

        return cls(
            period,
            x=mean(x),
            mine=mean(mine),
            theirs=mean(theirs),
            lower=mean(np.minimum(mine, theirs)),
            upper=mean(np.maximum(mine, theirs)),
            matching_trend=mean(matching_trend),
            poorly_received=np.bincount(index, weights=poorly_received)[present].astype(np.intp),
        )
