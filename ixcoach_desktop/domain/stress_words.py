"""How a stress effect reads: short figures and warm, honest sentences.

The same words in the window and the report. They say what the logs show,
never why: a pattern in a journal is correlation, not cause, and the app
never calls a person a bad buffer.
"""

from __future__ import annotations

from ixcoach_desktop.domain.stress import (
    MIN_JOURNAL_LOGS,
    STRESSFUL_FROM,
    GroupEvidence,
    StressBand,
    StressEffect,
)

_BAND_WORDS = {
    StressBand.LOWER: "calmer after",
    StressBand.HIGHER: "higher after",
    StressBand.NO_CLEAR_DIFFERENCE: "no clear difference",
    StressBand.NOT_ENOUGH_DATA: "not sure yet",
}

CAVEAT = (
    "This is a pattern in your own logs, not proof of cause; some support "
    "does not lower stress at once, and you may still choose whom to call "
    "when things are hard."
)


def points(value: float) -> str:
    """A signed figure with a real minus sign: "−0.8", "+0.3"."""
    if round(value, 1) == 0:
        return "0.0"
    return f"{value:+.1f}".replace("-", "−")


def band_words(effect: StressEffect) -> str:
    """The band as the chart and map say it: "calmer after", "not sure yet"…"""
    return _BAND_WORDS[effect.band]


def _logs(count: int) -> str:
    return "1 log" if count == 1 else f"{count} logs"


def effect_figure(effect: StressEffect) -> str:
    """One short line: "−0.8 after talks · 7 logs · early hint"."""
    if effect.estimate is None:
        if effect.journal_short:
            return f"not enough data yet: {effect.logs} logs, journal under {MIN_JOURNAL_LOGS}"
        return f"not enough data yet: {effect.logs} of {effect.needed} logs"
    figure = f"{points(effect.estimate)} after talks · {_logs(effect.logs)}"
    return f"{figure} · early hint" if effect.hint else figure


def effect_sentence(effect: StressEffect, name: str, *, stressful: bool = False) -> str:
    """What the band means for this person, in a sentence or two."""
    moments = (
        f"on stressful days (stress {STRESSFUL_FROM} or more before)" if stressful else "overall"
    )
    if effect.band is StressBand.NOT_ENOUGH_DATA:
        if effect.journal_short:
            return (
                f"Not enough data yet: the comparison needs {MIN_JOURNAL_LOGS} logs with "
                "stress before and after across your journal."
            )
        return (
            f"Not enough data yet {moments}: {effect.logs} of {effect.needed} logs with "
            f"{name} have stress before and after."
        )
    assert effect.estimate is not None
    prefix = f"An early hint from {_logs(effect.logs)}: " if effect.hint else ""
    amount = f"{abs(effect.estimate):.1f}"
    if effect.band is StressBand.LOWER:
        core = (
            f"{moments}, your stress tends to be about {amount} points lower after "
            f"talking with {name} than after other conversations that started as stressed."
        )
    elif effect.band is StressBand.HIGHER:
        core = (
            f"{moments}, your stress has tended to be about {amount} points higher after "
            f"talking with {name} than after other conversations that started alike. Close "
            "conversations can be hard ones; it may be worth noticing what these were about."
        )
    else:
        core = (
            f"{moments}, no clear difference: after talking with {name} your stress does "
            "about what it does after your other conversations that started alike."
        )
    core = core[0].upper() + core[1:]
    if prefix:
        core = prefix + core[0].lower() + core[1:]
    return f"{core} {CAVEAT}"


def evidence_sentence(group: GroupEvidence) -> str:
    """One line of the journal-wide evidence, with the logs it rests on."""
    counts = f"({group.logs} and {group.reference_logs} logs)"
    if group.difference is None:
        return f"“{group.label}” against “{group.reference_label}”: not enough logs yet {counts}."
    amount = f"{abs(group.difference):.1f}"
    if group.band is StressBand.LOWER:
        return (
            f"After “{group.label}” conversations your stress fell by {amount} more than "
            f"after “{group.reference_label}” ones {counts}."
        )
    if group.band is StressBand.HIGHER:
        return (
            f"After “{group.label}” conversations your stress fell by {amount} less than "
            f"after “{group.reference_label}” ones {counts}."
        )
    return f"“{group.label}” against “{group.reference_label}”: no clear difference yet {counts}."
