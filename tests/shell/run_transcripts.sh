#!/usr/bin/env bash
# Transcript tests of the kg shell. Each tests/shell/NAME.in is piped into
# `kg DB`, DB a fresh copy of the UN dataset (datasets/unsc/unsc.trig), in a
# scratch folder holding a copy of fixtures/. Its stdout and stderr, merged,
# followed by a line "[exit STATUS]" and the contents of any *.txt file the
# session wrote (.output), must equal NAME.out byte for byte.
# Engine times print as "N ms", sizes on disk from .compact as "N bytes",
# and the scratch folder as TMP.
#
# Usage: run_transcripts.sh KG_BINARY [NAME...]
#        KG_UPDATE=1 run_transcripts.sh ...   rewrites the .out files (read
#        the diff before keeping it).
set -uo pipefail
KG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! "$KG" load "$T/unsc.kgdb" "$SRC/datasets/unsc/unsc.trig" -q >"$T/load.log" 2>&1; then
  echo "FAIL: cannot load the UN dataset"; cat "$T/load.log"; exit 1
fi

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$HERE"/*.in; do names+=("$(basename "$f" .in)"); done
fi

pass=0
fail=0
for name in "${names[@]}"; do
  rm -rf "$T/work" "$T/home"
  mkdir -p "$T/work" "$T/home"
  cp -r "$HERE/fixtures" "$T/work/fixtures"
  cp -r "$T/unsc.kgdb" "$T/work/db"
  (
    cd "$T/work" &&
      env KG_HOME="$T/home" LC_ALL=C.UTF-8 "$KG" db <"$HERE/$name.in" >"$T/actual" 2>&1
    echo "[exit $?]" >>"$T/actual"
    # Files the session wrote (.output) follow the transcript.
    for f in *.txt; do
      [ -e "$f" ] || continue
      echo "--- $f ---" >>"$T/actual"
      cat "$f" >>"$T/actual"
    done
  )
  sed -i -e "s|$T|TMP|g" -e 's/time: [0-9.]* ms/time: N ms/' \
    -e 's/on disk [0-9]* bytes before, [0-9]* after/on disk N bytes before, N after/' \
    "$T/actual"
  if [ "${KG_UPDATE:-0}" = 1 ]; then
    cp "$T/actual" "$HERE/$name.out"
  fi
  if cmp -s "$T/actual" "$HERE/$name.out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $name"
    diff -u "$HERE/$name.out" "$T/actual" | head -40
  fi
done
echo "shell transcripts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
