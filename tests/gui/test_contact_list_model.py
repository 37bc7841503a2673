"""The contacts list model and pane: order per sort key, filtering and the kept selection."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QPalette

from ixcoach_desktop.domain.keep_in_touch import status_since
from ixcoach_desktop.domain.models import Contact, utc_now
from ixcoach_desktop.gui.contacts.list_model import (
    ContactFilterProxy,
    ContactListModel,
    ContactRole,
    SortKey,
)
from ixcoach_desktop.gui.contacts.pane import OVERDUE_COLOUR, ContactsPane
from ixcoach_desktop.services.contacts import ContactSummary

NOW = utc_now()


def summary(
    contact_id: int,
    name: str,
    days_ago: int | None = None,
    *,
    archived: bool = False,
    cadence_days: int = 14,
) -> ContactSummary:
    last = None if days_ago is None else NOW - timedelta(days=days_ago, hours=1)
    contact = Contact(name, cadence_days=cadence_days, archived=archived, id=contact_id)
    return ContactSummary(
        contact, 0 if last is None else 1, last, status_since(last, cadence_days, NOW)
    )


def activity(days_ago: int) -> tuple[int, datetime]:
    """One exchange, ``days_ago`` days (and an hour) ago: update_activity's arguments."""
    return 1, NOW - timedelta(days=days_ago, hours=1)


def names(model: QAbstractItemModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def ids(model: QAbstractItemModel) -> list[int]:
    return [model.index(row, 0).data(ContactRole.ID) for row in range(model.rowCount())]


# Ties on every key: "Zoë"/"zoe" and "Émile"/"emile" fold alike; Ben and
# Ada share a date; Ada and Cleo share a potential.
CONTACTS = [
    summary(1, "Zoë", 3),
    summary(2, "Ben", 10),
    summary(3, "emile"),
    summary(4, "Ada", 10),
    summary(5, "zoe", 1),
    summary(6, "Émile"),
    summary(7, "Cleo", 30),
]
POTENTIALS: dict[int, int | None] = {1: 40, 2: 0, 3: None, 4: 75, 5: 90, 7: 75}


@pytest.fixture
def model() -> ContactListModel:
    model = ContactListModel()
    model.set_contacts(CONTACTS)
    model.set_potentials(POTENTIALS)
    return model


@pytest.fixture
def pane(qtbot: QtBot, model: ContactListModel) -> ContactsPane:
    pane = ContactsPane(model)
    qtbot.addWidget(pane)
    return pane


def select(pane: ContactsPane, contact_id: int) -> None:
    pane.select_contact(contact_id)
    assert pane.current_contact_id() == contact_id


def selected_ids(pane: ContactsPane) -> list[int]:
    return [i.data(ContactRole.ID) for i in pane.list_view.selectionModel().selectedIndexes()]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # Folded names; equal ones in the order they arrived.
        (SortKey.NAME, [4, 2, 7, 3, 6, 1, 5]),
        # Most recent first, ties by name, never-contacted people last.
        (SortKey.LAST_EXCHANGE, [5, 1, 4, 2, 7, 3, 6]),
        # Highest first, ties by name, those without a potential after 0.
        (SortKey.BUFFER_POTENTIAL, [5, 4, 7, 1, 2, 3, 6]),
    ],
)
def test_rows_follow_the_sort_key_with_ties_by_name_then_arrival(
    model: ContactListModel, key: SortKey, expected: list[int]
) -> None:
    model.set_sort_key(key)
    assert ids(model) == expected
    model.set_contacts(CONTACTS)
    assert ids(model) == expected
    assert [model.row_of(contact_id) for contact_id in expected] == list(range(len(expected)))
    assert [model.summary(row).id for row in range(len(expected))] == expected


def test_the_pane_shows_the_model_order(pane: ContactsPane) -> None:
    assert names(pane.proxy) == ["Ada", "Ben", "Cleo", "emile", "Émile", "Zoë", "zoe"]
    pane.set_sort_key(SortKey.LAST_EXCHANGE)
    assert names(pane.proxy) == ["zoe", "Zoë", "Ada", "Ben", "Cleo", "emile", "Émile"]
    assert pane.proxy.sortColumn() == -1


def test_a_sort_key_change_keeps_the_selection(qtbot: QtBot, pane: ContactsPane) -> None:
    select(pane, 2)
    with qtbot.assert_not_emitted(pane.contact_selected):
        pane.set_sort_key(SortKey.BUFFER_POTENTIAL)
    assert pane.proxy.index(4, 0).data() == "Ben"
    assert pane.current_contact_id() == 2
    assert selected_ids(pane) == [2]


