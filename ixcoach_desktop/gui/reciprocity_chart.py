"""The reciprocity chart: my level and theirs over time, gaps, poor receptions, trend.

Artists are created once and updated in place (``set_data`` + ``draw_idle``),
as in Matplotlib's "Embedding in Qt" example; pyplot is never used.

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
from dataclasses import dataclass
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
from ixcoach_desktop.gui.widgets import name_widget

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
_ME_COLOUR = "#0072B2"
_THEM_COLOUR = "#E69F00"
_POOR_COLOUR = "#D55E00"
_ME_COLOUR_DARK = "#56B4E9"
_TREND_ALPHA = 0.55
_GAP_BAR_WIDTH_PT = 5.0
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

        (self.my_line,) = self.axes.plot([], [], marker=_MY_MARKER, markersize=4, lw=2, label="Me")
        (self.their_line,) = self.axes.plot(
            [], [], marker=_THEIR_MARKER, markersize=4, lw=2, label="Them"
        )
        # One line broken by NaNs draws every gap as a vertical bar; updating it
        # is a single set_data, where a LineCollection rebuilds a path per gap.
        (self.gap_bars,) = self.axes.plot(
            [], [], lw=_GAP_BAR_WIDTH_PT, alpha=0.16, solid_capstyle="butt", label="Gap"
        )
        self.poor_marks = self.axes.scatter(
            [], [], marker="X", s=70, zorder=5, label="Poorly received"
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
        self._x = np.empty(0)
        self._gaps = (np.empty(0), np.empty(0), np.empty(0))
        self._gaps_drawn_for: tuple[float, ...] = ()
        self._has_data = False
        self._markers_shown = True
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
            self._x = np.empty(0)
            for line in (self.my_line, self.their_line, self.trend_line):
                line.set_data([], [])
            self.gap_bars.set_data([], [])
            self.poor_marks.set_offsets(np.empty((0, 2)))
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
        self._x = x
        self.my_line.set_data(x, mine)
        self.their_line.set_data(x, theirs)
        self.their_line.set_label(series.name)
        gaps = mine != theirs
        self._gaps = (x[gaps], mine[gaps], theirs[gaps])
        self._gaps_drawn_for = ()
        poor = series.poorly_received
        self.poor_marks.set_offsets(np.column_stack((x[poor], mine[poor])))
        self.trend_axes.set_visible(True)
        self.trend_line.set_data(x, series.matching_trend)
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

    def _fit_legend(self, renderer: RendererBase, available: float) -> Legend:
        """The legend in one row if it fits, else in two, the contact's name cut to fit."""
        assert self._legend is not None
        handles = self._legend_handles
        name = str(self.their_line.get_label())
        ncols = len(handles)
        if self._one_row_width(renderer, name) > available:
            ncols = math.ceil(len(handles) / _LEGEND_MAX_ROWS)
        legend = self._legend
        if ncols != self._legend_ncols:
            legend = self._build_legend(handles, ncols)
        label = legend.get_texts()[1]
        label.set_text(name)
        if legend.get_window_extent(renderer).width <= available:
            return legend
        # Still too wide: the longest start of the name that fits.
        low, high = 0, len(name)
        while low < high:
            middle = (low + high + 1) // 2
            label.set_text(name[:middle].rstrip() + _ELLIPSIS)
            if legend.get_window_extent(renderer).width <= available:
                low = middle
            else:
                high = middle - 1
        label.set_text(name[:low].rstrip() + _ELLIPSIS)
        return legend

    def _one_row_width(self, renderer: RendererBase, name: str) -> float:
        """How wide the legend is in one row, worked out rather than built to be measured."""
        labels = [
            name if handle is self.their_line else str(handle.get_label())
            for handle in self._legend_handles
        ]
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
        self.my_line.set_color(_ME_COLOUR_DARK if dark else _ME_COLOUR)
        self.their_line.set_color(_THEM_COLOUR)
        self.gap_bars.set_color(text)
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
        """Markers only while the points are far enough apart to be told apart."""
        low, high = self.axes.get_xlim()
        shown = int(np.searchsorted(self._x, high, "right") - np.searchsorted(self._x, low))
        sparse = shown * _MARKER_SPACING_PX <= self.axes.bbox.width
        if sparse != self._markers_shown:
            self._markers_shown = sparse
            self.my_line.set_marker(_MY_MARKER if sparse else "")
            self.their_line.set_marker(_THEIR_MARKER if sparse else "")
            self._show_legend_markers()

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
            labels = [str(handle.get_label()) for handle in self._legend_handles]
            legend_labels = tuple(labels)
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
        self._update_layout()
        if self._has_data:
            self._update_markers()
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
