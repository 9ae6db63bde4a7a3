// The interactive shell: line editing, history and tab completion through
// libedit on a terminal, statements read in order from a pipe or file
// otherwise. The statements themselves are in shell/commands.h; the tour
// is docs/shell.md.
#ifndef KG_SHELL_REPL_H_
#define KG_SHELL_REPL_H_

#include <string>
#include <vector>

namespace kg::shell {

// The database `kg` opens without arguments: $KG_HOME/default.kgdb, with
// KG_HOME defaulting to ~/.local/share/kg.
std::string DefaultDatabasePath();

// The shell's history file: $KG_HOME/history (~/.local/share/kg/history).
std::string HistoryPath();

// Opens the shell on `db`, creating it with the bundled UN dataset first
// when `db` is the default database and does not exist. When stdin is a
// terminal: prompts, line editing, `.bail off`. Otherwise: no prompts,
// `.bail on`. Returns the exit code: 1 if a statement failed while stdin is
// not a terminal (or, on a terminal, with .bail on), else 0.
// With `commands` (kg DB -c TEXT ...), runs them in order as a script would
// be run from a pipe (no prompts, `.bail on`) and returns.
int RunRepl(const std::string& db, bool is_default,
            const std::vector<std::string>& commands = {});

}  // namespace kg::shell

#endif  // KG_SHELL_REPL_H_
