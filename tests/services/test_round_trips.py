"""Service round trips on a real SQLite file brought up by the migrations."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import (
    Channel,
    DepthLevel,
    Opener,
    Reception,
    RelationshipKind,
    Topic,
)
from ixcoach_desktop.services.errors import InvalidInputError, NotFoundError, ServiceError
from ixcoach_desktop.services.session import JournalSession, open_session
from tests.history import stored_exchange, stored_history


def a_exchange(contact_id: int, days_ago: float = 1, **changes: Any) -> Exchange:
    base = Exchange(
        contact_id=contact_id,
        occurred_at=datetime.now(UTC) - timedelta(days=days_ago),
        my_level=DepthLevel.PERSONAL,
        their_level=DepthLevel.PREFERENCES,
        reception=Reception.SUPPORTIVE,
    )
    return replace(base, **changes)


def test_contact_round_trip_keeps_every_field(session: JournalSession) -> None:
    saved = session.contacts.add(
        Contact(
            "Zoë Ångström",
            kind=RelationshipKind.FAMILY,
            cadence_days=7,
            notes="Sister-in-law; שלום",
            birthday=date(1990, 2, 28),
            vcard_uid="uid-1",
        )
    )
    assert saved.id is not None
    loaded = session.contacts.get(saved.id)
    assert loaded == saved
    assert loaded.created_at is not None
    assert loaded.created_at.tzinfo is not None


def test_exchange_round_trip_keeps_every_field(session: JournalSession) -> None:
    contact = session.contacts.add(Contact("Sam"))
    assert contact.id is not None
    draft = a_exchange(
        contact.id,
        channel=Channel.VIDEO,
        opened_by=Opener.THEM,
        topics=frozenset({Topic.WORK, Topic.BODY}),
        my_emotional=True,
        what_i_shared="the move",
        what_they_shared="their new job",
        notes="long call",
        stress_before=7,
        stress_after=3,
    )
    saved = session.exchanges.log(draft)
    assert saved.id is not None
    assert stored_exchange(session, saved) == saved
    assert saved.topics == {Topic.WORK, Topic.BODY}
    assert saved.occurred_at == draft.occurred_at


def test_history_is_newest_first(session: JournalSession) -> None:
    contact = session.contacts.add(Contact("Sam"))
    assert contact.id is not None
    for days in (5, 1, 3):
        session.exchanges.log(a_exchange(contact.id, days))
    history = stored_history(session, contact.id)
    assert [e.occurred_at for e in history] == sorted(
        (e.occurred_at for e in history), reverse=True
    )


def test_edit_delete_and_restore(session: JournalSession) -> None:
    contact = session.contacts.add(Contact("Sam"))
    assert contact.id is not None
    saved = session.exchanges.log(a_exchange(contact.id))
    assert saved.id is not None
    edited = session.exchanges.edit(replace(saved, their_level=DepthLevel.PERSONAL))
    assert edited.their_level is DepthLevel.PERSONAL
    removed = session.exchanges.delete(saved.id)
    assert stored_history(session, contact.id) == []
    restored = session.exchanges.restore(removed)
    assert restored.id == saved.id
    assert stored_history(session, contact.id) == [restored]
    with pytest.raises(NotFoundError, match=f"no exchange with id {saved.id + 100}"):
        session.exchanges.delete(saved.id + 100)


def _fields(exchange: Exchange) -> dict[str, object]:
    return {name: getattr(exchange, name) for name in exchange.__slots__}


def test_invalid_input_is_refused_with_the_fault_and_nothing_saved(
    session: JournalSession,
) -> None:
    contact = session.contacts.add(Contact("Sam"))
    assert contact.id is not None
    with pytest.raises(InvalidInputError) as caught:
        session.exchanges.log(a_exchange(contact.id, my_level=9))
    assert caught.value.faults[0].field == "my_level"
    with pytest.raises(InvalidInputError, match="name is empty"):
        session.contacts.add(Contact(" "))
    assert session.exchanges.count() == 0
    assert session.contacts.count() == 1


def test_an_exchange_for_a_missing_contact_is_refused(session: JournalSession) -> None:
    with pytest.raises(NotFoundError, match="no contact with id 42"):
        session.exchanges.log(a_exchange(42))


def test_archive_hides_and_unarchive_shows(session: JournalSession) -> None:
    sam = session.contacts.add(Contact("Sam"))
    session.contacts.add(Contact("Ada"))
    assert sam.id is not None
    session.contacts.archive(sam.id)
    assert [s.name for s in session.contacts.list()] == ["Ada"]
    assert [s.name for s in session.contacts.list(include_archived=True)] == ["Ada", "Sam"]
    session.contacts.unarchive(sam.id)
    assert [s.name for s in session.contacts.list()] == ["Ada", "Sam"]


def test_search_ignores_case_and_accents(session: JournalSession) -> None:
    for name in ("Zoë Ångström", "José García", "Ada"):
        session.contacts.add(Contact(name))
    assert [s.name for s in session.contacts.search("zoe ang")] == ["Zoë Ångström"]
    assert [s.name for s in session.contacts.search("GARCIA")] == ["José García"]
    assert len(session.contacts.search("")) == 3


def test_summaries_carry_count_and_last_exchange(session: JournalSession) -> None:
    contact = session.contacts.add(Contact("Sam"))
    assert contact.id is not None
    latest = session.exchanges.log(a_exchange(contact.id, 1))
    session.exchanges.log(a_exchange(contact.id, 9))
    (summary,) = session.contacts.list()
    assert summary.exchange_count == 2
    assert summary.last_exchange_at == latest.occurred_at


def test_data_survives_reopening(session: JournalSession) -> None:
    contact = session.contacts.add(Contact("Sam"))
    assert contact.id is not None
    session.exchanges.log(a_exchange(contact.id))
    session.close()
    reopened = open_session(session.data_dir)
    try:
        assert reopened.exchanges.count() == 1
    finally:
        reopened.close()


def test_demo_refuses_a_non_empty_journal(session: JournalSession) -> None:
    summary = session.demo.fill(6, 120, seed=3)
    assert (summary.contacts, summary.exchanges) == (6, 120)
    with pytest.raises(ServiceError, match="already holds entries"):
        session.demo.fill(6, 120, seed=3)
    assert session.exchanges.count() == 120


def test_demo_is_deterministic_per_seed(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)

    def levels(folder: str) -> list[tuple[str, int, int]]:
        opened = open_session(tmp_path / folder)
        try:
            opened.demo.fill(8, 200, seed=5)
            return [
                (s.name, e.my_level, e.their_level)
                for s in opened.contacts.list()
                for e in stored_history(opened, s.id)
            ]
        finally:
            opened.close()

    assert levels("a") == levels("b")
