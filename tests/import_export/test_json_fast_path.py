"""The JSON import's fast path for exported exchanges agrees with the field-by-field checks.

``_exported_exchange`` builds the records it recognises as written by an
export; everything else goes through ``_Fields`` and the validation rules. A
file read with the fast path must give exactly what it gives without it:
the same exchanges (values and types), the same problems in the same order.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ixcoach_desktop.domain.models import EXCHANGE_FIELDS, Exchange, utc_now
from ixcoach_desktop.domain.scales import Topic, topic_set
from ixcoach_desktop.services.exporting import FORMAT_VERSION, ExportFormat
from ixcoach_desktop.services.importing import json_journal
from ixcoach_desktop.services.importing.records import ParsedJournal
from ixcoach_desktop.services.importing.text_files import FileFormat, TextFile
from ixcoach_desktop.services.progress import Progress
from ixcoach_desktop.services.session import JournalSession

NOW = datetime(2026, 1, 1, tzinfo=UTC)
MISSING = object()
LONG = 20_001

# Every kind of value a field might hold in a hand-edited or damaged file.
ODD_VALUES: list[object] = [
    MISSING, None, True, False, 0, 1, -1, 5, 6, 10, 11, 2**70, 1.0, 3.5, float("nan"),
    "", "3", "x", [], ["work"], {}, {"a": 1},
    "2024-05-01T14:30:00+00:00", "2024-05-01T14:30:00", "2024-05-01", "2024-05-01T14:30:00Z",
    "2024-05-01T14:30:00+02:00", "2024-05-01 14:30:00.5+05:30", "2024-02-30T00:00:00+00:00",
    "1899-12-31T23:59:59+00:00", "1899-12-31T23:30:00-01:00", "2026-01-01T00:04:00+00:00",
    "2026-01-01T00:06:00+00:00", "2999-01-01T00:00:00+00:00",
    "in_person", "In person", "CALL", " video ", "them", "Me", "nobody",
    "\x00", "é", "\ud800", "\x01", "a" * LONG, "é" * LONG,
    ["work", "work"], ["Work"], ["work", 1], [None], ["money", "tastes"], ["tastes", "money"],
    ["gossip"], [True],
]  # fmt: skip


def _exchange(ident: int, contact_id: object = 1) -> dict[str, object]:
    """An exchange record exactly as an export writes one."""
    return {
        "id": ident,
        "contact_id": contact_id,
        "conversation_id": "3f2a9c0e6b7d4e1f8a5b2c3d4e5f6a7b",
        "occurred_at": "2025-06-04T19:36:26.051388+00:00",
        "channel": "video",
        "opened_by": "them",
        "my_level": 1,
        "their_level": 2,
        "reception": 4,
        "topics": ["money"],
        "my_emotional": False,
        "their_emotional": True,
        "what_i_shared": "news about the move",
        "what_they_shared": "",
        "notes": "",
        "stress_before": None,
        "stress_after": 3,
        "created_at": "2025-06-05T08:00:00.250000+00:00",
        "updated_at": "2025-06-06T08:00:00+00:00",
    }


def _odd_exchanges() -> list[object]:
    records: list[object] = [_exchange(1)]
    for field in EXCHANGE_FIELDS:
        for value in ODD_VALUES:
            record = _exchange(len(records) + 1)
            if value is MISSING:
                del record[field]
            else:
                record[field] = value
            records.append(record)
    # The contact an exchange belongs to: refused, absent, or not a whole number.
    for contact_id in (2, 3, 0, True, "1", 1.0):
        records.append(_exchange(len(records) + 1, contact_id))
    # Not in export order, with a field exports do not write: still valid.
    shuffled = dict(reversed(_exchange(len(records) + 1).items()))
    records += [shuffled | {"extra": 1}, _exchange(1), [], None]
    return records


def _source(document: object) -> TextFile:
    return TextFile("j.json", FileFormat.JSON, json.dumps(document), "utf-8")


def _parse(
    source: TextFile, monkeypatch: pytest.MonkeyPatch, *, fast: bool, now: datetime = NOW
) -> ParsedJournal:
    # A cold topic cache for each reading, so neither path leans on the other's.
    topic_set.cache_clear()
    if not fast:
        monkeypatch.setattr(json_journal, "_exported_exchange", lambda *_: None)
    try:
        return json_journal.parse_journal_json(source, Progress(), now)
    finally:
        monkeypatch.undo()


def _typed(exchange: Exchange) -> list[tuple[type, object]]:
    """Field values with their types: 1 == True, but a flag read as 1 is a bug."""
    values = (getattr(exchange, field.name) for field in dataclasses.fields(exchange))
    return [(type(value), value) for value in values]


def _assert_same(fast: ParsedJournal, slow: ParsedJournal) -> None:
    assert fast.contacts == slow.contacts
    assert [_typed(e) for e in fast.exchanges] == [_typed(e) for e in slow.exchanges]
    assert fast.problems == slow.problems


def _count_quick(monkeypatch: pytest.MonkeyPatch) -> list[Exchange]:
    """A list that fills with the exchanges the fast path builds."""
    taken: list[Exchange] = []
    real = json_journal._exported_exchange

    def counting(
        record: dict[str, object], known: set[int], now: datetime, fields: tuple[str, ...]
    ) -> Exchange | None:
        exchange = real(record, known, now, fields)
        if exchange is not None:
            taken.append(exchange)
        return exchange

    monkeypatch.setattr(json_journal, "_exported_exchange", counting)
    return taken


def test_odd_records_get_the_same_exchanges_and_problems_either_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    contacts = [{"id": 1, "name": "Ann"}, {"id": 2, "name": ""}]
    source = _source(
        {"format_version": FORMAT_VERSION, "contacts": contacts, "exchanges": _odd_exchanges()}
    )
    slow = _parse(source, monkeypatch, fast=False)
    taken = _count_quick(monkeypatch)
    fast = _parse(source, monkeypatch, fast=True)
    _assert_same(fast, slow)
    # Both paths had work: the fast one the export-shaped records, the slow one the rest.
    assert len(taken) > len(EXCHANGE_FIELDS)
    assert len(slow.problems) > len(ODD_VALUES)


def test_an_export_is_read_by_the_fast_path_alone(
    session: JournalSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.demo.fill(5, 400, seed=2)
    path = tmp_path / "journal.json"
    session.exports.export(ExportFormat.JSON, path)
    source = _source(json.loads(path.read_text(encoding="utf-8")))
    # The sample data ends about now.
    now = utc_now()
    slow = _parse(source, monkeypatch, fast=False, now=now)
    taken = _count_quick(monkeypatch)
    fast = _parse(source, monkeypatch, fast=True, now=now)
    _assert_same(fast, slow)
    assert not fast.problems
    # Every exchange but the first of each topic list, which fills the cache.
    assert len(taken) >= len(fast.exchanges) - 2 ** len(Topic)


def test_an_export_of_format_1_is_read_by_the_fast_path_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = [_exchange(ident) for ident in (1, 2)]
    for record in records:
        del record["conversation_id"]
    source = _source(
        {"format_version": 1, "contacts": [{"id": 1, "name": "Ann"}], "exchanges": records}
    )
    slow = _parse(source, monkeypatch, fast=False)
    taken = _count_quick(monkeypatch)
    fast = _parse(source, monkeypatch, fast=True)
    _assert_same(fast, slow)
    assert not fast.problems
    assert len(taken) == 2
    assert {exchange.conversation_id for exchange in fast.exchanges} == {None}
