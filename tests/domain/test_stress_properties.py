"""Properties of the stress effect that must hold for every journal."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.domain.stress import (
    StressBand,
    StressLog,
    journal_stress_of_logs,
    shrunk_effect,
)

EXAMPLES = settings(max_examples=150, deadline=None)

stress = st.integers(min_value=0, max_value=10)
logs = st.lists(
    st.builds(
        StressLog,
        contact_id=st.integers(min_value=1, max_value=6),
        before=stress,
        after=stress,
        mutual_depth=st.sampled_from(DepthLevel),
        reception=st.none() | st.sampled_from(Reception),
    ),
    max_size=120,
)


@EXAMPLES
@given(logs, st.randoms(use_true_random=False))
def test_results_never_depend_on_the_order_of_the_exchanges(
    journal: list[StressLog], rng: random.Random
) -> None:
    shuffled = list(journal)
    rng.shuffle(shuffled)
    assert journal_stress_of_logs(shuffled) == journal_stress_of_logs(journal)


@EXAMPLES
@given(logs)
def test_the_estimate_always_lies_inside_its_interval(journal: list[StressLog]) -> None:
    result = journal_stress_of_logs(journal)
    for person in result.people.values():
        for effect in (person.overall, person.stressful):
            if effect.band is StressBand.NOT_ENOUGH_DATA:
                assert effect.estimate is None
                continue
            assert effect.low is not None
            assert effect.estimate is not None
            assert effect.high is not None
            assert effect.low <= effect.estimate <= effect.high


@EXAMPLES
@given(logs)
def test_more_logs_never_give_a_wider_interval_in_one_journal(journal: list[StressLog]) -> None:
    # Everyone in a journal shares one spread: the user's own.
    effects = [
        person.overall
        for person in journal_stress_of_logs(journal).people.values()
        if person.overall.low is not None
    ]
    for fewer in effects:
        for more in effects:
            if fewer.logs < more.logs:
                assert fewer.high is not None
                assert fewer.low is not None
                assert more.high is not None
                assert more.low is not None
                assert fewer.high - fewer.low >= more.high - more.low - 1e-9


@EXAMPLES
@given(
    st.integers(min_value=1, max_value=500),
    st.integers(min_value=1, max_value=500),
    st.floats(min_value=-10, max_value=10),
    st.floats(min_value=0.5, max_value=10),
    st.floats(min_value=1, max_value=20),
)
def test_an_interval_is_never_narrower_than_one_with_the_same_spread_and_more_logs(
    logs_a: int, logs_b: int, mean: float, spread: float, shrinkage: float
) -> None:
    fewer, more = sorted((logs_a, logs_b))
    _, low_few, high_few = shrunk_effect(fewer, mean, spread, shrinkage)
    _, low_more, high_more = shrunk_effect(more, mean, spread, shrinkage)
    assert high_few - low_few >= high_more - low_more


@EXAMPLES
@given(logs)
def test_an_after_exactly_as_typical_is_never_lower_or_higher(journal: list[StressLog]) -> None:
    # Every "after" on the user's own fitted line: nobody differs from it.
    fitted = journal_stress_of_logs(journal).fit
    on_line = [log._replace(after=round(fitted.expected_after(log.before))) for log in journal]
    refit = journal_stress_of_logs(on_line)
    for person in refit.people.values():
        if person.overall.estimate is not None:
            # Rounding to whole points leaves at most half a point each way.
            assert abs(person.overall.estimate) <= 0.5
