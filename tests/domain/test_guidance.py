"""Live guidance rules, case by case, including the two the GUI tests rely on."""

from __future__ import annotations

from ixcoach_desktop.domain.guidance import (
    Guidance,
    GuidanceMessage,
    GuidanceRule,
    Severity,
    live_guidance,
)
from ixcoach_desktop.domain.models import Exchange
from tests.domain.builders import ex

# A contact who has never gone past "surface".
SURFACE_ONLY_HISTORY = [ex(1, 1, days_ago=14), ex(2, 1, days_ago=7)]
# A contact who has shared at "personal" level, so going there is no escalation.
PERSONAL_HISTORY = [ex(3, 3, days_ago=7)]


def rules(guidance: Guidance) -> list[GuidanceRule]:
    return [message.rule for message in guidance.messages]


def test_escalation_past_their_deepest_level_warns() -> None:
    guidance = live_guidance(SURFACE_ONLY_HISTORY, 4, 1, 4)
    assert guidance.has(GuidanceRule.ESCALATION)
    assert guidance.severity is Severity.WARNING
    assert "too quickly" in guidance.text
    assert "aim for 'surface' or 'preferences'" in guidance.text.lower()


def test_one_step_past_their_deepest_level_is_fine() -> None:
    guidance = live_guidance(SURFACE_ONLY_HISTORY, 2, 1, 4)
    assert not guidance.has(GuidanceRule.ESCALATION)
    assert "too quickly" not in guidance.text


def test_escalation_compares_with_the_deepest_level_in_history() -> None:
    history = [*SURFACE_ONLY_HISTORY, ex(3, 3, days_ago=3)]
    assert not live_guidance(history, 4, 1, 4).has(GuidanceRule.ESCALATION)
    assert live_guidance(history, 5, 1, 4).has(GuidanceRule.ESCALATION)


def test_escalation_when_they_have_never_shared() -> None:
    guidance = live_guidance([ex(1, 0, days_ago=3)], 3, 0, 4)
    message = guidance.messages[0]
    assert message.rule is GuidanceRule.ESCALATION
    assert "they haven't shared anything yet" in message.text
    assert "Aim for 'surface' and" in message.text


def test_first_exchange_escalation_compares_with_their_level_now() -> None:
    assert live_guidance([], 3, 1, 4).has(GuidanceRule.ESCALATION)
    assert not live_guidance([], 2, 1, 4).has(GuidanceRule.ESCALATION)


def test_core_level_in_a_new_relationship_is_a_crisis_caution() -> None:
    guidance = live_guidance([], 5, 0, None)
    assert guidance.has(GuidanceRule.CRISIS_LEVEL)
    assert "crisis" in guidance.text
    crisis = next(m for m in guidance.messages if m.rule is GuidanceRule.CRISIS_LEVEL)
    assert crisis.severity is Severity.CAUTION


def test_core_level_is_not_flagged_once_mutual_personal_depth_was_reached() -> None:
    history = [ex(3, 3, days_ago=20), ex(4, 5, days_ago=10)]
    guidance = live_guidance(history, 5, 5, 5)
    assert not guidance.has(GuidanceRule.CRISIS_LEVEL)
    assert not guidance.has(GuidanceRule.ESCALATION)


def test_core_level_after_unmatched_depth_is_still_flagged() -> None:
    # They went to 5 once, but never in an exchange where I also went past 2.
    history = [ex(2, 5, days_ago=20), ex(5, 2, days_ago=10)]
    assert live_guidance(history, 5, 5, 5).has(GuidanceRule.CRISIS_LEVEL)


def test_not_reciprocated_suggests_slowing_down() -> None:
    guidance = live_guidance(PERSONAL_HISTORY, 3, 1, 4)
    assert rules(guidance) == [GuidanceRule.NOT_RECIPROCATED]
    assert "slow down" in guidance.text
    assert "they stayed at 'surface'" in guidance.text


def test_sharing_into_silence_is_not_reciprocated() -> None:
    guidance = live_guidance(SURFACE_ONLY_HISTORY, 1, 0, 4)
    assert rules(guidance) == [GuidanceRule.NOT_RECIPROCATED]
    assert "didn't share anything back" in guidance.text


