#!/usr/bin/env bash
# Install the wizard with its test extras into .venv (first run, or after pyproject.toml
# changed) and run the whole suite (lint + tests). GUI tests run offscreen; no display is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh test
scripts/system-deps.sh report
.venv/bin/ruff check wizard tests benchmarks packaging
.venv/bin/ruff format --check wizard tests benchmarks packaging
# One worker per core (pytest-xdist): every test is independent (own HOME, data folder and
# settings), so the suite runs in parallel; a worker that runs out of tests takes some from the
# other (worksteal), so one long test at the end does not leave a core idle. `-n 0`: one process.
.venv/bin/python -m pytest -q -n auto --dist worksteal "$@"
