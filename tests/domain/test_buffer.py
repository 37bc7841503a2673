"""Buffer potential and the ranking, computed by hand."""

from __future__ import annotations

import pytest

from ixcoach_desktop.domain.buffer import (
    BUFFER_MIN_EXCHANGES,
    DEPTH_POINTS,
    MATCHING_POINTS,
    RECEPTION_CREDIT,
    RECEPTION_POINTS,
    REGULARITY_POINTS,
    STRAIN_PENALTY_POINTS,
    ContactHistory,
    buffer_potential,
    rank_by_buffer_potential,
)
from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.scales import Reception
from tests.domain.builders import NOW, ex, many_contacts

# One exchange in each of the last three fortnights: fully regular at cadence 14.
FORTNIGHTLY = (1, 15, 29)


def three(my: int, their: int, reception: int = 5) -> list[Exchange]:
    return [ex(my, their, reception, days_ago=days) for days in FORTNIGHTLY]


def test_not_enough_data_below_three_exchanges() -> None:
    assert BUFFER_MIN_EXCHANGES == 3
    empty = buffer_potential([], 14, NOW)
    assert empty.score is None
    assert empty.reason == "Not enough data yet: log 3 more exchanges"
    assert empty.components is None
    two = buffer_potential(three(3, 3)[:2], 14, NOW)
    assert two.score is None
    assert two.reason == "Not enough data yet: log 1 more exchange"


def test_deep_matched_well_received_regular_scores_full() -> None:
    result = buffer_potential(three(4, 4), 14, NOW)
    assert result.score == 100
    assert result.reason == "Deep and balanced, kept up every 14 days"
    assert result.components is not None
    assert result.components.regularity == 1.0


def test_one_sided_disclosure_is_docked_for_strain() -> None:
    result = buffer_potential(three(4, 1), 14, NOW)
    components = result.components
    assert components is not None
    assert components.depth == pytest.approx(0.25)
    assert components.matching == 0.0
    assert components.reception == 1.0
    assert components.strained == 3
    expected = DEPTH_POINTS * 0.25 + RECEPTION_POINTS + REGULARITY_POINTS
    assert result.score == round(expected - 3 * STRAIN_PENALTY_POINTS)
    assert result.reason == "Mostly one-sided: you share more than they do"


def test_poorly_received_exchange_counts_as_no_depth_no_match_no_contact() -> None:
    exchanges = [
        ex(3, 3, Reception.DISMISSIVE, days_ago=1),
        ex(3, 3, Reception.SUPPORTIVE, days_ago=15),
        ex(3, 3, Reception.SUPPORTIVE, days_ago=29),
    ]
    result = buffer_potential(exchanges, 14, NOW)
    components = result.components
    assert components is not None
    assert components.depth == pytest.approx((3 + 3 + 0) / 3 / 4)
    assert components.matching == pytest.approx(2 / 3)
    assert components.reception == pytest.approx(2 * RECEPTION_CREDIT[Reception.SUPPORTIVE] / 3)
    # The dismissive conversation was this fortnight's only contact.
    assert components.regularity == pytest.approx(2 / 3)
    assert components.strained == 1
    expected = (
        DEPTH_POINTS * 0.5
        + MATCHING_POINTS * 2 / 3
        + RECEPTION_POINTS * components.reception
        + REGULARITY_POINTS * 2 / 3
        - STRAIN_PENALTY_POINTS
    )
    assert result.score == round(expected) == 52
    assert result.reason == "1 of your last 3 exchanges was received poorly; go gently"


def test_drifting_apart_loses_the_regularity_points() -> None:
    exchanges = [ex(2, 2, 5, days_ago=days) for days in (100, 114, 128)]
    result = buffer_potential(exchanges, 14, NOW)
    assert result.components is not None
    assert result.components.regularity == 0.0
    assert result.score == 60
    assert result.reason == ("Balanced and getting personal, but you have drifted out of touch")


