"""The chart's arrays: local wall-clock times, and gap bars merged when dense."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from ixcoach_desktop.gui.chart.periods import Period, PeriodMeans
from ixcoach_desktop.gui.chart.series import (
    ChartSeries,
    gap_path,
    local_offsets,
    merged_gap_path,
)


@pytest.fixture
def time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Switches the process's local time zone; the original comes back afterwards."""

    def switch(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield switch
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "zone", ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
)
def test_points_sit_at_local_wall_clock_time_across_daylight_saving_changes(
    time_zone: Callable[[str], None], zone: str
) -> None:
    time_zone(zone)
    rng = np.random.default_rng(5)
    # Twelve years, dense and sparse stretches, and pairs minutes apart around transitions.
    stamps = np.sort(
        np.concatenate(
            [
                rng.uniform(1.4e9, 1.8e9, 3_000),
                rng.uniform(1.5e9, 1.5e9 + 86_400 * 30, 200),
                np.arange(1.6e9, 1.6e9 + 86_400 * 400, 1_800.0),
            ]
        )
    )
    expected = np.array([time.localtime(stamp).tm_gmtoff for stamp in stamps])
    assert np.array_equal(local_offsets(stamps), expected)
    assert len(local_offsets(np.array([]))) == 0


def test_merged_gap_bars_cover_what_the_bars_of_their_bin_cover() -> None:
    x = np.array([0.1, 0.2, 0.3, 1.5, 2.2])
    mine = np.array([0.0, 3.0, 1.0, 2.0, 5.0])
    theirs = np.array([1.0, 4.0, 2.0, 2.0, 4.0])
    bar_x, bar_y = merged_gap_path(x, mine, theirs, start=0.0, bin_width=1.0)
    bars = sorted(
        (float(bar_x[i]), float(bar_y[i]), float(bar_y[i + 1])) for i in range(0, len(bar_x), 3)
    )
    # Bin 0: 0-1 and 1-2 join into 0-2, 3-4 stays apart; bin 1 has no gap; bin 2: 4-5.
    assert bars == [(0.5, 0.0, 2.0), (0.5, 3.0, 4.0), (2.5, 4.0, 5.0)]


def test_a_gap_path_is_one_segment_per_gap() -> None:
    xs, ys = gap_path(np.array([1.0, 2.0]), np.array([0.0, 3.0]), np.array([2.0, 1.0]))
    np.testing.assert_array_equal(xs, [1.0, 1.0, np.nan, 2.0, 2.0, np.nan])
    np.testing.assert_array_equal(ys, [0.0, 2.0, np.nan, 3.0, 1.0, np.nan])


def test_a_series_works_out_the_means_of_a_period_once_and_only_when_asked() -> None:
    x = np.array([10.2, 10.7, 12.1, 19.5, 40.0])
    levels = np.array([1.0, 2.0, 3.0, 2.0, 4.0])
    series = ChartSeries(
        name="Alex",
        x=x,
        mine=levels,
        theirs=levels[::-1],
        poorly_received=np.array([False, True, False, False, True]),
        matching_trend=np.linspace(0.0, 1.0, 5),
    )
    assert series._means == {}
    weekly = series.means(Period.WEEK)
    assert series.means(Period.WEEK) is weekly
    assert list(series._means) == [Period.WEEK]
    expected = PeriodMeans.of(
        Period.WEEK,
        x=x,
        mine=levels,
        theirs=levels[::-1],
        poorly_received=series.poorly_received,
        matching_trend=series.matching_trend,
    )
    np.testing.assert_array_equal(weekly.x, expected.x)
    np.testing.assert_array_equal(weekly.mine, expected.mine)
    assert [means.period for means in series.periods] == list(Period)
    assert len(series._means) == len(Period)
