"""Reading the journal: every query the window and the exports make, in plain SQL.

A JournalReader reads through one driver connection inside one read
transaction (see connections.ReadConnections), so what it returns is a
consistent snapshot. Rows become domain values in mapping.py; nothing here
imports SQLAlchemy, which start-up therefore never waits for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ixcoach_desktop.domain.buffer import REGULARITY_PERIODS
from ixcoach_desktop.domain.failures import NotFoundError
from ixcoach_desktop.domain.models import POINT_FIELDS, Contact, Exchange, ExchangePoint
from ixcoach_desktop.domain.reciprocity import RECENT_WINDOW
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.domain.stress import STRESSFUL_FROM, StressEvidence
from ixcoach_desktop.domain.stress_sums import StressEntry, StressSums
from ixcoach_desktop.storage.mapping import (
    CONTACT_COLUMNS,
    EXCHANGE_COLUMNS,
    POINT_COLUMNS,
    contact_from_columns,
    exchange_from_columns,
    points_from_rows,
)
from ixcoach_desktop.storage.types import from_db_text, to_db_text

# Each contact's rows for buffer potential, found by walking the
# (contact_id, occurred_at) index from a lower bound: the older of its
# RECENT_WINDOW-th newest exchange and the start of the regularity window,
# plus its first exchange (the relationship's age). Ranking every row with
# window functions instead sorts the whole table, several times slower on a
# large journal (figures in docs/performance.md).
#
# '' (fewer than RECENT_WINDOW exchanges) is below every stored time. The
# window bound has one day of margin: extra rows change nothing, a missing
# one would. (SQLite's %f has milliseconds only; a shorter string sorts
# first, so the bound errs on the side of an extra row.)
_QUALIFIED_POINT_SOURCES = ", ".join(
    f"exchanges.{column}" for column in ("contact_id", *POINT_FIELDS)
)
_BUFFER_INPUTS = f"""
WITH bounds AS (
    SELECT c.id AS contact_id,
           min(
               coalesce(
                   (SELECT o.occurred_at FROM exchanges o WHERE o.contact_id = c.id
                    ORDER BY o.occurred_at DESC LIMIT 1 OFFSET :nth),
                   ''
               ),
               strftime('%Y-%m-%d %H:%M:%f',
                        julianday(:now) - (:periods * c.cadence_days + 1))
           ) AS low,
           (SELECT min(o.occurred_at) FROM exchanges o WHERE o.contact_id = c.id) AS first
    FROM contacts c
    WHERE c.archived = 0
)
SELECT contact_id, {POINT_COLUMNS} FROM (
    SELECT {_QUALIFIED_POINT_SOURCES} FROM exchanges
        JOIN bounds b ON exchanges.contact_id = b.contact_id AND exchanges.occurred_at >= b.low
    UNION
    SELECT {_QUALIFIED_POINT_SOURCES} FROM exchanges
        JOIN bounds b ON exchanges.contact_id = b.contact_id AND exchanges.occurred_at = b.first
)
ORDER BY contact_id, occurred_at, id
"""


# The six sums of the stress effect (domain/stress.py) per group, over the
# exchanges with both stress before and after: one pass over the table, no
# rows read into Python, however long the journal.
_STRESS_SUMS = """
count(*), sum(stress_before), sum(stress_after), sum(stress_before * stress_before),
sum(stress_after * stress_after), sum(stress_before * stress_after)
"""
_STRESS_BY = f"""
SELECT {{group}}, {_STRESS_SUMS} FROM exchanges
WHERE stress_before IS NOT NULL AND stress_after IS NOT NULL {{where}}
GROUP BY 1
"""


@dataclass(frozen=True, slots=True)
class StressTotals:
    """The stress sums per contact (all logs, and only the stressful ones) and per
    mutual depth and reception; archived contacts included."""

    people: dict[int, StressSums]
    stressful: dict[int, StressSums]
    evidence: StressEvidence


@dataclass(frozen=True, slots=True)
class ContactActivity:
    """How much and how recently a contact has been talked to."""

    exchange_count: int
    last_exchange_at: datetime | None


class JournalReader:
    """Queries over one read transaction; see Journal.reader()."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def _rows(self, sql: str, parameters: Any = ()) -> list[Any]:
        rows: list[Any] = self._connection.execute(sql, parameters).fetchall()
        return rows

    def schema_revision(self) -> str | None:
        """The Alembic revision the file is at; None for a journal not yet created."""
        if not self._rows(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ):
            return None
        found = self._rows("SELECT version_num FROM alembic_version")
        return str(found[0][0]) if found else None

    def contact(self, contact_id: int) -> Contact:
        found = self._rows(f"SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?", (contact_id,))
        if not found:
            raise NotFoundError(f"There is no contact with id {contact_id}.")
        return contact_from_columns(found[0])

    def contacts(self, include_archived: bool = False) -> list[Contact]:
        """Contacts by name (then id), archived ones only when asked for."""
        where = "" if include_archived else "WHERE archived = 0"
        query = f"SELECT {CONTACT_COLUMNS} FROM contacts {where} ORDER BY name, id"
        return [contact_from_columns(row) for row in self._rows(query)]

    def activity(self) -> dict[int, ContactActivity]:
        """Exchange count and latest date per contact, in one indexed query.

        Per-contact subqueries walk the (contact_id, occurred_at) index, the
        latest date in one step, about three times faster than GROUP BY over
        the same index (docs/performance.md); this is on the first frame's path.
        """
        query = (
            "SELECT c.id, "
            "(SELECT count(*) FROM exchanges e WHERE e.contact_id = c.id), "
            "(SELECT max(occurred_at) FROM exchanges e WHERE e.contact_id = c.id) "
            "FROM contacts c"
        )
        return {
            contact_id: ContactActivity(count, None if last is None else from_db_text(last))
            for contact_id, count, last in self._rows(query)
        }

    def identities(self) -> tuple[tuple[str, str | None], ...]:
        """(name, vCard UID) of every contact: what an import checks for duplicates."""
        return tuple(
            (name, uid) for name, uid in self._rows("SELECT name, vcard_uid FROM contacts")
        )

    def contact_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM contacts")[0][0])

    def exchange_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM exchanges")[0][0])

    def exchange_points(self, contact_id: int) -> list[ExchangePoint]:
        """The contact's whole history as points, oldest first."""
        query = (
            f"SELECT {POINT_COLUMNS} FROM exchanges WHERE contact_id = ? ORDER BY occurred_at, id"
        )
        return points_from_rows(self._rows(query, (contact_id,)))

    def long_histories(self, min_exchanges: int) -> list[tuple[int, int]]:
        """(contact id, exchange count) of every history this long or longer, longest first."""
        query = (
            "SELECT contact_id, count(*) AS n FROM exchanges GROUP BY contact_id "
            "HAVING n >= ? ORDER BY n DESC, contact_id"
        )
        return [(contact_id, count) for contact_id, count in self._rows(query, (min_exchanges,))]

    def latest_exchanges(
        self, contact_id: int, count: int, older_than: Exchange | None = None
    ) -> list[Exchange]:
        """Up to ``count`` of the contact's exchanges, newest first.

        With ``older_than``, those that come after it in that order: the next
        page of a history being scrolled through.
        """
        where, parameters = "contact_id = ?", list[object]([contact_id])
        if older_than is not None:
            where += " AND (occurred_at, id) < (?, ?)"
            parameters += [to_db_text(older_than.occurred_at), older_than.id]
        query = (
            f"SELECT {EXCHANGE_COLUMNS} FROM exchanges WHERE {where} "
            "ORDER BY occurred_at DESC, id DESC LIMIT ?"
        )
        rows = self._rows(query, (*parameters, count))
        return [exchange_from_columns(row) for row in rows]

    def buffer_inputs(self, now: datetime) -> dict[int, list[ExchangePoint]]:
        """Per unarchived contact, oldest first, just the exchanges buffer potential reads.

        Buffer potential reads the latest RECENT_WINDOW exchanges, those in
        the last REGULARITY_PERIODS cadence periods, the first exchange and
        whether there are at least three; loading only those gives the same
        score as the whole history at a fraction of the cost.
        """
        parameters = {
            "nth": RECENT_WINDOW - 1,
            "now": to_db_text(now),
            "periods": REGULARITY_PERIODS,
        }
        rows: dict[int, list[Any]] = {}
        for row in self._rows(_BUFFER_INPUTS, parameters):
            rows.setdefault(row[0], []).append(row[1:])
        return {contact_id: points_from_rows(history) for contact_id, history in rows.items()}

    def _stress_sums(self, group: str, where: str = "") -> dict[Any, StressSums]:
        rows = self._rows(_STRESS_BY.format(group=group, where=where))
        return {
            key: StressSums(
                count=count,
                before=before,
                after=after,
                before_sq=before_sq,
                after_sq=after_sq,
                cross=cross,
            )
            for key, count, before, after, before_sq, after_sq, cross in rows
        }

    def stress_totals(self) -> StressTotals:
        """The sums the stress effect of every contact is worked out from."""
        by_reception = self._stress_sums("reception", "AND reception IS NOT NULL")
        return StressTotals(
            people=self._stress_sums("contact_id"),
            stressful=self._stress_sums("contact_id", f"AND stress_before >= {STRESSFUL_FROM}"),
            evidence=StressEvidence(
                by_depth={
                    DepthLevel(level): sums
                    for level, sums in self._stress_sums("min(my_level, their_level)").items()
                },
                by_reception={Reception(level): sums for level, sums in by_reception.items()},
            ),
        )

    def stress_entries(self, contact_id: int) -> list[StressEntry]:
        """The contact's exchanges with both stress before and after, oldest first."""
        query = (
            "SELECT id, occurred_at, stress_before, stress_after FROM exchanges "
            "WHERE contact_id = ? AND stress_before IS NOT NULL AND stress_after IS NOT NULL "
            "ORDER BY occurred_at, id"
        )
        return [
            StressEntry(id=row_id, occurred_at=from_db_text(when), before=before, after=after)
            for row_id, when, before, after in self._rows(query, (contact_id,))
        ]

    def all_exchanges(self) -> Iterator[Exchange]:
        """Every exchange in id order, for exports."""
        cursor = self._connection.execute(f"SELECT {EXCHANGE_COLUMNS} FROM exchanges ORDER BY id")
        for row in cursor:
            yield exchange_from_columns(row)
