#!/usr/bin/env bash
# Build the packaged app with PyInstaller (onedir): dist/canvass-app/ (Linux, Windows) or
# dist/Canvass.app (macOS), plus on Linux a tarball with the .desktop file, the AppStream
# metainfo and the icons laid out for /usr/local or ~/.local. See docs/INSTALL.md.
#
# Usage: bash packaging/build.sh        (from anywhere; uses the project's .venv)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

if [[ -x .venv/bin/python ]]; then
    PY=.venv/bin/python
elif [[ -x .venv/Scripts/python.exe ]]; then
    PY=.venv/Scripts/python.exe
else
    echo "build.sh: no .venv here; run 'make test' (or python -m venv .venv && .venv/bin/pip install -e '.[dev]') first" >&2
    exit 1
fi

# PyInstaller is a build tool, not a dependency of the app: installed here, on demand.
if ! "$PY" - <<'PYCHECK' 2>/dev/null
import PyInstaller, sys
major, minor = (int(p) for p in PyInstaller.__version__.split(".")[:2])
sys.exit(0 if (major == 6 and minor >= 10) else 1)
PYCHECK
then
    echo "build.sh: installing PyInstaller into .venv"
    "$PY" -m pip install --quiet 'pyinstaller>=6.10,<7'
fi

VERSION="$("$PY" -c 'import canvass_app; print(canvass_app.__version__)')"
APP_ID="$("$PY" -c 'import canvass_app; print(canvass_app.APP_ID)')"
ICONS=canvass_app/resources/icons
echo "build.sh: building Canvass $VERSION"
# The translations the bundle carries: compiled from the .ts now (never a stale .qm).
"$PY" tools/translations.py release

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller \
    packaging/canvass.spec

case "$(uname -s)" in
    Darwin) APP_DIR="dist/Canvass.app" ;;
    *) APP_DIR="dist/canvass-app" ;;
esac
[[ -d "$APP_DIR" ]] || { echo "build.sh: PyInstaller did not produce $APP_DIR" >&2; exit 1; }
echo "$VERSION" > build/pyinstaller/VERSION

if [[ "$(uname -s)" == "Linux" ]]; then
    ARCH="$(uname -m)"
    STAGE="build/pyinstaller/stage/canvass-app-$VERSION"
    rm -rf "build/pyinstaller/stage"
    mkdir -p "$STAGE/lib" "$STAGE/bin" "$STAGE/share/applications" "$STAGE/share/metainfo"
    cp -a "$APP_DIR" "$STAGE/lib/canvass-app"
    ln -s ../lib/canvass-app/canvass-app "$STAGE/bin/canvass-app"
    cp packaging/linux/$APP_ID.desktop "$STAGE/share/applications/"
    sed "s/@VERSION@/$VERSION/; s/@DATE@/$(date -u +%Y-%m-%d)/" \
        packaging/linux/$APP_ID.metainfo.xml > "$STAGE/share/metainfo/$APP_ID.metainfo.xml"
    for size in 16 32 48 64 128 256 512; do
        mkdir -p "$STAGE/share/icons/hicolor/${size}x${size}/apps"
        cp "$ICONS/canvass-$size.png" "$STAGE/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    mkdir -p "$STAGE/share/icons/hicolor/scalable/apps"
    cp "$ICONS/canvass.svg" "$STAGE/share/icons/hicolor/scalable/apps/$APP_ID.svg"
    cp packaging/linux/install.sh "$STAGE/install.sh"
    TARBALL="dist/canvass-app-$VERSION-linux-$ARCH.tar.gz"
    tar -C "build/pyinstaller/stage" -czf "$TARBALL" "canvass-app-$VERSION"
    echo "build.sh: $TARBALL ($(du -h "$TARBALL" | cut -f1))"
fi

echo "build.sh: $APP_DIR is $(du -sh "$APP_DIR" | cut -f1) on disk"
