"""Stress effect: is stress lower or higher after talking with someone?

The user logs stress before and after a conversation (0-10). A raw "after
minus before" would flatter every conversation held on a bad day: stress
that is unusually high tends to come down on its own (regression to the
mean). So each "after" is compared with what the user's own stress
typically does from the same starting point: a straight line
``after = intercept + slope * before`` is fitted over all of the user's
logs, and each log's residual (actual after minus the line) is the part the
starting point does not explain. A relationship's effect is its mean
residual, shrunk toward zero by how much evidence there is (empirical
Bayes), with an interval around it; the band says whether the whole
interval lies below zero, above it, or across it.

Everything is computed from sums (count, Σbefore, Σafter, Σbefore²,
Σafter², Σbefore·after), so storage can hand them over from one aggregate
query, and the result never depends on the order of the logs: the sums are
whole numbers, added exactly.

It is correlation, not cause, and never a verdict on a person: see the
wording below and docs/guidance.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.domain.stress_sums import StressFit, StressPair, StressSums, fit_line

# Stress before at this level or above is a stressful moment: the upper part
# of the 0-10 scale, where "buffering" is about being helped through it.
STRESSFUL_FROM = 6
# Fewer logs than this with a person and their mean says more about chance
# than about them.
MIN_PERSON_LOGS = 5
# From five to nine logs a difference is reported as an early hint only.
HINT_BELOW = 10
# Fewer than this in the whole journal and the user's typical course of
# stress (the fitted line) is itself too uncertain to compare against.
MIN_JOURNAL_LOGS = 20
# Stressful moments are rarer, so three of them with a person are enough to
# show (as a hint; the interval stays wide).
MIN_STRESSFUL_LOGS = 3
# A group of the journal-wide evidence (a depth or reception) needs this many
# logs before it is compared with another.
MIN_GROUP_LOGS = 5

# Shrinkage: a person's mean residual counts for n / (n + k) of itself. k is
# the within-person variance over the between-person variance of the user's
# own logs. Until it can be estimated (fewer than MIN_PEOPLE_FOR_SHRINKAGE
# people with two logs or more, or too few logs), five logs count half: as
# many as a first impression needs.
DEFAULT_SHRINKAGE = 5.0
MIN_PEOPLE_FOR_SHRINKAGE = 3
# The estimate is kept within these bounds. Below one, a single log would
# count for more than half of itself; above twenty (people hardly differ in
# the logs so far) the estimate of k is mostly noise, and twenty logs
# counting half is sceptical enough.
MIN_SHRINKAGE = 1.0
MAX_SHRINKAGE = 20.0
# The spread of residuals within a person, in stress points, assumed until
# there are more logs than people and fitted numbers: about the change of
# one or two points people report from one conversation to the next.
DEFAULT_RESIDUAL_SD = 1.5
# Never assume a smaller spread than this: stress is logged in whole points,
# so a spread under half a point is rounding, not certainty.
MIN_RESIDUAL_SD = 0.5
# Two-sided 90 % interval (normal quantile). The band is a prompt for
# reflection, not a finding to publish; a 95 % interval would hide most real
# patterns in a personal journal, while 90 % still leaves one chance in
# twenty of calling "lower" by luck.
INTERVAL_Z = 1.645


class StressBand(StrEnum):
    """What the interval says, in the words the report uses."""

    LOWER = "lower"
    HIGHER = "higher"
    NO_CLEAR_DIFFERENCE = "no clear difference"
    NOT_ENOUGH_DATA = "not enough data"


@dataclass(frozen=True, slots=True)
class StressEffect:
    """One relationship's stress effect (negative: stress lower after).

    ``estimate``, ``low`` and ``high`` are None when there is not enough
    data; ``needed`` then says how many logs it takes and whether the
    shortfall is the person's (``journal_short`` False) or the journal's.
    """

    logs: int
    band: StressBand
    estimate: float | None = None
    low: float | None = None
    high: float | None = None
    needed: int = MIN_PERSON_LOGS
    journal_short: bool = False

    @property
    def hint(self) -> bool:
        """Few logs: the band is worded as an early hint."""
        return self.band is not StressBand.NOT_ENOUGH_DATA and self.logs < HINT_BELOW


@dataclass(frozen=True, slots=True)
class PersonStress:
    """All logs with a person, and only the stressful moments (before ≥ 6)."""

    overall: StressEffect
    stressful: StressEffect


@dataclass(frozen=True, slots=True)
class GroupEvidence:
    """How stress changed after one kind of conversation, against a reference kind.

    ``difference`` is the mean residual of this group minus the
    reference's: negative when stress fell more after this kind.
    """

    label: str
    reference_label: str
    logs: int
    reference_logs: int
    band: StressBand
    difference: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class StressEvidence:
    """Per-group sums for the journal-wide evidence: by mutual depth and by reception."""

    by_depth: Mapping[DepthLevel, StressSums] = field(default_factory=dict)
    by_reception: Mapping[Reception, StressSums] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class JournalStress:
    """The stress effect of every relationship, and the journal-wide evidence."""

    logs: int
    fit: StressFit
    residual_sd: float
    shrinkage: float
    people: Mapping[int, PersonStress]
    by_depth: tuple[GroupEvidence, ...]
    by_reception: tuple[GroupEvidence, ...]

    def of(self, contact_id: int) -> PersonStress:
        """The stress effect of ``contact_id``; "not enough data" for someone never logged."""
        found = self.people.get(contact_id)
        return found if found is not None else _unlogged(self.logs)


def _unlogged(journal_logs: int) -> PersonStress:
    return PersonStress(
        overall=_not_enough(0, MIN_PERSON_LOGS, journal_logs),
        stressful=_not_enough(0, MIN_STRESSFUL_LOGS, journal_logs),
    )


def _not_enough(logs: int, needed: int, journal_logs: int) -> StressEffect:
    journal_short = journal_logs < MIN_JOURNAL_LOGS and logs >= needed
    return StressEffect(
        logs=logs,
        band=StressBand.NOT_ENOUGH_DATA,
        needed=MIN_JOURNAL_LOGS if journal_short else needed,
        journal_short=journal_short,
    )


def band_of(low: float, high: float) -> StressBand:
    """Lower or higher only when the whole interval is on one side of zero."""
    if high < 0:
        return StressBand.LOWER
    if low > 0:
        return StressBand.HIGHER
    return StressBand.NO_CLEAR_DIFFERENCE


def shrunk_effect(
    logs: int, mean_residual: float, residual_sd: float, shrinkage: float
) -> tuple[float, float, float]:
    """(estimate, low, high) of a person's effect from their mean residual.

    Normal-normal empirical Bayes: the estimate is the mean shrunk by
    n / (n + k), its standard error σ / √(n + k). For one spread σ, more
    logs never widen the interval.
    """
    estimate = mean_residual * logs / (logs + shrinkage)
    half_width = INTERVAL_Z * residual_sd / math.sqrt(logs + shrinkage)
    return estimate, estimate - half_width, estimate + half_width


def _spread_and_shrinkage(
    fit: StressFit, people: list[StressSums], total: StressSums
) -> tuple[float, float]:
    """Within-person residual spread σ and shrinkage k, from the user's own logs."""
    within = 0.0
    between = 0.0
    for sums in people:
        residual = fit.residual_sum(sums)
        within += max(fit.squared_residual_sum(sums) - residual * residual / sums.count, 0.0)
        between += residual * residual / sums.count
    # One mean per person and the slope are fitted; the rest is freedom.
    freedom = total.count - len(people) - 1
    variance = within / freedom if freedom > 0 else DEFAULT_RESIDUAL_SD**2
    variance = max(variance, MIN_RESIDUAL_SD**2)
    repeated = sum(1 for sums in people if sums.count >= 2)
    if repeated < MIN_PEOPLE_FOR_SHRINKAGE or total.count < MIN_JOURNAL_LOGS:
        return math.sqrt(variance), DEFAULT_SHRINKAGE
    # One-way ANOVA moments; the residuals' overall mean is zero (the line
    # has an intercept), so Σ n·mean² is the between-person sum of squares.
    groups = len(people) - 1
    typical_size = (total.count - sum(s.count**2 for s in people) / total.count) / groups
    between_variance = (between / groups - variance) / typical_size
    if between_variance <= 0:
        return math.sqrt(variance), MAX_SHRINKAGE
    shrinkage = min(max(variance / between_variance, MIN_SHRINKAGE), MAX_SHRINKAGE)
    return math.sqrt(variance), shrinkage


