#!/usr/bin/env bash
# bench/label_bench.sh: name resolution and completion through the store's
# label index on a synthetic news graph (datasets/gen, kg_gen), with the
# shell's own resolver (bench/label_bench.cc, target kg_label_bench).
# Goal (issue 4): answers in under 10 ms on a 10M-triple database.
# Writes a Markdown report to stdout and bench/results/labels-<date>.md.
#
# Usage (from anywhere):  bench/label_bench.sh [TRIPLES]     default 10000000
# Env:
#   KG_BUILD=build          build directory holding kg, kg_gen, kg_label_bench
#   REPS=5                  runs (fresh processes, seeds 1..REPS of the sample)
#   NAMES=1000              labels sampled per run
#   BENCH_SCRATCH=/tmp/kg-bench  where the graph and the database go
#   REPORT=bench/results/labels-<date>.md; REPORT_OVERWRITE=1 replaces it
# Each run prints, per kind (exact, word, complete), the median, p90, p99 and
# maximum latency of one call; the report gives, per kind and statistic, the
# median over the runs. Never run two benches at once on this machine.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$BENCH_ROOT"
KG_BUILD=${KG_BUILD:-build}
case $KG_BUILD in /*) ;; *) KG_BUILD="$BENCH_ROOT/$KG_BUILD" ;; esac
N=${1:-10000000}
REPS=${REPS:-5}
NAMES=${NAMES:-1000}
SCRATCH=${BENCH_SCRATCH:-/tmp/kg-bench}
STAMP=$(date +%Y-%m-%d)
REPORT=${REPORT:-bench/results/labels-$STAMP.md}
if [ -e "$REPORT" ] && [ -z "${REPORT_OVERWRITE:-}" ]; then
  REPORT=bench/results/labels-$STAMP-$(date +%H%M).md
fi
for b in kg kg_gen kg_label_bench; do
  [ -x "$KG_BUILD/$b" ] || { echo "label_bench: $KG_BUILD/$b missing (build it)" >&2; exit 1; }
done
mkdir -p "$SCRATCH/labels"
NT="$SCRATCH/labels/gen-$N.nt"
DB="$SCRATCH/labels/gen-$N.kgdb"
if [ ! -s "$NT" ]; then
  "$KG_BUILD/kg_gen" "$N" -q -o "$NT.tmp" && mv "$NT.tmp" "$NT"
fi
rm -rf "$DB"
"$KG_BUILD/kg" load "$DB" "$NT" -q
RAW="$SCRATCH/labels/runs-$N.txt"
: >"$RAW"
for seed in $(seq 1 "$REPS"); do
  "$KG_BUILD/kg_label_bench" "$DB" --names "$NAMES" --seed "$seed" \
    --ns http://kg.example.org/news/ | tee -a "$RAW" >&2
done
{
  echo "# Name resolution through the label index, $STAMP"
  echo
  echo "Command: \`bench/label_bench.sh $N\` (REPS=$REPS, NAMES=$NAMES)."
  echo "Graph: \`kg_gen $N\` (seed 42), loaded with \`kg load\`; machine: $(nproc) cores,"
  echo "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1 /proc/loadavg) at the end."
  echo "$(grep -m1 '^labels:' "$RAW" | sed 's/, sampled.*//') rdfs:label values in the database."
  echo
  echo "Milliseconds per call; each cell is the median over $REPS runs of that"
  echo "run's statistic over $NAMES sampled labels."
  echo
  echo "| kind | median | p90 | p99 | max | found (of $NAMES, median) |"
  echo "|---|---|---|---|---|---|"
  python3 - "$RAW" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\w+) +n=\d+ median=([\d.]+) p90=([\d.]+) p99=([\d.]+) "
                 r"max=([\d.]+) ms +found=(\d+)", line)
    if m:
        rows.setdefault(m.group(1), []).append([float(x) for x in m.groups()[1:]])
for kind in ("exact", "word", "complete"):
    cols = list(zip(*rows.get(kind, [])))
    if not cols:
        continue
    med = [statistics.median(c) for c in cols]
    print(f"| {kind} | " + " | ".join(f"{x:.3f}" for x in med[:4]) +
          f" | {med[4]:.0f} |")
PY
  echo
  echo "exact: the whole label typed; word: its first word (a made-up given"
  echo "name shared by many entities, so usually an ambiguous-name answer that"
  echo "lists candidates); complete: tab completion of its first three letters."
} | tee "$REPORT"
