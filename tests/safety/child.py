"""Child processes for the safety tests: a real window, or a second launch, in its own process.

Usage: ``python -m tests.safety.child MODE DATA_DIR [ARG]``

``save DATA_DIR FIRST_MARKER``
    Drives the real window: selects the first contact and saves one exchange
    after another through the editor's widgets and the Save button, as a
    user would. Each exchange's notes carry a unique marker that identifies
    it in the journal. After each save the window reports as done (the
    editor was reset, the status bar says "Saved"), the child prints
    ``saved <marker>`` and flushes, so the parent knows exactly what the
    window claimed to have saved when it kills this process. (The history
    reloads off the UI thread, so the marker, not a history row, identifies
    the save.) Runs until killed; exits with a message if a save is refused.

``window DATA_DIR``
    Opens the real window on the journal (taking the writer lock), prints
    ``ready``, and keeps it open until its standard input closes.

``type DATA_DIR``
    A real exchange editor with its DraftKeeper (no journal needed): types
    into the notes of contact 1 one word at a time, and after each word
    that the keeper has written to disk prints ``kept <words>``. Runs until
    killed.

``lock DATA_DIR WRITER``
    Takes the writer lock as a command named WRITER would, prints ``ready``,
    and holds it until standard input closes.

``claim DATA_DIR``
    Claims the folder as a second launch would (SingleInstance), prints the
    claim, and if it is the window, serves activation requests, printing
    ``activated`` for each, until standard input closes.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QObject

os.environ["QT_QPA_PLATFORM"] = "offscreen"

# Each mode imports only what it needs: the window's imports (Matplotlib,
# SQLAlchemy) take a second, and the tests start many of these children.

T = TypeVar("T", bound="QObject")


def _child(parent: QObject, kind: type[T], name: str) -> T:
    found = parent.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


def save_forever(data_dir: Path, first_marker: int) -> None:
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QApplication,
        QPlainTextEdit,
        QPushButton,
        QSlider,
    )

    from ixcoach_desktop.app import create_main_window

    window = create_main_window(data_dir)
    contacts = _child(window, QAbstractItemView, "contactList")
    notes = _child(window, QPlainTextEdit, "exchangeNotes")
    mine = _child(window, QSlider, "myLevelSlider")
    theirs = _child(window, QSlider, "theirLevelSlider")
    save = _child(window, QPushButton, "saveExchangeButton")
    window.show()
    contacts.setCurrentIndex(contacts.model().index(0, 0))
    print("ready", flush=True)
    marker = first_marker
    while True:
        notes.setPlainText(f"kill-test {marker}")
        mine.setValue(marker % 6)
        theirs.setValue((marker + 1) % 6)
        save.click()
        status = window.statusBar().currentMessage()
        if notes.toPlainText() or not status.startswith("Saved"):
            raise SystemExit(f"the window did not report save {marker}: {status!r}")
        print(f"saved {marker}", flush=True)
        QApplication.processEvents()
        marker += 1


def type_forever(data_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from ixcoach_desktop.gui.exchanges.draft_keeper import SAVE_DELAY_MS, DraftKeeper
    from ixcoach_desktop.gui.exchanges.editor import ExchangeEditor
    from ixcoach_desktop.services.drafts import DraftService

    app = QApplication([])
    editor = ExchangeEditor()
    keeper = DraftKeeper(editor, DraftService(data_dir))
    editor.set_contact(1, "Sam")
    keeper.contact_opened(1, "Sam")
    print("ready", flush=True)
    words = 0
    while True:
        words += 1
        editor.notes.setPlainText(" ".join(f"word{n}" for n in range(1, words + 1)))
        deadline = time.monotonic() + (SAVE_DELAY_MS + 200) / 1000
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        print(f"kept {words}", flush=True)


def _run_until_stdin_closes(app: QCoreApplication) -> None:
    from PySide6.QtCore import QSocketNotifier

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def on_stdin() -> None:
        if not os.read(sys.stdin.fileno(), 1024):
            app.quit()

    notifier.activated.connect(on_stdin)
    app.exec()


def hold_window(data_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from ixcoach_desktop.app import create_main_window

    window = create_main_window(data_dir)
    print("ready", flush=True)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    _run_until_stdin_closes(app)
    window.close()


def claim(data_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from ixcoach_desktop.gui.runtime.single_instance import Claim, SingleInstance

    app = QApplication([])
    instance = SingleInstance(data_dir)
    outcome = instance.claim()
    print(outcome.value, flush=True)
    if outcome is not Claim.PROCEED:
        return
    instance.activation_requested.connect(lambda: print("activated", flush=True))
    _run_until_stdin_closes(app)
    instance.release()


if __name__ == "__main__":
    mode, folder = sys.argv[1], Path(sys.argv[2])
    if mode == "save":
        save_forever(folder, int(sys.argv[3]))
    elif mode == "window":
        hold_window(folder)
    elif mode == "type":
        type_forever(folder)
    elif mode == "lock":
        from ixcoach_desktop.services.instance_lock import acquire_writer_lock

        with acquire_writer_lock(folder, sys.argv[3]):
            print("ready", flush=True)
            sys.stdin.read()
    elif mode == "claim":
        claim(folder)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
