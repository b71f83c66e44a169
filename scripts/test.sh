#!/usr/bin/env bash
# Set up, then run the whole test suite against a real Neo4j (NEO4J_URI, else Docker, else a local server).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -x scripts/setup-browser.sh ]; then bash scripts/setup-browser.sh || true; fi
exec .venv/bin/python -m pytest "$@"
