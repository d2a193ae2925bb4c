"""The GUI entry point the CLI calls: ``run_gui`` (with exec) and ``build_main_window``."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from canvass_app import APP_ID, __version__
from canvass_app.core.messages import Message
from canvass_app.core.outbox import DEFAULT_SYNC_CONCURRENCY
from canvass_app.services.paths import resources_dir
from canvass_app.ui.main_window import MainWindow

if TYPE_CHECKING:
    from canvass_app.services.startup import StartupCheck

log = logging.getLogger(__name__)


def _settings(data_dir: Path) -> Any:
    from canvass_app.services.settings import load_settings

    return load_settings(data_dir)


def build_main_window(
    *,
    data_dir: Path,
    api_url: str | None,
    token: str | None,
    list_id: str | None = None,
    demo: bool = False,
    nmea_path: Path | None = None,
    start_services: bool = True,
) -> MainWindow:
    """The door screen with its sync controller and position service (started).

    A QApplication must exist. ``start_services=False`` builds them without starting
    the sync thread or the position source (tests that drive sync themselves).
    """
    from canvass_app.qt.position import position_service_from_settings
    from canvass_app.qt.sync_worker import SyncController

    settings = _settings(data_dir)
    controller = SyncController(
        data_dir,
        api_url,
        token,
        interval_s=float(getattr(settings, "sync_interval_s", 60) or 60),
        concurrency=int(getattr(settings, "sync_concurrency", 0) or DEFAULT_SYNC_CONCURRENCY),
    )
    position = position_service_from_settings(settings, nmea_path)
    window = MainWindow(
        data_dir=data_dir,
        api_url=api_url,
        token=token,
        list_id=list_id,
        demo=demo,
        canvasser=getattr(settings, "canvasser_name", "") or None,
        sync_controller=controller,
        position_service=position,
        settings=settings,
    )
    controller.setParent(window)
    position.setParent(window)
    if start_services:
        controller.start()
        position.start()
    return window


def app_icon() -> QIcon:
    """The app's icon: the rendered PNGs at their sizes, the SVG for any other size."""
    folder = resources_dir() / "icons"
    icon = QIcon()
    for png in sorted(folder.glob("canvass-*.png")):
        icon.addFile(str(png))
    icon.addFile(str(folder / "canvass.svg"))
    return icon


def identify_application(app: QApplication) -> None:
    """Tell the desktop which app this is: the desktop entry's name (``APP_ID``) lets
    Wayland and the taskbar match the window to its entry and icon, and the location
    service (GeoClue) to its permission; the window icon serves where no entry is
    installed (a pip install)."""
    app.setApplicationName("Canvass")
    app.setOrganizationName("Canvass")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())


def _unlock_database(data_dir: Path) -> bool:
    """Where no keyring keeps the key of the visits database, its passphrase is asked
    here, before anything opens it (``services.database.unlock_database`` decides); when
    none is given or it does not open the file, a dialog says so and nothing opens."""
    from canvass_app.core.errors import CanvassError
    from canvass_app.services.database import unlock_database
    from canvass_app.services.startup import StartupCheck, StartupVerdict
    from canvass_app.ui.passphrase_dialog import ask_passphrase

    try:
        unlock_database(data_dir, ask_passphrase)
    except CanvassError as error:  # no passphrase given, or a wrong one (in words)
        check = StartupCheck(
            StartupVerdict.UNAVAILABLE, (error.message,), getattr(error, "problem", None)
        )
        startup_dialog(check).exec()
        return False
    return True


def _check_database(data_dir: Path) -> bool:
    """The start-up check (services.startup decides; this only shows it): a locked,
    read-only or full database is told in words and the window does not open; a damaged
    one is told with what was saved, and the window opens on a fresh database."""
    from canvass_app.services.startup import check_and_recover

    check = check_and_recover(data_dir)
    if check.title is not None:
        box = startup_dialog(check)
        box.exec()
    return check.can_continue


