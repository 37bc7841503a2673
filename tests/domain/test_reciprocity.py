"""Hand-computed cases for the reciprocity maths."""

from __future__ import annotations

import pytest

from ixcoach_desktop.domain.reciprocity import (
    DepthTrend,
    Openings,
    average_mutual_depth,
    both_emotional_share,
    breadth,
    chronological,
    deepest_mutual,
    deepest_offered,
    depth_change,
    is_matched,
    is_poorly_received,
    is_strained,
    is_surface_only,
    is_unreciprocated,
    matching_rate,
    mutual_depth,
    openings,
    recent,
    rolling_matching_rate,
    they_went_further,
)
from ixcoach_desktop.domain.scales import DepthLevel, Opener, Topic
from tests.domain.builders import ex, series


@pytest.mark.parametrize(
    ("my", "their", "matched"),
    [
        (3, 3, True),
        (3, 2, True),
        (2, 3, True),
        (1, 1, True),
        (4, 2, False),
        (2, 4, False),
        (1, 0, False),
        (0, 1, False),
        (0, 0, False),
    ],
)
def test_matched_needs_both_sharing_within_one_level(my: int, their: int, matched: bool) -> None:
    assert is_matched(ex(my, their)) is matched


def test_gap_and_mutual_depth() -> None:
    exchange = ex(4, 1)
    assert exchange.gap == 3
    assert mutual_depth(exchange) == 1


@pytest.mark.parametrize(
    ("my", "their", "expected"),
    [(1, 0, True), (3, 1, True), (3, 2, False), (0, 0, False), (2, 5, False)],
)
def test_unreciprocated(my: int, their: int, expected: bool) -> None:
    assert is_unreciprocated(ex(my, their)) is expected


@pytest.mark.parametrize(
    ("my", "their", "expected"),
    [(0, 1, True), (1, 3, True), (2, 3, False), (0, 0, False), (5, 2, False)],
)
def test_they_went_further(my: int, their: int, expected: bool) -> None:
    assert they_went_further(ex(my, their)) is expected


@pytest.mark.parametrize(
    ("reception", "poor"), [(1, True), (2, True), (3, False), (4, False), (5, False)]
)
def test_poor_reception_is_dismissive_or_awkward(reception: int, poor: bool) -> None:
    exchange = ex(2, 2, reception)
    assert is_poorly_received(exchange) is poor
    assert is_strained(exchange) is poor


def test_no_reception_when_i_shared_nothing_is_not_poor() -> None:
    assert not is_poorly_received(ex(0, 3, None))


def test_matching_rate_on_a_known_list() -> None:
    exchanges = series((3, 3), (4, 1), (2, 1), (0, 2), (1, 1))
    # Matched: (3,3), (2,1), (1,1) -> 3 of 5.
    assert matching_rate(exchanges) == pytest.approx(0.6)
    assert matching_rate([]) is None


def test_recent_window_keeps_the_latest() -> None:
    exchanges = series(*[(1, 1)] * 12)
    assert list(recent(exchanges, 10)) == exchanges[2:]


def test_average_mutual_depth() -> None:
    assert average_mutual_depth(series((3, 2), (4, 4), (1, 0))) == pytest.approx(2.0)
    assert average_mutual_depth([]) is None


def test_depth_trend_rising() -> None:
    exchanges = series((1, 1), (1, 2), (2, 2), (3, 3))
    change = depth_change(exchanges)
    assert change is not None
    # Later half mean (2 + 3) / 2 = 2.5, earlier (1 + 1) / 2 = 1.
    assert change.change == pytest.approx(1.5)
    assert change.trend is DepthTrend.RISING


def test_depth_trend_falling_and_steady() -> None:
    falling = depth_change(series((3, 3), (3, 4), (2, 2), (1, 2)))
    assert falling is not None
    assert falling.trend is DepthTrend.FALLING
    at_threshold = depth_change(series((2, 2), (2, 3), (2, 2), (3, 3)))
    assert at_threshold is not None
    # (2 + 3) / 2 - (2 + 2) / 2 = 0.5 is exactly the threshold: rising.
    assert at_threshold.trend is DepthTrend.RISING
    flat = depth_change(series((2, 2), (2, 2), (2, 2), (2, 3)))
    assert flat is not None
    assert flat.trend is DepthTrend.STEADY


