#!/usr/bin/env bash
# CMake: add_test(NAME query_cli_test COMMAND bash ${CMAKE_SOURCE_DIR}/tests/cli/query_cli_test.sh $<TARGET_FILE:kg>)
#
# Command-line tests of `kg query`: every output format, -f FILE and stdin,
# syntax errors with line:column, EXPLAIN, refused updates, the union and
# strict default graph, and the limits (timeout, memory, Ctrl-C).
# Usage: query_cli_test.sh KG_BINARY. Stops at the first failure.
set -uo pipefail
KG=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
die() {
  echo "FAIL: $*"
  for f in out err; do
    [ -s "$T/$f" ] && { echo "  std$f:"; sed 's/^/  | /' "$T/$f" | head -20; }
  done
  echo "$pass passed before the failure"
  exit 1
}
ok() { pass=$((pass + 1)); }
expect_rc() {  # expect_rc WANT DESCRIPTION -- command...
  local want=$1 what=$2
  shift 3
  "$@" >"$T/out" 2>"$T/err" </dev/null
  local rc=$?
  [ "$rc" -eq "$want" ] && ok || die "$what: exit $rc, wanted $want"
}
contains() {  # contains FILE TEXT DESCRIPTION
  grep -qF -- "$2" "$1" && ok || die "$3: '$2' not in std${1##*/}"
}
lacks() {  # lacks FILE TEXT DESCRIPTION
  grep -qF -- "$2" "$1" && die "$3: '$2' in std${1##*/}" || ok
}
same() {  # same FILE DESCRIPTION, expected text on stdin
  if diff -u - "$1" >"$T/diff"; then ok; else
    echo "FAIL: $2: output differs (- expected, + actual):"
    sed 's/^/  | /' "$T/diff"
    exit 1
  fi
}

cat >"$T/data.trig" <<'TRIG'
@prefix : <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:alice :knows :bob ; rdfs:label "Alice" ; :age 30 .
:bob :knows :carol ; rdfs:label "Bob, \"B\""@en ; :age 25 .
:carol rdfs:label "كارول"@ar .
:g1 { :carol :knows :alice . }
TRIG
expect_rc 0 "load" -- "$KG" load "$T/db" "$T/data.trig" -q
DB=$T/db

expect_rc 0 "kg query --help" -- "$KG" query --help
contains "$T/out" "Usage" "kg query --help"
contains "$T/out" "--format" "kg query --help"
contains "$T/out" "--timeout" "kg query --help"

Q='PREFIX : <http://example.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?label ?age WHERE { ?p rdfs:label ?label OPTIONAL { ?p :age ?age } } ORDER BY ?p'

# Default format when stdout is not a terminal: TSV.
expect_rc 0 "default format" -- "$KG" query "$DB" "$Q"
same "$T/out" "default format (TSV)" <<'EOF'
?p	?label	?age
<http://example.org/alice>	"Alice"	30
<http://example.org/bob>	"Bob, \"B\""@en	25
<http://example.org/carol>	"كارول"@ar	
EOF
cp "$T/out" "$T/tsv.expected"
expect_rc 0 "--format tsv" -- "$KG" query "$DB" --format tsv "$Q"
same "$T/out" "--format tsv" <"$T/tsv.expected"

expect_rc 0 "--format json" -- "$KG" query "$DB" --format json "$Q"
same "$T/out" "--format json" <<'EOF'
{"head":{"vars":["p","label","age"]},"results":{"bindings":[
{"p":{"type":"uri","value":"http://example.org/alice"},"label":{"type":"literal","value":"Alice"},"age":{"type":"literal","value":"30","datatype":"http://www.w3.org/2001/XMLSchema#integer"}},
{"p":{"type":"uri","value":"http://example.org/bob"},"label":{"type":"literal","value":"Bob, \"B\"","xml:lang":"en"},"age":{"type":"literal","value":"25","datatype":"http://www.w3.org/2001/XMLSchema#integer"}},
{"p":{"type":"uri","value":"http://example.org/carol"},"label":{"type":"literal","value":"كارول","xml:lang":"ar"}}
]}}
EOF

expect_rc 0 "--format xml" -- "$KG" query "$DB" --format xml "$Q"
same "$T/out" "--format xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head>
    <variable name="p"/>
    <variable name="label"/>
    <variable name="age"/>
  </head>
  <results>
    <result>
      <binding name="p"><uri>http://example.org/alice</uri></binding>
      <binding name="label"><literal>Alice</literal></binding>
      <binding name="age"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">30</literal></binding>
    </result>
    <result>
      <binding name="p"><uri>http://example.org/bob</uri></binding>
      <binding name="label"><literal xml:lang="en">Bob, &quot;B&quot;</literal></binding>
      <binding name="age"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">25</literal></binding>
    </result>
    <result>
      <binding name="p"><uri>http://example.org/carol</uri></binding>
      <binding name="label"><literal xml:lang="ar">كارول</literal></binding>
    </result>
  </results>
