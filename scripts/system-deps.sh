#!/usr/bin/env bash
# Checks the Debian libraries the app needs outside pip, and installs what is
# missing when run as root with apt-get; otherwise says exactly what to run.
# Usage: system-deps.sh report|gui   (report: WeasyPrint + offscreen Qt; gui: + a real X11 window)
set -euo pipefail

want=(
  "libpango-1.0-0:libpango-1.0.so.0"
  "libpangoft2-1.0-0:libpangoft2-1.0.so.0"
  "libharfbuzz-subset0:libharfbuzz-subset.so.0"
  "libfontconfig1:libfontconfig.so.1"
  "libegl1:libEGL.so.1"
  "libgl1:libGL.so.1"
  "libxkbcommon0:libxkbcommon.so.0"
)
if [ "${1:-report}" = gui ]; then
  want+=(
    "libxcb-cursor0:libxcb-cursor.so.0"
    "libxcb-icccm4:libxcb-icccm.so.4"
    "libxcb-keysyms1:libxcb-keysyms.so.1"
    "libxkbcommon-x11-0:libxkbcommon-x11.so.0"
    "libxcb-shape0:libxcb-shape.so.0"
    "libxcb-xkb1:libxcb-xkb.so.1"
    "libxcb-render-util0:libxcb-render-util.so.0"
    "libxcb-image0:libxcb-image.so.0"
  )
fi

known=$(ldconfig -p 2>/dev/null || true)   # read once: grep -q on a pipe would SIGPIPE ldconfig
missing=()
for entry in "${want[@]}"; do
  pkg=${entry%%:*}; lib=${entry#*:}
  grep -qF "$(printf '\t')$lib " <<<"$known" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system libraries: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing system libraries: ${missing[*]}" >&2
echo "Install them first:  sudo apt-get install ${missing[*]}" >&2
exit 1
