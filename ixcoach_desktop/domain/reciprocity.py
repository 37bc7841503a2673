"""The reciprocity maths: how evenly and how deeply two people have been sharing.

Everything here is a pure function of a contact's exchanges, so the insights
strip, the chart, the ranking and the tests all see the same numbers. The
research behind each rule is in docs/guidance.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import accumulate
from operator import attrgetter, eq
from types import MappingProxyType
from typing import TypeVar

from ixcoach_desktop.domain.models import ExchangeFacts
from ixcoach_desktop.domain.scales import DepthLevel, Opener, Reception, Topic

# Matching means meeting the other person's level, not hitting it exactly: a
# one-level difference is normal turn-to-turn variation (Altman & Taylor 1973
# describe reciprocity as roughly equal steps, not identical ones).
MATCH_MAX_GAP = 1
# Going two or more levels deeper than the other person is where disclosure
# stops being a conversation and becomes a monologue.
UNRECIPROCATED_MIN_GAP = 2
# Dismissive or awkward: what I shared was not met with responsiveness, which
# the intimacy process model (Reis & Shaver 1988) treats as the missing half.
POOR_RECEPTION_MAX = Reception.AWKWARD
# "Recent" for the matching rate, mutual depth and buffer potential: roughly
# four to five months at the default fortnightly cadence, long enough that one
# odd conversation does not swing the numbers, short enough that a
# relationship can recover from a rough patch.
RECENT_WINDOW = 10
# The depth trend compares the latest few exchanges with the few before them.
TREND_HALF_WINDOW = 5
# With fewer than two exchanges on either side the "trend" is one conversation.
TREND_MIN_HALF = 2
# Half a level on average is the smallest change a person would notice in the
# conversations themselves; smaller differences are reported as steady.
TREND_MIN_CHANGE = 0.5
# Surface-only: six conversations over four weeks is a relationship with
# momentum; if none of it has gone past tastes and news, the second common
# mistake of the practice (staying on the surface forever) is setting in.
SURFACE_MIN_EXCHANGES = 6
SURFACE_MIN_SPAN = timedelta(weeks=4)
SURFACE_MAX_LEVEL = DepthLevel.PREFERENCES

# A full Exchange or a text-less ExchangePoint: ordering keeps whichever it is given.
Facts = TypeVar("Facts", bound=ExchangeFacts)


def mutual_depth(exchange: ExchangeFacts) -> int:
    """How deep both went: a disclosure only counts as shared as far as both went."""
    return min(int(exchange.my_level), int(exchange.their_level))


def levels_matched(mine: int, theirs: int) -> bool:
    """Both shared something and neither went more than a level past the other."""
    return (
        mine >= DepthLevel.SURFACE
        and theirs >= DepthLevel.SURFACE
        and abs(mine - theirs) <= MATCH_MAX_GAP
    )


def levels_unreciprocated(mine: int, theirs: int) -> bool:
    """I shared and they shared nothing, or I went two or more levels deeper."""
    return mine >= DepthLevel.SURFACE and (
        theirs == DepthLevel.NOTHING or mine - theirs >= UNRECIPROCATED_MIN_GAP
    )


def reception_is_poor(reception: int | None) -> bool:
    """What I shared was met dismissively or awkwardly."""
    return reception is not None and reception <= POOR_RECEPTION_MAX


def is_matched(exchange: ExchangeFacts) -> bool:
    """``levels_matched`` for a logged exchange."""
    return levels_matched(exchange.my_level, exchange.their_level)


def is_unreciprocated(exchange: ExchangeFacts) -> bool:
    """``levels_unreciprocated`` for a logged exchange."""
    return levels_unreciprocated(exchange.my_level, exchange.their_level)


def is_poorly_received(exchange: ExchangeFacts) -> bool:
    """``reception_is_poor`` for a logged exchange."""
    return reception_is_poor(exchange.reception)


def they_went_further(exchange: ExchangeFacts) -> bool:
    """The mirror of ``is_unreciprocated``: they shared and I held well back."""
    return levels_unreciprocated(exchange.their_level, exchange.my_level)


def is_strained(exchange: ExchangeFacts) -> bool:
    """A disclosure of mine that can raise stress rather than buffer it."""
    return is_poorly_received(exchange) or is_unreciprocated(exchange)


def _tie_key(
    exchange: ExchangeFacts,
) -> tuple[datetime, int, int, int, int, str, bool, bool, tuple[str, ...]]:
    # Every field a metric reads takes part, so exchanges logged at the same
    # instant still sort the same way whatever order they were loaded in.
    return (
        exchange.occurred_at,
        exchange.my_level,
        exchange.their_level,
        0 if exchange.reception is None else exchange.reception,
        -1 if exchange.id is None else exchange.id,
        exchange.opened_by,
        exchange.my_emotional,
        exchange.their_emotional,
        tuple(sorted(exchange.topics)),
    )


_occurred_at = attrgetter("occurred_at")


def chronological(exchanges: Iterable[Facts]) -> list[Facts]:
    """Oldest first, with a fixed order for ties, so results never depend on input order.

    Sorting on the timestamp alone runs in C; the full tie-breaking key is
    only built when two exchanges share an instant, which keeps ranking a
    thousand contacts fast.
    """
    ordered = sorted(exchanges, key=_occurred_at)
    moments = list(map(_occurred_at, ordered))
    if any(map(eq, moments, moments[1:])):
        ordered.sort(key=_tie_key)
    return ordered


def recent(ordered: Sequence[Facts], window: int = RECENT_WINDOW) -> Sequence[Facts]:
    """The last ``window`` exchanges of an oldest-first sequence."""
    return ordered[-window:]


def matching_rate(exchanges: Sequence[ExchangeFacts]) -> float | None:
    """Share of the given exchanges that were matched; None when there are none."""
    if not exchanges:
        return None
    return sum(1 for e in exchanges if is_matched(e)) / len(exchanges)


def average_mutual_depth(exchanges: Sequence[ExchangeFacts]) -> float | None:
    """Mean mutual depth of the given exchanges; None when there are none."""
    if not exchanges:
        return None
    return sum(mutual_depth(e) for e in exchanges) / len(exchanges)


def _rolling_mean(values: Sequence[float], window: int) -> list[float]:
    if window < 1:
        raise ValueError(f"The rolling window must be at least 1, not {window}.")
    # Differences of running sums: list-level operations, no per-item branch,
    # which matters for a history of thousands drawn on every visit.
    sums = list(accumulate(values, initial=0.0))
    head = [sums[count] / count for count in range(1, min(window, len(values)) + 1)]
    spans = zip(sums[window + 1 :], sums[1 : max(len(sums) - window, 1)], strict=True)
    return head + [(newer - older) / window for newer, older in spans]


# The matching rule looked up by (mine, theirs) instead of evaluated per
# exchange: the same answers, faster over a long history.
_MATCHED = tuple(
    tuple(1.0 if levels_matched(mine, theirs) else 0.0 for theirs in DepthLevel)
    for mine in DepthLevel
)


def rolling_matching_rate(
    exchanges: Sequence[ExchangeFacts], window: int = RECENT_WINDOW
) -> list[float]:
    """Matching rate (0-1) over the ``window`` exchanges ending at each one.

    Aligned with ``exchanges``, which the caller passes oldest first (see
    ``chronological``); the first points average over fewer exchanges.
    """
    return _rolling_mean([_MATCHED[e.my_level][e.their_level] for e in exchanges], window)


class DepthTrend(StrEnum):
    """Which way mutual depth is moving."""

    RISING = "rising"
    STEADY = "steady"
    FALLING = "falling"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class DepthChange:
    """Mean mutual depth of the latest exchanges minus that of the ones before."""

    change: float
    trend: DepthTrend


def depth_change(ordered: Sequence[ExchangeFacts]) -> DepthChange | None:
    """The mutual-depth trend of an oldest-first sequence; None when too short to tell."""
    half = min(len(ordered) // 2, TREND_HALF_WINDOW)
    if half < TREND_MIN_HALF:
        return None
    later = ordered[-half:]
    earlier = ordered[-2 * half : -half]
    change = (sum(mutual_depth(e) for e in later) - sum(mutual_depth(e) for e in earlier)) / half
    if change >= TREND_MIN_CHANGE:
        trend = DepthTrend.RISING
    elif change <= -TREND_MIN_CHANGE:
        trend = DepthTrend.FALLING
    else:
        trend = DepthTrend.STEADY
    return DepthChange(change, trend)


@dataclass(frozen=True, slots=True)
class Breadth:
    """The topic categories each side has opened, with the deepest level reached in each.

    An exchange has one set of topics, so a topic counts as opened by me at my
    level and by them at theirs; a side that shared nothing opened nothing.
    """

    mine: Mapping[Topic, DepthLevel]
    theirs: Mapping[Topic, DepthLevel]


def breadth(exchanges: Iterable[ExchangeFacts]) -> Breadth:
    """Which topics each side has opened and how deep, in any order of exchanges."""
    # Deepest levels per set of topics first: a long history repeats a few
    # dozen sets, so the per-topic work is done once per set, not per exchange.
    per_set: dict[frozenset[Topic], tuple[DepthLevel, DepthLevel]] = {}
    nothing = (DepthLevel.NOTHING, DepthLevel.NOTHING)
    for exchange in exchanges:
        deepest_mine, deepest_theirs = per_set.get(exchange.topics, nothing)
        if exchange.my_level > deepest_mine or exchange.their_level > deepest_theirs:
            per_set[exchange.topics] = (
                max(exchange.my_level, deepest_mine),
                max(exchange.their_level, deepest_theirs),
            )
    mine: dict[Topic, DepthLevel] = {}
    theirs: dict[Topic, DepthLevel] = {}
    for topics, (my_level, their_level) in per_set.items():
        for topic in topics:
            if my_level > mine.get(topic, DepthLevel.NOTHING):
                mine[topic] = my_level
            if their_level > theirs.get(topic, DepthLevel.NOTHING):
                theirs[topic] = their_level
    return Breadth(
        MappingProxyType({t: mine[t] for t in Topic if t in mine}),
        MappingProxyType({t: theirs[t] for t in Topic if t in theirs}),
    )


_their_level = attrgetter("their_level")
_my_level = attrgetter("my_level")


def deepest_offered(exchanges: Iterable[ExchangeFacts]) -> DepthLevel:
    """The deepest level they have shared so far; NOTHING when they never have."""
    return max(map(_their_level, exchanges), default=DepthLevel.NOTHING)


def deepest_mutual(exchanges: Iterable[ExchangeFacts]) -> int:
    """The deepest level both have reached in one exchange so far (see ``mutual_depth``)."""
    history = list(exchanges)
    return int(max(map(min, map(_my_level, history), map(_their_level, history)), default=0))


def is_surface_only(exchanges: Sequence[ExchangeFacts]) -> bool:
    """Many exchanges over several weeks, none past 'preferences' on either side."""
    if len(exchanges) < SURFACE_MIN_EXCHANGES:
        return False
    if any(e.my_level > SURFACE_MAX_LEVEL or e.their_level > SURFACE_MAX_LEVEL for e in exchanges):
        return False
    moments = [e.occurred_at for e in exchanges]
    return max(moments) - min(moments) >= SURFACE_MIN_SPAN


@dataclass(frozen=True, slots=True)
class Openings:
    """Who opened the given conversations: "they opened 8 of your last 10"."""

    by_them: int
    count: int

    @property
    def by_me(self) -> int:
        return self.count - self.by_them


def openings(exchanges: Sequence[ExchangeFacts]) -> Openings:
    """How many of ``exchanges`` the other person opened, and of how many."""
    return Openings(
        by_them=sum(1 for e in exchanges if e.opened_by == Opener.THEM), count=len(exchanges)
    )


def both_emotional_share(exchanges: Sequence[ExchangeFacts]) -> float | None:
    """Share of ``exchanges`` where both sides shared feelings, not only facts; None if none."""
    if not exchanges:
        return None
    return sum(1 for e in exchanges if e.my_emotional and e.their_emotional) / len(exchanges)
