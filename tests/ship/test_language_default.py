"""The interface speaks the desktop's language unless the person chose one (Settings).

Each case starts a fresh Python with the locale variables a desktop session sets (Qt reads
them when it starts, so they cannot change inside this process): QLocale.system() then
decides, through the same call `run_gui` makes, and the catalogue it loads says the door
screen's "Sync now" in that language.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

_PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QLocale
from canvass_app.ui import i18n

i18n.translations_dir = lambda: Path(sys.argv[2])  # the catalogue compiled for this run
app = QCoreApplication([])
language = i18n.chosen_language(sys.argv[1])
installed = i18n.install_translators(app, language)
print(json.dumps({
    "system": QLocale.system().name(),
    "language": language,
    "sync_now": QCoreApplication.translate("SyncStatusWidget", "Sync now"),
}))
"""


def _start(setting: str, environment: dict[str, str]) -> dict[str, str]:
    from canvass_app.ui import i18n

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, setting, str(i18n.translations_dir())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, str] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    ("environment", "system", "language", "sync_now"),
    [
        ({"LANG": "es_ES.UTF-8"}, "es_ES", "es", "Sincronizar ahora"),
        ({"LANG": "es_MX.UTF-8"}, "es_MX", "es", "Sincronizar ahora"),
        ({"LC_ALL": "es_AR.UTF-8", "LANG": "en_US.UTF-8"}, "es_AR", "es", "Sincronizar ahora"),
        ({"LANG": "en_US.UTF-8"}, "en_US", "en", "Sync now"),
        ({"LANG": "fr_FR.UTF-8"}, "fr_FR", "en", "Sync now"),  # not translated: English
    ],
)
def test_the_default_follows_the_system_locale(
    environment: dict[str, str], system: str, language: str, sync_now: str
) -> None:
    found = _start("system", environment)
    assert found == {"system": system, "language": language, "sync_now": sync_now}


def test_the_setting_overrides_the_system_locale() -> None:
    assert _start("en", {"LANG": "es_MX.UTF-8"})["sync_now"] == "Sync now"
    assert _start("es", {"LANG": "en_US.UTF-8"})["sync_now"] == "Sincronizar ahora"


def test_settings_offer_the_system_language_first_and_say_which_it_is(
    qtbot: object, data_dir: Path
) -> None:
    from canvass_app.services.settings import Settings
    from canvass_app.ui.i18n import chosen_language
    from canvass_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(data_dir, Settings())
    combo = dialog.language_combo
    items = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    system = {"en": "English", "es": "Español"}[chosen_language("system")]
    assert items == [
        (f"System language ({system})", "system"),
        ("English", "en"),
        ("Español", "es"),
    ]
    assert combo.currentData() == "system"  # the default
