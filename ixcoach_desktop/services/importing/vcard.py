"""vCard 2.1, 3.0 and 4.0 files as real clients write them, read into contacts.

vobject does the line work: unfolding folded lines, joining quoted-printable
soft line breaks, and splitting a line into group, name, parameters and
value. The card structure and the values are handled here, because
vobject's own component reader gives up on a whole file at the first odd
card (a PROFILE line from Lotus Notes, a photo with bad base64 padding from
Android) and decodes FN as a comma-separated list, cutting Gmail's
"Mr. John Richter, James Doe Sr." at the comma. Reading card by card lets one
damaged card be reported by number while the others import.

Only what the journal keeps is read: the name (FN, else N, else a nickname,
organisation, e-mail or phone so that a card without a name still shows up
as someone), BDAY, NOTE and UID. Photos, addresses and the rest are skipped
without being decoded.
"""

from __future__ import annotations

import binascii
import io
import quopri
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.domain.validation import EARLIEST_YEAR, InvalidInputError, validate_contact
from ixcoach_desktop.services.importing.records import (
    IncomingContact,
    ParsedContacts,
    Problem,
    UnreadableFileError,
)
from ixcoach_desktop.services.importing.text_files import TextFile
from ixcoach_desktop.services.progress import Progress

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BEGIN = re.compile(r"(?:[\w-]+\.)?BEGIN[ \t]*:[ \t]*VCARD[ \t]*", re.IGNORECASE)
_END = re.compile(r"(?:[\w-]+\.)?END[ \t]*:[ \t]*VCARD[ \t]*", re.IGNORECASE)
# vCard 2.1 embeds an assistant's card after an AGENT line: a BEGIN inside a
# card is then nested, not the start of the next card.
_AGENT = re.compile(r"(?:[\w-]+\.)?AGENT[;:]", re.IGNORECASE)
_PROPERTY_NAME = re.compile(r"(?:[\w-]+\.)?([\w-]+)")


# Backslash escapes of vCard 3.0/4.0 text, plus the \: and \" that Google
# writes. Any other backslash is kept as typed (a Windows path in a note).
_ESCAPE = re.compile(r"\\([\\,;:\"nN])")

# N's components in the order a name is written: prefix, given, additional, family, suffix.
_N_ORDER = (3, 1, 2, 0, 4)

_FULL_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?")
_MONTH_DAY = re.compile(r"--(\d{2})-?(\d{2})")
# Years that clients write when the year of a birthday is unknown: Apple's
# 1604 (flagged with X-APPLE-OMIT-YEAR) and zeros from older phones.
_PLACEHOLDER_YEARS = frozenset((0, 1, 1604))
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Report progress every this many cards: often enough for a smooth bar,
# rarely enough to cost nothing.
PROGRESS_EVERY = 200


class _CardError(Exception):
    """A card that cannot be imported; the message is the reason."""


