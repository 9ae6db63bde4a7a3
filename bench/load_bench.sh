#!/usr/bin/env bash
# bench/load_bench.sh: bulk-load benchmark of kg against the peers in
# ../shared/peers (Virtuoso, Oxigraph, Kùzu) on kg_gen files of 1M and 10M
# triples. Writes a Markdown report to stdout and bench/results/load-<date>.md.
#
# Usage (from anywhere):  bench/load_bench.sh
# Env:
#   KG_BUILD=build          build directory holding kg and kg_gen (relative to
#                           the repo root unless absolute)
#   SIZES="1000000 10000000"
#   REPEAT=                 runs per system and size; default 5 below 5M
#                           triples, 3 from 5M up
#   SYSTEMS="kg virtuoso oxigraph kuzu"
#   SEED=42                 kg_gen seed
#   WORK=/tmp/kg-load-bench scratch: generated files, databases, logs
#   PEERS_DIR=../shared/peers (relative to the repo root)
#   KG_LOAD_ARGS=           extra arguments for `kg load`
#   REPORT=bench/results/load-<date>.md
#   RETRY_FAILED=1          repeat a system at a size after it failed there
#   KUZU_NODE_HEAP_MB=8192  Node heap for the Kùzu peer's nt->csv step
# Protocol (docs/benchmarks.md): every load is a fresh process into a fresh
# database; systems are interleaved (the order rotates each repetition); the
# report gives median and min-max per system and the 1-minute load average
# sampled before every run. Never run two benches at once on this machine.
set -uo pipefail

BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$BENCH_ROOT" || exit 1
KG_BUILD=${KG_BUILD:-build}
SIZES=${SIZES:-1000000 10000000}
SYSTEMS=${SYSTEMS:-kg virtuoso oxigraph kuzu}
SEED=${SEED:-42}
WORK=${WORK:-/tmp/kg-load-bench}
PEERS_DIR=${PEERS_DIR:-../shared/peers}
KG_LOAD_ARGS=${KG_LOAD_ARGS:-}
BENCH_QUERIES="$BENCH_ROOT/bench/queries"
STAMP=$(date +%Y-%m-%d)
REPORT=${REPORT:-bench/results/load-$STAMP.md}
if [ -e "$REPORT" ] && [ -z "${REPORT_OVERWRITE:-}" ]; then
  REPORT=bench/results/load-$STAMP-$(date +%H%M).md
fi
PEERS_DIR=$(cd "$PEERS_DIR" 2>/dev/null && pwd) || {
  echo "load_bench: peers folder not found (PEERS_DIR)" >&2; exit 1; }
export BENCH_ROOT KG_BUILD PEERS_DIR KG_LOAD_ARGS BENCH_QUERIES
# shellcheck source=bench/peers.sh
. "$BENCH_ROOT/bench/peers.sh"

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "load_bench: installing GNU time (apt-get install -y time)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y time >&2 || exit 1
  else
    echo "load_bench: needs GNU time: sudo apt-get install -y time" >&2; exit 1
  fi
fi
if [ ! -x "$KG_BUILD/kg_gen" ]; then
  echo "load_bench: $KG_BUILD/kg_gen missing: cmake --build $KG_BUILD --target kg_gen" >&2
  exit 1
fi

mkdir -p "$WORK" "$(dirname "$REPORT")" || exit 1
RUNS="$WORK/runs-$STAMP-$$.tsv"
META="$WORK/meta-$STAMP-$$.txt"
: > "$RUNS"
: > "$META"
loadavg1() { cut -d' ' -f1 /proc/loadavg; }
log() { echo "[$(date +%H:%M:%S) load $(loadavg1)] $*" >&2; }

# Systems that can run; the others are listed in the report.
ACTIVE=()
for s in $SYSTEMS; do
  why=$(system_missing "$s")
  if [ -n "$why" ]; then
    log "skipping $s: $why"
    echo "skipped	$s	$why" >> "$META"
  else
    ACTIVE+=("$s")
    echo "system	$s	$(describe_system "$s")" >> "$META"
  fi
done
[ ${#ACTIVE[@]} -gt 0 ] || { echo "load_bench: nothing to run" >&2; exit 1; }

{
  echo "started	$(date -u +%FT%TZ)"
  echo "host	$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), Linux $(uname -r)"
  echo "command	SIZES=\"$SIZES\" SYSTEMS=\"$SYSTEMS\" REPEAT=${REPEAT:-default} KG_BUILD=$KG_BUILD bench/load_bench.sh"
} >> "$META"

# Generated files are kept in WORK, keyed by the generator binary.
GEN_ID=$(md5sum < "$KG_BUILD/kg_gen" | cut -c1-8)
for n in $SIZES; do
  nt="$WORK/news-$n-s$SEED-$GEN_ID.nt"
  if [ ! -f "$nt.ok" ] || [ ! -f "$nt" ]; then
    rm -f "$WORK/news-$n-s$SEED-"*.nt "$WORK/news-$n-s$SEED-"*.nt.ok
    log "generating $n triples -> $nt"
    /usr/bin/time -v -o "$WORK/gen.time" "$KG_BUILD/kg_gen" "$n" --seed "$SEED" -q -o "$nt" || exit 1
    echo "gen	$n	$(bench_elapsed "$WORK/gen.time")	$(bench_rss "$WORK/gen.time")	$(loadavg1)" >> "$META"
    touch "$nt.ok"
  fi
  echo "data	$n	$nt	$(stat -c %s "$nt")	$(md5sum < "$nt" | cut -d' ' -f1)	$SEED" >> "$META"

  reps=${REPEAT:-}
  if [ -z "$reps" ]; then if [ "$n" -ge 5000000 ]; then reps=3; else reps=5; fi; fi
  declare -A FAILED=()
  for ((rep = 1; rep <= reps; rep++)); do
    # Rotate the order so that no system always runs first (or right after
    # the same neighbour).
    k=${#ACTIVE[@]}
    for ((j = 0; j < k; j++)); do
      s=${ACTIVE[$(((j + rep - 1) % k))]}
      # A system that failed at this size is not retried (RETRY_FAILED=1 does):
      # a peer out of memory fails the same way every time, only slower.
      if [ -n "${FAILED[$s]:-}" ] && [ -z "${RETRY_FAILED:-}" ]; then continue; fi
      dir="$WORK/run/$s-$n-$rep"
      rm -rf "$dir" && mkdir -p "$dir"
      la=$(loadavg1)
      log "$s, $n triples, run $rep/$reps"
      rec=$("run_$s" "$nt" "$dir")
      log "  -> $(echo "$rec" | cut -f1-6 | tr '\t' ' ')"
      printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$rep" "$s" "$la" "$rec" >> "$RUNS"
      [ "${rec%%$'\t'*}" = ok ] || FAILED[$s]=1
    done
  done
  unset FAILED
done
echo "finished	$(date -u +%FT%TZ)" >> "$META"

python3 "$BENCH_ROOT/bench/load_report.py" "$META" "$RUNS" | tee "$REPORT"
log "report: $REPORT (raw runs: $RUNS, logs: $WORK/run/)"
