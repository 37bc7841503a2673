"""Getting a file's text safely: extension, size, binary content and encoding checks.

Everything here fails with UnreadableFileError, whose message names the file
and says what is wrong in words a user can act on.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ixcoach_desktop.services.importing.records import UnreadableFileError

# The JSON export of a heavy user's journal (100,000 exchanges) is about
# 45 MB and an address book with a photo on every card rarely passes 50 MB;
# 200 MB leaves room for both while refusing, before reading a byte, files
# that would hold gigabytes of memory for minutes (a disk image or a video
# picked by mistake).
MAX_IMPORT_BYTES = 200 * 1024 * 1024

# Text exports have no control characters beyond line breaks and tabs; more
# than this share of them in the first BINARY_SAMPLE_CHARS means the bytes
# are not text at all (binary files show it from the start).
MAX_CONTROL_CHAR_SHARE = 0.005
BINARY_SAMPLE_CHARS = 64 * 1024
# In UTF-16 text in a Latin script nearly every other byte is zero.
UTF16_ZERO_SHARE = 0.9
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class FileFormat(StrEnum):
    """What an import file holds, decided by its extension."""

    VCARD = "vCard"
    CSV = "CSV"
    JSON = "JSON"


FORMAT_BY_SUFFIX: dict[str, FileFormat] = {
    ".vcf": FileFormat.VCARD,
    ".vcard": FileFormat.VCARD,
    ".csv": FileFormat.CSV,
    ".json": FileFormat.JSON,
}


@dataclass(frozen=True, slots=True)
class TextFile:
    """A file's decoded text and the encoding it was read with."""

    name: str
    format: FileFormat
    text: str
    encoding: str


def file_format(path: Path) -> FileFormat:
    """The format for ``path``'s extension; UnreadableFileError for any other."""
    found = FORMAT_BY_SUFFIX.get(path.suffix.casefold())
    if found is None:
        shown = f"the extension '{path.suffix}'" if path.suffix else "no extension"
        raise UnreadableFileError(
            str(path),
            f"has {shown}; import reads vCard (.vcf), CSV (.csv) and "
            "IX Coach Desktop JSON exports (.json).",
        )
    return found


def _size(path: Path) -> int:
    name = str(path)
    try:
        if path.is_dir():
            raise UnreadableFileError(name, "is a folder, not a file.")
        return path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFileError(name, "does not exist.") from None
    except OSError as error:
        raise UnreadableFileError(name, f"cannot be read: {error.strerror}.") from error


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB".replace(".0 MB", " MB")


def _binary(name: str) -> UnreadableFileError:
    return UnreadableFileError(
        name, "is not a text file (it holds binary data); export your contacts as text first."
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text some Windows tools write without a BOM: every other byte is zero."""
    sample = data[:4096]
    for zero_at, codec in ((1, "utf-16-le"), (0, "utf-16-be")):
        half = sample[zero_at::2]
        if len(sample) >= 4 and half.count(0) >= UTF16_ZERO_SHARE * len(half):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of ``data`` and its encoding: UTF-8 (with or without BOM), UTF-16,
    else Windows-1252, the encoding of older Outlook and Windows exports.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            position = error.start + len(codecs.BOM_UTF8)
            raise UnreadableFileError(
                name,
                f"is marked as UTF-8 but is not (byte 0x{data[position]:02X} at position "
                f"{position:,}); save it again as UTF-8.",
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _binary(name) from None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise _binary(name)
        return text, "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise UnreadableFileError(
            name,
            f"is neither UTF-8 nor Windows-1252 text (byte 0x{data[error.start]:02X} at "
            f"position {error.start:,}); save it again as UTF-8.",
        ) from None


def read_text(path: Path) -> TextFile:
    """The checked, decoded text of an import file."""
    name = str(path)
    fmt = file_format(path)
    size = _size(path)
    if size > MAX_IMPORT_BYTES:
        raise UnreadableFileError(
            name,
            f"is {_megabytes(size)}, larger than the {_megabytes(MAX_IMPORT_BYTES)} import "
            "limit. Is this the right file? Split a very large address book into smaller files.",
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(name, f"cannot be read: {error.strerror}.") from error
    if not data or data.isspace():
        raise UnreadableFileError(name, "is empty.")
    text, encoding = decode(data, name)
    sample = text[:BINARY_SAMPLE_CHARS]
    if len(_CONTROL_CHARS.findall(sample)) > MAX_CONTROL_CHAR_SHARE * len(sample):
        raise _binary(name)
    if text.isspace():
        raise UnreadableFileError(name, "is empty.")
    return TextFile(name, fmt, text, encoding)
