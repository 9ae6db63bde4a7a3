#!/usr/bin/env bash
# bench/query_bench.sh: query benchmark of kg against the peers in
# ../shared/peers (Virtuoso, Jena TDB2, Oxigraph, Kùzu) on the synthetic news
# graph of ../shared/peers/gen_kg.py, same files, same queries, same session.
# Writes a Markdown report to stdout and bench/results/query-<date>.md.
#
# Usage (from anywhere):  bench/query_bench.sh [SIZE...]     default: 1000000 10000000
# Env:
#   KG_BUILD=build          build directory holding kg (relative to the repo
#                           root unless absolute)
#   SIZES="1000000 10000000"  sizes when none are given as arguments
#   SYSTEMS="kg virtuoso jena oxigraph kuzu"
#   QUERIES=                only these query names (e.g. "q1 q05-star"); default all
#   WARM=                   warm runs per query after the first; default 11 below
#                           5M triples, 5 from 5M up
#   COLD_PROCS=3            fresh kg processes per query for the cold median
#   QUERY_TIMEOUT=300       seconds one run of one query may take (kg --timeout;
#                           peers: a watchdog ends the peer when its log has
#                           been silent that long, and restarts it on the
#                           queries still to run)
#   LOAD_TIMEOUT=3600       seconds a peer may take before its first result line
#   MAX_RESTARTS=3          restarts of one peer at one size after a timeout
#   BENCH_SCRATCH=/tmp/kg-bench  generated files, databases, logs, raw results
#   PEERS_DIR=../shared/peers (relative to the repo root)
#   SEED=42                 gen_kg.py seed
#   KUZU_NODE_HEAP_MB=8192  Node heap for the Kùzu peer's nt->csv step
#   REPORT=bench/results/query-<date>.md; REPORT_OVERWRITE=1 replaces that file
#   REPORT_SIZES=           sizes in the report; default every size with results
#                           in BENCH_SCRATCH (a run of SYSTEMS=kg keeps the
#                           peers' last results and reports them beside kg's)
# Protocol (docs/benchmarks.md, "Queries"): one system at a time; kg cold = the
# first run in a fresh process (median of COLD_PROCS processes), kg warm = the
# median of WARM runs after the first in one process (kg query --repeat);
# peers as their run scripts do it (first run after the load = cold, the next
# WARM runs = warm). Never run two benches at once on this machine.
set -uo pipefail

BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$BENCH_ROOT" || exit 1
KG_BUILD=${KG_BUILD:-build}
case $KG_BUILD in /*) ;; *) KG_BUILD="$BENCH_ROOT/$KG_BUILD" ;; esac
if [ $# -gt 0 ]; then SIZES="$*"; else SIZES=${SIZES:-1000000 10000000}; fi
SYSTEMS=${SYSTEMS:-kg virtuoso jena oxigraph kuzu}
WARM_ENV=${WARM:-}
COLD_PROCS=${COLD_PROCS:-3}
QUERY_TIMEOUT=${QUERY_TIMEOUT:-300}
LOAD_TIMEOUT=${LOAD_TIMEOUT:-3600}
MAX_RESTARTS=${MAX_RESTARTS:-3}
SEED=${SEED:-42}
SCRATCH=${BENCH_SCRATCH:-/tmp/kg-bench}
PEERS_DIR=${PEERS_DIR:-../shared/peers}
PEERS_DIR=$(cd "$PEERS_DIR" 2>/dev/null && pwd) || {
  echo "query_bench: peers folder not found (PEERS_DIR)" >&2; exit 1; }
STAMP=$(date +%Y-%m-%d)
REPORT=${REPORT:-bench/results/query-$STAMP.md}
if [ -e "$REPORT" ] && [ -z "${REPORT_OVERWRITE:-}" ]; then
  REPORT=bench/results/query-$STAMP-$(date +%H%M).md
fi
mkdir -p "$SCRATCH/data" "$SCRATCH/runs" "$(dirname "$REPORT")" || exit 1

loadavg1() { cut -d' ' -f1 /proc/loadavg; }
log() { echo "[$(date +%H:%M:%S) load $(loadavg1)] $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# ---- the queries: the four of the peers' smoke benchmark, by path (never
# copied), then ours. Name = file name without .rq.
QFILES=("$PEERS_DIR"/queries/q1.rq "$PEERS_DIR"/queries/q2.rq
        "$PEERS_DIR"/queries/q3.rq "$PEERS_DIR"/queries/q4.rq
        "$BENCH_ROOT"/bench/queries/news/q*.rq)
if [ -n "${QUERIES:-}" ]; then
  sel=()
  for f in "${QFILES[@]}"; do
    for n in $QUERIES; do [ "$(basename "$f" .rq)" = "$n" ] && sel+=("$f"); done
  done
  QFILES=("${sel[@]}")
fi
[ ${#QFILES[@]} -gt 0 ] || { echo "query_bench: no queries" >&2; exit 1; }
for f in "${QFILES[@]}"; do [ -f "$f" ] || { echo "query_bench: missing $f" >&2; exit 1; }; done
qname() { basename "$1" .rq; }
# Kùzu: the peer script's built-in k2..k4 are q2..q4 (k1 is q1 without the
# literal-valued triples); ours are bench/queries/news/<name>.cypher.
kuzu_arg() {
  local n
  n=$(qname "$1")
  case $n in
    q1 | q2 | q3 | q4) echo "k${n#q}" ;;
    *) [ -f "$BENCH_ROOT/bench/queries/news/$n.cypher" ] &&
         echo "$BENCH_ROOT/bench/queries/news/$n.cypher" ;;
  esac
}

# ---- systems that can run
system_missing() {
  # The peers folder as the repository sees it (no machine path in reports).
  local peers
  peers=$(realpath -m --relative-to="$BENCH_ROOT" "$PEERS_DIR")
  case $1 in
    kg) [ -x "$KG_BUILD/kg" ] || echo "$KG_BUILD/kg not built: cmake --build $KG_BUILD --target kg" ;;
    virtuoso) command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null ||
                echo "not installed: bash $peers/virtuoso/install.sh" ;;
    jena) [ -f "$PEERS_DIR/jena/lib/classpath.txt" ] && command -v java >/dev/null ||
            echo "not installed: bash $peers/jena/install.sh" ;;
    oxigraph | kuzu) [ -d "$PEERS_DIR/node/node_modules/$1" ] ||
                       echo "not installed: bash $peers/node/install.sh" ;;
    *) echo "unknown system" ;;
  esac
}
npm_version() {
  node -p "require('$PEERS_DIR/node/node_modules/$1/package.json').version" 2>/dev/null || echo "?"
}
describe_system() {
  case $1 in
    kg)
      local rev bt
      rev=$(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")
      if [ -n "$(git -C "$BENCH_ROOT" status --porcelain -- . ':!bench' 2>/dev/null | head -1)" ]; then
        rev="$rev + uncommitted changes"
      fi
      bt=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$KG_BUILD/CMakeCache.txt" 2>/dev/null | head -1)
      echo "kg ($rev; \`$(basename "$KG_BUILD")/kg query\`, ${bt:-build type unknown}, binary built $(date -r "$KG_BUILD/kg" '+%F %H:%M'), md5 $(md5sum < "$KG_BUILD/kg" | cut -c1-8))" ;;
    virtuoso)
      echo "Virtuoso OS $(dpkg-query -W -f '${Version}' virtuoso-opensource-7-bin 2>/dev/null) (Debian), isql, server msec" ;;
    jena)
      echo "Jena TDB2 $(dpkg-query -W -f '${Version}' libapache-jena-java 2>/dev/null) (Debian), tdb2.tdbquery --time ($(java -version 2>&1 | head -1 | tr -d '"'))" ;;
    oxigraph)
      echo "Oxigraph $(npm_version oxigraph) npm WASM in-memory, Store.query wall (Node $(node --version 2>/dev/null))" ;;
    kuzu)
      echo "Kùzu $(npm_version kuzu) npm native, Cypher, conn.query + getAll wall (IRI-object triples only)" ;;
  esac
}

# ---- a peer run under a watchdog: ends the process group when the log has
# been silent for IDLE s after its LOAD line (LOAD_TIMEOUT before it).
CUR_PGID=
cleanup_current() {
  if [ -n "$CUR_PGID" ] && kill -0 "$CUR_PGID" 2>/dev/null; then
    kill -TERM -- "-$CUR_PGID" 2>/dev/null
  fi
}
trap 'cleanup_current' EXIT
trap 'cleanup_current; exit 130' INT TERM
WATCH_RES=
run_watched() {  # LOG IDLE_S cmd... ; sets WATCH_RES to the exit status or "timeout"
  local logf=$1 idle=$2; shift 2
  setsid "$@" > "$logf" 2>&1 < /dev/null &
  local pid=$! start ref lim nowt killed=
  CUR_PGID=$pid
  start=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    nowt=$(date +%s)
    if grep -q '^LOAD' "$logf" 2>/dev/null; then
      ref=$(stat -c %Y "$logf"); lim=$idle
    else
      ref=$start; lim=$LOAD_TIMEOUT
    fi
    if [ $((nowt - ref)) -gt "$lim" ]; then
      echo "WATCHDOG: no output for $((nowt - ref)) s (limit $lim s), stopping process group $pid" >> "$logf"
      kill -TERM -- "-$pid" 2>/dev/null
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -KILL -- "-$pid" 2>/dev/null
      killed=1
      break
    fi
  done
  wait "$pid" 2>/dev/null
  local rc=$?
  CUR_PGID=
  if [ -n "$killed" ]; then WATCH_RES=timeout; else WATCH_RES=$rc; fi
}
# Whether LOG holds the complete result of query NAME for SYSTEM.
peer_done() {
  local sys=$1 logf=$2 n=$3 runs=$4
  case $sys in
    jena) grep -qE "^QUERY $n( cold:|: ERROR)" "$logf" ;;
    kuzu) grep -qE "^QUERY (.*/)?$n(\.cypher)? run ($runs:|[0-9]+: ERROR)" "$logf" ;;
    *) grep -qE "^QUERY $n run ($runs:|[0-9]+: ERROR)" "$logf" ;;
  esac
}

