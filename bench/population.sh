#!/usr/bin/env bash
# Population-scale benchmark: households/second and peak memory of `qamqor batch` over generated
# households, all programmes, explanations off and on.
#   bench/population.sh [HOUSEHOLDS] [EXPLAINED_HOUSEHOLDS]     (defaults 1000000 and 1000000)
# Explanations make some 18 KB of output per household: that run writes to /dev/null and takes
# about 3–4 minutes for 1 000 000 households on 2 cores; give a smaller second number to shorten it.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
E="${2:-$N}"
WORK="${TMPDIR:-/tmp}/qamqor-population"
mkdir -p "$WORK"
swift build -c release --product qamqor >/dev/null 2>&1 || swift build -c release --product qamqor
Q=.build/release/qamqor
if [ ! -s "$WORK/households-$N.jsonl" ]; then
  $Q generate --households "$N" --seed 1 --output "$WORK/households-$N.jsonl"
fi
if [ "$E" != "$N" ]; then head -n "$E" "$WORK/households-$N.jsonl" > "$WORK/households-$E.jsonl"; fi

# Runs one batch and prints wall time, rate, CPU time (user + system) and peak resident memory.
run() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
label, n, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
start = time.monotonic()
subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
elapsed = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
print(f"{label:<44} {n:>9,} households  {elapsed:8.2f} s  {n / elapsed:>9,.0f} households/s  "
      f"CPU {cpu:7.2f} s ({cpu / n * 1e6:5.1f} µs a household)  peak RSS {peak:6.0f} MB")
PY
}
# What the steps before wrote (a build, the generated households) is flushed first and the input
# read once, so that the kernel's writeback and the disk do not run inside the timed runs.
sync
cat "$WORK/households-$N.jsonl" > /dev/null
# The last run's decisions are removed first: truncating 880 MB of pages not yet written back
# costs the kernel up to half a second, which is not batch's work.
rm -f "$WORK/decisions.jsonl" "$WORK/rejects.jsonl"
run "all programmes, explanations off" "$N" $Q batch --input "$WORK/households-$N.jsonl" --output "$WORK/decisions.jsonl" --rejects "$WORK/rejects.jsonl"
run "all programmes, decisive explanations on" "$E" $Q batch --input "$WORK/households-$E.jsonl" --output /dev/null --rejects "$WORK/rejects.jsonl" --explain decisive
