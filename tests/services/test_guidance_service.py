"""The guidance service on a real journal: overview and ranking."""

from __future__ import annotations

from datetime import UTC, datetime

from ixcoach_desktop.domain.buffer import ContactHistory, rank_by_buffer_potential
from ixcoach_desktop.services.session import JournalSession


def test_ranking_from_the_trimmed_histories_equals_the_full_computation(
    session: JournalSession,
) -> None:
    session.demo.fill(16, 1_500, seed=7)
    now = datetime.now(UTC)
    full = rank_by_buffer_potential(
        (
            ContactHistory(
                s.id, s.name, session.exchanges.for_contact(s.id), s.contact.cadence_days
            )
            for s in session.contacts.list()
        ),
        now,
    )
    assert session.guidance.ranking() == full


def test_demo_ranking_puts_balanced_deepening_above_one_sided_and_lapsed(
    session: JournalSession,
) -> None:
    session.demo.fill(8, 400, seed=1)
    notes = {s.id: s.contact.notes for s in session.contacts.list()}
    order = [notes[row.contact_id] for row in session.guidance.ranking()]

    def position(fragment: str) -> int:
        return next(i for i, note in enumerate(order) if fragment in note)

    balanced = position("steady, balanced deepening")
    assert balanced < position("one-sided")
    assert balanced < position("lapsed")


def test_overview_holds_history_and_insights(session: JournalSession) -> None:
    session.demo.fill(2, 40, seed=2)
    summary = session.contacts.list()[0]
    overview = session.guidance.overview(summary.id)
    assert len(overview.exchanges) == summary.exchange_count
    assert overview.insights.exchange_count == summary.exchange_count


def test_archived_contacts_are_left_out_of_the_ranking(session: JournalSession) -> None:
    session.demo.fill(3, 30, seed=2)
    first = session.contacts.list()[0]
    session.contacts.archive(first.id)
    assert first.id not in {row.contact_id for row in session.guidance.ranking()}