# ---- one system at one size: SYSTEM N NT DIR
run_kg_size() {
  local nt=$2 dir=$3 db="$SCRATCH/db/kg-$1.kgdb"
  mkdir -p "$dir/q" "$dir/out" "$SCRATCH/db"
  rm -rf "$db"
  log "kg: load $nt"
  local t0
  t0=$(now)
  "$KG_BUILD/kg" load "$db" "$nt" -q > "$dir/load.log" 2>&1
  local rc=$?
  echo "load	$rc	$(since "$t0")	$(tail -1 "$dir/load.log" | tr '\t' ' ')" >> "$dir/meta.tsv"
  [ "$rc" = 0 ] || { log "kg load failed: $(tail -1 "$dir/load.log")"; return; }
  local f n c
  for f in "${QFILES[@]}"; do
    n=$(qname "$f")
    log "kg: $n (1+$WARM runs in one process, then $((COLD_PROCS - 1)) fresh processes)"
    t0=$(now)
    "$KG_BUILD/kg" query "$db" -f "$f" --time --repeat $((WARM + 1)) --timeout "$QUERY_TIMEOUT" \
      > "$dir/out/kg-$n.tsv" 2> "$dir/q/$n.warm.err"
    echo "$? $(since "$t0")" > "$dir/q/$n.warm.rc"
    for ((c = 2; c <= COLD_PROCS; c++)); do
      t0=$(now)
      "$KG_BUILD/kg" query "$db" -f "$f" --time --timeout "$QUERY_TIMEOUT" \
        > /dev/null 2> "$dir/q/$n.cold-$c.err"
      echo "$? $(since "$t0")" > "$dir/q/$n.cold-$c.rc"
    done
  done
}

