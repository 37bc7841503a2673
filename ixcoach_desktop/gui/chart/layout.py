"""The chart's margins, worked out at every draw through Matplotlib's layout-engine hook.

The margins hold the labels around the plot: level names (or numbers, when
names would take too much of the width) on the left, percentages and the
trend's label on the right, dates below and the legend above. They are
measured from the text itself, so they follow the DPI and the fonts.
Matplotlib's constrained layout would solve the same problem generally, and
measure every tick label of both axes on every draw to do it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import LayoutEngine
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, FixedLocator

from ixcoach_desktop.domain.reciprocity import RECENT_WINDOW
from ixcoach_desktop.gui.chart.legend import ChartLegend
from ixcoach_desktop.gui.chart.ticks import (
    LEVEL_LABELS,
    LEVEL_NUMBERS,
    date_ticks,
    thinned_level_labels,
)

# Margins and gaps in points, so they follow the DPI.
_EDGE_PAD_PT = 3.0
_LEGEND_GAP_PT = 3.0
# Labels one above the other keep at least this much space between them.
_LABEL_GAP_PT = 1.5
# Level names may take this share of the figure's width; beyond it the axis
# shows the numbers only.
_MAX_LEVEL_LABEL_SHARE = 0.25
# Longest first; the longest that fits beside the plot is shown.
TREND_LABELS = (f"matching (last {RECENT_WINDOW})", "matching", "")
_WIDEST_PERCENT = "100%"
# A plot area the margins never squeeze below, in pixels; only a widget below
# its minimum size gets there, and then the margins give way.
_MIN_PLOT_PX = 20.0
# Heights within this many pixels are the same room (they are sums of floats).
_SAME_PX = 0.5


@dataclass(frozen=True, slots=True)
class _Frame:
    """What the last layout with data set its margins from, and the room it left for the data."""

    # Figure width and height in pixels, and DPI.
    key: tuple[float, float, float]
    plot_width: float
    legend_top: float
    legend_width: float
    legend_height: float


class ChartLayout(LayoutEngine):
    """Margins that hold every label, set before each draw.

    ``on_plot_width`` is called with the plot's width in pixels once it is
    known and before the legend is fitted: the level of detail chosen for
    that width decides what the legend says.

    ``refit`` fits another series into the margins of the last layout
    without a draw: what the chart needs to redraw only its data.
    """

    def __init__(
        self,
        axes: Axes,
        trend_axes: Axes,
        legend: ChartLegend,
        message: Text,
        on_plot_width: Callable[[float], None],
    ) -> None:
        super().__init__()
        self._axes = axes
        self._trend_axes = trend_axes
        self._legend = legend
        self._message = message
        self._on_plot_width = on_plot_width
        # The empty-state message, wrapped to the plot's width; None while
        # the chart shows data.
        self.empty_message: str | None = None
        self._ruler = Text()
        self._frame: _Frame | None = None

    @property
    def adjust_compatible(self) -> bool:
        # The margins are set with subplots_adjust.
        return True

    @property
    def colorbar_gridspec(self) -> bool:
        return False

    def execute(self, fig: Figure) -> None:
        get_renderer: Callable[[], RendererBase] | None = getattr(fig.canvas, "get_renderer", None)
        width, height = fig.bbox.width, fig.bbox.height
        if get_renderer is None or width <= 0 or height <= 0:
            # A vector export keeps the screen's layout: it is in points and
            # figure fractions, which hold at any DPI.
            return
        renderer = get_renderer()
        self._frame = None
        self._ruler.set_figure(fig)
        rc = mpl.rcParams
        pt = fig.dpi / 72
        edge = _EDGE_PAD_PT * pt
        tick_size = rc["ytick.labelsize"]
        y_ticks = (rc["ytick.major.size"] + rc["ytick.major.pad"]) * pt
        named = max(self._measure(renderer, s, tick_size)[0] for s in LEVEL_LABELS)
        labels = LEVEL_LABELS if named <= _MAX_LEVEL_LABEL_SHARE * width else LEVEL_NUMBERS
        label_width = max(self._measure(renderer, s, tick_size)[0] for s in labels)
        label_height = self._measure(renderer, labels[0], tick_size)[1]
        left = edge + label_width + y_ticks
        # The top and bottom level labels reach half their height past the axes.
        top = bottom = edge + label_height / 2
        right = edge
        trend_label_x = 0.0
        with_data = self.empty_message is None
        if with_data:
            percent_width = self._measure(renderer, _WIDEST_PERCENT, tick_size)[0]
            trend_label_x = y_ticks + percent_width + self._trend_axes.yaxis.labelpad * pt
            thickness = self._measure(renderer, TREND_LABELS[0], rc["axes.labelsize"])[1]
            right = edge + trend_label_x + thickness
        left, right = _shrunk(left, right, width)
        plot_width = width - left - right
        legend_height = 0.0
        if with_data:
            self._on_plot_width(plot_width)
            legend_height = self._legend.place(renderer, height - edge, width - 2 * edge)
            top = edge + legend_height + max(_LEGEND_GAP_PT * pt, label_height / 2)
            x_ticks = (rc["xtick.major.size"] + rc["xtick.major.pad"]) * pt
            date_height = self._measure(renderer, "2024", rc["xtick.labelsize"])[1]
            # The concise formatter's offset (year, month) sits under the labels.
            offset_pad = self._axes.xaxis.OFFSETTEXTPAD * pt
            bottom = edge + x_ticks + date_height + offset_pad + date_height
        bottom, top = _shrunk(bottom, top, height)
        fig.subplots_adjust(
            left=left / width,
            right=1 - right / width,
            bottom=bottom / height,
            top=1 - top / height,
        )
        plot_height = height - bottom - top
        _, ink, _ = renderer.get_text_width_height_descent(
            "0", FontProperties(size=tick_size), ismath=False
        )
        shown = thinned_level_labels(labels, plot_height, ink, _LABEL_GAP_PT * pt)
        self._axes.yaxis.set_major_formatter(FixedFormatter(shown))
        if with_data:
            self._label_trend(renderer, plot_height, plot_width, trend_label_x)
            self._set_date_ticks(plot_width / pt)
            self._frame = _Frame(
                key=(width, height, fig.dpi),
                plot_width=plot_width,
                legend_top=height - edge,
                legend_width=width - 2 * edge,
                legend_height=legend_height,
            )
        else:
            self._wrap_message(renderer, plot_width - 2 * edge)

    def refit(self, fig: Figure) -> bool:
        """Fit the data now shown into the margins of the last layout, leaving them as they are.

        Sets what depends on the data (the level of detail, the legend, the
        date ticks) as ``execute`` would. False when the margins themselves
        would change (another size or DPI, no layout with data yet, a legend
        needing more rows than there is room for): then only a whole layout
        will do.
        """
        frame = self._frame
        get_renderer: Callable[[], RendererBase] | None = getattr(fig.canvas, "get_renderer", None)
        if (
            frame is None
            or get_renderer is None
            or self.empty_message is not None
            or frame.key != (fig.bbox.width, fig.bbox.height, fig.dpi)
        ):
            return False
        renderer = get_renderer()
        self._on_plot_width(frame.plot_width)
        legend_height = self._legend.place(renderer, frame.legend_top, frame.legend_width)
        # A legend of fewer rows leaves a row of the room kept for it blank,
        # so the plot keeps its place as the user goes from person to person;
        # only one that needs more room takes a whole layout.
        if legend_height > frame.legend_height + _SAME_PX:
            return False
        self._set_date_ticks(frame.plot_width / (fig.dpi / 72))
        return True

    def _set_date_ticks(self, plot_width_pt: float) -> None:
        low, high = self._axes.get_xlim()
        ticks = date_ticks(low, high, plot_width_pt)
        self._axes.xaxis.set_major_locator(FixedLocator(ticks.locations.tolist()))
        formatter = FixedFormatter(ticks.labels)
        formatter.set_offset_string(ticks.offset)
        self._axes.xaxis.set_major_formatter(formatter)

    def _label_trend(
        self, renderer: RendererBase, plot_height: float, plot_width: float, x: float
    ) -> None:
        """Label the trend axis as fully as fits beside the plot."""
        size = mpl.rcParams["axes.labelsize"]
        label = next(s for s in TREND_LABELS if self._measure(renderer, s, size)[0] <= plot_height)
        axis = self._trend_axes.yaxis
        axis.label.set_text(label)
        axis.set_label_coords(1 + x / max(plot_width, 1.0), 0.5)

    def _wrap_message(self, renderer: RendererBase, available: float) -> None:
        """Break the message into lines no wider than the plot.

        Matplotlib's own wrapping measures to the figure's edges, so a message
        centred on the plot would run over the level labels.
        """
        message = self.empty_message or ""
        size = self._message.get_fontsize()
        characters = max((len(line) for line in message.splitlines()), default=0)
        wrapped = message
        width = self._measure(renderer, wrapped, size)[0]
        while width > available and characters > 1:
            characters = max(1, min(characters - 1, int(characters * available / width)))
            wrapped = "\n".join(textwrap.fill(line, characters) for line in message.splitlines())
            width = self._measure(renderer, wrapped, size)[0]
        self._message.set_text(wrapped)

    def _measure(self, renderer: RendererBase, text: str, size: float | str) -> tuple[float, float]:
        """Width and height in pixels; Matplotlib keeps the metrics of texts it measured."""
        if not text:
            return 0.0, 0.0
        self._ruler.set_text(text)
        self._ruler.set_fontsize(size)
        extent = self._ruler.get_window_extent(renderer)
        return extent.width, extent.height


def _shrunk(low: float, high: float, extent: float) -> tuple[float, float]:
    """Two opposite margins, shrunk in proportion to leave a sliver of plot below its minimum."""
    scale = min(1.0, max(extent - _MIN_PLOT_PX, 0.0) / (low + high))
    return low * scale, high * scale
