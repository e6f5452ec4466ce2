#!/usr/bin/env bash
# Wrap the one-folder app (packaging/build.sh) in a Debian package:
#   /opt/bedrock-wizard/                     the one-folder app
#   /usr/bin/bedrock-wizard                  the command, a relative link into it
#   /usr/share/applications/…desktop         the menu entry (opens a review or report PDF too)
#   /usr/share/icons/hicolor/scalable/apps/  the icon
# Depends: the Debian libraries WeasyPrint and Qt load from the system (scripts/system-deps.sh gui).
# Usage: packaging/build-deb.sh [APP_DIR] [OUT_DIR]   (default dist/bedrock-wizard, dist)
# Builds the app first when APP_DIR does not exist. Writes OUT_DIR/bedrock-wizard_VERSION_ARCH.deb.
set -euo pipefail
cd "$(dirname "$0")/.."
app=${1:-dist/bedrock-wizard}
out=${2:-dist}
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is needed (Debian or Ubuntu)" >&2; exit 1; }
if [ ! -x "$app/bedrock-wizard" ]; then
  BEDROCK_WIZARD_NO_DEB=1 packaging/build.sh "$(dirname "$app")"
fi
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' wizard/__init__.py)
arch=$(dpkg --print-architecture)
mkdir -p "$out"
deb="$out/bedrock-wizard_${version}_${arch}.deb"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"

mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/doc/bedrock-wizard"
cp -a "$app" "$root/opt/bedrock-wizard"
ln -s ../../opt/bedrock-wizard/bedrock-wizard "$root/usr/bin/bedrock-wizard"
install -m 0644 packaging/bedrock-wizard.desktop "$root/usr/share/applications/bedrock-wizard.desktop"
install -m 0644 resources/icons/app.svg "$root/usr/share/icons/hicolor/scalable/apps/bedrock-wizard.svg"
install -m 0644 resources/fonts/LICENSE* "$root/usr/share/doc/bedrock-wizard/" 2>/dev/null || true
find "$root/opt" -type d -exec chmod 0755 {} +
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: bedrock-wizard
Version: $version
Architecture: $arch
Maintainer: Bedrock Terms Wizard maintainers <bedrock-wizard@localhost>
Installed-Size: $size
Section: misc
Priority: optional
Depends: libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0 | libharfbuzz0b (>= 2.6), libfontconfig1,
 fonts-dejavu-core | fontconfig-config, libegl1, libgl1, libxkbcommon0, libxkbcommon-x11-0,
 libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxcb-xkb1, libxcb-render-util0, libxcb-image0
Suggests: evince | okular | xdg-utils
Description: offline decision wizard for Claude on Amazon Bedrock terms
 Interviews procurement staff about a planned use of Claude on Amazon Bedrock,
 one part of the commercial terms at a time, and writes a PDF/A report of the
 obligations, risks and open questions for counsel, who can answer them in the
 same app. Works offline; the report carries the review inside it.
 Not legal advice.
CONTROL
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1)); install with: sudo apt install $(realpath "$deb")"
