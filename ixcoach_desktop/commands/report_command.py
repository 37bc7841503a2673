"""``ixcoach-desktop report``: every relationship's figures, as text or JSON, read-only."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ixcoach_desktop.commands.common import EXIT_OK, add_data_dir
from ixcoach_desktop.commands.passphrase import add_passphrase_file, journal_key
from ixcoach_desktop.domain.keep_in_touch import ContactStatus
from ixcoach_desktop.domain.stress import GroupEvidence, StressEffect
from ixcoach_desktop.domain.stress_words import band_words, effect_figure, evidence_sentence
from ixcoach_desktop.services.relationships import ContactReport, JournalReport

# The report's three keep-in-touch words; someone not talked to yet is not late.
_KEEP_IN_TOUCH = {
    ContactStatus.NO_EXCHANGES: "ok",
    ContactStatus.ON_TRACK: "ok",
    ContactStatus.DUE: "due",
    ContactStatus.OVERDUE: "overdue",
}
# Decimals kept in the JSON: finer than any figure the window shows.
_DECIMALS = 3


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "report",
        help="print every relationship's figures (text or JSON)",
        description="Print, for every unarchived contact, what the window shows: "
        "exchanges, matching rate, mutual depth, buffer potential, keep in touch and "
        "the stress effect. Reads only: safe while the window is open. The JSON "
        "format is described in docs/export-format.md.",
    )
    add_data_dir(parser)
    add_passphrase_file(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="report_format")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from ixcoach_desktop.services.session import open_session

    session = open_session(data_dir, writer=None, key=journal_key(args, data_dir))
    try:
        report = session.guidance.report()
    finally:
        session.close()
    if args.report_format == "json":
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        print(report_text(report))
    return EXIT_OK


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _DECIMALS)


def _effect_json(effect: StressEffect) -> dict[str, Any]:
    return {
        "logs": effect.logs,
        "estimate": _round(effect.estimate),
        "low": _round(effect.low),
        "high": _round(effect.high),
        "band": str(effect.band),
        "early_hint": effect.hint,
    }


def _contact_json(row: ContactReport) -> dict[str, Any]:
    figures = row.figures
    return {
        "id": figures.contact_id,
        "name": figures.name,
        "exchanges": row.exchanges,
        "matching_rate": _round(figures.matching_rate),
        "mutual_depth": _round(figures.mutual_depth),
        "buffer_potential": figures.buffer_potential,
        "keep_in_touch": _KEEP_IN_TOUCH[figures.keep_in_touch],
        "stress_effect": _effect_json(row.stress.overall),
        "stress_effect_stressful": _effect_json(row.stress.stressful),
    }


def _group_json(group: GroupEvidence) -> dict[str, Any]:
    return {
        "group": group.label,
        "compared_with": group.reference_label,
        "logs": group.logs,
        "reference_logs": group.reference_logs,
        "difference": _round(group.difference),
        "low": _round(group.low),
        "high": _round(group.high),
        "band": str(group.band),
    }


def report_json(report: JournalReport) -> dict[str, Any]:
    """The report as JSON-ready values (docs/export-format.md)."""
    stress = report.stress
    return {
        "contacts": [_contact_json(row) for row in report.contacts],
        "stress_evidence": {
            "logs": stress.logs,
            "typical_after": {
                "intercept": _round(stress.fit.intercept),
                "slope": _round(stress.fit.slope),
            },
            "by_mutual_depth": [_group_json(group) for group in stress.by_depth],
            "by_reception": [_group_json(group) for group in stress.by_reception],
        },
    }


def _contact_text(row: ContactReport) -> list[str]:
    figures = row.figures
    matching = "—" if figures.matching_rate is None else f"{figures.matching_rate:.0%}"
    depth = "—" if figures.mutual_depth is None else f"{figures.mutual_depth:.1f}"
    potential = "—" if figures.buffer_potential is None else f"{figures.buffer_potential}/100"
    overall, stressful = row.stress.overall, row.stress.stressful
    return [
        figures.name,
        f"  {row.exchanges} exchanges · matching {matching} · mutual depth {depth} · "
        f"buffer potential {potential} · keep in touch: {_KEEP_IN_TOUCH[figures.keep_in_touch]}",
        f"  stress after talks: {band_words(overall)} ({effect_figure(overall)})",
        f"  on stressful days: {band_words(stressful)} ({effect_figure(stressful)})",
    ]


def report_text(report: JournalReport) -> str:
    """The report as the terminal shows it: one block per contact, then the evidence."""
    if not report.contacts:
        return "No contacts yet."
    lines: list[str] = []
    for row in report.contacts:
        lines += [*_contact_text(row), ""]
    groups = (*report.stress.by_depth, *report.stress.by_reception)
    lines.append(f"Your own evidence ({report.stress.logs} logs with stress before and after):")
    lines += [f"  {evidence_sentence(group)}" for group in groups] or ["  not enough logs yet."]
    lines.append(
        "Negative figures: stress lower after than after other conversations that "
        "started as stressed. A pattern in your logs, not proof of cause."
    )
    return "\n".join(lines)
