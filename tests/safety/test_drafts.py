"""Unsaved entries survive a crash, a quit and a contact switch; offered back, then discarded."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from ixcoach_desktop.domain.models import Exchange
from ixcoach_desktop.domain.scales import Channel, DepthLevel, Opener, Reception, Topic
from ixcoach_desktop.gui.exchanges.draft_keeper import SAVE_DELAY_MS, DraftKeeper
from ixcoach_desktop.gui.exchanges.editor import ExchangeEditor
from ixcoach_desktop.services.drafts import DraftService
from ixcoach_desktop.services.errors import ServiceError
from tests.safety.helpers import Child, mode_of

FULL = Exchange(
    contact_id=7,
    occurred_at=datetime(2026, 5, 4, 20, 15, tzinfo=UTC),
    my_level=DepthLevel.VULNERABLE,
    their_level=DepthLevel.PERSONAL,
    reception=Reception.DEEPLY_UNDERSTOOD,
    channel=Channel.VIDEO,
    opened_by=Opener.THEM,
    topics=frozenset({Topic.RELATIONSHIPS, Topic.WORK}),
    my_emotional=True,
    their_emotional=False,
    what_i_shared="that I was scared \u200fשלום\u200f",
    what_they_shared="tab\tand\nnewline \x1b[0m",
    notes="🌧️ " * 100,
    stress_before=8,
    stress_after=3,
)


# --- the service -------------------------------------------------------------------


def test_a_draft_round_trips_every_field_privately(data_dir: Path) -> None:
    drafts = DraftService(data_dir)
    drafts.save(FULL, "Ana")
    loaded = drafts.load(7, "Ana")
    assert loaded is not None
    assert loaded.exchange == FULL
    assert loaded.contact_name == "Ana"
    files = list((data_dir / "drafts").iterdir())
    assert [f.name for f in files] == ["contact-7.json"]  # no temporary left behind
    assert mode_of(files[0]) == 0o600
    assert mode_of(data_dir / "drafts") == 0o700


def test_a_draft_is_only_offered_to_a_contact_of_the_same_name(data_dir: Path) -> None:
    drafts = DraftService(data_dir)
    drafts.save(FULL, "Ana")
    assert drafts.load(7, "Someone else") is None
    assert drafts.load(8, "Ana") is None
    assert drafts.load(7, "Ana") is not None


def test_discard_and_missing(data_dir: Path) -> None:
    drafts = DraftService(data_dir)
    assert drafts.load(7, "Ana") is None
    drafts.discard(7)  # nothing to discard is fine
    drafts.save(FULL, "Ana")
    drafts.discard(7)
    assert drafts.load(7, "Ana") is None


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b'{"format": 99}', json.dumps({"format": 1, "contact_id": 7}).encode()],
)
def test_an_unreadable_draft_is_kept_aside_and_not_offered(data_dir: Path, content: bytes) -> None:
    folder = data_dir / "drafts"
    folder.mkdir(parents=True)
    (folder / "contact-7.json").write_bytes(content)
    assert DraftService(data_dir).load(7, "Ana") is None
    assert (folder / "contact-7.unreadable").read_bytes() == content


def test_a_draft_that_cannot_be_written_says_why(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "drafts").write_text("a file where the folder should be")
    with pytest.raises(ServiceError, match="could not be kept on disk"):
        DraftService(data_dir).save(FULL, "Ana")


# --- the keeper with a real editor ----------------------------------------------


@pytest.fixture
def editor(qtbot: QtBot) -> ExchangeEditor:
    widget = ExchangeEditor()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def drafts(data_dir: Path) -> DraftService:
    return DraftService(data_dir)


@pytest.fixture
def keeper(editor: ExchangeEditor, drafts: DraftService, qtbot: QtBot) -> DraftKeeper:
    made = DraftKeeper(editor, drafts)
    qtbot.addWidget(made.bar)
    return made


def _open(editor: ExchangeEditor, keeper: DraftKeeper, contact_id: int, name: str) -> None:
    """What MainWindow does when a contact is selected."""
    editor.set_contact(contact_id, name)
    keeper.contact_opened(contact_id, name)


def _wait_for_draft(qtbot: QtBot, drafts: DraftService, contact_id: int, name: str) -> str:
    found: list[str] = []

    def kept() -> bool:
        draft = drafts.load(contact_id, name)
        found[:] = [] if draft is None else [draft.exchange.notes]
        return bool(found)

    qtbot.waitUntil(kept, timeout=SAVE_DELAY_MS * 4)
    return found[0]


def test_typing_is_kept_after_a_pause_not_at_every_key(
    qtbot: QtBot, editor: ExchangeEditor, keeper: DraftKeeper, drafts: DraftService
) -> None:
    _open(editor, keeper, 1, "Ana")
    editor.notes.setPlainText("First thoughts")
    editor.my_level.set_value(4)
    assert drafts.load(1, "Ana") is None  # not yet: the pause has not come
    assert _wait_for_draft(qtbot, drafts, 1, "Ana") == "First thoughts"
    loaded = drafts.load(1, "Ana")
    assert loaded is not None
    assert loaded.exchange.my_level is DepthLevel.VULNERABLE


def test_switching_contact_keeps_the_entry_at_once(
    editor: ExchangeEditor, keeper: DraftKeeper, drafts: DraftService
) -> None:
    _open(editor, keeper, 1, "Ana")
    editor.what_i_shared.setPlainText("Half a sentence")
    _open(editor, keeper, 2, "Ben")  # no pause: written as the editor moves on
    draft = drafts.load(1, "Ana")
    assert draft is not None
    assert draft.exchange.what_i_shared == "Half a sentence"
    assert drafts.load(2, "Ben") is None  # a fresh entry is no draft


def test_the_draft_is_offered_back_and_restored(
    qtbot: QtBot, editor: ExchangeEditor, keeper: DraftKeeper
) -> None:
    _open(editor, keeper, 1, "Ana")
    editor.notes.setPlainText("Unsaved words")
    editor.their_level.set_value(3)
    _open(editor, keeper, 2, "Ben")
    assert keeper.bar.isHidden()
    _open(editor, keeper, 1, "Ana")
    assert not keeper.bar.isHidden()
    assert keeper.bar.text.text().startswith("Restore the unsaved entry from today,")
    assert editor.notes.toPlainText() == ""
    qtbot.mouseClick(keeper.bar.restore_button, Qt.MouseButton.LeftButton)
    assert keeper.bar.isHidden()
    assert editor.notes.toPlainText() == "Unsaved words"
    assert editor.their_level.value() == 3
    assert editor.editing is None  # a new entry, not an edit


def test_discard_forgets_the_draft(
    qtbot: QtBot, editor: ExchangeEditor, keeper: DraftKeeper, drafts: DraftService
) -> None:
    drafts.save(replace(FULL, contact_id=1), "Ana")
    _open(editor, keeper, 1, "Ana")
    assert keeper.offered is not None
    qtbot.mouseClick(keeper.bar.discard_button, Qt.MouseButton.LeftButton)
    assert keeper.bar.isHidden()
    assert drafts.load(1, "Ana") is None


def test_typing_beside_an_offer_never_overwrites_the_offered_draft(
    qtbot: QtBot, editor: ExchangeEditor, keeper: DraftKeeper, drafts: DraftService
) -> None:
    drafts.save(replace(FULL, contact_id=1, notes="older"), "Ana")
    _open(editor, keeper, 1, "Ana")
    editor.notes.setPlainText("typed while the offer shows")
    qtbot.wait(SAVE_DELAY_MS + 200)
    kept = drafts.load(1, "Ana")
    assert kept is not None
    assert kept.exchange.notes == "older"
    # Once the old one is discarded, what is in the editor becomes the draft.
    qtbot.mouseClick(keeper.bar.discard_button, Qt.MouseButton.LeftButton)
    assert _wait_for_draft(qtbot, drafts, 1, "Ana") == "typed while the offer shows"


def test_a_saved_entry_discards_its_draft(
    qtbot: QtBot, editor: ExchangeEditor, keeper: DraftKeeper, drafts: DraftService
) -> None:
    _open(editor, keeper, 1, "Ana")
    editor.notes.setPlainText("About to be saved")
    keeper.flush()
    assert drafts.load(1, "Ana") is not None
    # What MainWindow does after ExchangeService.log succeeded.
    editor.reset()
    keeper.entry_saved()
    qtbot.wait(SAVE_DELAY_MS + 200)
    assert drafts.load(1, "Ana") is None


def test_an_untouched_entry_is_never_kept(
    qtbot: QtBot, editor: ExchangeEditor, keeper: DraftKeeper, drafts: DraftService
) -> None:
    _open(editor, keeper, 1, "Ana")
    editor.notes.setPlainText("x")
    editor.notes.setPlainText("")  # back to blank before the pause
    qtbot.wait(SAVE_DELAY_MS + 200)
    keeper.flush()
    assert drafts.load(1, "Ana") is None


def test_edits_of_saved_exchanges_are_not_drafts(
    editor: ExchangeEditor, keeper: DraftKeeper, drafts: DraftService
) -> None:
    _open(editor, keeper, 1, "Ana")
    editor.load(replace(FULL, contact_id=1, id=5), editing=True)
    editor.notes.setPlainText("changed an old entry")
    keeper.flush()
    assert drafts.load(1, "Ana") is None


def test_flush_on_quit_keeps_the_last_keystrokes(
    editor: ExchangeEditor, keeper: DraftKeeper, drafts: DraftService
) -> None:
    _open(editor, keeper, 1, "Ana")
    editor.notes.setPlainText("typed just before quitting")
    keeper.flush()  # MainWindow.closeEvent
    draft = drafts.load(1, "Ana")
    assert draft is not None
    assert draft.exchange.notes == "typed just before quitting"


def test_a_problem_keeping_drafts_is_shown_not_raised(
    qtbot: QtBot, editor: ExchangeEditor, data_dir: Path
) -> None:
    data_dir.mkdir()
    (data_dir / "drafts").write_text("a file where the folder should be")
    keeper = DraftKeeper(editor, DraftService(data_dir))
    qtbot.addWidget(keeper.bar)
    _open(editor, keeper, 1, "Ana")
    editor.notes.setPlainText("words")
    keeper.flush()
    assert not keeper.bar.isHidden()
    assert "could not be kept on disk" in keeper.bar.text.text()


@pytest.mark.slow
def test_a_draft_survives_a_crash_mid_typing(data_dir: Path, tmp_path: Path) -> None:
    child = Child("type", data_dir, log=tmp_path / "typing.log")
    assert child.read_line() == "ready"
    lines = [child.read_line()]
    lines += child.kill()
    kept = max(int(line.split()[1]) for line in lines if line.startswith("kept "))
    draft = DraftService(data_dir).load(1, "Sam")
    assert draft is not None
    words = draft.exchange.notes.split()
    # Everything reported as kept is there (a later word may be too), never half a file.
    assert len(words) >= kept
    assert words == [f"word{n}" for n in range(1, len(words) + 1)]
