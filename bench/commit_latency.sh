#!/usr/bin/env bash
# bench/commit_latency.sh: the writer's commit latency for small SPARQL
# updates, alone and while reader threads query the same database without
# pause (bench/commit_latency.cc, target kg_commit_latency), repeated; reports
# the medians and the goal p99(with readers) / p99(alone) <= 2.
# Writes a Markdown report to stdout and bench/results/commit-latency-<date>.md.
#
# Usage (from anywhere):  bench/commit_latency.sh
# Env:
#   KG_BUILD=build          build directory holding kg_commit_latency (relative
#                           to the repo root unless absolute)
#   REPS=5                  runs per sync setting (each a fresh process and
#                           database; the settings alternate)
#   SYNC="on off"           StoreOptions::sync_commits settings to measure
#   COMMITS=2000            timed commits per phase and run
#   READERS=4               reader threads in the "with readers" phase
#   BASE=100000             triples bulk-loaded before each run
#   READER_NICE=0           the readers' nice value (0: the writer's priority)
#   YIELD=on                StoreOptions::readers_yield_to_writers (on|off)
#   REQUEST=items           the update request: items (delete an old item's 4
#                           quads, add 4) or counter (the same, and move one
#                           counter value: the "set a property" idiom)
#   BENCH_SCRATCH=/tmp/kg-bench  where the databases go (the disk measured)
#   REPORT=bench/results/commit-latency-<date>.md; REPORT_OVERWRITE=1
#                           replaces that file
# Protocol (docs/benchmarks.md, "Commit latency"): in each run, blocks of 250
# commits alternate between the two phases, so both see the same database
# size and the same background load; readers start before their block's
# first timed commit. Never run two benches at once on this machine.
set -uo pipefail

BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$BENCH_ROOT" || exit 1
KG_BUILD=${KG_BUILD:-build}
REPS=${REPS:-5}
SYNC=${SYNC:-on off}
COMMITS=${COMMITS:-2000}
READERS=${READERS:-4}
BASE=${BASE:-100000}
READER_NICE=${READER_NICE:-0}
YIELD=${YIELD:-on}
REQUEST=${REQUEST:-items}
BENCH_SCRATCH=${BENCH_SCRATCH:-/tmp/kg-bench}
STAMP=$(date +%Y-%m-%d)
REPORT=${REPORT:-bench/results/commit-latency-$STAMP.md}
if [ -e "$REPORT" ] && [ -z "${REPORT_OVERWRITE:-}" ]; then
  REPORT=bench/results/commit-latency-$STAMP-$(date +%H%M).md
fi
BIN="$KG_BUILD/kg_commit_latency"
if [ ! -x "$BIN" ]; then
  echo "commit_latency: $BIN missing: cmake --build $KG_BUILD --target kg_commit_latency" >&2
  exit 1
fi
mkdir -p "$BENCH_SCRATCH" "$(dirname "$REPORT")" || exit 1
RUNS="$BENCH_SCRATCH/commit-latency-runs-$$.tsv"
: > "$RUNS"
loadavg1() { cut -d' ' -f1 /proc/loadavg; }
log() { echo "[$(date +%H:%M:%S) load $(loadavg1)] $*" >&2; }
# median: of the numbers on stdin, one a line.
median() {
  sort -g | awk '{ v[NR] = $1 }
    END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2];
          else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p"; }

COMMAND="REPS=$REPS SYNC=\"$SYNC\" COMMITS=$COMMITS READERS=$READERS BASE=$BASE READER_NICE=$READER_NICE YIELD=$YIELD REQUEST=$REQUEST KG_BUILD=$KG_BUILD bench/commit_latency.sh"
STARTED=$(date -u '+%F %H:%M')
for ((rep = 1; rep <= REPS; rep++)); do
  for s in $SYNC; do
    db="$BENCH_SCRATCH/commit-latency-$$"
    rm -rf "$db"
    load_before=$(loadavg1)
    log "run $rep, sync $s"
    out=$("$BIN" "$db" --commits "$COMMITS" --readers "$READERS" --base "$BASE" \
      --sync "$s" --reader-nice "$READER_NICE" --request "$REQUEST" --yield "$YIELD") || {
      echo "commit_latency: run $rep (sync $s) failed" >&2; rm -rf "$db"; exit 1; }
    rm -rf "$db"
    alone=$(grep '^phase=alone' <<<"$out")
    with=$(grep '^phase=readers' <<<"$out")
    printf '%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$rep" \
      "$(field p50_us <<<"$alone")" "$(field p99_us <<<"$alone")" \
      "$(field p50_us <<<"$with")" "$(field p99_us <<<"$with")" \
      "$(field ratio_p99 <<<"$out")" "$(field reader_queries <<<"$with")" \
      "$load_before" "$(loadavg1)" >> "$RUNS"
  done
