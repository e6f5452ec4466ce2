#!/usr/bin/env bash
# Build the standalone one-folder app with PyInstaller: DIST/bedrock-wizard/bedrock-wizard.
# On Debian or Ubuntu it then wraps it in DIST/bedrock-wizard_VERSION_ARCH.deb (packaging/build-deb.sh)
# and tests that package (tests/test_deb_package.py: unpacked into a clean folder, a report written with
# no network, the window under Xvfb). BEDROCK_WIZARD_NO_DEB=1 builds the folder only.
# Usage: packaging/build.sh [DIST]   (default dist)
# Uses its own build environment (build/pyi-venv) so the project's .venv stays as the tests expect;
# the app's dependencies come from packaging/requirements.lock, checked against their hashes.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
[ -x build/pyi-venv/bin/python ] || python3 -m venv build/pyi-venv
pip=(build/pyi-venv/bin/python -m pip install -q --disable-pip-version-check)
"${pip[@]}" --require-hashes -r packaging/requirements.lock
"${pip[@]}" 'pyinstaller==6.22.3' 'pyinstaller-hooks-contrib==2026.9'
"${pip[@]}" --no-deps -e .
build/pyi-venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath build/pyinstaller packaging/bedrock-wizard.spec
echo "built $dist/bedrock-wizard ($(du -sh "$dist/bedrock-wizard" | cut -f1)); run $dist/bedrock-wizard/bedrock-wizard"
if [ "${BEDROCK_WIZARD_NO_DEB:-0}" = 1 ] || ! command -v dpkg-deb >/dev/null; then
  exit 0
fi
packaging/build-deb.sh "$dist/bedrock-wizard" "$dist"
deb="$dist/bedrock-wizard_$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' wizard/__init__.py)_$(dpkg --print-architecture).deb"
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import pytest' 2>/dev/null; then
  BEDROCK_WIZARD_TEST_DEB="$(realpath "$deb")" .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_deb_package.py
else
  echo "not testing $deb: run scripts/install.sh test first" >&2
fi
