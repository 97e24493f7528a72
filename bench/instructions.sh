#!/usr/bin/env bash
# Instructions per household of `qamqor batch`, all programmes, explanations off, and how they
# split between reading the JSON, deciding, clearing the previous household and the rest, and how
# many reference counts (atomic, so dearer than their instruction count) a household takes. Unlike
# wall time on a shared machine, instruction counts do not drift: two builds can be compared to
# within a fraction of a percent. Needs valgrind (apt-get install valgrind).
#   bench/instructions.sh [BINARY]      (default: a release build of this checkout)
# Then the same for explained decisions (`--explain decisive`).
# Counts are taken over 12 000 and 2 000 generated households and the difference divided by
# 10 000, so that loading the rules does not count.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 2; }
if [ $# -ge 1 ]; then Q="$1"; else
  swift build -c release --product qamqor >/dev/null 2>&1 || swift build -c release --product qamqor
  Q=.build/release/qamqor
fi
WORK="${TMPDIR:-/tmp}/qamqor-instructions"
mkdir -p "$WORK"
# valgrind cannot read the DWARF a Swift build writes: count a copy without it.
strip --strip-debug -o "$WORK/qamqor" "$Q"
"$WORK/qamqor" generate --households 12000 --seed 1 --output "$WORK/h12000.jsonl" >/dev/null
head -n 2000 "$WORK/h12000.jsonl" > "$WORK/h2000.jsonl"
for n in 2000 12000; do
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.$n" "$WORK/qamqor" batch --input "$WORK/h$n.jsonl" \
    --output "$WORK/out.jsonl" --rejects "$WORK/rejects.jsonl" --jobs 1 >/dev/null 2>&1
done
python3 - "$WORK" <<'PY'
import re, subprocess, sys
work = sys.argv[1]
def inclusive(n):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", f"{work}/cg.{n}"], capture_output=True, text=True).stdout
    total, parts = 0, {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*)", line)
        if not m: continue
        v, name = int(m.group(1).replace(",", "")), m.group(2)
        if "PROGRAM TOTALS" in name: total = v
        # The outermost call of each phase (the reader's record walk and a programme's outcome
        # recurse: callgrind marks the inner calls with a quote, which are left out).
        for key, pattern in [("read", r"JSONRecordReaderV6CursorV6record_5depthAA5ValueOAA10RecordTypeC_SitF \["),
                             ("decide", r"CompiledProgramC7outcomeyAC7OutcomeVAA5FrameCAA15EvaluationErrorVYKF \["),
                             ("clear", r"FrameC5reset4root4asOf.* \[")]:
            if re.search(pattern, name): parts[key] = max(parts.get(key, 0), v)
    return total, parts
(t0, p0), (t1, p1) = inclusive(2000), inclusive(12000)
per = lambda k: (p1.get(k, 0) - p0.get(k, 0)) / 10000
total = (t1 - t0) / 10000
read, decide, clear = per("read"), per("decide"), per("clear")
print(f"instructions a household: {total:,.0f}")
print(f"  reading the JSON into records   {read:9,.0f}")
print(f"  deciding 20 programmes          {decide:9,.0f}")
print(f"  clearing the last household     {clear:9,.0f}")
print(f"  writing the line, the rest      {total - read - decide - clear:9,.0f}")

# Reference counts: each is an atomic instruction, so a few instructions that cost far more time
# than their number says. Counted as calls to swift_retain and swift_release a household.
def calls(n, target):
    out = subprocess.run(["callgrind_annotate", "--tree=caller", "--threshold=100", f"{work}/cg.{n}"], capture_output=True, text=True).stdout
    total = 0
    for block in out.split("\n\n"):
        lines = block.splitlines()
        if lines and "* " in lines[-1] and target in lines[-1]:
            total += sum(int(m.group(1).replace(",", "")) for l in lines[:-1] for m in [re.search(r"\(([\d,]+)x\)", l)] if m)
    return total
for target, label in [("swift_retain [", "retains"), ("swift_release [", "releases")]:
    print(f"  {label} a household             {(calls(12000, target) - calls(2000, target)) / 10000:9,.1f}")
PY

# Explained decisions (`batch --explain decisive`: the traced decision, the explainer and the
# JSON of each programme's explanation, ~20 KB a line), over 1 200 and 200 households.
head -n 1200 "$WORK/h12000.jsonl" > "$WORK/h1200.jsonl"
head -n 200 "$WORK/h12000.jsonl" > "$WORK/h200.jsonl"
for n in 200 1200; do
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cgx.$n" "$WORK/qamqor" batch --input "$WORK/h$n.jsonl" \
    --output "$WORK/outx.jsonl" --rejects "$WORK/rejects.jsonl" --jobs 1 --explain decisive >/dev/null 2>&1
done
python3 - "$WORK" <<'PY'
import re, subprocess, sys
work = sys.argv[1]
def total(n):
    out = subprocess.run(["callgrind_annotate", f"{work}/cgx.{n}"], capture_output=True, text=True).stdout
    return int(re.search(r"([\d,]+) \([^)]*\)\s+PROGRAM TOTALS", out).group(1).replace(",", ""))
print(f"explained (decisive) a household: {(total(1200) - total(200)) / 1000:,.0f}")
PY
