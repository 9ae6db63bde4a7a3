# shellcheck shell=bash
# bench/peers.sh: one timed bulk load of one system (kg or a peer from
# ../shared/peers), reported as one tab-separated record. Sourced by
# bench/load_bench.sh; usable by other benches.
#
# Each run_<system> function takes DATA.nt and a scratch directory, runs the
# system in a fresh process under /usr/bin/time -v, and prints one line:
#   status  load_s  wall_s  rss_kib  disk_bytes  loaded  note
# status   ok | FAIL
# load_s   the load time: for kg the whole `kg load` process (wall clock);
#          for a peer the load as the peer's own script reports it (its
#          process start, server start and file copies are not included)
# wall_s   wall clock of the whole process (peers: script, server and all)
# rss_kib  peak resident set size of the process tree (GNU time "Maximum
#          resident set size"; servers started by the script are included
#          because the script reaps them)
# disk_bytes  `du -sb` of the closed database (NA for in-memory stores)
# loaded   number of triples (Kùzu: edges) the system says it holds
#
# Needs: BENCH_ROOT (repo root), PEERS_DIR, KG_BUILD, BENCH_QUERIES.

# Seconds from GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): ...".
bench_elapsed() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
      printf "%.3f", s }' "$1"
}
bench_now() { date +%s.%N; }
bench_since() { awk -v a="$1" -v b="$(bench_now)" 'BEGIN { printf "%.3f", b - a }'; }
bench_rss() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }
# Tab-free, one-line tail of a log for the note column.
bench_tail() { tail -n "${2:-2}" "$1" 2>/dev/null | tr '\t\n' '  ' | cut -c1-200; }
# Why a run failed: the first error-looking line of its log, else its tail.
bench_why() {
  local line
  line=$(grep -m1 -E 'Error|error|FATAL|Killed|refusing' "$1" 2>/dev/null | tr '\t' ' ' | cut -c1-200)
  if [ -n "$line" ]; then echo "$line"; else bench_tail "$1"; fi
}

# kg: `kg load DB FILE` into a fresh database directory.
run_kg() {
  local nt=$1 dir=$2 db="$2/kg.kgdb" rc
  rm -rf "$db"
  local t0
  t0=$(bench_now)
  # shellcheck disable=SC2086  # KG_LOAD_ARGS is a list of words
  /usr/bin/time -v -o "$dir/time.txt" "$KG_BUILD/kg" load $KG_LOAD_ARGS "$db" "$nt" \
    > "$dir/log.txt" 2>&1
  rc=$?
  local wall rss disk loaded
  wall=$(bench_since "$t0")
  rss=$(bench_rss "$dir/time.txt")
  if [ "$rc" -ne 0 ] || [ ! -d "$db" ]; then
    printf 'FAIL\tNA\t%s\t%s\tNA\tNA\texit %s: %s\n' "$wall" "$rss" "$rc" "$(bench_why "$dir/log.txt")"
    rm -rf "$db"
    return
  fi
  disk=$(du -sb "$db" | cut -f1)
  # The summary line: "loaded N quads (...) from 1 file in S s, R quads/s".
  loaded=$(grep -oiE 'loaded [0-9][0-9,]* (triples|quads)' "$dir/log.txt" | tail -1 |
    grep -oE '[0-9][0-9,]*' | tr -d ,)
  printf 'ok\t%s\t%s\t%s\t%s\t%s\t%s\n' "$wall" "$wall" "$rss" "$disk" "${loaded:-NA}" \
    "$(bench_tail "$dir/log.txt" 1)"
  rm -rf "$db"
}

# Virtuoso 7 (Debian): ld_dir + rdf_loader_run + checkpoint through isql.
# Disk = virtuoso.db + virtuoso.trx after the server's clean shutdown (the
# script's copy of the input and the temp database are not counted).
run_virtuoso() {
  local nt=$1 dir=$2 rc
  REPEAT=1 KEEP_DB=1 OUT_DIR="$dir/out" /usr/bin/time -v -o "$dir/time.txt" \
    bash "$PEERS_DIR/virtuoso/run.sh" "$nt" "$BENCH_QUERIES/count.rq" > "$dir/log.txt" 2>&1
  rc=$?
  local vdb load loaded wall rss disk=NA
  vdb=$(sed -n 's/^virtuoso pid [0-9]*, db \(.*\)$/\1/p' "$dir/log.txt" | head -1)
  load=$(sed -n 's/^LOAD \([0-9.]*\) s.*/\1/p' "$dir/log.txt")
  loaded=$(sed -n 's/^LOAD .*triples in graph: \([0-9]*\).*/\1/p' "$dir/log.txt")
  wall=$(bench_elapsed "$dir/time.txt")
  rss=$(bench_rss "$dir/time.txt")
  if [ -n "$vdb" ] && [ -f "$vdb/virtuoso.db" ]; then
    disk=$(du -cb "$vdb/virtuoso.db" "$vdb/virtuoso.trx" 2>/dev/null | tail -1 | cut -f1)
  fi
  case $vdb in /tmp/peer-virtuoso.*) rm -rf "$vdb" ;; esac
  if [ "$rc" -ne 0 ] || [ -z "$load" ]; then
    printf 'FAIL\tNA\t%s\t%s\tNA\tNA\texit %s: %s\n' "$wall" "$rss" "$rc" "$(bench_why "$dir/log.txt")"
    return
  fi
  printf 'ok\t%s\t%s\t%s\t%s\t%s\t%s\n' "$load" "$wall" "$rss" "$disk" "${loaded:-NA}" \
    "$(grep '^LOAD' "$dir/log.txt" | tr '\t' ' ')"
}

