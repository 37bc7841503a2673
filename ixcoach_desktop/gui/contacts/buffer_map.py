"""The stress-buffers map: every relationship by depth reached together and buffer potential.

Colour is the stress band (calmer after, higher after, no clear difference,
not sure yet), the marker the keep-in-touch status. Hovering names the
person; clicking opens them. Archived people are not in the ranking, so not
on the map; people without a score yet are counted under it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matplotlib.backend_bases import Event, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ixcoach_desktop.domain.buffer import RankedContact
from ixcoach_desktop.domain.keep_in_touch import ContactStatus
from ixcoach_desktop.domain.scales import MAX_LEVEL, MIN_LEVEL
from ixcoach_desktop.domain.stress import JournalStress, StressBand
from ixcoach_desktop.domain.stress_words import effect_figure
from ixcoach_desktop.gui.widgets import name_widget

_BAND_STYLE = {
    StressBand.LOWER: ("#009E73", "calmer after"),
    StressBand.HIGHER: ("#D55E00", "higher after"),
    StressBand.NO_CLEAR_DIFFERENCE: ("#0072B2", "no clear difference"),
    StressBand.NOT_ENOUGH_DATA: ("#999999", "not sure yet"),
}
_STATUS_MARKERS = {
    ContactStatus.NO_EXCHANGES: ("o", "in touch"),
    ContactStatus.ON_TRACK: ("o", "in touch"),
    ContactStatus.DUE: ("s", "due"),
    ContactStatus.OVERDUE: ("D", "overdue"),
}
# How near the pointer must come to a person's mark to name them, in pixels.
_PICK_RADIUS_PX = 8.0


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One person on the map."""

    contact_id: int
    name: str
    depth: float
    potential: int
    band: StressBand
    status: ContactStatus
    stress: str


def map_points(ranking: list[RankedContact], stress: JournalStress | None) -> list[MapPoint]:
    """The people with a buffer potential and a mutual depth, in ranking order."""
    found = []
    for row in ranking:
        if row.buffer_potential is None or row.mutual_depth is None:
            continue
        effect = None if stress is None else stress.of(row.contact_id).overall
        found.append(
            MapPoint(
                contact_id=row.contact_id,
                name=row.name,
                depth=row.mutual_depth,
                potential=row.buffer_potential,
                band=StressBand.NOT_ENOUGH_DATA if effect is None else effect.band,
                status=row.keep_in_touch,
                stress="" if effect is None else effect_figure(effect),
            )
        )
    return found


class BufferMap(QWidget):
    """A scatter of relationships; hover to name, click to open.

    Signals:
        contact_activated(int): the user clicked this contact's mark.
    """

    contact_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "bufferMap", "Map of relationships")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Fixed margins, roomy enough for the axis labels at the smallest size
        # the canvas is allowed: the map's decorations never change, so there
        # is nothing for a layout engine to work out at each draw.
        self.figure = Figure(figsize=(5, 4))
        self.figure.subplots_adjust(left=0.13, right=0.97, bottom=0.15, top=0.97)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumSize(320, 260)
        self.canvas.setPalette(QPalette())
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.canvas)
        self.axes = self.figure.add_subplot()
        self.points: list[MapPoint] = []
        self._xy = np.empty((0, 2))
        self._hover = self.axes.annotate(
            "", (0, 0), xytext=(8, 8), textcoords="offset points", fontsize="small",
            bbox={"boxstyle": "round", "fc": "#ffffe8", "alpha": 0.95},
        )  # fmt: skip
        self._hover.set_visible(False)
        self.canvas.mpl_connect("motion_notify_event", self._on_canvas_motion)
        self.canvas.mpl_connect("button_press_event", self._on_canvas_press)

    def show_points(self, points: list[MapPoint], unscored: int) -> None:
        """Draw ``points``; ``unscored`` people are too new for the map."""
        self.points = points
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text).name()
        self.figure.set_facecolor(palette.color(QPalette.ColorRole.Base).name())
        axes = self.axes
        for artist in [*axes.collections, *axes.lines, *axes.texts]:
            artist.remove()
        self._xy = np.array([(p.depth, p.potential) for p in points]).reshape(-1, 2)
        for status in (ContactStatus.ON_TRACK, ContactStatus.DUE, ContactStatus.OVERDUE):
            group = [
                p for p in points if _STATUS_MARKERS[p.status][0] == _STATUS_MARKERS[status][0]
            ]
            if group:
                axes.scatter(
                    [p.depth for p in group],
                    [p.potential for p in group],
                    c=[_BAND_STYLE[p.band][0] for p in group],
                    marker=_STATUS_MARKERS[status][0],
                    s=70, edgecolors=text, linewidths=0.6, zorder=3,
                )  # fmt: skip
        axes.set_xlim(MIN_LEVEL - 0.2, MAX_LEVEL + 0.2)
        axes.set_ylim(-5, 105)
        axes.set_xlabel("depth reached together (recent mean mutual depth)", color=text)
        axes.set_ylabel("buffer potential", color=text)
        axes.tick_params(colors=text)
        axes.grid(alpha=0.25)
        for spine in axes.spines.values():
            spine.set_color(text)
        if unscored:
            axes.text(0.99, 0.01, f"{unscored} more without enough exchanges yet",
                      transform=axes.transAxes, ha="right", va="bottom",
                      fontsize="x-small", color=text)  # fmt: skip
        axes.legend(handles=_legend_handles(text), loc="upper left", fontsize="x-small",
                    ncols=2, framealpha=0.8)  # fmt: skip
        self._hover.set_visible(False)
        # A hidden map is drawn when shown, at the size it is shown at.
        if self.isVisible():
            self.canvas.draw_idle()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self.figure.stale:
            self.canvas.draw_idle()
        super().showEvent(event)

    def point_at(self, x_px: float, y_px: float) -> MapPoint | None:
        """The person whose mark is under the pointer (display pixels), if any."""
        if not self.points:
            return None
        shown = self.axes.transData.transform(self._xy)
        distances = np.hypot(shown[:, 0] - x_px, shown[:, 1] - y_px)
        nearest = int(np.argmin(distances))
        return self.points[nearest] if distances[nearest] <= _PICK_RADIUS_PX else None

    def _on_canvas_motion(self, event: Event) -> None:
        assert isinstance(event, MouseEvent)
        found = self.point_at(event.x, event.y) if event.inaxes is self.axes else None
        visible = found is not None
        if found is not None:
            self._hover.xy = (found.depth, found.potential)
            self._hover.set_text(f"{found.name}\n{found.stress}")
        if visible or self._hover.get_visible():
            self._hover.set_visible(visible)
            self.canvas.draw_idle()
        self.canvas.setToolTip("" if found is None else found.name)

    def _on_canvas_press(self, event: Event) -> None:
        assert isinstance(event, MouseEvent)
        found = self.point_at(event.x, event.y) if event.inaxes is self.axes else None
        if found is not None:
            self.contact_activated.emit(found.contact_id)


def _legend_handles(text: str) -> list[Line2D]:
    bands = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=label)
        for colour, label in _BAND_STYLE.values()
    ]
    statuses = [
        Line2D([], [], marker=marker, linestyle="", markerfacecolor="none",
               markeredgecolor=text, label=label)
        for marker, label in (_STATUS_MARKERS[ContactStatus.ON_TRACK],
                              _STATUS_MARKERS[ContactStatus.DUE],
                              _STATUS_MARKERS[ContactStatus.OVERDUE])
    ]  # fmt: skip
    return bands + statuses
