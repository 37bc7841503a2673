"""The wheel carries what the app loads from files: migrations and resources.

Alembic finds env.py and the revision scripts by listing a folder, and the
window loads its icon by path, so none of them is found by import analysis;
a packaging mistake would only show on a user's first start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import ixcoach_desktop

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(ixcoach_desktop.__file__).parent


def build_wheel(workdir: Path) -> Path:
    """Build the wheel the way pip does, from a clean copy of the sources."""
    source = workdir / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        PACKAGE, source / "ixcoach_desktop", ignore=shutil.ignore_patterns("__pycache__")
    )
    out = workdir / "wheel"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = out.glob("ixcoach_desktop-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_contains_migrations_and_resources(tmp_path: Path) -> None:
    with zipfile.ZipFile(build_wheel(tmp_path)) as wheel:
        names = set(wheel.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = wheel.read(entry_points).decode()

    migrations = PACKAGE / "storage" / "migrations"
    expected = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in [
            migrations / "env.py",
            migrations / "script.py.mako",
            *(migrations / "versions").glob("*.py"),
            *(PACKAGE / "resources").iterdir(),
            PACKAGE / "py.typed",
        ]
    }
    assert "ixcoach_desktop/resources/ixcoach-desktop.svg" in expected
    assert expected - names == set()
    assert "ixcoach-desktop = ixcoach_desktop.cli:launch" in scripts
