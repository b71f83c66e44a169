#!/usr/bin/env bash
# Lint, types and docs: ruff, mypy on kg/ and loaders/ (Optional checked everywhere), the CLI and API
# reference pages against the code, and the documentation site built with warnings as errors. Run by CI
# before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check kg loaders cypher tests bench scripts
# mypy over the package as it installs: loaders/ is kg.loaders (pyproject's package-dir), so it is checked
# in a tree of links where kg/loaders points at loaders/ (the paths it prints are the repository's)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir "$tree/kg"
for entry in kg/*; do ln -s "$PWD/$entry" "$tree/kg/"; done
ln -s "$PWD/loaders" "$tree/kg/loaders"
(cd "$tree" && "$OLDPWD/.venv/bin/mypy" --config-file "$OLDPWD/pyproject.toml" kg) | sed 's#^kg/loaders/#loaders/#'
.venv/bin/python - <<'PY'
import sys
from kg.cli.reference import API_REFERENCE, REFERENCE, api_reference_text, reference_text
for page, text in ((REFERENCE, reference_text()), (API_REFERENCE, api_reference_text())):
    if page.read_text(encoding="utf-8") != text:
        sys.exit(f"{page} differs from the code: run python -m kg.cli.reference")
PY
.venv/bin/mkdocs build --strict --quiet --site-dir "$(mktemp -d)"
echo "checks passed: ruff, mypy, the reference pages, docs"
