"""The stress effect in the window on demo data: the card, the Stress tab, map, reminder."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from matplotlib.backend_bases import MouseButton, MouseEvent
from PySide6.QtWidgets import QDialog, QFrame, QLabel, QTabWidget

from ixcoach_desktop.cli import main
from ixcoach_desktop.domain.stress import StressBand
from ixcoach_desktop.gui.chart.stress_chart import StressChart
from ixcoach_desktop.gui.contacts.buffer_map import BufferMap
from ixcoach_desktop.gui.exchanges.fields import stress_reminder
from ixcoach_desktop.gui.window.main_window import MainWindow
from tests.gui.helpers import WindowFactory, child, settle


def _demo_window(qtbot: QtBot, open_window: WindowFactory, data_dir: Path) -> MainWindow:
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    window = open_window(data_dir)
    qtbot.waitUntil(lambda: window.ranking.stress is not None, timeout=10_000)
    return window


def _select(qtbot: QtBot, window: MainWindow, band: StressBand) -> int:
    stress = window.ranking.stress
    assert stress is not None
    contact_id = next(cid for cid, person in stress.people.items() if person.overall.band is band)
    window.contacts_pane.select_contact(contact_id)
    settle(qtbot, window)
    return contact_id


def test_the_stress_card_shows_the_band_and_its_logs(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    window = _demo_window(qtbot, open_window, data_dir)
    _select(qtbot, window, StressBand.LOWER)
    card = child(window, QFrame, "stressEffectCard")
    assert child(card, QLabel, "stressEffectCardValue").text() == "calmer after"
    assert " after talks · " in child(card, QLabel, "stressEffectCardNote").text()
    assert "not proof of cause" in card.toolTip()
    _select(qtbot, window, StressBand.NOT_ENOUGH_DATA)
    note = child(card, QLabel, "stressEffectCardNote").text()
    assert note.startswith("not enough data yet: ")


def test_the_stress_tab_draws_the_selected_persons_logs_and_effect(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    window = _demo_window(qtbot, open_window, data_dir)
    contact_id = _select(qtbot, window, StressBand.HIGHER)
    tabs = child(window, QTabWidget, "chartTabs")
    assert [tabs.tabText(i).replace("&", "") for i in range(tabs.count())] == [
        "Reciprocity",
        "Stress",
    ]
    tabs.setCurrentIndex(1)
    chart = child(window, StressChart, "stressChart")
    qtbot.waitUntil(chart.isVisible)
    stress = window.ranking.stress
    assert stress is not None
    # Read when the tab comes into view, not with every change of person.
    logs = stress.of(contact_id).overall.logs
    qtbot.waitUntil(lambda: len(chart.entries) == logs)
    assert chart.band_text() == "higher after"
    assert chart.axes.collections  # the before → after segments and their marks


def test_the_buffers_dialog_opens_on_the_map_and_a_click_opens_a_person(
    qtbot: QtBot, open_window: WindowFactory, data_dir: Path
) -> None:
    window = _demo_window(qtbot, open_window, data_dir)
    window.stress_buffers_action.trigger()
    dialog = child(window, QDialog, "stressBuffersDialog")
    qtbot.waitUntil(dialog.isVisible)
    buffer_map = child(dialog, BufferMap, "bufferMap")
    qtbot.waitUntil(lambda: bool(buffer_map.points))
    bands = {point.band for point in buffer_map.points}
    assert StressBand.LOWER in bands
    assert StressBand.HIGHER in bands
    target = buffer_map.points[0]
    buffer_map.canvas.draw()
    x, y = buffer_map.axes.transData.transform((target.depth, target.potential))
    assert buffer_map.point_at(x, y) == target
    with qtbot.wait_signal(buffer_map.contact_activated) as activated:
        _press(buffer_map, x, y)
    assert activated.args == [target.contact_id]
    settle(qtbot, window)
    assert window.selected.contact_id == target.contact_id


def _press(buffer_map: BufferMap, x: float, y: float) -> None:
    event = MouseEvent(
        "button_press_event", buffer_map.canvas, round(x), round(y), MouseButton.LEFT
    )
    buffer_map.canvas.callbacks.process(event.name, event)


def test_the_editor_reminds_gently_and_never_blocks(window: MainWindow) -> None:
    assert stress_reminder(8, None).startswith("A stressful moment")
    assert stress_reminder(None, 7) != ""
    assert stress_reminder(3, None) == ""
    assert stress_reminder(8, 4) == ""
    editor = window.editor
    editor.stress_before.setValue(8)
    assert not editor.stress_reminder.isHidden()
    editor.stress_after.setValue(5)
    assert editor.stress_reminder.isHidden()
