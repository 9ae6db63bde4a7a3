#!/usr/bin/env bash
# The kg shell in a real terminal: tmux runs it, send-keys types, and
# capture-pane reads the screen. Covers a query, an Arabic name, history
# recall with Up, tab completion, the continuation prompt, Ctrl-C and
# Ctrl-D, and the history file. Exit 77 (skipped) without tmux.
# Usage: terminal_test.sh KG_BINARY
set -uo pipefail
KG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
T=$(mktemp -d)
SOCKET="kg-terminal-test-$$"
tmx() { tmux -L "$SOCKET" "$@"; }
trap 'tmx kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
"$KG" load "$T/db" "$SRC/datasets/unsc/unsc.trig" -q >/dev/null || exit 1
mkdir -p "$T/home"

pass=0
fail=0
screen() { tmx capture-pane -t kg -p; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
  local i
  for ((i = 0; i < ${2:-5} * 10; i++)); do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
check() {  # check TEXT DESCRIPTION
  if wait_for "$1"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $2: '$1' not on the screen"; screen | sed 's/^/  | /'
  fi
}
# The line the cursor is on, without trailing blanks.
cursor_line() {
  local y
  y=$(tmx display-message -t kg -p '#{cursor_y}')
  screen | sed -n "$((y + 1))p" | sed 's/ *$//'
}
check_line() {  # check_line TEXT DESCRIPTION
  local i line
  for ((i = 0; i < 30; i++)); do
    line=$(cursor_line)
    [ "$line" = "$1" ] && { pass=$((pass + 1)); return; }
    sleep 0.1
  done
  fail=$((fail + 1)); echo "FAIL: $2: cursor line is '$line', wanted '$1'"
}
count() { screen | grep -cF -- "$1"; }

tmx new-session -d -s kg -x 120 -y 50 \
  "env KG_HOME='$T/home' LC_ALL=C.UTF-8 TERM=xterm '$KG' '$T/db'; echo EXITED \$?; sleep 60"
check "kg>" "prompt"

tmx send-keys -t kg 'Russia vetoed ?r' Enter
check ":USGazaDraft" "a shorthand query"

tmx send-keys -t kg 'حفتر ?p :Cairo' Enter
check ":visited" "an Arabic name"

# Up twice recalls the first query; Enter runs it again.
tmx send-keys -t kg Up
check_line "kg> حفتر ?p :Cairo" "history: Up"
tmx send-keys -t kg Up
check_line "kg> Russia vetoed ?r" "history: Up twice"
tmx send-keys -t kg Enter
sleep 0.5
[ "$(count ':USGazaDraft')" -eq 2 ] && pass=$((pass + 1)) ||
  { fail=$((fail + 1)); echo "FAIL: the recalled query did not run again"; }

# Tab completion: a dot-command, its argument, a predicate, an Arabic name.
tmx send-keys -t kg C-l
tmx send-keys -t kg '.mo' Tab
check_line "kg> .mode" "completing .mo"
tmx send-keys -t kg 'cs' Tab
check_line "kg> .mode csv" "completing a .mode argument"
tmx send-keys -t kg C-u 'HafterForces backed-b' Tab
check_line "kg> HafterForces backed-by" "completing a predicate"
tmx send-keys -t kg '?x' Enter
check ":Russia" "the completed line runs"
tmx send-keys -t kg 'حف' Tab
check_line "kg> حفتر" "completing an Arabic name"
tmx send-keys -t kg C-u

# A statement over several lines: continuation prompt, then the result.
tmx send-keys -t kg 'SELECT ?d WHERE {' Enter
check_line "...>" "continuation prompt"
tmx send-keys -t kg ':France :drafted ?d } ORDER BY ?d' Enter
check ":FrenchAleppoDraft" "a query over two lines"

# Ctrl-C at the continuation prompt drops the statement.
tmx send-keys -t kg 'SELECT ?d WHERE {' Enter
check_line "...>" "continuation prompt again"
tmx send-keys -t kg C-c
check_line "kg>" "Ctrl-C back to the first prompt"

# Ctrl-C during a long query cancels it; the shell stays.
tmx send-keys -t kg 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }' Enter
sleep 1
tmx send-keys -t kg C-c
check "error: query cancelled" "Ctrl-C cancels a running query"
tmx send-keys -t kg 'France drafted USGazaDraft' Enter
check "false" "the shell runs queries after a cancel"

# Ctrl-D leaves with status 0; the history file has the statements.
tmx send-keys -t kg C-d
check "EXITED 0" "Ctrl-D"
if grep -q 'Russia\\040vetoed' "$T/home/history" 2>/dev/null; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAIL: history file"; cat "$T/home/history"
fi

echo "shell terminal test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
