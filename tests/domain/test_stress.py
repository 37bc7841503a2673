"""The stress effect: regression to the mean, shrinkage, bands and wording."""

from __future__ import annotations

import random

import pytest

from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.domain.stress import (
    MAX_SHRINKAGE,
    MIN_JOURNAL_LOGS,
    StressBand,
    StressLog,
    journal_stress,
    journal_stress_of_logs,
)
from ixcoach_desktop.domain.stress_sums import StressPair, StressSums, fit_line
from ixcoach_desktop.domain.stress_words import effect_figure, effect_sentence, evidence_sentence


def typical(before: int) -> int:
    """What this user's stress typically does: halfway back toward 3."""
    return round(1.5 + 0.5 * before)


def background(rng: random.Random, people: range, per_person: int) -> list[StressLog]:
    logs = []
    for contact_id in people:
        for _ in range(per_person):
            before = rng.randint(1, 9)
            after = min(10, max(0, typical(before) + rng.choice((-1, 0, 0, 1))))
            logs.append(StressLog(contact_id, before, after, DepthLevel.SURFACE, None))
    return logs


def crafted() -> list[StressLog]:
    rng = random.Random(7)
    logs = background(rng, range(10, 16), 8)
    for _ in range(10):
        before = rng.randint(3, 8)
        logs.append(StressLog(1, before, max(0, typical(before) - 3), DepthLevel.PERSONAL, None))
        logs.append(StressLog(2, before, min(10, typical(before) + 3), DepthLevel.SURFACE, None))
    for before in (8, 9, 10, 9, 8, 10, 9, 8):
        logs.append(StressLog(3, before, typical(before), DepthLevel.SURFACE, None))
    logs.extend(StressLog(4, b, b - 1, DepthLevel.SURFACE, None) for b in (5, 6, 7))
    return logs


def test_the_four_cases_of_the_issue() -> None:
    result = journal_stress_of_logs(crafted())
    assert result.of(1).overall.band is StressBand.LOWER
    assert result.of(2).overall.band is StressBand.HIGHER
    # Logged only on very stressful days, calmer afterwards only as much as
    # the user always is: that is regression to the mean, not this person.
    assert result.of(3).overall.band is StressBand.NO_CLEAR_DIFFERENCE
    assert result.of(4).overall.band is StressBand.NOT_ENOUGH_DATA
    assert result.of(4).overall.logs == 3


def test_a_raw_before_minus_after_would_have_flattered_the_stressful_days() -> None:
    # The person of the honesty check: stress fell by two points or more every time.
    logs = [log for log in crafted() if log.contact_id == 3]
    assert all(log.after <= log.before - 2 for log in logs)


def test_stressful_moments_need_three_logs() -> None:
    result = journal_stress_of_logs(crafted())
    assert result.of(3).stressful.logs == 8
    assert result.of(3).stressful.band is StressBand.NO_CLEAR_DIFFERENCE
    assert result.of(4).stressful.logs == 2
    assert result.of(4).stressful.band is StressBand.NOT_ENOUGH_DATA


def test_a_small_journal_is_not_enough_data_for_anyone() -> None:
    logs = [StressLog(1, 8, 2, DepthLevel.SURFACE, None)] * (MIN_JOURNAL_LOGS - 1)
    effect = journal_stress_of_logs(logs).of(1).overall
    assert effect.band is StressBand.NOT_ENOUGH_DATA
    assert effect.journal_short
    assert "journal" in effect_figure(effect)
    assert "across your journal" in effect_sentence(effect, "Ana")


def test_someone_never_logged_is_not_enough_data() -> None:
    result = journal_stress_of_logs(crafted())
    effect = result.of(999).overall
    assert (effect.logs, effect.band, effect.estimate) == (0, StressBand.NOT_ENOUGH_DATA, None)
    assert effect_figure(effect) == "not enough data yet: 0 of 5 logs"


def test_the_line_is_least_squares_and_flat_without_spread() -> None:
    fit = fit_line(StressSums.of([StressPair(2, 3), StressPair(4, 4), StressPair(6, 5)]))
    assert fit.slope == pytest.approx(0.5)
    assert fit.intercept == pytest.approx(2.0)
    flat = fit_line(StressSums.of([StressPair(5, 3), StressPair(5, 5)]))
    assert (flat.slope, flat.intercept) == (0.0, 4.0)
    assert fit_line(StressSums()).slope == 0.0


def test_people_who_do_not_differ_are_shrunk_hard() -> None:
    logs = [
        StressLog(c, b, typical(b), DepthLevel.SURFACE, None) for c in range(5) for b in range(10)
    ]
    result = journal_stress_of_logs(logs)
    assert result.shrinkage == MAX_SHRINKAGE


def test_early_hints_are_worded_as_hints() -> None:
    result = journal_stress_of_logs(crafted())
    hinted = result.of(3).overall
    assert hinted.hint
    assert effect_figure(hinted).endswith("· early hint")
    assert effect_sentence(hinted, "Ana").startswith("An early hint from 8 logs")
    assert not result.of(1).overall.hint


def test_wording_is_warm_and_never_a_verdict() -> None:
    result = journal_stress_of_logs(crafted())
    higher = effect_sentence(result.of(2).overall, "Ben")
    lower = effect_sentence(result.of(1).overall, "Ana", stressful=True)
    for sentence in (higher, lower):
        assert "not proof of cause" in sentence
        assert "bad" not in sentence
    assert "lower after talking with Ana" in lower
    assert effect_figure(result.of(1).overall).startswith("−")


def test_journal_wide_evidence_by_reception_and_depth() -> None:
    rng = random.Random(3)
    logs = background(rng, range(1, 6), 10)
    for contact_id in range(1, 6):
        for before in (4, 5, 6, 7):
            understood = StressLog(
                contact_id,
                before,
                typical(before) - 2,
                DepthLevel.PERSONAL,
                Reception.DEEPLY_UNDERSTOOD,
            )
            neutral = StressLog(
                contact_id, before, typical(before), DepthLevel.SURFACE, Reception.NEUTRAL
            )
            logs.extend((understood, neutral))
    result = journal_stress_of_logs(logs)
    (understood_group,) = result.by_reception
    assert understood_group.band is StressBand.LOWER
    assert understood_group.difference == pytest.approx(-2, abs=0.3)
    assert evidence_sentence(understood_group).startswith(
        "After “deeply understood” conversations your stress fell by 2."
    )
    (personal,) = result.by_depth
    assert personal.label == "personal"
    assert personal.band is StressBand.LOWER


def test_small_groups_are_not_compared() -> None:
    logs = background(random.Random(1), range(1, 4), 10)
    logs.append(StressLog(1, 5, 4, DepthLevel.SURFACE, Reception.NEUTRAL))
    logs.append(StressLog(1, 5, 1, DepthLevel.SURFACE, Reception.SUPPORTIVE))
    (group,) = journal_stress_of_logs(logs).by_reception
    assert group.band is StressBand.NOT_ENOUGH_DATA
    assert "not enough logs yet" in evidence_sentence(group)


def test_no_evidence_without_a_reference_group() -> None:
    logs = background(random.Random(1), range(1, 4), 10)
    assert journal_stress({1: StressSums.of([StressPair(5, 4)] * 30)}, {}).by_depth == ()
    assert journal_stress_of_logs(logs).by_reception == ()