def test_depth_trend_uses_five_against_five() -> None:
    # Oldest two are outside both halves once there are twelve exchanges.
    exchanges = series(*([(5, 5)] * 2 + [(1, 1)] * 5 + [(2, 2)] * 5))
    change = depth_change(exchanges)
    assert change is not None
    assert change.change == pytest.approx(1.0)


def test_depth_trend_needs_four_exchanges() -> None:
    assert depth_change(series((1, 1), (2, 2), (3, 3))) is None


def test_breadth_attributes_each_side_its_own_level() -> None:
    exchanges = [
        ex(3, 1, topics=frozenset({Topic.WORK, Topic.MONEY}), days_ago=2),
        ex(1, 4, topics=frozenset({Topic.WORK}), days_ago=1),
        ex(0, 2, topics=frozenset({Topic.BODY})),
    ]
    result = breadth(exchanges)
    assert dict(result.mine) == {
        Topic.WORK: DepthLevel.PERSONAL,
        Topic.MONEY: DepthLevel.PERSONAL,
    }
    assert dict(result.theirs) == {
        Topic.WORK: DepthLevel.VULNERABLE,
        Topic.MONEY: DepthLevel.SURFACE,
        Topic.BODY: DepthLevel.PREFERENCES,
    }
    # Listed in the categories' own order, whatever order they were met in.
    assert list(result.theirs) == [Topic.WORK, Topic.MONEY, Topic.BODY]


def test_deepest_offered_and_mutual() -> None:
    exchanges = series((1, 4), (3, 3), (5, 1))
    assert deepest_offered(exchanges) is DepthLevel.VULNERABLE
    assert deepest_mutual(exchanges) == 3
    assert deepest_offered([]) is DepthLevel.NOTHING
    assert deepest_mutual([]) == 0


def test_openings_and_both_emotional_share() -> None:
    exchanges = [
        ex(2, 2, opened_by=Opener.ME, my_emotional=True, their_emotional=True),
        ex(3, 0, opened_by=Opener.THEM, my_emotional=True),
        ex(2, 2, 1, opened_by=Opener.ME),
        ex(4, 1, 2, opened_by=Opener.THEM),
    ]
    assert openings(exchanges) == Openings(by_them=2, count=4)
    assert both_emotional_share(exchanges) == pytest.approx(0.25)
    assert openings([]) == Openings(by_them=0, count=0)
    assert both_emotional_share([]) is None


def test_surface_only_needs_six_over_four_weeks_all_shallow() -> None:
    # Six exchanges, 28 days from first to last.
    weekly = [ex(2, 1, days_ago=days) for days in (28, 21, 14, 10, 7, 0)]
    assert is_surface_only(weekly)
    assert not is_surface_only(weekly[1:])
    too_short = [ex(2, 1, days_ago=days) for days in (27, 21, 14, 10, 7, 0)]
    assert not is_surface_only(too_short)
    one_deeper = [*weekly[:-1], ex(1, 3)]
    assert not is_surface_only(one_deeper)


def test_rolling_series_are_aligned_with_the_exchanges() -> None:
    exchanges = series((1, 1), (3, 0), (2, 2), (2, 3))
    assert rolling_matching_rate(exchanges, 2) == pytest.approx([1.0, 0.5, 0.5, 1.0])
    assert rolling_matching_rate([], 3) == []


def test_rolling_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        rolling_matching_rate(series((1, 1)), 0)


def test_chronological_orders_ties_the_same_whatever_the_input_order() -> None:
    same_moment = [ex(1, 1), ex(3, 2), ex(2, 2, 1), ex(3, 2, exchange_id=4)]
    older = ex(5, 5, days_ago=1)
    forwards = chronological([*same_moment, older])
    backwards = chronological([older, *reversed(same_moment)])
    assert forwards == backwards
    assert forwards[0] is older
