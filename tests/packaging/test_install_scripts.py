"""install.sh and uninstall.sh, run on a release folder staged around a stand-in app.

The stand-in is a tiny script where the frozen app would be: these tests are
about where files go and that they all leave again, which needs no real
build (`make package` repeats this with the real one).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ixcoach_desktop import APP_ID, APP_NAME

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICON_SIZES = ("48x48", "64x64", "128x128", "256x256")


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """An unpacked release folder whose app prints its arguments."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "library.so").write_bytes(b"")
    app = bundle / APP_NAME
    app.write_text('#!/bin/sh\necho "stand-in app: $*"\n', encoding="utf-8")
    app.chmod(0o755)
    staged = tmp_path / "release"
    done = run("sh", PACKAGING / "stage-release.sh", bundle, staged)
    assert done.returncode == 0, done.stderr
    return staged


def installed_files(prefix: Path) -> set[str]:
    return {
        path.relative_to(prefix).as_posix()
        for path in prefix.rglob("*")
        if path.is_file() or path.is_symlink()
    }


def test_install_places_everything_and_uninstall_removes_it(release: Path, tmp_path: Path) -> None:
    # A space in the prefix: the desktop entry must quote the launcher's path.
    prefix = tmp_path / "my apps"
    done = run(release / "install.sh", "--prefix", prefix)
    assert done.returncode == 0, done.stderr

    assert installed_files(prefix) == {
        f"bin/{APP_NAME}",
        f"lib/{APP_NAME}/{APP_NAME}",
        f"lib/{APP_NAME}/_internal/library.so",
        f"lib/{APP_NAME}/uninstall.sh",
        f"share/applications/{APP_ID}.desktop",
        f"share/metainfo/{APP_ID}.metainfo.xml",
        f"share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"share/icons/hicolor/{size}/apps/{APP_ID}.png" for size in ICON_SIZES),
    }
    launched = run(prefix / "bin" / APP_NAME, "--self-test")
    assert launched.stdout == "stand-in app: --self-test\n"
    entry = (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f'\nExec="{prefix}/bin/{APP_NAME}"\n' in entry
    assert f"\nTryExec={prefix}/bin/{APP_NAME}\n" in entry

    # Without --prefix, the installed uninstall.sh removes its own installation.
    done = run(prefix / "lib" / APP_NAME / "uninstall.sh")
    assert done.returncode == 0, done.stderr
    assert installed_files(prefix) == set()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no desktop-file-utils")
def test_installed_desktop_entry_validates(release: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "my apps"
    assert run(release / "install.sh", "--prefix", prefix).returncode == 0
    done = run("desktop-file-validate", prefix / "share" / "applications" / f"{APP_ID}.desktop")
    assert done.returncode == 0, done.stdout + done.stderr
    assert ": warning:" not in done.stdout + done.stderr
    assert ": error:" not in done.stdout + done.stderr


def test_reinstall_replaces_the_previous_version(release: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    assert run(release / "install.sh", "--prefix", prefix).returncode == 0
    stale = prefix / "lib" / APP_NAME / "_internal" / "from-the-old-version.so"
    stale.write_bytes(b"")
    done = run(release / "install.sh", "--prefix", prefix)
    assert done.returncode == 0, done.stderr
    assert not stale.exists()
    assert run(prefix / "bin" / APP_NAME).returncode == 0


def test_uninstall_keeps_a_launcher_that_is_not_ours(release: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    assert run(release / "install.sh", "--prefix", prefix).returncode == 0
    launcher = prefix / "bin" / APP_NAME
    launcher.unlink()
    launcher.write_text("#!/bin/sh\n", encoding="utf-8")
    assert run(release / "uninstall.sh", "--prefix", prefix).returncode == 0
    assert installed_files(prefix) == {f"bin/{APP_NAME}"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--colour"], "unknown argument '--colour'"),
        (["--prefix"], "usage:"),
        (["--prefix", "/tmp/a$b"], "must not contain"),
        (["--prefix", "/tmp/100%"], "must not contain"),
    ],
)
def test_install_refuses_bad_arguments(release: Path, arguments: list[str], message: str) -> None:
    done = run(release / "install.sh", *arguments)
    assert done.returncode == 2
    assert message in done.stderr


def test_uninstall_says_when_nothing_is_installed(release: Path, tmp_path: Path) -> None:
    done = run(release / "uninstall.sh", "--prefix", tmp_path)
    assert done.returncode == 1
    assert "not installed" in done.stderr