@dataclass(slots=True)
class _RawCard:
    number: int
    first_line: int
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Property:
    params: dict[str, list[str]]
    flags: frozenset[str]
    value: str


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split_unescaped(text: str, separator: str) -> list[str]:
    """Split on ``separator`` where it is not backslash-escaped; parts stay escaped."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _split_cards(text: str, name: str) -> tuple[list[_RawCard], list[tuple[int, Problem]]]:
    """The cards of a file and, with their line numbers, unclosed cards and stray text."""
    splitter = _CardSplitter(name)
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        splitter.feed(number, line)
    splitter.finish()
    return splitter.cards, splitter.problems


@dataclass(slots=True)
class _CardSplitter:
    """Reads a file line by line into cards, noting what is not inside a whole card."""

    name: str
    cards: list[_RawCard] = field(default_factory=list)
    problems: list[tuple[int, Problem]] = field(default_factory=list)
    started: int = 0
    current: _RawCard | None = None
    # Cards nested in the current one (vCard 2.1 AGENT), whose BEGIN/END are its lines.
    depth: int = 0
    previous: str = ""
    stray: list[int] = field(default_factory=list)

    def feed(self, number: int, line: str) -> None:
        if self.current is None:
            self._between_cards(number, line)
        elif line[:1] in (" ", "\t"):
            # A folded continuation (most of a photo): never a BEGIN or END.
            self.current.lines.append(line)
        else:
            self._inside_card(self.current, number, line)

    def finish(self) -> None:
        self._flush_stray()
        if self.current is not None:
            self._unclosed(self.current)
        if not self.started:
            raise UnreadableFileError(self.name, "holds no vCard (no BEGIN:VCARD line).")

    def _between_cards(self, number: int, line: str) -> None:
        if _BEGIN.fullmatch(line):
            self._flush_stray()
            self._start(number)
        elif _END.fullmatch(line):
            self._flush_stray()
            reason = "END:VCARD without a BEGIN:VCARD before it."
            self.problems.append((number, Problem(self.name, f"line {number}", reason)))
        elif line.strip():
            self.stray.append(number)

    def _inside_card(self, card: _RawCard, number: int, line: str) -> None:
        if _BEGIN.fullmatch(line):
            if not _AGENT.match(self.previous):
                self._unclosed(card)
                self._start(number)
                self.previous = line
                return
            self.depth += 1
        elif _END.fullmatch(line):
            if self.depth == 0:
                self.cards.append(card)
                self.current = None
                return
            self.depth -= 1
        card.lines.append(line)
        if line.strip():
            self.previous = line

    def _start(self, number: int) -> None:
        self.started += 1
        self.current = _RawCard(self.started, number)

    def _flush_stray(self) -> None:
        stray = self.stray
        if stray:
            where = f"line {stray[0]}" if len(stray) == 1 else f"lines {stray[0]}-{stray[-1]}"
            reason = "text outside any card; part of a card may be missing."
            self.problems.append((stray[0], Problem(self.name, where, reason)))
            stray.clear()

    def _unclosed(self, card: _RawCard) -> None:
        reason = "the card is not closed by END:VCARD; the file may be cut short."
        self.problems.append((card.first_line, Problem(self.name, _location(card), reason)))


def _location(card: _RawCard) -> str:
    return f"card {card.number}, line {card.first_line}"


def _properties(card: _RawCard) -> Iterator[tuple[str, _Property]]:
    """(NAME, property) for each used property of the card, nested cards skipped."""
    # Imported here: the window's first frame never needs vobject (and pytz, six).
    from vobject.base import ParseError, getLogicalLines, parseLine

    depth = 0
    for logical, _ in getLogicalLines(io.StringIO("\n".join(card.lines)), allowQP=True):
        found = _PROPERTY_NAME.match(logical)
        prop = found.group(1).upper() if found else ""
        if prop not in _USED:
            continue
        try:
            name, raw_params, value, _group = parseLine(logical)
        except ParseError:
            raise _CardError(f"its {prop} line cannot be read.") from None
        name = name.upper()
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth -= 1
        elif depth == 0:
            params: dict[str, list[str]] = {}
            flags: set[str] = set()
            for param in raw_params:
                if len(param) == 1:
                    flags.add(param[0].upper())
                else:
                    params.setdefault(param[0].upper(), []).extend(param[1:])
            yield name, _Property(params, frozenset(flags), value)


def _decode_bytes(raw: bytes, charset: str | None, prop: str) -> str:
    tried = [c for c in (charset, "utf-8", "cp1252") if c]
    for encoding in tried:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise _CardError(f"its {prop} value is not text in {tried[0]}.")


def _text(prop: str, item: _Property, source_encoding: str) -> str:
    """The value with transfer encodings (quoted-printable, base64) undone; still escaped."""
    encodings = {e.upper() for e in item.params.get("ENCODING", ())} | item.flags
    charset = item.params.get("CHARSET", [None])[0]
    if "QUOTED-PRINTABLE" in encodings:
        try:
            raw = quopri.decodestring(item.value.encode(source_encoding))
        except UnicodeEncodeError:
            raw = quopri.decodestring(item.value.encode("utf-8"))
        return _decode_bytes(raw, charset, prop)
    if encodings & {"B", "BASE64"}:
        try:
            raw = binascii.a2b_base64(item.value)
        except binascii.Error:
            raise _CardError(f"its {prop} value is damaged base64.") from None
        return _decode_bytes(raw, charset, prop)
    return item.value


def _structured(value: str) -> list[str]:
    """Components of N or ORG; each component's list items joined by spaces."""
    return [
        _one_line(" ".join(_unescape(item) for item in _split_unescaped(component, ",")))
        for component in _split_unescaped(value, ";")
    ]


def _name_from_n(value: str) -> str:
    components = _structured(value)
    return _one_line(" ".join(components[i] for i in _N_ORDER if i < len(components)))


