"""File > Backup now, File > Restore from backup…, and the damaged-journal question at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListWidget,
    QMessageBox,
    QPushButton,
)

from ixcoach_desktop.app import create_main_window
from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.gui.file_actions.backup_menu import (
    BackupActions,
    DamagedJournalPrompt,
    RestoreDialog,
)
from ixcoach_desktop.gui.window.main_window import MainWindow
from ixcoach_desktop.services.backups import BackupService
from ixcoach_desktop.services.errors import JournalDamagedError
from ixcoach_desktop.services.session import open_session
from ixcoach_desktop.storage.file_checks import integrity_check
from ixcoach_desktop.storage.journal_file import journal_path
from tests.gui.helpers import WindowFactory, child
from tests.safety.helpers import damage, digest, seed


def _actions(window: MainWindow) -> BackupActions:
    found = window.findChild(BackupActions)
    assert found is not None
    return found


def _contact_names(window: MainWindow) -> list[str]:
    view = window.findChild(QAbstractItemView, "contactList")
    assert view is not None
    model = view.model()
    return sorted(model.index(row, 0).data() for row in range(model.rowCount()))


def _visible_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_the_start_up_backup_comes_after_the_first_frame(qtbot: QtBot, data_dir: Path) -> None:
    seed(data_dir, contacts=1)
    window = create_main_window(data_dir)
    qtbot.addWidget(window)
    backups = BackupService(data_dir)
    assert backups.all() == []
    window.show()
    qtbot.waitUntil(lambda: len(backups.all()) == 1, timeout=10_000)
    assert integrity_check(backups.all()[0].path) == []
    window.close()


def test_backup_now_writes_a_backup_off_the_ui_thread(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    seed(data_dir, contacts=2)
    window = open_window(data_dir)
    actions = _actions(window)
    with qtbot.waitSignal(actions.backup_finished, timeout=10_000) as finished:
        actions.backup_action.trigger()
    written = finished.args[0]
    assert written.path.exists()
    assert integrity_check(written.path) == []
    assert actions.backup_action.isEnabled()
    assert window.statusBar().currentMessage().startswith("Backed up the journal")


def test_a_failed_backup_says_why(qtbot: QtBot, open_window: WindowFactory, data_dir: Path) -> None:
    seed(data_dir, contacts=1)
    (data_dir / "backups").write_text("a file where the folder should be")
    window = open_window(data_dir)
    # The start-up backup (taken once the window is up) failed too; the window says so.
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("No automatic backup was taken"),
        timeout=10_000,
    )
    actions = _actions(window)
    with qtbot.waitSignal(actions.backup_failed, timeout=10_000) as failed:
        actions.backup_action.trigger()
    assert "Cannot create the backups folder" in failed.args[0]
    boxes = _visible_boxes()
    assert [b.text() for b in boxes] == [failed.args[0]]
    for box in boxes:
        box.close()


def test_restore_replaces_the_journal_and_reopens_the_window(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    seed(data_dir, contacts=2)
    BackupService(data_dir).backup_now()
    window = open_window(data_dir)
    session = window._session
    session.contacts.add(Contact(name="Added after the backup"))
    actions = _actions(window)
    actions.restore_action.trigger()
    dialog = window.findChild(RestoreDialog, "restoreDialog")
    assert dialog is not None
    assert dialog.isVisible()
    listed = child(dialog, QListWidget, "backupList")
    assert listed.count() == 1
    assert "backup now" in listed.item(0).text()
    with qtbot.waitSignal(actions.window_replaced, timeout=10_000) as replaced:
        qtbot.mouseClick(dialog.findChild(QPushButton, "restoreButton"), Qt.MouseButton.LeftButton)
    new_window = replaced.args[0]
    qtbot.addWidget(new_window)
    try:
        assert not window.isVisible()
        assert new_window.isVisible()
        assert _contact_names(new_window) == ["Contact 0", "Contact 1"]
        kept = list(data_dir.glob("journal-before-restore-*.sqlite3"))
        assert len(kept) == 1
        assert any("Restored the journal" in b.text() for b in _visible_boxes())
        # The new window's journal is fully usable, and the writer lock is still ours.
        assert _actions(new_window).backup_action.isEnabled()
    finally:
        for box in _visible_boxes():
            box.close()
        new_window.close()


def test_a_refused_restore_reopens_the_unchanged_journal(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    seed(data_dir, contacts=2, exchanges_each=80)
    bad = BackupService(data_dir).backup_now()
    damage(bad.path)
    window = open_window(data_dir)
    before = digest(journal_path(data_dir))
    new_window = _actions(window).restore(bad.path)
    assert isinstance(new_window, MainWindow)
    qtbot.addWidget(new_window)
    try:
        warnings = [b.text() for b in _visible_boxes()]
        assert any(t.startswith("The backup was not restored") for t in warnings)
        assert any("Your journal is unchanged" in t for t in warnings)
        assert digest(journal_path(data_dir)) == before
        assert _contact_names(new_window) == ["Contact 0", "Contact 1"]
    finally:
        for box in _visible_boxes():
            box.close()
        new_window.close()


def test_the_restore_dialog_without_backups(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    window = open_window(data_dir)
    dialog = RestoreDialog([], data_dir, window)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()


# --- a damaged journal at start-up ----------------------------------------------------


def _damaged_error(data_dir: Path) -> JournalDamagedError:
    with pytest.raises(JournalDamagedError) as raised:
        open_session(data_dir)
    return raised.value


def test_the_prompt_offers_the_newest_good_backup_and_keeps_the_damaged_file(
    qtbot: QtBot, data_dir: Path
) -> None:
    seed(data_dir, contacts=3, exchanges_each=80)
    good = BackupService(data_dir).backup_now()
    damage(journal_path(data_dir))
    damaged_digest = digest(journal_path(data_dir))
    prompt = DamagedJournalPrompt(_damaged_error(data_dir), BackupService(data_dir))
    qtbot.addWidget(prompt.box)
    assert prompt.newest == good
    assert "damaged" in prompt.box.text()
    assert "Restore it?" in prompt.box.informativeText()
    assert prompt.restore_button is not None
    assert prompt.box.defaultButton() is prompt.restore_button
    assert "Page" in prompt.box.detailedText() or "malformed" in prompt.box.detailedText()
    assert prompt.apply(prompt.restore_button) is True
    kept = list(data_dir.glob("journal-damaged-*.sqlite3"))
    assert [digest(k) for k in kept] == [damaged_digest]
    session = open_session(data_dir)
    try:
        assert session.contacts.count() == 3
    finally:
        session.close()


def test_without_a_good_backup_quit_leaves_everything_as_it_is(
    qtbot: QtBot, data_dir: Path
) -> None:
    seed(data_dir, contacts=3, exchanges_each=80)
    damage(journal_path(data_dir))
    damaged_digest = digest(journal_path(data_dir))
    prompt = DamagedJournalPrompt(_damaged_error(data_dir), BackupService(data_dir))
    qtbot.addWidget(prompt.box)
    assert prompt.newest is None
    assert prompt.restore_button is None
    assert prompt.start_new_button is not None
    assert prompt.box.defaultButton() is prompt.quit_button
    assert prompt.apply(prompt.quit_button) is False
    assert digest(journal_path(data_dir)) == damaged_digest


def test_without_a_good_backup_a_fresh_journal_can_start(qtbot: QtBot, data_dir: Path) -> None:
    seed(data_dir, contacts=3, exchanges_each=80)
    damage(journal_path(data_dir))
    damaged_digest = digest(journal_path(data_dir))
    prompt = DamagedJournalPrompt(_damaged_error(data_dir), BackupService(data_dir))
    qtbot.addWidget(prompt.box)
    assert prompt.apply(prompt.start_new_button) is True
    assert [digest(k) for k in data_dir.glob("journal-damaged-*.sqlite3")] == [damaged_digest]
    session = open_session(data_dir)
    try:
        assert session.contacts.count() == 0
    finally:
        session.close()
