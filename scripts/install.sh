#!/usr/bin/env bash
# Make .venv hold the wizard (editable, from this checkout), reinstalling only when
# pyproject.toml changed since the last install. Used by run.sh and test.sh.
# Usage: scripts/install.sh [EXTRAS]     e.g. `scripts/install.sh test` for '.[test]'
#
# Once installed, nothing here touches the network: an unchanged pyproject.toml
# skips pip entirely (a stamp in .venv holds its hash), and a changed one is
# reinstalled without build isolation, with the build backend (hatchling) kept in
# .venv, so pip needs the index only for requirements that are not installed yet.
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:-}
stamp=.venv/.bedrock-wizard-installed${extras:+-$extras}
want=$(python3 -c 'import hashlib, sys; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')

# An install with extras also holds the plain app, so it satisfies a plain request.
candidates=("$stamp")
[ -n "$extras" ] || candidates+=(.venv/.bedrock-wizard-installed-*)
for done in "${candidates[@]}"; do
  if [ -f "$done" ] && [ "$(cat "$done")" = "$want" ] && [ -x .venv/bin/bedrock-wizard ] \
      && .venv/bin/python -c '' 2>/dev/null; then
    exit 0
  fi
done

first=1
if [ -x .venv/bin/python ] && .venv/bin/python -m pip --version >/dev/null 2>&1; then
  first=0
else
  rm -rf .venv   # missing, or half made (say, python3-venv was missing): start again
  if ! python3 -m venv .venv; then
    echo "Cannot create .venv: on Debian or Ubuntu install python3-venv first (sudo apt-get install python3-venv)." >&2
    exit 1
  fi
fi
if [ $first = 1 ]; then
  echo "Installing the wizard and its libraries into .venv (first run; this takes a few minutes)…" >&2
  quiet=(--progress-bar on)
else
  echo "Updating the install in .venv (pyproject.toml is new or changed)…" >&2
  quiet=(-q)
fi
pip=(.venv/bin/python -m pip --disable-pip-version-check)
backend=$(python3 -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))')
mapfile -t backend <<<"$backend"
# "Requirement already satisfied" costs no network, so both steps work offline once done.
"${pip[@]}" install "${quiet[@]}" "${backend[@]}" >&2
# What the backend needs on top for an editable build (PEP 660), asked of the backend itself.
editable=$(.venv/bin/python -c 'import importlib, tomllib
name = tomllib.load(open("pyproject.toml", "rb"))["build-system"]["build-backend"]
print("\n".join(getattr(importlib.import_module(name), "get_requires_for_build_editable", lambda: [])()))')
if [ -n "$editable" ]; then
  mapfile -t editable <<<"$editable"
  "${pip[@]}" install "${quiet[@]}" "${editable[@]}" >&2
fi
"${pip[@]}" install "${quiet[@]}" --no-build-isolation -e ".${extras:+[$extras]}" >&2
echo "$want" >"$stamp"
