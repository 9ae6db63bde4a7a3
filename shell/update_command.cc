// `kg update`: parse and apply one SPARQL 1.1 update request as one atomic
// transaction, then say what changed, per graph.
#include "shell/update_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "kg/database.h"
#include "query/text/unicode_width.h"
#include "shell/batch_commands.h"
#include "shell/query_command.h"

namespace kg::shell {

std::string FormatChanges(const WriteSummary& summary,
                          const std::function<std::string(const Term&)>& name) {
  std::string out = fmt::format("{} inserted, {} deleted\n", summary.inserted,
                                summary.deleted);
  const bool detail = summary.graphs.size() > 1 ||
                      (summary.graphs.size() == 1 &&
                       !summary.graphs[0].graph.is_default_graph());
  if (!detail) return out;
  std::vector<std::string> names;
  std::size_t width = 5;  // "graph"
  for (const GraphChange& c : summary.graphs) {
    names.push_back(c.graph.is_default_graph() ? "(default graph)"
                                               : name(c.graph));
    width = std::max(width, query::DisplayWidth(names.back()));
  }
  auto pad = [&](const std::string& s) {
    return s + std::string(width - query::DisplayWidth(s), ' ');
  };
  out +=
      fmt::format("  {}  {:>8}  {:>8}\n", pad("graph"), "inserted", "deleted");
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += fmt::format("  {}  {:>8}  {:>8}\n", pad(names[i]),
                       summary.graphs[i].inserted, summary.graphs[i].deleted);
  }
  return out;
}

int RunUpdate(const UpdateArgs& args) {
  if (args.text.empty() == args.file.empty()) {
    std::fprintf(
        stderr, "kg update: give the request as an argument or with -f FILE\n");
    return kExitUsage;
  }
  auto text = ReadRequestText(args.text, args.file);
  if (!text.ok()) {
    PrintError("", text.status());
    return kExitError;
  }
  DatabaseOptions options;
  options.store.sync_commits = !args.no_sync;
  options.load_directory = args.load_dir;
  auto db = Database::Open(args.db, options);
  if (!db.ok()) {
    PrintError("", db.status());
    return kExitError;
  }
  auto cancel = std::make_shared<CancellationToken>();
  CancelOnInterrupt(cancel.get());
  UpdateOptions uo;
  uo.cancel = cancel;
  if (!args.file.empty() && args.file != "-") uo.source_name = args.file;
  if (args.strict) uo.default_graph = DefaultGraphMode::kStrict;
  auto t0 = std::chrono::steady_clock::now();
  auto summary = (*db)->Update(*text, uo);
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - t0)
                  .count();
  CancelOnInterrupt(nullptr);
  if (!summary.ok()) {
    PrintError("", summary.status());
    std::fputs("nothing was changed\n", stderr);
    return kExitError;
  }
  if (!args.quiet) {
    std::fputs(
        FormatChanges(*summary, [](const Term& t) { return t.ToNTriples(); })
            .c_str(),
        stdout);
  }
  if (args.time) std::fprintf(stderr, "time: %.3f ms\n", ms);
  return kExitOk;
}

}  // namespace kg::shell