def _nickname(value: str) -> str:
    return _one_line(_unescape(_split_unescaped(value, ",")[0]))


def _organisation(value: str) -> str:
    return _structured(value)[0]


def _plain(value: str) -> str:
    return _one_line(_unescape(value))


# Where a name comes from, best first; the first non-empty one wins.
_NAME_SOURCES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("FN", _plain),
    ("N", _name_from_n),
    ("NICKNAME", _nickname),
    ("ORG", _organisation),
    ("EMAIL", _plain),
    ("TEL", _plain),
)


# The properties the journal uses; every other line is skipped unparsed.
_USED = frozenset((*(prop for prop, _ in _NAME_SOURCES), "BDAY", "NOTE", "UID", "BEGIN", "END"))


def _name(values: dict[str, list[str]]) -> str:
    """FN, else N, else the first nickname, organisation, e-mail or phone."""
    for prop, read in _NAME_SOURCES:
        for value in values.get(prop, ()):
            name = read(value)
            if name:
                return name
    return ""


def _month_day(month: int, day: int) -> str | None:
    try:
        date(2000, month, day)  # a leap year, so 29 February is a real birthday
    except ValueError:
        return None
    return f"{day} {_MONTHS[month - 1]}"


def _birthday(value: str, params: dict[str, list[str]]) -> tuple[date | None, str]:
    """The birthday as a date, or a notes line when it has no year or cannot be read."""
    text = _unescape(value).strip()
    if not text:
        return None, ""
    full = _FULL_DATE.fullmatch(text)
    if full:
        year, month, day = (int(part) for part in full.groups())
        omitted = {int(y) for y in params.get("X-APPLE-OMIT-YEAR", ()) if y.isdigit()}
        if year in _PLACEHOLDER_YEARS or year in omitted:
            shown = _month_day(month, day)
            if shown:
                return None, f"Birthday: {shown} (no year given)"
        elif year >= EARLIEST_YEAR:
            try:
                return date(year, month, day), ""
            except ValueError:
                pass
    partial = _MONTH_DAY.fullmatch(text)
    if partial:
        shown = _month_day(int(partial.group(1)), int(partial.group(2)))
        if shown:
            return None, f"Birthday: {shown} (no year given)"
    return None, f"Birthday: {text}"


def _contact(card: _RawCard, source_encoding: str) -> Contact:
    values: dict[str, list[str]] = {}
    birthday_params: list[dict[str, list[str]]] = []
    for prop, item in _properties(card):
        values.setdefault(prop, []).append(_text(prop, item, source_encoding))
        if prop == "BDAY":
            birthday_params.append(item.params)
    name = _name(values)
    if not name:
        raise _CardError("the card has no name (FN or N), nickname, organisation, e-mail or phone.")
    birthday: date | None = None
    birthday_notes: list[str] = []
    for value, params in zip(values.get("BDAY", ()), birthday_params, strict=True):
        found, note = _birthday(value, params)
        if found is not None:
            birthday = found
            birthday_notes.clear()
            break
        if note and not birthday_notes:
            birthday_notes.append(note)
    notes = [
        _unescape(v).replace("\r\n", "\n").replace("\r", "\n").strip()
        for v in values.get("NOTE", ())
    ]
    uid = next((u for u in (_unescape(v).strip() for v in values.get("UID", ())) if u), None)
    try:
        return validate_contact(
            Contact(
                name=name,
                notes="\n\n".join(n for n in (*notes, *birthday_notes) if n),
                birthday=birthday,
                vcard_uid=uid,
            )
        )
    except InvalidInputError as error:
        raise _CardError(" ".join(f.message for f in error.faults)) from None


def parse_vcards(source: TextFile, progress: Progress) -> ParsedContacts:
    """Every card of a vCard file: valid ones as contacts, the others as problems."""
    cards, problems = _split_cards(source.text, source.name)
    encoding = "utf-8" if source.encoding == "utf-16" else source.encoding
    contacts: list[IncomingContact] = []
    for index, card in enumerate(cards):
        if index % PROGRESS_EVERY == 0:
            progress.step(index, len(cards), f"Reading {source.name}")
        try:
            contact = _contact(card, encoding)
        except _CardError as error:
            problems.append((card.first_line, Problem(source.name, _location(card), str(error))))
        else:
            contacts.append(IncomingContact(contact, source.name, _location(card)))
    problems.sort(key=lambda item: item[0])
    return ParsedContacts(contacts, [problem for _, problem in problems])
