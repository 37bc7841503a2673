"""The reciprocity chart: my level and theirs over time, gaps, poor receptions, trend.

Artists are created once and updated in place (``set_data`` + ``draw_idle``),
as in Matplotlib's "Embedding in Qt" example; pyplot is never used.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matplotlib import dates as mdates
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.ticker import FixedLocator, PercentFormatter
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.reciprocity import RECENT_WINDOW, rolling_matching_rate
from ixcoach_desktop.domain.scales import MAX_LEVEL, MIN_LEVEL, DepthLevel, Reception
from ixcoach_desktop.gui.widgets import name_widget

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
_ME_COLOUR = "#0072B2"
_THEM_COLOUR = "#E69F00"
_POOR_COLOUR = "#D55E00"
_ME_COLOUR_DARK = "#56B4E9"
POOR_RECEPTION_MAX = Reception.AWKWARD
_TREND_ALPHA = 0.55
_SECONDS_PER_DAY = 86_400.0


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
    def from_exchanges(cls, name: str, newest_first: Sequence[Exchange]) -> ChartSeries:
        ordered = newest_first[::-1]
        stamps = [e.occurred_at.timestamp() for e in ordered]
        offsets = [time.localtime(stamp).tm_gmtoff for stamp in stamps]
        return cls(
            name=name,
            x=(np.asarray(stamps) + np.asarray(offsets)) / _SECONDS_PER_DAY,
            mine=np.fromiter((e.my_level for e in ordered), float, len(ordered)),
            theirs=np.fromiter((e.their_level for e in ordered), float, len(ordered)),
            poorly_received=np.fromiter(
                (e.reception is not None and e.reception <= POOR_RECEPTION_MAX for e in ordered),
                bool,
                len(ordered),
            ),
            matching_trend=np.asarray(rolling_matching_rate(ordered, RECENT_WINDOW)),
        )


def _gap_path(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of vertical segments (x, low)-(x, high), separated by NaNs."""
    nan = np.full_like(x, np.nan)
    return (
        np.column_stack((x, x, nan)).ravel(),
        np.column_stack((low, high, nan)).ravel(),
    )


