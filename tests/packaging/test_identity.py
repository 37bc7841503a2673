"""The app's identity on the desktop: icon files, desktop entry and AppStream metainfo.

The validators run when installed (Debian: desktop-file-utils, appstream);
`make package` always runs them.
"""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ixcoach_desktop import APP_DISPLAY_NAME, APP_ID, APP_NAME, __version__
from ixcoach_desktop.app import ICON_PATH

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
DESKTOP_FILE = RESOURCES / f"{APP_ID}.desktop"
METAINFO_FILE = RESOURCES / f"{APP_ID}.metainfo.xml"
ICON_SOURCE = RESOURCES / f"{APP_ID}.svg"
PNG_SIZES = (48, 64, 128, 256)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_RGBA = 6


class _CaseKeepingParser(configparser.ConfigParser):
    """Desktop entry keys are case-sensitive (Name, not name)."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


def desktop_entry() -> configparser.SectionProxy:
    parser = _CaseKeepingParser(interpolation=None)
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def png_header(path: Path) -> tuple[int, int, int]:
    """Width, height and colour type from a PNG's IHDR chunk."""
    data = path.read_bytes()[:26]
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height, data[25]


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_icon_has_its_size(size: int) -> None:
    path = RESOURCES / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png_header(path) == (size, size, PNG_RGBA)


def test_window_icon_is_the_source_icon() -> None:
    # packaging/render-icons.sh copies it; a stale copy would show an old icon.
    assert ICON_PATH.read_bytes() == ICON_SOURCE.read_bytes()


def test_icon_source_is_a_square_svg() -> None:
    root = ET.parse(ICON_SOURCE).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


def test_desktop_entry_names_the_app_everywhere() -> None:
    entry = desktop_entry()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "gui-scripts"
    ]
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_DISPLAY_NAME
    assert entry["Exec"].split()[0] == APP_NAME
    assert APP_NAME in scripts
    assert entry["Icon"] == APP_ID
    # Qt's X11 window class is the application name (app.py sets it).
    assert entry["StartupWMClass"] == APP_NAME
    assert entry["Terminal"] == "false"
    assert {"Office", "Utility"} <= set(entry["Categories"].split(";"))


def test_metainfo_describes_this_app_and_version() -> None:
    root = ET.parse(METAINFO_FILE).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_DISPLAY_NAME
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == APP_NAME
    assert root.find("content_rating[@type='oars-1.1']") is not None
    # A new version needs its release entry, newest first.
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no desktop-file-utils")
def test_desktop_entry_validates() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Hints are advice; warnings and errors are not acceptable.
    assert ": warning:" not in done.stdout + done.stderr
    assert ": error:" not in done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="no appstream")
def test_metainfo_validates() -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
