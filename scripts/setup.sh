#!/usr/bin/env bash
# Create .venv and install the project with its test extras (idempotent, safe to re-run).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" - <<'PY' || { echo "Python >= 3.11 is needed (set PYTHON=/path/to/python3.11)" >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# within the pins of requirements.lock (refresh: scripts/lock.sh); quiet: setuptools build warnings
PYTHONWARNINGS=ignore .venv/bin/python -m pip install --quiet -e ".[test]" -c requirements.lock
# the tables every load places names with (pinned, checked against their digests; cached, so quick when present)
.venv/bin/kg fetch tables >/dev/null || { echo "the resolver's tables could not be fetched: loads need them" >&2; exit 1; }
