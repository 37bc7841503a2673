"""The journals the benchmarks run on, built once by the app's own ``demo`` command.

They are cached in ``bench-data/`` (git-ignored), one folder per size, seed
and schema revision, and every benchmark works on a scratch copy, so the
cached journals are never opened for writing: no start-up backup, lock or
saved exchange ever lands in them.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from ixcoach_desktop.storage.journal_file import journal_path
from ixcoach_desktop.storage.schema import HEAD_REVISION
from tests.benchmarks.harness import REPO_ROOT, ChildRun, app_command, checked, run_child

CACHE_DIR = REPO_ROOT / "bench-data"
SEED = 1


@dataclass(frozen=True, slots=True)
class JournalSpec:
    """A demo journal: how many contacts and exchanges, from ``demo --seed 1``."""

    contacts: int
    exchanges: int

    @property
    def label(self) -> str:
        return f"{self.exchanges:,} exchanges"

    @property
    def folder_name(self) -> str:
        return f"demo-{self.contacts}c-{self.exchanges}x-seed{SEED}-{HEAD_REVISION}"

    def demo_args(self, data_dir: Path) -> list[str]:
        return [
            "demo",
            "--contacts",
            str(self.contacts),
            "--exchanges",
            str(self.exchanges),
            "--seed",
            str(SEED),
            "--data-dir",
            str(data_dir),
        ]


SMALL = JournalSpec(contacts=100, exchanges=10_000)
LARGE = JournalSpec(contacts=1_000, exchanges=100_000)


def run_demo(spec: JournalSpec, data_dir: Path, env: dict[str, str]) -> ChildRun:
    """``ixcoach-desktop demo`` into ``data_dir`` (which must not hold a journal)."""
    return checked(
        run_child(app_command(*spec.demo_args(data_dir)), env), "demo", "sample contacts"
    )


def cached_journal(spec: JournalSpec, env: dict[str, str], rebuild: bool = False) -> Path:
    """The cached data folder for ``spec``, built by the demo command when missing."""
    folder = CACHE_DIR / spec.folder_name
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if not journal_path(folder).exists():
        building = folder.with_name(folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        print(f"  building the {spec.label} demo journal in {folder} …", flush=True)
        run_demo(spec, building, env)
        building.rename(folder)
    return folder


def scratch_copy(source: Path, destination: Path) -> Path:
    """A copy of the journal in ``source`` (and nothing else) as a new data folder."""
    destination.mkdir(parents=True, exist_ok=False, mode=0o700)
    original = journal_path(source)
    for sibling in original.parent.glob(original.name + "*"):
        if sibling.name in (original.name, original.name + "-wal"):
            shutil.copy2(sibling, destination / sibling.name)
    return destination


# 50 × 50 × 4 distinct names: exactly enough for 10,000 different people.
_GIVEN = (
    "Ada", "Bea", "Cai", "Dev", "Eli", "Fay", "Gil", "Hal", "Ida", "Jon",
    "Kai", "Liv", "Max", "Nia", "Oli", "Pia", "Quin", "Ray", "Sol", "Tia",
    "Uri", "Val", "Wes", "Xia", "Yan", "Zed", "Ana", "Bo", "Cleo", "Dan",
    "Ebba", "Finn", "Gus", "Hana", "Ivo", "Jana", "Kim", "Lea", "Mia", "Ned",
    "Otto", "Pam", "Remy", "Sara", "Tom", "Ugo", "Vera", "Will", "Yara", "Zoe",
)  # fmt: skip
_FAMILY = (
    "Abbott", "Bauer", "Costa", "Dahl", "Ekström", "Ferri", "Gross", "Hale",
    "Iqbal", "Jansen", "Keller", "Lund", "Mora", "Nagy", "Olsen", "Pires",
    "Quinn", "Reyes", "Stone", "Toth", "Ueda", "Vance", "Wolff", "Xiong",
    "Young", "Zeller", "Acker", "Brandt", "Cruz", "Dorn", "Engel", "Frey",
    "Gallo", "Hess", "Imhof", "Jung", "Klein", "Lang", "Marx", "Noack",
    "Ortiz", "Popp", "Rao", "Sauer", "Thiel", "Ulrich", "Vogel", "Weber",
    "Yates", "Zorn",
)  # fmt: skip
_MIDDLE = ("A.", "J.", "M.", "R.")


def write_vcards(path: Path, count: int) -> Path:
    """A vCard 3.0 address book of ``count`` distinct people, like a phone's export.

    Every card has FN, N, a UID, a phone and an e-mail; some have an
    organisation, a birthday, an address and a long folded note, so the
    reader does the same work as on a real export.
    """
    rng = random.Random(SEED)
    cards: list[str] = []
    for index in range(count):
        given = _GIVEN[index % len(_GIVEN)]
        family = _FAMILY[(index // len(_GIVEN)) % len(_FAMILY)]
        middle = _MIDDLE[(index // (len(_GIVEN) * len(_FAMILY))) % len(_MIDDLE)]
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"FN:{given} {middle} {family}",
            f"N:{family};{given};{middle};;",
            f"UID:urn:uuid:bench-{index:08d}",
            f"TEL;TYPE=CELL:+41 79 {rng.randint(100, 999)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}",
            f"EMAIL;TYPE=INTERNET:{given.lower()}.{index}@example.org",
        ]
        if rng.random() < 0.4:
            lines.append(f"ORG:{rng.choice(_FAMILY)} & {rng.choice(_FAMILY)} AG")
        if rng.random() < 0.3:
            lines.append(
                f"BDAY:{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            )
        if rng.random() < 0.3:
            lines.append(f"ADR;TYPE=HOME:;;{rng.randint(1, 99)} Main Street;Basel;;4051;CH")
        if rng.random() < 0.2:
            note = "Met at the climbing gym\\, likes long walks. " * rng.randint(1, 4)
            lines.append(_folded(f"NOTE:{note.strip()}"))
        lines.append("END:VCARD")
        cards.append("\r\n".join(lines))
    path.write_text("\r\n".join(cards) + "\r\n", encoding="utf-8", newline="")
    return path


def _folded(line: str, width: int = 75) -> str:
    """RFC 6350 line folding: continuation lines start with a space."""
    parts = [line[:width]]
    parts += [" " + line[i : i + width - 1] for i in range(width, len(line), width - 1)]
    return "\r\n".join(parts)
