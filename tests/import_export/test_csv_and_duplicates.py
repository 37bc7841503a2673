"""Contacts from CSV, and the duplicate rule shared by every contact import."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.domain.scales import RelationshipKind
from ixcoach_desktop.services.importing.records import InvalidRecordsError, UnreadableFileError
from ixcoach_desktop.services.session import JournalSession
from tests.import_export.helpers import FIXTURES


def names(session: JournalSession) -> list[str]:
    return sorted(summary.name for summary in session.contacts.list(include_archived=True))


def test_csv_with_optional_columns_any_case_and_an_ignored_column(
    session: JournalSession,
) -> None:
    report = session.imports.import_files([FIXTURES / "contacts.csv"], skip_invalid=False)
    assert report.contacts_added == 2
    assert report.notices == (f"{FIXTURES / 'contacts.csv'}: ignored the column 'Email'.",)
    amelie, zofia = sorted(
        (s.contact for s in session.contacts.list()), key=lambda contact: contact.name
    )
    assert (amelie.name, amelie.kind, amelie.cadence_days, amelie.birthday, amelie.notes) == (
        "Amélie Dubois",
        RelationshipKind.FRIEND,
        7,
        date(1988, 4, 17),
        "Climbing partner, Lyon",
    )
    assert (zofia.kind, zofia.cadence_days, zofia.notes) == (
        RelationshipKind.FAMILY,
        14,
        "Two\nlines",
    )


def test_invalid_csv_rows_import_nothing_unless_skipped(session: JournalSession) -> None:
    path = FIXTURES / "invalid_rows_semicolon.csv"
    with pytest.raises(InvalidRecordsError) as caught:
        session.imports.import_files([path], skip_invalid=False)
    assert [(p.location, p.reason) for p in caught.value.problems] == [
        (
            "line 3",
            "Unknown relationship kind 'sibling'; use one of: friend, family, partner, "
            "colleague, other.",
        ),
        ("line 4", "cadence_days must be a whole number of days, not 'many'."),
    ]
    assert names(session) == []
    report = session.imports.import_files([path], skip_invalid=True)
    assert report.contacts_added == 1
    assert len(report.invalid_skipped) == 2
    assert names(session) == ["Jonas Becker"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"email,phone\r\na@b.c,1\r\n", "has no 'name' column (header row: 'email', 'phone')"),
        (b"name\r\n", "has a header row but no contacts below it"),
        (b"name,name\r\nA,B\r\n", "names the column 'name' twice"),
        (
            b"id,contact_id,contact_name,occurred_at,my_level\r\n1,1,A,2024-01-01,2\r\n",
            "This is an exchanges export",
        ),
    ],
)
def test_csv_files_that_cannot_be_contacts(
    session: JournalSession, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=re.escape(message)):
        session.imports.preview([path])


def test_csv_in_windows_1252_with_a_bom_free_excel_header(
    session: JournalSession, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("NAME;Notes\r\nJürgen Müller;Café owner\r\n".encode("cp1252"))
    session.imports.import_files([path], skip_invalid=False)
    assert names(session) == ["Jürgen Müller"]


def test_a_row_with_more_fields_than_the_header_is_rejected(
    session: JournalSession, tmp_path: Path
) -> None:
    path = tmp_path / "shifted.csv"
    path.write_text("name,notes\nAnn,fine\nBen,a,b\n", encoding="utf-8")
    plan = session.imports.preview([path])
    assert [str(problem) for problem in plan.invalid] == [
        f"{path}: line 3: the row has 3 fields but the header row names 2 columns."
    ]


def test_duplicates_match_on_uid_else_on_the_exact_name(
    session: JournalSession, tmp_path: Path
) -> None:
    session.contacts.add(Contact(name="Ann Lee"))
    session.contacts.add(Contact(name="Sam Cole", vcard_uid="uid-sam"))
    path = tmp_path / "people.vcf"
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n"
            for body in (
                "FN:Ann Lee\r\n",  # same name, no UID: the same person
                "FN:Samuel Cole\r\nUID:uid-sam\r\n",  # renamed, same UID
                "FN:Sam Cole\r\nUID:uid-other\r\n",  # namesake with another UID
                "FN:ann lee\r\n",  # names match exactly, not ignoring case
                "FN:Kim Park\r\n",
                "FN:Kim Park\r\n",  # twice in the same file
            )
        ),
        encoding="utf-8",
    )
    plan = session.imports.preview([path])
    assert [(d.location, d.reason) for d in plan.duplicates] == [
        ("card 1, line 1", "is already in the journal"),
        ("card 2, line 5", "has the same vCard UID as 'Sam Cole', already in the journal"),
        ("card 6, line 23", "appears earlier in this import"),
    ]
    assert [item.contact.name for item in plan.contacts] == ["Sam Cole", "ann lee", "Kim Park"]
    report = session.imports.apply(plan, skip_invalid=False)
    assert report.contacts_added == 3
    again = session.imports.import_files([path], skip_invalid=False)
    assert again.contacts_added == 0
    assert len(again.duplicates) == 6


def test_duplicates_are_checked_again_when_the_preview_is_applied(
    session: JournalSession, tmp_path: Path
) -> None:
    path = tmp_path / "one.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEND:VCARD\n", encoding="utf-8")
    plan = session.imports.preview([path])
    session.contacts.add(Contact(name="Ann Lee"))  # added in the window meanwhile
    report = session.imports.apply(plan, skip_invalid=False)
    assert report.contacts_added == 0
    assert [d.reason for d in report.duplicates] == ["is already in the journal"]
    assert names(session) == ["Ann Lee"]
