"""Shared pieces of the import and export tests: sample folders, a journal fingerprint."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from ixcoach_desktop.services.exporting import ExportFormat
from ixcoach_desktop.services.session import open_session

FIXTURES = Path(__file__).with_name("fixtures")
# Real exports from other programs, shared between projects; absent on a user's machine.
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "vcard"


def fingerprint(data_dir: Path, scratch: Path) -> tuple[int, int, str]:
    """Row counts and a hash of the JSON export: equal fingerprints, equal journals."""
    with sqlite3.connect(data_dir / "journal.sqlite3") as connection:
        contacts = connection.execute("SELECT count(*) FROM contacts").fetchone()[0]
        exchanges = connection.execute("SELECT count(*) FROM exchanges").fetchone()[0]
    connection.close()
    session = open_session(data_dir)
    try:
        target = scratch / "fingerprint.json"
        session.exports.export(ExportFormat.JSON, target)
    finally:
        session.close()
    return contacts, exchanges, hashlib.sha256(target.read_bytes()).hexdigest()
