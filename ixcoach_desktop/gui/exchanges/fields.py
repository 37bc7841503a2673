"""The editor's small fields: text boxes, the stress spin boxes and their reminder."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSpinBox, QWidget

from ixcoach_desktop.domain.scales import MAX_STRESS, MIN_STRESS
from ixcoach_desktop.domain.stress import STRESSFUL_FROM
from ixcoach_desktop.gui.widgets import name_widget

# The spin boxes' "not rated" value sits just below the scale.
STRESS_UNSET = MIN_STRESS - 1
TEXT_BOX_HEIGHT = 52


def text_box(object_name: str, accessible_name: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    name_widget(box, object_name, accessible_name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(TEXT_BOX_HEIGHT)
    return box


def stress_spin(object_name: str, accessible_name: str, key: str) -> QSpinBox:
    spin = QSpinBox()
    name_widget(spin, object_name, accessible_name)
    spin.setRange(STRESS_UNSET, MAX_STRESS)
    spin.setSpecialValueText("—")
    spin.setValue(STRESS_UNSET)
    # Alt+key jumps here, a digit (or 10) sets it, the arrows nudge it,
    # Delete or Backspace clears it.
    spin.setToolTip(
        f"Optional: my stress from 0 (calm) to 10 (overwhelmed). {key} to jump here, "
        "then type a number; Delete clears it."
    )
    spin.setCorrectionMode(QSpinBox.CorrectionMode.CorrectToNearestValue)
    return spin


# The gentle reminder under the stress fields when a stressful moment was
# noted only half: the stress effect needs both numbers.
STRESS_REMINDER = (
    "A stressful moment: adding how you felt {missing} lets the Stress tab show "
    "who helps. Optional: saving works either way."
)


def buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def stress_reminder(before: int | None, after: int | None) -> str:
    """The reminder for a stressful moment with one of its two numbers missing, or ""."""
    if before is not None and after is None and before >= STRESSFUL_FROM:
        return STRESS_REMINDER.format(missing="afterwards")
    if after is not None and before is None and after >= STRESSFUL_FROM:
        return STRESS_REMINDER.format(missing="before")
    return ""


def stress_value(spin: QSpinBox) -> int | None:
    return None if spin.value() == STRESS_UNSET else spin.value()