def test_poor_reception_suggests_slowing_down() -> None:
    for reception in (1, 2):
        guidance = live_guidance(SURFACE_ONLY_HISTORY, 2, 2, reception)
        assert rules(guidance) == [GuidanceRule.POORLY_RECEIVED]
        assert "slow down" in guidance.text
    assert "awkwardly" in live_guidance(SURFACE_ONLY_HISTORY, 2, 2, 2).text


def test_poor_reception_and_no_reciprocity_make_one_message() -> None:
    guidance = live_guidance(PERSONAL_HISTORY, 3, 0, 1)
    assert rules(guidance) == [GuidanceRule.POORLY_RECEIVED]
    assert "dismissively and they didn't share back in kind" in guidance.text


def test_neutral_reception_is_not_flagged() -> None:
    assert not live_guidance(SURFACE_ONLY_HISTORY, 2, 2, 3).has(GuidanceRule.POORLY_RECEIVED)


def test_reception_is_ignored_when_i_shared_nothing() -> None:
    guidance = live_guidance(SURFACE_ONLY_HISTORY, 0, 1, 1)
    assert not guidance.has(GuidanceRule.POORLY_RECEIVED)


def test_first_exchange_is_encouraged() -> None:
    guidance = live_guidance([], 1, 1, 4)
    assert rules(guidance) == [GuidanceRule.FIRST_EXCHANGE, GuidanceRule.LEVELS]
    assert "genuine but modest" in guidance.text
    assert guidance.severity is Severity.INFO


def test_matched_levels_are_named_and_affirmed() -> None:
    guidance = live_guidance(SURFACE_ONLY_HISTORY, 2, 2, 4)
    assert guidance.messages == (
        GuidanceMessage(
            GuidanceRule.LEVELS,
            Severity.INFO,
            "You: 'preferences', them: 'preferences'. Well matched: this "
            "back-and-forth is how closeness grows.",
        ),
    )


def test_when_they_open_up_more_the_next_step_is_suggested() -> None:
    guidance = live_guidance(SURFACE_ONLY_HISTORY, 0, 2, None)
    assert "They opened up more than you did" in guidance.text


def test_nothing_shared_by_either_side() -> None:
    guidance = live_guidance(SURFACE_ONLY_HISTORY, 0, 0, None)
    assert "Nothing personal this time" in guidance.text


def test_levels_are_not_repeated_under_a_warning() -> None:
    guidance = live_guidance(SURFACE_ONLY_HISTORY, 4, 4, 4)
    assert rules(guidance) == [GuidanceRule.ESCALATION]


def test_editing_excludes_the_saved_version_of_the_exchange() -> None:
    saved = ex(4, 4, days_ago=1, exchange_id=7)
    history: list[Exchange] = [*SURFACE_ONLY_HISTORY, saved]
    assert not live_guidance(history, 4, 4, 4).has(GuidanceRule.ESCALATION)
    assert live_guidance(history, 4, 4, 4, editing_id=7).has(GuidanceRule.ESCALATION)


def test_editing_the_only_exchange_is_a_first_exchange() -> None:
    history = [ex(1, 1, exchange_id=3)]
    guidance = live_guidance(history, 1, 1, 4, editing_id=3)
    assert guidance.has(GuidanceRule.FIRST_EXCHANGE)


def test_messages_come_strongest_first_and_text_joins_them() -> None:
    guidance = live_guidance([], 5, 0, 1)
    assert rules(guidance) == [
        GuidanceRule.ESCALATION,
        GuidanceRule.CRISIS_LEVEL,
        GuidanceRule.POORLY_RECEIVED,
        GuidanceRule.FIRST_EXCHANGE,
    ]
    severities = [message.severity for message in guidance.messages]
    assert severities == sorted(severities, reverse=True)
    assert guidance.text == "\n".join(m.text for m in guidance.messages)


def test_empty_guidance_is_info() -> None:
    assert Guidance(()).severity is Severity.INFO
    assert Guidance(()).text == ""
