#!/usr/bin/env bash
# Install the wizard with its test extras into .venv and run the whole suite
# (lint + tests). GUI tests run offscreen; no display is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' >/dev/null
scripts/system-deps.sh report
.venv/bin/ruff check wizard tests benchmarks packaging
.venv/bin/python -m pytest -q "$@"