def test_new_activity_moves_the_row_and_keeps_the_selection(
    qtbot: QtBot, pane: ContactsPane, model: ContactListModel
) -> None:
    pane.set_sort_key(SortKey.LAST_EXCHANGE)
    select(pane, 7)
    with qtbot.wait_signal(model.layoutChanged), qtbot.assert_not_emitted(pane.contact_selected):
        model.update_activity(7, 2, NOW - timedelta(hours=1))
    assert ids(pane.proxy) == [7, 5, 1, 4, 2, 3, 6]
    assert pane.current_contact_id() == 7
    assert selected_ids(pane) == [7]
    cleo = model.summary_for(7)
    assert cleo is not None
    assert cleo.exchange_count == 2
    assert model.index(0, 0).data(ContactRole.LAST_EXCHANGE) == NOW - timedelta(hours=1)
    # Back to no exchanges at all: last in the list, after the other never-contacted.
    model.update_activity(7, 0, None)
    assert ids(pane.proxy) == [5, 1, 4, 2, 7, 3, 6]
    assert pane.current_contact_id() == 7


def test_activity_that_keeps_the_order_moves_nothing(qtbot: QtBot, model: ContactListModel) -> None:
    model.set_sort_key(SortKey.LAST_EXCHANGE)
    with (
        qtbot.assert_not_emitted(model.layoutChanged),
        qtbot.wait_signal(model.dataChanged),
    ):
        model.update_activity(4, *activity(10))
    model.set_sort_key(SortKey.NAME)
    with qtbot.assert_not_emitted(model.layoutChanged):
        model.update_activity(4, *activity(0))
    model.update_activity(99, *activity(0))
    assert ids(model) == [4, 2, 7, 3, 6, 1, 5]


def test_new_potentials_reorder_when_sorted_by_them(
    qtbot: QtBot, pane: ContactsPane, model: ContactListModel
) -> None:
    pane.set_sort_key(SortKey.BUFFER_POTENTIAL)
    select(pane, 1)
    with qtbot.assert_not_emitted(pane.contact_selected):
        model.set_potentials({1: 100, 6: 5})
    assert ids(pane.proxy) == [1, 6, 4, 2, 7, 3, 5]
    assert pane.current_contact_id() == 1
    assert model.index(0, 0).data(ContactRole.BUFFER_POTENTIAL) == 100
    pane.set_sort_key(SortKey.NAME)
    with qtbot.assert_not_emitted(model.layoutChanged):
        model.set_potentials(POTENTIALS)


def test_search_ignores_case_and_accents_and_keeps_the_order(
    pane: ContactsPane, model: ContactListModel
) -> None:
    pane.search.setText(" EMILE ")
    assert names(pane.proxy) == ["emile", "Émile"]
    pane.search.setText("zo")
    assert names(pane.proxy) == ["Zoë", "zoe"]
    # Rows move under a standing search; the matches must follow them.
    pane.set_sort_key(SortKey.LAST_EXCHANGE)
    assert names(pane.proxy) == ["zoe", "Zoë"]
    model.update_activity(1, *activity(0))
    assert names(pane.proxy) == ["Zoë", "zoe"]
    model.set_contacts([*CONTACTS, summary(8, "Zoltan", 0)])
    assert names(pane.proxy) == ["Zoltan", "zoe", "Zoë"]
    pane.search.setText("nobody")
    assert pane.proxy.rowCount() == 0
    assert pane.stack.currentWidget() is pane.no_match_label
    pane.search.clear()
    assert pane.proxy.rowCount() == 8
    assert pane.stack.currentWidget() is pane.list_view


def test_search_keeps_the_shown_contact_selected(qtbot: QtBot, pane: ContactsPane) -> None:
    select(pane, 4)
    with qtbot.assert_not_emitted(pane.contact_selected):
        pane.search.setText("b")
        assert names(pane.proxy) == ["Ben"]
        assert pane.current_contact_id() is None
        pane.set_sort_key(SortKey.LAST_EXCHANGE)
        pane.search.clear()
    assert pane.current_contact_id() == 4
    assert selected_ids(pane) == [4]


