"""The one-call summary the insights strip shows."""

from __future__ import annotations

import pytest

from ixcoach_desktop.domain.buffer import buffer_potential
from ixcoach_desktop.domain.insights import relationship_insights
from ixcoach_desktop.domain.keep_in_touch import ContactStatus
from ixcoach_desktop.domain.next_step import next_step
from ixcoach_desktop.domain.reciprocity import DepthTrend
from ixcoach_desktop.domain.scales import DepthLevel, Opener, Topic
from tests.domain.builders import NOW, ex


def test_insights_of_a_growing_relationship() -> None:
    exchanges = [
        ex(1, 1, days_ago=40, topics=frozenset({Topic.TASTES})),
        ex(2, 1, days_ago=30, opened_by=Opener.THEM),
        ex(2, 3, days_ago=20, topics=frozenset({Topic.WORK})),
        ex(3, 3, days_ago=17, my_emotional=True, their_emotional=True),
    ]
    insights = relationship_insights(exchanges, 14, NOW)
    assert insights.exchange_count == 4
    assert insights.matching_rate == 1.0
    # Mutual depths 1, 1, 2, 3.
    assert insights.mutual_depth == pytest.approx(1.75)
    assert insights.depth_change is not None
    assert insights.depth_change.trend is DepthTrend.RISING
    assert dict(insights.breadth.theirs) == {
        Topic.TASTES: DepthLevel.SURFACE,
        Topic.WORK: DepthLevel.PERSONAL,
    }
    assert (insights.openings.by_them, insights.openings.count) == (1, 4)
    assert insights.both_emotional_share == pytest.approx(0.25)
    assert insights.keep_in_touch.status is ContactStatus.DUE
    assert insights.keep_in_touch.days_since_last == 17
    assert insights.buffer == buffer_potential(exchanges, 14, NOW)
    assert insights.next_step == next_step(exchanges)


def test_insights_before_the_first_exchange() -> None:
    insights = relationship_insights([], 14, NOW)
    assert insights.exchange_count == 0
    assert insights.matching_rate is None
    assert insights.mutual_depth is None
    assert insights.depth_change is None
    assert (insights.openings.by_them, insights.openings.count) == (0, 0)
    assert insights.both_emotional_share is None
    assert insights.keep_in_touch.status is ContactStatus.NO_EXCHANGES
    assert insights.buffer.score is None
    assert insights.next_step.level is DepthLevel.PREFERENCES


def test_openings_and_shared_feelings_count_the_recent_conversations_only() -> None:
    older = [ex(2, 2, days_ago=100, my_emotional=True, their_emotional=True)] * 5
    latest = [ex(2, 2, days_ago=10 - i, opened_by=Opener.THEM) for i in range(8)]
    latest += [ex(2, 2, days_ago=1), ex(2, 2, my_emotional=True, their_emotional=True)]
    insights = relationship_insights(older + latest, 14, NOW)
    # "They opened 8 of your last 10 conversations."
    assert (insights.openings.by_them, insights.openings.count) == (8, 10)
    assert insights.openings.by_me == 2
    assert insights.both_emotional_share == pytest.approx(0.1)
