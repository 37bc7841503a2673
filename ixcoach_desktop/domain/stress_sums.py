"""The sums a stress effect is computed from, and the user's typical course of stress.

Six whole-number sums per group of logs (count, Σbefore, Σafter, Σbefore²,
Σafter², Σbefore·after) are all the stress effect needs: storage can hand
them over from one aggregate query, and adding them is exact, so nothing
depends on the order of the logs. ``fit_line`` fits the user's own
``after = intercept + slope * before`` from them (see domain/stress.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple


class StressPair(NamedTuple):
    """One log's stress before and after, 0-10."""

    before: int
    after: int


class StressEntry(NamedTuple):
    """One saved exchange's stress before and after, for a person's stress chart."""

    id: int
    occurred_at: datetime
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class StressSums:
    """The six sums the stress effect is computed from, all whole numbers."""

    count: int = 0
    before: int = 0
    after: int = 0
    before_sq: int = 0
    after_sq: int = 0
    cross: int = 0

    def __add__(self, other: StressSums) -> StressSums:
        return StressSums(
            count=self.count + other.count,
            before=self.before + other.before,
            after=self.after + other.after,
            before_sq=self.before_sq + other.before_sq,
            after_sq=self.after_sq + other.after_sq,
            cross=self.cross + other.cross,
        )

    @classmethod
    def of(cls, pairs: Iterable[StressPair]) -> StressSums:
        total = cls()
        for before, after in pairs:
            total += cls(
                count=1,
                before=before,
                after=after,
                before_sq=before * before,
                after_sq=after * after,
                cross=before * after,
            )
        return total


@dataclass(frozen=True, slots=True)
class StressFit:
    """The user's typical course of stress: after = intercept + slope * before."""

    intercept: float
    slope: float

    def residual_sum(self, sums: StressSums) -> float:
        """Σ (after - expected after) over ``sums``."""
        return sums.after - self.intercept * sums.count - self.slope * sums.before

    def squared_residual_sum(self, sums: StressSums) -> float:
        """Σ (after - expected after)² over ``sums``, from the sums alone."""
        a, b = self.intercept, self.slope
        value = (
            sums.after_sq
            - 2 * a * sums.after
            - 2 * b * sums.cross
            + a * a * sums.count
            + 2 * a * b * sums.before
            + b * b * sums.before_sq
        )
        # Cancellation can leave a tiny negative number for a perfect fit.
        return max(value, 0.0)

    def expected_after(self, before: float) -> float:
        return self.intercept + self.slope * before


def fit_line(total: StressSums) -> StressFit:
    """Least squares over every log; a flat line when every "before" is the same."""
    if total.count == 0:
        return StressFit(0.0, 0.0)
    spread = total.count * total.before_sq - total.before * total.before
    co_spread = total.count * total.cross - total.before * total.after
    slope = co_spread / spread if spread > 0 else 0.0
    return StressFit((total.after - slope * total.before) / total.count, slope)
