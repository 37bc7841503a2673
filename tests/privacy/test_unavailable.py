"""Without sqlcipher3 the app still works on a plain journal, and says why protection is missing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QDialog

from ixcoach_desktop.app import create_main_window
from ixcoach_desktop.cli import main
from ixcoach_desktop.gui.file_actions.protection import PrivacyActions
from ixcoach_desktop.gui.window.main_window import MainWindow
from ixcoach_desktop.services.privacy import protection_unavailable_reason
from tests.privacy.helpers import PASSPHRASE, passphrase_file, write_secrets

REPO_ROOT = Path(__file__).resolve().parents[2]


def hide_sqlcipher(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a platform without a wheel: ``import sqlcipher3`` raises ImportError."""
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)


@pytest.fixture
def without_sqlcipher(monkeypatch: pytest.MonkeyPatch) -> None:
    hide_sqlcipher(monkeypatch)


@pytest.mark.usefixtures("without_sqlcipher")
def test_the_reason_names_the_missing_package() -> None:
    reason = protection_unavailable_reason()
    assert reason is not None
    assert "sqlcipher3" in reason


@pytest.mark.usefixtures("without_sqlcipher")
def test_commands_work_on_a_plain_journal_and_protect_says_why_not(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = ["--data-dir", str(data_dir)]
    assert main(["demo", "--contacts", "2", "--exchanges", "5", *folder]) == 0
    assert main(["backup", *folder]) == 0
    assert main(["check", *folder]) == 0
    assert main(["export", "--format", "csv", "--output", str(tmp_path / "csv"), *folder]) == 0
    capsys.readouterr()
    file = passphrase_file(tmp_path, PASSPHRASE)
    assert main(["protect", *folder, "--passphrase-file", str(file)]) == 1
    err = capsys.readouterr().err
    assert "sqlcipher3" in err
    assert "Traceback" not in err
    assert main(["check", *folder]) == 0  # unchanged, still plain


def test_a_protected_journal_is_refused_with_the_reason(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_secrets(data_dir)
    file = passphrase_file(tmp_path, PASSPHRASE)
    assert main(["protect", "--data-dir", str(data_dir), "--passphrase-file", str(file)]) == 0
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    capsys.readouterr()
    for argv in (["check"], ["check", "--passphrase-file", str(file)], ["backup", "--list"]):
        assert main([*argv, "--data-dir", str(data_dir)]) == 1
        err = capsys.readouterr().err
        assert "cannot decrypt it" in err
        assert "sqlcipher3" in err


@pytest.fixture
def window(data_dir: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """The window where sqlcipher3 cannot be imported."""
    hide_sqlcipher(monkeypatch)
    window = create_main_window(data_dir)
    qtbot.addWidget(window)
    yield window
    window.close()


def _privacy_actions(window: MainWindow) -> PrivacyActions:
    actions = window.findChild(PrivacyActions)
    assert actions is not None
    return actions


def test_the_menu_item_is_disabled_and_says_why(window: MainWindow) -> None:
    actions = _privacy_actions(window)
    # Found out when the menu opens, not on the way to the first frame.
    window.file_menu.aboutToShow.emit()
    assert actions.protect_action.isVisible()
    assert not actions.protect_action.isEnabled()
    assert "sqlcipher3" in actions.protect_action.toolTip()
    assert "sqlcipher3" in actions.protect_action.statusTip()
    assert window.file_menu.toolTipsVisible()


def test_protect_triggered_before_the_menu_opened_says_why(window: MainWindow) -> None:
    actions = _privacy_actions(window)
    actions.protect_action.trigger()
    assert not actions.protect_action.isEnabled()
    assert "sqlcipher3" in window.statusBar().currentMessage()
    assert window.findChild(QDialog, "protectDialog") is None


def test_the_app_never_imports_sqlcipher3_for_a_plain_journal(data_dir: Path) -> None:
    """A child process where the import fails: demo and check work, protect says why."""
    script = (
        "import sys; sys.modules['sqlcipher3'] = None\n"
        "from ixcoach_desktop.cli import main\n"
        f"folder = ['--data-dir', {str(data_dir)!r}]\n"
        "assert main(['demo', '--contacts', '1', '--exchanges', '3', *folder]) == 0\n"
        "assert main(['check', *folder]) == 0\n"
        "sys.exit(main(['protect', *folder]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "sqlcipher3" in result.stderr
    assert "Traceback" not in result.stderr
