// The batch subcommands of the kg program (load, dump, stats, analyze,
// check, compact, backup, restore), each returning the process exit code.
// Argument parsing lives in main.cc; these take parsed options.
#ifndef KG_SHELL_BATCH_COMMANDS_H_
#define KG_SHELL_BATCH_COMMANDS_H_

#include <string>
#include <vector>

#include "kg/status.h"

namespace kg::shell {

// Exit codes scripts can rely on.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;        // the operation failed
inline constexpr int kExitUsage = 2;        // bad command line
inline constexpr int kExitCheckFailed = 3;  // kg check found disagreement

struct LoadArgs {
  std::string db;
  std::vector<std::string> files;
  std::string graph;   // IRI for triples outside any graph; empty: default
  std::string format;  // empty: from each file's extension
  std::string base;    // base IRI; empty: the file's own URI
  bool lenient = false;
  bool quiet = false;
  std::size_t sort_budget_mb = 256;
};
int RunLoad(const LoadArgs& args);

struct DumpArgs {
  std::string db;
  std::string format = "nq";
  std::string graph;   // empty: every graph
  std::string output;  // empty or "-": stdout
};
int RunDump(const DumpArgs& args);

int RunStats(const std::string& db);
int RunAnalyze(const std::string& db);
int RunCheck(const std::string& db);
// Reclaims unused dictionary entries and compacts the files of `db`.
int RunCompact(const std::string& db);
// Copies `db` into the new folder `dir`.
int RunBackup(const std::string& db, const std::string& dir);
// Makes the new database `db` from the backup in `dir`, checked first.
int RunRestore(const std::string& dir, const std::string& db);

// Prints a Status (with its caret context for parse errors) to stderr.
void PrintError(const std::string& what, const Status& status);

}  // namespace kg::shell

#endif  // KG_SHELL_BATCH_COMMANDS_H_
