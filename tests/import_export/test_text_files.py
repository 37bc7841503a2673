"""Getting the text out of a file: encodings real exporters use, and what is refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ixcoach_desktop.services.importing.records import UnreadableFileError
from ixcoach_desktop.services.importing.text_files import FileFormat, read_text

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller–Łukasz\r\nEND:VCARD\r\n"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (CARD.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + CARD.encode("utf-8"), "utf-8"),
        (CARD.encode("utf-16"), "utf-16"),
        (CARD.encode("utf-16-le"), "utf-16"),
        (CARD.encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_encodings_are_recognised(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    path = tmp_path / "card.VCF"
    path.write_bytes(encoded)
    source = read_text(path)
    assert (source.format, source.text, source.encoding) == (FileFormat.VCARD, CARD, encoding)


def test_windows_1252_is_the_fallback(tmp_path: Path) -> None:
    path = tmp_path / "outlook.vcf"
    text = "BEGIN:VCARD\r\nFN:Jürgen Müller – Café\r\nEND:VCARD\r\n"
    path.write_bytes(text.encode("cp1252"))
    assert read_text(path).text == text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            codecs.BOM_UTF8 + b"FN:\xff",
            r"is marked as UTF-8 but is not \(byte 0xFF at position 6\)",
        ),
        (b"\x00\x01\x02\x03" * 100, "is not a text file"),
        (b"\x1b[31m\x07\x08" * 100, "is not a text file"),
        (b"\r\n \t\r\n", "is empty."),
    ],
)
def test_refused_content(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=message):
        read_text(path)