</sparql>
EOF

# CSV: plain values, RFC 4180 quoting, CRLF line ends.
expect_rc 0 "--format csv" -- "$KG" query "$DB" --format csv "$Q"
same "$T/out" "--format csv" < <(printf 'p,label,age\r\nhttp://example.org/alice,Alice,30\r\nhttp://example.org/bob,"Bob, ""B""",25\r\nhttp://example.org/carol,كارول,\r\n')

# Table: prefixes of the loaded file, columns measured by display width.
expect_rc 0 "--format table" -- "$KG" query "$DB" --format table "$Q"
same "$T/out" "--format table" <<'EOF'
┌────────┬──────────┬──────┐
│ ?p     │ ?label   │ ?age │
├────────┼──────────┼──────┤
│ :alice │ Alice    │   30 │
│ :bob   │ Bob, "B" │   25 │
│ :carol │ كارول    │      │
└────────┴──────────┴──────┘
3 rows
EOF

expect_rc 2 "unknown format" -- "$KG" query "$DB" --format yaml "$Q"
contains "$T/err" "unknown format yaml" "unknown format"

# ASK, CONSTRUCT.
expect_rc 0 "ASK" -- "$KG" query "$DB" --format json 'PREFIX : <http://example.org/> ASK { :alice :knows :bob }'
same "$T/out" "ASK as JSON" < <(printf '{"head":{},"boolean":true}\n')
expect_rc 0 "CONSTRUCT" -- "$KG" query "$DB" 'PREFIX : <http://example.org/> CONSTRUCT { ?b :knownBy ?a } WHERE { ?a :knows ?b }'
sort "$T/out" >"$T/sorted"
same "$T/sorted" "CONSTRUCT as N-Triples" <<'EOF'
<http://example.org/alice> <http://example.org/knownBy> <http://example.org/carol> .
<http://example.org/bob> <http://example.org/knownBy> <http://example.org/alice> .
<http://example.org/carol> <http://example.org/knownBy> <http://example.org/bob> .
EOF
expect_rc 0 "CONSTRUCT as Turtle" -- "$KG" query "$DB" --format ttl 'PREFIX : <http://example.org/> CONSTRUCT { :carol :knownBy ?a } WHERE { ?a :knows :carol }'
contains "$T/out" "@prefix : <http://example.org/> ." "CONSTRUCT as Turtle"
contains "$T/out" ":carol :knownBy :bob ." "CONSTRUCT as Turtle"
expect_rc 2 "CONSTRUCT as JSON" -- "$KG" query "$DB" --format json 'CONSTRUCT WHERE { ?s ?p ?o }'
contains "$T/err" "nt or ttl" "CONSTRUCT as JSON"

# -f FILE and -f - (stdin).
printf '%s\n' "$Q" >"$T/q.rq"
expect_rc 0 "-f FILE" -- "$KG" query "$DB" -f "$T/q.rq"
same "$T/out" "-f FILE" <"$T/tsv.expected"
"$KG" query "$DB" -f - <"$T/q.rq" >"$T/out" 2>"$T/err" && ok || die "-f - (stdin): exit $?"
same "$T/out" "-f - (stdin)" <"$T/tsv.expected"
expect_rc 1 "-f of a missing file" -- "$KG" query "$DB" -f "$T/none.rq"
contains "$T/err" "cannot read" "-f of a missing file"
expect_rc 2 "no query" -- "$KG" query "$DB"
expect_rc 2 "both QUERY and -f" -- "$KG" query "$DB" "$Q" -f "$T/q.rq"

# Syntax errors: exit 1, line:column, the line and a caret.
expect_rc 1 "syntax error" -- "$KG" query "$DB" 'SELECT ?x WHERE { ?x <http://example.org/knows> }'
contains "$T/err" "1:49: expected an object" "syntax error position"
contains "$T/err" "SELECT ?x WHERE { ?x <http://example.org/knows> }" "syntax error line"
contains "$T/err" "                                                ^" "syntax error caret"
[ -s "$T/out" ] && die "syntax error: something on stdout" || ok
printf 'PREFIX : <http://example.org/>\nSELECT ?x\nWHERE { ?x :knows ?y .\n  FILTER(?y = ) }\n' >"$T/bad.rq"
expect_rc 1 "syntax error in a file" -- "$KG" query "$DB" -f "$T/bad.rq"
contains "$T/err" "4:15: expected an expression" "syntax error position in a file"
# Columns count characters: the Arabic literal is 5 of them, 10 bytes.
expect_rc 1 "syntax error after Arabic" -- "$KG" query "$DB" 'SELECT * WHERE { ?s ?p "كارول" ?o }'
contains "$T/err" "1:32:" "column in characters"

