#!/usr/bin/env bash
# bench/update_bench.sh: SPARQL INSERT DATA on a database that already holds
# a generated graph (issue 6, item 7; bench/update_bench.cc, target
# kg_update_bench; docs/benchmarks.md, "Updates"):
#   fsync    the disk's raw rate of a small append + fdatasync, in the folder
#            of the database (the physical limit of durable commits)
#   durable  single-triple INSERT DATA requests, each a durable transaction
#   paired   fsync and durable in one process, alternating blocks of 100, so
#            that both meet the disk in the same state (its sync latency on
#            this shared machine changes from minute to minute)
#   bulk     a disjoint generated graph sent as INSERT DATA requests of CHUNK
#            triples, sustained over BULK_TRIPLES, then the wait until no
#            compaction is pending; the same requests on Oxigraph (npm,
#            WASM, in memory; bench/oxigraph_update.js)
# Goals: durable >= 50% of the raw fsync rate; bulk >= 200,000 triples/s
# sustained including compaction (the drain after the stream counted).
# Writes a Markdown report to stdout and bench/results/update-<date>.md.
#
# Usage (from anywhere):  bench/update_bench.sh
# Env:
#   KG_BUILD=build          build directory holding kg, kg_gen, kg_update_bench
#                           (relative to the repo root unless absolute)
#   REPS=3                  repetitions of the bulk runs
#   SYNC_REPS=11            repetitions of fsync, durable and paired (seconds
#                           each); every run is a fresh process, on a fresh
#                           copy of the base database
#   BASE_TRIPLES=1000000    the base graph (kg_gen, seed 42), loaded with kg load
#   BULK_TRIPLES=5000000    the bulk graph (kg_gen --seed 7, entity IRIs renamed
#                           so that every triple is new to the base)
#   CHUNK=10000             triples per bulk INSERT DATA request
#   WINDOW=1000000          triples per window of the bulk rate
#   FSYNC_OPS=2000          timed append + fdatasync calls per fsync run
#   FSYNC_BYTES=64          bytes per append
#   DURABLE_REQUESTS=2000   timed single-triple requests per durable run (and
#                           per half of a paired run)
#   MODES="fsync durable paired bulk"; SYSTEMS="kg oxigraph" (for bulk)
#   BENCH_SCRATCH=/tmp/kg-bench  data and databases go to $BENCH_SCRATCH/update
#                           (the disk measured)
#   PEERS_DIR=../shared/peers (relative to the repo root unless absolute)
#   REPORT=bench/results/update-<date>.md; REPORT_OVERWRITE=1 replaces it
# Protocol (docs/benchmarks.md, "Updates"): each repetition runs fsync and
# durable back to back, then paired, then the bulk systems one after the
# other, the order of fsync/durable and of the bulk systems alternating
# between repetitions; the report gives the median and the range over the
# repetitions, and the 1-minute load average sampled every 5 s during each
# run. Never run two benches at once.
set -uo pipefail

BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$BENCH_ROOT" || exit 1
KG_BUILD=${KG_BUILD:-build}
case $KG_BUILD in /*) ;; *) KG_BUILD="$BENCH_ROOT/$KG_BUILD" ;; esac
PEERS_DIR=${PEERS_DIR:-../shared/peers}
case $PEERS_DIR in /*) ;; *) PEERS_DIR="$BENCH_ROOT/$PEERS_DIR" ;; esac
export PEERS_DIR
REPS=${REPS:-3}
SYNC_REPS=${SYNC_REPS:-11}
BASE_TRIPLES=${BASE_TRIPLES:-1000000}
BULK_TRIPLES=${BULK_TRIPLES:-5000000}
CHUNK=${CHUNK:-10000}
WINDOW=${WINDOW:-1000000}
FSYNC_OPS=${FSYNC_OPS:-2000}
FSYNC_BYTES=${FSYNC_BYTES:-64}
DURABLE_REQUESTS=${DURABLE_REQUESTS:-2000}
MODES=${MODES:-fsync durable paired bulk}
SYSTEMS=${SYSTEMS:-kg oxigraph}
BENCH_SCRATCH=${BENCH_SCRATCH:-/tmp/kg-bench}
WORK="$BENCH_SCRATCH/update"
STAMP=$(date +%Y-%m-%d)
REPORT=${REPORT:-bench/results/update-$STAMP.md}
if [ -e "$REPORT" ] && [ -z "${REPORT_OVERWRITE:-}" ]; then
  REPORT=${REPORT%.md}-$(date +%H%M).md
fi

has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }
for b in kg kg_gen kg_update_bench; do
  [ -x "$KG_BUILD/$b" ] || {
    echo "update_bench: $KG_BUILD/$b missing: cmake --build $KG_BUILD --target kg kg_gen kg_update_bench" >&2
    exit 1; }
done
if has "$MODES" bulk && has "$SYSTEMS" oxigraph &&
   [ ! -d "$PEERS_DIR/node/node_modules/oxigraph" ]; then
  echo "update_bench: Oxigraph not installed: bash $PEERS_DIR/node/install.sh" >&2
  exit 1
fi
mkdir -p "$WORK" "$(dirname "$REPORT")" || exit 1
RUNDIR="$WORK/runs-$$"
mkdir -p "$RUNDIR" || exit 1
RUNS="$RUNDIR/runs.tsv"
: > "$RUNS"

loadavg1() { cut -d' ' -f1 /proc/loadavg; }
log() { echo "[$(date +%H:%M:%S) load $(loadavg1)] $*" >&2; }

# --- data -------------------------------------------------------------------
BASE_NT="$WORK/base-$BASE_TRIPLES.nt"
BULK_NT="$WORK/bulk-$BULK_TRIPLES.nt"
GEN_ID=$(md5sum "$KG_BUILD/kg_gen" | cut -c1-12)
# Files are kept between runs, keyed by the generator binary.
if [ ! -s "$BASE_NT" ] || [ "$(cat "$BASE_NT.gen" 2>/dev/null)" != "$GEN_ID" ]; then
  log "generating $BASE_NT"
  "$KG_BUILD/kg_gen" "$BASE_TRIPLES" --seed 42 -q -o "$BASE_NT.tmp" &&
    mv "$BASE_NT.tmp" "$BASE_NT" && echo "$GEN_ID" > "$BASE_NT.gen" || exit 1
fi
if [ ! -s "$BULK_NT" ] || [ "$(cat "$BULK_NT.gen" 2>/dev/null)" != "$GEN_ID" ]; then
  log "generating $BULK_NT"
  # <.../news/person/7> becomes <.../news/person-b/7>: every entity is new,
  # the vocabulary (predicates, classes, literals) is the base graph's.
  "$KG_BUILD/kg_gen" "$BULK_TRIPLES" --seed 7 -q |
    sed 's#<http://kg.example.org/news/\([a-z]*\)/#<http://kg.example.org/news/\1-b/#g' \
      > "$BULK_NT.tmp" && mv "$BULK_NT.tmp" "$BULK_NT" && echo "$GEN_ID" > "$BULK_NT.gen" || exit 1
fi
BASE_MD5=$(md5sum "$BASE_NT" | cut -c1-32)
BULK_MD5=$(md5sum "$BULK_NT" | cut -c1-32)
BASE_DB="$WORK/base-$BASE_TRIPLES.kgdb"
rm -rf "$BASE_DB"
log "loading the base graph into $BASE_DB"
LOAD_LINE=$("$KG_BUILD/kg" load "$BASE_DB" "$BASE_NT" -q 2>&1 | tail -1) || {
  echo "update_bench: kg load failed: $LOAD_LINE" >&2; exit 1; }

# --- runs -------------------------------------------------------------------
# run MODE SYSTEM REP COMMAND...: runs COMMAND, sampling the load average,
# and records the run in $RUNS (the command's output is in $RUNDIR).
run() {
  local mode=$1 system=$2 rep=$3; shift 3
  local out="$RUNDIR/$mode-$system-$rep.txt" samples="$RUNDIR/$mode-$system-$rep.load"
  local before status
  before=$(loadavg1)
  log "run $rep: $mode $system"
  (while :; do loadavg1; sleep 5; done) > "$samples" &
  local sampler=$!
  "$@" > "$out" 2> "$out.err"
  status=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
  loadavg1 >> "$samples"
  local lo hi
  lo=$( (echo "$before"; cat "$samples") | sort -g | head -1)
  hi=$( (echo "$before"; cat "$samples") | sort -g | tail -1)
  [ "$status" -eq 0 ] || log "run $rep: $mode $system exited with $status: $(head -c 300 "$out.err")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$system" "$rep" "$status" \
    "$lo" "$hi" "$out" "${DB_BYTES:-}" >> "$RUNS"
}
fresh_db() {  # a fresh copy of the base database in $WORK/run, on disk
  # (synced, so that no writeback of the copy meets the timed fdatasyncs)
  rm -rf "$WORK/run" && mkdir -p "$WORK/run" && cp -a "$BASE_DB" "$WORK/run/db" &&
    sync "$WORK/run/db"/* "$WORK/run/db" "$WORK/run"
}

# The tree as the runs start (others may commit while they run).
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- store query bench/update_bench.cc CMakeLists.txt 2>/dev/null | head -1)
COMMAND="REPS=$REPS SYNC_REPS=$SYNC_REPS BASE_TRIPLES=$BASE_TRIPLES BULK_TRIPLES=$BULK_TRIPLES CHUNK=$CHUNK FSYNC_OPS=$FSYNC_OPS DURABLE_REQUESTS=$DURABLE_REQUESTS MODES=\"$MODES\" SYSTEMS=\"$SYSTEMS\" KG_BUILD=${KG_BUILD#"$BENCH_ROOT"/} bench/update_bench.sh"
STARTED=$(date -u '+%F %H:%M')
UPTIME_START=$(uptime)
ALL_REPS=$((REPS > SYNC_REPS ? REPS : SYNC_REPS))
for ((rep = 1; rep <= ALL_REPS; rep++)); do
  pair="fsync durable"; bulk="$SYSTEMS"
  if ((rep % 2 == 0)); then
    pair="durable fsync"; bulk=$(echo "$SYSTEMS" | tr ' ' '\n' | tac | tr '\n' ' ')
  fi
  ((rep <= SYNC_REPS)) || pair=""
  for m in $pair; do
    has "$MODES" "$m" || continue
    fresh_db || exit 1
    DB_BYTES=""
    if [ "$m" = fsync ]; then
      run fsync disk "$rep" "$KG_BUILD/kg_update_bench" fsync "$WORK/run" \
        --ops "$FSYNC_OPS" --bytes "$FSYNC_BYTES"
    else
      run durable kg "$rep" "$KG_BUILD/kg_update_bench" durable "$WORK/run/db" \
        --requests "$DURABLE_REQUESTS"
    fi
  done
  if has "$MODES" paired && ((rep <= SYNC_REPS)); then
    fresh_db || exit 1
    DB_BYTES=""
    run paired kg "$rep" "$KG_BUILD/kg_update_bench" paired "$WORK/run/db" \
      --ops "$DURABLE_REQUESTS" --bytes "$FSYNC_BYTES"
  fi
  has "$MODES" bulk && ((rep <= REPS)) || continue
  for s in $bulk; do
    DB_BYTES=""
    if [ "$s" = kg ]; then
      fresh_db || exit 1
      DB_BYTES=$(du -sb "$WORK/run/db" | cut -f1)
      run bulk kg "$rep" "$KG_BUILD/kg_update_bench" bulk "$WORK/run/db" "$BULK_NT" \
        --chunk "$CHUNK" --window "$WINDOW"
      # the database closed: its size before and after
      sed -i '$ s/$/\t'"$(du -sb "$WORK/run/db" | cut -f1)"'/' "$RUNS"
    else
      run bulk oxigraph "$rep" node bench/oxigraph_update.js "$BASE_NT" "$BULK_NT" \
        --chunk "$CHUNK" --window "$WINDOW"
    fi
  done
done
rm -rf "$WORK/run"
FINISHED=$(date -u '+%H:%M')
UPTIME_END=$(uptime)

# --- report -----------------------------------------------------------------
bt=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$KG_BUILD/CMakeCache.txt" 2>/dev/null | head -1)
built=$(date -u -r "$KG_BUILD/kg_update_bench" '+%F %H:%M')
{
  echo "# Updates: durable single-triple transactions and bulk INSERT DATA"
  echo
  echo "Made by \`bench/update_bench.sh\` (protocol in \`docs/benchmarks.md\`, section \"Updates\")."
  echo
  echo "Command: \`$COMMAND\`"
  echo
  echo "| | |"
  echo "| --- | --- |"
  echo "| kg build | HEAD $rev at the start${dirty:+, with uncommitted changes in store/, query/ or the bench}; \`$(basename "$KG_BUILD")/kg_update_bench\` built $built UTC, ${bt:-build type unknown} |"
  if has "$MODES" bulk && has "$SYSTEMS" oxigraph; then
    echo "| peer | Oxigraph $(node -p "require('$PEERS_DIR/node/node_modules/oxigraph/package.json').version") (npm: Rust compiled to WASM, in-memory store; not native Oxigraph on RocksDB), Node $(node --version) |"
  fi
  echo "| host | $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), Linux $(uname -r) |"
  echo "| disk | $(df -T "$WORK" | awk 'NR == 2 { print $2 " (" $1 ")" }') for the databases and the fsync file |"
  echo "| base graph | \`kg_gen $BASE_TRIPLES --seed 42\` (md5 $BASE_MD5), \`kg load\`: $LOAD_LINE |"
  echo "| bulk graph | \`kg_gen $BULK_TRIPLES --seed 7\` with entity IRIs renamed (md5 $BULK_MD5), $CHUNK triples per request |"
  echo "| ran (UTC) | $STARTED–$FINISHED |"
  echo "| uptime | start: \`${UPTIME_START#*up }\`; end: \`${UPTIME_END#*up }\` |"
  echo
  python3 - "$RUNS" "$CHUNK" "$WINDOW" "$FSYNC_BYTES" <<'PY'
import re, statistics, sys
runs_file, chunk, window, fsync_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
runs = []
for line in open(runs_file):
    f = line.rstrip("\n").split("\t")
    mode, system, rep, status, lo, hi, out = f[:7]
    db_before = f[7] if len(f) > 7 else ""
    db_after = f[8] if len(f) > 8 else ""
    text = open(out).read()
    kv, windows, modes = {}, [], {}
    for l in text.splitlines():
        pairs = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', l))
        if l.startswith("window="):
            windows.append(float(pairs["triples_per_s"]))
        elif l.startswith("mode="):
            modes[pairs["mode"]] = pairs
            kv.update(pairs)
        elif re.match(r"(system|failed|ratio|wal_bytes_per_op)=", l):
            kv.update(pairs)
    runs.append(dict(mode=mode, system=system, rep=int(rep), status=int(status),
                     lo=lo, hi=hi, kv=kv, windows=windows, modes=modes,
                     db_before=db_before, db_after=db_after))

def ok(r):
    return r["status"] == 0 and any(k in r["kv"] for k in ("ops_per_s", "sustained_per_s"))
def sel(mode, system): return [r for r in runs if r["mode"] == mode and r["system"] == system and ok(r)]
def vals(rs, key): return [float(r["kv"][key]) for r in rs]
def med(v): return statistics.median(v) if v else float("nan")
def fmt(x, d=0):
    if x != x: return "n/a"
    return f"{x:,.{d}f}"
def mr(v, d=0, scale=1.0):
    if not v: return "n/a"
    v = [x * scale for x in v]
    return f"{fmt(med(v), d)} ({fmt(min(v), d)}–{fmt(max(v), d)})"
def loads(rs):
    if not rs: return "n/a"
    return f"{min(float(r['lo']) for r in rs):.2f}–{max(float(r['hi']) for r in rs):.2f}"

fs, du = sel("fsync", "disk"), sel("durable", "kg")
if fs or du:
    print("## Durable single-triple transactions against the disk's fdatasync rate")
    print()
    print("Median (min–max) over the runs. **fsync**: one append of a small record to a new file in the database's folder, then `fdatasync` (the physical limit of a durable commit on this disk). **durable**: one `INSERT DATA { <new subject> <p> <o> }` through `Database::Update` with `sync_commits` on (parse, transaction, one RocksDB `WriteBatch` with the WAL synced). Latencies in ms.")
    print()
    print("| | runs | ops/s | p50 ms | p99 ms | 1-min load during the runs |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, rs in (("raw append + fdatasync", fs), ("kg durable INSERT DATA", du)):
        print(f"| {name} | {len(rs)} | {mr(vals(rs, 'ops_per_s'))} | {mr(vals(rs, 'p50_us'), 2, 1e-3)} | {mr(vals(rs, 'p99_us'), 2, 1e-3)} | {loads(rs)} |")
    if fs and du:
        ratio = med(vals(du, "ops_per_s")) / med(vals(fs, "ops_per_s"))
        per_rep = []
        for r in du:
            peer = [x for x in fs if x["rep"] == r["rep"]]
            if peer:
                per_rep.append(float(r["kv"]["ops_per_s"]) / float(peer[0]["kv"]["ops_per_s"]))
        print()
        verdict = "met" if ratio >= 0.5 else f"**no** ({ratio / 0.5:.2f}× the goal)"
        print(f"durable ÷ raw fsync = **{ratio:.2f}** (of the medians; per repetition {', '.join(f'{x:.2f}' for x in per_rep)}); goal ≥ 0.50: {verdict}.")
    if du and "wal_bytes_per_op" in du[0]["kv"]:
        print()
        print(f"Each single-triple commit wrote {fmt(med(vals(du, 'wal_bytes_per_op')))} bytes to RocksDB's write-ahead log (the growth of the `*.log` files per request), against {fsync_bytes} bytes per append in the fsync runs.")
    print()

pa = sel("paired", "kg")
if pa:
    print("## The same, interleaved in one process (paired)")
    print()
    print("`kg_update_bench paired`: blocks of 100 fsync appends and 100 durable requests alternate in one process until each has done the number above, so that both meet the disk in the same state. Median (min–max) over the runs.")
    print()
    print("| | runs | ops/s | p50 ms | p99 ms | 1-min load during the runs |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, m in (("raw append + fdatasync", "paired_fsync"), ("kg durable INSERT DATA", "paired_durable")):
        def pv(key): return [float(r["modes"][m][key]) for r in pa]
        print(f"| {name} | {len(pa)} | {mr(pv('ops_per_s'))} | {mr(pv('p50_us'), 2, 1e-3)} | {mr(pv('p99_us'), 2, 1e-3)} | {loads(pa)} |")
    ratios = [float(r["kv"]["ratio"]) for r in pa]
    ratio = med(ratios)
    print()
    verdict = "met" if ratio >= 0.5 else f"**no** ({ratio / 0.5:.2f}× the goal)"
    print(f"durable ÷ raw fsync, paired = **{ratio:.2f}** (median of the runs' ratios: {', '.join(f'{x:.2f}' for x in ratios)}); goal ≥ 0.50: {verdict}.")
    print()

kb, ox = sel("bulk", "kg"), sel("bulk", "oxigraph")
failed = [r for r in runs if r["mode"] == "bulk" and not ok(r)]
if kb or ox or failed:
    print("## Bulk INSERT DATA")
    print()
    print(f"Requests of {chunk:,} triples each, sent one after the other. **sustained** = triples ÷ the sum of the `Update` calls' times (write stalls for flushes and compactions included; building each request's text is not timed); **drain** = the time after the last request until RocksDB has no flush or compaction running or due (`Store::WaitForCompactions`: the merging the stream left behind; 0 for Oxigraph, in memory); **with compaction** = triples ÷ (the `Update` times + the drain), the figure the goal is read from; **with close** = triples ÷ (the whole request loop + the drain + closing the database). Median (min–max) over the runs.")
    print()
    print("| system | runs | sustained triples/s | drain s | with compaction triples/s | request p50 triples/s | request p10 triples/s | slowest request s | with close triples/s | close s | peak RSS MiB | DB bytes before → after | 1-min load during the runs |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, rs in (("kg", kb), ("Oxigraph (npm WASM, in memory)", ox)):
        if not rs: continue
        if rs[0]["db_after"]:
            before = med([float(r["db_before"]) for r in rs]); after = med([float(r["db_after"]) for r in rs])
            dbb = f"{before / 1e6:,.0f} MB → {after / 1e6:,.0f} MB"
        else:
            dbb = "in memory"
        print(f"| {name} | {len(rs)} | {mr(vals(rs, 'sustained_per_s'))} | {mr(vals(rs, 'drain_s'), 2)} | {mr(vals(rs, 'with_compaction_per_s'))} | {mr(vals(rs, 'request_p50_per_s'))} | {mr(vals(rs, 'request_p10_per_s'))} | {mr(vals(rs, 'request_max_s'), 2)} | {mr(vals(rs, 'with_close_per_s'))} | {mr(vals(rs, 'close_s'), 2)} | {mr(vals(rs, 'peak_rss_mib'))} | {dbb} | {loads(rs)} |")
    for r in failed:
        kv = r["kv"]
        print(f"| {r['system']} run {r['rep']} | **failed** (exit {r['status']}) | {kv.get('failed', 'see its log')} after {kv.get('after_triples', '?')} triples | | | | | | | | | | {r['lo']}–{r['hi']} |")
    print()
    if kb:
        k = med(vals(kb, "with_compaction_per_s"))
        ks = med(vals(kb, "sustained_per_s"))
        verdict = "met" if k >= 200000 else f"**no**: {k / 200000:.2f}× the goal, {200000 / k:.1f}× short"
        print(f"- kg with compaction ÷ 200,000 goal = **{k / 200000:.3f}**: {verdict}. (The `Update` calls alone: {fmt(ks)} triples/s, {ks / 200000:.3f}× the goal.)")
        if ox:
            o = med(vals(ox, "with_compaction_per_s"))
            print(f"- kg ÷ Oxigraph {ox[0]['kv'].get('version', '?')} (npm WASM, in memory, nothing to compact) with compaction = **{k / o:.3f}** ({fmt(k)} against {fmt(o)} triples/s); the `Update` calls alone: {ks / o:.3f}.")
        print()
    nwin = max([len(r["windows"]) for r in kb + ox] or [0])
    if nwin > 1:
        print(f"Rate per window of the bulk stream: {window:,} consecutive triples of the file ÷ the sum of their requests' `Update` times, triples/s, median over the runs. A slowdown as the database grows shows here.")
        print()
        print("| system | " + " | ".join(f"window {i + 1}" for i in range(nwin)) + " |")
        print("| --- | " + " | ".join("---" for _ in range(nwin)) + " |")
        for name, rs in (("kg", kb), ("Oxigraph", ox)):
            if not rs: continue
            cells = []
            for i in range(nwin):
                v = [r["windows"][i] for r in rs if len(r["windows"]) > i]
                cells.append(fmt(med(v)) if v else "n/a")
            print(f"| {name} | " + " | ".join(cells) + " |")
        print()

print("## Every run")
print()
print("| rep | mode | system | exit | figures | 1-min load (min–max) |")
print("| --- | --- | --- | --- | --- | --- |")
for r in sorted(runs, key=lambda r: r["rep"]):
    kv = r["kv"]
    if r["mode"] == "paired":
        fig = "; ".join(f"{m}: {d.get('ops_per_s')} ops/s, p50 {d.get('p50_us')} µs, p99 {d.get('p99_us')} µs" for m, d in r["modes"].items()) + f"; ratio {kv.get('ratio', '?')}"
    elif r["mode"] == "bulk":
        fig = f"sustained {kv.get('sustained_per_s', '?')}/s, drain {kv.get('drain_s', '?')} s, with compaction {kv.get('with_compaction_per_s', '?')}/s, loop {kv.get('loop_s', '?')} s, close {kv.get('close_s', '?')} s, windows " + ", ".join(f"{w:,.0f}" for w in r["windows"])
        if "failed" in kv: fig += f"; failed after {kv.get('after_triples')} triples: {kv['failed']}"
    else:
        fig = f"{kv.get('ops_per_s', '?')} ops/s, p50 {kv.get('p50_us', '?')} µs, p99 {kv.get('p99_us', '?')} µs, max {kv.get('max_us', '?')} µs"
    print(f"| {r['rep']} | {r['mode']} | {r['system']} | {r['status']} | {fig} | {r['lo']}–{r['hi']} |")
PY
} | tee "$REPORT"
log "report: $REPORT (raw runs in $RUNDIR)"
