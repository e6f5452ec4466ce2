#!/usr/bin/env bash
# Build a wheelhouse for installing on a laptop with no network: the app's wheel
# plus every runtime dependency as wheels for this platform and Python version.
# Usage: scripts/build-offline.sh [OUT_DIR]          (default dist/wheelhouse)
#        PYTHON=python3.12 scripts/build-offline.sh   (wheels for another interpreter)
# Then, offline:  pip install --no-index --find-links OUT_DIR bedrock-terms-wizard
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist/wheelhouse}
python=${PYTHON:-}
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
mkdir -p "$out"
# Binary wheels where they exist; the app itself is built from this checkout (hatchling).
"$python" -m pip wheel --quiet --disable-pip-version-check --prefer-binary --wheel-dir "$out" .
count=$(find "$out" -maxdepth 1 -name '*.whl' | wc -l)
size=$(du -sh "$out" | cut -f1)
echo "$out: $count wheels, $size, for $("$python" -c 'import sys, sysconfig; print(f"Python {sys.version_info[0]}.{sys.version_info[1]} on {sysconfig.get_platform()}")')"
echo "Install offline with:  pip install --no-index --find-links $out bedrock-terms-wizard"
