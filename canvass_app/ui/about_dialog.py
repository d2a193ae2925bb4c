"""About Canvass: the version, where the data and the log live, and the versions beneath.

Support asks for these first, so every line can be selected and "Copy" copies them all.
"""

from __future__ import annotations

import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, QUrl, Slot, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from canvass_app import __version__
from canvass_app.services.logs import log_path
from canvass_app.ui.i18n import mark_technical


def about_text(data_dir: Path) -> str:
    """The facts the dialog shows, as plain text (what "Copy" puts on the clipboard), in
    the interface language; versions and paths as they are."""

    translate = QCoreApplication.translate
    return "\n".join(
        [
            f"Canvass {__version__}",
            translate("AboutDialog", "Data folder: {path}").format(path=Path(data_dir)),
            translate("AboutDialog", "Log file: {path}").format(path=log_path(data_dir)),
            f"Python {platform.python_version()}; Qt {qVersion()}; PySide6 {PySide6.__version__}",
            translate("AboutDialog", "System: {system}").format(system=platform.platform()),
        ]
    )


class AboutDialog(QDialog):
    """Shows ``about_text`` with buttons to copy it and to open the data folder."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self.setWindowTitle(self.tr("About Canvass"))
        self.setAccessibleName(self.tr("About Canvass"))

        self.title_label = QLabel(f"<h2>Canvass {__version__}</h2>")
        self.title_label.setAccessibleName(self.tr("Version"))
        self.description_label = QLabel(
            self.tr(
                "Offline-first door-to-door canvassing for the Polis API. Visits are saved on "
                "this computer first and sent when the network allows."
            )
        )
        self.description_label.setWordWrap(True)
        # For support: versions and paths as they are (the labels are translated).
        self.details_label = mark_technical(QLabel(about_text(self._data_dir)))
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.details_label.setAccessibleName(self.tr("Version and folders"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy version and folders"))
        self.open_folder_button = QPushButton(self.tr("Open data folder"))
        self.open_folder_button.setAccessibleName(self.tr("Open data folder"))
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.open_folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.description_label)
        layout.addWidget(self.details_label)
        layout.addWidget(self.buttons)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(about_text(self._data_dir))
        self.copy_button.setText(self.tr("Copied"))

    @Slot()
    def _on_open_folder_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))
