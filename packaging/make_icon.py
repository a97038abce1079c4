"""Draw the app icon (a cloud over three bars, in the app's blue) with Qt.

``python packaging/make_icon.py`` writes ``ui/resources/yunce.png`` (256 px, committed) and, with
``--ico OUT.ico``, a Windows icon for the installer. No image editor or extra package needed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PNG = ROOT / "ui" / "resources" / "yunce.png"
BLUE = "#1f4e78"


def draw(size: int = 256):  # type: ignore[no-untyped-def]
    """The icon as a QImage of size x size pixels (transparent background)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0
    # rounded square background
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(BLUE))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    # cloud: three circles on a rounded base
    cloud = QPainterPath()
    cloud.setFillRule(Qt.FillRule.WindingFill)
    cloud.addEllipse(QRectF(44 * s, 74 * s, 76 * s, 76 * s))
    cloud.addEllipse(QRectF(92 * s, 48 * s, 100 * s, 100 * s))
    cloud.addEllipse(QRectF(150 * s, 86 * s, 64 * s, 64 * s))
    cloud.addRoundedRect(QRectF(44 * s, 110 * s, 170 * s, 44 * s), 22 * s, 22 * s)
    p.setBrush(QColor("white"))
    p.drawPath(cloud.simplified())
    # three bars (a plan: cost per vendor)
    p.setBrush(QColor("#f4b942"))
    for i, h in enumerate((34, 58, 44)):
        x = (72 + i * 42) * s
        p.drawRoundedRect(QRectF(x, (208 - h) * s, 28 * s, h * s), 5 * s, 5 * s)
    p.end()
    return img


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--png", type=Path, help=f"PNG to write (default {PNG} unless --ico is given)"
    )
    parser.add_argument("--ico", type=Path, help="also write a Windows .ico here")
    args = parser.parse_args(argv)
    if args.png is None and args.ico is None:
        args.png = PNG
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if args.png:
        args.png.parent.mkdir(parents=True, exist_ok=True)
        if not draw(256).save(str(args.png), "PNG"):
            print(f"cannot write {args.png}", file=sys.stderr)
            return 1
        print(f"wrote {args.png}")
    if args.ico:
        args.ico.parent.mkdir(parents=True, exist_ok=True)
        if not draw(256).save(str(args.ico), "ICO"):
            print(f"cannot write {args.ico} (Qt's ico image plugin missing?)", file=sys.stderr)
            return 1
        print(f"wrote {args.ico}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
