"""The chart widget on its own: its data, its layout at small and large sizes, its legend."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from datetime import datetime
from unittest.mock import patch

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from matplotlib import dates as mdates
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.colors import to_hex
from matplotlib.text import Text
from matplotlib.transforms import Bbox, BboxBase
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from ixcoach_desktop.gui.chart import ChartSeries, ReciprocityChart
from ixcoach_desktop.gui.chart.periods import Period, PeriodMeans

pytestmark = pytest.mark.filterwarnings("error")

SMALL = (240, 160)  # the chart's minimum size
# The chart in the window at its default size on a 1280 × 800 screen.
IN_WINDOW = (556, 463)
LARGE = (1280, 800)
SHORT = 5
# Over a year and a half (as every history longer than SHORT): per exchange
# even at the smallest size.
LONG = 40
TYPICAL = 100
DENSE = 6_000
# Extents are rounded to whole pixels when drawn.
TOLERANCE_PX = 1.0


def levels(rng: np.random.Generator, count: int) -> np.ndarray:
    """A history that drifts a level at a time, as a relationship does."""
    return np.clip(2 + np.cumsum(rng.integers(-1, 2, count)), 0, 5).astype(float)


def make_series(count: int, name: str = "Sam Rivera", *, poor: bool = False) -> ChartSeries:
    rng = np.random.default_rng(count)
    start = mdates.date2num(datetime(2025, 3, 1))
    span_days = 3.0 if count <= SHORT else 540.0
    mine, theirs = levels(rng, count), levels(rng, count)
    poorly_received = np.zeros(count, bool)
    poorly_received[::3] = poor
    matched = (mine == theirs).astype(float)
    return ChartSeries(
        name=name,
        x=start + np.linspace(0.0, span_days, count),
        mine=mine,
        theirs=theirs,
        poorly_received=poorly_received,
        matching_trend=np.convolve(matched, np.full(10, 0.1))[:count],
    )


@pytest.fixture
def chart(qtbot: QtBot) -> Iterator[ReciprocityChart]:
    widget = ReciprocityChart()
    qtbot.addWidget(widget)
    widget.resize(*LARGE)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def drawn_at(qtbot: QtBot, chart: ReciprocityChart, size: tuple[int, int]) -> None:
    chart.resize(*size)
    qtbot.waitUntil(lambda: tuple(chart.figure.bbox.size) == size)
    chart.draw()


def tick_labels(axis: Axis) -> list[Text]:
    """The labels drawn: non-empty, of ticks inside the view."""
    low, high = sorted(axis.get_view_interval())
    labels = axis.get_majorticklabels()
    return [
        label
        for location, label in zip(axis.get_majorticklocs(), labels, strict=True)
        if low <= location <= high and label.get_text()
    ]


def extents(chart: ReciprocityChart) -> dict[str, Bbox]:
    """Where the labels and legend were drawn, measured by the renderer of the last draw."""
    texts: dict[str, Text] = {}
    for name, axis in (
        ("level", chart.axes.yaxis),
        ("percent", chart.trend_axes.yaxis),
        ("date", chart.axes.xaxis),
    ):
        texts.update({f"{name} {label.get_text()}": label for label in tick_labels(axis)})
    texts["date offset"] = chart.axes.xaxis.get_offset_text()
    texts["trend label"] = chart.trend_axes.yaxis.label
    found = {
        name: text.get_window_extent()
        for name, text in texts.items()
        if text.get_text() and text.get_visible()
    }
    legend = chart.legend.extent()
    if legend is not None:
        found["legend"] = legend
    return found


def assert_inside(box: BboxBase, frame: BboxBase, what: str) -> None:
    assert box.x0 >= frame.x0 - TOLERANCE_PX, f"{what} sticks out left: {box} of {frame}"
    assert box.x1 <= frame.x1 + TOLERANCE_PX, f"{what} sticks out right: {box} of {frame}"
    assert box.y0 >= frame.y0 - TOLERANCE_PX, f"{what} sticks out below: {box} of {frame}"
    assert box.y1 <= frame.y1 + TOLERANCE_PX, f"{what} sticks out above: {box} of {frame}"


def test_the_first_axes_hold_every_point_of_both_sides(
    qtbot: QtBot, chart: ReciprocityChart
) -> None:
    series = make_series(DENSE, "Alex")
    chart.show_series(series)
    drawn_at(qtbot, chart, LARGE)
    mine, theirs = chart.figure.axes[0].lines[:2]
    assert mine.get_label() == "Me"
    assert theirs.get_label() == "Alex"
    np.testing.assert_array_equal(mine.get_xdata(), series.x)
    np.testing.assert_array_equal(mine.get_ydata(), series.mine)
    np.testing.assert_array_equal(theirs.get_xdata(), series.x)
    np.testing.assert_array_equal(theirs.get_ydata(), series.theirs)


def test_a_draw_is_announced(qtbot: QtBot, chart: ReciprocityChart) -> None:
    drawn: list[object] = []
    chart.figure.canvas.mpl_connect("draw_event", drawn.append)
    chart.show_series(make_series(SHORT))
    qtbot.waitUntil(lambda: bool(drawn))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
@pytest.mark.parametrize("count", [SHORT, DENSE], ids=["short", "dense"])
def test_labels_and_legend_lie_inside_the_figure(
    qtbot: QtBot, chart: ReciprocityChart, size: tuple[int, int], count: int
) -> None:
    name = "Maximilian Alexander von Habsburg-Lothringen"
    chart.show_series(make_series(count, name, poor=True))
    drawn_at(qtbot, chart, size)
    found = extents(chart)
    assert {"legend", "percent 0%", "percent 100%"} <= found.keys()
    assert sum(key.startswith("level ") for key in found) >= 3
    assert any(key.startswith("date ") for key in found)
    figure = chart.figure.bbox
    for what, box in found.items():
        assert_inside(box, figure, what)
    plot = chart.axes.bbox
    assert found["legend"].y0 >= plot.y1, "the legend sits above the plot"
    assert plot.width > 0.25 * size[0]
    assert plot.height > 0.2 * size[1]
    for what, box in found.items():
        if what.startswith("level "):
            assert box.y1 <= found["legend"].y0, f"{what} runs into the legend"
    if "trend label" in found:
        percent_edge = max(box.x1 for what, box in found.items() if what.startswith("percent"))
        assert found["trend label"].x0 >= percent_edge


def test_the_large_chart_shows_everything_in_full(qtbot: QtBot, chart: ReciprocityChart) -> None:
    chart.show_series(make_series(DENSE, "Alex"))
    drawn_at(qtbot, chart, LARGE)
    found = extents(chart)
    assert "level 2 preferences" in found
    assert chart.trend_axes.yaxis.label.get_text() == "matching (last 10)"
    assert legend_texts(chart) == ["Me (weekly mean)", "Alex (weekly mean)", "Matching"]


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
def test_the_legend_follows_the_contact(
    qtbot: QtBot, chart: ReciprocityChart, size: tuple[int, int]
) -> None:
    chart.show_series(make_series(SHORT, "Alex"))
    drawn_at(qtbot, chart, size)
    assert legend_texts(chart) == ["Me", "Alex", "Matching"]
    chart.show_series(make_series(LONG, "Robin"))
    chart.draw()
    assert legend_texts(chart) == ["Me", "Robin", "Matching"]
    # Poorly received exchanges add an entry, and it goes with them.
    chart.show_series(make_series(SHORT, "Robin", poor=True))
    chart.draw()
    assert legend_texts(chart) == ["Me", "Robin", "Poorly received", "Matching"]
    chart.show_series(make_series(LONG, "Sam"))
    chart.draw()
    assert legend_texts(chart) == ["Me", "Sam", "Matching"]
    assert_inside(chart.legend.extent() or Bbox.null(), chart.figure.bbox, "legend")


def test_a_long_name_is_cut_to_fit_the_legend(qtbot: QtBot, chart: ReciprocityChart) -> None:
    name = "Maximilian Alexander von Habsburg-Lothringen"
    chart.show_series(make_series(SHORT, name))
    drawn_at(qtbot, chart, SMALL)
    shown = legend_texts(chart)[1]
    assert shown.endswith("…")
    assert name.startswith(shown.removesuffix("…"))
    drawn_at(qtbot, chart, LARGE)
    assert legend_texts(chart)[1] == name


def test_markers_only_while_the_points_are_sparse(qtbot: QtBot, chart: ReciprocityChart) -> None:
    drawn_at(qtbot, chart, LARGE)
    chart.show_series(make_series(SHORT))
    chart.draw()
    assert chart.my_line.get_marker() == "o"
    assert chart.their_line.get_marker() == "s"
    chart.show_series(make_series(DENSE))
    chart.draw()
    assert chart.my_line.get_marker() in ("", "None")
    assert chart.their_line.get_marker() in ("", "None")


def legend_texts(chart: ReciprocityChart) -> list[str]:
    return chart.legend.labels


def shows_means(chart: ReciprocityChart) -> bool:
    """Whether the level lines are drawn as means, checking that only one pair shows."""
    means = chart.my_means.get_visible()
    assert chart.their_means.get_visible() == chart.gap_band.get_visible() == means
    assert chart.my_line.get_visible() == chart.their_line.get_visible() == (not means)
    assert chart.gap_bars.get_visible() == (not means)
    return means


def periods(series: ChartSeries, period: Period) -> PeriodMeans:
    return next(means for means in series.periods if means.period is period)


def test_a_long_history_is_drawn_as_weekly_means_and_the_legend_says_so(
    qtbot: QtBot, chart: ReciprocityChart
) -> None:
    series = make_series(DENSE, "Alex")
    chart.show_series(series)
    drawn_at(qtbot, chart, LARGE)
    assert shows_means(chart)
    assert legend_texts(chart) == ["Me (weekly mean)", "Alex (weekly mean)", "Matching"]
    weekly = periods(series, Period.WEEK)
    np.testing.assert_array_equal(chart.my_means.get_xdata(), weekly.x)
    np.testing.assert_array_equal(chart.my_means.get_ydata(), weekly.mine)
    np.testing.assert_array_equal(chart.their_means.get_ydata(), weekly.theirs)
    np.testing.assert_array_equal(chart.trend_line.get_ydata(), weekly.matching_trend)
    # Weeks at least a few pixels apart: a line that can be read.
    assert chart.axes.bbox.width / len(weekly.x) >= 5
    # The gaps are still shaded: the band runs from the mean lower level to
    # the mean higher one.
    band = chart.gap_band.get_xy()
    assert np.isclose(band[:, 1].min(), weekly.lower.min())
    assert np.isclose(band[:, 1].max(), weekly.upper.max())
    # The first axes' first lines still hold every exchange, out of sight.
    np.testing.assert_array_equal(chart.my_line.get_ydata(), series.mine)


@pytest.mark.parametrize(
    ("count", "size"),
    [(SHORT, LARGE), (TYPICAL, IN_WINDOW), (LONG, SMALL)],
    ids=["short-large", "typical-in-window", "long-small"],
)
def test_a_history_with_room_for_each_exchange_is_drawn_per_exchange(
    qtbot: QtBot, chart: ReciprocityChart, count: int, size: tuple[int, int]
) -> None:
    series = make_series(count, "Alex")
    chart.show_series(series)
    drawn_at(qtbot, chart, size)
    assert not shows_means(chart)
    assert legend_texts(chart) == ["Me", "Alex", "Matching"]
    np.testing.assert_array_equal(chart.trend_line.get_ydata(), series.matching_trend)


def test_widening_the_chart_shows_each_exchange_again(
    qtbot: QtBot, chart: ReciprocityChart
) -> None:
    chart.show_series(make_series(TYPICAL, "Alex", poor=True))
    drawn_at(qtbot, chart, SMALL)
    assert shows_means(chart)
    assert legend_texts(chart)[0] in ("Me (monthly mean)", "Me (monthly)", "Me")
    drawn_at(qtbot, chart, LARGE)
    assert not shows_means(chart)
    assert legend_texts(chart) == ["Me", "Alex", "Poorly received", "Matching"]
    assert len(np.asarray(chart.poor_marks.get_offsets())) == math.ceil(TYPICAL / 3)
    drawn_at(qtbot, chart, SMALL)
    assert shows_means(chart)


def test_poorly_received_exchanges_are_still_marked_when_drawn_as_means(
    qtbot: QtBot, chart: ReciprocityChart
) -> None:
    series = make_series(DENSE, "Alex")
    # Poorly received only in the first ten days of July 2025.
    july = (series.x >= mdates.date2num(datetime(2025, 7, 1))) & (
        series.x < mdates.date2num(datetime(2025, 7, 11))
    )
    series = dataclasses.replace(series, poorly_received=july)
    chart.show_series(series)
    drawn_at(qtbot, chart, IN_WINDOW)
    assert shows_means(chart)
    assert "Poorly received" in legend_texts(chart)
    marks = np.asarray(chart.poor_marks.get_offsets())
    assert 1 <= len(marks) <= 2  # one per week or month that had any
    dates = mdates.num2date(marks[:, 0])
    assert all((date.year, date.month) in ((2025, 6), (2025, 7)) for date in dates)
    # On my line, where it passes the mark.
    line_x = np.asarray(chart.my_means.get_xdata(), dtype=float)
    line_y = np.asarray(chart.my_means.get_ydata(), dtype=float)
    np.testing.assert_allclose(marks[:, 1], np.interp(marks[:, 0], line_x, line_y))
    # Marks at least a mark's width apart, so they never pile up.
    mark_width_px = math.sqrt(chart.poor_marks.get_sizes()[0]) * chart.figure.dpi / 72
    if len(marks) == 2:
        spacing = np.diff(chart.axes.transData.transform(marks)[:, 0])[0]
        assert spacing >= mark_width_px


def test_the_empty_state_message_fits_the_plot(qtbot: QtBot, chart: ReciprocityChart) -> None:
    message = "No exchanges with Sam yet.\nLog your first conversation on the right."
    chart.show_series(make_series(SHORT))
    chart.show_series(None, message)
    drawn_at(qtbot, chart, SMALL)
    text = chart.empty_text
    assert text.get_text().split() == message.split()
    assert_inside(text.get_window_extent(), chart.axes.bbox, "message")
    assert chart.legend.labels == []
    assert chart.legend.extent() is None
    assert np.asarray(chart.figure.axes[0].lines[0].get_xdata()).size == 0


def test_the_chart_follows_a_dark_window(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    dark = QPalette(QColor(45, 45, 45))
    dark.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    dark.setColor(QPalette.ColorRole.Text, QColor(230, 230, 230))
    window.setPalette(dark)
    chart = ReciprocityChart(window)
    assert to_hex(chart.figure.get_facecolor()) == "#1e1e1e"
    assert to_hex(chart.my_line.get_color()) == "#56b4e9"
    window.setPalette(QPalette(QColor("white")))
    assert to_hex(chart.figure.get_facecolor()) == "#ffffff"
    assert to_hex(chart.my_line.get_color()) == "#0072b2"


def shown(qtbot: QtBot, chart: ReciprocityChart, series: ChartSeries | None) -> None:
    """Show ``series`` and wait until the chart announces it drawn."""
    drawn: list[object] = []
    connection = chart.canvas.mpl_connect("draw_event", drawn.append)
    chart.show_series(series, "Nobody here.")
    qtbot.waitUntil(lambda: bool(drawn))
    chart.canvas.mpl_disconnect(connection)


def test_a_change_of_data_is_drawn_over_the_saved_frame_as_a_whole_draw_would(
    qtbot: QtBot, chart: ReciprocityChart
) -> None:
    shown(qtbot, chart, make_series(LONG, "Alex"))
    qtbot.wait(50)  # the first show's own redraws are over
    whole_draws: list[RendererBase] = []
    real_draw = chart.figure.draw

    def counted(renderer: RendererBase) -> None:
        whole_draws.append(renderer)
        real_draw(renderer)

    with patch.object(chart.figure, "draw", counted):
        shown(qtbot, chart, make_series(TYPICAL, "Sam", poor=True))
        assert whole_draws == [], "only the data was drawn"
        assert legend_texts(chart) == ["Me", "Sam", "Poorly received", "Matching"]
        blitted = np.asarray(chart.canvas.buffer_rgba()).copy()
        # The palette drops the saved frame: the next redraw is whole.
        drawn: list[object] = []
        connection = chart.canvas.mpl_connect("draw_event", drawn.append)
        chart.apply_palette()
        qtbot.waitUntil(lambda: bool(drawn))
        chart.canvas.mpl_disconnect(connection)
        assert len(whole_draws) == 1
    np.testing.assert_array_equal(np.asarray(chart.canvas.buffer_rgba()), blitted)


def test_the_empty_state_and_a_resize_are_drawn_whole(
    qtbot: QtBot, chart: ReciprocityChart
) -> None:
    shown(qtbot, chart, make_series(LONG, "Alex"))
    shown(qtbot, chart, None)
    assert chart.empty_text.get_text().split() == ["Nobody", "here."]
    assert not chart.trend_axes.get_visible()
    shown(qtbot, chart, make_series(SHORT, "Sam"))
    drawn_at(qtbot, chart, SMALL)
    assert legend_texts(chart) == ["Me", "Sam", "Matching"]
    shown(qtbot, chart, make_series(LONG, "Robin"))
    found = extents(chart)
    for what, box in found.items():
        assert_inside(box, chart.figure.bbox, what)
    assert chart.legend.extent() is not None
