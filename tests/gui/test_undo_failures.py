"""An undo or redo the journal refuses says so and leaves journal, history and stack agreeing.

The refusal is real: another process holds the journal's write lock, as a
second program writing to it would.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTableView

from ixcoach_desktop.domain.models import Contact, Exchange, utc_now
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.gui.exchanges.undo import JournalUndo
from ixcoach_desktop.services.session import JournalSession
from ixcoach_desktop.storage import engine
from ixcoach_desktop.storage.journal_file import journal_path
from tests.gui.helpers import WindowFactory, add_contact, child, log_exchange, settle
from tests.history import stored_history

# How long a writer waits for the lock before the journal reports itself
# busy: short here, so a refusal takes a moment rather than the app's seconds.
SHORT_BUSY_TIMEOUT_MS = 200

# Takes the journal's write lock as another program's write would, says so,
# and holds it until its standard input closes.
_LOCK_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
connection.rollback()
connection.close()
"""


@contextmanager
def write_lock_held(data_dir: Path) -> Iterator[None]:
    """Another process holds the journal's write lock inside the ``with`` block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _LOCK_HOLDER, str(journal_path(data_dir))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline() == "locked\n"
        yield
    finally:
        holder.stdin.close()
        holder.wait(10)
        holder.stdout.close()


@pytest.fixture(autouse=True)
def _short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    # Read by the engine each time it is created and connects (storage/engine.py).
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", SHORT_BUSY_TIMEOUT_MS)


@pytest.fixture
def contact_id(session: JournalSession) -> int:
    contact = session.contacts.add(Contact(name="Sam"))
    assert contact.id is not None
    return contact.id


def _exchange(contact_id: int, mine: int = 2) -> Exchange:
    return Exchange(
        contact_id=contact_id,
        occurred_at=utc_now(),
        my_level=DepthLevel(mine),
        their_level=DepthLevel.SURFACE,
        reception=Reception.SUPPORTIVE,
    )


def _levels(session: JournalSession, contact_id: int) -> list[int]:
    return [exchange.my_level for exchange in reversed(stored_history(session, contact_id))]


def test_a_refused_undo_of_a_save_changes_nothing_and_can_be_tried_again(
    qtbot: QtBot, data_dir: Path, session: JournalSession, contact_id: int
) -> None:
    undo = JournalUndo(session.exchanges)
    undo.push_log(session.exchanges.log(_exchange(contact_id)))
    with (
        write_lock_held(data_dir),
        qtbot.wait_signal(undo.failed) as refusal,
        qtbot.assert_not_emitted(undo.changed),
    ):
        undo.stack.undo()
    assert "busy" in refusal.args[0]
    assert _levels(session, contact_id) == [2]
    assert (undo.stack.index(), undo.stack.canUndo(), undo.stack.canRedo()) == (1, True, False)

    with qtbot.wait_signal(undo.changed) as change:
        undo.stack.undo()
    assert change.args == [contact_id]
    assert _levels(session, contact_id) == []
    assert (undo.stack.index(), undo.stack.canRedo()) == (0, True)


def test_a_refused_redo_changes_nothing_and_can_be_tried_again(
    qtbot: QtBot, data_dir: Path, session: JournalSession, contact_id: int
) -> None:
    undo = JournalUndo(session.exchanges)
    undo.push_log(session.exchanges.log(_exchange(contact_id)))
    undo.stack.undo()
    with write_lock_held(data_dir), qtbot.wait_signal(undo.failed):
        undo.stack.redo()
    assert _levels(session, contact_id) == []
    assert (undo.stack.index(), undo.stack.canUndo(), undo.stack.canRedo()) == (0, False, True)

    undo.stack.redo()
    assert _levels(session, contact_id) == [2]
    assert undo.stack.index() == 1


def test_a_refused_undo_of_an_edit_keeps_the_edit(
    qtbot: QtBot, data_dir: Path, session: JournalSession, contact_id: int
) -> None:
    undo = JournalUndo(session.exchanges)
    before = session.exchanges.log(_exchange(contact_id, mine=1))
    after = session.exchanges.edit(replace(before, my_level=DepthLevel.CORE))
    undo.push_edit(before, after)
    with write_lock_held(data_dir), qtbot.wait_signal(undo.failed):
        undo.stack.undo()
    assert _levels(session, contact_id) == [5]
    assert undo.stack.index() == 1

    undo.stack.undo()
    assert _levels(session, contact_id) == [1]
    undo.stack.redo()
    assert _levels(session, contact_id) == [5]


def test_a_refused_undo_of_a_delete_leaves_it_deleted(
    qtbot: QtBot, data_dir: Path, session: JournalSession, contact_id: int
) -> None:
    undo = JournalUndo(session.exchanges)
    saved = session.exchanges.log(_exchange(contact_id))
    assert saved.id is not None
    undo.push_delete(session.exchanges.delete(saved.id))
    with write_lock_held(data_dir), qtbot.wait_signal(undo.failed):
        undo.stack.undo()
    assert _levels(session, contact_id) == []
    assert undo.stack.index() == 1

    undo.stack.undo()
    assert _levels(session, contact_id) == [2]


def test_an_undo_refused_for_a_vanished_exchange_is_reported_too(
    qtbot: QtBot, session: JournalSession, contact_id: int
) -> None:
    # Not only a busy journal: any ServiceError (here, the exchange was
    # deleted behind the stack's back) is reported and leaves the stack put.
    undo = JournalUndo(session.exchanges)
    saved = session.exchanges.log(_exchange(contact_id))
    assert saved.id is not None
    undo.push_log(saved)
    session.exchanges.delete(saved.id)
    with qtbot.wait_signal(undo.failed) as refusal:
        undo.stack.undo()
    assert refusal.args[0]
    assert undo.stack.index() == 1
    assert stored_history(session, contact_id) == []


def _history_rows(window: QMainWindow) -> int:
    return child(window, QTableView, "historyTable").model().rowCount()


def _exchanges_in_journal(window: QMainWindow) -> int:
    count: int = window.exchange_count()  # type: ignore[attr-defined]
    return count


def test_a_save_undone_while_another_program_writes_fails_visibly_and_can_be_retried(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    window = open_window(data_dir)
    add_contact(qtbot, window, "Sam")
    log_exchange(qtbot, window, 2, 1)
    undo_action = child(window, QAction, "undoAction")
    assert (_history_rows(window), _exchanges_in_journal(window)) == (1, 1)

    with write_lock_held(data_dir):
        undo_action.trigger()
        qtbot.waitUntil(lambda: "busy" in window.statusBar().currentMessage())
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1
    assert "busy" in boxes[0].text()
    boxes[0].close()
    settle(qtbot, window)
    assert (_history_rows(window), _exchanges_in_journal(window)) == (1, 1)
    assert undo_action.isEnabled()
    assert window.undo_stack.index() == 1

    undo_action.trigger()
    settle(qtbot, window)
    assert (_history_rows(window), _exchanges_in_journal(window)) == (0, 0)
    assert not undo_action.isEnabled()