run_peer_size() {  # SYSTEM N NT DIR
  local sys=$1 nt=$3 dir=$4
  mkdir -p "$dir/out"
  local pending=("${QFILES[@]}") attempt=0 f n
  while [ ${#pending[@]} -gt 0 ] && [ "$attempt" -le "$MAX_RESTARTS" ]; do
    attempt=$((attempt + 1))
    local logf="$dir/log-$attempt.txt" args=() idle=$QUERY_TIMEOUT res a
    for f in "${pending[@]}"; do
      if [ "$sys" = kuzu ]; then
        a=$(kuzu_arg "$f"); [ -n "$a" ] && args+=("$a")
      else
        args+=("$f")
      fi
    done
    [ ${#args[@]} -gt 0 ] || break
    log "$sys: attempt $attempt, ${#args[@]} queries"
    local before=
    case $sys in
      virtuoso)
        run_watched "$logf" "$idle" env REPEAT=$((WARM + 1)) OUT_DIR="$dir/out" \
          bash "$PEERS_DIR/virtuoso/run.sh" "$nt" "${args[@]}" ;;
      jena)
        before=$(ls -d /tmp/peer-jena.* 2>/dev/null | sort)
        # run.sh's own warm step (best of 1) is not used; the warm runs are
        # timed below with the same tdbquery command, every time kept.
        run_watched "$logf" $((3 * idle + 60)) env REPEAT=1 KEEP_DB=1 OUT_DIR="$dir/out" \
          bash "$PEERS_DIR/jena/run.sh" "$nt" "${args[@]}" ;;
      oxigraph)
        run_watched "$logf" "$idle" env REPEAT=$((WARM + 1)) OUT_DIR="$dir/out" \
          node "$PEERS_DIR/node/oxigraph_run.js" "$nt" "${args[@]}" ;;
      kuzu)
        rm -rf "$dir/tmp" && mkdir -p "$dir/tmp"
        run_watched "$logf" "$idle" env REPEAT=$((WARM + 1)) OUT_DIR="$dir/out" TMPDIR="$dir/tmp" \
          node --max-old-space-size="${KUZU_NODE_HEAP_MB:-8192}" "$PEERS_DIR/node/kuzu_run.js" "$nt" "${args[@]}"
        rm -rf "$dir/tmp" ;;
    esac
    res=$WATCH_RES
    echo "attempt	$attempt	$res	$(basename "$logf")" >> "$dir/meta.tsv"
    log "$sys: attempt $attempt ended: $res"
    if [ "$sys" = virtuoso ]; then
      # After a watchdog stop the script's own cleanup may not have run.
      local vpid vdb
      vpid=$(sed -n 's/^virtuoso pid \([0-9]*\), db .*/\1/p' "$logf" | head -1)
      vdb=$(sed -n 's/^virtuoso pid [0-9]*, db \(.*\)$/\1/p' "$logf" | head -1)
      if [ -n "$vpid" ] && kill -0 "$vpid" 2>/dev/null; then
        kill "$vpid" 2>/dev/null
        for _ in $(seq 1 60); do kill -0 "$vpid" 2>/dev/null || break; sleep 1; done
        kill -9 "$vpid" 2>/dev/null
      fi
      case $vdb in /tmp/peer-virtuoso.*) rm -rf "$vdb" ;; esac
    fi
    if [ "$sys" = jena ]; then
      local jdb
      jdb=$(comm -13 <(echo "$before") <(ls -d /tmp/peer-jena.* 2>/dev/null | sort) | tail -1)
      if [ -n "$jdb" ] && [ -d "$jdb/tdb2" ]; then
        mkdir -p "$dir/warm"
        for f in "${pending[@]}"; do
          n=$(qname "$f")
          grep -qE "^QUERY $n cold:" "$logf" || continue
          log "jena: $n warm (1 warm-up + $WARM runs in one JVM)"
          timeout $((QUERY_TIMEOUT * (WARM + 1) + 60)) java ${JAVA_OPTS:-} -cp "$(cat "$PEERS_DIR/jena/lib/classpath.txt")" \
            tdb2.tdbquery --loc "$jdb/tdb2" --time --results=count --repeat=1,"$WARM" --query "$f" \
            > "$dir/warm/$n.txt" 2>&1
          echo "rc $?" >> "$dir/warm/$n.txt"
        done
      fi
      comm -13 <(echo "$before") <(ls -d /tmp/peer-jena.* 2>/dev/null | sort) |
        while read -r d; do case $d in /tmp/peer-jena.*) rm -rf "$d" ;; esac; done
    fi
    # Queries still to run: those after the first incomplete one (which
    # timed out or crashed the peer), if the peer got as far as loading.
    local rest=() seen_bad=
    if grep -q '^LOAD' "$logf" && [ "$res" != 0 ]; then
      for f in "${pending[@]}"; do
        n=$(qname "$f")
        local pn=$n
        if [ "$sys" = kuzu ]; then
          a=$(kuzu_arg "$f"); [ -n "$a" ] || continue
          pn=$(basename "$a" .cypher)
        fi
        if [ -n "$seen_bad" ]; then rest+=("$f"); continue; fi
        peer_done "$sys" "$logf" "$pn" $((WARM + 1)) || { seen_bad=1; echo "incomplete	$n	$res	$(basename "$logf")" >> "$dir/meta.tsv"; }
      done
    fi
    pending=("${rest[@]}")
  done
}

