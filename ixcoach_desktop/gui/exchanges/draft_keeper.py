"""Keeps the editor's unsaved new entry on disk per contact, and offers it back.

Wiring (MainWindow):

- ``self.draft_keeper = DraftKeeper(self.editor, session.drafts, parent=self)``
  and place ``self.draft_keeper.bar`` just above the editor;
- after ``self.editor.set_contact(...)``:
  ``self.draft_keeper.contact_opened(contact_id_or_None, name)``;
- after a *new* exchange was saved (``log`` succeeded; not after an edit):
  ``self.draft_keeper.entry_saved()``;
- in ``closeEvent``, before the session closes: ``self.draft_keeper.flush()``.

The keeper listens to ``content_changed`` itself. Every change is
snapshotted at once and written after a pause in typing, so switching
contact loses nothing (the previous contact's last snapshot is written the
moment the editor moves on) and a crash loses at most the last half second.
Drafts are removed only when the entry is saved or the user discards them,
never because the editor went blank: a cleared editor may be an accident.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.gui.exchanges.editor import ExchangeEditor
from ixcoach_desktop.gui.widgets import name_widget
from ixcoach_desktop.services.drafts import Draft, DraftService
from ixcoach_desktop.services.errors import ServiceError

# Long enough that typing does not write a file per keystroke, short enough
# that a crash mid-sentence loses only the last few characters.
SAVE_DELAY_MS = 500


class DraftBar(QFrame):
    """A slim bar offering a kept draft back: "Restore unsaved entry from …?"."""

    def __init__(self) -> None:
        super().__init__()
        name_widget(self, "draftBar", "Unsaved entry")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setObjectName("draftBarText")
        self.text.setWordWrap(True)
        self.restore_button = QPushButton("Restore")
        name_widget(self.restore_button, "restoreDraftButton", "Restore the unsaved entry")
        self.discard_button = QPushButton("Discard")
        name_widget(self.discard_button, "discardDraftButton", "Discard the unsaved entry")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        self.hide()

    def offer(self, draft: Draft) -> None:
        self.text.setText(f"Restore the unsaved entry from {_when(draft.saved_at)}?")
        self.restore_button.show()
        self.discard_button.show()
        self.show()

    def warn(self, message: str) -> None:
        """A problem keeping drafts (a full disk): shown, never blocking."""
        self.text.setText(message)
        self.restore_button.hide()
        self.discard_button.hide()
        self.show()


def _when(saved_at: datetime) -> str:
    local = saved_at.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return f"today, {local:%H:%M}"
    return f"{local:%a %d %b %Y, %H:%M}"


class DraftKeeper(QObject):
    """Saves the editor's new entry as a draft (debounced) and offers it back per contact."""

    def __init__(
        self, editor: ExchangeEditor, drafts: DraftService, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._drafts = drafts
        self.bar = DraftBar()
        self._contact_id: int | None = None
        self._contact_name = ""
        # The newest snapshot of the entry, not yet on disk.
        self._pending: Exchange | None = None
        # The fresh entry as it was when the contact was opened: an entry
        # still equal to it (but for the time) is not worth a draft.
        self._blank: Exchange | None = None
        # A kept draft waiting for Restore or Discard; never overwritten meanwhile.
        self._offered: Draft | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self._write_pending)
        editor.content_changed.connect(self._on_editor_content_changed)
        self.bar.restore_button.clicked.connect(self._on_restore_clicked)
        self.bar.discard_button.clicked.connect(self._on_discard_clicked)

    @property
    def offered(self) -> Draft | None:
        return self._offered

    def contact_opened(self, contact_id: int | None, name: str) -> None:
        """The editor now shows a fresh entry for ``contact_id``: offer its draft, if any."""
        self.flush()
        self._contact_id = contact_id
        self._contact_name = name
        self._blank = self._editor.draft()
        self._offered = None
        self.bar.hide()
        if contact_id is None:
            return
        try:
            draft = self._drafts.load(contact_id, name)
        except ServiceError as error:
            self.bar.warn(str(error))
            return
        if draft is not None:
            self._offered = draft
            self.bar.offer(draft)

    def entry_saved(self) -> None:
        """A new entry of the open contact was saved: its draft is done with.

        Call it before or after the editor is reset: the fresh entry equals the
        one the contact was opened with, so it is never kept as a draft.
        """
        self._timer.stop()
        self._pending = None
        if self._contact_id is None or self._offered is not None:
            # With an offer still open, what was saved was typed beside it; the
            # offered draft stays until the user answers.
            return
        self._discard(self._contact_id)

    def flush(self) -> None:
        """Write the newest snapshot now (before quitting or closing the journal)."""
        self._timer.stop()
        self._write_pending()

    def _on_editor_content_changed(self) -> None:
        snapshot = self._editor.draft()
        if snapshot is None or snapshot.contact_id != self._contact_id:
            # The editor is moving to another contact: what was typed for the
            # previous one must reach disk before the fresh entry replaces it.
            self.flush()
            return
        if self._editor.editing is not None or self._offered is not None:
            return
        self._pending = snapshot
        self._timer.start()

    def _write_pending(self) -> None:
        snapshot, self._pending = self._pending, None
        if snapshot is None or self._is_blank(snapshot):
            return
        try:
            self._drafts.save(snapshot, self._contact_name)
        except ServiceError as error:
            self.bar.warn(str(error))

    def _is_blank(self, snapshot: Exchange) -> bool:
        blank = self._blank
        if blank is None or blank.contact_id != snapshot.contact_id:
            return False
        # "Now" moves on by itself; only what the user set counts.
        return replace(snapshot, occurred_at=blank.occurred_at) == blank

    def _discard(self, contact_id: int) -> None:
        try:
            self._drafts.discard(contact_id)
        except ServiceError as error:
            self.bar.warn(str(error))

    def _on_restore_clicked(self) -> None:
        draft, self._offered = self._offered, None
        self.bar.hide()
        if draft is not None:
            self._editor.load(draft.exchange, editing=False)

    def _on_discard_clicked(self) -> None:
        draft, self._offered = self._offered, None
        self.bar.hide()
        if draft is not None:
            self._discard(draft.exchange.contact_id)
        # Whatever was typed while the offer was open is now the draft.
        self._on_editor_content_changed()
