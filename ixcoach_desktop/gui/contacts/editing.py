"""Adding, editing and archiving people: the contact dialog and the archive toggle.

A refused save keeps the dialog open with the reason beside the inputs; a
saved one closes it and asks the window to show the list again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.gui.contacts.dialog import ContactDialog
from ixcoach_desktop.services.contacts import ContactService
from ixcoach_desktop.services.errors import InvalidInputError, ServiceError


class ContactEditing(QObject):
    """Opens the contact dialog and saves what it holds through the contact service.

    Signals:
        added(Contact): a new person was saved.
        changed(object): the list needs reloading; select this contact id (or None).
        status(str): a short note for the status bar.
        problem(str): a failure the user did not cause by typing.
    """

    added = Signal(object)
    changed = Signal(object)
    status = Signal(str)
    problem = Signal(str)

    def __init__(self, contacts: ContactService, parent: QWidget) -> None:
        super().__init__(parent)
        self._contacts = contacts
        self._parent = parent

    def new_contact(self) -> None:
        self._open(ContactDialog(self._parent), self._on_new_contact_submitted)

    def edit_contact(self, contact_id: int) -> None:
        try:
            contact = self._contacts.get(contact_id)
        except ServiceError as error:
            self.problem.emit(str(error))
            return
        self._open(ContactDialog(self._parent, contact), self._on_edited_contact_submitted)

    def toggle_archived(self, contact: Contact) -> None:
        """Archive ``contact``, or bring them back when they are archived."""
        if contact.id is None:
            return
        try:
            if contact.archived:
                self._contacts.unarchive(contact.id)
                message = f"{contact.name} is back in your contacts."
            else:
                self._contacts.archive(contact.id)
                message = f"Archived {contact.name}. Tick “Show archived” to see them again."
        except ServiceError as error:
            self.problem.emit(str(error))
            return
        self.changed.emit(contact.id if contact.archived else None)
        self.status.emit(message)

    def _open(self, dialog: ContactDialog, on_submitted: Callable[[Contact], None]) -> None:
        dialog.submitted.connect(on_submitted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _save_from_dialog(
        self, contact: Contact, save: Callable[[Contact], Contact]
    ) -> Contact | None:
        """Save what the sending dialog holds; on refusal it stays open with the reason."""
        dialog = self.sender()
        assert isinstance(dialog, ContactDialog)
        try:
            saved = save(contact)
        except InvalidInputError as error:
            dialog.show_faults(error.faults)
            return None
        except ServiceError as error:
            dialog.show_faults(str(error))
            return None
        dialog.done(ContactDialog.DialogCode.Accepted)
        self.changed.emit(saved.id)
        return saved

    def _on_new_contact_submitted(self, contact: Contact) -> None:
        saved = self._save_from_dialog(contact, self._contacts.add)
        if saved is not None:
            self.added.emit(saved)
            self.status.emit(f"Added {saved.name}.")

    def _on_edited_contact_submitted(self, contact: Contact) -> None:
        self._save_from_dialog(contact, self._contacts.edit)
