"""The reciprocity chart: my level and theirs over time, gaps, poor receptions, trend.

Artists are created once and updated in place (``set_data`` + ``draw_idle``),
as in Matplotlib's "Embedding in Qt" example; pyplot is never used.

A history too dense for the plot's width (strokes closer than the lines are
thick fuse into a solid block) is drawn as per-period means instead: the
finest calendar period whose points stay a few pixels apart. The first two
lines always hold every exchange, hidden while the means stand in for them.

The chart is drawn on the UI thread after every contact switch and save, so a
draw does no more than it must. Instead of a layout engine solving the whole
figure on every draw, the margins are measured from text extents only when
what they depend on changes (size, DPI, legend entries, contact name). The
legend is rebuilt only when its entries change; dense lines are drawn
without markers and with coarser path simplification; date ticks are located
and formatted once per view.
"""

from __future__ import annotations

import math
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any

import numpy as np

import matplotlib as mpl
from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, FixedLocator, PercentFormatter
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ixcoach_desktop.domain.models import ExchangeFacts
from ixcoach_desktop.domain.reciprocity import (
    RECENT_WINDOW,
    reception_is_poor,
    rolling_matching_rate,
)
from ixcoach_desktop.domain.scales import MAX_LEVEL, MIN_LEVEL, DepthLevel, Reception
from ixcoach_desktop.gui.chart_periods import Period, PeriodMeans
from ixcoach_desktop.gui.widgets import name_widget

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
_ME_COLOUR = "#0072B2"
_THEM_COLOUR = "#E69F00"
_POOR_COLOUR = "#D55E00"
_ME_COLOUR_DARK = "#56B4E9"
_TREND_ALPHA = 0.55
_GAP_ALPHA = 0.16
_GAP_BAR_WIDTH_PT = 5.0
_LEVEL_LINE_WIDTH_PT = 2.0
_POOR_MARK_AREA_PT2 = 70.0
_SECONDS_PER_DAY = 86_400.0
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
_ONE_OFFSET_SPAN_S = 7 * _SECONDS_PER_DAY
_DEFAULT_EMPTY_MESSAGE = "Pick a person on the left to see how your exchanges unfold."

_MY_MARKER = "o"
_THEIR_MARKER = "s"
# Closer than this many pixels per point, markers merge into a smear that
# only costs drawing time: dense lines are drawn without them.
_MARKER_SPACING_PX = 6.0
# A mean's marker only says where its period is; closer than a few marker
# widths the markers string into beads that hide the line's shape.
_MEAN_MARKER_SPACING_PX = 16.0
# Exchanges closer together than the level lines are thick draw strokes that
# overlap their neighbours: the zigzags fuse into a solid block in which no
# trend can be read. The lines then show per-period means instead. (A typical
# hundred exchanges over a year and a half are about 2.7 pt apart in the
# window's default layout, and stay per exchange.)
_MIN_EXCHANGE_SPACING_PT = _LEVEL_LINE_WIDTH_PT
# Means are taken over the finest period whose points are at least this far
# apart (about 5.5 px on a common screen): closer, the means zigzag in turn.
_MIN_PERIOD_SPACING_PT = 4.0
# Marks for poorly received exchanges are merged per period at least a mark
# wide apart, so they never pile up into a smear.
_MIN_POOR_MARK_SPACING_PT = math.sqrt(_POOR_MARK_AREA_PT2)
# Vertices closer than this to the simplified path are dropped. Matplotlib's
# default (1/9 px) keeps thousands of invisible zigzags in a dense line and
# costs twice the drawing time; a pixel's deviation under a 2 pt line looks
# the same.
_SIMPLIFY_THRESHOLD_PX = 1.0

_LEVEL_MARGIN = 0.3
_LEVEL_LABELS = tuple(f"{int(level)} {level.label}" for level in DepthLevel)
_LEVEL_NUMBERS = tuple(str(int(level)) for level in DepthLevel)
# Level names may take this share of the chart's width; beyond it the axis
# shows the numbers only.
_MAX_LEVEL_LABEL_SHARE = 0.25
_TREND_TOP = 1.05
# Enough for a secondary scale; every label drawn costs about a millisecond.
_TREND_TICKS = (0.0, 0.5, 1.0)
# Longest first; the longest that fits beside the plot is shown.
_TREND_LABELS = (f"matching (last {RECENT_WINDOW})", "matching", "")
_WIDEST_PERCENT = "100%"

_MIN_DATE_TICKS = 3
_MAX_DATE_TICKS = 8
# At most one date label per this many points of axes width.
_DATE_TICK_SPACING_PT = 50.0
# A lone point or same-day points still get a readable span of a few days.
_MIN_X_PAD_DAYS = 1.5
_X_PAD_FRACTION = 0.04

