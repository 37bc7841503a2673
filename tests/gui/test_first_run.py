"""A first run on sample data: the highlighted person is the one every pane shows."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractItemView, QLabel

from ixcoach_desktop import APP_NAME
from ixcoach_desktop.app import FIRST_FRAME_WAIT_S, ORGANIZATION, create_main_window
from ixcoach_desktop.app import wait_until_loaded as wait_for_first_frame
from ixcoach_desktop.cli import main
from ixcoach_desktop.gui.exchanges.history_model import EXCHANGE_ID_ROLE
from tests.gui.helpers import child, settle


def test_a_fresh_demo_journal_shows_the_highlighted_persons_history_and_chart(
    qtbot: QtBot, data_dir: Path
) -> None:
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME).clear()
    # As the app starts: the window is built, waits briefly for the first
    # person, and is shown whether or not they have arrived.
    window = create_main_window(data_dir)
    qtbot.addWidget(window)
    wait_for_first_frame(window, FIRST_FRAME_WAIT_S)
    window.show()
    settle(qtbot, window)

    contacts = child(window, QAbstractItemView, "contactList")
    highlighted = contacts.currentIndex()
    assert highlighted.isValid()
    name = highlighted.data()
    assert name in child(window, QLabel, "editorHeading").text()
    assert window.chart.figure.axes[0].lines[1].get_label() == name
    assert window.selected.contact is not None
    assert window.selected.contact.name == name
    history = window.history_model
    assert history.rowCount() > 0
    first_row = history.exchange(0)
    assert first_row.contact_id == window.selected.contact_id
    assert history.index(0, 0).data(EXCHANGE_ID_ROLE) == first_row.id
    window.close()
