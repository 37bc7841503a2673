"""Small widget helpers shared across the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ixcoach_desktop import APP_DISPLAY_NAME


def name_widget(widget: QWidget, object_name: str, accessible_name: str) -> None:
    """Set the object name tests use and the accessible name screen readers read."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)


def show_message(parent: QWidget | None, icon: QMessageBox.Icon, text: str) -> QMessageBox:
    """A non-blocking message box that deletes itself when closed."""
    box = QMessageBox(icon, APP_DISPLAY_NAME, text, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class ErrorLabel(QLabel):
    """A message shown beside the inputs it is about; hidden when empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("errorLabel")
        self.setAccessibleName("Error message")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        palette = self.palette()
        # A red that stays readable on both light and dark window colours.
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        self.setStyleSheet(f"color: {'#ff8a80' if dark else '#b00020'};")
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()