def set_up_laptop(data_dir: Path) -> bool:
    """The first start on a laptop (or the first since an upgrade to a laptop without a
    supervisor PIN): the supervisor chooses the PIN before any window opens. False when
    the setup was cancelled: nothing opens then (docs/SUPERVISOR.md)."""
    from canvass_app.services.database import open_database
    from canvass_app.services.people import has_supervisor_pin
    from canvass_app.ui.supervisor.pin_dialog import SetUpLaptopDialog

    db = open_database(data_dir)
    try:
        if has_supervisor_pin(db):
            return True
        dialog = SetUpLaptopDialog(db)
        return dialog.exec() == SetUpLaptopDialog.DialogCode.Accepted
    finally:
        db.close()


def startup_dialog(check: StartupCheck) -> QMessageBox:
    """The message box for a start-up check that found something (``StartupCheck``)."""
    from canvass_app.ui.i18n import render

    icon = QMessageBox.Icon.Warning if check.can_continue else QMessageBox.Icon.Critical
    box = QMessageBox(icon, render(check.title or ""), render(check.messages[0]))
    box.setObjectName("startupDialog")
    if len(check.messages) > 1:
        box.setInformativeText("\n\n".join(render(m) for m in check.messages[1:]))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


# Exit code when another Canvass holds the data folder (the command line's, README).
EXIT_DATA_DIR_BUSY = 6


def show_data_dir_busy(message: Message, argv: list[str] | None = None) -> int:
    """Say in a dialog that another Canvass holds the data folder; the exit code."""
    from PySide6.QtWidgets import QMessageBox

    from canvass_app.ui.i18n import render

    if not isinstance(QApplication.instance(), QApplication):
        QApplication(argv if argv is not None else sys.argv[:1])
    title = QApplication.translate("Startup", "Canvass is already open")
    box = QMessageBox(QMessageBox.Icon.Warning, title, render(message))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()
    return EXIT_DATA_DIR_BUSY


def run_gui(
    *,
    data_dir: Path,
    api_url: str | None,
    token: str | None,
    list_id: str | None = None,
    demo: bool = False,
    nmea_path: Path | None = None,
    argv: list[str] | None = None,
) -> int:
    """Create the QApplication, install the language and theme, show the window, run.

    The window holds the data folder for as long as it runs (one process owns it at a
    time); when another Canvass holds it, a dialog says so and nothing opens.
    """
    from canvass_app.services.instance import DataDirBusy, claim_data_dir
    from canvass_app.ui.i18n import chosen_language, install_translators
    from canvass_app.ui.theme import apply_theme

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    identify_application(app)
    settings = _settings(data_dir)
    translators = install_translators(app, chosen_language(getattr(settings, "language", "system")))
    apply_theme(app, getattr(settings, "theme", "light"))
    try:
        claim = claim_data_dir(data_dir)
    except DataDirBusy as busy:
        return show_data_dir_busy(busy.message)
    try:
        if (
            not _unlock_database(data_dir)
            or not _check_database(data_dir)
            or not set_up_laptop(data_dir)
        ):
            return 1
        window = build_main_window(
            data_dir=data_dir,
            api_url=api_url,
            token=token,
            list_id=list_id,
            demo=demo,
            nmea_path=nmea_path,
        )
        crash_handler_installed = _install_crash_handler(app, data_dir)
        window.show()
        try:
            return int(app.exec())
        finally:
            window.shutdown()
            if crash_handler_installed:
                from canvass_app.qt.crash import uninstall_crash_handler

                uninstall_crash_handler()
            del translators
    finally:
        claim.release()


def _install_crash_handler(app: QApplication, data_dir: Path) -> bool:
    """One crash dialog with the log path for anything unexpected, from any thread."""
    try:
        from canvass_app.qt.crash import install_crash_handler
        from canvass_app.ui.crash_dialog import show_crash_dialog
    except ImportError as error:  # the handler is optional; the window still opens
        log.warning("no crash handler (%s)", error)
        return False
    install_crash_handler(app, data_dir, show_crash_dialog)
    return True


__all__ = [
    "EXIT_DATA_DIR_BUSY",
    "build_main_window",
    "run_gui",
    "set_up_laptop",
    "show_data_dir_busy",
]
