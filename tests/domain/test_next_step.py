"""The next step: level, reason, topic idea and the surface-only nudge."""

from __future__ import annotations

import pytest

from ixcoach_desktop.domain.next_step import next_step
from ixcoach_desktop.domain.scales import DepthLevel, Topic
from ixcoach_desktop.domain.topic_ideas import TOPIC_IDEAS
from tests.domain.builders import ex, series


def test_no_history_suggests_a_modest_start() -> None:
    step = next_step([])
    assert step.level is DepthLevel.PREFERENCES
    assert "genuine but modest" in step.reason
    assert step.topic is Topic.TASTES
    assert step.idea == TOPIC_IDEAS[DepthLevel.PREFERENCES][Topic.TASTES][0]
    assert step.surface_nudge is None


def test_meet_them_at_most_one_step_past_the_mutual_depth() -> None:
    step = next_step([ex(1, 3)])
    assert step.level is DepthLevel.PREFERENCES
    assert step.reason == (
        "They have gone as far as 'personal'; meet them a step at a time, at 'preferences'."
    )


def test_matched_plateau_invites_one_small_step_deeper() -> None:
    step = next_step(series((2, 2), (2, 2), (2, 2)))
    assert step.level is DepthLevel.PERSONAL
    assert "one small step deeper" in step.reason


def test_stepping_deeper_stops_at_vulnerable() -> None:
    step = next_step(series((4, 4), (4, 4), (4, 4)))
    assert step.level is DepthLevel.VULNERABLE
    assert step.reason == "Match the 'vulnerable' level they have offered recently."


def test_core_is_suggested_only_to_match_them_after_deep_mutual_sharing() -> None:
    assert next_step(series((4, 4), (4, 5))).level is DepthLevel.CORE
    # They went to core, but we have only met at "preferences".
    assert next_step(series((2, 2), (2, 5))).level is DepthLevel.PERSONAL


def test_their_recent_deepest_level_counts_not_only_the_last() -> None:
    step = next_step(series((3, 3), (2, 2), (2, 2)))
    assert step.level is DepthLevel.PERSONAL


def test_levels_older_than_the_lookback_are_not_an_invitation() -> None:
    step = next_step(series((4, 4), (1, 1), (1, 1), (1, 2)))
    assert step.level is DepthLevel.PREFERENCES


def test_after_poor_reception_step_back() -> None:
    step = next_step([ex(3, 3, days_ago=7), ex(3, 3, 1)])
    assert step.level is DepthLevel.PREFERENCES
    assert "didn't land well" in step.reason


def test_after_an_unreciprocated_disclosure_stay_at_their_level() -> None:
    step = next_step([ex(3, 3, days_ago=7), ex(4, 1)])
    assert step.level is DepthLevel.SURFACE
    assert "didn't match you" in step.reason


def test_when_nobody_shared_lately_open_lightly() -> None:
    step = next_step(series((0, 0), (0, 0)))
    assert step.level is DepthLevel.SURFACE
    assert "open with something light" in step.reason


def test_topic_prefers_a_category_they_have_not_opened() -> None:
    opened = frozenset(Topic) - {Topic.BODY}
    step = next_step([ex(2, 2, topics=opened)])
    assert step.topic is Topic.BODY
    assert step.idea in TOPIC_IDEAS[step.level][Topic.BODY]


def test_topic_counts_only_categories_they_shared_in() -> None:
    # I talked about money; they shared nothing, so money is still unopened by them.
    money = frozenset({Topic.MONEY})
    step = next_step(
        [ex(1, 0, topics=money, days_ago=7), ex(2, 2, topics=frozenset(Topic) - money)]
    )
    assert step.topic is Topic.MONEY


def test_topic_and_idea_rotate_with_each_exchange() -> None:
    first = next_step(series((2, 2)))
    second = next_step(series((2, 2), (2, 2)))
    assert first.topic is Topic.WORK
    assert second.topic is Topic.ATTITUDES
    seven = next_step(series(*[(2, 2)] * 7))
    assert seven.topic is Topic.WORK
    assert seven.idea == TOPIC_IDEAS[seven.level][Topic.WORK][1]


def test_next_step_is_deterministic() -> None:
    exchanges = series((1, 2), (2, 2), (2, 3))
    assert next_step(exchanges) == next_step(list(reversed(exchanges)))


def test_surface_only_relationship_gets_a_nudge() -> None:
    step = next_step(series(*[(2, 1)] * 6))
    assert step.surface_nudge is not None
    assert step.surface_nudge.startswith("6 exchanges over 5 weeks")
    assert "'personal'" in step.surface_nudge
    assert next_step(series(*[(2, 1)] * 5)).surface_nudge is None


def test_summary_line() -> None:
    step = next_step([])
    assert step.summary == f"Aim for 'preferences' — Tastes & interests: {step.idea}"


@pytest.mark.parametrize("level", [level for level in DepthLevel if level > 0])
def test_every_level_and_topic_has_ideas(level: DepthLevel) -> None:
    minimum = 1 if level is DepthLevel.CORE else 2
    for topic in Topic:
        ideas = TOPIC_IDEAS[level][topic]
        assert len(ideas) >= minimum
        assert len(set(ideas)) == len(ideas)
