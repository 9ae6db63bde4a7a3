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
for c in "" load dump stats analyze check compact backup restore query update; do
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

# compact: reports what it reclaimed; creates nothing where there is no
# database.
expect_rc 1 "compact on a missing database" -- $KG compact "$T/none"
contains "$T/err" "no kg database" "compact on a missing database"
expect_rc 1 "backup of a missing database" -- $KG backup "$T/none" "$T/none-bk"
contains "$T/err" "no kg database" "backup of a missing database"
[ ! -e "$T/none" ] && [ ! -e "$T/none-bk" ] && ok || bad "a missing database or its backup was created"
expect_rc 0 "compact" -- $KG compact "$T/db"
contains "$T/out" "terms before     " "compact summary"
contains "$T/out" "terms reclaimed  0" "compact of a database without removals"
contains "$T/out" "bytes after      " "compact summary"
expect_rc 0 "check after compact" -- $KG check "$T/db"
if $KG update --help >/dev/null 2>&1; then
  # Removing the only quad that uses :Hafter and :backed-by leaves their
  # terms unused (article/003 is still used by b.nq's other quad), even
  # though analyze counted backed-by's distinct subjects and objects.
  expect_rc 0 "delete for compact" -- $KG update "$T/db" \
    'DELETE DATA { GRAPH <http://kg.example.org/unsc/article/003> { <http://kg.example.org/unsc/Hafter> <http://kg.example.org/unsc/backed-by> <http://kg.example.org/unsc/Russia> } }'
  terms=$($KG stats "$T/db" | awk '$1 == "terms" && $2 ~ /^[0-9]+$/ { print $2 }')
  expect_rc 0 "compact after a delete" -- $KG compact "$T/db"
  contains "$T/out" "terms before     $terms" "compact summary after a delete"
  contains "$T/out" "terms reclaimed  2" "compact reclaims the unused terms"
  expect_rc 0 "stats after compact" -- $KG stats "$T/db"
  contains "$T/out" "terms            $((terms - 2))" "stats terms after compact"
  contains "$T/out" "terms reclaimed  2" "stats shows the reclaimed terms"
  expect_rc 0 "check after compact" -- $KG check "$T/db"
else
  echo "SKIP: compact after a delete (this kg has no update command)"
fi

# backup and restore: a copy that checks and dumps the same; existing
# targets refused and left alone.
expect_rc 0 "backup" -- $KG backup "$T/db" "$T/bk"
contains "$T/out" "backed up" "backup message"
expect_rc 1 "backup into an existing folder" -- $KG backup "$T/db" "$T/bk"
contains "$T/err" "exists" "backup into an existing folder"
expect_rc 0 "restore" -- $KG restore "$T/bk" "$T/restored"
expect_rc 0 "check of the restored database" -- $KG check "$T/restored"
a=$($KG dump "$T/db" --format nq | sort | md5sum)
b=$($KG dump "$T/restored" --format nq | sort | md5sum)
[ "$a" = "$b" ] && ok || bad "restored database differs"
expect_rc 1 "restore over an existing database" -- $KG restore "$T/bk" "$T/db"
contains "$T/err" "exists" "restore over an existing database"
mkdir "$T/empty"
expect_rc 1 "restore from a folder without a database" -- $KG restore "$T/empty" "$T/r2"
contains "$T/err" "no kg database" "restore from a folder without a database"
[ ! -e "$T/r2" ] && ok || bad "a failed restore left something"
expect_rc 2 "backup without DIR" -- $KG backup "$T/db"

# While a shell holds the database, kg backup and kg compact are refused
# with its pid, and the shell's .backup copies the live database.
$KG "$T/db" < <(echo ".backup $T/live"; sleep 3; echo .quit) >"$T/holder.out" 2>&1 &
holder=$!
sleep 1
expect_rc 1 "backup beside a writer" -- $KG backup "$T/db" "$T/bk2"
contains "$T/err" "in use by pid $holder" "backup busy message"
[ ! -e "$T/bk2" ] && ok || bad "a refused backup left a folder"
expect_rc 1 "compact beside a writer" -- $KG compact "$T/db"
contains "$T/err" "in use by pid $holder" "compact busy message"
wait $holder
contains "$T/holder.out" "backed up" ".backup in the shell"
expect_rc 0 "restore of a shell backup" -- $KG restore "$T/live" "$T/live-restored"
expect_rc 0 "check of a shell backup" -- $KG check "$T/live-restored"

# A relative IRI with no base is refused (a dump could not carry it);
# --base resolves it.
printf '<a> <b> <c> .\n' >"$T/rel.ttl"
expect_rc 1 "relative IRI from stdin without --base" -- sh -c "$KG load '$T/rel.kgdb' - --format ttl < '$T/rel.ttl'"
contains "$T/err" "relative IRI" "relative IRI message"
[ ! -e "$T/rel.kgdb" ] && ok || bad "a refused load created a database"
expect_rc 0 "relative IRI with --base" -- sh -c "$KG load '$T/rel.kgdb' - --format ttl --base http://b/ < '$T/rel.ttl'"
expect_rc 0 "dump of resolved IRIs" -- $KG dump "$T/rel.kgdb" --format nt
contains "$T/out" "<http://b/a> <http://b/b> <http://b/c> ." "resolved IRIs in the dump"

# kg DB -c: statements from the command line, in order; the first error
# stops the rest with exit status 1.
expect_rc 0 "kg DB -c" -- $KG "$T/db" -c '.mode csv' \
  -c 'SELECT ?r WHERE { <http://kg.example.org/unsc/Russia> <http://kg.example.org/unsc/vetoed> ?r }'
contains "$T/out" "http://kg.example.org/unsc/USGazaDraft2024" "kg DB -c output"
expect_rc 1 "kg DB -c with an error" -- $KG "$T/db" -c 'SELECT ?x WHERE {' -c '.stats'
contains "$T/err" "-c:" "kg DB -c error position"
[ ! -s "$T/out" ] && ok || bad "kg DB -c ran past its first error"

# kg update: atomic requests, per-graph summaries, nothing changed on error.
expect_rc 0 "kg update" -- $KG update "$T/db" \
  'INSERT DATA { GRAPH <http://g/x> { <http://a> <http://b> "c" } }'
contains "$T/out" "1 inserted, 0 deleted" "kg update summary"
contains "$T/out" "<http://g/x>" "kg update per graph"
expect_rc 1 "kg update failing in its second operation" -- $KG update "$T/db" \
  'DELETE DATA { GRAPH <http://g/x> { <http://a> <http://b> "c" } } ; DROP GRAPH <http://none>'
contains "$T/err" "nothing was changed" "kg update failure message"
expect_rc 0 "the failed update changed nothing" -- $KG query "$T/db" 'ASK { GRAPH <http://g/x> { <http://a> <http://b> "c" } }'
contains "$T/out" "true" "the failed update changed nothing"
expect_rc 1 "kg update with a syntax error" -- $KG update "$T/db" 'INSERT DATA { <http://a> }'
contains "$T/err" "update:1:" "kg update syntax error position"
expect_rc 1 "kg update given a query" -- $KG update "$T/db" 'SELECT * WHERE { ?s ?p ?o }'
expect_rc 0 "check after updates" -- $KG check "$T/db"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