def test_surface_relationship_reason() -> None:
    exchanges = [
        ex(1, 1, 5, days_ago=1),
        ex(1, 1, 5, days_ago=15),
        ex(2, 2, 5, days_ago=29),
    ]
    result = buffer_potential(exchanges, 14, NOW)
    assert result.score == 80
    assert result.reason == "Friendly but still on the surface, kept up every 14 days"


def test_patchy_contact_reason() -> None:
    # Three of six fortnights covered.
    exchanges = [ex(3, 3, 5, days_ago=days) for days in (1, 29, 80)]
    result = buffer_potential(exchanges, 14, NOW)
    assert result.components is not None
    assert result.components.regularity == pytest.approx(0.5)
    assert result.reason == "Deep and balanced, though contact is patchy"


def test_young_relationship_is_judged_only_on_its_own_periods() -> None:
    exchanges = [ex(2, 2, days_ago=days) for days in (0, 1, 2)]
    result = buffer_potential(exchanges, 14, NOW)
    assert result.components is not None
    assert result.components.regularity == 1.0


def test_listening_only_is_their_one_sided_sharing() -> None:
    result = buffer_potential(three(0, 3), 14, NOW)
    assert result.score == round(REGULARITY_POINTS)
    assert result.reason == "Mostly one-sided: they share more than you do"


def test_rarely_matched_reason() -> None:
    exchanges = [
        ex(3, 3, 5, days_ago=1),
        ex(4, 2, 5, days_ago=8),
        ex(2, 4, 5, days_ago=15),
        ex(3, 5, 5, days_ago=22),
        ex(5, 3, 5, days_ago=29),
    ]
    result = buffer_potential(exchanges, 14, NOW)
    assert result.reason == "Personal at times, but rarely matched, kept up every 14 days"


def test_only_the_last_ten_exchanges_count_for_depth_and_strain() -> None:
    old_strain = [ex(5, 0, 1, days_ago=70 + week * 7) for week in range(5)]
    good = [ex(4, 4, 5, days_ago=week * 7) for week in range(10)]
    result = buffer_potential(old_strain + good, 7, NOW)
    assert result.components is not None
    assert result.components.strained == 0
    assert result.score == 100


def test_input_order_does_not_matter() -> None:
    exchanges = [
        ex(3, 3, 5, days_ago=1),
        ex(4, 1, 2, days_ago=1),
        ex(2, 2, 4, days_ago=20),
        ex(1, 0, 3, days_ago=40),
    ]
    assert buffer_potential(exchanges, 14, NOW) == buffer_potential(
        list(reversed(exchanges)), 14, NOW
    )


def test_ranking_puts_strongest_first_and_not_enough_data_last() -> None:
    ranked = rank_by_buffer_potential(
        [
            ContactHistory(1, "Newcomer", three(3, 3)[:1], 14),
            ContactHistory(2, "bob", three(4, 4), 14),
            ContactHistory(3, "One-sided", three(4, 1), 14),
            ContactHistory(4, "Älva", three(4, 4), 14),
            ContactHistory(5, "Abel", [], 14),
        ],
        NOW,
    )
    assert [row.contact_id for row in ranked] == [4, 2, 3, 5, 1]
    assert ranked[0].buffer_potential == 100
    assert ranked[0].reason == "Deep and balanced, kept up every 14 days"
    assert ranked[-1].buffer_potential is None


def test_a_thousand_contacts_are_each_ranked_once() -> None:
    # How fast: `make bench` (tests/benchmarks/bench_ranking.py), not a unit test.
    ranked = rank_by_buffer_potential(many_contacts(1000, 10), NOW)
    assert sorted(row.contact_id for row in ranked) == list(range(1000))
    potentials = [row.buffer_potential for row in ranked if row.buffer_potential is not None]
    assert potentials == sorted(potentials, reverse=True)
