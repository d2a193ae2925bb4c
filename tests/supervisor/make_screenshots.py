"""Render the supervisor views into OUT_DIR/supervisor-*.png (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/supervisor/make_screenshots.py DATA_DIR OUT_DIR
    ... make_screenshots.py --language es DATA_DIR OUT_DIR   (supervisor-*-es.png)

DATA_DIR holds a ledger made by benchmarks/generate_ledger.py (100,000 visits reads best;
``--language es`` for the Spanish screenshots, so the data is a Spanish campaign's too).
`make screenshots` runs it with OUT_DIR = docs/screenshots.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from canvass_app.qt import tasks
from canvass_app.services.history import HistoryFilter, history_page
from canvass_app.storage.db import open_database
from canvass_app.ui.supervisor.pin_dialog import SetUpLaptopDialog
from canvass_app.ui.supervisor.review_view import SupervisorReviewView


def main(data_dir: Path, out: Path) -> None:
    app = QApplication(sys.argv[:1])
    tasks.set_inline(True)
    out.mkdir(parents=True, exist_ok=True)

    review = SupervisorReviewView(data_dir, canvasser=None, supervisor=True)
    review.resize(1360, 860)
    review.show()
    app.processEvents()
    review.grab().save(str(out / "supervisor-history.png"))

    history = review.history
    history.state_box.setCurrentIndex(history.state_box.findData("__unsent__"))
    history.search_edit.setText("elm")
    history.apply_filters()
    app.processEvents()
    review.grab().save(str(out / "supervisor-history-filtered.png"))
    history.search_edit.setText("")
    history.state_box.setCurrentIndex(0)
    history.apply_filters()

    review.tabs.setCurrentWidget(review.stats)
    app.processEvents()
    review.grab().save(str(out / "supervisor-stats.png"))

    # The map reads best for one canvasser on one walklist over a few days.
    history.canvasser_box.setCurrentIndex(history.canvasser_box.findData("hana"))
    history.walklist_box.setCurrentIndex(1)
    history.since_edit.setText("2026-10-01")
    history.apply_filters()
    review.tabs.setCurrentWidget(review.map)
    app.processEvents()
    review.grab().save(str(out / "supervisor-map.png"))

    db = open_database(data_dir)
    rejected = history_page(db, HistoryFilter(states=("rejected",)), limit=1)[0]
    dialog = review.open_detail(rejected.local_id)
    dialog.resize(960, 640)
    app.processEvents()
    dialog.grab().save(str(out / "supervisor-detail.png"))
    conflict_id = db.execute(
        "SELECT local_id FROM sync_log WHERE event = 'conflict' LIMIT 1"
    ).fetchone()[0]
    dialog = review.open_detail(conflict_id)
    dialog.resize(960, 640)
    dialog.tabs.setCurrentIndex(1)
    app.processEvents()
    dialog.grab().save(str(out / "supervisor-detail-log.png"))

    canvasser = SupervisorReviewView(data_dir, canvasser="ana", supervisor=False)
    canvasser.resize(1360, 860)
    canvasser.show()
    app.processEvents()
    canvasser.grab().save(str(out / "supervisor-canvasser-scope.png"))

    setup_screenshot(app, out)
    db.close()


def setup_screenshot(app: QApplication, out: Path) -> None:
    """The laptop's setup step, refusing an easy PIN: supervisor-pin.png."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder))
        try:
            setup = SetUpLaptopDialog(db)
            setup.show()
            setup.pin_edit.setText("123456")
            setup.confirm_edit.setText("123456")
            setup.ok_button.click()
            setup.pin_edit.setText("4829")
            app.processEvents()
            setup.adjustSize()
            app.processEvents()
            setup.grab().save(str(out / "supervisor-pin.png"))
            setup.close()
        finally:
            db.close()


def main_in_spanish(data_dir: Path, out: Path) -> None:
    """The History and Stats tabs in Spanish, on a Spanish campaign's ledger."""
    from canvass_app.ui.i18n import install_translators

    app = QApplication(sys.argv[:1])
    translators = install_translators(app, "es")
    if not translators:
        sys.exit("no Spanish catalogue: run `make translations` first")
    tasks.set_inline(True)
    out.mkdir(parents=True, exist_ok=True)
    review = SupervisorReviewView(data_dir, canvasser=None, supervisor=True)
    review.resize(1360, 860)
    review.show()
    app.processEvents()
    review.grab().save(str(out / "supervisor-history-es.png"))
    review.tabs.setCurrentWidget(review.stats)
    app.processEvents()
    review.grab().save(str(out / "supervisor-stats-es.png"))


if __name__ == "__main__":
    # The ledger's database key: from the keyring file `make screenshots` names (as the
    # generator that made the ledger), never the machine's own keyring.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from benchlib import use_app_keys

    use_app_keys()
    arguments = sys.argv[1:]
    spanish = arguments[:2] == ["--language", "es"]
    if spanish:
        arguments = arguments[2:]
    if len(arguments) != 2:
        sys.exit(__doc__)
    (main_in_spanish if spanish else main)(Path(arguments[0]), Path(arguments[1]))
