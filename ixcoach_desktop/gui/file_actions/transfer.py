"""Import, export and chart-image actions for a menu, and drag and drop of contact files.

The main window builds one ImportExportActions and reloads its views when
``journal_changed`` fires; everything else (dialogs, file choosers, the drop
handling) lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

# The dialogs, and the services behind them, are imported when first used:
# the first frame does not need them.
if TYPE_CHECKING:
    from ixcoach_desktop.gui.file_actions.export_dialog import ExportDialog
    from ixcoach_desktop.gui.file_actions.import_dialog import ImportDialog
    from ixcoach_desktop.services.exporting import ExportSummary
    from ixcoach_desktop.services.importing.records import ImportReport
    from ixcoach_desktop.services.session import JournalSession

# What may be dropped on the contacts pane: contact files. A JSON export
# restores a whole journal, a step taken deliberately through File > Import….
DROPPABLE_SUFFIXES = frozenset((".vcf", ".vcard", ".csv"))
IMPORT_FILTERS = "Contacts (*.vcf *.vcard *.csv);;IX Coach Desktop export (*.json);;All files (*)"
# Chart image formats, by the extension savefig infers the format from.
CHART_FILTERS = {
    "PNG image (*.png)": ".png",
    "SVG image (*.svg)": ".svg",
    "PDF document (*.pdf)": ".pdf",
}
# Print quality for the bitmap format; SVG and PDF are vector graphics.
CHART_PNG_DPI = 200
STATUS_MESSAGE_MS = 10_000


class HasFigure(Protocol):
    """The chart: any widget holding a Matplotlib figure (FigureCanvasQTAgg)."""

    @property
    def figure(self) -> Figure: ...


def dropped_files(urls: Sequence[QUrl]) -> list[Path]:
    """The dropped local contact files; empty unless every item is one."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    if not paths or len(paths) != len(urls):
        return []
    if any(path.suffix.casefold() not in DROPPABLE_SUFFIXES for path in paths):
        return []
    return paths


class ImportExportActions(QObject):
    """Carries out Import…, Export… and Export chart as… (``actions``) and accepts dropped files.

    ``drop_target`` (and any child of it that takes drops itself, such as a
    search box) accepts .vcf and .csv files dragged from the file manager and
    opens the import preview for them.

    Signals:
        journal_changed(): an import added records; reload what is shown.
    """

    journal_changed = Signal()

    def __init__(
        self,
        session: JournalSession,
        actions: tuple[QAction, QAction, QAction],
        drop_target: QWidget,
        chart: HasFigure,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._window = parent
        self._chart = chart
        self._import_dialog: ImportDialog | None = None
        self._export_dialog: ExportDialog | None = None
        self.import_action, self.export_action, self.export_chart_action = actions
        self.import_action.triggered.connect(self._on_import_triggered)
        self.export_action.triggered.connect(self._on_export_triggered)
        self.export_chart_action.triggered.connect(self._on_export_chart_triggered)
        drop_target.setAcceptDrops(True)
        for widget in (drop_target, *drop_target.findChildren(QWidget)):
            if widget is drop_target or widget.acceptDrops():
                widget.installEventFilter(self)

    @property
    def import_dialog(self) -> ImportDialog | None:
        """The latest import dialog, for tests and for the window's close handling."""
        return self._import_dialog

    @property
    def export_dialog(self) -> ExportDialog | None:
        return self._export_dialog

    def open_import(self, paths: Sequence[Path]) -> ImportDialog:
        """Open the import preview for ``paths`` (window-modal; never blocks the loop)."""
        from ixcoach_desktop.gui.file_actions.import_dialog import ImportDialog

        dialog = ImportDialog(self._session.imports, paths, self._window)
        dialog.imported.connect(self._on_imported)
        self._import_dialog = dialog
        dialog.open()
        return dialog

    def open_export(self) -> ExportDialog:
        from ixcoach_desktop.gui.file_actions.export_dialog import ExportDialog

        dialog = ExportDialog(
            self._session.exports, self._window, protected=self._session.protected
        )
        dialog.exported.connect(self._on_exported)
        self._export_dialog = dialog
        dialog.open()
        return dialog

    def shutdown(self) -> None:
        """Cancel a running import or export and wait for its worker.

        Call before the session is closed, so no worker outlives the journal;
        a cancelled import has written nothing.
        """
        for dialog in (self._import_dialog, self._export_dialog):
            if dialog is not None and dialog.is_busy():
                dialog.reject()

    def export_chart(self, path: Path) -> Path:
        """Save the chart as PNG, SVG or PDF, by ``path``'s extension (PNG when it has none)."""
        if path.suffix.casefold() not in CHART_FILTERS.values():
            path = path.with_name(path.name + ".png")
        self._chart.figure.savefig(path, dpi=CHART_PNG_DPI)
        return path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(event, QDragEnterEvent | QDragMoveEvent | QDropEvent):
            paths = dropped_files(event.mimeData().urls()) if event.mimeData().hasUrls() else []
            if paths:
                event.acceptProposedAction()
                if event.type() == QEvent.Type.Drop:
                    self.open_import(paths)
                return True
        return super().eventFilter(watched, event)

    def _on_import_triggered(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self._window, "Import contacts", str(Path.home()), IMPORT_FILTERS
        )
        if chosen:
            self.open_import([Path(name) for name in chosen])

    def _on_export_triggered(self) -> None:
        self.open_export()

    def _on_export_chart_triggered(self) -> None:
        chosen, selected = QFileDialog.getSaveFileName(
            self._window,
            "Export chart",
            str(Path.home() / "reciprocity-chart.png"),
            ";;".join(CHART_FILTERS),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.casefold() not in CHART_FILTERS.values():
            path = path.with_name(path.name + CHART_FILTERS.get(selected, ".png"))
        try:
            saved = self.export_chart(path)
        except (OSError, ValueError) as error:
            self._warn(f"The chart could not be saved to {path}: {error}")
            return
        self._status(f"Chart saved to {saved}")

    def _on_imported(self, report: ImportReport) -> None:
        added = f"{report.contacts_added:,} contacts"
        if report.exchanges_added:
            added += f" and {report.exchanges_added:,} exchanges"
        self._status(
            f"Imported {added}; skipped {len(report.duplicates):,} duplicates and "
            f"{len(report.invalid_skipped):,} invalid records."
        )
        self.journal_changed.emit()

    def _on_exported(self, summary: ExportSummary) -> None:
        where = summary.files[0] if len(summary.files) == 1 else summary.files[0].parent
        self._status(
            f"Exported {summary.contacts:,} contacts and {summary.exchanges:,} exchanges to {where}"
        )

    def _status(self, text: str) -> None:
        if isinstance(self._window, QMainWindow):
            self._window.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def _warn(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Export chart", text, parent=self._window)
        box.open()
