"""The insights strip above the chart: a row of small labelled figures."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop.gui.widgets import name_widget


@dataclass(frozen=True, slots=True)
class Insight:
    """One figure: a short value, and a sentence that explains it."""

    value: str
    detail: str = ""
    # A smaller second line under the value (the stress card's logs).
    note: str = ""


@dataclass(frozen=True, slots=True)
class Insights:
    matching: Insight
    mutual_depth: Insight
    buffer_potential: Insight
    keep_in_touch: Insight
    openings: Insight
    feelings: Insight
    next_step: Insight


EMPTY_INSIGHTS = Insights(
    matching=Insight("—", "Matching rate appears after a few exchanges."),
    mutual_depth=Insight("—", "How deep you both go, on average."),
    buffer_potential=Insight("—", "How well this relationship could buffer stress."),
    keep_in_touch=Insight("—", "Days since you last talked, against your cadence."),
    openings=Insight("—", "Who opened your recent conversations: you, or them."),
    feelings=Insight("—", "How often you both shared feelings, not only facts."),
    next_step=Insight("—", "What to aim for next time."),
)
EMPTY_STRESS = Insight(
    "—", "Whether your stress tends to be lower after talking with this person.", ""
)


# Pixels a line can grow by when a character comes from a fallback font.
_FALLBACK_GLYPH_ROOM = 4


class _Card(QFrame):
    def __init__(
        self, object_name: str, title: str, stretch_text: bool = False, with_note: bool = False
    ) -> None:
        super().__init__()
        name_widget(self, object_name, title)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title.upper())
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 0.8)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setEnabled(False)  # the palette's muted text colour
        self.value = QLabel("—")
        self.value.setObjectName(f"{object_name}Value")
        value_font = self.value.font()
        value_font.setPointSizeF(value_font.pointSizeF() * (1.0 if stretch_text else 1.35))
        value_font.setBold(not stretch_text)
        self.value.setFont(value_font)
        self.value.setWordWrap(stretch_text)
        # The same height whatever the text (two lines for the next step, and
        # a little over a line's for the rest: an arrow or an accent drawn
        # from a fallback font is taller), so the strip keeps its height
        # from person to person and the chart below it keeps its size.
        lines = 2 if stretch_text else 1
        self.value.setMinimumHeight(
            lines * QFontMetrics(value_font).lineSpacing() + _FALLBACK_GLYPH_ROOM
        )
        self.value.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The next step reads as one sentence: title and text side by side.
        layout = QHBoxLayout(self) if stretch_text else QVBoxLayout(self)
        layout.setSpacing(8 if stretch_text else 2)
        layout.setContentsMargins(10, 6, 10, 6)
        self.title.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.title)
        layout.addWidget(self.value, 1)
        self.note = QLabel()
        self.note.setObjectName(f"{object_name}Note")
        note_font = self.note.font()
        note_font.setPointSizeF(note_font.pointSizeF() * 0.85)
        self.note.setFont(note_font)
        self.note.setWordWrap(True)
        self.note.setMinimumHeight(2 * QFontMetrics(note_font).lineSpacing() + _FALLBACK_GLYPH_ROOM)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note.setVisible(with_note)
        layout.addWidget(self.note)

    def show_insight(self, insight: Insight) -> None:
        self.value.setText(insight.value)
        self.note.setText(insight.note)
        self.setToolTip(insight.detail)
        self.setAccessibleDescription(f"{insight.value}. {insight.detail}")


# Two rows of four when one row of seven would not fit.
_NARROW_COLUMNS = 4


class InsightsStrip(QWidget):
    """Matching rate, mutual depth, buffer potential, keep-in-touch, who opens,
    feelings shared, stress effect, and the next step."""

    def __init__(self) -> None:
        super().__init__()
        name_widget(self, "insightsStrip", "Insights")
        self.matching = _Card("insightMatching", "Matching")
        self.mutual_depth = _Card("insightMutualDepth", "Mutual depth")
        self.buffer_potential = _Card("insightBuffer", "Buffer potential")
        self.keep_in_touch = _Card("insightKeepInTouch", "Keep in touch")
        self.openings = _Card("insightOpenings", "Who opens")
        self.feelings = _Card("insightFeelings", "Both felt")
        self.stress_effect = _Card("stressEffectCard", "Stress", with_note=True)
        self.next_step = _Card("insightNextStep", "Next step", stretch_text=True)
        self._figures = (
            self.matching,
            self.mutual_depth,
            self.buffer_potential,
            self.keep_in_touch,
            self.openings,
            self.feelings,
            self.stress_effect,
        )
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self._columns = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._grid)
        layout.addWidget(self.next_step)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._place_figures(_NARROW_COLUMNS)
        # The narrow arrangement's width is all the strip ever asks for, so a
        # wide row never holds the window wider than a small screen.
        self.setMinimumWidth(self._grid.minimumSize().width())
        self.show_insights(EMPTY_INSIGHTS)
        # One row needs room for every figure at its widest, worked out once
        # from sample texts: measured from the figures shown, the row would
        # come and go from person to person, and the chart below with it.
        self._one_row_width = len(self._figures) * _widest_card(self.keep_in_touch) + (
            self._grid.horizontalSpacing() * (len(self._figures) - 1)
        )
        self.show_stress(EMPTY_STRESS)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        fits = event.size().width() >= self._one_row_width
        self._place_figures(len(self._figures) if fits else _NARROW_COLUMNS)

    def _place_figures(self, columns: int) -> None:
        """The figures in one row when there is room for them, else in two."""
        if columns == self._columns:
            return
        self._columns = columns
        for card in self._figures:
            self._grid.removeWidget(card)
        for column in range(len(self._figures)):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for number, card in enumerate(self._figures):
            self._grid.addWidget(card, number // columns, number % columns)

    def show_insights(self, insights: Insights) -> None:
        self.matching.show_insight(insights.matching)
        self.mutual_depth.show_insight(insights.mutual_depth)
        self.buffer_potential.show_insight(insights.buffer_potential)
        self.keep_in_touch.show_insight(insights.keep_in_touch)
        self.openings.show_insight(insights.openings)
        self.feelings.show_insight(insights.feelings)
        self.next_step.show_insight(insights.next_step)

    def show_stress(self, insight: Insight) -> None:
        """The stress card, which follows the background ranking rather than the read."""
        self.stress_effect.show_insight(insight)


# The widest title and value a figure shows, as samples.
_WIDEST_TITLE = "BUFFER POTENTIAL"
_WIDEST_VALUE = "30 d · overdue"


def _widest_card(card: _Card) -> int:
    """A figure's width with the widest title and value any figure shows."""
    layout = card.layout()
    assert layout is not None
    margins = layout.contentsMargins()
    text = max(
        card.title.fontMetrics().horizontalAdvance(_WIDEST_TITLE),
        card.value.fontMetrics().horizontalAdvance(_WIDEST_VALUE),
    )
    return text + margins.left() + margins.right() + 2 * card.frameWidth()
