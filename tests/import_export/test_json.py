"""The JSON export: versioned format, exact round trip, and strict checks on the way back in."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.services.exporting import FORMAT_VERSION, ExportFormat
from ixcoach_desktop.services.importing.records import InvalidRecordsError, UnreadableFileError
from ixcoach_desktop.services.importing.service import JournalNotEmptyError
from ixcoach_desktop.services.json_records import contact_record, exchange_record
from ixcoach_desktop.services.session import JournalSession, open_session


def export(session: JournalSession, path: Path) -> dict[str, object]:
    session.exports.export(ExportFormat.JSON, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def write_json(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def journal(contacts: list[dict[str, object]], exchanges: list[dict[str, object]]) -> object:
    return {"format_version": FORMAT_VERSION, "contacts": contacts, "exchanges": exchanges}


def an_exchange(ident: int, contact_id: int, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": ident,
        "contact_id": contact_id,
        "occurred_at": "2024-05-01T14:30:00+00:00",
        "my_level": 2,
        "their_level": 2,
        "reception": 4,
    }
    return record | changes


def test_demo_export_import_into_an_empty_journal_and_export_again_is_identical(
    session: JournalSession, tmp_path: Path
) -> None:
    session.demo.fill(12, 300, seed=3)
    session.contacts.archive(session.contacts.list()[0].id)
    first = tmp_path / "first.json"
    document = export(session, first)
    assert document["format_version"] == FORMAT_VERSION
    assert isinstance(document["contacts"], list)
    assert isinstance(document["exchanges"], list)
    assert len(document["contacts"]) == 12
    assert len(document["exchanges"]) == 300

    restored = open_session(tmp_path / "restored")
    try:
        report = restored.imports.import_files([first], skip_invalid=False)
        assert (report.contacts_added, report.exchanges_added) == (12, 300)
        second = tmp_path / "second.json"
        assert export(restored, second) == document
        assert second.read_bytes() == first.read_bytes()
    finally:
        restored.close()


def test_the_coach_fields_come_back_from_an_export(session: JournalSession, tmp_path: Path) -> None:
    snooze = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    contact = session.contacts.add(
        Contact(
            name="Ines",
            cadence_days=10,
            overdue_days=21,
            focus=True,
            snoozed_until=snooze,
            emails=("ines@example.org", "I.Diaz@work.example"),
            phones=("+34 600 000 111",),
        )
    )
    assert contact.id is not None
    group = session.exchanges.log(
        Exchange(
            contact_id=contact.id,
            conversation_id="3f2a9c0e6b7d4e1f8a5b2c3d4e5f6a7b",
            occurred_at=datetime(2026, 2, 1, 19, 0, tzinfo=UTC),
            my_level=DepthLevel.PERSONAL,
            their_level=DepthLevel.PREFERENCES,
            reception=Reception.SUPPORTIVE,
        )
    )
    first = tmp_path / "first.json"
    document = export(session, first)
    contacts, exchanges = document["contacts"], document["exchanges"]
    assert isinstance(contacts, list)
    assert isinstance(exchanges, list)
    (record,) = contacts
    assert record == contact_record(session.contacts.get(contact.id))
    assert record["emails"] == ["ines@example.org", "I.Diaz@work.example"]
    assert record["snoozed_until"] == "2026-03-01T09:30:00+00:00"
    assert exchanges == [exchange_record(group)]
    restored = open_session(tmp_path / "restored")
    try:
        restored.imports.import_files([first], skip_invalid=False)
        assert restored.contacts.get(contact.id) == session.contacts.get(contact.id)
        assert export(restored, tmp_path / "second.json") == document
    finally:
        restored.close()


def test_an_export_of_format_1_imports_with_the_coach_fields_empty(
    session: JournalSession, tmp_path: Path
) -> None:
    document = {
        "format_version": 1,
        "contacts": [{"id": 1, "name": "Ann", "cadence_days": 7}],
        "exchanges": [an_exchange(1, 1)],
    }
    session.imports.import_files([write_json(tmp_path / "old.json", document)], skip_invalid=False)
    contact = session.contacts.get(1)
    assert (contact.overdue_days, contact.focus, contact.emails, contact.phones) == (
        None,
        False,
        (),
        (),
    )
    exchanges = export(session, tmp_path / "new.json")["exchanges"]
    assert isinstance(exchanges, list)
    assert [record["conversation_id"] for record in exchanges] == [None]


def test_every_field_is_exported(session: JournalSession, tmp_path: Path) -> None:
    session.demo.fill(2, 10, seed=1)
    document = export(session, tmp_path / "all.json")
    contacts, exchanges = document["contacts"], document["exchanges"]
    assert isinstance(contacts, list)
    assert isinstance(exchanges, list)
    contact, exchange = contacts[0], exchanges[0]
    assert list(contact) == [
        "id", "name", "kind", "cadence_days", "overdue_days", "birthday", "notes",
        "archived", "focus", "snoozed_until", "emails", "phones", "vcard_uid",
        "created_at", "updated_at",
    ]  # fmt: skip
    assert list(exchange) == [
        "id", "contact_id", "conversation_id", "occurred_at", "channel", "opened_by", "my_level",
        "their_level", "reception", "topics", "my_emotional", "their_emotional",
        "what_i_shared", "what_they_shared", "notes", "stress_before", "stress_after",
        "created_at", "updated_at",
    ]  # fmt: skip
    assert exchange["occurred_at"].endswith("+00:00")


def test_a_json_export_only_goes_into_an_empty_journal(
    session: JournalSession, tmp_path: Path
) -> None:
    path = write_json(tmp_path / "j.json", journal([{"id": 1, "name": "Ann"}], []))
    session.contacts.add(Contact(name="Existing"))
    with pytest.raises(JournalNotEmptyError, match="already holds 1 contacts and 0 exchanges"):
        session.imports.import_files([path], skip_invalid=False)


def test_json_cannot_be_mixed_with_contact_files(session: JournalSession, tmp_path: Path) -> None:
    path = write_json(tmp_path / "j.json", journal([], []))
    other = tmp_path / "c.csv"
    other.write_text("name\nAnn\n", encoding="utf-8")
    with pytest.raises(ServiceError, match="import it on its own"):
        session.imports.preview([path, other])


def test_bad_records_are_each_reported_and_nothing_is_imported(
    session: JournalSession, tmp_path: Path
) -> None:
    document = journal(
        [
            {"id": 1, "name": "Ann"},
            {"id": 2, "name": "", "cadence_days": 0},
            {"id": 3, "name": "Ben", "kind": "enemy"},
        ],
        [
            an_exchange(1, 1),
            an_exchange(2, 1, my_level=7, their_level="3"),
            an_exchange(3, 1, reception=True, topics=["work", "gossip"]),
            an_exchange(4, 2),
            an_exchange(5, 9),
            an_exchange(6, 1, occurred_at="2024-05-01 14:30"),
            an_exchange(7, 1, occurred_at="yesterday", stress_before=11),
            an_exchange(1, 1),
        ],
    )
    path = write_json(tmp_path / "bad.json", document)
    with pytest.raises(InvalidRecordsError) as caught:
        session.imports.import_files([path], skip_invalid=False)
    assert [(p.location, p.reason) for p in caught.value.problems] == [
        (
            "contact 2 (id 2)",
            "The name is empty; type the person's name. The keep-in-touch cadence must be "
            "between 1 and 365 days, not 0.",
        ),
        (
            "contact 3 (id 3)",
            "Unknown relationship kind 'enemy'; use one of: friend, family, partner, "
            "colleague, other.",
        ),
        (
            "exchange 2 (id 2)",
            'My level must be between 0 and 5, not 7. their_level must be a whole number, not "3".',
        ),
        (
            "exchange 3 (id 3)",
            "reception must be a whole number, not true. Unknown topic 'gossip'; use one of: "
            "tastes, work, attitudes, relationships, money, body.",
        ),
        ("exchange 4 (id 4)", "its contact (id 2) is not imported."),
        ("exchange 5 (id 5)", "contact_id 9 is not a contact in this file."),
        ("exchange 6 (id 6)", "occurred_at '2024-05-01 14:30' has no time zone offset."),
        (
            "exchange 7 (id 7)",
            "occurred_at must be an ISO 8601 date and time such as 2024-05-01T14:30:00+00:00, "
            'not "yesterday". Stress before must be between 0 and 10, not 11.',
        ),
        ("exchange id 1", "the id is used twice."),
    ]
    assert session.contacts.count() == 0
    report = session.imports.import_files([path], skip_invalid=True)
    assert (report.contacts_added, report.exchanges_added) == (1, 1)


def test_values_the_journal_cannot_store_are_reported_not_crashed_on(
    session: JournalSession, tmp_path: Path
) -> None:
    too_big = 2**63
    document = journal(
        [
            {"id": too_big, "name": "Ann"},
            {"id": 2, "name": "Ben", "vcard_uid": "uid-\ud800"},
            {"id": 3, "name": "Cy"},
        ],
        [an_exchange(too_big, 3), an_exchange(2, 3, topics=[["work"], "money"])],
    )
    path = write_json(tmp_path / "unstorable.json", document)
    with pytest.raises(InvalidRecordsError) as caught:
        session.imports.import_files([path], skip_invalid=False)
    assert [(p.location, p.reason) for p in caught.value.problems] == [
        (
            f"contact 1 (id {too_big})",
            f"id must be a whole number from 1 to {too_big - 1:,}, not {too_big}.",
        ),
        ("contact 2 (id 2)", "The vCard UID contains broken characters that cannot be saved."),
        (
            f"exchange 1 (id {too_big})",
            f"id must be a whole number from 1 to {too_big - 1:,}, not {too_big}.",
        ),
        ("exchange 2 (id 2)", 'topics must be text, not ["work"].'),
    ]
    assert session.contacts.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"contacts": []', "is not valid JSON (line 1, column 16"),
        ("[1, 2]", "is not an IX Coach Desktop export"),
        ('{"format_version": 99, "contacts": [], "exchanges": []}', "export format 99"),
        ('{"format_version": "1", "contacts": [], "exchanges": []}', 'unknown format_version "1"'),
        ('{"format_version": 1, "contacts": []}', "has no 'exchanges' list"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_files_that_are_not_exports(
    session: JournalSession, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnreadableFileError, match=re.escape(message)):
        session.imports.preview([path])
