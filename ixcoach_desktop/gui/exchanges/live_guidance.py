"""Live guidance under the sliders: warns before the user escalates, as the levels move."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QPalette

from ixcoach_desktop.domain.guidance import live_guidance
from ixcoach_desktop.domain.models import ExchangePoint
from ixcoach_desktop.gui.exchanges.editor import ExchangeEditor
from ixcoach_desktop.gui.exchanges.guidance_view import guidance_html


class LiveGuidance(QObject):
    """Keeps the editor's guidance in step with its sliders and the contact's history.

    ``history`` returns the selected contact's points, oldest first.
    """

    def __init__(self, editor: ExchangeEditor, history: Callable[[], list[ExchangePoint]]) -> None:
        super().__init__(editor)
        self._editor = editor
        self._history = history
        editor.levels_changed.connect(self.update)
        editor.editing_cancelled.connect(self.update)

    def update(self) -> None:
        """Work the guidance out again for what the editor holds now."""
        draft = self._editor.draft()
        if draft is None:
            self._editor.set_guidance("")
            return
        editing = self._editor.editing
        guidance = live_guidance(
            self._history(),
            draft.my_level,
            draft.their_level,
            draft.reception,
            editing_id=None if editing is None else editing.id,
        )
        dark = self._editor.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self._editor.set_guidance(guidance_html(guidance, dark=dark))
