"""The disclosure editor: one exchange's levels, reception, topics and notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.scales import (
    MAX_RECEPTION,
    MIN_RECEPTION,
    Channel,
    DepthLevel,
    Opener,
    Reception,
    Topic,
)
from ixcoach_desktop.domain.validation import Fault
from ixcoach_desktop.gui.exchanges.fields import (
    STRESS_UNSET,
    buddy,
    stress_reminder,
    stress_spin,
    stress_value,
    text_box,
)
from ixcoach_desktop.gui.exchanges.level_slider import LevelSlider
from ixcoach_desktop.gui.widgets import ErrorLabel, name_widget


class ExchangeEditor(QWidget):
    """Edits one exchange; emits it on save and never touches storage itself.

    Signals:
        submitted(Exchange): the user asked to save these values (id set when editing).
        levels_changed(): either level slider or the reception moved.
        editing_cancelled(): the user stopped editing a past exchange.
        content_changed(): anything in the entry changed (for drafts).
    """

    submitted = Signal(object)
    levels_changed = Signal()
    editing_cancelled = Signal()
    content_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        name_widget(self, "exchangeEditor", "Exchange editor")
        self._contact_id: int | None = None
        self._contact_name = ""
        self._editing: Exchange | None = None

        self.heading = QLabel()
        self.heading.setObjectName("editorHeading")
        self.heading.setWordWrap(True)
        self.cancel_edit_button = QPushButton("Cancel editing")
        name_widget(self.cancel_edit_button, "cancelEditButton", "Cancel editing")
        self.cancel_edit_button.hide()

        self.when = QDateTimeEdit()
        name_widget(self.when, "exchangeWhen", "When it happened")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.channel = QComboBox()
        name_widget(self.channel, "exchangeChannel", "Channel")
        for channel in Channel:
            self.channel.addItem(channel.label, channel)
        self.opened_me = QRadioButton("Me")
        name_widget(self.opened_me, "openedByMe", "I opened")
        self.opened_them = QRadioButton("Them")
        name_widget(self.opened_them, "openedByThem", "They opened")
        self._opened_group = QButtonGroup(self)
        self._opened_group.addButton(self.opened_me)
        self._opened_group.addButton(self.opened_them)
        self.opened_me.setChecked(True)

        self.my_level = LevelSlider("myLevelSlider", "My level")
        self.their_level = LevelSlider("theirLevelSlider", "Their level")
        self.my_emotional = QCheckBox("Emotional, not only factual")
        name_widget(self.my_emotional, "myEmotional", "My disclosure was emotional")
        self.their_emotional = QCheckBox("Emotional, not only factual")
        name_widget(self.their_emotional, "theirEmotional", "Their disclosure was emotional")

        self.reception = QSlider(Qt.Orientation.Horizontal)
        name_widget(self.reception, "receptionSlider", "How it was received")
        self.reception.setRange(MIN_RECEPTION, MAX_RECEPTION)
        self.reception.setPageStep(1)
        self.reception.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.reception.setValue(int(Reception.NEUTRAL))
        self.reception_label = QLabel()
        self.reception_label.setMinimumWidth(
            self.reception_label.fontMetrics().horizontalAdvance("deeply understood") + 8
        )

        self.topic_boxes: dict[Topic, QCheckBox] = {}
        self.topics_group = QGroupBox("Topics")
        self.topics_group.setAccessibleName("Topics")
        topic_grid = QGridLayout(self.topics_group)
        topic_grid.setContentsMargins(8, 4, 8, 4)
        topic_grid.setVerticalSpacing(2)
        for position, topic in enumerate(Topic):
            box = QCheckBox(topic.label.replace("&", "&&"))
            name_widget(box, f"topic_{topic.value}", topic.label)
            box.setToolTip(f"Typical intimacy {topic.mean_intimacy:.1f} on a 1-7 scale")
            self.topic_boxes[topic] = box
            topic_grid.addWidget(box, position // 2, position % 2)

        self.what_i_shared = text_box("whatIShared", "What I shared", "What I shared (optional)")
        self.what_they_shared = text_box(
            "whatTheyShared", "What they shared", "What they shared (optional)"
        )
        self.notes = text_box("exchangeNotes", "Notes", "Notes (optional)")
        self.stress_before = stress_spin("stressBefore", "My stress before", "Alt+B")
        self.stress_after = stress_spin("stressAfter", "My stress after", "Alt+A")
        self.stress_reminder = QLabel()
        name_widget(self.stress_reminder, "stressReminder", "Stress reminder")
        self.stress_reminder.setWordWrap(True)
        self.stress_reminder.setVisible(False)

        self.guidance = QLabel()
        name_widget(self.guidance, "guidanceText", "Guidance")
        self.guidance.setWordWrap(True)
        self.guidance.setTextFormat(Qt.TextFormat.RichText)
        self.guidance.setFrameShape(QFrame.Shape.StyledPanel)
        self.guidance.setMargin(8)
        self.guidance.setMinimumHeight(self.guidance.fontMetrics().lineSpacing() * 3 + 16)
        self.error_label = ErrorLabel()
        self.save_button = QPushButton("Save exchange")
        name_widget(self.save_button, "saveExchangeButton", "Save exchange")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.setDefault(True)

        self._build_layout()
        self._connect_signals()
        self.reset()

    def _build_layout(self) -> None:
        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 1)
        when_row.addWidget(self.channel)
        opened_row = QHBoxLayout()
        opened_row.addWidget(self.opened_me)
        opened_row.addWidget(self.opened_them)
        opened_row.addStretch(1)
        reception_row = QHBoxLayout()
        reception_row.addWidget(self.reception, 1)
        reception_row.addWidget(self.reception_label)
        stress_row = QHBoxLayout()
        stress_row.addWidget(buddy("&before", self.stress_before))
        stress_row.addWidget(self.stress_before)
        stress_row.addSpacing(12)
        stress_row.addWidget(buddy("&after", self.stress_after))
        stress_row.addWidget(self.stress_after)
        stress_row.addStretch(1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(buddy("&When:", self.when), when_row)
        form.addRow("Opened by:", opened_row)
        form.addRow(buddy("&My level:", self.my_level.slider), self.my_level)
        form.addRow("", self.my_emotional)
        form.addRow(buddy("&Their level:", self.their_level.slider), self.their_level)
        form.addRow("", self.their_emotional)
        form.addRow(buddy("&Reception:", self.reception), reception_row)
        form.addRow("Stress:", stress_row)
        form.addRow("", self.stress_reminder)

        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.cancel_edit_button)
        save_row = QHBoxLayout()
        save_row.addWidget(self.error_label, 1)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(header)
        layout.addLayout(form)
        layout.addWidget(self.guidance)
        layout.addWidget(self.topics_group)
        layout.addWidget(self.what_i_shared)
        layout.addWidget(self.what_they_shared)
        layout.addWidget(self.notes)
        layout.addLayout(save_row)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.my_level.value_changed.connect(self._on_my_level_changed)
        self.their_level.value_changed.connect(self._on_levels_moved)
        self.reception.valueChanged.connect(self._on_reception_changed)
        self.save_button.clicked.connect(self.submit)
        self.cancel_edit_button.clicked.connect(self._on_cancel_edit_clicked)
        self.stress_before.valueChanged.connect(self._on_stress_changed)
        self.stress_after.valueChanged.connect(self._on_stress_changed)
        for signal in (
            self.when.dateTimeChanged,
            self.channel.currentIndexChanged,
            self.opened_me.toggled,
            self.my_emotional.toggled,
            self.their_emotional.toggled,
            self.what_i_shared.textChanged,
            self.what_they_shared.textChanged,
            self.notes.textChanged,
            self.stress_before.valueChanged,
            self.stress_after.valueChanged,
            *(box.toggled for box in self.topic_boxes.values()),
        ):
            signal.connect(self._on_content_changed)

    # --- state -----------------------------------------------------------

    @property
    def contact_id(self) -> int | None:
        return self._contact_id

    @property
    def editing(self) -> Exchange | None:
        """The saved exchange being edited, or None for a new entry."""
        return self._editing

    def set_contact(self, contact_id: int | None, name: str = "") -> None:
        """Start a fresh entry for another contact (or none)."""
        self._contact_id = contact_id
        self._contact_name = name
        self.reset()
        self.setEnabled(contact_id is not None)

    def reset(self) -> None:
        """A blank entry dated now, for the same contact."""
        self._editing = None
        self.when.setDateTime(QDateTime.currentDateTime())
        self.channel.setCurrentIndex(0)
        self.opened_me.setChecked(True)
        self.my_level.set_value(int(DepthLevel.SURFACE))
        self.their_level.set_value(int(DepthLevel.SURFACE))
        self.reception.setValue(int(Reception.NEUTRAL))
        self.my_emotional.setChecked(False)
        self.their_emotional.setChecked(False)
        for box in self.topic_boxes.values():
            box.setChecked(False)
        for written in (self.what_i_shared, self.what_they_shared, self.notes):
            written.clear()
        self.stress_before.setValue(STRESS_UNSET)
        self.stress_after.setValue(STRESS_UNSET)
        self.error_label.clear_message()
        self._update_heading()

    def load(self, exchange: Exchange, *, editing: bool = True) -> None:
        """Show ``exchange``; with ``editing`` a save replaces it instead of adding."""
        self._editing = exchange if editing else None
        self.when.setDateTime(
            QDateTime.fromMSecsSinceEpoch(int(exchange.occurred_at.timestamp() * 1000))
        )
        self.channel.setCurrentIndex(list(Channel).index(exchange.channel))
        (self.opened_me if exchange.opened_by is Opener.ME else self.opened_them).setChecked(True)
        self.my_level.set_value(int(exchange.my_level))
        self.their_level.set_value(int(exchange.their_level))
        self.reception.setValue(int(exchange.reception or Reception.NEUTRAL))
        self.my_emotional.setChecked(exchange.my_emotional)
        self.their_emotional.setChecked(exchange.their_emotional)
        for topic, box in self.topic_boxes.items():
            box.setChecked(topic in exchange.topics)
        self.what_i_shared.setPlainText(exchange.what_i_shared)
        self.what_they_shared.setPlainText(exchange.what_they_shared)
        self.notes.setPlainText(exchange.notes)
        self.stress_before.setValue(
            STRESS_UNSET if exchange.stress_before is None else exchange.stress_before
        )
        self.stress_after.setValue(
            STRESS_UNSET if exchange.stress_after is None else exchange.stress_after
        )
        self.error_label.clear_message()
        self._update_heading()

    def draft(self) -> Exchange | None:
        """The entry as an Exchange value (None when no contact is chosen)."""
        if self._contact_id is None:
            return None
        my_level = DepthLevel(self.my_level.value())
        values = Exchange(
            contact_id=self._contact_id,
            occurred_at=datetime.fromtimestamp(
                self.when.dateTime().toMSecsSinceEpoch() / 1000, UTC
            ),
            my_level=my_level,
            their_level=DepthLevel(self.their_level.value()),
            reception=None if my_level is DepthLevel.NOTHING else Reception(self.reception.value()),
            channel=Channel(self.channel.currentData()),
            opened_by=Opener.ME if self.opened_me.isChecked() else Opener.THEM,
            topics=frozenset(t for t, box in self.topic_boxes.items() if box.isChecked()),
            my_emotional=self.my_emotional.isChecked(),
            their_emotional=self.their_emotional.isChecked(),
            what_i_shared=self.what_i_shared.toPlainText(),
            what_they_shared=self.what_they_shared.toPlainText(),
            notes=self.notes.toPlainText(),
            stress_before=stress_value(self.stress_before),
            stress_after=stress_value(self.stress_after),
        )
        if self._editing is None:
            return values
        return replace(
            values,
            id=self._editing.id,
            created_at=self._editing.created_at,
            updated_at=self._editing.updated_at,
        )

    def submit(self) -> None:
        draft = self.draft()
        if draft is not None:
            self.submitted.emit(draft)

    def set_guidance(self, html: str) -> None:
        self.guidance.setText(html)

    def show_faults(self, faults: tuple[Fault, ...] | str) -> None:
        """Show why a save was refused; everything typed stays in place."""
        if isinstance(faults, str):
            self.error_label.show_message(faults)
            return
        self.error_label.show_message("\n".join(f.message for f in faults))
        fields = {f.field for f in faults}
        for field, widget in self._field_widgets().items():
            if field in fields:
                widget.setFocus()
                break

    def _field_widgets(self) -> dict[str, QWidget]:
        return {
            "occurred_at": self.when,
            "my_level": self.my_level.slider,
            "their_level": self.their_level.slider,
            "reception": self.reception,
            "what_i_shared": self.what_i_shared,
            "what_they_shared": self.what_they_shared,
            "notes": self.notes,
            "stress_before": self.stress_before,
            "stress_after": self.stress_after,
        }

    def _update_heading(self) -> None:
        if self._editing is not None:
            when = self._editing.occurred_at.astimezone()
            self.heading.setText(f"<b>Editing the exchange of {when:%d %b %Y, %H:%M}</b>")
            self.cancel_edit_button.show()
            self.save_button.setText("Save changes")
        else:
            who = self._contact_name
            self.heading.setText(
                f"<b>Log a conversation with {who}</b>" if who else "<b>Log a conversation</b>"
            )
            self.cancel_edit_button.hide()
            self.save_button.setText("Save exchange")

    # --- slots -----------------------------------------------------------

    def _on_my_level_changed(self, value: int) -> None:
        # Nothing of mine to receive when I shared nothing.
        self.reception.setEnabled(value > int(DepthLevel.NOTHING))
        self._show_reception(self.reception.value())
        self._on_levels_moved()

    def _on_reception_changed(self, value: int) -> None:
        self._show_reception(value)
        self._on_levels_moved()

    def _show_reception(self, value: int) -> None:
        self.reception_label.setText(
            Reception(value).label if self.reception.isEnabled() else "not applicable"
        )

    def _on_levels_moved(self, *_args: object) -> None:
        self.levels_changed.emit()
        self.content_changed.emit()

    def _on_content_changed(self, *_args: object) -> None:
        self.content_changed.emit()

    def _on_stress_changed(self, _value: int) -> None:
        text = stress_reminder(stress_value(self.stress_before), stress_value(self.stress_after))
        self.stress_reminder.setText(text)
        self.stress_reminder.setVisible(bool(text))

    def _on_cancel_edit_clicked(self) -> None:
        self.reset()
        self.editing_cancelled.emit()
