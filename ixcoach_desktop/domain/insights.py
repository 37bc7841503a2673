"""Everything the insights strip shows about one relationship, computed in one call."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ixcoach_desktop.domain.buffer import BufferPotential, buffer_from_ordered
from ixcoach_desktop.domain.keep_in_touch import KeepInTouch, keep_in_touch
from ixcoach_desktop.domain.models import ExchangeFacts
from ixcoach_desktop.domain.next_step import NextStep, next_step_from_ordered
from ixcoach_desktop.domain.reciprocity import (
    RECENT_WINDOW,
    Breadth,
    DepthChange,
    Openings,
    average_mutual_depth,
    both_emotional_share,
    breadth,
    chronological,
    depth_change,
    matching_rate,
    openings,
    recent,
)


@dataclass(frozen=True, slots=True)
class RelationshipInsights:
    """The state of one relationship; "recent" means the last ``RECENT_WINDOW``.

    ``matching_rate``, ``mutual_depth`` and ``both_emotional_share`` are
    None before the first exchange, ``depth_change`` until there are enough
    exchanges to compare. ``openings`` and ``both_emotional_share`` are over
    the recent exchanges: "they opened 8 of your last 10 conversations",
    "in 3 of 10 you both shared feelings".
    """

    exchange_count: int
    matching_rate: float | None
    mutual_depth: float | None
    depth_change: DepthChange | None
    breadth: Breadth
    openings: Openings
    both_emotional_share: float | None
    keep_in_touch: KeepInTouch
    buffer: BufferPotential
    next_step: NextStep


def relationship_insights(
    exchanges: Iterable[ExchangeFacts], cadence_days: int, now: datetime
) -> RelationshipInsights:
    """All metrics for one contact from its exchanges, in any order.

    ``now`` is passed in, never read from the clock, so the result is
    reproducible and testable.
    """
    ordered = chronological(exchanges)
    latest = recent(ordered, RECENT_WINDOW)
    opened = breadth(ordered)
    return RelationshipInsights(
        exchange_count=len(ordered),
        matching_rate=matching_rate(latest),
        mutual_depth=average_mutual_depth(latest),
        depth_change=depth_change(ordered),
        breadth=opened,
        openings=openings(latest),
        both_emotional_share=both_emotional_share(latest),
        keep_in_touch=keep_in_touch(ordered, cadence_days, now),
        buffer=buffer_from_ordered(ordered, cadence_days, now),
        next_step=next_step_from_ordered(ordered, opened.theirs),
    )