# A missing database is not created.
expect_rc 1 "missing database" -- "$KG" query "$T/none" 'ASK {}'
contains "$T/err" "no kg database" "missing database"
[ ! -e "$T/none" ] && ok || die "kg query created a database"

# An update is refused, and changes nothing.
expect_rc 1 "update refused" -- "$KG" query "$DB" 'PREFIX : <http://example.org/> INSERT DATA { :dave :knows :alice }'
contains "$T/err" "update" "update refused"
expect_rc 0 "ASK after the refused update" -- "$KG" query "$DB" --format json 'PREFIX : <http://example.org/> ASK { :dave ?p ?o }'
same "$T/out" "the refused update changed nothing" < <(printf '{"head":{},"boolean":false}\n')

# The default graph: the union of all graphs, or with --strict the store's
# default graph only; GRAPH reads the named graphs either way.
K='PREFIX : <http://example.org/> SELECT ?a WHERE { ?a :knows :alice }'
expect_rc 0 "union default graph" -- "$KG" query "$DB" "$K"
same "$T/out" "union default graph" < <(printf '?a\n<http://example.org/carol>\n')
expect_rc 0 "--strict" -- "$KG" query "$DB" --strict "$K"
same "$T/out" "--strict default graph" < <(printf '?a\n')
expect_rc 0 "--strict with GRAPH" -- "$KG" query "$DB" --strict 'PREFIX : <http://example.org/> SELECT ?g WHERE { GRAPH ?g { ?a :knows :alice } }'
same "$T/out" "--strict with GRAPH" < <(printf '?g\n<http://example.org/g1>\n')
expect_rc 0 "FROM" -- "$KG" query "$DB" 'PREFIX : <http://example.org/> SELECT (COUNT(*) AS ?n) FROM :g1 WHERE { ?s ?p ?o }'
same "$T/out" "FROM overrides the union" < <(printf '?n\n1\n')

# EXPLAIN: the plan instead of rows; ANALYZE runs it.
expect_rc 0 "--explain" -- "$KG" query "$DB" --explain 'PREFIX : <http://example.org/> SELECT * WHERE { ?a :knows ?b . ?b :knows ?c }'
contains "$T/out" "IndexScan ?a :knows ?b" "--explain"
contains "$T/out" "[est " "--explain"
lacks "$T/out" "actual" "--explain"
lacks "$T/out" "example.org/alice" "--explain prints no rows"
expect_rc 0 "--analyze" -- "$KG" query "$DB" --analyze 'PREFIX : <http://example.org/> SELECT * WHERE { ?a :knows ?b . ?b :knows ?c }'
contains "$T/out" "IndexScan" "--analyze"
contains "$T/out" "actual 3," "--analyze"
contains "$T/out" "3 result rows" "--analyze"

# --time and --repeat: timings on stderr, the result once on stdout.
expect_rc 0 "--time --repeat" -- "$KG" query "$DB" --time --repeat 3 "$Q"
same "$T/out" "--repeat prints the result once" <"$T/tsv.expected"
n=$(grep -c "^engine time: " "$T/err")
[ "$n" = 3 ] && ok || die "--time --repeat 3: $n timing lines, wanted 3"

# Limits: a query whose answer is 8^10 rows (8 triples, 10 patterns).
X='SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o .
   ?p ?q ?r . ?s ?t ?u . ?v ?w ?x . ?y ?z ?z1 . ?z2 ?z3 ?z4 }'
start=$(date +%s%N)
expect_rc 1 "--timeout 0.2" -- "$KG" query "$DB" --timeout 0.2 "$X"
ms=$((($(date +%s%N) - start) / 1000000))
contains "$T/err" "timed out after 200 ms" "--timeout message"
[ "$ms" -lt 10000 ] && ok || die "--timeout 0.2 took $ms ms"
expect_rc 1 "--memory 1" -- "$KG" query "$DB" --memory 1 --timeout 30 \
  'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } ORDER BY ?o'
contains "$T/err" "memory budget of 1 MiB" "--memory message"
# Ctrl-C cancels the running query: exit 1, no partial result.
"$KG" query "$DB" --timeout 0 "$X" >"$T/out" 2>"$T/err" </dev/null &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 1 ] && ok || die "Ctrl-C: exit $rc, wanted 1"
contains "$T/err" "query cancelled" "Ctrl-C message"
expect_rc 0 "check after the failed queries" -- "$KG" check "$DB"

echo "$pass passed"
