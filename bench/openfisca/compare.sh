#!/usr/bin/env bash
# Qamqor against OpenFisca on the same ATA rule and the same generated households.
#   bench/openfisca/compare.sh [HOUSEHOLDS]      (default 200000)
# Creates a virtual environment with openfisca-core from PyPI, generates households (one
# application date, as OpenFisca shares periods across a simulation), runs both, checks that they
# agree on every household and prints both times and the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-200000}"
WORK="${TMPDIR:-/tmp}/qamqor-openfisca"
mkdir -p "$WORK"
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q openfisca-core numpy
fi
swift build -c release --product qamqor >/dev/null
.build/release/qamqor generate --households "$N" --seed 2025 --region almaty --application-date 2025-06-01 --output "$WORK/households.jsonl"

now() { date +%s.%N; }
t0=$(now)
.build/release/qamqor batch --input "$WORK/households.jsonl" --program ata --output "$WORK/qamqor.jsonl" --rejects "$WORK/rejects.jsonl" 2>/dev/null
t1=$(now)
"$WORK/venv/bin/python" bench/openfisca/ata_openfisca.py "$WORK/households.jsonl" "$WORK/openfisca.jsonl" 2>/dev/null
t2=$(now)
python3 bench/openfisca/compare_outputs.py "$WORK/qamqor.jsonl" "$WORK/openfisca.jsonl"
python3 - "$t0" "$t1" "$t2" "$N" <<'PY'
import sys
t0, t1, t2, n = map(float, sys.argv[1:])
q, o = t1 - t0, t2 - t1
print(f"Qamqor:    {q:.2f} s ({n / q:,.0f} households/s), end to end: read JSONL, decide ATA, write JSONL")
print(f"OpenFisca: {o:.2f} s ({n / o:,.0f} households/s), end to end: read JSONL, build the simulation, calculate, write JSONL")
print(f"ratio (OpenFisca time / Qamqor time): {o / q:.2f}")
PY
