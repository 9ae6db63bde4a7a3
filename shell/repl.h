// The interactive shell. Until the SPARQL engine lands it offers quad
// pattern lookups and the database's statistics (see docs/shell.md).
#ifndef KG_SHELL_REPL_H_
#define KG_SHELL_REPL_H_

#include <string>

namespace kg::shell {

// The database `kg` opens without arguments: $KG_HOME/default.kgdb, with
// KG_HOME defaulting to ~/.local/share/kg.
std::string DefaultDatabasePath();

// Opens the shell on `db`, creating it with the bundled UN dataset first
// when `db` is the default database and does not exist. Returns the exit
// code: non-zero if a statement failed while stdin is not a terminal.
int RunRepl(const std::string& db, bool is_default);

}  // namespace kg::shell

#endif  // KG_SHELL_REPL_H_
