"""Exchange builders and hypothesis strategies shared by the guidance tests."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from ixcoach_desktop.domain.buffer import ContactHistory
from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.scales import (
    DepthLevel,
    Opener,
    Reception,
    Topic,
)

# A fixed "now" so every test is reproducible; all generated exchanges lie before it.
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def ex(
    my: int,
    their: int,
    reception: int | None = Reception.SUPPORTIVE,
    *,
    days_ago: float = 0,
    topics: frozenset[Topic] = frozenset(),
    opened_by: Opener = Opener.ME,
    my_emotional: bool = False,
    their_emotional: bool = False,
    exchange_id: int | None = None,
) -> Exchange:
    """A valid exchange with contact 1; reception is dropped when I shared nothing."""
    return Exchange(
        contact_id=1,
        occurred_at=NOW - timedelta(days=days_ago),
        my_level=DepthLevel(my),
        their_level=DepthLevel(their),
        reception=None if my == 0 or reception is None else Reception(reception),
        opened_by=opened_by,
        topics=topics,
        my_emotional=my_emotional,
        their_emotional=their_emotional,
        id=exchange_id,
    )


def series(*levels: tuple[int, int], every_days: int = 7) -> list[Exchange]:
    """Exchanges oldest first, one every ``every_days``, the last one today."""
    count = len(levels)
    return [
        ex(my, their, days_ago=(count - 1 - index) * every_days)
        for index, (my, their) in enumerate(levels)
    ]


levels = st.integers(min_value=int(DepthLevel.NOTHING), max_value=int(DepthLevel.CORE))
cadences = st.integers(min_value=1, max_value=60)


@st.composite
def exchanges(
    draw: st.DrawFn,
    my_level: st.SearchStrategy[int] = levels,
    their_level: st.SearchStrategy[int] = levels,
    reception: st.SearchStrategy[int] | None = None,
) -> Exchange:
    """Valid exchanges over the year before NOW.

    Days and hours come from small ranges so that exchanges sharing a moment,
    the case that tests order independence hardest, turn up often.
    """
    mine = draw(my_level)
    received: int | None = None
    if mine > 0:
        received = draw(
            reception
            if reception is not None
            else st.integers(int(Reception.DISMISSIVE), int(Reception.DEEPLY_UNDERSTOOD))
        )
    return Exchange(
        contact_id=1,
        occurred_at=NOW
        - timedelta(days=draw(st.integers(0, 365)), hours=draw(st.sampled_from([0, 6, 12]))),
        my_level=DepthLevel(mine),
        their_level=DepthLevel(draw(their_level)),
        reception=None if received is None else Reception(received),
        opened_by=draw(st.sampled_from(Opener)),
        topics=draw(st.frozensets(st.sampled_from(Topic), max_size=3)),
        my_emotional=draw(st.booleans()),
        their_emotional=draw(st.booleans()),
    )


histories = st.lists(exchanges(), max_size=25)

poorly_received_exchanges = exchanges(
    my_level=st.integers(int(DepthLevel.SURFACE), int(DepthLevel.CORE)),
    reception=st.sampled_from([int(Reception.DISMISSIVE), int(Reception.AWKWARD)]),
)


@st.composite
def matched_exchanges(draw: st.DrawFn) -> Exchange:
    """Exchanges where both shared and the levels are at most one apart."""
    mine = draw(st.integers(int(DepthLevel.SURFACE), int(DepthLevel.CORE)))
    theirs = draw(
        st.integers(max(int(DepthLevel.SURFACE), mine - 1), min(int(DepthLevel.CORE), mine + 1))
    )
    return draw(exchanges(my_level=st.just(mine), their_level=st.just(theirs)))


def many_contacts(count: int, per_contact: int) -> list[ContactHistory]:
    """``count`` contacts of ``per_contact`` random exchanges each, the same every run."""
    rng = random.Random(4)
    contacts = []
    for contact_id in range(count):
        exchanges = []
        for index in range(per_contact):
            mine = rng.randint(0, 5)
            exchanges.append(
                Exchange(
                    contact_id=contact_id,
                    occurred_at=NOW
                    - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 900)),
                    my_level=DepthLevel(mine),
                    their_level=DepthLevel(rng.randint(0, 5)),
                    reception=None if mine == 0 else Reception(rng.randint(1, 5)),
                    opened_by=rng.choice(list(Opener)),
                    topics=frozenset(rng.sample(list(Topic), rng.randint(0, 2))),
                    id=contact_id * per_contact + index,
                )
            )
        rng.shuffle(exchanges)
        contacts.append(
            ContactHistory(contact_id, f"Contact {contact_id}", exchanges, rng.choice([7, 14, 30]))
        )
    return contacts
