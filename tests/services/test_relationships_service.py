"""The guidance service on a real journal: overview and ranking."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ixcoach_desktop.domain.buffer import ContactHistory, rank_by_buffer_potential
from ixcoach_desktop.domain.insights import relationship_insights
from ixcoach_desktop.domain.models import Contact, Exchange, point_of
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.services import relationships
from ixcoach_desktop.services.session import JournalSession, open_session
from tests.history import stored_history

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_ranking_from_the_trimmed_histories_equals_the_full_computation(
    session: JournalSession,
) -> None:
    session.demo.fill(16, 1_500, seed=7)
    now = datetime.now(UTC)
    full = rank_by_buffer_potential(
        (
            ContactHistory(s.id, s.name, stored_history(session, s.id), s.contact.cadence_days)
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
    full = stored_history(session, summary.id)
    assert overview.latest == full
    assert overview.complete
    assert overview.points == [point_of(e) for e in reversed(full)]
    assert overview.exchange_count == overview.insights.exchange_count == summary.exchange_count
    from_full = relationship_insights(full, summary.contact.cadence_days, NOW)
    assert (overview.insights.openings, overview.insights.breadth, overview.insights.next_step) == (
        from_full.openings,
        from_full.breadth,
        from_full.next_step,
    )


def test_a_long_history_comes_in_pages_that_cover_it_exactly_once(data_dir: Path) -> None:
    session = open_session(data_dir, lambda: NOW)
    try:
        contact = session.contacts.add(Contact("Ana"))
        assert contact.id is not None
        # Pairs logged at the same instant: pages must not split or repeat a tie.
        for day in range(13):
            for level in (DepthLevel.SURFACE, DepthLevel.PERSONAL):
                session.exchanges.log(
                    Exchange(contact.id, NOW - timedelta(days=day), level, level, None)
                )
        full = stored_history(session, contact.id)
        overview = session.guidance.overview(contact.id, history_rows=5)
        assert overview.latest == full[:5]
        assert not overview.complete
        assert overview.exchange_count == 26
        shown = list(overview.latest)
        while page := session.guidance.history_page(contact.id, shown[-1], 5):
            assert len(page) <= 5
            shown += page
        assert shown == full
        # Asking for more rows reads them.
        assert session.guidance.overview(contact.id, history_rows=8).latest == full[:8]
    finally:
        session.close()


def test_archived_contacts_are_left_out_of_the_ranking(session: JournalSession) -> None:
    session.demo.fill(3, 30, seed=2)
    first = session.contacts.list()[0]
    session.contacts.archive(first.id)
    assert first.id not in {row.contact_id for row in session.guidance.ranking()}


class _Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_an_overview_follows_the_clock_and_every_write(
    data_dir: Path,
) -> None:
    clock = _Clock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    session = open_session(data_dir, clock)
    try:
        contact = session.contacts.add(Contact("Ana", cadence_days=7))
        assert contact.id is not None
        session.exchanges.log(
            Exchange(
                contact.id,
                clock.now - timedelta(days=1),
                DepthLevel.PREFERENCES,
                DepthLevel.PREFERENCES,
                Reception.SUPPORTIVE,
            )
        )
        first = session.guidance.overview(contact.id)

        clock.now += timedelta(days=10)
        later = session.guidance.overview(contact.id)
        assert later is not first
        assert later.insights.keep_in_touch != first.insights.keep_in_touch

        session.exchanges.log(
            Exchange(
                contact.id, clock.now, DepthLevel.SURFACE, DepthLevel.SURFACE, Reception.SUPPORTIVE
            )
        )
        after_save = session.guidance.overview(contact.id)
        assert len(after_save.latest) == after_save.exchange_count == 2
        assert after_save.insights.exchange_count == 2
    finally:
        session.close()


def test_long_histories_are_cached_until_the_next_write(
    session: JournalSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relationships, "LONG_HISTORY", 30)
    session.demo.fill(4, 160, seed=4)
    summaries = session.contacts.list()
    long_ones = [s for s in summaries if s.exchange_count >= 30]
    assert 0 < len(long_ones) < len(summaries)
    assert session.guidance.cache_long_histories() == len(long_ones)
    contact = long_ones[0]
    first = session.guidance.overview(contact.id, history_rows=5)
    # A longer history page is a new read; the points are the cached ones.
    again = session.guidance.overview(contact.id, history_rows=50)
    assert again.points is first.points
    assert again.points == [point_of(e) for e in reversed(stored_history(session, contact.id))]

    session.exchanges.log(
        Exchange(contact.id, datetime.now(UTC), DepthLevel.SURFACE, DepthLevel.SURFACE, None)
    )
    after = session.guidance.overview(contact.id, history_rows=50)
    assert after.exchange_count == contact.exchange_count + 1
    assert after.points == [point_of(e) for e in reversed(stored_history(session, contact.id))]


def test_caching_again_after_a_save_reads_only_the_saved_contacts_history(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relationships, "LONG_HISTORY", 30)
    clock = _Clock(datetime.now(UTC))
    session = open_session(data_dir, clock)
    try:
        session.demo.fill(4, 160, seed=4)
        saved_with, other = (s for s in session.contacts.list() if s.exchange_count >= 30)
        session.guidance.cache_long_histories()
        before = {s.id: session.guidance.overview(s.id).points for s in (saved_with, other)}

        _save_with(session, saved_with.id)
        session.guidance.cache_long_histories()
        read_again = session.guidance.overview(saved_with.id).points
        assert read_again is not before[saved_with.id]
        assert read_again == [point_of(e) for e in reversed(stored_history(session, saved_with.id))]
        assert session.guidance.overview(other.id).points is before[other.id]
    finally:
        session.close()


def _save_with(session: JournalSession, contact_id: int) -> Exchange:
    return session.exchanges.log(
        Exchange(contact_id, datetime.now(UTC), DepthLevel.SURFACE, DepthLevel.SURFACE, None)
    )


def test_a_write_about_one_contact_leaves_the_cached_histories_of_others(
    session: JournalSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relationships, "LONG_HISTORY", 30)
    session.demo.fill(4, 200, seed=4)
    first, second, *_ = sorted(
        (s for s in session.contacts.list() if s.exchange_count >= 30),
        key=lambda s: -s.exchange_count,
    )
    session.guidance.cache_long_histories()
    seen = session.guidance.overview(first.id)
    points = session.guidance.overview(second.id, history_rows=5).points

    saved = _save_with(session, second.id)
    # The other contact's cached points are still the ones read.
    assert session.guidance.overview(first.id).points is seen.points
    assert session.guidance.overview(second.id, history_rows=5).exchange_count == (
        second.exchange_count + 1
    )

    # An edit that moves the exchange to the first contact changes both.
    session.exchanges.edit(replace(saved, contact_id=first.id))
    moved_to = session.guidance.overview(first.id)
    assert moved_to.exchange_count == first.exchange_count + 1
    moved_from = session.guidance.overview(second.id, history_rows=5)
    assert moved_from.points == points
    assert moved_from.points is not points

    # Deleting it, and undoing that, change the contact it belongs to.
    assert session.exchanges.delete(saved.id or 0).contact_id == first.id
    assert session.guidance.overview(first.id).exchange_count == first.exchange_count
    session.exchanges.restore(replace(saved, contact_id=first.id))
    assert session.guidance.overview(first.id).exchange_count == first.exchange_count + 1


def test_a_write_that_names_no_contact_makes_everything_read_again(
    session: JournalSession,
) -> None:
    session.demo.fill(3, 30, seed=4)
    summary = session.contacts.list()[0]
    seen = session.guidance.overview(summary.id)
    renamed = session.contacts.edit(replace(seen.contact, name="Someone Else"))
    again = session.guidance.overview(summary.id)
    assert again is not seen
    assert again.contact == renamed


def test_cached_points_stop_at_their_limit(
    session: JournalSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relationships, "LONG_HISTORY", 1)
    session.demo.fill(5, 100, seed=4)
    longest = max(s.exchange_count for s in session.contacts.list())
    monkeypatch.setattr(relationships, "LONG_HISTORY_POINTS_MAX", longest)
    assert session.guidance.cache_long_histories() == 1