done
FINISHED=$(date -u '+%H:%M')

col() { awk -F'\t' -v s="$1" -v c="$2" '$1 == s { print $c }' "$RUNS"; }
ms() { awk -v u="$1" 'BEGIN { if (u == "n/a") print u; else printf "%.2f", u / 1000 }'; }
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- bench/commit_latency.cc query store 2>/dev/null | head -1)
if [ "$REQUEST" = counter ]; then
  REQUEST_TEXT="deletes the four quads of an item added 500 requests before and the value of one counter, and inserts a new item and counter value (REQUEST=counter)."
else
  REQUEST_TEXT="deletes the four quads of an item added 500 requests before and inserts a new item's four quads."
fi
bt=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$KG_BUILD/CMakeCache.txt" 2>/dev/null | head -1)
{
  echo "# Commit latency: small SPARQL updates, alone and beside $READERS readers"
  echo
  echo "Made by \`bench/commit_latency.sh\` (protocol in \`docs/benchmarks.md\`, section \"Commit latency\"). The writer's latency is the wall time of one \`Database::Update\` call (parse, evaluate, commit; with sync on the commit includes the WAL fsync), for a request that $REQUEST_TEXT **alone**: no other thread queries. **with readers**: $READERS threads run queries without pause (a join over a third of the entities, a two-hop lookup, an aggregate over the live items). Blocks of 250 commits alternate between the two phases within each run. Times in milliseconds; each figure is the median over the runs. Goal: p99 with readers ÷ p99 alone ≤ 2."
  echo
  echo "Command: \`$COMMAND\`"
  echo
  echo "| | |"
  echo "| --- | --- |"
  echo "| build | kg $rev${dirty:+ (with uncommitted changes)}, \`$(basename "$KG_BUILD")/kg_commit_latency\`, ${bt:-build type unknown} |"
  echo "| host | $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), Linux $(uname -r) |"
  echo "| disk | $(df -T "$BENCH_SCRATCH" | awk 'NR == 2 { print $2 " (" $1 ")" }') for the databases |"
  echo "| ran (UTC) | $STARTED–$FINISHED |"
  echo "| per run | $COMMITS timed commits per phase after 600 untimed, $BASE base triples, readers at nice $READER_NICE, readers yield to writers: $YIELD |"
  echo
  echo "| sync_commits | runs | alone p50 | alone p99 | with readers p50 | with readers p99 | p99 ratio (of the medians) | p99 ratio, median of the runs' | ratio ≤ 2 | reader queries per run | 1-min load average (min–max) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for s in $SYNC; do
    a50=$(col "$s" 3 | median); a99=$(col "$s" 4 | median)
    w50=$(col "$s" 5 | median); w99=$(col "$s" 6 | median)
    rr=$(col "$s" 7 | median); q=$(col "$s" 8 | median)
    ratio=$(awk -v w="$w99" -v a="$a99" 'BEGIN { printf "%.2f", w / a }')
    met=$(awk -v r="$ratio" 'BEGIN { print (r <= 2 ? "met" : "**no**") }')
    loads=$(awk -F'\t' -v s="$s" '$1 == s { print $9; print $10 }' "$RUNS" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "–" hi }')
    echo "| $s | $(col "$s" 2 | wc -l) | $(ms "$a50") | $(ms "$a99") | $(ms "$w50") | $(ms "$w99") | $ratio | $rr | $met | $q | $loads |"
  done
  echo
  echo "Every run (ms):"
  echo
  echo "| sync_commits | run | alone p50 | alone p99 | with readers p50 | with readers p99 | p99 ratio | reader queries | load average before / after |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  awk -F'\t' '{ printf "| %s | %d | %.2f | %.2f | %.2f | %.2f | %s | %s | %s / %s |\n",
    $1, $2, $3 / 1000, $4 / 1000, $5 / 1000, $6 / 1000, $7, $8, $9, $10 }' "$RUNS"
} | tee "$REPORT"
rm -f "$RUNS"
log "report: $REPORT"