def _effect(
    sums: StressSums,
    needed: int,
    journal_logs: int,
    journal: tuple[StressFit, float, float],
) -> StressEffect:
    if sums.count < needed or journal_logs < MIN_JOURNAL_LOGS:
        return _not_enough(sums.count, needed, journal_logs)
    fit, sd, shrinkage = journal
    mean = fit.residual_sum(sums) / sums.count
    estimate, low, high = shrunk_effect(sums.count, mean, sd, shrinkage)
    return StressEffect(
        logs=sums.count,
        band=band_of(low, high),
        estimate=estimate,
        low=low,
        high=high,
        needed=needed,
    )


def _compare(
    groups: Mapping[int, tuple[str, StressSums]],
    reference: int,
    fit: StressFit,
    sd: float,
) -> tuple[GroupEvidence, ...]:
    """Each group with enough logs against the reference group, in level order."""
    if reference not in groups:
        return ()
    reference_label, reference_sums = groups[reference]
    found = []
    for level in sorted(groups):
        label, sums = groups[level]
        if level == reference or sums.count == 0:
            continue
        logs, ref_logs = sums.count, reference_sums.count
        if logs < MIN_GROUP_LOGS or ref_logs < MIN_GROUP_LOGS:
            found.append(
                GroupEvidence(
                    label=label,
                    reference_label=reference_label,
                    logs=logs,
                    reference_logs=ref_logs,
                    band=StressBand.NOT_ENOUGH_DATA,
                )
            )
            continue
        difference = fit.residual_sum(sums) / logs - fit.residual_sum(reference_sums) / ref_logs
        half_width = INTERVAL_Z * sd * math.sqrt(1 / logs + 1 / ref_logs)
        low, high = difference - half_width, difference + half_width
        found.append(
            GroupEvidence(
                label=label,
                reference_label=reference_label,
                logs=logs,
                reference_logs=ref_logs,
                band=band_of(low, high),
                difference=difference,
                low=low,
                high=high,
            )
        )
    return tuple(found)


