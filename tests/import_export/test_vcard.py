"""vCard reading: versions 2.1, 3.0 and 4.0 and the quirks real clients write."""

from __future__ import annotations

from datetime import date

import pytest

from ixcoach_desktop.services.importing.records import ParsedContacts, UnreadableFileError
from ixcoach_desktop.services.importing.text_files import FileFormat, TextFile, read_text
from ixcoach_desktop.services.importing.vcard import parse_vcards
from ixcoach_desktop.services.progress import Progress
from tests.import_export.helpers import FIXTURES


def parse(text: str) -> ParsedContacts:
    return parse_vcards(TextFile("test.vcf", FileFormat.VCARD, text, "utf-8"), Progress())


def card(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(("BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""))


def only_contact(text: str) -> tuple[str, str, date | None, str | None]:
    parsed = parse(text)
    assert parsed.problems == []
    assert len(parsed.contacts) == 1
    contact = parsed.contacts[0].contact
    return contact.name, contact.notes, contact.birthday, contact.vcard_uid


def test_apple_style_card_with_folding_escapes_groups_photo_and_lowercase() -> None:
    parsed = parse_vcards(read_text(FIXTURES / "apple_style_3.0.vcf"), Progress())
    assert parsed.problems == []
    contact = parsed.contacts[0].contact
    assert contact.name == "Dubois, Amélie"
    assert contact.notes == "Met at the climbing gym, Lyon.\nLikes long walks and bad puns."
    assert contact.birthday == date(1988, 4, 17)
    assert contact.vcard_uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"


def test_android_quoted_printable_utf8_with_soft_line_breaks_and_name_from_n() -> None:
    parsed = parse_vcards(read_text(FIXTURES / "android_qp_2.1.vcf"), Progress())
    assert parsed.problems == []
    contact = parsed.contacts[0].contact
    assert contact.name == "Zofia Łucja Kowalska"
    assert contact.notes == "Zna żurawie\ni czaple — ptaki."


def test_vcard_4_birthday_without_year_is_kept_in_the_notes() -> None:
    parsed = parse_vcards(read_text(FIXTURES / "rfc6350_style_4.0.vcf"), Progress())
    contact = parsed.contacts[0].contact
    assert contact.name == "Kenji Nakamura"
    assert contact.birthday is None
    assert contact.notes == "Loves jazz; plays the sax.\n\nBirthday: 12 June (no year given)"


def test_fn_with_an_unescaped_comma_is_not_cut_at_the_comma() -> None:
    # Google writes FN commas unescaped; a list-splitting reader keeps only "Mr. John Richter".
    name, *_ = only_contact(card("FN:Mr. John Richter, James Doe Sr.", "N:Doe;John;;;"))
    assert name == "Mr. John Richter, James Doe Sr."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("N:Doe;John;Richter\\, James;Mr.;Sr.",), "Mr. John Richter, James Doe Sr."),
        (("N:Doe;John;Richter,James;;",), "John Richter James Doe"),
        (("FN:", "N:Smith;Anna;;;"), "Anna Smith"),
        (("NICKNAME:Bobby,Rob",), "Bobby"),
        (("ORG:Acme Ltd;Sales",), "Acme Ltd"),
        (("EMAIL;TYPE=INTERNET:ann@example.org",), "ann@example.org"),
        (("FN:  Ann\\n  Lee  ",), "Ann Lee"),
    ],
)
def test_the_name_falls_back_from_fn_to_n_nickname_org_and_email(
    lines: tuple[str, ...], expected: str
) -> None:
    assert only_contact(card(*lines))[0] == expected


