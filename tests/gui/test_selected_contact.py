"""The presenter of the selected contact: the chart first, then the rest, and no stale reads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from ixcoach_desktop.domain.models import Contact, Exchange, utc_now
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.gui.chart import ChartSeries
from ixcoach_desktop.gui.runtime.tasks import TaskRunner
from ixcoach_desktop.gui.window.selected_contact import ContactView, SelectedContact
from ixcoach_desktop.services.session import JournalSession


def _log(
    session: JournalSession, contact_id: int, level: DepthLevel, stress: tuple[int, int]
) -> Exchange:
    before, after = stress
    return session.exchanges.log(
        Exchange(
            contact_id=contact_id,
            occurred_at=utc_now(),
            my_level=level,
            their_level=level,
            reception=Reception.SUPPORTIVE,
            stress_before=before,
            stress_after=after,
        )
    )


def _person(session: JournalSession, name: str, exchanges: int) -> Contact:
    contact = session.contacts.add(Contact(name=name))
    assert contact.id is not None
    for _ in range(exchanges):
        _log(session, contact.id, DepthLevel.PERSONAL, (6, 3))
    return contact


@pytest.fixture
def presenter(qapp: QApplication, session: JournalSession) -> Iterator[SelectedContact]:
    runner = TaskRunner(qapp, name="test-load")
    selected = SelectedContact(session.guidance, runner)
    yield selected
    selected.shutdown()
    runner.shutdown()


def test_the_chart_arrives_first_and_the_rest_follows(
    qtbot: QtBot, session: JournalSession, presenter: SelectedContact
) -> None:
    sam = _person(session, "Sam", 3)
    seen: list[tuple[str, bool]] = []
    presenter.charted.connect(lambda _series: seen.append(("charted", presenter.loading)))
    presenter.shown.connect(lambda _view: seen.append(("shown", presenter.loading)))
    with qtbot.waitSignal(presenter.loaded, timeout=10_000):
        presenter.select(sam)
    assert seen == [("charted", True), ("shown", False)]
    assert len(presenter.points) == 3


def test_a_newer_selection_drops_the_older_read(
    qtbot: QtBot, session: JournalSession, presenter: SelectedContact
) -> None:
    sam, ada = _person(session, "Sam", 2), _person(session, "Ada", 1)
    charted: list[str] = []
    shown: list[str] = []
    presenter.charted.connect(lambda series: charted.append(series.name))
    presenter.shown.connect(lambda view: shown.append(view.contact.name))
    presenter.select(sam)
    with qtbot.waitSignal(presenter.loaded, timeout=10_000):
        presenter.select(ada)
    qtbot.wait(50)  # anything still queued for Sam would have arrived by now
    assert shown == ["Ada"]
    assert charted[-1] == "Ada"
    assert presenter.contact == ada


def test_stress_logs_are_read_only_when_asked_for_and_follow_a_save(
    qtbot: QtBot, session: JournalSession, presenter: SelectedContact
) -> None:
    sam = _person(session, "Sam", 2)
    logged: list[int] = []
    presenter.stress_logged.connect(lambda entries: logged.append(len(entries)))
    with qtbot.waitSignal(presenter.loaded, timeout=10_000):
        presenter.select(sam)
    assert logged == []
    with qtbot.waitSignal(presenter.stress_logged, timeout=10_000):
        presenter.want_stress_entries()
    assert sam.id is not None
    saved = _log(session, sam.id, DepthLevel.SURFACE, (8, 5))
    views: list[ContactView] = []
    series: list[ChartSeries] = []
    presenter.charted.connect(series.append)
    presenter.shown.connect(views.append)
    with qtbot.waitSignal(presenter.loaded, timeout=10_000):
        presenter.saved(saved, None)
    assert logged == [2, 3]
    assert len(series[-1].x) == 3
    assert views[-1].latest is None  # the history table was updated by the caller
    assert views[-1].insights.exchange_count == 3
