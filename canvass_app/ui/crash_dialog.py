"""The crash dialog: what happened, that saved visits are safe, and where the log is.

Shown by the crash handler (``canvass_app.qt.crash``), once, whatever the number of
errors: later ones are appended to the details. The details are plain text the person can
copy in one click and paste into a message to support; the token is already removed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from canvass_app.qt.crash import CrashReport, install_crash_handler
from canvass_app.ui.i18n import mark_technical


class CrashDialog(QDialog):
    """One window for every unexpected error of this session."""

    def __init__(self, report: CrashReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reports: list[CrashReport] = [report]
        self.setWindowTitle(self.tr("Canvass hit a problem"))
        self.setAccessibleName(self.tr("Unexpected error"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.resize(640, 460)

        self.intro_label = QLabel(
            self.tr(
                "Something went wrong that Canvass did not expect.\n"
                "Visits you already saved are safe in the outbox: nothing was changed or "
                "deleted. You can keep working, or quit and start Canvass again.\n"
                "If it happens again, copy the details below and send them with the log file "
                "to your supervisor."
            )
        )
        self.intro_label.setWordWrap(True)

        # The error and its traceback are for support, shown as they are.
        self.headline_label = mark_technical(QLabel(report.headline))
        self.headline_label.setWordWrap(True)
        self.headline_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.headline_label.setAccessibleName(self.tr("Error"))

        self.log_path_label = QLabel(self.tr("Log file: {path}").format(path=report.log_path))
        self.log_path_label.setWordWrap(True)
        self.log_path_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.log_path_label.setAccessibleName(self.tr("Log file"))

        self.details_edit = mark_technical(QPlainTextEdit(report.summary))
        self.details_edit.setReadOnly(True)
        self.details_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_edit.setAccessibleName(self.tr("Error details"))

        self.buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setAccessibleName(self.tr("Copy details"))
        self.open_log_button = QPushButton(self.tr("Open log folder"))
        self.open_log_button.setAccessibleName(self.tr("Open log folder"))
        self.quit_button = QPushButton(self.tr("Quit Canvass"))
        self.quit_button.setAccessibleName(self.tr("Quit Canvass"))
        self.keep_button = QPushButton(self.tr("Keep working"))
        self.keep_button.setAccessibleName(self.tr("Keep working"))
        self.keep_button.setDefault(True)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.open_log_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.open_log_button.clicked.connect(self._on_open_log_button_clicked)
        self.quit_button.clicked.connect(self._on_quit_button_clicked)
        self.keep_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.headline_label)
        layout.addWidget(self.log_path_label)
        layout.addWidget(self.details_edit, 1)
        layout.addWidget(self.buttons)

    @property
    def reports(self) -> list[CrashReport]:
        return list(self._reports)

    def details_text(self) -> str:
        """Everything shown in the details box (what "Copy details" copies)."""
        return self.details_edit.toPlainText()

    def add_report(self, report: CrashReport) -> None:
        """A later error while this dialog is open: append it instead of a second window."""
        self._reports.append(report)
        self.details_edit.appendPlainText(
            "\n"
            + self.tr("Another error followed ({n} in all):").format(n=len(self._reports))
            + "\n"
            + report.summary
        )

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
        self.copy_button.setText(self.tr("Copied"))

    @Slot()
    def _on_open_log_button_clicked(self) -> None:
        folder = Path(self._reports[0].log_path).parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @Slot()
    def _on_quit_button_clicked(self) -> None:
        self.accept()
        QApplication.quit()


def show_crash_dialog(report: CrashReport) -> CrashDialog:
    """Open the crash dialog without blocking (the handler keeps it until it closes)."""
    parent = QApplication.activeWindow()
    dialog = CrashDialog(report, parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def install_crash_dialog(app: QApplication, data_dir: Path) -> None:
    """The GUI start-up call: the crash handler with this dialog as its presenter."""
    install_crash_handler(app, data_dir, present=show_crash_dialog)
