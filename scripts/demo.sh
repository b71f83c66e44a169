#!/usr/bin/env bash
# The main job on a fresh machine: start Neo4j (local server, no Docker needed), load the knowledge base,
# answer "cities two hops from Kielce", and write a network view to out/kielce.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
KG=.venv/bin/kg
if [ -z "${NEO4J_URI:-}" ]; then
  $KG server start
fi
$KG db init
$KG load seeds
echo
echo "Cities within two hops of Kielce:"
$KG hops Kielce --max 2
mkdir -p out
$KG render Kielce --hops 2 -o out/kielce.html --force
echo "Open out/kielce.html in a browser (it works offline)."
