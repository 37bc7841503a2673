"""Properties of the guidance maths that must hold for every history."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ixcoach_desktop.domain.buffer import (
    BUFFER_MIN_EXCHANGES,
    ContactHistory,
    buffer_potential,
    rank_by_buffer_potential,
)
from ixcoach_desktop.domain.guidance import GuidanceRule, live_guidance
from ixcoach_desktop.domain.insights import relationship_insights
from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.next_step import next_step
from ixcoach_desktop.domain.reciprocity import (
    RECENT_WINDOW,
    chronological,
    deepest_mutual,
    matching_rate,
    recent,
    rolling_matching_rate,
)
from ixcoach_desktop.domain.scales import DepthLevel
from tests.domain.builders import (
    NOW,
    cadences,
    exchanges,
    histories,
    levels,
    matched_exchanges,
    poorly_received_exchanges,
)

EXAMPLES = settings(max_examples=150, deadline=None)


@EXAMPLES
@given(histories, cadences)
def test_buffer_potential_is_0_to_100_or_not_enough_data(
    history: list[Exchange], cadence: int
) -> None:
    score = buffer_potential(history, cadence, NOW).score
    if len(history) < BUFFER_MIN_EXCHANGES:
        assert score is None
    else:
        assert score is not None
        assert 0 <= score <= 100


@EXAMPLES
@given(histories, poorly_received_exchanges, cadences)
def test_a_poorly_received_exchange_never_raises_buffer_potential(
    history: list[Exchange], poor: Exchange, cadence: int
) -> None:
    before = buffer_potential(history, cadence, NOW).score
    after = buffer_potential([*history, poor], cadence, NOW).score
    if before is not None:
        assert after is not None
        assert after <= before


@EXAMPLES
@given(st.lists(exchanges(), min_size=1, max_size=25), matched_exchanges())
def test_a_matched_exchange_never_lowers_the_matching_rate(
    history: list[Exchange], matched: Exchange
) -> None:
    before = matching_rate(recent(chronological(history), RECENT_WINDOW))
    after = matching_rate(recent(chronological([*history, matched]), RECENT_WINDOW))
    assert before is not None
    assert after is not None
    assert after >= before


@EXAMPLES
@given(histories, cadences, st.randoms(use_true_random=False))
def test_metrics_do_not_depend_on_input_order(
    history: list[Exchange], cadence: int, rng: random.Random
) -> None:
    shuffled = list(history)
    rng.shuffle(shuffled)
    assert relationship_insights(shuffled, cadence, NOW) == relationship_insights(
        history, cadence, NOW
    )


@EXAMPLES
@given(histories, st.integers(min_value=1, max_value=12))
def test_rolling_series_are_aligned_and_bounded(history: list[Exchange], window: int) -> None:
    ordered = chronological(history)
    rates = rolling_matching_rate(ordered, window)
    assert len(rates) == len(ordered)
    assert all(0.0 <= rate <= 1.0 for rate in rates)
    if ordered:
        assert rates[-1] == matching_rate(recent(ordered, window))


@EXAMPLES
@given(histories)
def test_next_step_never_rushes(history: list[Exchange]) -> None:
    step = next_step(history)
    assert step.level >= DepthLevel.SURFACE
    if step.level is DepthLevel.CORE:
        assert deepest_mutual(history) >= DepthLevel.PERSONAL
    if history:
        lookback = chronological(history)[-3:]
        deepest_recent_mutual = max(min(e.my_level, e.their_level) for e in lookback)
        assert step.level <= max(deepest_recent_mutual + 1, DepthLevel.SURFACE)


@EXAMPLES
@given(
    histories,
    levels,
    levels,
    st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
)
def test_escalation_warning_fires_exactly_past_one_step(
    history: list[Exchange], mine: int, theirs: int, reception: int | None
) -> None:
    guidance = live_guidance(history, mine, theirs, reception)
    offered = max((e.their_level for e in history), default=theirs)
    assert guidance.has(GuidanceRule.ESCALATION) is (mine > offered + 1)
    assert guidance.messages
    assert guidance.has(GuidanceRule.FIRST_EXCHANGE) is (not history)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(exchanges(), max_size=12), cadences), max_size=5))
def test_ranking_is_sorted_with_not_enough_data_last(
    contacts: list[tuple[list[Exchange], int]],
) -> None:
    ranked = rank_by_buffer_potential(
        [
            ContactHistory(index, f"Contact {index}", history, cadence)
            for index, (history, cadence) in enumerate(contacts)
        ],
        NOW,
    )
    assert len(ranked) == len(contacts)
    scores = [row.buffer_potential for row in ranked]
    known = [score for score in scores if score is not None]
    assert scores == [*known, *[None] * (len(scores) - len(known))]
    assert known == sorted(known, reverse=True)
    assert all(row.reason for row in ranked)
