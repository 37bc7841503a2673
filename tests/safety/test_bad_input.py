"""The catalogue of bad input (docs/reliability.md): every field's invalid values, odd text,
extreme dates and concurrent saves, through the services. Each refusal names the field and
saves nothing; each odd-but-valid value round-trips exactly."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.domain.validation import NAME_MAX_CHARS, TEXT_MAX_CHARS
from ixcoach_desktop.services.errors import InvalidInputError, NotFoundError, ServiceError
from ixcoach_desktop.services.session import JournalSession, open_session
from tests.history import stored_exchange, stored_history

NOW = datetime.now(UTC)
# Hebrew between right-to-left marks, an em dash, and Arabic.
RTL = "\u200fשרה כהן\u200f — مرحبا بالعالم"
CONTROL = "tab\there, bell \x07, escape \x1b[31m, form feed \x0c, DEL \x7f, newline\nend"


@pytest.fixture
def contact_id(session: JournalSession) -> int:
    saved = session.contacts.add(Contact(name="Sam"))
    assert saved.id is not None
    return saved.id


def _exchange(contact_id: int, **changes: Any) -> Exchange:
    base = Exchange(
        contact_id=contact_id,
        occurred_at=NOW - timedelta(hours=1),
        my_level=DepthLevel.PERSONAL,
        their_level=DepthLevel.PERSONAL,
        reception=Reception.SUPPORTIVE,
    )
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "The name is empty"),
        ({"name": "   \t "}, "name", "The name is empty"),
        ({"name": "x" * (NAME_MAX_CHARS + 1)}, "name", "the limit is 200"),
        ({"name": "Sam\x07"}, "name", "control characters"),
        ({"name": "Sam\nSmith"}, "name", "control characters"),
        ({"name": "Sam\x00"}, "name", "control characters"),
        ({"cadence_days": 0}, "cadence_days", "between 1 and 365"),
        ({"cadence_days": -3}, "cadence_days", "between 1 and 365"),
        ({"cadence_days": 366}, "cadence_days", "between 1 and 365"),
        ({"notes": "x" * (TEXT_MAX_CHARS + 1)}, "notes", "the limit is 20,000"),
        ({"notes": "a\x00b"}, "notes", "NUL"),
        ({"birthday": date(1899, 12, 31)}, "birthday", "before 1900"),
    ],
)
def test_invalid_contacts_are_refused_and_nothing_is_saved(
    session: JournalSession, changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        session.contacts.add(replace(Contact(name="Sam"), **changes))
    assert [f.field for f in refused.value.faults] == [field]
    assert message in str(refused.value)
    assert session.contacts.count() == 0


def _bad_level(value: int) -> DepthLevel:
    # What a corrupted import or a bug could hand over: not a member of the scale.
    return cast(DepthLevel, value)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"my_level": _bad_level(-1)}, "my_level", "between 0 and 5, not -1"),
        ({"my_level": _bad_level(6)}, "my_level", "between 0 and 5, not 6"),
        ({"their_level": _bad_level(99)}, "their_level", "between 0 and 5, not 99"),
        ({"reception": cast(Reception, 0)}, "reception", "between 1 and 5, not 0"),
        ({"reception": cast(Reception, 6)}, "reception", "between 1 and 5, not 6"),
        ({"stress_before": -1}, "stress_before", "between 0 and 10, not -1"),
        ({"stress_after": 11}, "stress_after", "between 0 and 10, not 11"),
        ({"occurred_at": datetime(2020, 1, 1)}, "occurred_at", "no time zone"),
        ({"occurred_at": NOW + timedelta(days=1)}, "occurred_at", "in the future"),
        ({"occurred_at": datetime(9999, 12, 31, tzinfo=UTC)}, "occurred_at", "in the future"),
        ({"occurred_at": datetime(1899, 12, 31, tzinfo=UTC)}, "occurred_at", "before 1900"),
        ({"occurred_at": datetime(1, 1, 1, tzinfo=UTC)}, "occurred_at", "before 1900"),
        ({"notes": "x" * (TEXT_MAX_CHARS + 1)}, "notes", "the limit is 20,000"),
        ({"what_i_shared": "y" * 1_000_000}, "what_i_shared", "1,000,000 characters"),
        ({"what_they_shared": "z\x00"}, "what_they_shared", "NUL"),
    ],
)
def test_invalid_exchanges_are_refused_and_nothing_is_saved(
    session: JournalSession,
    contact_id: int,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        session.exchanges.log(_exchange(contact_id, **changes))
    assert field in [f.field for f in refused.value.faults]
    assert message in str(refused.value)
    assert session.exchanges.count() == 0


def test_an_exchange_of_a_contact_that_does_not_exist(session: JournalSession) -> None:
    with pytest.raises(NotFoundError, match="no contact with id 4242"):
        session.exchanges.log(_exchange(4242))
    assert session.exchanges.count() == 0


@pytest.mark.parametrize(
    "text",
    [
        RTL,
        CONTROL,
        "emoji 👩🏽‍🔬 and combining e\u0301 and zero-width\u200bspace",
        "\u202eright-to-left override",
        "'; DROP TABLE exchanges; --",
        "x" * TEXT_MAX_CHARS,
    ],
    ids=["rtl", "control", "emoji", "override", "sql", "longest"],
)
def test_odd_but_valid_text_round_trips_exactly(
    session: JournalSession, contact_id: int, text: str
) -> None:
    saved = session.exchanges.log(
        _exchange(contact_id, notes=text, what_i_shared=text, what_they_shared=text)
    )
    assert saved.id is not None
    again = stored_exchange(session, saved)
    assert (again.notes, again.what_i_shared, again.what_they_shared) == (text, text, text)


@pytest.mark.parametrize(
    "name", [RTL, "Zoë Ångström-Łukasiewicz", "李小龍", "O'Brien; --", "x" * 200]
)
def test_odd_but_valid_names_round_trip(session: JournalSession, name: str) -> None:
    saved = session.contacts.add(Contact(name=name, notes=CONTROL))
    assert saved.id is not None
    again = session.contacts.get(saved.id)
    assert (again.name, again.notes) == (name, CONTROL)
    assert [s.name for s in session.contacts.search(name[:3])] == [name]


def test_the_oldest_and_newest_accepted_dates(session: JournalSession, contact_id: int) -> None:
    oldest = session.exchanges.log(
        _exchange(contact_id, occurred_at=datetime(1900, 1, 1, tzinfo=UTC))
    )
    # A call that is just ending: a few minutes of clock skew are tolerated.
    newest = session.exchanges.log(_exchange(contact_id, occurred_at=NOW + timedelta(minutes=4)))
    listed = stored_history(session, contact_id)
    assert [e.id for e in listed] == [newest.id, oldest.id]
    assert listed[-1].occurred_at == datetime(1900, 1, 1, tzinfo=UTC)


def test_an_unpaired_surrogate_is_refused_with_a_message(
    session: JournalSession, contact_id: int
) -> None:
    with pytest.raises(ServiceError, match="Notes contains broken characters"):
        session.exchanges.log(_exchange(contact_id, notes="broken \udc80 text"))
    with pytest.raises(ServiceError, match="name contains broken characters"):
        session.contacts.add(Contact("Sam \ud800"))
    assert stored_history(session, contact_id) == []


def test_concurrent_saves_from_two_threads_all_land(
    session: JournalSession, contact_id: int
) -> None:
    per_thread = 25
    saved_ids: list[int] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def save_many(thread: int) -> None:
        start.wait()
        try:
            for number in range(per_thread):
                saved = session.exchanges.log(_exchange(contact_id, notes=f"{thread}-{number}"))
                assert saved.id is not None
                with lock:
                    saved_ids.append(saved.id)
        except BaseException as error:  # reported below; a thread cannot fail the test
            failures.append(error)

    threads = [threading.Thread(target=save_many, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert len(set(saved_ids)) == 2 * per_thread
    stored = {e.notes for e in stored_history(session, contact_id)}
    assert stored == {f"{t}-{n}" for t in range(2) for n in range(per_thread)}


def test_concurrent_saves_from_two_sessions_all_land(data_dir: Path, contact_id: int) -> None:
    """Two journals open on the same file in one process (the window and a restore, say)."""
    sessions = [open_session(data_dir), open_session(data_dir)]
    try:
        errors: list[BaseException] = []

        def save(which: int) -> None:
            try:
                for number in range(15):
                    sessions[which].exchanges.log(
                        _exchange(contact_id, notes=f"session {which} #{number}")
                    )
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert sessions[0].exchanges.count() == 30
    finally:
        for opened in sessions:
            opened.close()
