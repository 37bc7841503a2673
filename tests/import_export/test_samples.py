"""Every real-world export in ../shared/samples/vcard imports through the command line.

Skipped where the shared samples are absent (on a user's machine). Files
added to the folder later are still checked: they must import with one
contact per card.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from ixcoach_desktop.cli import main
from tests.import_export.helpers import SAMPLES

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared vCard samples not present")

EXPECTED_NAMES: dict[str, list[str]] = {
    "John_Doe_ANDROID.vcf": [
        # The first two cards carry nothing but an e-mail address.
        "john.doe@company.com",
        "jane.doe@company.com",
        "Ñ Ñ Ñ Ñ Ñ",
        "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ",
        "Ñ Ñ Ñ Ñ",
        "ÑÑÑÑ",
    ],
    "John_Doe_BLACK_BERRY.vcf": ["John Doe"],
    "John_Doe_EVOLUTION.vcf": ["Mr. John Richter, James Doe Sr."],
    "John_Doe_GMAIL.vcf": ["Mr. John Richter, James Doe Sr."],
    "John_Doe_IPHONE.vcf": ["Mr. John Richter James Doe Sr."],
    "John_Doe_LOTUS_NOTES.vcf": ["Mr. Doe John I Johny"],
    "John_Doe_MAC_ADDRESS_BOOK.vcf": ["Mr. John Richter,James Doe Sr."],
    "John_Doe_MS_OUTLOOK.vcf": ["Mr. John Richter James Doe Sr."],
    "fullcontact.vcf": ["Prefix FirstName MiddleName LastName Suffix"],
    "gmail-list.vcf": ["Arnold Smith", "Chris Beatle", "Doug White"],
    "gmail-single.vcf": ["Greg Dartmouth"],
    "gmail-single2.vcf": ["VCard Test"],
    "issue114.vcf": ["Dummy, Dummy"],
    "outlook-2003.vcf": ["John Doe III"],
    "outlook-2007.vcf": ["Mr. Michael Angstadt Jr."],
    "rfc2426-example.vcf": ["Frank Dawson", "Tim Howes"],
    "rfc6350-example.vcf": ["Simon Perreault"],
    "thunderbird-MoreFunctionsForAddressBook-extension.vcf": ["John Doe"],
}

EXPECTED_BIRTHDAYS = {
    "John_Doe_EVOLUTION.vcf": date(1980, 3, 22),
    "John_Doe_GMAIL.vcf": date(1980, 3, 22),
    "John_Doe_MS_OUTLOOK.vcf": date(1980, 3, 22),
    "outlook-2007.vcf": date(1922, 3, 10),
    "gmail-single2.vcf": date(1912, 6, 23),
    "fullcontact.vcf": date(2016, 8, 1),
}

EXPECTED_NOTES = {
    "outlook-2003.vcf": "This is the note field!!\nSecond line\n\nThird line is empty",
    "gmail-single.vcf": (
        "This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField"
    ),
    "rfc6350-example.vcf": "Birthday: 3 February (no year given)",
}


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.vcf")) if SAMPLES.is_dir() else []


def rows(data_dir: Path) -> list[tuple[str, str | None, str]]:
    with sqlite3.connect(data_dir / "journal.sqlite3") as connection:
        found = connection.execute("SELECT name, birthday, notes FROM contacts ORDER BY id")
        result = list(found)
    connection.close()
    return result


@pytest.mark.parametrize("sample", sample_files(), ids=lambda path: path.name)
def test_every_card_imports_with_its_name_intact(
    sample: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(sample), "--data-dir", str(data_dir)]) == 0
    output = capsys.readouterr()
    assert "skipped as duplicate: 0; invalid: 0." in output.out, output
    imported = rows(data_dir)
    cards = len(re.findall(r"^BEGIN:VCARD\s*$", sample.read_text("utf-8"), re.M | re.I))
    assert len(imported) == cards
    names = [name for name, _, _ in imported]
    if sample.name in EXPECTED_NAMES:
        assert names == EXPECTED_NAMES[sample.name]
    if sample.name in EXPECTED_BIRTHDAYS:
        assert imported[0][1] == EXPECTED_BIRTHDAYS[sample.name].isoformat()
    if sample.name in EXPECTED_NOTES:
        assert imported[0][2] == EXPECTED_NOTES[sample.name]


def test_importing_a_sample_twice_adds_nobody_twice(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(path) for path in sample_files()]
    assert main(["import", *files, "--data-dir", str(data_dir)]) == 0
    first = rows(data_dir)
    capsys.readouterr()
    assert main(["import", *files, "--data-dir", str(data_dir)]) == 0
    assert rows(data_dir) == first
    assert "Imported 0 contacts" in capsys.readouterr().out
