#!/usr/bin/env bash
# Crash test of the bulk loader: a child `kg load` is killed with SIGKILL at
# moments spread over the whole load, and inside the ingestion window (the
# KG_TEST_PAUSE_BEFORE_INGEST_MS hook). After each kill the database must
# open, pass `kg check`, and hold all of that load or none of it. Also kills
# while a load creates its database, and during `kg backup`.
# Usage: crash_load_test.sh KG_BINARY KG_GEN_BINARY
set -uo pipefail
KG=$1
GEN=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

"$GEN" 20000 --seed 1 -o "$T/base.nt" >/dev/null
"$GEN" 400000 --seed 2 -o "$T/big.nt" >/dev/null
"$KG" load -q "$T/base" "$T/base.nt" >/dev/null || { echo "base load failed"; exit 1; }
quads() { "$KG" stats "$1" | awk '/^quads /{print $2}'; }
none=$(quads "$T/base")
cp -r "$T/base" "$T/full"
start=$(date +%s%N)
"$KG" load -q "$T/full" "$T/big.nt" >/dev/null || { echo "full load failed"; exit 1; }
dur_ms=$(( ($(date +%s%N) - start) / 1000000 ))
all=$(quads "$T/full")
echo "base $none quads, after the load $all quads, load takes ${dur_ms} ms"

verify() {  # verify DESCRIPTION
  if ! "$KG" check "$T/db" >"$T/check.out" 2>&1; then
    bad "$1: kg check failed"; sed 's/^/  | /' "$T/check.out" | head -5; return
  fi
  local n
  n=$(quads "$T/db")
  if [ "$n" = "$none" ]; then echo "$1: none of the load"; pass=$((pass + 1))
  elif [ "$n" = "$all" ]; then echo "$1: all of the load"; pass=$((pass + 1))
  else bad "$1: $n quads, neither $none nor $all"; fi
}

# 20 kills spread over the whole load.
for i in $(seq 1 20); do
  rm -rf "$T/db"; cp -r "$T/base" "$T/db"
  delay_ms=$(( dur_ms * i / 21 ))
  "$KG" load -q "$T/db" "$T/big.nt" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  verify "kill at ${delay_ms} ms"
done

# 4 kills in the ingestion window: the loader announces it, then pauses
# 300 ms before the one atomic IngestExternalFiles call.
for j in 0 100 250 310; do
  rm -rf "$T/db"; cp -r "$T/base" "$T/db"
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  KG_TEST_PAUSE_BEFORE_INGEST_MS=300 "$KG" load -q "$T/db" "$T/big.nt" >/dev/null 2>"$T/fifo" &
  pid=$!
  grep -q -m1 "kg-test: ingesting" "$T/fifo"
  sleep "0.$(printf '%03d' $j)"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  verify "kill ${j} ms into the ingestion window"
done

# Kills while a load creates its database (the first 90 ms of the process):
# whatever is left, the same load run again must succeed and kg check pass.
: >"$T/empty.nt"
for ms in 5 10 15 20 25 30 40 50 60 90; do
  rm -rf "$T/new"
  "$KG" load -q "$T/new" "$T/empty.nt" >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf '%03d' $ms)"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  if "$KG" load -q "$T/new" "$T/base.nt" >/dev/null 2>"$T/err" &&
      "$KG" check "$T/new" >/dev/null 2>&1; then
    pass=$((pass + 1))
  else
    bad "load after a kill ${ms} ms into creating the database: $(head -1 "$T/err")"
  fi
done

# Kills during kg backup of the loaded database: the source must stay intact
# (kg check, same quad count) and the backup folder either absent or a whole
# database that kg restore accepts.
for ms in 2 5 10 20 40 80; do
  rm -rf "$T/bk" "$T/bk.tmp" "$T/restored"
  "$KG" backup "$T/full" "$T/bk" >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf '%03d' $ms)"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  if ! "$KG" check "$T/full" >/dev/null 2>&1 || [ "$(quads "$T/full")" != "$all" ]; then
    bad "kill ${ms} ms into a backup: the source changed"
  elif [ -e "$T/bk" ] && ! { "$KG" restore "$T/bk" "$T/restored" >/dev/null 2>&1 &&
      [ "$(quads "$T/restored")" = "$all" ]; }; then
    bad "kill ${ms} ms into a backup: the backup folder is not a whole database"
  else
    pass=$((pass + 1))
  fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
