#!/usr/bin/env bash
# Refresh packaging/requirements.lock: every runtime dependency pinned to one version, with the
# sha256 of each of its files on the package index, for every platform (Windows, macOS, Linux).
# The offline wheelhouse (scripts/build-offline.sh) and the CI builds install from it with
# --require-hashes, so a file that changed on the index or in transit is refused.
# Usage: packaging/lock.sh            (run after changing dependencies in pyproject.toml; needs the index)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/lock-venv/bin/uv ] || { python3 -m venv build/lock-venv && build/lock-venv/bin/python -m pip install -q uv==0.13.8; }
build/lock-venv/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
  --no-header --quiet -o packaging/requirements.lock
echo "packaging/requirements.lock: $(grep -c '==' packaging/requirements.lock) pinned packages"
