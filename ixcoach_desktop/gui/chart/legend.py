"""The legend above the plot: plain artists placed by the layout, the contact's name fitted.

Matplotlib's ``Legend`` packs its entries in offset boxes that measure every
label several times per draw, and changes its number of columns only by
being built anew. This one is a handle (a ``Line2D``) and a ``Text`` per
entry, created once with the chart; the layout engine places them in one
row if they fit the figure's width, else in two, with the contact's name
cut to fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

FONT_SIZE = "small"
ELLIPSIS = "…"
_MAX_ROWS = 2
# In font sizes, as Matplotlib's own legend measures them; tighter than its
# defaults, so that two rows fit at the chart's minimum width.
_HANDLE_LENGTH = 2.0
_HANDLE_TEXT_PAD = 0.5
_COLUMN_SPACING = 1.2
_ROW_SPACING = 0.3


class _Entry:
    """A handle and its label, in figure coordinates."""

    def __init__(self, figure: Figure, label: str, **handle_style: Any) -> None:
        self.label = label
        # Three points: the marker, if any, sits on the middle one only.
        self.handle = Line2D([0, 0, 0], [0, 0, 0], markevery=[1], **handle_style)
        self.text = Text(0, 0, label, fontsize=FONT_SIZE, va="center", ha="left")
        for artist in (self.handle, self.text):
            figure.add_artist(artist)
            artist.set_transform(figure.transFigure)

    def set_visible(self, visible: bool) -> None:
        self.handle.set_visible(visible)
        self.text.set_visible(visible)


class ChartLegend:
    """Entries for my line, the contact's, poorly received exchanges and the matching trend."""

    def __init__(self, figure: Figure, *, level_line_width: float, poor_mark_size: float) -> None:
        self._figure = figure
        line = {"lw": level_line_width, "markersize": 4}
        self.mine = _Entry(figure, "Me", **line)
        self.theirs = _Entry(figure, "", **line)
        self.poor = _Entry(figure, "Poorly received", ls="none", marker="X", ms=poor_mark_size)
        self.trend = _Entry(figure, "Matching", lw=1.5, ls="--")
        self._entries = (self.mine, self.theirs, self.poor, self.trend)
        self._shown: tuple[_Entry, ...] = ()
        # "weekly", "monthly": the level lines show means over that period.
        self._period_adjective: str | None = None
        self._ruler = Text(fontsize=FONT_SIZE)
        self._ruler.set_figure(figure)
        self.hide()

    def show(self, name: str, *, poor: bool) -> None:
        """Show the entries for a contact; the poorly received one only if there are any."""
        self.theirs.label = name
        self._shown = tuple(e for e in self._entries if poor or e is not self.poor)
        for entry in self._entries:
            entry.set_visible(entry in self._shown)

    def hide(self) -> None:
        self._shown = ()
        for entry in self._entries:
            entry.set_visible(False)

    def set_period(self, adjective: str | None) -> None:
        """Say on the level lines' entries that they show means over a period (None: not)."""
        self._period_adjective = adjective

    def set_colours(self, *, mine: str, theirs: str, poor: str, trend: str, text: str) -> None:
        for entry, colour in zip(self._entries, (mine, theirs, poor, trend), strict=True):
            entry.handle.set_color(colour)
            entry.text.set_color(text)

    def set_alpha(self, *, trend: float) -> None:
        self.trend.handle.set_alpha(trend)

    def set_markers(self, mine: str, theirs: str) -> None:
        """The level lines' markers, or "" while the lines are drawn without them."""
        self.mine.handle.set_marker(mine)
        self.theirs.handle.set_marker(theirs)

    @property
    def artists(self) -> list[Artist]:
        """Every entry's handle and text, handles first: the order a figure draws them in."""
        return [entry.handle for entry in self._entries] + [e.text for e in self._entries]

    @property
    def labels(self) -> list[str]:
        """The labels shown, as last fitted."""
        return [entry.text.get_text() for entry in self._shown]

    def extent(self, renderer: RendererBase | None = None) -> Bbox | None:
        """Where the legend was drawn, in pixels; None while hidden."""
        if not self._shown:
            return None
        return Bbox.union(
            [
                artist.get_window_extent(renderer)
                for entry in self._shown
                for artist in (entry.handle, entry.text)
            ]
        )

    def place(self, renderer: RendererBase, top: float, available: float) -> float:
        """Fit the entries into ``available`` pixels below ``top``; the height taken."""
        if not self._shown:
            return 0.0
        font = FontProperties(size=FONT_SIZE).get_size_in_points() * self._figure.dpi / 72
        widths = self._fit(renderer, font, available)
        columns = len(widths) if self._width(widths, len(widths), font) <= available else None
        if columns is None:
            columns = math.ceil(len(widths) / _MAX_ROWS)
        rows = math.ceil(len(widths) / columns)
        column_widths = [
            max(widths[i] for i in range(column, len(widths), columns)) for column in range(columns)
        ]
        line_height = self._measure(renderer, "Mg")[1]
        row_step = line_height + _ROW_SPACING * font
        total = sum(column_widths) + (columns - 1) * _COLUMN_SPACING * font
        figure_width, figure_height = self._figure.bbox.width, self._figure.bbox.height
        left = (figure_width - total) / 2
        for index, entry in enumerate(self._shown):
            row, column = divmod(index, columns)
            x = left + sum(column_widths[:column]) + column * _COLUMN_SPACING * font
            y = top - line_height / 2 - row * row_step
            handle_end = x + _HANDLE_LENGTH * font
            entry.handle.set_data(
                [x / figure_width, (x + handle_end) / 2 / figure_width, handle_end / figure_width],
                [y / figure_height] * 3,
            )
            entry.text.set_position(
                ((handle_end + _HANDLE_TEXT_PAD * font) / figure_width, y / figure_height)
            )
        return rows * line_height + (rows - 1) * _ROW_SPACING * font

    def _fit(self, renderer: RendererBase, font: float, available: float) -> list[float]:
        """Set the labels, the name cut and the level lines' suffixes shortened to fit.

        Returns each entry's width: handle, padding and label.
        """
        name = self.theirs.label
        suffixes = self._level_suffixes()
        for my_suffix, suffix in suffixes:
            self.mine.text.set_text(self.mine.label + my_suffix)
            if self._fits(renderer, font, available, name + suffix):
                return self._widths(renderer, font)
            if self._fits(renderer, font, available, ELLIPSIS + suffix):
                break
        # Too wide: the longest start of the name that fits.
        low, high = 0, len(name)
        while low < high:
            middle = (low + high + 1) // 2
            if self._fits(renderer, font, available, name[:middle].rstrip() + ELLIPSIS + suffix):
                low = middle
            else:
                high = middle - 1
        self.theirs.text.set_text(name[:low].rstrip() + ELLIPSIS + suffix)
        return self._widths(renderer, font)

    def _level_suffixes(self) -> Sequence[tuple[str, str]]:
        """What my line's entry and theirs add when they show means, shortest last.

        Shorter, it is said once for both; near the chart's minimum size the
        legend has room for none of it, and the lines' shape tells instead.
        """
        adjective = self._period_adjective
        if adjective is None:
            return (("", ""),)
        full, short = f" ({adjective} mean)", f" ({adjective})"
        return ((full, full), (short, short), (short, ""), ("", ""))

    def _fits(self, renderer: RendererBase, font: float, available: float, label: str) -> bool:
        self.theirs.text.set_text(label)
        widths = self._widths(renderer, font)
        columns = len(widths)
        if self._width(widths, columns, font) > available:
            columns = math.ceil(columns / _MAX_ROWS)
        return self._width(widths, columns, font) <= available

    def _widths(self, renderer: RendererBase, font: float) -> list[float]:
        handle = (_HANDLE_LENGTH + _HANDLE_TEXT_PAD) * font
        return [handle + self._measure(renderer, e.text.get_text())[0] for e in self._shown]

    @staticmethod
    def _width(widths: list[float], columns: int, font: float) -> float:
        column_widths = [max(widths[i::columns]) for i in range(columns)]
        return sum(column_widths) + (columns - 1) * _COLUMN_SPACING * font

    def _measure(self, renderer: RendererBase, text: str) -> tuple[float, float]:
        """Width and height in pixels; Matplotlib keeps the metrics of texts it measured."""
        self._ruler.set_text(text)
        extent = self._ruler.get_window_extent(renderer)
        return extent.width, extent.height
