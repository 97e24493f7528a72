#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs them, each for the given time, on seed corpora made
# from samples/ and rules/. Crashes are written to fuzz/crashes/HARNESS/ (and each becomes a
# regression test in Tests/). Usage: fuzz/run.sh [SECONDS_EACH] [HARNESS...]
#   FUZZ_RUNS=N stops a harness after N executions if that comes before the time.
#   FUZZ_SCRATCH=DIR builds in DIR (default .build-fuzz), so that two runs can go side by side.
#   harnesses: FuzzJSONRecord FuzzYAMLRecord FuzzExpression FuzzRules FuzzRound FuzzMessageFormat (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:/opt/swift/bin:$PATH"
seconds=${1:-60}; shift || true
harnesses=("$@"); [ ${#harnesses[@]} -gt 0 ] || harnesses=(FuzzJSONRecord FuzzYAMLRecord FuzzExpression FuzzRules FuzzRound FuzzMessageFormat)
# Swift's own crash reporter would take the signal before libFuzzer could save the input.
export QAMQOR_FUZZ=1 QAMQOR_RULES="$PWD/rules" SWIFT_BACKTRACE=enable=no
# Each harness is a shared library instrumented for coverage; linking it with `-fsanitize=fuzzer`
# gives it libFuzzer's own `main`.
scratch=${FUZZ_SCRATCH:-.build-fuzz}
lib=$(swift build --scratch-path "$scratch" --show-bin-path -Xswiftc -sanitize=fuzzer)
bin=$scratch/bin; mkdir -p "$bin"
for h in "${harnesses[@]}"; do
  swift build --scratch-path "$scratch" --product "$h" -Xswiftc -sanitize=fuzzer >&2
  /opt/swift/usr/bin/clang -fsanitize=fuzzer -o "$bin/$h" -L"$lib" -l"$h" -Wl,-rpath,"$lib" -Wl,-rpath,/opt/swift/usr/lib/swift/linux
done

# Seed corpora: households (JSON and YAML, from samples/, the rule tests and a few generated
# lines), expressions (every `expr:`/`when:`/`amount:` of the rules), whole rule files.
seed=$scratch/seeds; rm -rf "$seed"; mkdir -p "$seed"/{FuzzJSONRecord,FuzzYAMLRecord,FuzzExpression,FuzzRules,FuzzRound,FuzzMessageFormat}
for f in samples/*.json rules/tests/households/*.json; do cp "$f" "$seed/FuzzJSONRecord/$(basename "$f")"; done
head -c 2000000 samples/rounds/isker-ana-2025.jsonl | python3 -c '
import sys, json
for i, line in enumerate(sys.stdin):
    if i >= 40: break
    try: open(sys.argv[1] + "/round-%d.json" % i, "w").write(json.dumps(json.loads(line)["household"]))
    except Exception: pass' "$seed/FuzzJSONRecord"
for f in samples/*.yaml rules/tests/households/*.yaml; do cp "$f" "$seed/FuzzYAMLRecord/$(basename "$f")"; done
grep -rhoE '(expr|when|amount|points|key): .+$' rules/ | sed -E 's/^(expr|when|amount|points|key): //' | sort -u | \
  awk -v d="$seed/FuzzExpression" '{ f = d "/e" NR; print > f; close(f) }'
# Rounds: the first byte picks the format (0 JSON lines, 1 JSON, 2 CSV).
head -n 3 samples/rounds/isker-ana-2025.jsonl > "$seed/FuzzRound/lines.tmp"
{ printf '\x00'; cat "$seed/FuzzRound/lines.tmp"; } > "$seed/FuzzRound/round-jsonl"
{ printf '\x01{"round": "r", "applications": ['; paste -sd, "$seed/FuzzRound/lines.tmp"; printf ']}'; } > "$seed/FuzzRound/round-json"
{ printf '\x02'; head -n 4 samples/rounds/isker-ana-2025.csv; } > "$seed/FuzzRound/round-csv"
rm "$seed/FuzzRound/lines.tmp"
# Messages: each message of the shipped catalogues alone, and each catalogue file whole.
cp Sources/QamqorSupport/Catalogue/messages/*.yaml "$seed/FuzzMessageFormat/"
python3 -c '
import sys, yaml
for lang in ("kk", "ru", "en"):
    for i, v in enumerate(yaml.safe_load(open("Sources/QamqorSupport/Catalogue/messages/%s.yaml" % lang))["messages"].values()):
        open(sys.argv[1] + "/m-%s-%d" % (lang, i), "w").write(v)' "$seed/FuzzMessageFormat"
i=0; for f in rules/schema.yaml rules/definitions.yaml rules/parameters/poverty_line.yaml rules/programs/ata.yaml rules/programs/isker_ana.yaml rules/tests/ata.yaml; do
  printf "\\x$(printf %02x $i)" > "$seed/FuzzRules/r$i"; cat "$f" >> "$seed/FuzzRules/r$i"; i=$((i + 1))
done

for h in "${harnesses[@]}"; do
  corpus=fuzz/corpus/$h; crashes=fuzz/crashes/$h
  mkdir -p "$corpus" "$crashes"
  echo "== $h: $seconds s" >&2
  "$bin/$h" "$corpus" "$seed/$h" -max_total_time="$seconds" -runs="${FUZZ_RUNS:--1}" -max_len=65536 -rss_limit_mb=4096 -timeout=20 \
    -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==|SUMMARY|.*(crash|timeout|oom)-)|INFO: Running with|cov:' | tail -6 || true
done
