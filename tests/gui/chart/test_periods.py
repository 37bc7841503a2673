"""Per-period means for a dense chart, checked against sums done by hand."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from matplotlib import dates as mdates

from ixcoach_desktop.gui.chart.periods import Period, PeriodMeans

# (when, my level, their level, poorly received, matching trend)
EXCHANGES = [
    (datetime(2025, 3, 3, 9), 1, 3, False, 0.0),  # Monday
    (datetime(2025, 3, 5, 18), 3, 2, True, 0.5),
    (datetime(2025, 3, 9, 23, 30), 2, 2, False, 1.0),  # Sunday: still the same week
    (datetime(2025, 3, 10, 0, 30), 4, 4, False, 1.0),  # Monday: the next week
    (datetime(2025, 4, 1, 12), 0, 2, True, 0.5),
]
COLUMNS = ("x", "mine", "theirs", "poorly_received", "matching_trend")


def means(period: Period) -> PeriodMeans:
    when, mine, theirs, poor, trend = zip(*EXCHANGES, strict=True)
    return PeriodMeans.of(
        period,
        x=np.asarray(mdates.date2num(when)),
        mine=np.array(mine, float),
        theirs=np.array(theirs, float),
        poorly_received=np.array(poor),
        matching_trend=np.array(trend),
    )


def test_weekly_means_run_monday_to_sunday() -> None:
    weekly = means(Period.WEEK)
    np.testing.assert_allclose(weekly.mine, [(1 + 3 + 2) / 3, 4, 0])
    np.testing.assert_allclose(weekly.theirs, [(3 + 2 + 2) / 3, 4, 2])
    # The lower and the higher level of each exchange, averaged.
    np.testing.assert_allclose(weekly.lower, [(1 + 2 + 2) / 3, 4, 0])
    np.testing.assert_allclose(weekly.upper, [(3 + 3 + 2) / 3, 4, 2])
    np.testing.assert_allclose(weekly.matching_trend, [0.5, 1.0, 0.5])
    np.testing.assert_array_equal(weekly.poorly_received, [1, 0, 1])
    first_week = mdates.date2num([e[0] for e in EXCHANGES[:3]])
    np.testing.assert_allclose(weekly.x[0], np.mean(first_week))
    assert weekly.x[1] == mdates.date2num(datetime(2025, 3, 10, 0, 30))


def test_monthly_quarterly_and_yearly_means() -> None:
    monthly = means(Period.MONTH)
    np.testing.assert_allclose(monthly.mine, [(1 + 3 + 2 + 4) / 4, 0])
    np.testing.assert_allclose(monthly.theirs, [(3 + 2 + 2 + 4) / 4, 2])
    np.testing.assert_array_equal(monthly.poorly_received, [1, 1])
    quarterly = means(Period.QUARTER)  # January to March, then April
    np.testing.assert_allclose(quarterly.mine, [10 / 4, 0])
    yearly = means(Period.YEAR)
    np.testing.assert_allclose(yearly.mine, [10 / 5])
    np.testing.assert_allclose(yearly.upper, [(3 + 3 + 2 + 4 + 2) / 5])
    np.testing.assert_array_equal(yearly.poorly_received, [2])


def test_daily_means_and_no_exchanges() -> None:
    daily = means(Period.DAY)
    assert len(daily.x) == len(EXCHANGES)
    np.testing.assert_allclose(daily.mine, [1, 3, 2, 4, 0])
    assert len(PeriodMeans.of(Period.WEEK, **{k: np.empty(0) for k in COLUMNS}).x) == 0


@pytest.mark.parametrize("period", list(Period))
def test_a_clock_turned_back_over_midnight_still_gives_one_point_per_period(
    period: Period,
) -> None:
    # Where clocks go back an hour at midnight, the later of two exchanges can
    # carry the earlier local time, on the day (month, year) before.
    x = mdates.date2num([datetime(2025, 1, 1, 0, 20), datetime(2024, 12, 31, 23, 40)])
    result = PeriodMeans.of(
        period,
        x=np.asarray(x),
        mine=np.array([1.0, 3.0]),
        theirs=np.array([1.0, 3.0]),
        poorly_received=np.array([False, False]),
        matching_trend=np.array([1.0, 1.0]),
    )
    first, second = period.of(np.asarray(x))
    assert len(result.x) == (1 if first == second else 2)
    assert np.all(np.diff(result.x) > 0)
