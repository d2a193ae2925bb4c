#!/usr/bin/env sh
# Install the unpacked Canvass tarball for this user (~/.local) or, with a prefix argument,
# system-wide: sh install.sh /usr/local   (needs sudo for /usr/local or /opt).
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
PREFIX="${1:-$HOME/.local}"
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share"
rm -rf "$PREFIX/lib/canvass-app"
cp -a "$HERE/lib/canvass-app" "$PREFIX/lib/canvass-app"
ln -sf "$PREFIX/lib/canvass-app/canvass-app" "$PREFIX/bin/canvass-app"
cp -a "$HERE/share/." "$PREFIX/share/"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
echo "Canvass installed in $PREFIX. Start it from the applications menu or run: canvass-app"
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "Note: $PREFIX/bin is not on your PATH." ;; esac