# Margins and gaps in points, so they follow the DPI.
_EDGE_PAD_PT = 3.0
_LEGEND_GAP_PT = 3.0
# Labels one above the other keep at least this much space between them.
_LABEL_GAP_PT = 1.5
_LEGEND_FONT_SIZE = "small"
_LEGEND_MAX_ROWS = 2
# Tighter than Matplotlib's defaults: the legend has no frame to fill, and at
# the minimum width two rows must still fit.
_LEGEND_BORDER_PAD = 0.2
_LEGEND_COLUMN_SPACING = 1.2
_LEGEND_HANDLE_TEXT_PAD = 0.5
_ELLIPSIS = "…"
# Measured label sizes kept; names and wrapped messages come and go.
_TEXT_SIZES_REMEMBERED = 256
# A plot area the margins never squeeze below, in pixels; only a widget below
# its minimum size gets there, and then the margins give way.
_MIN_PLOT_PX = 20.0


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """What the chart draws for one contact, oldest first, as ready-made arrays.

    Built from exchanges by plain Python and NumPy, so a worker thread can
    prepare it and the UI thread only hands the arrays to the artists.
    """

    name: str
    # Matplotlib date numbers in local wall-clock time: when the user remembers it.
    x: np.ndarray
    mine: np.ndarray
    theirs: np.ndarray
    poorly_received: np.ndarray
    # Rolling matching rate 0..1 aligned with ``x``.
    matching_trend: np.ndarray
    # Means per period, finest first, for when the plot is too narrow for
    # every exchange; made with the rest, so the UI thread only picks one.
    periods: tuple[PeriodMeans, ...] = field(init=False)

    def __post_init__(self) -> None:
        periods = tuple(
            PeriodMeans.of(
                period,
                x=self.x,
                mine=self.mine,
                theirs=self.theirs,
                poorly_received=self.poorly_received,
                matching_trend=self.matching_trend,
            )
            for period in Period
        )
        object.__setattr__(self, "periods", periods)

    @classmethod
    def from_points(cls, name: str, ordered: Sequence[ExchangeFacts]) -> ChartSeries:
        """The series of exchanges given oldest first (see ``chronological``)."""
        # map() over attrgetters runs in C: no Python frame per exchange.
        count = len(ordered)
        stamps = np.fromiter(map(datetime.timestamp, map(_OCCURRED_AT, ordered)), float, count)
        return cls(
            name=name,
            x=(stamps + local_offsets(stamps)) / _SECONDS_PER_DAY,
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


def _legend_font_points() -> float:
    return float(FontProperties(size=_LEGEND_FONT_SIZE).get_size_in_points())


def _gap_path(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of vertical segments (x, low)-(x, high), separated by NaNs."""
    nan = np.full_like(x, np.nan)
    return (
        np.column_stack((x, x, nan)).ravel(),
        np.column_stack((low, high, nan)).ravel(),
    )


def _band(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The outline of the area between ``low`` and ``high`` over ``x``."""
    return np.column_stack((np.concatenate((x, x[::-1])), np.concatenate((low, high[::-1]))))


def _count_between(x: np.ndarray, low: float, high: float) -> int:
    """How many of the ascending ``x`` lie in [low, high]."""
    return int(np.searchsorted(x, high, "right") - np.searchsorted(x, low))


def _finest_period(days: float) -> int:
    """The index, finest first, of the shortest period at least ``days`` long; else the longest."""
    return next((i for i, period in enumerate(Period) if period.days >= days), len(Period) - 1)


def _thin_dates(ticks: np.ndarray, limit: int) -> np.ndarray:
    """At most ``limit`` of the evenly spaced date ``ticks``, every n-th one.

    The kept ones include a year start if there is one, else a month start:
    the concise labels name the year or month there.
    """
    step = math.ceil(len(ticks) / max(limit, 1))
    if step <= 1:
        return ticks
    dates = mdates.num2date(ticks)
    year_starts = [i for i, date in enumerate(dates) if date.month == 1 and date.day == 1]
    month_starts = [i for i, date in enumerate(dates) if date.day == 1]
    first = (year_starts or month_starts or [0])[0]
    return ticks[first % step :: step]


def _merged_gap_path(
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
    return _gap_path(centres, MIN_LEVEL + run_starts, MIN_LEVEL + run_ends + 1.0)


class _DateLocator(mdates.AutoDateLocator):
    """An AutoDateLocator thinned to the labels that fit, once per view.

    Matplotlib asks for the ticks three times per draw (ticks, label position,
    spine extent), and each answer walks a dateutil rrule. Thinning, unlike a
    lower ``maxticks``, keeps the interval tables that suit every date span.
    """

    def __init__(self) -> None:
        super().__init__(minticks=_MIN_DATE_TICKS, maxticks=_MAX_DATE_TICKS)
        self.limit = _MAX_DATE_TICKS
        self._key: tuple[float, ...] = ()
        self._ticks = np.empty(0)

    def __call__(self) -> Any:
        assert self.axis is not None  # Called only once set on the x axis.
        key = (*self.axis.get_view_interval(), self.limit)
        if key != self._key:
            self._ticks = _thin_dates(np.asarray(super().__call__()), self.limit)
            self._key = key
        return self._ticks


class _TickCachedDateFormatter(mdates.ConciseDateFormatter):
    """A ConciseDateFormatter that formats each set of tick positions once."""

    def __init__(self, locator: mdates.AutoDateLocator) -> None:
        super().__init__(locator)
        self._values: tuple[float, ...] = ()
        self._labels: list[str] = []
        self._offset = ""

    def format_ticks(self, values: Any) -> list[str]:
        key = tuple(values)
        if key != self._values:
            self._labels = super().format_ticks(values)
            self._offset = super().get_offset()
            self._values = key
        return self._labels

    def get_offset(self) -> str:
        return self._offset


@dataclass(frozen=True, slots=True)
class _LayoutKey:
    """What the margins depend on; the layout is worked out again when it changes."""

    width: float
    height: float
    dpi: float
    legend_labels: tuple[str, ...]  # empty without data
    empty_message: str


class ReciprocityChart(FigureCanvasQTAgg):
    """The per-contact chart. Its first axes hold the lines 'Me' and the contact's name."""

    # FigureCanvasQTAgg sets a palette inside its own __init__, before our
    # artists exist; palette changes are followed only once we are built.
    _ready = False

    def __init__(self, parent: QWidget | None = None) -> None:
        self.figure = Figure(figsize=(6, 3))
        super().__init__(self.figure)
        # FigureCanvasQT pins a white palette of its own, which kept the chart
        # light in a dark theme; an unset palette is inherited from the window.
        self.setPalette(QPalette())
        self.setParent(parent)
        name_widget(self, "reciprocityChart", "Reciprocity chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 160)

        self.axes = self.figure.add_subplot()
        self.trend_axes = self.axes.twinx()
        # The trend sits behind the level lines and never takes the mouse.
        self.trend_axes.set_zorder(self.axes.get_zorder() - 1)
        # Both plot areas show the figure's background, which follows the
        # palette (a white axes patch would stay white in a dark theme).
        self.axes.patch.set_visible(False)
        self.trend_axes.patch.set_visible(False)

        level_style: dict[str, Any] = {"markersize": 4, "lw": _LEVEL_LINE_WIDTH_PT}
        (self.my_line,) = self.axes.plot([], [], marker=_MY_MARKER, **level_style, label="Me")
        (self.their_line,) = self.axes.plot(
            [], [], marker=_THEIR_MARKER, **level_style, label="Them"
        )
        # One line broken by NaNs draws every gap as a vertical bar; updating it
        # is a single set_data, where a LineCollection rebuilds a path per gap.
        (self.gap_bars,) = self.axes.plot(
            [], [], lw=_GAP_BAR_WIDTH_PT, alpha=_GAP_ALPHA, solid_capstyle="butt", label="Gap"
        )
        # Stand-ins for the level lines and gap bars when the exchanges are too
        # dense. Labels starting with "_" stay out of legends and lookups by name.
        (self.my_means,) = self.axes.plot(
            [], [], marker=_MY_MARKER, **level_style, label="_my means", visible=False
        )
        (self.their_means,) = self.axes.plot(
            [], [], marker=_THEIR_MARKER, **level_style, label="_their means", visible=False
        )
        # From the mean lower level to the mean higher one: the mean gap.
        self.gap_band = Polygon(
            np.empty((0, 2)), alpha=_GAP_ALPHA, lw=0, label="_gap band", visible=False
        )
        self.axes.add_patch(self.gap_band)
        self.poor_marks = self.axes.scatter(
            [], [], marker="X", s=_POOR_MARK_AREA_PT2, zorder=5, label="Poorly received"
        )
        (self.trend_line,) = self.trend_axes.plot(
            [], [], lw=1.5, ls="--", alpha=_TREND_ALPHA, label="Matching"
        )
        self.empty_text = self.axes.text(
            0.5, 0.5, "", ha="center", va="center", transform=self.axes.transAxes
        )
        # Measures text for the margins; never added to the figure.
        self._ruler = Text()
        self._ruler.set_figure(self.figure)
        self._text_sizes: dict[tuple[str, float | str, float], tuple[float, float]] = {}
        self._series: ChartSeries | None = None
        self._poor_points = np.empty((0, 2))
        self._gaps = (np.empty(0), np.empty(0), np.empty(0))
        self._gaps_drawn_for: tuple[float, ...] = ()
        self._density_for: tuple[float, ...] = ()
        # The period the level lines show means over (None: every exchange).
        self._period: Period | None = None
        # The periods of the level lines and of the poor marks that the
        # artists hold; None until a new series is first drawn.
        self._drawn_as: tuple[Period | None, Period | None] | None = None
        # The x of the level lines shown, per exchange or per period.
        self._level_x = np.empty(0)
        self._has_data = False
        self._markers_shown = True
        self._markers_for: tuple[bool, Period | None] = (True, None)
        self._legend: Legend | None = None
        self._legend_handles: list[Artist] = []
        self._wanted_legend_handles: list[Artist] = []
        self._legend_ncols = 0
        self._text_colour = "black"
        self._layout_key: _LayoutKey | None = None
        self._date_locator = _DateLocator()
        self._empty_message = ""
        self._level_labels: tuple[str, ...] = ()
        self._configure_axes()
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.setInterval(0)
        self._idle_timer.timeout.connect(self._draw_idle)
        self._ready = True
        self.apply_palette()
        self.show_series(None)

    def _configure_axes(self) -> None:
        self.axes.set_ylim(MIN_LEVEL - _LEVEL_MARGIN, MAX_LEVEL + _LEVEL_MARGIN)
        self.axes.yaxis.set_major_locator(FixedLocator(list(range(MIN_LEVEL, MAX_LEVEL + 1))))
        self._set_level_labels(_LEVEL_LABELS)
        self.axes.grid(axis="y", alpha=0.25)
        self.axes.xaxis.set_major_locator(self._date_locator)
        self.axes.xaxis.set_major_formatter(_TickCachedDateFormatter(self._date_locator))
        self.trend_axes.set_ylim(0, _TREND_TOP)
        self.trend_axes.yaxis.set_major_locator(FixedLocator(list(_TREND_TICKS)))
        self.trend_axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        self.trend_axes.set_ylabel(_TREND_LABELS[0])
        self.axes.spines["top"].set_visible(False)
        self.trend_axes.spines["top"].set_visible(False)
        # Axis labels placed by hand (the trend label by the layout): automatic
        # placement measures every tick label and re-runs the locator per draw.
        self.axes.xaxis.set_label_coords(0.5, 0.0)
        self.axes.yaxis.set_label_coords(0.0, 0.5)
        self.trend_axes.yaxis.set_label_coords(1.0, 0.5)

    def _set_level_labels(self, labels: tuple[str, ...]) -> None:
        if labels != self._level_labels:
            self._level_labels = labels
            self.axes.yaxis.set_major_formatter(FixedFormatter(list(labels)))

    def show_series(self, series: ChartSeries | None, empty_message: str = "") -> None:
        """Draw ``series``; None or an empty series shows ``empty_message`` instead."""
        if series is None or not len(series.x):
            self._has_data = False
            self._series = None
            for line in (self.my_line, self.their_line, self.my_means, self.their_means):
                line.set_data([], [])
            self.trend_line.set_data([], [])
            self.gap_bars.set_data([], [])
            self.gap_band.set_xy(np.empty((0, 2)))
            self.poor_marks.set_offsets(np.empty((0, 2)))
            self._show_per(None)
            self._drawn_as = None
            # Wrapped to the plot's width when the layout is next worked out.
            self._empty_message = empty_message or _DEFAULT_EMPTY_MESSAGE
            if self._legend is not None:
                self._legend.set_visible(False)
            self.trend_axes.set_visible(False)
            self.axes.set_xlim(0, 1)
            self.axes.xaxis.set_visible(False)
            self.draw_idle()
            return
        self._has_data = True
        self._empty_message = ""
        self.empty_text.set_text("")
        self.axes.xaxis.set_visible(True)
        x, mine, theirs = series.x, series.mine, series.theirs
        self._series = series
        self.my_line.set_data(x, mine)
        self.their_line.set_data(x, theirs)
        self.their_line.set_label(series.name)
        gaps = mine != theirs
        self._gaps = (x[gaps], mine[gaps], theirs[gaps])
        self._gaps_drawn_for = ()
        poor = series.poorly_received
        self._poor_points = np.column_stack((x[poor], mine[poor]))
        # Whether per exchange or per period, decided when drawn at a known size.
        self._density_for = ()
        self._drawn_as = None
        self.trend_axes.set_visible(True)
        self._set_x_range(x)
        self._update_legend(show_poor=bool(poor.any()))
        self.draw_idle()

    def _set_x_range(self, x: np.ndarray) -> None:
        low, high = float(x.min()), float(x.max())
        pad = max((high - low) * _X_PAD_FRACTION, _MIN_X_PAD_DAYS)
        self.axes.set_xlim(low - pad, high + pad)

    # --- legend -----------------------------------------------------------

    def _update_legend(self, *, show_poor: bool) -> None:
        """Note the legend's entries; it is brought up to date when next drawn.

        Building a Matplotlib legend takes milliseconds, which a contact
        switch should not wait for: the draw that shows it follows anyway.
        """
        handles: list[Artist] = [self.my_line, self.their_line]
        if show_poor:
            handles.append(self.poor_marks)
        handles.append(self.trend_line)
        self._wanted_legend_handles = handles

    def _apply_legend(self) -> None:
        """Rebuild the legend only when its entries change; else show it as it is.

        A new name is set in place when the layout is next worked out: it
        may be cut to fit, and the layout key holds the name.
        """
        handles = self._wanted_legend_handles
        if self._legend is None or handles != self._legend_handles:
            self._build_legend(handles, ncols=len(handles))
        else:
            self._legend.set_visible(True)

    def _build_legend(self, handles: list[Artist], ncols: int) -> Legend:
        if self._legend is not None:
            self._legend.remove()
        # Above the plot, anchored to the top edge; the layout reserves its
        # height (legend placement "outside" would need a layout engine).
        legend = self.figure.legend(
            handles=handles,
            labels=[str(handle.get_label()) for handle in handles],
            loc="upper center",
            bbox_to_anchor=(0.5, 1.0),
            bbox_transform=self.figure.transFigure,
            ncols=ncols,
            fontsize=_LEGEND_FONT_SIZE,
            frameon=False,
            borderpad=_LEGEND_BORDER_PAD,
            borderaxespad=_EDGE_PAD_PT / _legend_font_points(),
            columnspacing=_LEGEND_COLUMN_SPACING,
            handletextpad=_LEGEND_HANDLE_TEXT_PAD,
        )
        for text in legend.get_texts():
            text.set_color(self._text_colour)
        self._legend = legend
        self._legend_handles = handles
        self._legend_ncols = ncols
        self._show_legend_markers()
        return legend

    def _show_legend_markers(self) -> None:
        if self._legend is None:
            return
        mine, theirs = self._legend.legend_handles[:2]
        for handle, marker in ((mine, _MY_MARKER), (theirs, _THEIR_MARKER)):
            if isinstance(handle, Line2D):
                handle.set_marker(marker if self._markers_shown else "")
                # The handles copy the level lines, hidden while means stand in.
                handle.set_visible(True)

    def _level_suffixes(self) -> tuple[tuple[str, str], ...]:
        """What my line's entry and theirs add when they show means, shortest last.

        Shorter, it is said once for both; near the chart's minimum size the
        legend has room for none of it, and the lines' shape tells instead.
        """
        if self._period is None:
            return (("", ""),)
        full, short = f" ({self._period.adjective} mean)", f" ({self._period.adjective})"
        return ((full, full), (short, short), (short, ""), ("", ""))

    def _legend_labels(self) -> list[str]:
        """The legend's entries in full: the level lines' say what they show."""
        mine, theirs = self._level_suffixes()[0]
        suffixes: dict[Artist, str] = {self.my_line: mine, self.their_line: theirs}
        return [
            f"{handle.get_label()}{suffixes.get(handle, '')}" for handle in self._legend_handles
        ]

    def _fit_legend(self, renderer: RendererBase, available: float) -> Legend:
        """The legend in one row if it fits, else in two, the contact's name cut to fit.

        The level lines' entries keep saying that they show means, in short
        if even a name cut to nothing leaves no room for it in full.
        """
        assert self._legend is not None
        handles = self._legend_handles
        name = str(self.their_line.get_label())
        ncols = len(handles)
        if self._one_row_width(renderer) > available:
            ncols = math.ceil(len(handles) / _LEGEND_MAX_ROWS)
        legend = self._legend
        if ncols != self._legend_ncols:
            legend = self._build_legend(handles, ncols)
        mine, label = legend.get_texts()[:2]

        def fits(text: str) -> bool:
            label.set_text(text)
            return bool(legend.get_window_extent(renderer).width <= available)

        for my_suffix, suffix in self._level_suffixes():
            mine.set_text(f"{self.my_line.get_label()}{my_suffix}")
            if fits(name + suffix):
                return legend
            if fits(_ELLIPSIS + suffix):
                break
        # Too wide: the longest start of the name that fits.
        low, high = 0, len(name)
        while low < high:
            middle = (low + high + 1) // 2
            if fits(name[:middle].rstrip() + _ELLIPSIS + suffix):
                low = middle
            else:
                high = middle - 1
        label.set_text(name[:low].rstrip() + _ELLIPSIS + suffix)
        return legend

    def _one_row_width(self, renderer: RendererBase) -> float:
        """How wide the legend is in one row, worked out rather than built to be measured."""
        labels = self._legend_labels()
        font = _legend_font_points() * self.figure.dpi / 72
        entries = len(labels)
        handle_length = float(mpl.rcParams["legend.handlelength"])
        handle_width = (handle_length + _LEGEND_HANDLE_TEXT_PAD) * font
        return (
            sum(self._text_size(renderer, label, _LEGEND_FONT_SIZE)[0] for label in labels)
            + entries * handle_width
            + (entries - 1) * _LEGEND_COLUMN_SPACING * font
            + 2 * _LEGEND_BORDER_PAD * font
        )

    # --- palette and markers ----------------------------------------------

    def apply_palette(self) -> None:
        """Follow the window's light or dark palette."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base).name()
        text = palette.color(QPalette.ColorRole.Text).name()
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        self._text_colour = text
        self.figure.set_facecolor(background)
        for axes in (self.axes, self.trend_axes):
            axes.tick_params(colors=text, which="both")
            for spine in axes.spines.values():
                spine.set_color(text)
            axes.yaxis.label.set_color(text)
        for line in (self.my_line, self.my_means):
            line.set_color(_ME_COLOUR_DARK if dark else _ME_COLOUR)
        for line in (self.their_line, self.their_means):
            line.set_color(_THEM_COLOUR)
        self.gap_bars.set_color(text)
        self.gap_band.set_facecolor(text)
        self.poor_marks.set_color(_POOR_COLOUR)
        self.trend_line.set_color(text)
        self.empty_text.set_color(text)
        if self._legend is not None:
            # The legend's handles copied the line colours when it was built.
            visible = self._legend.get_visible()
            self._build_legend(self._legend_handles, self._legend_ncols).set_visible(visible)
            self._layout_key = None
        self.draw_idle()

    def _update_markers(self) -> None:
        """Markers only while the points shown are far enough apart to be told apart."""
        low, high = self.axes.get_xlim()
        shown = _count_between(self._level_x, low, high)
        spacing = _MARKER_SPACING_PX if self._period is None else _MEAN_MARKER_SPACING_PX
        sparse = shown * spacing <= self.axes.bbox.width
        if (sparse, self._period) != self._markers_for:
            self._markers_for = (sparse, self._period)
            self._markers_shown = sparse
            # The hidden pair has none: shown again, it is shown as it should be.
            per_exchange = self._period is None
            for line, marker, shows in (
                (self.my_line, _MY_MARKER, per_exchange),
                (self.their_line, _THEIR_MARKER, per_exchange),
                (self.my_means, _MY_MARKER, not per_exchange),
                (self.their_means, _THEIR_MARKER, not per_exchange),
            ):
                line.set_marker(marker if sparse and shows else "")
            self._show_legend_markers()

    # --- density ----------------------------------------------------------

    def _update_density(self) -> bool:
        """Per exchange while they are far enough apart, else per period; whether that changed.

        Worked out again only when the view or the plot's size changes: two
        binary searches, and the artists are given other data only when the
        periods change. The means themselves were made with the series.
        """
        low, high = self.axes.get_xlim()
        width, dpi = self.axes.bbox.width, self.figure.dpi
        if self._density_for == (low, high, width, dpi):
            return False
        self._density_for = (low, high, width, dpi)
        series = self._series
        assert series is not None
        pt = dpi / 72
        lines: PeriodMeans | None = None
        marks: PeriodMeans | None = None
        if _count_between(series.x, low, high) * _MIN_EXCHANGE_SPACING_PT * pt > width:
            days_per_pt = (high - low) / max(width / pt, 1.0)
            finest = _finest_period(days_per_pt * _MIN_PERIOD_SPACING_PT)
            finest_marks = max(finest, _finest_period(days_per_pt * _MIN_POOR_MARK_SPACING_PT))
            lines, marks = series.periods[finest], series.periods[finest_marks]
        drawn_as = (
            None if lines is None else lines.period,
            None if marks is None else marks.period,
        )
        if drawn_as == self._drawn_as:
            return False
        self._drawn_as = drawn_as
        self._show_per(drawn_as[0])
        if lines is None or marks is None:
            self._level_x = series.x
            self.trend_line.set_data(series.x, series.matching_trend)
            self.poor_marks.set_offsets(self._poor_points)
            return True
        self._level_x = lines.x
        self.my_means.set_data(lines.x, lines.mine)
        self.their_means.set_data(lines.x, lines.theirs)
        self.gap_band.set_xy(_band(lines.x, lines.lower, lines.upper))
        self.trend_line.set_data(lines.x, lines.matching_trend)
        # One mark per period with any poorly received exchange, on my line.
        marked = marks.x[marks.poorly_received > 0]
        self.poor_marks.set_offsets(
            np.column_stack((marked, np.interp(marked, lines.x, lines.mine)))
        )
        return True

    def _show_per(self, period: Period | None) -> None:
        """Show the per-exchange artists (None) or the per-``period`` ones in their place."""
        self._period = period
        per_exchange: tuple[Artist, ...] = (self.my_line, self.their_line, self.gap_bars)
        per_period: tuple[Artist, ...] = (self.my_means, self.their_means, self.gap_band)
        for artist in per_exchange:
            artist.set_visible(period is None)
        for artist in per_period:
            artist.set_visible(period is not None)

    def _update_gap_bars(self) -> None:
        """One bar per gap while they are apart; merged per half bar width when dense.

        Overlapping bars of one path look like their union, and drawing the
        union costs what the plot is wide, not what the history is long.
        """
        low, high = self.axes.get_xlim()
        width, dpi = self.axes.bbox.width, self.figure.dpi
        if self._gaps_drawn_for == (low, high, width, dpi):
            return
        self._gaps_drawn_for = (low, high, width, dpi)
        bins = width / max(_GAP_BAR_WIDTH_PT * dpi / 72 / 2, 1.0)
        x, mine, theirs = self._gaps
        if len(x) <= bins:
            self.gap_bars.set_data(*_gap_path(x, mine, theirs))
        else:
            self.gap_bars.set_data(*_merged_gap_path(x, mine, theirs, low, (high - low) / bins))

    # --- layout -----------------------------------------------------------

    def _text_size(
        self, renderer: RendererBase, text: str, size: float | str
    ) -> tuple[float, float]:
        """Width and height in pixels of the box of ``text``.

        Remembered: a contact switch re-fits the legend around the new name,
        and every other label measures as it did last time.
        """
        key = (text, size, self.figure.dpi)
        if key not in self._text_sizes:
            if len(self._text_sizes) >= _TEXT_SIZES_REMEMBERED:
                self._text_sizes.clear()
            self._ruler.set_text(text)
            self._ruler.set_fontsize(size)
            extent = self._ruler.get_window_extent(renderer)
            self._text_sizes[key] = (extent.width, extent.height)
        return self._text_sizes[key]

    def _update_layout(self) -> None:
        """Fit the margins around the labels, when something they depend on changed."""
        legend_labels: tuple[str, ...] = ()
        if self._has_data and self._legend is not None:
            legend_labels = tuple(self._legend_labels())
        key = _LayoutKey(
            self.figure.bbox.width,
            self.figure.bbox.height,
            self.figure.dpi,
            legend_labels,
            self._empty_message,
        )
        if key == self._layout_key or key.width <= 0 or key.height <= 0:
            return
        self._layout_key = key
        self._lay_out(self.get_renderer(), key.width, key.height)

    def _lay_out(self, renderer: RendererBase, width: float, height: float) -> None:
        """Margins in pixels that hold every label, set as figure fractions."""
        pt = self.figure.dpi / 72
        rc = mpl.rcParams
        edge = _EDGE_PAD_PT * pt
        size = rc["ytick.labelsize"]
        y_ticks = (rc["ytick.major.size"] + rc["ytick.major.pad"]) * pt
        # The level labels are named while the names take little of the width.
        named = max(self._text_size(renderer, s, size)[0] for s in _LEVEL_LABELS)
        labels = _LEVEL_LABELS if named <= _MAX_LEVEL_LABEL_SHARE * width else _LEVEL_NUMBERS
        label_width = max(self._text_size(renderer, s, size)[0] for s in labels)
        label_height = self._text_size(renderer, labels[0], size)[1]
        left = edge + label_width + y_ticks
        # The top and bottom level labels reach half their height past the axes.
        top = bottom = edge + label_height / 2
        right = edge
        trend_label_x = 0.0
        if self._has_data and self._legend is not None:
            legend = self._fit_legend(renderer, width - 2 * edge)
            legend_height = legend.get_window_extent(renderer).height
            top = edge + legend_height + max(_LEGEND_GAP_PT * pt, label_height / 2)
            x_ticks = (rc["xtick.major.size"] + rc["xtick.major.pad"]) * pt
            date_height = self._text_size(renderer, "2024", rc["xtick.labelsize"])[1]
            # The concise formatter's offset (year, month) sits under the labels.
            offset_pad = self.axes.xaxis.OFFSETTEXTPAD * pt
            bottom = edge + x_ticks + date_height + offset_pad + date_height
            percent_width = self._text_size(renderer, _WIDEST_PERCENT, size)[0]
            trend_label_x = y_ticks + percent_width + self.trend_axes.yaxis.labelpad * pt
            label_thickness = self._fit_trend_label(renderer, height - top - bottom)
            right = edge + y_ticks + percent_width
            if label_thickness:
                right = edge + trend_label_x + label_thickness
        self._apply_margins(left, right, bottom, top)
        plot = self.axes.bbox
        self.trend_axes.yaxis.set_label_coords(1 + trend_label_x / max(plot.width, 1.0), 0.5)
        self._thin_level_labels(renderer, labels, plot.height)
        # A narrow chart gets fewer date labels rather than overlapping ones.
        fitting = int(plot.width // (_DATE_TICK_SPACING_PT * pt))
        self._date_locator.limit = max(_MIN_DATE_TICKS, fitting)
        if not self._has_data:
            self._wrap_empty_message(renderer, plot.width - 2 * edge)

    def _fit_trend_label(self, renderer: RendererBase, plot_height: float) -> float:
        """Label the trend axis as fully as fits beside the plot; the label's width."""
        size = mpl.rcParams["axes.labelsize"]
        for label in _TREND_LABELS:
            length, thickness = self._text_size(renderer, label, size)
            if length <= plot_height:
                break
        self.trend_axes.yaxis.label.set_text(label)
        return thickness if label else 0.0

    def _thin_level_labels(
        self, renderer: RendererBase, labels: tuple[str, ...], plot_height: float
    ) -> None:
        """Label every level, or every other one when a short plot packs them too tight."""
        font = FontProperties(size=mpl.rcParams["ytick.labelsize"])
        # The ink of digits and lower case, not the line box, decides overlap.
        _, ink, _ = renderer.get_text_width_height_descent("0", font, ismath=False)
        spacing = plot_height / (MAX_LEVEL - MIN_LEVEL + 2 * _LEVEL_MARGIN)
        step = math.ceil((ink + _LABEL_GAP_PT * self.figure.dpi / 72) / max(spacing, 1.0))
        shown = tuple(label if level % step == 0 else "" for level, label in enumerate(labels))
        self._set_level_labels(shown)

    def _wrap_empty_message(self, renderer: RendererBase, available: float) -> None:
        """Break the message into lines no wider than the plot.

        Matplotlib's own wrapping measures to the figure's edges, so a message
        centred on the plot would run over the level labels.
        """
        message = self._empty_message
        size = self.empty_text.get_fontsize()
        characters = max(len(line) for line in message.splitlines())
        wrapped = message
        width = self._text_size(renderer, wrapped, size)[0]
        while width > available and characters > 1:
            characters = max(1, min(characters - 1, int(characters * available / width)))
            wrapped = "\n".join(textwrap.fill(line, characters) for line in message.splitlines())
            width = self._text_size(renderer, wrapped, size)[0]
        self.empty_text.set_text(wrapped)

    def _apply_margins(self, left: float, right: float, bottom: float, top: float) -> None:
        width, height = self.figure.bbox.width, self.figure.bbox.height
        # Below its minimum size the widget keeps a sliver of plot: the
        # margins shrink in proportion rather than cross each other.
        horizontal = min(1.0, max(width - _MIN_PLOT_PX, 0.0) / (left + right))
        vertical = min(1.0, max(height - _MIN_PLOT_PX, 0.0) / (bottom + top))
        self.figure.subplots_adjust(
            left=left * horizontal / width,
            right=1 - right * horizontal / width,
            bottom=bottom * vertical / height,
            top=1 - top * vertical / height,
        )

    # --- drawing ----------------------------------------------------------

    def draw_idle(self) -> None:
        # Matplotlib queues the redraw with a free-standing single-shot timer,
        # which can fire after a closing window deleted the canvas. A timer
        # owned by the canvas dies with it. paintEvent still draws a pending
        # frame at once (grab() and screenshots rely on that).
        if not self._ready:
            super().draw_idle()
            return
        self._draw_pending = True
        # A hidden chart is drawn when it is next painted, at the size it is
        # shown at: no frame is rendered for nobody (a window loading its
        # first contact before it is shown, say).
        if self.isVisible():
            self._idle_timer.start()

    def draw(self) -> None:
        if not self._ready:
            super().draw()
            return
        if self._has_data:
            self._apply_legend()
            # Before the layout: the legend says whether the lines show means.
            self._update_density()
        self._update_layout()
        if self._has_data:
            # The layout may have changed the plot's width.
            if self._update_density():
                self._update_layout()
            self._update_markers()
            if self._period is None:
                self._update_gap_bars()
        # Lines of over 1,000 sorted points rebuild their path on every draw
        # with the global threshold, so a per-line setting would not last.
        default_threshold = mpl.rcParams["path.simplify_threshold"]
        mpl.rcParams["path.simplify_threshold"] = _SIMPLIFY_THRESHOLD_PX
        try:
            super().draw()
        finally:
            mpl.rcParams["path.simplify_threshold"] = default_threshold

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if self._ready and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            self.apply_palette()
        super().changeEvent(event)
