"""The Stress tab: stress before → after for each logged conversation, and the effect.

Left, over time, one arrow per log from the stress before to the stress
after (green when it fell, vermilion when it rose). Right, the person's
adjusted effect with its interval against the dashed zero line, and the
band in words, so a glance says "calmer after", "no clear difference" or
"not sure yet". Composes a ``FigureCanvasQTAgg``; the figure's constrained
layout engine keeps the labels inside. Drawn only while shown: switching
people with the Reciprocity tab in front costs nothing here.
"""

from __future__ import annotations

import matplotlib.dates as mdates
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ixcoach_desktop.domain.scales import MAX_STRESS, MIN_STRESS
from ixcoach_desktop.domain.stress import StressBand, StressEffect
from ixcoach_desktop.domain.stress_sums import StressEntry
from ixcoach_desktop.domain.stress_words import band_words, effect_figure, points
from ixcoach_desktop.gui.widgets import name_widget

# Okabe-Ito colours, as on the reciprocity chart: bluish green for calmer,
# vermilion for higher, grey for unchanged or unclear.
_FELL = "#009E73"
_ROSE = "#D55E00"
_SAME = "#999999"
_BAND_COLOURS = {
    StressBand.LOWER: _FELL,
    StressBand.HIGHER: _ROSE,
    StressBand.NO_CLEAR_DIFFERENCE: _SAME,
    StressBand.NOT_ENOUGH_DATA: _SAME,
}
# The effect panel's scale, in stress points either side of "no difference".
_EFFECT_RANGE = 3.0
_DEFAULT_EMPTY = "Pick a person on the left to see how your stress changed after talking."


class StressChart(QWidget):
    """One person's stress before and after each logged conversation, and the effect.

    Signals:
        looked_at(): the chart came into view (its tab was chosen, say): the
            moment to read what it shows, which nobody needs before.
    """

    looked_at = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "stressChart", "Stress chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.figure = Figure(figsize=(6, 3), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        # On the canvas itself: below this, constrained layout cannot fit the
        # two plots' labels and gives up (a warning, and a squashed chart).
        self.canvas.setMinimumSize(300, 220)
        self.canvas.setPalette(QPalette())
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.canvas)
        self.axes, self.effect_axes = self.figure.subplots(
            1, 2, gridspec_kw={"width_ratios": (4, 1.4)}
        )
        self._entries: list[StressEntry] = []
        self._effect: StressEffect | None = None
        self._empty = _DEFAULT_EMPTY
        self._name = ""
        self._stale = True

    @property
    def entries(self) -> list[StressEntry]:
        """The logs shown, oldest first."""
        return self._entries

    @property
    def effect(self) -> StressEffect | None:
        return self._effect

    def show_entries(self, name: str, entries: list[StressEntry], empty_message: str = "") -> None:
        """Show ``name``'s logs; with none, ``empty_message`` (or a default)."""
        self._name = name
        self._entries = entries
        self._empty = empty_message or _DEFAULT_EMPTY
        self._changed()

    def show_effect(self, effect: StressEffect | None) -> None:
        """The adjusted effect for the person shown (None: not worked out yet)."""
        self._effect = effect
        self._changed()

    def clear(self, empty_message: str = "") -> None:
        self._entries, self._effect, self._name = [], None, ""
        self._empty = empty_message or _DEFAULT_EMPTY
        self._changed()

    def band_text(self) -> str:
        """What the effect panel says: "calmer after", "not sure yet"…"""
        return "not sure yet" if self._effect is None else band_words(self._effect)

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self._render()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._stale:
            self._render()
        super().showEvent(event)
        self.looked_at.emit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._changed()
        super().changeEvent(event)

    def _colours(self) -> tuple[str, str]:
        palette = self.palette()
        return (
            palette.color(QPalette.ColorRole.Base).name(),
            palette.color(QPalette.ColorRole.Text).name(),
        )

    def _render(self) -> None:
        self._stale = False
        background, text = self._colours()
        self.figure.set_facecolor(background)
        for axes in (self.axes, self.effect_axes):
            axes.clear()
            axes.set_facecolor(background)
            axes.tick_params(colors=text, which="both")
            for spine in axes.spines.values():
                spine.set_color(text)
        if self._entries:
            self._draw_entries(text)
        else:
            self.axes.set_axis_off()
            self.axes.text(
                0.5, 0.5, self._empty, ha="center", va="center", color=text,
                transform=self.axes.transAxes, wrap=True,
            )  # fmt: skip
        self._draw_effect(text)
        self.canvas.draw_idle()

    def _draw_entries(self, text: str) -> None:
        axes = self.axes
        x = mdates.date2num([entry.occurred_at for entry in self._entries])
        before = [entry.before for entry in self._entries]
        after = [entry.after for entry in self._entries]
        colours = [
            _FELL if b > a else _ROSE if a > b else _SAME
            for b, a in zip(before, after, strict=True)
        ]
        axes.vlines(x, before, after, colors=colours, linewidth=2, alpha=0.8)
        axes.scatter(x, before, s=18, facecolors="none", edgecolors=text, linewidths=0.8,
                     label="before", zorder=3)  # fmt: skip
        axes.scatter(x, after, s=22, c=colours, label="after", zorder=4)
        axes.set_ylim(MIN_STRESS - 0.5, MAX_STRESS + 0.5)
        axes.set_ylabel("my stress (0–10)", color=text)
        locator = mdates.AutoDateLocator(maxticks=6)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        if len(x) == 1:
            axes.set_xlim(x[0] - 7, x[0] + 7)
        legend = axes.legend(loc="upper left", fontsize="small", frameon=False, ncols=2)
        for label in legend.get_texts():
            label.set_color(text)
        axes.set_title(
            f"Before → after each talk with {self._name}", color=text, fontsize="medium", loc="left"
        )

    def _draw_effect(self, text: str) -> None:
        axes = self.effect_axes
        axes.axhline(0, color=text, linestyle="--", linewidth=0.8)
        axes.set_xlim(-1, 1)
        axes.set_ylim(-_EFFECT_RANGE, _EFFECT_RANGE)
        axes.set_xticks([])
        axes.set_ylabel("vs. your usual (points)", color=text, fontsize="small")
        effect = self._effect
        colour = _SAME if effect is None else _BAND_COLOURS[effect.band]
        axes.set_title(
            self.band_text().replace(" ", "\n", 1),
            color=colour,
            fontsize="small",
            fontweight="bold",
        )
        if effect is None or effect.estimate is None or effect.low is None or effect.high is None:
            detail = "" if effect is None else effect_figure(effect).replace(": ", ":\n")
            axes.text(0, 0.4, detail, ha="center", va="bottom", color=text, fontsize="x-small",
                      wrap=True)  # fmt: skip
            return
        low = max(effect.low, -_EFFECT_RANGE)
        high = min(effect.high, _EFFECT_RANGE)
        axes.vlines([0], [low], [high], colors=colour, linewidth=6, alpha=0.45)
        axes.plot([0], [effect.estimate], "o", color=colour, markersize=8)
        hint = " · early hint" if effect.hint else ""
        axes.set_xlabel(f"{points(effect.estimate)} · {effect.logs} logs{hint}",
                        color=text, fontsize="x-small")  # fmt: skip
