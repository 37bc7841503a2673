"""Guidance over stored exchanges: one contact's overview, and the stress-buffer ranking."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ixcoach_desktop.domain.buffer import ContactHistory, RankedContact, rank_by_buffer_potential
from ixcoach_desktop.domain.insights import RelationshipInsights, relationship_insights
from ixcoach_desktop.domain.models import Contact, Exchange, ExchangePoint
from ixcoach_desktop.domain.stress import JournalStress, PersonStress, journal_stress
from ixcoach_desktop.domain.stress_sums import StressEntry
from ixcoach_desktop.domain.text import fold
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.storage.journal import Journal


@dataclass(frozen=True, slots=True)
class ContactOverview:
    """Everything the window shows for one contact, from one read of the journal."""

    contact: Contact
    # The whole history without its texts, oldest first: what the chart and
    # the insights read.
    points: list[ExchangePoint]
    # The newest exchanges in full, newest first: the history table's first
    # rows; the rest are read a page at a time (see history_page).
    latest: list[Exchange]
    insights: RelationshipInsights

    @property
    def exchange_count(self) -> int:
        return len(self.points)

    @property
    def complete(self) -> bool:
        """Whether ``latest`` holds every exchange."""
        return len(self.latest) == len(self.points)


@dataclass(frozen=True, slots=True)
class ContactReport:
    """One contact in the report: the ranking's figures, exchange count and stress effect."""

    figures: RankedContact
    exchanges: int
    stress: PersonStress


@dataclass(frozen=True, slots=True)
class JournalReport:
    """What ``ixcoach-desktop report`` prints: every unarchived contact, by name."""

    contacts: list[ContactReport]
    stress: JournalStress


# Exchanges read in full with an overview, and per page after that: a
# screenful several times over, so scrolling rarely waits for a page, while a
# history of thousands is never read in full just to show its top.
HISTORY_PAGE = 200
# Histories at least this long keep their points in the long-history cache
# between writes (see cache_long_histories): reading and decoding one is what
# a first visit to a long history waits for; a shorter one costs little.
LONG_HISTORY = 500
# At most this many points are cached in all, longest histories first,
# however large the journal grows (docs/caching.md).
LONG_HISTORY_POINTS_MAX = 100_000


class GuidanceService:
    """Reads exchanges and applies the domain's guidance rules to them."""

    def __init__(self, journal: Journal, clock: Clock = system_clock) -> None:
        self._journal = journal
        self._clock = clock
        # The long-history cache: points of long histories and the journal
        # generation they were read at (see cache_long_histories).
        self._long_histories: tuple[int, dict[int, list[ExchangePoint]]] = (-1, {})
        self._lock = threading.Lock()

    def points(self, contact_id: int) -> list[ExchangePoint]:
        """A contact's whole history without its texts, oldest first: what the chart draws.

        From the long-history cache when nothing was written about the
        contact since it was filled, else read. Safe to call from a worker
        thread.
        """
        with self._lock:
            read_at, long_histories = self._long_histories
        if self._journal.unchanged_since(contact_id, read_at):
            cached = long_histories.get(contact_id)
            if cached is not None:
                return cached
        with self._journal.reader() as reader:
            return reader.exchange_points(contact_id)

    def overview(
        self,
        contact_id: int,
        history_rows: int = HISTORY_PAGE,
        points: list[ExchangePoint] | None = None,
    ) -> ContactOverview:
        """The contact, their points, newest exchanges and insights, from one read.

        ``history_rows`` is how many of the newest exchanges to read in full
        (a refresh asks for as many as the history already shows). ``points``
        are the contact's points when the caller has just read them (see
        ``points``); otherwise they are found as ``points`` finds them. Safe
        to call from a worker thread.
        """
        now = self._clock()
        if points is None:
            points = self.points(contact_id)
        with self._journal.reader() as reader:
            contact = reader.contact(contact_id)
            latest = reader.latest_exchanges(contact_id, max(history_rows, 1))
        return ContactOverview(
            contact=contact,
            points=points,
            latest=latest,
            insights=relationship_insights(points, contact.cadence_days, now),
        )

    def stress_entries(self, contact_id: int) -> list[StressEntry]:
        """The contact's exchanges with stress before and after, oldest first: the Stress tab.

        Read only when that tab is looked at: a long history has thousands.
        """
        with self._journal.reader() as reader:
            return reader.stress_entries(contact_id)

    def cache_long_histories(self) -> int:
        """Fill the long-history cache: read the points of every long history now.

        Slow the first time on a large journal: run it on a worker thread. A
        history nothing was written to since it was last read is kept as it
        is, so after a save only that contact's is read again. What it holds
        serves overview() for each contact until the next write about them.
        Returns the number of histories cached.
        """
        # The generation is read first: a write that lands meanwhile makes
        # what is read count as stale, never the other way round.
        generation = self._journal.generation
        with self._lock:
            read_at, cached_before = self._long_histories
        cached: dict[int, list[ExchangePoint]] = {}
        room = LONG_HISTORY_POINTS_MAX
        with self._journal.reader() as reader:
            for contact_id, count in reader.long_histories(LONG_HISTORY):
                if count > room:
                    break
                kept = cached_before.get(contact_id)
                if kept is None or not self._journal.unchanged_since(contact_id, read_at):
                    kept = reader.exchange_points(contact_id)
                cached[contact_id] = kept
                room -= count
        with self._lock:
            self._long_histories = (generation, cached)
        return len(cached)

    def insights(self, contact: Contact, points: list[ExchangePoint]) -> RelationshipInsights:
        """The insights of ``contact`` over ``points`` as of now, without reading the journal.

        For a history the caller already holds, such as the window's after a save.
        """
        return relationship_insights(points, contact.cadence_days, self._clock())

    def history_page(
        self, contact_id: int, older_than: Exchange, count: int = HISTORY_PAGE
    ) -> list[Exchange]:
        """The next ``count`` exchanges of a history, newest first, after ``older_than``."""
        with self._journal.reader() as reader:
            return reader.latest_exchanges(contact_id, count, older_than)

    def stress(self) -> JournalStress:
        """The stress effect of every contact, from one aggregate read.

        Compared against the user's own course of stress over every log,
        archived contacts' included. Safe to call from a worker thread.
        """
        with self._journal.reader() as reader:
            totals = reader.stress_totals()
        return journal_stress(totals.people, totals.stressful, totals.evidence)

    def report(self) -> JournalReport:
        """Every unarchived contact's figures, as the window shows them, and the
        journal-wide stress evidence."""
        with self._journal.reader() as reader:
            activity = reader.activity()
        ranking = sorted(self.ranking(), key=lambda row: (fold(row.name), row.contact_id))
        stress = self.stress()
        return JournalReport(
            contacts=[
                ContactReport(
                    figures=row,
                    exchanges=activity[row.contact_id].exchange_count
                    if row.contact_id in activity
                    else 0,
                    stress=stress.of(row.contact_id),
                )
                for row in ranking
            ],
            stress=stress,
        )

    def ranking(self) -> list[RankedContact]:
        """Every unarchived contact by buffer potential, strongest first.

        Safe to call from a worker thread: it reads through its own connection.
        """
        now = self._clock()
        with self._journal.reader() as reader:
            contacts = reader.contacts()
            histories = reader.buffer_inputs(now)
        return rank_by_buffer_potential(
            (
                ContactHistory(
                    contact_id=c.id,
                    name=c.name,
                    exchanges=histories.get(c.id, []),
                    cadence_days=c.cadence_days,
                )
                for c in contacts
                if c.id is not None
            ),
            now,
        )
