"""Next step: the level to aim for next time with this person, and an idea at that level.

Closeness grows through many small mutual steps (Altman & Taylor 1973): match
what they offered, go at most one step past where you have both been, and
after a rough exchange let them set the pace.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ixcoach_desktop.domain.models import ExchangeFacts
from ixcoach_desktop.domain.reciprocity import (
    breadth,
    chronological,
    is_matched,
    is_poorly_received,
    is_strained,
    is_surface_only,
    mutual_depth,
)
from ixcoach_desktop.domain.scales import DepthLevel, Topic
from ixcoach_desktop.domain.topic_ideas import TOPIC_IDEAS

# "What they offered recently" is the deepest of their last three exchanges:
# one quiet conversation should not undo a level they have shown, but a level
# from months ago is no longer an invitation.
NEXT_STEP_LOOKBACK = 3
# With no history: genuine but modest, a real opinion rather than news only.
FIRST_STEP_LEVEL = DepthLevel.PREFERENCES
# We suggest stepping deeper on our own initiative up to "vulnerable"; "core"
# is only ever suggested to match a person who went there first, after both
# have shared at least at "vulnerable" (which implies the mutual "personal"
# depth the crisis caution asks for).
STEP_DEEPER_MAX = DepthLevel.VULNERABLE
# Any suggestion shares something: listening only is never a next step.
LOWEST_SUGGESTION = DepthLevel.SURFACE


@dataclass(frozen=True, slots=True)
class NextStep:
    """Where to aim next time, why, and a concrete idea.

    ``surface_nudge`` is set when the relationship has stayed on the surface
    for many exchanges over several weeks.
    """

    level: DepthLevel
    topic: Topic
    idea: str
    reason: str
    surface_nudge: str | None = None

    @property
    def summary(self) -> str:
        """One line for the insights strip."""
        return f"Aim for '{self.level.label}' — {self.topic.label}: {self.idea}"


def _aim(ordered: Sequence[ExchangeFacts]) -> tuple[DepthLevel, str]:
    if not ordered:
        return FIRST_STEP_LEVEL, (
            "A first step: share something genuine but modest, like a real "
            "opinion or preference, and see how they respond."
        )
    lookback = ordered[-NEXT_STEP_LOOKBACK:]
    theirs = max(e.their_level for e in lookback)
    mutual = max(mutual_depth(e) for e in lookback)
    last = lookback[-1]
    target = min(int(theirs), mutual + 1)
    if is_poorly_received(last):
        level = DepthLevel(max(min(target, last.their_level) - 1, LOWEST_SUGGESTION))
        return level, (
            f"Last time didn't land well, so step back to '{level.label}' and "
            "let them set the pace."
        )
    if is_strained(last):
        level = DepthLevel(max(min(target, last.their_level), LOWEST_SUGGESTION))
        return level, (
            f"Last time they didn't match you, so stay at '{level.label}' and "
            "let them set the pace."
        )
    if all(is_matched(e) and not is_strained(e) for e in lookback):
        # Stepping deeper starts from where you both are now, not from a
        # deeper moment earlier in the lookback.
        step = min(mutual_depth(last) + 1, int(STEP_DEEPER_MAX))
        if step > target:
            level = DepthLevel(step)
            return level, (
                "You've been meeting each other well; one small step deeper, to "
                f"'{level.label}', keeps closeness growing."
            )
    level = DepthLevel(max(target, LOWEST_SUGGESTION))
    if theirs == DepthLevel.NOTHING:
        return level, (
            "Neither of you has shared much lately; open with something light, "
            "like news or plans, and see whether they join in."
        )
    if level < theirs:
        return level, (
            f"They have gone as far as '{theirs.label}'; meet them a step at a "
            f"time, at '{level.label}'."
        )
    return level, f"Match the '{level.label}' level they have offered recently."


def _surface_nudge(ordered: Sequence[ExchangeFacts]) -> str | None:
    if not is_surface_only(ordered):
        return None
    weeks = (ordered[-1].occurred_at - ordered[0].occurred_at).days // 7
    return (
        f"{len(ordered)} exchanges over {weeks} weeks, all about tastes, plans "
        "and news. Closeness needs a small step deeper: try sharing how you "
        f"really feel about something ('{DepthLevel.PERSONAL.label}') and see "
        "whether they meet you there."
    )


def next_step(exchanges: Iterable[ExchangeFacts]) -> NextStep:
    """The next step with one contact, from its exchanges in any order.

    The topic rotates with the number of exchanges so the idea changes after
    each one, preferring categories they have not opened yet, for breadth.
    """
    ordered = chronological(exchanges)
    return next_step_from_ordered(ordered, breadth(ordered).theirs)


def next_step_from_ordered(
    ordered: Sequence[ExchangeFacts], opened: Mapping[Topic, DepthLevel]
) -> NextStep:
    """``next_step`` of an oldest-first sequence whose topics opened by them are known."""
    level, reason = _aim(ordered)
    candidates = [t for t in Topic if t not in opened] or list(Topic)
    count = len(ordered)
    topic = candidates[count % len(candidates)]
    ideas = TOPIC_IDEAS[level][topic]
    idea = ideas[(count // len(candidates)) % len(ideas)]
    return NextStep(
        level=level, topic=topic, idea=idea, reason=reason, surface_nudge=_surface_nudge(ordered)
    )
