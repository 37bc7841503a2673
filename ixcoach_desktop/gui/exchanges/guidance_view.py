"""How guidance and insights read in the window: pure formatting, no widgets."""

from __future__ import annotations

from html import escape

from ixcoach_desktop.domain.guidance import Guidance, Severity
from ixcoach_desktop.domain.insights import RelationshipInsights
from ixcoach_desktop.domain.keep_in_touch import ContactStatus
from ixcoach_desktop.domain.reciprocity import RECENT_WINDOW, DepthTrend, Openings
from ixcoach_desktop.domain.scales import DepthLevel
from ixcoach_desktop.domain.stress import PersonStress
from ixcoach_desktop.domain.stress_words import band_words, effect_figure, effect_sentence
from ixcoach_desktop.gui.exchanges.insights_strip import (
    EMPTY_INSIGHTS,
    EMPTY_STRESS,
    Insight,
    Insights,
)

# Marks chosen to read without colour too (colour-blind users, screen readers).
_MARKS = {Severity.INFO: "✓", Severity.CAUTION: "◆", Severity.WARNING: "▲"}
_COLOURS = {
    Severity.INFO: ("#2e7d32", "#81c784"),
    Severity.CAUTION: ("#8d5b00", "#ffcc80"),
    Severity.WARNING: ("#c62828", "#ff8a80"),
}
_TREND_ARROWS = {DepthTrend.RISING: "↗", DepthTrend.STEADY: "→", DepthTrend.FALLING: "↘"}


def guidance_html(guidance: Guidance, *, dark: bool) -> str:
    """The editor's live guidance as rich text, strongest message first."""
    lines = []
    for message in guidance.messages:
        colour = _COLOURS[message.severity][1 if dark else 0]
        lines.append(
            f'<p style="margin:0 0 4px 0"><span style="color:{colour}; font-weight:bold">'
            f"{_MARKS[message.severity]} {message.severity.label}:</span> "
            f"{escape(message.text)}</p>"
            if message.severity is not Severity.INFO
            else f'<p style="margin:0 0 4px 0"><span style="color:{colour}">'
            f"{_MARKS[message.severity]}</span> {escape(message.text)}</p>"
        )
    return "".join(lines)


def _openings(openings: Openings) -> Insight:
    """Who opens: turn-taking the user cannot see from the levels alone."""
    count = openings.count
    if count == 0:
        return EMPTY_INSIGHTS.openings
    last = "your last conversation" if count == 1 else f"your last {count} conversations"
    if openings.by_them > openings.by_me:
        value, sentence = (
            f"them {openings.by_them}/{count}",
            f"They opened {openings.by_them} of {last}.",
        )
    elif openings.by_me > openings.by_them:
        value, sentence = f"you {openings.by_me}/{count}", f"You opened {openings.by_me} of {last}."
    else:
        value, sentence = "even", f"You each opened half of {last}."
    return Insight(value, f"{sentence} Closeness grows when both of you reach out.")


def _feelings(share: float | None, window: int) -> Insight:
    if share is None:
        return EMPTY_INSIGHTS.feelings
    return Insight(
        f"{share:.0%}",
        f"In {share:.0%} of your last {window} exchanges you both shared feelings, not only "
        "facts: emotional disclosure builds closeness more than facts do.",
    )


def insights_from(insights: RelationshipInsights) -> Insights:
    """The strip's figures for one relationship."""
    count = insights.exchange_count
    window = min(count, RECENT_WINDOW)
    if insights.matching_rate is None:
        matching = Insight("—", "Log an exchange to see how often you match each other.")
    else:
        matching = Insight(
            f"{insights.matching_rate:.0%}",
            f"Share of your last {window} exchanges where you both shared and your "
            "levels were at most one step apart.",
        )
    if insights.mutual_depth is None:
        mutual = Insight("—", "How deep you both go: the lower of the two levels, on average.")
    else:
        level = DepthLevel(min(round(insights.mutual_depth), int(DepthLevel.CORE)))
        arrow = "" if insights.depth_change is None else _TREND_ARROWS[insights.depth_change.trend]
        trend = (
            "Not enough exchanges yet to see a trend."
            if insights.depth_change is None
            else f"{insights.depth_change.trend.label} ({insights.depth_change.change:+.1f}) "
            "compared with the exchanges before."
        )
        mutual = Insight(
            f"{insights.mutual_depth:.1f} {arrow}".strip(),
            f"On average you both reach '{level.label}' in the last {window} exchanges. {trend}",
        )
    buffer = insights.buffer
    potential = Insight("—" if buffer.score is None else f"{buffer.score}/100", buffer.reason)
    keep = insights.keep_in_touch
    if keep.status is ContactStatus.NO_EXCHANGES:
        touch_value = "—"
    elif keep.days_since_last == 0:
        touch_value = "today"
    else:
        touch_value = f"{keep.days_since_last} d"
    if keep.status in (ContactStatus.DUE, ContactStatus.OVERDUE):
        touch_value = f"{touch_value} · {keep.status.label.lower()}"
    step = insights.next_step
    detail = step.reason if step.surface_nudge is None else f"{step.surface_nudge} {step.reason}"
    value = step.summary if step.surface_nudge is None else f"{step.surface_nudge}\n{step.summary}"
    return Insights(
        matching=matching,
        mutual_depth=mutual,
        buffer_potential=potential,
        keep_in_touch=Insight(touch_value, keep.reason),
        openings=_openings(insights.openings),
        feelings=_feelings(insights.both_emotional_share, window),
        next_step=Insight(value, detail),
    )


def stress_insight(stress: PersonStress | None, name: str) -> Insight:
    """The stress card: the band, the logs it rests on, and what it means."""
    if stress is None:
        return EMPTY_STRESS
    overall, stressful = stress.overall, stress.stressful
    detail = effect_sentence(overall, name)
    if stressful.estimate is not None:
        detail += "\n\n" + effect_sentence(stressful, name, stressful=True)
    return Insight(band_words(overall), detail, effect_figure(overall))
