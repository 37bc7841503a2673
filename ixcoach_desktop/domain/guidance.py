"""Live guidance for the exchange editor, recomputed as the sliders move.

Advice only: it never blocks a save. The rules encode the two common mistakes
of the practice (over-disclosure too early, and disclosure that is not met)
and affirm matching, which is how closeness grows (Altman & Taylor 1973;
Reis & Shaver 1988). See docs/guidance.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from ixcoach_desktop.domain.models import ExchangeFacts
from ixcoach_desktop.domain.reciprocity import (
    deepest_mutual,
    deepest_offered,
    levels_matched,
    levels_unreciprocated,
    reception_is_poor,
)
from ixcoach_desktop.domain.scales import DepthLevel, Reception

# Going one level past the deepest they have offered is the small step that
# invites them further; two or more is a leap they may not follow.
ESCALATION_MAX_STEP = 1
# "Core" is the level of deepest fears, shame and crisis.
CRISIS_LEVEL = DepthLevel.CORE
# A crisis-level disclosure is only safe once both have shared at "personal"
# depth in the same exchange: there is then evidence the person can hold it.
CRISIS_NEEDS_MUTUAL = DepthLevel.PERSONAL
# A modest first disclosure: genuine, but no deeper than opinions and tastes.
FIRST_EXCHANGE_MAX = DepthLevel.PREFERENCES


class Severity(IntEnum):
    """How strongly a message asks for attention; higher is stronger."""

    INFO = 0
    CAUTION = 1
    WARNING = 2

    @property
    def label(self) -> str:
        return self.name.capitalize()


class GuidanceRule(StrEnum):
    """Which rule produced a message, so views and tests need not parse text."""

    ESCALATION = "escalation"
    CRISIS_LEVEL = "crisis_level"
    POORLY_RECEIVED = "poorly_received"
    NOT_RECIPROCATED = "not_reciprocated"
    FIRST_EXCHANGE = "first_exchange"
    LEVELS = "levels"


@dataclass(frozen=True, slots=True)
class GuidanceMessage:
    """One piece of advice in plain, warm words."""

    rule: GuidanceRule
    severity: Severity
    text: str


@dataclass(frozen=True, slots=True)
class Guidance:
    """The advice for the exchange being edited, strongest first."""

    messages: tuple[GuidanceMessage, ...]

    @property
    def text(self) -> str:
        """All messages, one per line."""
        return "\n".join(message.text for message in self.messages)

    @property
    def severity(self) -> Severity:
        """The strongest severity present; INFO when there is nothing to flag."""
        return max((m.severity for m in self.messages), default=Severity.INFO)

    def has(self, rule: GuidanceRule) -> bool:
        """Whether a rule fired."""
        return any(message.rule == rule for message in self.messages)


def _quoted(levels: Sequence[DepthLevel]) -> str:
    names = [f"'{level.label}'" for level in levels]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _escalation(mine: DepthLevel, offered: DepthLevel) -> GuidanceMessage:
    lowest = max(offered, DepthLevel.SURFACE)
    aims = [DepthLevel(level) for level in range(lowest, offered + ESCALATION_MAX_STEP + 1)]
    if offered == DepthLevel.NOTHING:
        so_far = "they haven't shared anything yet"
    else:
        so_far = f"the deepest they have offered so far is '{offered.label}'"
    return GuidanceMessage(
        GuidanceRule.ESCALATION,
        Severity.WARNING,
        f"Going to '{mine.label}' escalates too quickly: {so_far}. Aim for "
        f"{_quoted(aims)} and let them meet you there.",
    )


def _crisis() -> GuidanceMessage:
    return GuidanceMessage(
        GuidanceRule.CRISIS_LEVEL,
        Severity.CAUTION,
        f"'{CRISIS_LEVEL.label}' is crisis-level sharing, best kept for someone "
        f"you have both already shared at '{CRISIS_NEEDS_MUTUAL.label}' depth "
        "with. Consider something a step or two lighter here, and lean on "
        "someone closer, or a professional, if you need support right now.",
    )


_RECEIVED_HOW: Mapping[Reception, str] = {
    Reception.DISMISSIVE: "dismissively",
    Reception.AWKWARD: "awkwardly",
}


def _strain(
    mine: DepthLevel, theirs: DepthLevel, reception: Reception | None
) -> GuidanceMessage | None:
    unreciprocated = levels_unreciprocated(mine, theirs)
    if reception is not None and reception_is_poor(reception):
        also = " and they didn't share back in kind" if unreciprocated else ""
        return GuidanceMessage(
            GuidanceRule.POORLY_RECEIVED,
            Severity.CAUTION,
            f"What you shared was received {_RECEIVED_HOW[reception]}{also}. "
            "That can sting; slow down with this person and keep to lighter "
            "things until it feels safer.",
        )
    if unreciprocated:
        went = (
            "didn't share anything back"
            if theirs == DepthLevel.NOTHING
            else f"stayed at '{theirs.label}'"
        )
        return GuidanceMessage(
            GuidanceRule.NOT_RECIPROCATED,
            Severity.CAUTION,
            f"You went to '{mine.label}' and they {went}: this one wasn't "
            "reciprocated. Not every conversation is; if it happens again, slow "
            "down with this person and let them set the pace.",
        )
    return None


def _first_exchange() -> GuidanceMessage:
    return GuidanceMessage(
        GuidanceRule.FIRST_EXCHANGE,
        Severity.INFO,
        "Your first exchange with this person. A good start is something "
        "genuine but modest, up to "
        f"'{FIRST_EXCHANGE_MAX.label}'; depth comes from many small steps taken "
        "together.",
    )


def _levels(mine: DepthLevel, theirs: DepthLevel) -> GuidanceMessage:
    both = f"You: '{mine.label}', them: '{theirs.label}'."
    if levels_matched(mine, theirs):
        note = "Well matched: this back-and-forth is how closeness grows."
    elif levels_unreciprocated(theirs, mine):
        note = "They opened up more than you did; you could meet them a step deeper next time."
    else:
        note = "Nothing personal this time; light contact keeps the thread going."
    return GuidanceMessage(GuidanceRule.LEVELS, Severity.INFO, f"{both} {note}")


def live_guidance(
    history: Sequence[ExchangeFacts],
    my_level: int,
    their_level: int,
    reception: int | None,
    editing_id: int | None = None,
) -> Guidance:
    """Advice for an exchange being logged with a contact.

    ``history`` is the contact's saved exchanges; when an existing exchange
    is being edited, pass its id as ``editing_id`` so its saved version is
    not compared with itself. ``reception`` is ignored when I shared nothing.
    """
    mine = DepthLevel(my_level)
    theirs = DepthLevel(their_level)
    received = None if reception is None or mine == DepthLevel.NOTHING else Reception(reception)
    past = history if editing_id is None else [e for e in history if e.id != editing_id]
    # In a first exchange the only level they have offered is this one's.
    offered = deepest_offered(past) if past else theirs
    messages: list[GuidanceMessage] = []
    if mine > offered + ESCALATION_MAX_STEP:
        messages.append(_escalation(mine, offered))
    if mine >= CRISIS_LEVEL and deepest_mutual(past) < CRISIS_NEEDS_MUTUAL:
        messages.append(_crisis())
    strain = _strain(mine, theirs, received)
    if strain is not None:
        messages.append(strain)
    if not past:
        messages.append(_first_exchange())
    if not any(m.severity > Severity.INFO for m in messages):
        messages.append(_levels(mine, theirs))
    return Guidance(tuple(messages))
