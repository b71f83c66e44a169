#!/usr/bin/env bash
# Refresh requirements.lock: resolve pyproject.toml's dependencies (with the test extras) afresh in a
# throw-away environment and pin every package it installs. scripts/setup.sh installs within these pins, so
# every machine runs the versions the suite last passed with. Run the suite after refreshing, then commit
# the lock with the change that needed it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$PYTHON" -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install --quiet --upgrade pip
PYTHONWARNINGS=ignore "$scratch/venv/bin/python" -m pip install --quiet ".[test]"
{
  echo "# Every package setup installs, pinned (pip constraints). Refresh with: bash scripts/lock.sh"
  echo "# Resolved with $("$scratch/venv/bin/python" --version) on $(uname -sm)."
  "$scratch/venv/bin/python" -m pip freeze --exclude-editable | grep -v -i '^twinning-kg'
} > requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages pinned"