def journal_stress(
    people: Mapping[int, StressSums],
    stressful: Mapping[int, StressSums],
    evidence: StressEvidence | None = None,
) -> JournalStress:
    """The stress effect of every person in ``people`` (sums of their logs with
    both stress before and after) and, from ``stressful``, of their stressful
    moments only; with the journal-wide evidence by depth and reception.

    Fitted over everyone in ``people``: pass archived people too, their logs
    are part of what the user's stress typically does.
    """
    ordered = [people[key] for key in sorted(people) if people[key].count > 0]
    total = sum(ordered, StressSums())
    fit = fit_line(total)
    sd, shrinkage = _spread_and_shrinkage(fit, ordered, total)
    journal = (fit, sd, shrinkage)
    found = {
        contact_id: PersonStress(
            overall=_effect(people[contact_id], MIN_PERSON_LOGS, total.count, journal),
            stressful=_effect(
                stressful.get(contact_id, StressSums()), MIN_STRESSFUL_LOGS, total.count, journal
            ),
        )
        for contact_id in sorted(people)
    }
    evidence = evidence or StressEvidence()
    enough = total.count >= MIN_JOURNAL_LOGS

    def compared(
        groups: Mapping[DepthLevel, StressSums] | Mapping[Reception, StressSums],
        reference: int,
    ) -> tuple[GroupEvidence, ...]:
        if not enough:
            return ()
        labelled = {int(level): (level.label, sums) for level, sums in groups.items()}
        return _compare(labelled, reference, fit, sd)

    by_depth = compared(evidence.by_depth, int(DepthLevel.SURFACE))
    by_reception = compared(evidence.by_reception, int(Reception.NEUTRAL))
    return JournalStress(
        logs=total.count,
        fit=fit,
        residual_sd=sd,
        shrinkage=shrinkage,
        people=found,
        by_depth=by_depth,
        by_reception=by_reception,
    )


class StressLog(NamedTuple):
    """One log as the evidence needs it: who, stress before and after, depth, reception."""

    contact_id: int
    before: int
    after: int
    mutual_depth: DepthLevel
    reception: Reception | None


def journal_stress_of_logs(logs: Iterable[StressLog]) -> JournalStress:
    """``journal_stress`` from individual logs, in any order (what storage sums in SQL)."""
    people: dict[int, StressSums] = {}
    stressful: dict[int, StressSums] = {}
    by_depth: dict[DepthLevel, StressSums] = {}
    by_reception: dict[Reception, StressSums] = {}
    for log in logs:
        one = StressSums.of([StressPair(log.before, log.after)])
        people[log.contact_id] = people.get(log.contact_id, StressSums()) + one
        if log.before >= STRESSFUL_FROM:
            stressful[log.contact_id] = stressful.get(log.contact_id, StressSums()) + one
        by_depth[log.mutual_depth] = by_depth.get(log.mutual_depth, StressSums()) + one
        if log.reception is not None:
            by_reception[log.reception] = by_reception.get(log.reception, StressSums()) + one
    return journal_stress(people, stressful, StressEvidence(by_depth, by_reception))
