"""Crafted journals for the report: people whose stress effect is known by construction."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ixcoach_desktop.cli import main

START = datetime(2025, 1, 1, 18, 0, tzinfo=UTC)
LOWER, HIGHER, STRESSFUL_DAYS, THREE_LOGS, ARCHIVED = (
    "Clear Calmer",
    "Clear Higher",
    "Only Hard Days",
    "Three Logs",
    "Archived Person",
)


def typical(before: int) -> int:
    """What this user's stress does from ``before``: halfway back toward 3."""
    return round(1.5 + 0.5 * before)


def _contact(contact_id: int, name: str, *, archived: bool = False) -> dict[str, Any]:
    when = START.isoformat()
    return {
        "id": contact_id,
        "name": name,
        "kind": "friend",
        "cadence_days": 14,
        "birthday": None,
        "notes": "",
        "archived": archived,
        "vcard_uid": None,
        "created_at": when,
        "updated_at": when,
    }


def _exchange(
    exchange_id: int, contact_id: int, before: int | None, after: int | None
) -> dict[str, Any]:
    when = (START + timedelta(hours=7 * exchange_id)).isoformat()
    return {
        "id": exchange_id,
        "contact_id": contact_id,
        "occurred_at": when,
        "channel": "in_person",
        "opened_by": "me",
        "my_level": 2,
        "their_level": 2,
        "reception": 4,
        "topics": [],
        "my_emotional": False,
        "their_emotional": False,
        "what_i_shared": "",
        "what_they_shared": "",
        "notes": "",
        "stress_before": before,
        "stress_after": after,
        "created_at": when,
        "updated_at": when,
    }


def crafted_journal(data_dir: Path, scratch: Path) -> None:
    """Import the journal of the issue's four cases (and background people) into ``data_dir``."""
    rng = random.Random(17)
    names = [LOWER, HIGHER, STRESSFUL_DAYS, THREE_LOGS] + [f"Friend {n}" for n in range(1, 7)]
    contacts = [_contact(number, name) for number, name in enumerate(names, start=1)]
    contacts.append(_contact(len(contacts) + 1, ARCHIVED, archived=True))
    pairs: list[tuple[int, int | None, int | None]] = []
    for contact_id in range(5, 12):
        for _ in range(8):
            before = rng.randint(1, 9)
            pairs.append((contact_id, before, typical(before) + rng.choice((-1, 0, 0, 1))))
        pairs.append((contact_id, None, None))
    for _ in range(10):
        before = rng.randint(3, 8)
        pairs.append((1, before, max(0, typical(before) - 3)))
        pairs.append((2, before, typical(before) + 3))
    # Logged only on very hard days; stress fell a lot each time, but exactly
    # as much as it always does from there.
    pairs += [(3, before, typical(before)) for before in (9, 10, 9, 8, 10, 9, 9, 10)]
    pairs += [(4, 7, 2), (4, 8, 1), (4, 6, 2), (4, 5, None)]
    rng.shuffle(pairs)
    exchanges = [
        _exchange(number, contact_id, before, after)
        for number, (contact_id, before, after) in enumerate(pairs, start=1)
    ]
    document = {
        "format_version": 1,
        "app": "ixcoach-desktop",
        "app_version": "0.1.0",
        "contacts": contacts,
        "exchanges": exchanges,
    }
    path = scratch / "crafted.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", str(path), "--data-dir", str(data_dir)]) == 0
