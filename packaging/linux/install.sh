#!/usr/bin/env bash
# Install the Yunce bundle (dist/yunce from `python packaging/build.py`) on a Linux desktop:
# program folder, `yunce` command, menu entry, .yunce file association and icon.
#
#   packaging/linux/install.sh [BUNDLE_DIR]          # default: dist/yunce next to this repository
#   packaging/linux/install.sh --uninstall
#
# As root it installs for everyone (/opt/yunce, /usr/local/bin, /usr/share); otherwise for the
# current user (~/.local/opt/yunce, ~/.local/bin, ~/.local/share). PREFIX, BIN_DIR and
# XDG_DATA_HOME override the folders. Settings, logs and the recovery file are never touched.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
if [ "$(id -u)" = 0 ]; then
    PREFIX="${PREFIX:-/opt/yunce}"; BIN_DIR="${BIN_DIR:-/usr/local/bin}"; DATA="${XDG_DATA_HOME:-/usr/share}"
else
    PREFIX="${PREFIX:-$HOME/.local/opt/yunce}"; BIN_DIR="${BIN_DIR:-$HOME/.local/bin}"
    DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
APPS="$DATA/applications"; MIME="$DATA/mime"; ICONS="$DATA/icons/hicolor/256x256"

refresh() {
    command -v update-mime-database >/dev/null && update-mime-database "$MIME" >/dev/null 2>&1 || true
    command -v update-desktop-database >/dev/null && update-desktop-database "$APPS" >/dev/null 2>&1 || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" >/dev/null 2>&1 || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$PREFIX"
    rm -f "$BIN_DIR/yunce" "$APPS/yunce.desktop" "$MIME/packages/yunce.xml" \
          "$ICONS/apps/yunce.png" "$ICONS/mimetypes/application-x-yunce.png"
    refresh
    echo "云策已卸载（设置、日志和恢复文件保留在 ~/.config/Yunce/Yunce 与 ~/.yunce/logs）。"
    exit 0
fi

bundle="${1:-$here/../../dist/yunce}"
if [ ! -x "$bundle/yunce" ]; then
    echo "找不到安装包：$bundle/yunce。请先运行 python packaging/build.py，或给出 dist/yunce 文件夹。" >&2
    exit 2
fi
bundle="$(cd "$bundle" && pwd)"

mkdir -p "$(dirname "$PREFIX")" "$BIN_DIR" "$APPS" "$MIME/packages" "$ICONS/apps" "$ICONS/mimetypes"
if [ "$bundle" != "$PREFIX" ]; then
    tmp="$PREFIX.new.$$"
    rm -rf "$tmp"
    cp -a "$bundle" "$tmp"
    rm -rf "$PREFIX"
    mv "$tmp" "$PREFIX"
fi
ln -sf "$PREFIX/yunce" "$BIN_DIR/yunce"

icon="$PREFIX/_internal/ui/resources/yunce.png"
cp "$icon" "$ICONS/apps/yunce.png"
cp "$icon" "$ICONS/mimetypes/application-x-yunce.png"

cat > "$MIME/packages/yunce.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="application/x-yunce">
    <comment>Yunce project</comment>
    <comment xml:lang="zh_CN">云策项目</comment>
    <icon name="application-x-yunce"/>
    <glob pattern="*.yunce"/>
  </mime-type>
</mime-info>
XML

cat > "$APPS/yunce.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Yunce
Name[zh_CN]=云策
GenericName=Government cloud procurement planner
GenericName[zh_CN]=政务云采购优化
Comment=Find the cheapest compliant government-cloud procurement plan
Comment[zh_CN]=县级政务云采购优化：求出最省钱且合规的采购方案
Exec="$PREFIX/yunce" %f
Icon=yunce
Terminal=false
Categories=Office;Finance;
MimeType=application/x-yunce;
StartupWMClass=yunce
DESKTOP

refresh
echo "云策已安装到 $PREFIX"
echo "  命令：$BIN_DIR/yunce（yunce plan --sample 试一试）"
echo "  菜单：$APPS/yunce.desktop；.yunce 文件用云策打开"
