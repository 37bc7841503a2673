"""The import preview, the export dialog, the menu actions, drag and drop, and chart images."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from ixcoach_desktop.domain.models import Contact
from ixcoach_desktop.gui.file_actions.export_dialog import ExportDialog
from ixcoach_desktop.gui.file_actions.import_dialog import ImportDialog
from ixcoach_desktop.gui.file_actions.transfer import ImportExportActions
from ixcoach_desktop.services.exporting import ExportFormat
from ixcoach_desktop.services.progress import OperationCancelledError, Progress
from ixcoach_desktop.services.session import JournalSession


def vcf(path: Path, *names: str, broken: bool = False) -> Path:
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{n}\r\nEND:VCARD\r\n" for n in names)
    path.write_text(cards + ("BEGIN:VCARD\r\nFN:Cut\r\n" if broken else ""), encoding="utf-8")
    return path


def preview(qtbot: QtBot, session: JournalSession, paths: list[Path]) -> ImportDialog:
    dialog = ImportDialog(session.imports, paths)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: not dialog.is_busy() and not dialog.progress.isVisible())
    return dialog


def test_the_preview_shows_what_happens_and_writes_nothing_until_confirmed(
    qtbot: QtBot, session: JournalSession, tmp_path: Path
) -> None:
    session.contacts.add(Contact(name="Ann Lee"))
    path = vcf(tmp_path / "people.vcf", "Ann Lee", "Ben Okafor", "Zoë Ångström", broken=True)
    dialog = preview(qtbot, session, [path])

    assert dialog.plan is not None
    assert dialog.heading.text() == (
        "2 contacts will be added. 1 duplicate will be skipped. 1 record cannot be imported."
    )
    assert [dialog.to_add_list.item(i).text() for i in range(2)] == ["Ben Okafor", "Zoë Ångström"]
    assert dialog.duplicates_list.count() == 1
    assert "card 4, line 13" in dialog.rejected_list.item(0).text()
    assert dialog.tabs.tabText(2) == "Rejected (1)"
    # All or nothing: the invalid record blocks the import until the user skips it.
    assert not dialog.import_button.isEnabled()
    assert session.contacts.count() == 1

    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    assert session.contacts.count() == 1
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args is not None
    assert imported.args[0].contacts_added == 2
    assert session.contacts.count() == 3
    assert not dialog.isVisible()


def test_a_clean_file_can_be_imported_at_once(
    qtbot: QtBot, session: JournalSession, tmp_path: Path
) -> None:
    dialog = preview(qtbot, session, [vcf(tmp_path / "a.vcf", "Ann")])
    assert not dialog.skip_invalid.isVisible()
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    assert session.contacts.count() == 1


def test_an_unreadable_file_shows_why_and_cannot_be_imported(
    qtbot: QtBot, session: JournalSession, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.vcf"
    empty.touch()
    dialog = preview(qtbot, session, [empty])
    assert dialog.heading.text() == "Nothing was imported."
    assert dialog.error.text() == f"{empty} is empty."
    assert not dialog.import_button.isEnabled()


def test_cancelling_a_long_preview_stops_the_worker_and_writes_nothing(
    qtbot: QtBot, session: JournalSession, tmp_path: Path
) -> None:
    path = vcf(tmp_path / "many.vcf", *(f"Person {i}" for i in range(20_000)))
    dialog = ImportDialog(session.imports, [path])
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.reject()
    assert not dialog.is_busy()
    assert not dialog.isVisible()
    assert session.contacts.count() == 0


def test_a_cancel_that_arrives_while_saving_rolls_everything_back(
    session: JournalSession, tmp_path: Path
) -> None:
    plan = session.imports.preview([vcf(tmp_path / "a.vcf", "Ann", "Ben")])

    def cancel_while_saving(_done: int, _total: int, stage: str) -> None:
        if stage == "Saving":
            progress.cancel()

    progress = Progress(cancel_while_saving)
    with pytest.raises(OperationCancelledError):
        session.imports.apply(plan, skip_invalid=False, progress=progress)
    assert session.contacts.count() == 0


def test_the_export_dialog_writes_json_or_csv_off_the_ui_thread(
    qtbot: QtBot, session: JournalSession, tmp_path: Path
) -> None:
    session.demo.fill(3, 20, seed=1)
    dialog = ExportDialog(session.exports, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.destination.text().startswith(str(tmp_path / "ixcoach-journal-"))
    assert dialog.destination.text().endswith(".json")
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as exported:
        dialog.export_button.click()
    assert exported.args is not None
    summary = exported.args[0]
    assert (summary.format, summary.contacts, summary.exchanges) == (ExportFormat.JSON, 3, 20)
    assert summary.files[0].is_file()

    csv_dialog = ExportDialog(session.exports, folder=tmp_path)
    qtbot.addWidget(csv_dialog)
    csv_dialog.open()
    csv_dialog.csv_radio.setChecked(True)
    csv_dialog.set_destination(tmp_path / "sheets")
    with qtbot.waitSignal(csv_dialog.exported, timeout=10_000):
        csv_dialog.export_button.click()
    assert sorted(p.name for p in (tmp_path / "sheets").iterdir()) == [
        "contacts.csv",
        "exchanges.csv",
    ]


def test_an_export_that_fails_says_why_and_stays_open(
    qtbot: QtBot, session: JournalSession, tmp_path: Path
) -> None:
    dialog = ExportDialog(session.exports, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.set_destination(tmp_path)  # a folder, but JSON needs a file name
    dialog.export_button.click()
    qtbot.waitUntil(dialog.error.isVisible)
    assert "is a folder" in dialog.error.text()
    assert dialog.isVisible()
    assert dialog.export_button.isEnabled()


class Window(QMainWindow):
    """Just enough of a main window: the actions, a contacts pane with a search box, a chart."""

    def __init__(self) -> None:
        super().__init__()
        self.transfer_actions = (
            QAction("&Import…", self),
            QAction("&Export…", self),
            QAction("Export &chart as…", self),
        )
        self.pane = QWidget()
        self.search = QLineEdit(self.pane)
        QVBoxLayout(self.pane).addWidget(self.search)
        self.chart = FigureCanvasQTAgg(Figure())
        self.chart.figure.add_subplot().plot([1, 2, 3], [0, 3, 1])
        self.setCentralWidget(self.pane)


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[Window]:
    window = Window()
    qtbot.addWidget(window)
    yield window
    window.close()


def actions_for(window: Window, session: JournalSession) -> ImportExportActions:
    return ImportExportActions(session, window.transfer_actions, window.pane, window.chart, window)


def test_the_export_action_opens_the_export_dialog(window: Window, session: JournalSession) -> None:
    actions = actions_for(window, session)
    actions.export_action.trigger()
    assert actions.export_dialog is not None
    assert actions.export_dialog.isVisible()
    actions.export_dialog.reject()


def drop(widget: QWidget, paths: list[Path]) -> bool:
    """Drag files over ``widget`` and drop them; whether the drag was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, dropped)
    return dropped.isAccepted()


