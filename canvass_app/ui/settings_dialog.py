"""The settings dialog: every setting of ``services.settings``, checked before saving.

Numbers are entered in spin boxes limited to their valid range; everything else is
checked with ``validate_settings`` on OK, and a bad value keeps the dialog open with the
message in words next to the buttons and the focus on the field to fix.

Under the location fields, the source actually in use is shown live (it may differ from
the saved choice: a log given on the command line, a source that failed to start), with
its fix or why there is none. A new location source takes effect on OK, without a restart
(``MainWindow.apply_settings``).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.errors import FieldError
from canvass_app.core.geo import Fix
from canvass_app.core.os_problems import os_reason
from canvass_app.core.outbox import SYNC_CONCURRENCY_RANGE
from canvass_app.services.settings import (
    ACCURACY_THRESHOLD_RANGE_M,
    GPS_SOURCES,
    LANGUAGES,
    PATCH_PATH_FORMS,
    PORT_RANGE,
    SYNC_INTERVAL_RANGE_S,
    SYSTEM_LANGUAGE,
    THEMES,
    TILE_MAX_ZOOM_RANGE,
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    validate_settings,
)
from canvass_app.ui.i18n import chosen_language, render


def _available_serial_ports() -> list[str]:
    """Serial ports the system knows of (an empty list where QtSerialPort is missing)."""
    try:
        from PySide6.QtSerialPort import QSerialPortInfo
    except ImportError:
        return []
    return [info.systemLocation() for info in QSerialPortInfo.availablePorts()]


class SettingsDialog(QDialog):
    """Edit and save the settings of one data dir; ``settings_saved`` carries the result."""

    settings_saved = Signal(object)  # Settings

    def __init__(
        self,
        data_dir: Path,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        *,
        position_service: Any = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self._position_service = position_service
        self._original = settings if settings is not None else load_settings(self._data_dir)
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))

        self.api_url_edit = QLineEdit()
        self.api_url_edit.setPlaceholderText("https://api.example.org")
        self.api_url_edit.setAccessibleName(self.tr("API address"))

        self.ca_file_edit = QLineEdit()
        self.ca_file_edit.setAccessibleName(self.tr("Trusted certificate authority file"))
        self.ca_file_edit.setPlaceholderText(self.tr("Optional: a PEM file"))
        self.ca_file_edit.setToolTip(
            self.tr(
                "Only if your organisation runs its own certificate authority: its "
                "certificate file (PEM), trusted besides this computer's. Certificates are "
                "always checked."
            )
        )
        self.ca_file_browse_button = QPushButton(self.tr("Browse…"))
        self.ca_file_browse_button.setAccessibleName(
            self.tr("Choose the certificate authority file")
        )
        self.ca_file_browse_button.clicked.connect(self._on_ca_file_browse_button_clicked)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_file_edit, 1)
        ca_row.addWidget(self.ca_file_browse_button)

        self.patch_path_form_combo = QComboBox()
        self.patch_path_form_combo.setAccessibleName(self.tr("Edit path form"))
        path_form_labels = {
            "document": self.tr("From the document root (/data/successful)"),
            "data": self.tr("Relative to data (/successful)"),
        }
        for form in PATCH_PATH_FORMS:
            self.patch_path_form_combo.addItem(path_form_labels.get(form, form), form)

        self.sync_interval_spin = QSpinBox()
        self.sync_interval_spin.setRange(*SYNC_INTERVAL_RANGE_S)
        self.sync_interval_spin.setSuffix(self.tr(" s"))
        self.sync_interval_spin.setAccessibleName(self.tr("Sync interval in seconds"))

        self.sync_concurrency_spin = QSpinBox()
        self.sync_concurrency_spin.setRange(*SYNC_CONCURRENCY_RANGE)
        self.sync_concurrency_spin.setAccessibleName(self.tr("Visits sent at once"))

        self.gps_source_combo = QComboBox()
        self.gps_source_combo.setAccessibleName(self.tr("Location source"))
        source_labels = {
            "system": self.tr("This computer's location service (GeoClue on Linux)"),
            "nmea": self.tr("An NMEA log file"),
            "serial": self.tr("A GPS on a serial port"),
            "gpsd": self.tr("A GPS shared by gpsd (USB or Bluetooth receiver)"),
            "manual": self.tr("Entered by hand"),
            "none": self.tr("No location"),
        }
        for source in GPS_SOURCES:
            self.gps_source_combo.addItem(source_labels.get(source, source), source)

        self.gps_nmea_path_edit = QLineEdit()
        self.gps_nmea_path_edit.setAccessibleName(self.tr("NMEA log file"))
        self.gps_nmea_browse_button = QPushButton(self.tr("Browse…"))
        self.gps_nmea_browse_button.setAccessibleName(self.tr("Choose the NMEA log file"))
        self.gps_nmea_browse_button.clicked.connect(self._on_gps_nmea_browse_button_clicked)
        nmea_row = QHBoxLayout()
        nmea_row.setContentsMargins(0, 0, 0, 0)
        nmea_row.addWidget(self.gps_nmea_path_edit, 1)
        nmea_row.addWidget(self.gps_nmea_browse_button)

        self.gps_serial_port_combo = QComboBox()
        self.gps_serial_port_combo.setEditable(True)
        self.gps_serial_port_combo.setAccessibleName(self.tr("GPS serial port"))
        self.gps_serial_port_combo.addItem("")
        self.gps_serial_port_combo.addItems(_available_serial_ports())

        self.gps_gpsd_host_edit = QLineEdit()
        self.gps_gpsd_host_edit.setAccessibleName(self.tr("gpsd host"))
        self.gps_gpsd_host_edit.setPlaceholderText("localhost")
        self.gps_gpsd_port_spin = QSpinBox()
        self.gps_gpsd_port_spin.setRange(*PORT_RANGE)
        self.gps_gpsd_port_spin.setAccessibleName(self.tr("gpsd port"))
        gpsd_row = QHBoxLayout()
        gpsd_row.setContentsMargins(0, 0, 0, 0)
        gpsd_row.addWidget(self.gps_gpsd_host_edit, 1)
        gpsd_row.addWidget(QLabel(self.tr("port")))
        gpsd_row.addWidget(self.gps_gpsd_port_spin)

        self.gps_in_use_label = QLabel()
        self.gps_in_use_label.setWordWrap(True)
        self.gps_in_use_label.setAccessibleName(self.tr("Location source in use now"))

        self.accuracy_spin = QDoubleSpinBox()
        self.accuracy_spin.setRange(*ACCURACY_THRESHOLD_RANGE_M)
        self.accuracy_spin.setDecimals(0)
        self.accuracy_spin.setSuffix(self.tr(" m"))
        self.accuracy_spin.setAccessibleName(self.tr("Accuracy threshold in metres"))

        self.theme_combo = QComboBox()
        self.theme_combo.setAccessibleName(self.tr("Theme"))
        theme_labels = {
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
            "high-contrast": self.tr("High contrast"),
        }
        for theme in THEMES:
            self.theme_combo.addItem(theme_labels.get(theme, theme), theme)

        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(self.tr("Language"))
        # Each language in its own words (a person finds theirs whatever is shown now).
        language_names = {"en": "English", "es": "Español"}
        system = language_names[chosen_language(SYSTEM_LANGUAGE)]
        self.language_combo.addItem(
            self.tr("System language ({language})").format(language=system), SYSTEM_LANGUAGE
        )
        for language in LANGUAGES:
            self.language_combo.addItem(language_names.get(language, language), language)

        self.canvasser_name_edit = QLineEdit()
        self.canvasser_name_edit.setAccessibleName(self.tr("Canvasser name"))
        self.canvasser_name_edit.setToolTip(
            self.tr(
                "Who records visits the first time Canvass opens on this laptop. After "
                "that, the supervisor adds canvassers and they switch at the top of the "
                "window."
            )
        )

        self.auto_advance_check = QCheckBox(
            self.tr("After a one-tap outcome, go on to the next door to knock")
        )
        self.auto_advance_check.setAccessibleName(self.tr("Move on after an outcome"))
        self.walk_zigzag_check = QCheckBox(
            self.tr("Narrow streets: cross at every door instead of one side, then the other")
        )
        self.walk_zigzag_check.setAccessibleName(self.tr("Zig-zag along streets"))

        fields = QFormLayout()
        fields.addRow(self.tr("API address"), self.api_url_edit)
        fields.addRow(self.tr("Trusted certificate authority"), ca_row)
        fields.addRow(self.tr("Edit path form"), self.patch_path_form_combo)
        fields.addRow(self.tr("Sync interval"), self.sync_interval_spin)
        fields.addRow(self.tr("Visits sent at once"), self.sync_concurrency_spin)
        fields.addRow(self.tr("Location source"), self.gps_source_combo)
        fields.addRow(self.tr("NMEA log file"), nmea_row)
        fields.addRow(self.tr("GPS serial port"), self.gps_serial_port_combo)
        fields.addRow(self.tr("gpsd host"), gpsd_row)
        fields.addRow(self.gps_in_use_label)
        fields.addRow(self.tr("Accuracy threshold"), self.accuracy_spin)
        fields.addRow(self.tr("Theme"), self.theme_combo)
        fields.addRow(self.tr("Language"), self.language_combo)
        fields.addRow(self.tr("Canvasser name"), self.canvasser_name_edit)
        fields.addRow(self.tr("At the door"), self.auto_advance_check)
        fields.addRow(self.tr("Walk order"), self.walk_zigzag_check)

        map_page = self._map_page()

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Problems with these settings"))
        self.error_label.setStyleSheet("font-weight: bold;")
        self.error_label.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        general_page = QWidget()
        general_page.setLayout(fields)
        self.tabs = QTabWidget()
        self.tabs.addTab(general_page, self.tr("General"))
        self.tabs.addTab(map_page, self.tr("Map"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self._field_widgets: dict[str, QWidget] = {
            "api_url": self.api_url_edit,
            "ca_file": self.ca_file_edit,
            "patch_path_form": self.patch_path_form_combo,
            "sync_interval_s": self.sync_interval_spin,
            "sync_concurrency": self.sync_concurrency_spin,
            "gps_source": self.gps_source_combo,
            "gps_nmea_path": self.gps_nmea_path_edit,
            "gps_serial_port": self.gps_serial_port_combo,
            "gps_gpsd_host": self.gps_gpsd_host_edit,
            "gps_gpsd_port": self.gps_gpsd_port_spin,
            "accuracy_threshold_m": self.accuracy_spin,
            "theme": self.theme_combo,
            "language": self.language_combo,
            "canvasser_name": self.canvasser_name_edit,
            "basemap_path": self.basemap_path_edit,
            "tile_url": self.tile_url_edit,
            "tile_max_zoom": self.tile_max_zoom_spin,
            "tile_attribution": self.tile_attribution_edit,
            "auto_advance": self.auto_advance_check,
            "walk_zigzag": self.walk_zigzag_check,
        }
        self.gps_source_combo.currentIndexChanged.connect(self._on_gps_source_combo_changed)
        self.set_settings(self._original)
        if position_service is not None:
            position_service.fix_changed.connect(self._on_position_service_changed)
            position_service.source_changed.connect(self._on_position_service_changed)
        self._on_position_service_changed()

    def _map_page(self) -> QWidget:
        """The map's settings: a basemap file, or the tile address to download from."""
        self.basemap_path_edit = QLineEdit()
        self.basemap_path_edit.setAccessibleName(self.tr("Map file (MBTiles)"))
        self.basemap_path_edit.setPlaceholderText(self.tr("Optional: an .mbtiles file"))
        self.basemap_path_edit.setToolTip(
            self.tr(
                "A map of the area exported as MBTiles (from QGIS, TileMill or Mobile Atlas "
                "Creator), drawn under the doors with no network."
            )
        )
        self.basemap_browse_button = QPushButton(self.tr("Browse…"))
        self.basemap_browse_button.setAccessibleName(self.tr("Choose the map file"))
        self.basemap_browse_button.clicked.connect(self._on_basemap_browse_button_clicked)
        basemap_row = QHBoxLayout()
        basemap_row.setContentsMargins(0, 0, 0, 0)
        basemap_row.addWidget(self.basemap_path_edit, 1)
        basemap_row.addWidget(self.basemap_browse_button)

        self.tile_url_edit = QLineEdit()
        self.tile_url_edit.setAccessibleName(self.tr("Map tile address"))
        self.tile_url_edit.setPlaceholderText("https://tiles.example.org/{z}/{x}/{y}.png")
        self.tile_url_edit.setToolTip(
            self.tr(
                "The campaign's tile server: the tiles around a walklist's doors are "
                "downloaded with it. The public OpenStreetMap servers do not allow this."
            )
        )
        self.tile_max_zoom_spin = QSpinBox()
        self.tile_max_zoom_spin.setRange(*TILE_MAX_ZOOM_RANGE)
        self.tile_max_zoom_spin.setAccessibleName(self.tr("Highest map zoom to download"))
        self.tile_attribution_edit = QLineEdit()
        self.tile_attribution_edit.setAccessibleName(self.tr("Map attribution"))
        self.tile_attribution_edit.setPlaceholderText(self.tr("As the tile provider asks"))

        note = QLabel(
            self.tr(
                "With no map file and no tile address, the map draws the streets from the "
                "walklist's own doors."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Map file (MBTiles)"), basemap_row)
        form.addRow(self.tr("Map tile address"), self.tile_url_edit)
        form.addRow(self.tr("Highest zoom to download"), self.tile_max_zoom_spin)
        form.addRow(self.tr("Map attribution"), self.tile_attribution_edit)
        form.addRow(note)
        page = QWidget()
        page.setLayout(form)
        return page

    # --- fields <-> Settings ---------------------------------------------------------------

    def set_settings(self, settings: Settings) -> None:
        self.api_url_edit.setText(settings.api_url or "")
        self.ca_file_edit.setText(settings.ca_file or "")
        _select(self.patch_path_form_combo, settings.patch_path_form)
        self.sync_interval_spin.setValue(settings.sync_interval_s)
        self.sync_concurrency_spin.setValue(settings.sync_concurrency)
        _select(self.gps_source_combo, settings.gps_source)
        self.gps_nmea_path_edit.setText(settings.gps_nmea_path or "")
        self.gps_serial_port_combo.setEditText(settings.gps_serial_port or "")
        self.gps_gpsd_host_edit.setText(settings.gps_gpsd_host)
        self.gps_gpsd_port_spin.setValue(settings.gps_gpsd_port)
        self.accuracy_spin.setValue(settings.accuracy_threshold_m)
        _select(self.theme_combo, settings.theme)
        _select(self.language_combo, settings.language)
        self.canvasser_name_edit.setText(settings.canvasser_name)
        self.basemap_path_edit.setText(settings.basemap_path or "")
        self.tile_url_edit.setText(settings.tile_url or "")
        self.tile_max_zoom_spin.setValue(settings.tile_max_zoom)
        self.tile_attribution_edit.setText(settings.tile_attribution)
        self.auto_advance_check.setChecked(settings.auto_advance)
        self.walk_zigzag_check.setChecked(settings.walk_zigzag)
        self._on_gps_source_combo_changed()

    def settings_from_fields(self) -> Settings:
        """The settings as the fields show them (not yet checked)."""
        return dataclasses.replace(
            self._original,
            api_url=self.api_url_edit.text().strip() or None,
            ca_file=self.ca_file_edit.text().strip() or None,
            patch_path_form=str(self.patch_path_form_combo.currentData()),
            sync_interval_s=self.sync_interval_spin.value(),
            sync_concurrency=self.sync_concurrency_spin.value(),
            gps_source=str(self.gps_source_combo.currentData()),
            gps_nmea_path=self.gps_nmea_path_edit.text().strip() or None,
            gps_serial_port=self.gps_serial_port_combo.currentText().strip() or None,
            gps_gpsd_host=self.gps_gpsd_host_edit.text().strip() or "localhost",
            gps_gpsd_port=self.gps_gpsd_port_spin.value(),
            accuracy_threshold_m=float(self.accuracy_spin.value()),
            theme=str(self.theme_combo.currentData()),
            language=str(self.language_combo.currentData()),
            canvasser_name=self.canvasser_name_edit.text().strip(),
            basemap_path=self.basemap_path_edit.text().strip() or None,
            tile_url=self.tile_url_edit.text().strip() or None,
            tile_max_zoom=self.tile_max_zoom_spin.value(),
            tile_attribution=self.tile_attribution_edit.text().strip(),
            auto_advance=self.auto_advance_check.isChecked(),
            walk_zigzag=self.walk_zigzag_check.isChecked(),
        )

    def error_text(self) -> str:
        """The messages shown under the form ("" when none)."""
        return "" if self.error_label.isHidden() else self.error_label.text()

    # --- OK / problems -------------------------------------------------------------------

    def _show_errors(self, errors: list[FieldError]) -> None:
        self.error_label.setText("\n".join(_sentence(render(error.words)) for error in errors))
        self.error_label.setVisible(True)
        widget = self._field_widgets.get(errors[0].field)
        if widget is not None:
            for index in range(self.tabs.count()):  # show the tab the field is on
                page = self.tabs.widget(index)
                if page is not None and page.isAncestorOf(widget):
                    self.tabs.setCurrentIndex(index)
            widget.setFocus()

    def accept(self) -> None:
        settings = self.settings_from_fields()
        errors = validate_settings(settings)
        if errors:
            self._show_errors(errors)
            return
        try:
            save_settings(self._data_dir, settings)
        except SettingsError as error:
            self._show_errors(error.errors)
            return
        except OSError as error:
            self._show_errors(
                [
                    FieldError(
                        "",
                        self.tr("The settings could not be saved: {reason}").format(
                            reason=render(os_reason(error))
                        ),
                    )
                ]
            )
            return
        self.error_label.setVisible(False)
        self._original = settings
        self.settings_saved.emit(settings)
        super().accept()

    @Slot()
    def _on_gps_source_combo_changed(self) -> None:
        source = self.gps_source_combo.currentData()
        self.gps_nmea_path_edit.setEnabled(source == "nmea")
        self.gps_nmea_browse_button.setEnabled(source == "nmea")
        self.gps_serial_port_combo.setEnabled(source == "serial")
        self.gps_gpsd_host_edit.setEnabled(source == "gpsd")
        self.gps_gpsd_port_spin.setEnabled(source == "gpsd")

    @Slot()
    def _on_position_service_changed(self) -> None:
        """The source in use and its state: "gpsd at localhost:2947: fix ±4 m" or why not."""
        service = self._position_service
        if service is None:
            self.gps_in_use_label.setText(self.tr("Not known here (no position service)."))
            return
        source = render(service.source)
        fix: Fix | None = service.current_fix()
        if fix is not None and fix.accuracy_m is not None:
            state = self.tr("a fix, ±{m} m.").format(m=round(fix.accuracy_m))
        elif fix is not None:
            state = self.tr("a fix of unknown accuracy.")
        elif service.reason is not None:
            state = render(service.reason)
        else:
            state = self.tr("no fix.")
        self.gps_in_use_label.setText(
            self.tr("In use now: {source}").format(source=source) + "\n" + state
        )
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Grow (never shrink) to the wrapped lines of the source in use: a dialog's size
        does not follow a label's height-for-width by itself, and clips it."""
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._grow_to_fit()

    @Slot()
    def _on_ca_file_browse_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the certificate authority file"),
            "",
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_file_edit.setText(path)

    @Slot()
    def _on_basemap_browse_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the map file"),
            "",
            self.tr("MBTiles maps (*.mbtiles);;All files (*)"),
        )
        if path:
            self.basemap_path_edit.setText(path)

    @Slot()
    def _on_gps_nmea_browse_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose an NMEA log file"),
            "",
            self.tr("NMEA logs (*.nmea *.txt *.log);;All files (*)"),
        )
        if path:
            self.gps_nmea_path_edit.setText(path)


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _sentence(message: str) -> str:
    """ "API address plain http:// …" → "API address: plain http:// …." for the label."""
    text = message[:1].upper() + message[1:]
    return text if text.endswith(".") else text + "."
