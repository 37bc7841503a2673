"""File > Export…: the whole journal to a JSON file or a folder of CSV files, off the UI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop.gui.runtime.task_dialog import TaskDialog
from ixcoach_desktop.gui.runtime.tasks import TaskFailure
from ixcoach_desktop.gui.widgets import ErrorLabel, name_widget
from ixcoach_desktop.services.exporting import (
    CONTACTS_CSV,
    EXCHANGES_CSV,
    ExportFormat,
    ExportService,
    ExportSummary,
)


def default_destination(fmt: ExportFormat, folder: Path, today: date) -> Path:
    """A dated name in ``folder``: a .json file, or a folder for the CSV files."""
    stem = f"ixcoach-journal-{today.isoformat()}"
    return folder / (f"{stem}.json" if fmt is ExportFormat.JSON else f"{stem}-csv")


class ExportDialog(TaskDialog):
    """Choose JSON or CSV and where to write; the export runs with progress and Cancel.

    Signals:
        exported(ExportSummary): the files were written.
    """

    exported = Signal(object)

    def __init__(
        self,
        service: ExportService,
        parent: QWidget | None = None,
        folder: Path | None = None,
        *,
        protected: bool = False,
    ) -> None:
        super().__init__(parent, worker_name="ixcoach-export")
        self._service = service
        self._folder = folder or Path.home()
        name_widget(self, "exportDialog", "Export")
        self.setWindowTitle("Export journal")
        self.setMinimumWidth(520)

        intro = QLabel(
            "Everything in the journal, in open formats you can keep, read and move. "
            "The export holds your private writing: store it somewhere safe."
        )
        intro.setWordWrap(True)
        # The journal's protection does not travel with an export: say so where it is made.
        self.unencrypted_warning = QLabel(
            "<b>The journal is protected with a passphrase, but the export is not "
            "encrypted:</b> anyone who can read the exported files can read your journal."
        )
        self.unencrypted_warning.setObjectName("unencryptedExportWarning")
        self.unencrypted_warning.setWordWrap(True)
        self.unencrypted_warning.setVisible(protected)
        self.json_radio = QRadioButton("JSON: one file that can be imported again")
        name_widget(self.json_radio, "exportJsonRadio", "JSON")
        self.csv_radio = QRadioButton(
            f"CSV: {CONTACTS_CSV} and {EXCHANGES_CSV} in a folder, for spreadsheets"
        )
        name_widget(self.csv_radio, "exportCsvRadio", "CSV")
        self.json_radio.setChecked(True)
        self.json_radio.toggled.connect(self._on_format_toggled)

        self.destination = QLineEdit()
        name_widget(self.destination, "exportDestinationEdit", "Export to")
        self.destination.textChanged.connect(self._update_buttons)
        browse = QPushButton("Choose…")
        name_widget(browse, "exportBrowseButton", "Choose where to export")
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(browse)

        self.stage = QLabel("")
        self.progress = QProgressBar()
        name_widget(self.progress, "exportProgress", "Export progress")
        self.progress.hide()
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = QPushButton("Export")
        name_widget(self.export_button, "exportButton", "Export")
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.unencrypted_warning)
        layout.addWidget(self.json_radio)
        layout.addWidget(self.csv_radio)
        layout.addLayout(row)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._on_format_toggled()

    def selected_format(self) -> ExportFormat:
        return ExportFormat.JSON if self.json_radio.isChecked() else ExportFormat.CSV

    def set_destination(self, path: Path) -> None:
        self.destination.setText(str(path))

    def _on_format_toggled(self) -> None:
        self.set_destination(
            default_destination(self.selected_format(), self._folder, date.today())
        )

    def _on_browse_clicked(self) -> None:
        current = self.destination.text()
        if self.selected_format() is ExportFormat.JSON:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export journal as JSON", current, "JSON files (*.json)"
            )
            if chosen and not chosen.lower().endswith(".json"):
                chosen += ".json"
        else:
            chosen = QFileDialog.getExistingDirectory(
                self, "Folder for the CSV files", str(Path(current).parent)
            )
        if chosen:
            self.set_destination(Path(chosen))

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(bool(self.destination.text().strip()) and not self.is_busy())

    def _on_export_clicked(self) -> None:
        if not self.export_button.isEnabled():
            return
        fmt, destination = self.selected_format(), Path(self.destination.text().strip())
        self.error.clear_message()
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.start_task(
            lambda progress: self._service.export(fmt, destination, progress),
            self._on_exported,
            self._on_failed,
            self._on_cancelled,
        )
        self._update_buttons()

    def finish_task(self) -> None:
        super().finish_task()
        self._update_buttons()

    def _on_exported(self, summary: ExportSummary) -> None:
        self.finish_task()
        self.exported.emit(summary)
        self.accept()

    def _on_failed(self, failure: TaskFailure) -> None:
        self.finish_task()
        self.error.show_message(failure.message)

    def _on_cancelled(self) -> None:
        self.finish_task()
