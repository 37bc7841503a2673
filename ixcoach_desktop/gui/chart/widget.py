"""The reciprocity chart widget: my level and theirs over time, gaps, poor receptions, trend.

A plain QWidget that composes a ``FigureCanvasQTAgg``, as in Matplotlib's
"Embedding in Qt" example; pyplot is never used. Artists are created once
and updated in place (``set_data``), and every change asks for one deferred
redraw. The margins and the level of detail are worked out at draw time by
the figure's layout engine (``layout.ChartLayout``).

Another contact, or a saved exchange, changes only the data: the frame
around it (axes, level names, percentages, the trend's label) stays as it
is at a given size and palette. So the chart keeps a picture of that frame
(Matplotlib's blitting) and redraws only the data artists over it; anything
that would move the margins falls back to a whole draw. A redraw of either
kind ends with a ``draw_event``, as a draw of the canvas does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from matplotlib.artist import Artist
from matplotlib.backend_bases import DrawEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from matplotlib.ticker import FixedLocator, PercentFormatter
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ixcoach_desktop.domain.scales import MAX_LEVEL, MIN_LEVEL
from ixcoach_desktop.gui.chart.detail import (
    GAP_BAR_WIDTH_PT,
    LEVEL_LINE_WIDTH_PT,
    POOR_MARK_AREA_PT2,
    detail_for,
    gap_bars,
    markers_fit,
)
from ixcoach_desktop.gui.chart.layout import TREND_LABELS, ChartLayout
from ixcoach_desktop.gui.chart.legend import ChartLegend
from ixcoach_desktop.gui.chart.series import ChartSeries, band, count_between
from ixcoach_desktop.gui.chart.ticks import LEVEL_MARGIN
from ixcoach_desktop.gui.widgets import name_widget

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
_ME_COLOUR = "#0072B2"
_THEM_COLOUR = "#E69F00"
_POOR_COLOUR = "#D55E00"
_ME_COLOUR_DARK = "#56B4E9"
_TREND_ALPHA = 0.55
_GAP_ALPHA = 0.16
_MY_MARKER = "o"
_THEIR_MARKER = "s"
_TREND_TOP = 1.05
# Enough for a secondary scale; every label drawn costs drawing time.
_TREND_TICKS = (0.0, 0.5, 1.0)
# A lone point or same-day points still get a readable span of a few days.
_MIN_X_PAD_DAYS = 1.5
_X_PAD_FRACTION = 0.04
_DEFAULT_EMPTY_MESSAGE = "Pick a person on the left to see how your exchanges unfold."
_EMPTY_XY = np.empty((0, 2))


class _Canvas(FigureCanvasQTAgg):
    """The chart's canvas; its deferred redraws (after a resize, say) are the chart's to make.

    The chart redraws either only the data or the whole figure, keeping
    what it needs for the next redraw of the data: a redraw Matplotlib made
    on its own would leave it nothing to draw the data over.
    """

    on_draw_idle: Callable[[], None] | None = None

    def __init__(self, figure: Figure) -> None:
        FigureCanvasQTAgg.__init__(self, figure)

    def draw_idle(self) -> None:
        if self.on_draw_idle is None:
            FigureCanvasQTAgg.draw_idle(self)
        else:
            self.on_draw_idle()


class ReciprocityChart(QWidget):
    """The per-contact chart. Its figure's first axes hold the lines 'Me' and the contact's name.

    Those two lines always hold every exchange; while the history is too
    dense for the plot's width they are hidden and per-period means stand in.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        # Parented at the end: the parent's palette arrives once the artists
        # that follow it exist.
        super().__init__()
        name_widget(self, "reciprocityChart", "Reciprocity chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 160)
        self.figure = Figure(figsize=(6, 3))
        canvas = _Canvas(self.figure)
        self.canvas: FigureCanvasQTAgg = canvas
        # FigureCanvasQT pins a white palette of its own; an unset one is
        # inherited, so the canvas shows the window's colours while resizing.
        self.canvas.setPalette(QPalette())
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.canvas)

        self.axes = self.figure.add_subplot()
        self.trend_axes = self.axes.twinx()
        # The trend sits behind the level lines and never takes the mouse.
        self.trend_axes.set_zorder(self.axes.get_zorder() - 1)
        # Both plot areas show the figure's background, which follows the palette.
        self.axes.patch.set_visible(False)
        self.trend_axes.patch.set_visible(False)
        level: dict[str, Any] = {"markersize": 4, "lw": LEVEL_LINE_WIDTH_PT}
        (self.my_line,) = self.axes.plot([], [], **level, label="Me")
        (self.their_line,) = self.axes.plot([], [], **level, label="Them")
        (self.gap_bars,) = self.axes.plot(
            [], [], lw=GAP_BAR_WIDTH_PT, alpha=_GAP_ALPHA, solid_capstyle="butt", label="_gaps"
        )
        # Stand-ins for the level lines and gap bars while the exchanges are too dense.
        (self.my_means,) = self.axes.plot([], [], **level, label="_my means", visible=False)
        (self.their_means,) = self.axes.plot([], [], **level, label="_their means", visible=False)
        # From the mean lower level to the mean higher one: the mean gap.
        self.gap_band = Polygon(_EMPTY_XY, alpha=_GAP_ALPHA, lw=0, label="_gap band", visible=False)
        self.axes.add_patch(self.gap_band)
        self.poor_marks = self.axes.scatter(
            [], [], marker="X", s=POOR_MARK_AREA_PT2, zorder=5, label="_poorly received"
        )
        (self.trend_line,) = self.trend_axes.plot(
            [], [], lw=1.5, ls="--", alpha=_TREND_ALPHA, label="_matching"
        )
        self.empty_text = self.axes.text(
            0.5, 0.5, "", ha="center", va="center", transform=self.axes.transAxes
        )
        self.legend = ChartLegend(
            self.figure,
            level_line_width=LEVEL_LINE_WIDTH_PT,
            poor_mark_size=float(np.sqrt(POOR_MARK_AREA_PT2)),
        )
        self.legend.set_alpha(trend=_TREND_ALPHA)
        self._layout = ChartLayout(
            self.axes, self.trend_axes, self.legend, self.empty_text, self._fit_detail
        )
        self.figure.set_layout_engine(self._layout)
        self._series: ChartSeries | None = None
        self._gaps = (np.empty(0), np.empty(0), np.empty(0))
        self._poor_points = _EMPTY_XY
        # Everything drawn but the data, at the size it was drawn at: what a
        # change of data is drawn over. Dropped by any change to the frame.
        self._background: Any = None
        self._background_key: tuple[float, float, float] | None = None
        self._announcing = False
        self.canvas.mpl_connect("draw_event", self._on_canvas_drawn)
        # One redraw for any number of changes made in one go.
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(0)
        self._redraw_timer.timeout.connect(self._on_redraw_timer_timeout)
        canvas.on_draw_idle = self._redraw_timer.start
        self._configure_axes()
        if parent is not None:
            self.setParent(parent)
        self.apply_palette()
        self.show_series(None)

    def _configure_axes(self) -> None:
        self.axes.set_ylim(MIN_LEVEL - LEVEL_MARGIN, MAX_LEVEL + LEVEL_MARGIN)
        self.axes.yaxis.set_major_locator(FixedLocator(list(range(MIN_LEVEL, MAX_LEVEL + 1))))
        self.axes.grid(axis="y", alpha=0.25)
        self.trend_axes.set_ylim(0, _TREND_TOP)
        self.trend_axes.yaxis.set_major_locator(FixedLocator(list(_TREND_TICKS)))
        self.trend_axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        self.trend_axes.set_ylabel(TREND_LABELS[0])
        self.axes.spines["top"].set_visible(False)
        self.trend_axes.spines["top"].set_visible(False)
        # Axis labels placed by hand (the trend label by the layout): automatic
        # placement measures every tick label on every draw.
        self.axes.xaxis.set_label_coords(0.5, 0.0)
        self.axes.yaxis.set_label_coords(0.0, 0.5)

    def show_series(self, series: ChartSeries | None, empty_message: str = "") -> None:
        """Draw ``series``; None or an empty series shows ``empty_message`` instead."""
        if series is None or not len(series.x):
            self._series = None
            self._background = None
            for line in (self.my_line, self.their_line, self.my_means, self.their_means):
                line.set_data([], [])
            self.trend_line.set_data([], [])
            self.gap_bars.set_data([], [])
            self.gap_band.set_xy(_EMPTY_XY)
            self.poor_marks.set_offsets(_EMPTY_XY)
            self._show_per_period(False)
            self.legend.hide()
            # Wrapped to the plot's width by the layout.
            self._layout.empty_message = empty_message or _DEFAULT_EMPTY_MESSAGE
            self.trend_axes.set_visible(False)
            self.axes.set_xlim(0, 1)
            self.axes.xaxis.set_visible(False)
            self._redraw()
            return
        self._series = series
        self._layout.empty_message = None
        self.empty_text.set_text("")
        self.axes.xaxis.set_visible(True)
        self.trend_axes.set_visible(True)
        x, mine, theirs = series.x, series.mine, series.theirs
        self.my_line.set_data(x, mine)
        self.their_line.set_data(x, theirs)
        self.their_line.set_label(series.name)
        gaps = mine != theirs
        self._gaps = (x[gaps], mine[gaps], theirs[gaps])
        poor = series.poorly_received
        self._poor_points = np.column_stack((x[poor], mine[poor]))
        low, high = float(x.min()), float(x.max())
        pad = max((high - low) * _X_PAD_FRACTION, _MIN_X_PAD_DAYS)
        self.axes.set_xlim(low - pad, high + pad)
        self.legend.show(series.name, poor=bool(poor.any()))
        self._redraw()

    def draw(self) -> None:
        """Render now, bringing the layout up to date (before an export, say)."""
        self.canvas.draw()

    def _redraw(self) -> None:
        # A hidden chart is drawn when it is shown, at the size it is shown
        # at: no frame is rendered for nobody (a window loading its first
        # contact before it appears, say).
        if self.isVisible():
            self._redraw_timer.start()

    def _on_redraw_timer_timeout(self) -> None:
        if not self.isVisible() or self.canvas.width() <= 0 or self.canvas.height() <= 0:
            return
        if not self._blit_data():
            self._draw_whole()
        self.canvas.blit(self.figure.bbox)
        self._announce_draw()

    def _blit_data(self) -> bool:
        """Draw the data over the saved frame; False (nothing drawn) when the frame has changed."""
        if (
            self._background is None
            or self._series is None
            or self._background_key != self._size_key()
            or not self._layout.refit(self.figure)
        ):
            return False
        self.canvas.restore_region(self._background)
        self._draw_data()
        return True

    def _draw_whole(self) -> None:
        """Lay out and draw everything; with data, keep the frame for the next change of data."""
        data = self._data_artists() if self._series is not None else []
        for artist in data:
            artist.set_animated(True)
        try:
            # Announced once the data is drawn too.
            with self.canvas.callbacks.blocked(signal="draw_event"):
                self.canvas.draw()
        finally:
            for artist in data:
                artist.set_animated(False)
        if self._series is None:
            self._background = None
            return
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._background_key = self._size_key()
        self._draw_data()

    def _draw_data(self) -> None:
        """Draw the data artists in the order a whole draw would."""
        renderer = self.canvas.get_renderer()
        for artist in self._data_artists():
            artist.draw(renderer)

    def _data_artists(self) -> list[Artist]:
        """What changes with the data, in drawing order: the trend's axes lie beneath."""
        on_axes: list[Artist] = [
            self.gap_band,
            self.axes.xaxis,
            self.my_line,
            self.their_line,
            self.gap_bars,
            self.my_means,
            self.their_means,
            self.poor_marks,
        ]
        on_axes.sort(key=lambda artist: artist.get_zorder())
        return [self.trend_line, *on_axes, *self.legend.artists]

    def _size_key(self) -> tuple[float, float, float]:
        return (self.figure.bbox.width, self.figure.bbox.height, self.figure.dpi)

    def _announce_draw(self) -> None:
        """Tell ``draw_event`` listeners, as a draw of the canvas does, now that it is on screen."""
        self._announcing = True
        try:
            event = DrawEvent("draw_event", self.canvas, self.canvas.get_renderer())
            self.canvas.callbacks.process("draw_event", event)
        finally:
            self._announcing = False

    def _on_canvas_drawn(self, _event: object) -> None:
        # Drawn by someone else (``draw()``, an export): the saved frame may
        # no longer be what is on the canvas.
        if not self._announcing:
            self._background = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self.figure.stale:
            self._redraw_timer.start()
        super().showEvent(event)

    def _fit_detail(self, plot_width: float) -> None:
        """Per exchange or per period for the plot's width; called by the layout at draw time."""
        series = self._series
        assert series is not None  # The layout asks only while data is shown.
        low, high = self.axes.get_xlim()
        dpi = self.figure.dpi
        detail = detail_for(series, low, high, plot_width, dpi)
        lines, marks = detail.lines, detail.marks
        per_period = lines is not None
        self._show_per_period(per_period)
        if lines is None or marks is None:
            level_x = series.x
            self.trend_line.set_data(series.x, series.matching_trend)
            self.poor_marks.set_offsets(self._poor_points)
            self.gap_bars.set_data(
                *gap_bars(*self._gaps, view=(low, high), width_px=plot_width, dpi=dpi)
            )
            self.legend.set_period(None)
        else:
            level_x = lines.x
            self.my_means.set_data(lines.x, lines.mine)
            self.their_means.set_data(lines.x, lines.theirs)
            self.gap_band.set_xy(band(lines.x, lines.lower, lines.upper))
            self.trend_line.set_data(lines.x, lines.matching_trend)
            # One mark per period with any poorly received exchange, on my line.
            marked = marks.x[marks.poorly_received > 0]
            self.poor_marks.set_offsets(
                np.column_stack((marked, np.interp(marked, lines.x, lines.mine)))
            )
            self.legend.set_period(lines.period.adjective)
        shown = count_between(level_x, low, high)
        sparse = markers_fit(shown, plot_width, per_period=per_period)
        mine, theirs = (_MY_MARKER, _THEIR_MARKER) if sparse else ("", "")
        # The hidden pair has none: shown again, it is shown as it should be.
        drawn, hidden = (
            ((self.my_means, self.their_means), (self.my_line, self.their_line))
            if per_period
            else ((self.my_line, self.their_line), (self.my_means, self.their_means))
        )
        drawn[0].set_marker(mine)
        drawn[1].set_marker(theirs)
        for line in hidden:
            line.set_marker("")
        self.legend.set_markers(mine, theirs)

    def _show_per_period(self, per_period: bool) -> None:
        """Show the per-exchange artists or the per-period ones in their place."""
        per_exchange: tuple[Artist, ...] = (self.my_line, self.their_line, self.gap_bars)
        per_periods: tuple[Artist, ...] = (self.my_means, self.their_means, self.gap_band)
        for artist in per_exchange:
            artist.set_visible(not per_period)
        for artist in per_periods:
            artist.set_visible(per_period)

    def apply_palette(self) -> None:
        """Follow the window's light or dark palette."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base).name()
        text = palette.color(QPalette.ColorRole.Text).name()
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        me = _ME_COLOUR_DARK if dark else _ME_COLOUR
        self.figure.set_facecolor(background)
        for axes in (self.axes, self.trend_axes):
            axes.tick_params(colors=text, which="both")
            for spine in axes.spines.values():
                spine.set_color(text)
            axes.yaxis.label.set_color(text)
        for line in (self.my_line, self.my_means):
            line.set_color(me)
        for line in (self.their_line, self.their_means):
            line.set_color(_THEM_COLOUR)
        self.gap_bars.set_color(text)
        self.gap_band.set_facecolor(text)
        self.poor_marks.set_color(_POOR_COLOUR)
        self.trend_line.set_color(text)
        self.empty_text.set_color(text)
        self.legend.set_colours(
            mine=me, theirs=_THEM_COLOUR, poor=_POOR_COLOUR, trend=text, text=text
        )
        self._background = None
        self._redraw()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_palette()
        super().changeEvent(event)
