"""Buffer potential: how well a relationship could cushion stress, 0-100.

Stress buffering comes from a responsive person who is available (Cohen &
Wills 1985); intimacy grows from disclosure that is met and answered (Reis &
Shaver 1988). So the score rewards mutual depth, matching, good reception and
regular contact, and subtracts strain from disclosures that were received
poorly or not reciprocated.

The formula is built so that logging a poorly received exchange can never
raise the score: such an exchange counts as depth 0, as not matched, at the
lowest reception credit, not as contact for regularity, and as strain. Any
window it enters therefore loses a value at least as good as the one it adds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ixcoach_desktop.domain.keep_in_touch import ContactStatus, cadence_phrase, keep_in_touch
from ixcoach_desktop.domain.models import ExchangeFacts
from ixcoach_desktop.domain.reciprocity import (
    RECENT_WINDOW,
    average_mutual_depth,
    chronological,
    is_matched,
    is_poorly_received,
    is_unreciprocated,
    matching_rate,
    mutual_depth,
    recent,
    they_went_further,
)
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.domain.text import fold

# Below three exchanges one unusual conversation would decide the score, so
# the app says "not enough data yet" instead of ranking on noise.
BUFFER_MIN_EXCHANGES = 3

# Points for each component at full strength; they add up to 100. Depth leads
# because it is what makes a person someone you can turn to; matching and
# regularity follow because balance and availability are what keep that depth
# safe (Altman & Taylor 1973; Cohen & Wills 1985); reception is already
# partly inside the other three (a poorly received exchange scores zero there).
DEPTH_POINTS = 30.0
MATCHING_POINTS = 25.0
RECEPTION_POINTS = 20.0
REGULARITY_POINTS = 25.0

# Mean mutual depth that earns the full depth points: regularly meeting at
# "vulnerable" is as close as the practice asks for; "core" is rare and never
# required for a strong buffer.
DEPTH_FOR_FULL_CREDIT = float(DepthLevel.VULNERABLE)

# Credit for each reception, 0-1. Dismissive and awkward both earn nothing:
# neither is the responsiveness that makes disclosure feel safe, and keeping
# them equal means a newer awkward exchange can never outscore an older
# dismissive one it pushes out of the window.
RECEPTION_CREDIT: Mapping[Reception, float] = {
    Reception.DISMISSIVE: 0.0,
    Reception.AWKWARD: 0.0,
    Reception.NEUTRAL: 0.5,
    Reception.SUPPORTIVE: 0.85,
    Reception.DEEPLY_UNDERSTOOD: 1.0,
}
# When I have shared nothing lately, nothing of mine has been received: there
# is no evidence yet that this person would support me.
UNTESTED_RECEPTION_CREDIT = 0.0

# Points lost for each strained disclosure among the recent exchanges. Hurtful
# exchanges weigh more than pleasant ones of the same size, so strain costs
# on top of the depth, matching and reception it already forfeits: three in
# the window take away about a quarter of the score.
STRAIN_PENALTY_POINTS = 8.0

# Regularity looks at this many cadence periods back from today (twelve weeks
# at the default fortnightly cadence) and counts the share in which there was
# at least one exchange that was not received poorly: a dismissive
# conversation shows contact, not availability.
REGULARITY_PERIODS = 6

# Reason line: a relationship is "one-sided" when at least half of the recent
# exchanges were, and the named thresholds below describe depth, matching and
# regularity in words.
ONE_SIDED_SHARE = 0.5
# Mean mutual depth under "preferences": tastes and news, little of either person.
SURFACE_DEPTH_BELOW = float(DepthLevel.PREFERENCES)
# Mean mutual depth from "personal" upwards: feelings, worries and hopes.
DEEP_DEPTH_FROM = float(DepthLevel.PERSONAL)
# Matched less than half the time: one side usually leads and the other lags.
LOW_MATCHING_BELOW = 0.5
# In touch in five of six cadence periods reads as "kept up"; in three as
# "patchy"; fewer as drifting.
KEPT_UP_FROM = 5 / 6
PATCHY_FROM = 0.5


@dataclass(frozen=True, slots=True)
class BufferComponents:
    """The parts of the score, each 0-1, and the strained count it is docked for."""

    depth: float
    matching: float
    reception: float
    regularity: float
    strained: int


@dataclass(frozen=True, slots=True)
class BufferPotential:
    """The score (None: not enough data yet), one line saying why, and its parts."""

    score: int | None
    reason: str
    components: BufferComponents | None = None


@dataclass(frozen=True, slots=True)
class _WindowCounts:
    size: int
    mutual_depth: int
    matched: int
    poorly_received: int
    unreciprocated: int
    they_went_further: int
    strained: int
    reception_credits: tuple[float, ...]


def _count(window: Sequence[ExchangeFacts]) -> _WindowCounts:
    """One pass over the recent exchanges; poorly received ones earn no depth or match."""
    depth = matched = poorly = unreciprocated = further = strained = 0
    credits: list[float] = []
    for exchange in window:
        poor = is_poorly_received(exchange)
        one_sided = is_unreciprocated(exchange)
        if poor:
            poorly += 1
        else:
            depth += mutual_depth(exchange)
            matched += is_matched(exchange)
        if exchange.reception is not None:
            credits.append(RECEPTION_CREDIT[exchange.reception])
        unreciprocated += one_sided
        further += they_went_further(exchange)
        strained += poor or one_sided
    return _WindowCounts(
        size=len(window),
        mutual_depth=depth,
        matched=matched,
        poorly_received=poorly,
        unreciprocated=unreciprocated,
        they_went_further=further,
        strained=strained,
        reception_credits=tuple(credits),
    )


def _regularity(ordered: Sequence[ExchangeFacts], cadence_days: int, now: datetime) -> float:
    """Share of recent cadence periods, back to the first exchange, with real contact."""
    period = timedelta(days=cadence_days)

    def periods_ago(exchange: ExchangeFacts) -> int:
        return max((now - exchange.occurred_at) // period, 0)

    # A young relationship is judged only over the periods it has existed.
    considered = min(REGULARITY_PERIODS, periods_ago(ordered[0]) + 1)
    covered: set[int] = set()
    for exchange in reversed(ordered):
        index = periods_ago(exchange)
        if index >= considered:
            break
        if not is_poorly_received(exchange):
            covered.add(index)
    return len(covered) / considered


def _reason(
    counts: _WindowCounts,
    depth: float,
    matching: float,
    regularity: float,
    cadence_days: int,
) -> str:
    one_sided = ONE_SIDED_SHARE * counts.size
    if counts.unreciprocated >= one_sided:
        return "Mostly one-sided: you share more than they do"
    if counts.they_went_further >= one_sided:
        return "Mostly one-sided: they share more than you do"
    if counts.poorly_received:
        were = "was" if counts.poorly_received == 1 else "were"
        return (
            f"{counts.poorly_received} of your last {counts.size} exchanges {were} "
            "received poorly; go gently"
        )
    if depth < SURFACE_DEPTH_BELOW:
        main = "Friendly but still on the surface"
    elif matching < LOW_MATCHING_BELOW:
        main = "Personal at times, but rarely matched"
    elif depth >= DEEP_DEPTH_FROM:
        main = "Deep and balanced"
    else:
        main = "Balanced and getting personal"
    if regularity >= KEPT_UP_FROM:
        return f"{main}, kept up {cadence_phrase(cadence_days)}"
    if regularity >= PATCHY_FROM:
        return f"{main}, though contact is patchy"
    return f"{main}, but you have drifted out of touch"


def buffer_from_ordered(
    ordered: Sequence[ExchangeFacts], cadence_days: int, now: datetime
) -> BufferPotential:
    """Buffer potential of an oldest-first sequence (see ``chronological``)."""
    if len(ordered) < BUFFER_MIN_EXCHANGES:
        missing = BUFFER_MIN_EXCHANGES - len(ordered)
        more = "1 more exchange" if missing == 1 else f"{missing} more exchanges"
        return BufferPotential(None, f"Not enough data yet: log {more}")
    counts = _count(recent(ordered, RECENT_WINDOW))
    depth = counts.mutual_depth / counts.size
    credits = counts.reception_credits
    components = BufferComponents(
        depth=min(depth / DEPTH_FOR_FULL_CREDIT, 1.0),
        matching=counts.matched / counts.size,
        reception=sum(credits) / len(credits) if credits else UNTESTED_RECEPTION_CREDIT,
        regularity=_regularity(ordered, cadence_days, now),
        strained=counts.strained,
    )
    raw = (
        DEPTH_POINTS * components.depth
        + MATCHING_POINTS * components.matching
        + RECEPTION_POINTS * components.reception
        + REGULARITY_POINTS * components.regularity
        - STRAIN_PENALTY_POINTS * components.strained
    )
    return BufferPotential(
        round(min(max(raw, 0.0), 100.0)),
        _reason(counts, depth, components.matching, components.regularity, cadence_days),
        components,
    )


def buffer_potential(
    exchanges: Iterable[ExchangeFacts], cadence_days: int, now: datetime
) -> BufferPotential:
    """Buffer potential of one contact from its exchanges, in any order."""
    return buffer_from_ordered(chronological(exchanges), cadence_days, now)


@dataclass(frozen=True, slots=True)
class ContactHistory:
    """What the ranking needs to know about one contact."""

    contact_id: int
    name: str
    exchanges: Sequence[ExchangeFacts]
    cadence_days: int


@dataclass(frozen=True, slots=True)
class RankedContact:
    """One row of the ranking: who, their buffer potential and why, and the
    figures the stress-buffers map and the report show beside it (over the
    recent exchanges; None before the first)."""

    contact_id: int
    name: str
    buffer_potential: int | None
    reason: str
    matching_rate: float | None = None
    mutual_depth: float | None = None
    keep_in_touch: ContactStatus = ContactStatus.NO_EXCHANGES


def rank_by_buffer_potential(
    contacts: Iterable[ContactHistory], now: datetime
) -> list[RankedContact]:
    """Contacts from the strongest potential buffer down; "not enough data" last.

    Ties are broken by name (case- and accent-insensitive), then id, so the
    list never reshuffles between refreshes.
    """
    rows = []
    for contact in contacts:
        ordered = chronological(contact.exchanges)
        buffer = buffer_from_ordered(ordered, contact.cadence_days, now)
        latest = recent(ordered, RECENT_WINDOW)
        rows.append(
            RankedContact(
                contact_id=contact.contact_id,
                name=contact.name,
                buffer_potential=buffer.score,
                reason=buffer.reason,
                matching_rate=matching_rate(latest),
                mutual_depth=average_mutual_depth(latest),
                keep_in_touch=keep_in_touch(ordered, contact.cadence_days, now).status,
            )
        )
    return sorted(
        rows,
        key=lambda row: (
            row.buffer_potential is None,
            -(row.buffer_potential or 0),
            fold(row.name),
            row.contact_id,
        ),
    )