@pytest.mark.parametrize(
    ("bday", "expected", "note"),
    [
        ("BDAY:1980-03-22", date(1980, 3, 22), ""),
        ("BDAY:19800322", date(1980, 3, 22), ""),
        ("BDAY;VALUE=date:1980-03-22T00:00:00Z", date(1980, 3, 22), ""),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-22", None, "Birthday: 22 March (no year given)"),
        ("BDAY:--02-29", None, "Birthday: 29 February (no year given)"),
        ("BDAY;VALUE=text:circa 1980", None, "Birthday: circa 1980"),
        ("BDAY:1980-02-30", None, "Birthday: 1980-02-30"),
    ],
)
def test_birthdays(bday: str, expected: date | None, note: str) -> None:
    _, notes, birthday, _ = only_contact(card("FN:Ann", bday))
    assert birthday == expected
    assert notes == note


def test_several_notes_are_joined_and_windows_line_ends_normalised() -> None:
    text = card(
        "FN:Ann",
        "NOTE;ENCODING=QUOTED-PRINTABLE:one=0D=0Atwo",
        "NOTE:three\\, four\\; five \\\\ C:\\Users",
        version="2.1",
    )
    assert only_contact(text)[1] == "one\ntwo\n\nthree, four; five \\ C:\\Users"


@pytest.mark.parametrize("charset", ["ISO-8859-1", "UTF-8", "NO-SUCH-CHARSET"])
def test_quoted_printable_latin1_even_when_the_charset_is_wrong(charset: str) -> None:
    text = card(f"FN;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller", version="2.1")
    assert only_contact(text)[0] == "Jürgen Müller"


def test_a_damaged_photo_or_an_odd_line_does_not_cost_the_card() -> None:
    text = card(
        "FN:Ann",
        "PROFILE:VCard",
        "PHOTO;ENCODING=BASE64;JPEG:not base64 at all!",
        "X-WEIRD LINE WITHOUT A COLON",
        version="2.1",
    )
    assert only_contact(text)[0] == "Ann"


def test_an_agent_card_inside_a_card_is_not_a_second_contact() -> None:
    text = card("FN:Boss", "AGENT:", "BEGIN:VCARD", "VERSION:2.1", "FN:Assistant", "END:VCARD")
    parsed = parse(text)
    assert [c.contact.name for c in parsed.contacts] == ["Boss"]


def test_each_bad_card_is_reported_with_its_number_and_line() -> None:
    text = (
        card("FN:Ann")
        + card("NOTE:no name at all")
        + card("FN:" + "x" * 300)
        + card("FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=81", version="2.1")
        + "END:VCARD\r\nstray text\r\n"
        + "BEGIN:VCARD\r\nFN:Cut\r\n"
    )
    parsed = parse(text)
    assert [c.contact.name for c in parsed.contacts] == ["Ann"]
    assert [(p.location, p.reason.split(";")[0].split(".")[0]) for p in parsed.problems] == [
        (
            "card 2, line 5",
            "the card has no name (FN or N), nickname, organisation, e-mail or phone",
        ),
        ("card 3, line 9", "The name is 300 characters long"),
        ("card 4, line 13", "its FN value is not text in UTF-8"),
        ("line 17", "END:VCARD without a BEGIN:VCARD before it"),
        ("line 18", "text outside any card"),
        ("card 5, line 19", "the card is not closed by END:VCARD"),
    ]


def test_a_uid_that_cannot_be_stored_is_reported_with_its_card() -> None:
    parsed = parse(card("FN:Ann", "UID:uid-\ud800") + card("FN:Ben", "UID:fine"))
    assert [c.contact.vcard_uid for c in parsed.contacts] == ["fine"]
    assert [(p.location, p.reason) for p in parsed.problems] == [
        ("card 1, line 1", "The vCard UID contains broken characters that cannot be saved.")
    ]


def test_a_file_without_any_card_is_refused_as_a_whole() -> None:
    with pytest.raises(UnreadableFileError, match="holds no vCard"):
        parse("just some text\n")


def test_two_thousand_cards_all_come_through() -> None:
    cards = "".join(
        card(f"FN:Person {i}", f"UID:uid-{i}", "TEL:+1 555 0100", f"NOTE:Note {i}\\, kept")
        for i in range(2000)
    )
    parsed = parse(cards)
    assert len(parsed.contacts) == 2000
    assert parsed.contacts[-1].contact.notes == "Note 1999, kept"