@pytest.mark.usefixtures("qapp")
def test_roles_badges_and_tooltips() -> None:
    model = ContactListModel()
    model.set_contacts(
        [
            summary(1, "Due", 14),
            summary(2, "Overdue", 21),
            summary(3, "Fine", 2),
            summary(4, "Gone", archived=True),
        ]
    )
    model.set_potentials({1: 60})
    by_name = {model.index(row, 0).data(): model.index(row, 0) for row in range(4)}
    assert {name: index.data(ContactRole.BADGE) for name, index in by_name.items()} == {
        "Due": "due",
        "Overdue": "overdue",
        "Fine": "",
        "Gone": "",
    }
    assert by_name["Gone"].data(ContactRole.ARCHIVED) is True
    assert by_name["Gone"].data(Qt.ItemDataRole.ToolTipRole).endswith("\nArchived")
    assert "No exchanges logged yet" in by_name["Gone"].data(Qt.ItemDataRole.ToolTipRole)
    due_tip = by_name["Due"].data(Qt.ItemDataRole.ToolTipRole)
    assert due_tip.startswith("Due\n1 exchanges, last on ")
    assert due_tip.endswith("\nBuffer potential 60/100")
    assert by_name["Fine"].data(ContactRole.FOLDED_NAME) == "fine"
    assert by_name["Fine"].data(ContactRole.BUFFER_POTENTIAL) is None
    assert model.index(9, 0).data() is None


def _exercise(model: ContactListModel, proxy: ContactFilterProxy) -> None:
    for key in (SortKey.LAST_EXCHANGE, SortKey.BUFFER_POTENTIAL, SortKey.NAME):
        model.set_sort_key(key)
        proxy.set_search_text("e")
    model.set_sort_key(SortKey.LAST_EXCHANGE)
    model.update_activity(6, *activity(0))
    model.set_potentials({6: 1})
    proxy.set_search_text("")
    model.set_contacts(CONTACTS[:3])
    model.set_contacts([])


@pytest.mark.parametrize("checked", ["source", "proxy"])
def test_models_pass_the_model_tester(
    qtmodeltester: ModelTester, model: ContactListModel, checked: str
) -> None:
    proxy = ContactFilterProxy()
    proxy.setSourceModel(model)
    # A current row, so every re-sort has persistent indexes to carry along.
    selection = QItemSelectionModel(proxy)
    selection.setCurrentIndex(proxy.index(2, 0), QItemSelectionModel.SelectionFlag.Select)
    qtmodeltester.check(model if checked == "source" else proxy)
    # The tester goes on watching the model it checked while rows move and filter.
    _exercise(model, proxy)
    model.set_contacts(CONTACTS)
    qtmodeltester.check(model if checked == "source" else proxy)


def test_a_thousand_contacts_load_in_order(model: ContactListModel) -> None:
    many = [
        summary(i, f"Person {i % 97:02d}", None if i % 5 == 0 else i % 40) for i in range(1, 1001)
    ]
    model.set_sort_key(SortKey.LAST_EXCHANGE)
    model.set_contacts(many)
    rows = [model.summary(row) for row in range(model.rowCount())]
    keys = [
        (math.inf if s.last_exchange_at is None else -s.last_exchange_at.timestamp(), s.name, s.id)
        for s in rows
    ]
    assert keys == sorted(keys)
    assert len(keys) == 1000


def test_a_selected_rows_badge_is_drawn_in_the_highlighted_text_colour(qtbot: QtBot) -> None:
    model = ContactListModel()
    model.set_contacts([summary(1, "Ada", 40), summary(2, "Ben", 40)])
    pane = ContactsPane(model)
    qtbot.addWidget(pane)
    palette = pane.list_view.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("black"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#00ff00"))
    pane.list_view.setPalette(palette)
    pane.resize(320, 300)
    pane.show()
    pane.select_contact(1)

    def badge_colours(row: int) -> set[tuple[int, int, int]]:
        rect = pane.list_view.visualRect(pane.proxy.index(row, 0))
        image = pane.list_view.viewport().grab(rect.adjusted(rect.width() - 80, 0, 0, 0))
        frame = image.toImage()
        pixels = (
            frame.pixelColor(x, y) for x in range(frame.width()) for y in range(frame.height())
        )
        return {(c.red(), c.green(), c.blue()) for c in pixels}

    def has(colours: set[tuple[int, int, int]], colour: str) -> bool:
        wanted = QColor(colour)
        return any(
            max(abs(r - wanted.red()), abs(g - wanted.green()), abs(b - wanted.blue())) < 40
            for r, g, b in colours
        )

    assert names(pane.proxy) == ["Ada", "Ben"]
    selected, other = badge_colours(0), badge_colours(1)
    assert has(selected, "#00ff00")
    assert not has(selected, OVERDUE_COLOUR)
    assert has(other, OVERDUE_COLOUR)
    assert not has(other, "#00ff00")
