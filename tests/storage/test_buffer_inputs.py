"""The rows buffer_inputs chooses: every exchange buffer potential reads, and nothing else.

It walks the (contact_id, occurred_at) index from a per-contact lower bound
instead of ranking every row; the edge cases are the ones a bound can get
wrong: fewer than RECENT_WINDOW exchanges, ties at the bound, a history
longer than the regularity window, archived contacts, no exchanges at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ixcoach_desktop.domain.buffer import REGULARITY_PERIODS
from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.reciprocity import RECENT_WINDOW
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.storage.journal import Journal, open_journal

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def journal(data_dir: Path) -> Iterator[Journal]:
    opened = open_journal(data_dir)
    yield opened
    opened.close()


def _exchange(contact_id: int, when: datetime, level: int) -> Exchange:
    return Exchange(
        contact_id=contact_id,
        occurred_at=when,
        my_level=DepthLevel(level % 6),
        their_level=DepthLevel((level + 1) % 6),
        reception=None if level % 6 == 0 else Reception.SUPPORTIVE,
    )


def _fill(journal: Journal) -> dict[str, int]:
    """Contacts named after their case, with their exchanges; returns name -> id."""
    cases: dict[str, tuple[int, bool, list[datetime]]] = {
        "none": (14, False, []),
        "one": (14, False, [NOW - timedelta(days=3)]),
        "short of the window": (14, False, [NOW - timedelta(days=40 * i) for i in range(9)]),
        "exactly the window": (7, False, [NOW - timedelta(days=30 * i) for i in range(10)]),
        # Three exchanges share the moment of the RECENT_WINDOW-th newest one.
        "ties at the bound": (
            30,
            False,
            [NOW - timedelta(days=i) for i in range(8)]
            + [NOW - timedelta(days=50)] * 3
            + [NOW - timedelta(days=400 + i) for i in range(5)],
        ),
        # Weekly for two years: the regularity window, not the count, decides.
        "long and regular": (3, False, [NOW - timedelta(days=7 * i) for i in range(105)]),
        "archived": (14, True, [NOW - timedelta(days=i) for i in range(12)]),
    }
    ids: dict[str, int] = {}
    with journal.unit_of_work() as uow:
        for name, (cadence, archived, moments) in cases.items():
            contact = uow.contacts.add(
                Contact(name=name, cadence_days=cadence, archived=archived), NOW
            )
            assert contact.id is not None
            ids[name] = contact.id
            uow.exchanges.add_many(
                (_exchange(contact.id, when, i) for i, when in enumerate(moments)), NOW
            )
        uow.commit()
    return ids


def _required(history_oldest_first: list[Exchange], cadence_days: int) -> set[int | None]:
    """What buffer potential reads: the newest RECENT_WINDOW, the first, the regular window."""
    window_start = NOW - timedelta(days=REGULARITY_PERIODS * cadence_days)
    needed = {e.id for e in history_oldest_first[-RECENT_WINDOW:]}
    needed |= {e.id for e in history_oldest_first[:1]}
    needed |= {e.id for e in history_oldest_first if e.occurred_at > window_start}
    return needed


def test_buffer_inputs_hold_every_exchange_buffer_potential_reads(journal: Journal) -> None:
    ids = _fill(journal)
    with journal.reader() as reader:
        chosen = reader.buffer_inputs(NOW)
        contacts = {c.id: c for c in reader.contacts(include_archived=True)}
        full = {cid: reader.latest_exchanges(cid, 10**9)[::-1] for cid in ids.values()}

    assert ids["archived"] not in chosen
    assert ids["none"] not in chosen
    for name, contact_id in ids.items():
        if name in ("archived", "none"):
            continue
        rows = chosen[contact_id]
        history = full[contact_id]
        assert rows == sorted(rows, key=lambda e: (e.occurred_at, e.id or 0)), name
        assert {e.id for e in rows} <= {e.id for e in history}, name
        assert _required(history, contacts[contact_id].cadence_days) <= {e.id for e in rows}, name


def test_buffer_inputs_skip_what_buffer_potential_never_reads(journal: Journal) -> None:
    ids = _fill(journal)
    with journal.reader() as reader:
        chosen = reader.buffer_inputs(NOW)
    # 105 weekly exchanges with a 3-day cadence: the 10 newest, the first,
    # and nothing else (the regularity window of 18 days holds 3 of the 10).
    assert len(chosen[ids["long and regular"]]) == RECENT_WINDOW + 1
