"""The wheel: built from the sources as a user's `pip install .` builds it, complete, and
working once installed in a fresh virtualenv (the `--demo` included).

The files a clean checkout has (git's tracked and new files, never what is ignored, such
as a `.qm` compiled by `make translations`) are copied to a temporary folder first (the
build writes `build/` and `*.egg-info` beside them, never into the checkout), built to an
sdist and then a wheel from that sdist (`python -m build`, without isolation: the test
venv has setuptools, PySide6 and `build`, so no download). The translations reach the
wheel only through the build compiling the `.ts` (setup.py). The fresh venv gets the wheel with `--no-deps`; its
dependencies (PySide6 is 600 MB) come from this test venv's site-packages through a
`.pth` line, which comes after the venv's own site-packages, so `canvass_app` is the
installed wheel's and never the checkout's editable install.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from canvass_app import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "canvass_app"


@dataclass(frozen=True)
class InstalledWheel:
    wheel: Path
    venv: Path
    python: Path
    script: Path
    site_packages: Path


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300):  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )
    assert result.returncode == 0, (
        f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )
    return result


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CANVASS_", "PYTHON"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        QT_QPA_PLATFORM="offscreen",
        # The tests' keyring (a file of this test), never the machine's: the database key.
        PYTHON_KEYRING_BACKEND="support.file_keyring.FileKeyring",
        PYTHONPATH=str(ROOT / "tests"),
        CANVASS_TEST_KEYRING=str(home.parent / f"{home.name}-keyring.json"),
    )
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> InstalledWheel:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    for name in _checkout_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    assert not list((source / "canvass_app").rglob("*.qm")), "a .qm is in the checkout"
    dist = work / "dist"
    _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source, cwd=work)
    (wheel,) = dist.glob("*.whl")

    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    python = venv / "bin" / "python"
    _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--quiet", wheel, cwd=work,
    )  # fmt: skip
    site_packages = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work
        ).stdout.strip()
    )
    # The dependencies: this venv's site-packages, after the fresh venv's own.
    (site_packages / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return InstalledWheel(wheel, venv, python, venv / "bin" / "canvass-app", site_packages)


def _checkout_files() -> list[str]:
    """What a fresh clone of this working tree would hold (tracked and not-ignored new files)."""
    listed = _run(
        "git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT
    ).stdout.split("\0")
    return [name for name in listed if name and (ROOT / name).is_file()]


def _package_data() -> list[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(pyproject["tool"]["setuptools"]["package-data"]["canvass_app"])


def test_the_wheel_holds_every_module_and_every_resource(installed: InstalledWheel) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    modules = {
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*.py")
        if "__pycache__" not in p.parts and "resources" not in p.parts
    }
    assert modules - names == set()
    resources = {
        p.relative_to(ROOT).as_posix()
        for pattern in _package_data()
        for p in PACKAGE.glob(pattern)
        if p.is_file()
    } | {  # compiled by the build from each catalogue
        p.with_suffix(".qm").relative_to(ROOT).as_posix()
        for p in (PACKAGE / "resources" / "translations").glob("*.ts")
    }
    # What the app reads at run time, by name, so a narrowed glob cannot pass unnoticed.
    for needed in (
        "canvass_app/resources/demo-walk.nmea",
        "canvass_app/resources/translations/canvass_es.qm",
        "canvass_app/resources/icons/canvass.svg",
        "canvass_app/resources/icons/canvass-256.png",
    ):
        assert needed in resources
    assert resources - names == set()
    # Sources of the resources stay out (the .ts catalogue; scripts live in tools/).
    assert not [n for n in names if n.endswith(".ts") or n.startswith(("tests/", "tools/"))]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "canvass-app = canvass_app.cli.main:main"
        in zipfile.ZipFile(installed.wheel).read(entry_points).decode()
    )


def test_the_installed_wheel_runs_headless(installed: InstalledWheel, tmp_path: Path) -> None:
    env = _environment(tmp_path / "home")
    version = _run(installed.script, "--version", cwd=tmp_path, env=env)
    assert version.stdout.strip() == f"canvass-app {__version__}"
    data = tmp_path / "data"
    status = _run(installed.script, "status", "--json", "--data-dir", data, cwd=tmp_path, env=env)
    assert json.loads(status.stdout)["queued"] == 0
    assert (data / "logs" / "canvass.log").is_file()


# Run by the fresh venv's Python: where the package is, and that what it reads is there.
_PROBE = """
import json, sys
from pathlib import Path
import canvass_app
from canvass_app.services.paths import resources_dir
from canvass_app.core.nmea import check_log
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from canvass_app.ui.app import app_icon
from canvass_app.ui.i18n import install_translators

app = QApplication([])
translators = install_translators(app, "es")
walk = resources_dir() / "demo-walk.nmea"
print(json.dumps({
    "package": canvass_app.__file__,
    "resources": str(resources_dir()),
    "walk_sentences": check_log(walk.read_text(encoding="ascii")),
    "catalogues": len(translators),
    "sync_now": QCoreApplication.translate("SyncStatusWidget", "Sync now"),
    "icon_sizes": [s.width() for s in app_icon().availableSizes()],
}))
"""


def test_the_installed_wheel_finds_its_resources(installed: InstalledWheel, tmp_path: Path) -> None:
    result = _run(installed.python, "-c", _PROBE, cwd=tmp_path, env=_environment(tmp_path))
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(found["package"]).is_relative_to(installed.site_packages)
    assert Path(found["resources"]) == installed.site_packages / "canvass_app" / "resources"
    assert found["walk_sentences"] > 100
    assert found["catalogues"] >= 1  # ours (Qt's own qtbase_es is a bonus)
    assert found["sync_now"] == "Sincronizar ahora"
    assert 256 in found["icon_sizes"]


def test_the_installed_wheel_opens_the_demo(installed: InstalledWheel, tmp_path: Path) -> None:
    """`canvass-app --demo` from the wheel: the embedded server, the walklist, the window
    and the recorded walk as its GPS, read from the installed package."""
    data = tmp_path / "demo"
    log_file = data / "logs" / "canvass.log"
    # the first start asks for the supervisor PIN in a dialog: set the laptop up first
    set_up = subprocess.run(
        [str(installed.script), "--data-dir", str(data), "set-up", "--pin-stdin"],
        input="482913\n",
        cwd=tmp_path,
        env=_environment(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert set_up.returncode == 0, set_up.stderr
    process = subprocess.Popen(
        [str(installed.script), "--demo", "--data-dir", str(data)],
        cwd=tmp_path,
        env=_environment(tmp_path / "home"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        text = ""
        while "crash handler installed" not in text:
            assert process.poll() is None, f"the demo exited {process.returncode}: {text}"
            assert time.monotonic() < deadline, f"the demo did not open its window: {text}"
            time.sleep(0.2)
            text = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    walk = installed.site_packages / "canvass_app" / "resources" / "demo-walk.nmea"
    assert f"the demo replays the walk in {walk}" in text
    assert "Pulled walklist" in text
    assert " ERROR " not in text and " WARNING " not in text, text + output