class ReciprocityChart(FigureCanvasQTAgg):
    """The per-contact chart. Its first axes hold the lines 'Me' and the contact's name."""

    # FigureCanvasQTAgg sets a palette inside its own __init__, before our
    # artists exist; palette changes are followed only once we are built.
    _ready = False

    def __init__(self, parent: QWidget | None = None) -> None:
        self.figure = Figure(figsize=(6, 3), layout="constrained")
        super().__init__(self.figure)
        self.setParent(parent)
        name_widget(self, "reciprocityChart", "Reciprocity chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 160)

        self.axes = self.figure.add_subplot()
        self.trend_axes = self.axes.twinx()
        # The trend sits behind the level lines and never takes the mouse.
        self.trend_axes.set_zorder(self.axes.get_zorder() - 1)
        self.axes.patch.set_visible(False)

        (self.my_line,) = self.axes.plot([], [], marker="o", markersize=4, lw=2, label="Me")
        (self.their_line,) = self.axes.plot([], [], marker="s", markersize=4, lw=2, label="Them")
        # One line broken by NaNs draws every gap as a vertical bar; updating it
        # is a single set_data, where a LineCollection rebuilds a path per gap.
        (self.gap_bars,) = self.axes.plot(
            [], [], lw=5, alpha=0.16, solid_capstyle="butt", label="Gap"
        )
        self.poor_marks = self.axes.scatter(
            [], [], marker="X", s=70, zorder=5, label="Poorly received"
        )
        (self.trend_line,) = self.trend_axes.plot(
            [], [], lw=1.5, ls="--", alpha=_TREND_ALPHA, label="Matching"
        )
        self.empty_text = self.axes.text(
            0.5, 0.5, "", ha="center", va="center", transform=self.axes.transAxes, wrap=True
        )
        self._configure_axes()
        self._has_data = False
        self._poor_count = 0
        self._legend: Legend | None = None
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.setInterval(0)
        self._idle_timer.timeout.connect(self._draw_idle)
        self._ready = True
        self.apply_palette()
        self.show_series(None)

    def _configure_axes(self) -> None:
        self.axes.set_ylim(MIN_LEVEL - 0.3, MAX_LEVEL + 0.3)
        self.axes.yaxis.set_major_locator(FixedLocator(list(range(MIN_LEVEL, MAX_LEVEL + 1))))
        self.axes.set_yticklabels([f"{int(d)} {d.label}" for d in DepthLevel])
        self.axes.grid(axis="y", alpha=0.25)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        self.axes.xaxis.set_major_locator(locator)
        self.axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        self.trend_axes.set_ylim(0, 1.05)
        self.trend_axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        self.trend_axes.set_ylabel("matching (last 10)")
        for spine in ("top",):
            self.axes.spines[spine].set_visible(False)
            self.trend_axes.spines[spine].set_visible(False)

    def show_series(self, series: ChartSeries | None, empty_message: str = "") -> None:
        """Draw ``series``; None or an empty series shows ``empty_message`` instead."""
        if series is None or not len(series.x):
            self._has_data = False
            for line in (self.my_line, self.their_line, self.trend_line):
                line.set_data([], [])
            self.gap_bars.set_data([], [])
            self.poor_marks.set_offsets(np.empty((0, 2)))
            self.empty_text.set_text(
                empty_message or "Pick a person on the left to see how your exchanges unfold."
            )
            if self._legend is not None:
                self._legend.remove()
                self._legend = None
            self.trend_axes.set_visible(False)
            self.axes.set_xlim(0, 1)
            self.axes.xaxis.set_visible(False)
            self.draw_idle()
            return
        self._has_data = True
        self.empty_text.set_text("")
        self.axes.xaxis.set_visible(True)
        x, mine, theirs = series.x, series.mine, series.theirs
        self.my_line.set_data(x, mine)
        self.their_line.set_data(x, theirs)
        self.their_line.set_label(series.name)
        gaps = mine != theirs
        self.gap_bars.set_data(*_gap_path(x[gaps], mine[gaps], theirs[gaps]))
        poor = series.poorly_received
        self.poor_marks.set_offsets(np.column_stack((x[poor], mine[poor])))
        self._poor_count = int(poor.sum())
        self.trend_axes.set_visible(True)
        self.trend_line.set_data(x, series.matching_trend)
        self._set_x_range(x)
        self._update_legend()
        self.draw_idle()

    def _set_x_range(self, x: np.ndarray) -> None:
        # A lone point or same-day points still get a readable span of a few days.
        low, high = float(x.min()), float(x.max())
        pad = max((high - low) * 0.04, 1.5)
        self.axes.set_xlim(low - pad, high + pad)

    def _update_legend(self) -> None:
        handles = [self.my_line, self.their_line]
        if self._poor_count:
            handles.append(self.poor_marks)  # type: ignore[arg-type]
        if self.trend_axes.get_visible():
            handles.append(self.trend_line)
        # Above the plot, outside it: the layout makes room, no point is hidden.
        if self._legend is not None:
            self._legend.remove()
        self._legend = self.figure.legend(
            handles=handles, loc="outside upper center", fontsize="small", ncols=len(handles)
        )
        self._style_legend(self._legend)

    def apply_palette(self) -> None:
        """Follow the window's light or dark palette."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base).name()
        text = palette.color(QPalette.ColorRole.Text).name()
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        self._text_colour = text
        self._background = background
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
        if self._has_data:
            self._update_legend()
        self.draw_idle()

    def _style_legend(self, legend: Legend) -> None:
        legend.get_frame().set_facecolor(self._background)
        legend.get_frame().set_edgecolor(self._background)
        for text in legend.get_texts():
            text.set_color(self._text_colour)

    def draw_idle(self) -> None:
        # Matplotlib queues the redraw with a free-standing single-shot timer,
        # which can fire after a closing window deleted the canvas. A timer
        # owned by the canvas dies with it. paintEvent still draws a pending
        # frame at once (grab() and screenshots rely on that).
        if not self._ready:
            super().draw_idle()
            return
        self._draw_pending = True
        self._idle_timer.start()

    def draw(self) -> None:
        # Squeezed smaller than its labels need (a narrow splitter, 200 %
        # scaling on a small screen), the figure is drawn without the
        # constrained layout until it grows again; that is not worth a warning.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
            super().draw()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if self._ready and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            self.apply_palette()
        super().changeEvent(event)