# Oxigraph (npm, Rust compiled to WASM, in-memory Store): Store.load of the
# file's bytes in one call; load_s excludes reading the file.
run_oxigraph() {
  local nt=$1 dir=$2 rc
  REPEAT=1 /usr/bin/time -v -o "$dir/time.txt" \
    node "$PEERS_DIR/node/oxigraph_run.js" "$nt" "$BENCH_QUERIES/count.rq" > "$dir/log.txt" 2>&1
  rc=$?
  local load loaded wall rss
  load=$(sed -n 's/^LOAD \([0-9.]*\) s.*/\1/p' "$dir/log.txt")
  loaded=$(sed -n 's/^LOAD .*store.size \([0-9]*\).*/\1/p' "$dir/log.txt")
  wall=$(bench_elapsed "$dir/time.txt")
  rss=$(bench_rss "$dir/time.txt")
  if [ "$rc" -ne 0 ] || [ -z "$load" ]; then
    printf 'FAIL\tNA\t%s\t%s\tNA\tNA\texit %s: %s\n' "$wall" "$rss" "$rc" "$(bench_why "$dir/log.txt")"
    return
  fi
  printf 'ok\t%s\t%s\t%s\tNA\t%s\t%s\n' "$load" "$wall" "$rss" "${loaded:-NA}" \
    "$(grep '^LOAD' "$dir/log.txt" | tr '\t' ' ')"
}

# Kùzu (npm, native): the peer script converts the IRI-object triples to a
# tab-separated edge list in JS (not timed as load), then COPY Entity + COPY
# Rel; literal triples are skipped, so `loaded` counts edges only.
run_kuzu() {
  local nt=$1 dir=$2 rc
  rm -rf "$dir/tmp" && mkdir -p "$dir/tmp"
  # The peer's nt->csv step keeps every entity in a JS Set and runs out of
  # Node's default heap at 10M triples; give it more (KUZU_NODE_HEAP_MB).
  REPEAT=1 KEEP_DB=1 TMPDIR="$dir/tmp" /usr/bin/time -v -o "$dir/time.txt" \
    node --max-old-space-size="${KUZU_NODE_HEAP_MB:-8192}" "$PEERS_DIR/node/kuzu_run.js" "$nt" "$BENCH_QUERIES/count.cypher" > "$dir/log.txt" 2>&1
  rc=$?
  local load loaded wall rss disk=NA
  load=$(sed -n 's/^LOAD \([0-9.]*\) s.*/\1/p' "$dir/log.txt")
  loaded=$(sed -n 's/^LOAD .*edges in db \([0-9]*\).*/\1/p' "$dir/log.txt")
  wall=$(bench_elapsed "$dir/time.txt")
  rss=$(bench_rss "$dir/time.txt")
  local kdb
  kdb=$(find "$dir/tmp" -maxdepth 2 -name db 2>/dev/null | head -1)
  [ -n "$kdb" ] && disk=$(du -sb "$kdb" | cut -f1)
  rm -rf "$dir/tmp"
  if [ "$rc" -ne 0 ] || [ -z "$load" ]; then
    printf 'FAIL\tNA\t%s\t%s\tNA\tNA\texit %s: %s\n' "$wall" "$rss" "$rc" "$(bench_why "$dir/log.txt")"
    return
  fi
  printf 'ok\t%s\t%s\t%s\t%s\t%s\t%s\n' "$load" "$wall" "$rss" "$disk" "${loaded:-NA}" \
    "$(grep -E '^(CONVERT|LOAD)' "$dir/log.txt" | sed 's/ (nt -> tab-separated csv: / (/' | tr '\t\n' '  ')"
}

# The build each system's figures belong to, for the report.
describe_system() {
  case $1 in
    kg)
      local rev
      rev=$(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")
      if [ -n "$(git -C "$BENCH_ROOT" status --porcelain 2>/dev/null | head -1)" ]; then
        rev="$rev + uncommitted changes"
      fi
      echo "kg ($rev; \`$KG_BUILD/kg load\`${KG_LOAD_ARGS:+ $KG_LOAD_ARGS}, $(bench_build_type))" ;;
    virtuoso)
      echo "Virtuoso OS $(dpkg-query -W -f '${Version}' virtuoso-opensource-7-bin 2>/dev/null) (Debian), ld_dir + rdf_loader_run + checkpoint" ;;
    oxigraph)
      echo "Oxigraph $(bench_npm_version oxigraph) npm WASM in-memory, Store.load (Node $(node --version 2>/dev/null))" ;;
    kuzu)
      echo "Kùzu $(bench_npm_version kuzu) npm native, COPY of IRI-object triples only (nt→csv conversion not timed)" ;;
  esac
}
bench_npm_version() {
  node -p "require('$PEERS_DIR/node/node_modules/$1/package.json').version" 2>/dev/null || echo "?"
}
bench_build_type() {
  sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$KG_BUILD/CMakeCache.txt" 2>/dev/null | head -1 | grep . ||
    echo "build type unknown"
}

# Whether a system can run here; prints the reason when it cannot.
system_missing() {
  # The peers folder as the repository sees it (no machine path in reports).
  local peers
  peers=$(realpath -m --relative-to="$BENCH_ROOT" "$PEERS_DIR")
  case $1 in
    kg) [ -x "$KG_BUILD/kg" ] || echo "$KG_BUILD/kg not built" ;;
    virtuoso) command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null ||
                echo "not installed: bash $peers/virtuoso/install.sh" ;;
    oxigraph) [ -d "$PEERS_DIR/node/node_modules/oxigraph" ] ||
                echo "not installed: bash $peers/node/install.sh" ;;
    kuzu) [ -d "$PEERS_DIR/node/node_modules/kuzu" ] ||
            echo "not installed: bash $peers/node/install.sh" ;;
    *) echo "unknown system" ;;
  esac
}
