// `kg update`: run one SPARQL 1.1 update request against a database, and
// the summary of what a write changed (shared with the shell).
#ifndef KG_SHELL_UPDATE_COMMAND_H_
#define KG_SHELL_UPDATE_COMMAND_H_

#include <functional>
#include <string>

#include "kg/store.h"

namespace kg::shell {

struct UpdateArgs {
  std::string db;
  std::string text;  // the request, or empty when `file` is given
  std::string file;  // -f FILE ("-" for stdin)
  bool strict = false;
  // The folder SPARQL LOAD may read from; empty: LOAD is refused.
  std::string load_dir = ".";
  bool no_sync = false;
  bool time = false;
  bool quiet = false;
};

int RunUpdate(const UpdateArgs& args);

// "3 inserted, 1 deleted" followed, when more than one graph changed or the
// one that changed is a named graph, by one line per graph. `name` writes a
// graph's name (e.g. compacted with prefixes).
std::string FormatChanges(const WriteSummary& summary,
                          const std::function<std::string(const Term&)>& name);

}  // namespace kg::shell

#endif  // KG_SHELL_UPDATE_COMMAND_H_
