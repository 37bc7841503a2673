"""How the insights strip words turn-taking and shared feelings (pure formatting)."""

from __future__ import annotations

from ixcoach_desktop.domain.insights import relationship_insights
from ixcoach_desktop.domain.scales import Opener
from ixcoach_desktop.gui.exchanges.guidance_view import insights_from
from ixcoach_desktop.gui.exchanges.insights_strip import EMPTY_INSIGHTS
from tests.domain.builders import NOW, ex


def test_the_strip_says_who_opened_the_recent_conversations() -> None:
    history = [ex(2, 2, days_ago=d, opened_by=Opener.THEM) for d in range(1, 9)]
    history += [ex(2, 2, days_ago=d) for d in (9, 10)]
    shown = insights_from(relationship_insights(history, 14, NOW))
    assert shown.openings.value == "them 8/10"
    assert shown.openings.detail.startswith("They opened 8 of your last 10 conversations.")


def test_an_even_share_of_openings_reads_as_even() -> None:
    history = [ex(2, 2, days_ago=1), ex(2, 2, days_ago=2, opened_by=Opener.THEM)]
    assert insights_from(relationship_insights(history, 14, NOW)).openings.value == "even"


def test_the_strip_shows_how_often_both_shared_feelings() -> None:
    history = [ex(3, 3, days_ago=1, my_emotional=True, their_emotional=True)]
    history += [ex(3, 3, days_ago=d, my_emotional=True) for d in (2, 3, 4)]
    shown = insights_from(relationship_insights(history, 14, NOW))
    assert shown.feelings.value == "25%"
    assert "last 4 exchanges you both shared feelings" in shown.feelings.detail


def test_no_history_shows_the_empty_cards() -> None:
    shown = insights_from(relationship_insights([], 14, NOW))
    assert shown.openings == EMPTY_INSIGHTS.openings
    assert shown.feelings == EMPTY_INSIGHTS.feelings
