#!/usr/bin/env bash
# Build the standalone one-folder app with PyInstaller: DIST/bedrock-wizard/bedrock-wizard.
# Usage: packaging/build.sh [DIST]   (default dist)
# Uses its own build environment (build/pyi-venv) so the project's .venv stays as the tests expect.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
[ -x build/pyi-venv/bin/python ] || python3 -m venv build/pyi-venv
build/pyi-venv/bin/python -m pip install -q --disable-pip-version-check -e . 'pyinstaller>=6'
build/pyi-venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath build/pyinstaller packaging/bedrock-wizard.spec
echo "built $dist/bedrock-wizard ($(du -sh "$dist/bedrock-wizard" | cut -f1)); run $dist/bedrock-wizard/bedrock-wizard"
