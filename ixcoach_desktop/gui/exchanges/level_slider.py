"""A depth slider that names the level and gives an example as it moves."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSlider, QVBoxLayout, QWidget

from ixcoach_desktop.domain.scales import MAX_LEVEL, MIN_LEVEL, DepthLevel
from ixcoach_desktop.gui.widgets import name_widget


class LevelSlider(QWidget):
    """A 0-5 depth slider with the level's name and an example under it.

    Signals:
        value_changed(int): the level moved.
    """

    value_changed = Signal(int)

    def __init__(self, object_name: str, accessible_name: str) -> None:
        super().__init__()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        name_widget(self.slider, object_name, accessible_name)
        self.slider.setRange(MIN_LEVEL, MAX_LEVEL)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName(f"{object_name}Description")
        self.description.setMinimumHeight(self.description.fontMetrics().lineSpacing() * 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.slider)
        layout.addWidget(self.description)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self._on_slider_value_changed(self.slider.value())

    def value(self) -> int:
        return self.slider.value()

    def set_value(self, value: int) -> None:
        self.slider.setValue(value)

    def _on_slider_value_changed(self, value: int) -> None:
        level = DepthLevel(value)
        self.description.setText(f"<b>{value} · {level.label}</b> — {level.example}")
        self.slider.setAccessibleDescription(f"{level.label}: {level.example}")
        self.value_changed.emit(value)
