#!/usr/bin/env bash
# Lint, types and docs: ruff, mypy on kg/, the CLI reference against the commands' help, and the
# documentation site built with warnings as errors. Run by CI before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check kg loaders cypher tests bench scripts
.venv/bin/mypy
.venv/bin/python - <<'PY'
import sys
from kg.cli.reference import REFERENCE, reference_text
if REFERENCE.read_text(encoding="utf-8") != reference_text():
    sys.exit(f"{REFERENCE} differs from the commands' help: run python -m kg.cli.reference")
PY
.venv/bin/mkdocs build --strict --quiet --site-dir "$(mktemp -d)"
echo "checks passed: ruff, mypy, CLI reference, docs"
