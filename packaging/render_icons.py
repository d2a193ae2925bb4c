"""Render the app icon PNGs (16 … 512 px), the Windows .ico and the macOS .icns from the SVG.

Run from the repository root with the project's virtualenv:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

The PNGs are committed (canvass_app/resources/icons/canvass-<size>.png); run this again after
changing canvass_app/resources/icons/canvass.svg. Uses QSvgRenderer, so the only tool needed is Qt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 32, 48, 64, 128, 256, 512)
ICON_DIR = Path(__file__).resolve().parents[1] / "canvass_app" / "resources" / "icons"
SVG = ICON_DIR / "canvass.svg"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write(image: QImage, path: Path, fmt: str) -> bool:
    writer = QImageWriter(str(path), fmt.encode())
    if not writer.write(image):
        print(f"  skipped {path.name}: {writer.errorString()}", file=sys.stderr)
        return False
    print(f"  wrote {path.relative_to(ICON_DIR.parents[1])}")
    return True


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG} is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        if not write(render(renderer, size), ICON_DIR / f"canvass-{size}.png", "png"):
            return 1
    supported = {bytes(f.data()).decode() for f in QImageWriter.supportedImageFormats()}
    # Windows wants an .ico (256 px is the largest it uses); macOS an .icns (1024 px).
    if "ico" in supported:
        write(render(renderer, 256), ICON_DIR / "canvass.ico", "ico")
    if "icns" in supported:
        write(render(renderer, 1024), ICON_DIR / "canvass.icns", "icns")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
