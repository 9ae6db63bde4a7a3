// `kg query`: run one SPARQL query against a database and print the result.
#ifndef KG_SHELL_QUERY_COMMAND_H_
#define KG_SHELL_QUERY_COMMAND_H_

#include <cstddef>
#include <string>

#include "kg/database.h"

namespace kg::shell {

struct QueryArgs {
  std::string db;
  std::string text;    // the query, or empty when `file` is given
  std::string file;    // -f FILE ("-" for stdin)
  std::string format;  // empty: table on a terminal, TSV otherwise
  bool strict = false;
  bool time = false;
  bool explain = false;
  bool analyze = false;
  int repeat = 1;  // run this many times (output from the first run)
  double timeout_s = 300;
  std::size_t memory_mb = 2048;
};

int RunQuery(const QueryArgs& args);

// The text of a request: `text` itself, or the contents of `file` ("-":
// stdin) when `file` is set.
Result<std::string> ReadRequestText(const std::string& text,
                                    const std::string& file);

// Ctrl-C cancels through `token` from now on (nullptr: nothing to cancel).
void CancelOnInterrupt(CancellationToken* token);

}  // namespace kg::shell

#endif  // KG_SHELL_QUERY_COMMAND_H_
