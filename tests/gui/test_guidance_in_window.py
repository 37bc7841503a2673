"""Live guidance, insights and the stress-buffer ranking, through the window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QLabel, QSlider, QTableView

from ixcoach_desktop.gui.contacts.list_model import ContactRole, SortKey
from ixcoach_desktop.gui.window.main_window import MainWindow
from ixcoach_desktop.services.session import open_session
from tests.gui.helpers import (
    WindowFactory,
    add_contact,
    child,
    log_exchange,
    select_contact,
)


def guidance(window: MainWindow) -> str:
    return child(window, QLabel, "guidanceText").text()


def test_escalation_warning_appears_and_disappears_with_the_slider(
    qtbot: QtBot, window: MainWindow
) -> None:
    add_contact(qtbot, window, "Sam")
    log_exchange(qtbot, window, 1, 1)
    log_exchange(qtbot, window, 1, 1)
    my_level = child(window, QSlider, "myLevelSlider")
    child(window, QSlider, "theirLevelSlider").setValue(1)
    my_level.setValue(4)
    assert "too quickly" in guidance(window)
    my_level.setValue(2)
    assert "too quickly" not in guidance(window)


def test_level_five_on_a_new_relationship_shows_the_crisis_caution(
    qtbot: QtBot, window: MainWindow
) -> None:
    add_contact(qtbot, window, "Sam")
    child(window, QSlider, "myLevelSlider").setValue(5)
    assert "crisis" in guidance(window)


def test_a_first_exchange_is_encouraged(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Sam")
    child(window, QSlider, "myLevelSlider").setValue(2)
    assert "genuine" in guidance(window)


def test_poor_reception_suggests_slowing_down(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Sam")
    log_exchange(qtbot, window, 3, 3)
    child(window, QSlider, "myLevelSlider").setValue(3)
    child(window, QSlider, "receptionSlider").setValue(1)
    assert "slow down" in guidance(window)


def test_reception_is_disabled_when_i_shared_nothing(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Sam")
    child(window, QSlider, "myLevelSlider").setValue(0)
    assert not child(window, QSlider, "receptionSlider").isEnabled()
    child(window, QSlider, "myLevelSlider").setValue(1)
    assert child(window, QSlider, "receptionSlider").isEnabled()


def test_insights_fill_in_after_a_few_exchanges(qtbot: QtBot, window: MainWindow) -> None:
    add_contact(qtbot, window, "Sam")
    for _ in range(3):
        log_exchange(qtbot, window, 2, 2)
    assert child(window, QLabel, "insightMatchingValue").text() == "100%"
    assert child(window, QLabel, "insightBufferValue").text().endswith("/100")
    assert "Aim for" in child(window, QLabel, "insightNextStepValue").text()


def test_demo_ranking_and_sort_by_buffer_potential(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    session = open_session(data_dir)
    session.demo.fill(8, 400, seed=1)
    session.close()
    window = open_window(data_dir)
    model = window.contact_model
    qtbot.waitUntil(
        lambda: model.index(0, 0).data(ContactRole.BUFFER_POTENTIAL) is not None, timeout=10_000
    )
    window.stress_buffers_action.trigger()
    table = child(window, QTableView, "stressBuffersTable")
    qtbot.waitUntil(lambda: table.model().rowCount() == 8, timeout=10_000)
    window.contacts_pane.set_sort_key(SortKey.BUFFER_POTENTIAL)
    view_model = window.contacts_pane.proxy
    potentials = [
        view_model.index(row, 0).data(ContactRole.BUFFER_POTENTIAL) or -1
        for row in range(view_model.rowCount())
    ]
    assert potentials == sorted(potentials, reverse=True)
    first_ranked = table.model().index(0, 1).data()
    assert view_model.index(0, 0).data() == first_ranked
    select_contact(qtbot, window, first_ranked)
