"""The build step pyproject.toml cannot say: compile the translations into the wheel.

The ``.ts`` catalogues are the source (``canvass_app/resources/translations/``); their
compiled ``.qm`` is made here with Qt's ``lrelease`` (from PySide6, a build requirement)
into the build folder, so ``pip install .`` and ``python -m build`` give a wheel that
speaks every language with no ``.qm`` in the repository. ``make translations`` makes the
same files beside the ``.ts`` for a checkout (editable install, PyInstaller).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TRANSLATIONS = Path("canvass_app", "resources", "translations")


def _lrelease() -> str:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise RuntimeError("building Canvass needs PySide6 (its lrelease compiles the .ts)")
    return str(
        Path(spec.origin).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    )


class BuildWithTranslations(build_py):
    """build_py, then every .ts compiled to a .qm beside the package's other resources."""

    def run(self) -> None:
        super().run()
        # An editable install runs the package from the checkout: the .qm go there.
        target = TRANSLATIONS if self.editable_mode else Path(self.build_lib) / TRANSLATIONS
        target.mkdir(parents=True, exist_ok=True)
        for ts in sorted(TRANSLATIONS.glob("*.ts")):
            qm = target / ts.with_suffix(".qm").name
            self.announce(f"compiling {ts} -> {qm}", level=2)
            subprocess.run([_lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)


setup(cmdclass={"build_py": BuildWithTranslations})