def test_dropping_contact_files_opens_the_preview(
    qtbot: QtBot, window: Window, session: JournalSession, tmp_path: Path
) -> None:
    actions = actions_for(window, session)
    changed: list[bool] = []
    actions.journal_changed.connect(lambda: changed.append(True))
    csv = tmp_path / "people.csv"
    csv.write_text("name\nAnn\n", encoding="utf-8")
    # Dropped on the search box, which would otherwise take the file's path as text.
    assert drop(window.search, [vcf(tmp_path / "a.vcf", "Ben"), csv])
    dialog = actions.import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.plan is not None)
    assert dialog.plan is not None
    assert dialog.plan.contacts_to_add == 2
    with qtbot.waitSignal(actions.journal_changed, timeout=10_000):
        dialog.import_button.click()
    assert session.contacts.count() == 2
    assert window.search.text() == ""


def test_shutdown_stops_a_running_import_before_the_journal_closes(
    window: Window, session: JournalSession, tmp_path: Path
) -> None:
    actions = actions_for(window, session)
    dialog = actions.open_import([vcf(tmp_path / "many.vcf", *(f"P{i}" for i in range(20_000)))])
    actions.shutdown()
    assert not dialog.is_busy()
    assert session.contacts.count() == 0


def test_other_files_are_not_accepted_as_drops(
    window: Window, session: JournalSession, tmp_path: Path
) -> None:
    actions = actions_for(window, session)
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert not drop(window.pane, [text])
    assert not drop(window.pane, [vcf(tmp_path / "a.vcf", "Ann"), text])
    assert actions.import_dialog is None


@pytest.mark.parametrize(
    ("name", "signature"),
    [
        ("chart.png", b"\x89PNG"),
        ("chart.svg", b"<?xml"),
        ("chart.pdf", b"%PDF"),
        ("chart", b"\x89PNG"),
    ],
)
def test_the_chart_exports_as_png_svg_or_pdf(
    window: Window, session: JournalSession, tmp_path: Path, name: str, signature: bytes
) -> None:
    saved = actions_for(window, session).export_chart(tmp_path / name)
    assert saved.read_bytes().startswith(signature)
