#!/usr/bin/env bash
# Install the wizard into .venv (first run, or after pyproject.toml changed) and start it.
# Arguments pass through, e.g. `scripts/run.sh open review.json`. Later starts need no network.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed" >&2; exit 1; }
scripts/install.sh
if [ $# -eq 0 ] || [ "$1" = open ]; then
  scripts/system-deps.sh gui
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "No display found: start the wizard from a desktop session (or set DISPLAY, e.g. under Xvfb)." >&2
    exit 1
  fi
else
  scripts/system-deps.sh report
fi
exec .venv/bin/bedrock-wizard "$@"
