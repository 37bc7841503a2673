"""Add or edit a contact. Non-modal-friendly: opened with ``open()``."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop.domain.models import DEFAULT_CADENCE_DAYS, Contact
from ixcoach_desktop.domain.scales import RelationshipKind
from ixcoach_desktop.domain.validation import (
    CADENCE_MAX_DAYS,
    CADENCE_MIN_DAYS,
    NAME_MAX_CHARS,
    Fault,
)
from ixcoach_desktop.gui.widgets import ErrorLabel, name_widget


class ContactDialog(QDialog):
    """Collects a contact; the owner saves it and closes the dialog on success.

    Signals:
        submitted(Contact): the user pressed Save/Enter with these values.
    """

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None, contact: Contact | None = None) -> None:
        super().__init__(parent)
        self._original = contact
        name_widget(self, "contactDialog", "Contact")
        self.setWindowTitle("Edit contact" if contact else "New contact")
        self.setMinimumWidth(420)

        intro = QLabel(
            "Someone you would like to feel closer to. Only you will ever see this."
            if contact is None
            else "Changes apply to the whole history with this person."
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(contact.name if contact else "")
        name_widget(self.name_edit, "contactNameEdit", "Name")
        self.name_edit.setMaxLength(NAME_MAX_CHARS)
        self.name_edit.setPlaceholderText("e.g. Sam Rivera")
        self.kind_combo = QComboBox()
        name_widget(self.kind_combo, "contactKindCombo", "Relationship")
        for kind in RelationshipKind:
            self.kind_combo.addItem(kind.label, kind)
        if contact:
            self.kind_combo.setCurrentIndex(list(RelationshipKind).index(contact.kind))
        self.cadence_spin = QSpinBox()
        name_widget(self.cadence_spin, "contactCadenceSpin", "Keep in touch every")
        self.cadence_spin.setRange(CADENCE_MIN_DAYS, CADENCE_MAX_DAYS)
        self.cadence_spin.setSuffix(" days")
        self.cadence_spin.setValue(contact.cadence_days if contact else DEFAULT_CADENCE_DAYS)
        self.notes_edit = QPlainTextEdit(contact.notes if contact else "")
        name_widget(self.notes_edit, "contactNotesEdit", "Notes about this person")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(80)
        self.error_label = ErrorLabel()

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Relationship:", self.kind_combo)
        form.addRow("&Keep in touch every:", self.cadence_spin)
        form.addRow("N&otes:", self.notes_edit)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        name_widget(save, "contactSaveButton", "Save contact")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.name_edit.textEdited.connect(self.error_label.clear_message)

    def contact(self) -> Contact:
        values = Contact(
            name=self.name_edit.text(),
            kind=RelationshipKind(self.kind_combo.currentData()),
            cadence_days=self.cadence_spin.value(),
            notes=self.notes_edit.toPlainText(),
        )
        if self._original is None:
            return values
        return replace(
            self._original,
            name=values.name,
            kind=values.kind,
            cadence_days=values.cadence_days,
            notes=values.notes,
        )

    def accept(self) -> None:
        # The owner saves and calls done(); on refusal the dialog stays open
        # with everything typed still in place.
        self.submitted.emit(self.contact())

    def show_faults(self, faults: tuple[Fault, ...] | str) -> None:
        self.error_label.show_message(
            faults if isinstance(faults, str) else "\n".join(f.message for f in faults)
        )
        self.name_edit.setFocus()
