#!/usr/bin/env bash
# Command-line tests of the kg program: help, exit codes, atomic loads,
# errors with positions, dump/load round trips. Usage: cli_test.sh KG_BINARY
set -uo pipefail
KG=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_rc() {  # expect_rc WANT DESCRIPTION -- command...
  local want=$1 what=$2
  shift 3
  "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ "$rc" -eq "$want" ]; then ok; else
    bad "$what: exit $rc, wanted $want"; sed 's/^/  | /' "$T/err" | head -5
  fi
}
contains() {  # contains FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in output"; sed 's/^/  | /' "$1" | head -5; fi
}

# --help on every command, exit 0.
for c in "" load dump stats analyze check; do
  expect_rc 0 "kg $c --help" -- $KG $c --help
  contains "$T/out" "Usage" "kg $c --help"
done
expect_rc 2 "unknown option is a usage error" -- $KG load --no-such-option x y

cat >"$T/a.ttl" <<'TTL'
@prefix : <http://kg.example.org/unsc/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:France :drafted :Draft2020 ; rdfs:label "France"@en, "فرنسا"@ar .
:Russia :vetoed :USGazaDraft2024 .
:Draft2020 :vote-count 13 ; :date "2020-07-01"^^<http://www.w3.org/2001/XMLSchema#date> .
_:b1 :says "غوتيريش" .
TTL
cat >"$T/b.nq" <<'NQ'
<http://kg.example.org/unsc/Hafter> <http://kg.example.org/unsc/backed-by> <http://kg.example.org/unsc/Russia> <http://kg.example.org/unsc/article/003> .
_:b1 <http://kg.example.org/unsc/says> "other" <http://kg.example.org/unsc/article/003> .
NQ

# Commands other than load never create a database.
for c in stats dump check analyze; do
  expect_rc 1 "kg $c on a missing database" -- $KG $c "$T/none"
  contains "$T/err" "no kg database" "kg $c on a missing database"
done
[ ! -e "$T/none" ] && ok || bad "a missing database was created"

expect_rc 0 "load two files" -- $KG load "$T/db" "$T/a.ttl" "$T/b.nq"
contains "$T/out" "loaded 9 quads" "load summary"
expect_rc 0 "check after load" -- $KG check "$T/db"
expect_rc 0 "stats" -- $KG stats "$T/db"
contains "$T/out" "quads            9" "stats quads"
contains "$T/out" "<http://kg.example.org/unsc/article/003>" "stats per graph"
# Blank nodes of two files stay apart: two distinct _:b1 subjects.
$KG dump "$T/db" --format nq >"$T/dump.nq"
n=$(grep -c '/says>' "$T/dump.nq")
s=$(grep '/says>' "$T/dump.nq" | cut -d' ' -f1 | sort -u | wc -l)
[ "$n" = 2 ] && [ "$s" = 2 ] && ok || bad "blank nodes of two files merged ($n quads, $s subjects)"
contains "$T/dump.nq" '"فرنسا"@ar' "Arabic literal dumped"
contains "$T/dump.nq" '"13"^^<http://www.w3.org/2001/XMLSchema#integer>' "inline integer dumped"

# A bad file: error with its position, non-zero exit, database unchanged.
before=$($KG dump "$T/db" --format nq | sort | md5sum)
printf '<http://a> <http://b> <http://c> .\n<http://a> <http://b> "غوتيريش .\n' >"$T/bad.nt"
expect_rc 1 "load of a bad file" -- $KG load "$T/db" "$T/a.ttl" "$T/bad.nt"
contains "$T/err" "bad.nt:2:" "error position"
after=$($KG dump "$T/db" --format nq | sort | md5sum)
[ "$before" = "$after" ] && ok || bad "a failed load changed the database"
expect_rc 0 "check after failed load" -- $KG check "$T/db"
ls "$T/db" | grep -q load-tmp && bad "temporary files left" || ok
# A failed load into a new database leaves no database.
expect_rc 1 "failed first load" -- $KG load "$T/db2" "$T/bad.nt"
[ ! -e "$T/db2" ] && ok || bad "failed first load left a database"
# Lenient: skips the bad statement and says where.
expect_rc 0 "lenient load" -- $KG load "$T/db3" --lenient "$T/bad.nt"
contains "$T/err" "bad.nt:2:" "lenient report"
contains "$T/out" "1 bad statements skipped" "lenient summary"

# Dump and reload in every format gives the same quads.
for f in nq trig; do
  $KG dump "$T/db" --format $f -o "$T/round.$f" || bad "dump $f"
  rm -rf "$T/r"
  expect_rc 0 "reload $f" -- $KG load "$T/r" "$T/round.$f"
  a=$($KG dump "$T/db" --format nq | sed 's/_:[^ ]*/_:B/g' | sort | md5sum)
  b=$($KG dump "$T/r" --format nq | sed 's/_:[^ ]*/_:B/g' | sort | md5sum)
  [ "$a" = "$b" ] && ok || bad "dump/load round trip in $f differs"
done

# stdin needs --format; with it, works.
expect_rc 2 "stdin without --format" -- $KG load "$T/db4" -
printf '<http://a> <http://b> "x" .\n' | $KG load "$T/db4" - --format nt >/dev/null 2>&1 && ok || bad "stdin load"

# A second writer is told who holds the database; readers open beside it.
$KG "$T/db" < <(sleep 3; echo .quit) >/dev/null 2>&1 &
holder=$!
sleep 1
expect_rc 1 "second writer" -- $KG load "$T/db" "$T/a.ttl"
contains "$T/err" "in use by pid" "busy message"
expect_rc 0 "reader beside the writer" -- $KG stats "$T/db"
wait $holder

# analyze makes the distinct counts exact again.
expect_rc 0 "analyze" -- $KG analyze "$T/db"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
