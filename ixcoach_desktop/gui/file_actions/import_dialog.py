"""File > Import…: read the files off the UI thread, preview, and write only on confirmation.

The dialog shows what would be added, what is already in the journal and
what cannot be read, before anything is written; reading and saving run on
a worker thread with a progress bar and a working Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop.gui.runtime.task_dialog import TaskDialog
from ixcoach_desktop.gui.runtime.tasks import TaskFailure
from ixcoach_desktop.gui.widgets import ErrorLabel, name_widget
from ixcoach_desktop.services.importing.records import ImportPlan, ImportReport
from ixcoach_desktop.services.importing.service import ImportService
from ixcoach_desktop.services.progress import Progress

T = TypeVar("T")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun if count == 1 else noun + 's'}"


class ImportDialog(TaskDialog):
    """Preview of an import, then the import itself once the user confirms.

    Open with ``open()``; the preview starts at once. Nothing is written
    until Import is pressed, and when some records are invalid the user must
    first choose to skip them, as ``--skip-invalid`` does on the command line.

    Signals:
        imported(ImportReport): the import was written to the journal.
    """

    imported = Signal(object)

    def __init__(
        self, service: ImportService, paths: Sequence[Path], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, worker_name="ixcoach-import")
        self._service = service
        self._paths = tuple(paths)
        self._plan: ImportPlan | None = None
        name_widget(self, "importDialog", "Import")
        self.setWindowTitle("Import")
        self.setMinimumSize(520, 420)

        shown = self._paths[0].name if len(self._paths) == 1 else _plural(len(self._paths), "file")
        self.heading = QLabel(f"Reading {shown}…")
        self.heading.setWordWrap(True)
        name_widget(self.heading, "importHeading", "Import summary")
        self.stage = QLabel("")
        name_widget(self.stage, "importStage", "Progress")
        self.progress = QProgressBar()
        name_widget(self.progress, "importProgress", "Import progress")
        self.progress.setRange(0, 0)
        self.error = ErrorLabel()

        self.to_add_list = QListWidget()
        name_widget(self.to_add_list, "importToAddList", "Will be added")
        self.duplicates_list = QListWidget()
        name_widget(self.duplicates_list, "importDuplicatesList", "Skipped as duplicates")
        self.rejected_list = QListWidget()
        name_widget(self.rejected_list, "importRejectedList", "Cannot be imported")
        for details in (self.duplicates_list, self.rejected_list):
            # Reasons are sentences with a file name: wrap rather than clip them.
            details.setWordWrap(True)
            details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("importTabs")
        self.tabs.addTab(self.to_add_list, "To add")
        self.tabs.addTab(self.duplicates_list, "Duplicates")
        self.tabs.addTab(self.rejected_list, "Rejected")
        self.tabs.hide()
        self.notices = QLabel("")
        self.notices.setWordWrap(True)
        self.notices.hide()
        self.skip_invalid = QCheckBox("")
        name_widget(self.skip_invalid, "skipInvalidCheck", "Skip the rejected records")
        self.skip_invalid.hide()
        self.skip_invalid.toggled.connect(self._update_buttons)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import")
        name_widget(self.import_button, "importButton", "Import")
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_import_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.notices)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.buttons)

        self._start(
            lambda progress: self._service.preview(self._paths, progress), self._on_preview_ready
        )

    @property
    def plan(self) -> ImportPlan | None:
        """The preview, once it is ready."""
        return self._plan

    def _start(self, work: Callable[[Progress], T], on_success: Callable[[T], None]) -> None:
        self.start_task(work, on_success, self._on_task_failed, self._on_task_cancelled)

    def _on_task_failed(self, failure: TaskFailure) -> None:
        self.finish_task()
        self.heading.setText("Nothing was imported.")
        self.error.show_message(failure.message)
        self.import_button.setEnabled(False)

    def _on_task_cancelled(self) -> None:
        self.finish_task()
        self.heading.setText("Cancelled; nothing was imported.")
        self.import_button.setEnabled(False)

    def _on_preview_ready(self, plan: ImportPlan) -> None:
        self.finish_task()
        self._plan = plan
        adding = _plural(plan.contacts_to_add, "contact")
        if plan.exchanges_to_add:
            adding += f" and {_plural(plan.exchanges_to_add, 'exchange')}"
        parts = [f"{adding} will be added."]
        if plan.restore is not None:
            parts.append("This restores a whole journal from its JSON export.")
        if plan.duplicates:
            parts.append(f"{_plural(len(plan.duplicates), 'duplicate')} will be skipped.")
        if plan.invalid:
            parts.append(f"{_plural(len(plan.invalid), 'record')} cannot be imported.")
        self.heading.setText(" ".join(parts))
        if plan.restore is not None:
            self.to_add_list.addItems([contact.name for contact in plan.restore.contacts])
        else:
            self.to_add_list.addItems([item.contact.name for item in plan.contacts])
        self.duplicates_list.addItems([str(duplicate) for duplicate in plan.duplicates])
        self.rejected_list.addItems([str(problem) for problem in plan.invalid])
        self.tabs.setTabText(0, f"To add ({plan.contacts_to_add:,})")
        self.tabs.setTabText(1, f"Duplicates ({len(plan.duplicates):,})")
        self.tabs.setTabText(2, f"Rejected ({len(plan.invalid):,})")
        if plan.invalid:
            self.tabs.setCurrentWidget(self.rejected_list)
            self.skip_invalid.setText(
                f"Import the others and skip the {_plural(len(plan.invalid), 'rejected record')}"
            )
            self.skip_invalid.show()
        self.tabs.show()
        if plan.notices:
            self.notices.setText("\n".join(plan.notices))
            self.notices.show()
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self._plan
        ready = (
            plan is not None
            and not self.is_busy()
            and plan.contacts_to_add > 0
            and (not plan.invalid or self.skip_invalid.isChecked())
        )
        self.import_button.setEnabled(ready)

    def _on_import_clicked(self) -> None:
        plan = self._plan
        if plan is None or not self.import_button.isEnabled():
            return
        skip = self.skip_invalid.isChecked()
        self.import_button.setEnabled(False)
        self.skip_invalid.setEnabled(False)
        self.heading.setText("Importing…")
        self._start(
            lambda progress: self._service.apply(plan, skip_invalid=skip, progress=progress),
            self._on_import_done,
        )

    def _on_import_done(self, report: ImportReport) -> None:
        self.finish_task()
        self.imported.emit(report)
        self.accept()