# ---- main
ACTIVE=()
for s in $SYSTEMS; do
  why=$(system_missing "$s")
  if [ -n "$why" ]; then log "skipping $s: $why"; else ACTIVE+=("$s"); fi
done
[ ${#ACTIVE[@]} -gt 0 ] || { echo "query_bench: nothing to run" >&2; exit 1; }
QSET_MD5=$(cat "${QFILES[@]}" "$BENCH_ROOT"/bench/queries/news/*.cypher 2>/dev/null | md5sum | cut -c1-8)
GEN=$PEERS_DIR/gen_kg.py
GEN_ID=$(md5sum < "$GEN" | cut -c1-8)

for n in $SIZES; do
  nt="$SCRATCH/data/news-$n-s$SEED-$GEN_ID.nt"
  if [ ! -f "$nt.ok" ] || [ ! -f "$nt" ]; then
    rm -f "$nt" "$nt.ok"
    log "generating $n triples -> $nt (python3 $GEN)"
    python3 "$GEN" "$n" "$nt" --seed "$SEED" || exit 1
    md5sum < "$nt" | cut -d' ' -f1 > "$nt.ok"
  fi
  W=$WARM_ENV
  if [ -z "$W" ]; then if [ "$n" -ge 5000000 ]; then W=5; else W=11; fi; fi
  WARM=$W
  for s in "${ACTIVE[@]}"; do
    dir="$SCRATCH/runs/$n/$s"
    rm -rf "$dir" && mkdir -p "$dir"
    {
      echo "system	$(describe_system "$s")"
      echo "size	$n"
      echo "data	$nt	$(stat -c %s "$nt")	$(cat "$nt.ok")	seed $SEED, gen_kg.py $GEN_ID"
      echo "warm	$W"
      echo "command	SYSTEMS=\"$SYSTEMS\" WARM=${WARM_ENV:-default} COLD_PROCS=$COLD_PROCS QUERY_TIMEOUT=$QUERY_TIMEOUT KG_BUILD=$(basename "$KG_BUILD") bench/query_bench.sh $SIZES"
      echo "cold_procs	$COLD_PROCS"
      echo "query_timeout	$QUERY_TIMEOUT"
      echo "queries	$QSET_MD5	$(for f in "${QFILES[@]}"; do qname "$f"; done | paste -sd' ')"
      for f in "${QFILES[@]}"; do echo "qfile	$(qname "$f")	$f	$(kuzu_arg "$f")"; done
      echo "host	$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), Linux $(uname -r)"
      echo "started	$(date -u +%FT%TZ)	$(cut -d' ' -f1-3 /proc/loadavg)"
    } > "$dir/meta.tsv"
    # 1-minute load average every 5 s while this system runs.
    ( while :; do echo "$(date +%s) $(loadavg1)"; sleep 5; done ) > "$dir/loadavg.txt" &
    sampler=$!
    if [ "$s" = kg ]; then run_kg_size "$n" "$nt" "$dir"; else run_peer_size "$s" "$n" "$nt" "$dir"; fi
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
    echo "finished	$(date -u +%FT%TZ)	$(cut -d' ' -f1-3 /proc/loadavg)" >> "$dir/meta.tsv"
  done
done

# shellcheck disable=SC2086
python3 "$BENCH_ROOT/bench/query_report.py" "$SCRATCH/runs" ${REPORT_SIZES:-} > "$REPORT.tmp" &&
  mv "$REPORT.tmp" "$REPORT" && cat "$REPORT"
log "report: $REPORT (raw logs and results: $SCRATCH/runs/)"
