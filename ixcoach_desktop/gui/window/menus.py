"""Every menu and action of the main window, in one place and in the order shown.

File
    New contact… (New) · Import… (Ctrl+I) · Export… (Ctrl+E) · Export chart as…
    (Ctrl+Shift+E) · Protect with passphrase… / Change passphrase… / Remove
    protection… · Backup now · Restore from backup… · Quit (Quit)
Edit
    Undo (Undo) · Redo (Redo) · Find contact (Find)
Contact
    Edit contact… (F2) · Archive / Unarchive · Stress buffers… (Ctrl+B)
Exchange
    Save exchange (Save) · New entry (Ctrl+Shift+N) · Delete exchange (Delete,
    in the history only)
Help
    The practice in brief (F1) · About

Actions are built here with their object names (checks outside the test
suite trigger them by name) and the platform's standard shortcuts; the
features that carry them out (``file_actions``, the window) only connect
to ``triggered``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from ixcoach_desktop import APP_DISPLAY_NAME

Shortcut = QKeySequence.StandardKey | str


@dataclass(frozen=True, slots=True)
class FileActions:
    new_contact: QAction
    import_: QAction
    export: QAction
    export_chart: QAction
    protect: QAction
    change_passphrase: QAction
    remove_protection: QAction
    backup_now: QAction
    restore_backup: QAction
    quit: QAction


@dataclass(frozen=True, slots=True)
class EditActions:
    undo: QAction
    redo: QAction
    find: QAction


@dataclass(frozen=True, slots=True)
class ContactActions:
    edit: QAction
    archive: QAction
    stress_buffers: QAction


@dataclass(frozen=True, slots=True)
class ExchangeActions:
    save: QAction
    new_entry: QAction
    delete: QAction


@dataclass(frozen=True, slots=True)
class HelpActions:
    guide: QAction
    about: QAction


@dataclass(frozen=True, slots=True)
class WindowMenus:
    """The menu bar's menus and their actions."""

    file_menu: QMenu
    file: FileActions
    edit: EditActions
    contact: ContactActions
    exchange: ExchangeActions
    help: HelpActions


def _action(
    parent: QWidget, text: str, object_name: str, shortcut: Shortcut | None = None
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(object_name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    return action


def _fill(menu: QMenu, groups: list[list[QAction]]) -> None:
    """Add ``groups`` to ``menu`` with a separator between each two."""
    for number, group in enumerate(groups):
        if number:
            menu.addSeparator()
        menu.addActions(group)


def build_menus(window: QMainWindow, undo_stack: QUndoStack, history: QWidget) -> WindowMenus:
    """Build the menu bar of ``window``; Delete acts on ``history`` only."""
    standard = QKeySequence.StandardKey
    file = FileActions(
        new_contact=_action(window, "&New contact…", "newContactAction", standard.New),
        import_=_action(window, "&Import…", "importAction", "Ctrl+I"),
        export=_action(window, "&Export…", "exportAction", "Ctrl+E"),
        export_chart=_action(window, "Export &chart as…", "exportChartAction", "Ctrl+Shift+E"),
        protect=_action(window, "Protect with &passphrase…", "protectAction"),
        change_passphrase=_action(window, "Change pass&phrase…", "changePassphraseAction"),
        remove_protection=_action(window, "Remove protect&ion…", "removeProtectionAction"),
        backup_now=_action(window, "&Backup now", "backupNowAction"),
        restore_backup=_action(window, "&Restore from backup…", "restoreBackupAction"),
        quit=_action(window, "&Quit", "quitAction", standard.Quit),
    )
    file.quit.setMenuRole(QAction.MenuRole.QuitRole)
    file.backup_now.setStatusTip("Write a verified copy of the journal into its backups folder")
    file.protect.setStatusTip("Encrypt the journal, its backups and drafts with a passphrase")

    undo = undo_stack.createUndoAction(window, "&Undo")
    undo.setObjectName("undoAction")
    undo.setShortcut(QKeySequence(standard.Undo))
    redo = undo_stack.createRedoAction(window, "&Redo")
    redo.setObjectName("redoAction")
    redo.setShortcut(QKeySequence(standard.Redo))
    edit = EditActions(
        undo=undo, redo=redo, find=_action(window, "&Find contact", "findAction", standard.Find)
    )

    contact = ContactActions(
        edit=_action(window, "&Edit contact…", "editContactAction", "F2"),
        archive=_action(window, "&Archive", "archiveContactAction"),
        stress_buffers=_action(window, "&Stress buffers…", "stressBuffersAction", "Ctrl+B"),
    )

    exchange = ExchangeActions(
        save=_action(window, "&Save exchange", "saveExchangeAction", standard.Save),
        new_entry=_action(window, "New &entry", "newEntryAction", "Ctrl+Shift+N"),
        delete=_action(window, "&Delete exchange", "deleteExchangeAction", standard.Delete),
    )
    # Delete acts on the history only, so it never steals the key from text fields.
    exchange.delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    history.addAction(exchange.delete)
    history.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    help_ = HelpActions(
        guide=_action(window, "The &practice in brief", "guideAction", "F1"),
        about=_action(window, f"&About {APP_DISPLAY_NAME}", "aboutAction"),
    )
    help_.about.setMenuRole(QAction.MenuRole.AboutRole)

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    # Menus hide tooltips unless asked; why Protect is unavailable must be findable.
    file_menu.setToolTipsVisible(True)
    _fill(
        file_menu,
        [
            [file.new_contact],
            [file.import_, file.export, file.export_chart],
            [file.protect, file.change_passphrase, file.remove_protection],
            [file.backup_now, file.restore_backup],
            [file.quit],
        ],
    )
    _fill(bar.addMenu("&Edit"), [[edit.undo, edit.redo], [edit.find]])
    _fill(bar.addMenu("&Contact"), [[contact.edit, contact.archive], [contact.stress_buffers]])
    _fill(bar.addMenu("E&xchange"), [[exchange.save, exchange.new_entry, exchange.delete]])
    _fill(bar.addMenu("&Help"), [[help_.guide, help_.about]])
    return WindowMenus(file_menu, file, edit, contact, exchange, help_)
