"""Screenshots of the survey at the door, on the real door screen at a laptop's size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/make_survey_screenshots.py OUT_DIR \\
        [--size 1366x768]

writes survey-first-question.png, survey-payment.png, survey-review.png and
survey-required.png (with the size in the name when it is not 1366x768). The window is
``ui.main_window.MainWindow`` as ``canvass-app --demo`` builds it, on the demo walklist
pulled from the reference server, driven by keys sent to the focused widget.
``docs/screenshots/`` holds the 1366x768 set; tests render into a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

SIZE = (1366, 768)
NAMES = ("survey-first-question", "survey-required", "survey-payment", "survey-review")


def press(key: Qt.Key) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the keyboard focus"
    QTest.keyClick(focus, key)


def _nine_type_survey(window: Any) -> Any:
    return next(s for s in window.walklist.surveys if len(s.questions) == 9)


def shoot(window: Any, out: Path, size: tuple[int, int] = SIZE) -> dict[str, Path]:
    """Drive ``window`` through the survey and save one PNG per state into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if size == SIZE else f"-{size[0]}x{size[1]}"
    window.resize(*size)
    QApplication.processEvents()
    form = window.door_view.survey_form
    saved: dict[str, Path] = {}

    def save(name: str) -> None:
        QApplication.processEvents()  # let layouts settle, as they do on screen
        path = out / f"{name}{suffix}.png"
        image = window.grab()
        assert (image.width(), image.height()) == size, (image.width(), image.height())
        assert image.save(str(path)), path
        saved[name] = path

    def on(tag: str) -> None:
        question = form.current_question
        assert question is not None and question.tag == tag, question

    window.walklist_view.select_contact(window.walklist.entries[0].contact.id)
    combo = window.door_view.survey_combo
    combo.setCurrentIndex(combo.findText(_nine_type_survey(window).name))
    combo.activated.emit(combo.currentIndex())
    window.walklist_view.tree.setFocus()
    press(Qt.Key.Key_Return)  # Enter on a person starts the survey
    on("available")
    save("survey-first-question")
    press(Qt.Key.Key_Return)  # no answer on a required question
    assert form.message_label.isVisible()
    save("survey-required")

    for key in (Qt.Key.Key_B, Qt.Key.Key_B, Qt.Key.Key_A):  # Available, 2, watched the video
        press(key)
        press(Qt.Key.Key_Return)
    on("issues")
    for key in (Qt.Key.Key_A, Qt.Key.Key_D, Qt.Key.Key_Return):  # Housing, Parks
        press(key)
    on("read_platform")
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_Return)
    on("donation")
    press(Qt.Key.Key_B)  # $25, picked by its letter
    save("survey-payment")

    press(Qt.Key.Key_Return)
    on("verified")
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_Return)
    on("email")
    QTest.keyClicks(QApplication.focusWidget(), "ana@example.org")
    press(Qt.Key.Key_Return)
    assert len(form.review_rows()) == 8
    save("survey-review")
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))

    from canvass_app.api.client import PolisClient
    from canvass_app.server.runner import start_server
    from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID
    from canvass_app.services.pull import pull_walklist
    from canvass_app.storage.db import open_database
    from canvass_app.ui.app import build_main_window
    from canvass_app.ui.theme import apply_theme

    app = QApplication(sys.argv[:1])
    apply_theme(app, "light")
    server = start_server(seed="demo", token="screenshots")
    try:
        with tempfile.TemporaryDirectory() as scratch:
            data_dir = Path(scratch)
            db = open_database(data_dir)
            with PolisClient(server.url, "screenshots") as client:
                pull_walklist(db, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
            db.conn.close()
            window = build_main_window(
                data_dir=data_dir,
                api_url=server.url,
                token="screenshots",
                list_id=DEMO_LIST_ID,
                demo=True,
                start_services=False,
            )
            window.show()
            window.activateWindow()
            app.processEvents()
            try:
                for path in shoot(window, args.out, (width, height)).values():
                    print(path)
            finally:
                window.shutdown()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
