// `kg query`: parse, run and print one SPARQL query. Ctrl-C cancels the
// query through its cancellation token.
#include "shell/query_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kg/database.h"
#include "query/results/result_writer.h"
#include "query/syntax/rdf_writer.h"
#include "shell/batch_commands.h"

namespace kg::shell {
namespace {

CancellationToken* g_cancel = nullptr;

extern "C" void OnInterrupt(int) {
  if (g_cancel != nullptr) g_cancel->Cancel();
}

int Fail(const Status& s) {
  PrintError("", s);
  return kExitError;
}

}  // namespace

Result<std::string> ReadRequestText(const std::string& text,
                                    const std::string& file) {
  if (file.empty()) return text;
  std::stringstream ss;
  if (file == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::IOError("cannot read " + file);
    ss << in.rdbuf();
  }
  return ss.str();
}

void CancelOnInterrupt(CancellationToken* token) {
  g_cancel = token;
  std::signal(SIGINT, OnInterrupt);
}

int RunQuery(const QueryArgs& args) {
  if (args.text.empty() == args.file.empty()) {
    std::fprintf(stderr,
                 "kg query: give the query as an argument or with -f FILE\n");
    return kExitUsage;
  }
  auto text = ReadRequestText(args.text, args.file);
  if (!text.ok()) return Fail(text.status());

  DatabaseOptions options;
  options.store.read_only = true;
  auto db = Database::Open(args.db, options);
  if (!db.ok()) return Fail(db.status());

  auto cancel = std::make_shared<CancellationToken>();
  CancelOnInterrupt(cancel.get());
  QueryOptions qo;
  qo.cancel = cancel;
  if (!args.file.empty() && args.file != "-") qo.source_name = args.file;
  if (args.strict) qo.default_graph = DefaultGraphMode::kStrict;
  QueryLimits limits;
  limits.timeout = std::chrono::milliseconds(
      static_cast<std::int64_t>(args.timeout_s * 1000));
  limits.memory_bytes = args.memory_mb << 20;
  qo.limits = limits;

  if (args.explain || args.analyze) {
    auto plan = (*db)->Explain(*text, args.analyze, qo);
    if (!plan.ok()) return Fail(plan.status());
    std::fputs(plan->c_str(), stdout);
    return kExitOk;
  }

  // Warm-up runs for --repeat: every row is read, none printed; each
  // run's engine time goes to stderr with --time.
  for (int i = 1; i < args.repeat; ++i) {
    auto run = (*db)->Query(*text, qo);
    if (!run.ok()) return Fail(run.status());
    ResultRow ignored;
    std::uint64_t rows = 0;
    while (true) {
      auto more = run->Next(&ignored);
      if (!more.ok()) return Fail(more.status());
      if (!*more) break;
      ++rows;
    }
    if (args.time)
      std::fprintf(stderr, "engine time: %.3f ms (%llu rows)\n",
                   run->engine_ms(), static_cast<unsigned long long>(rows));
  }
  auto result = (*db)->Query(*text, qo);
  if (!result.ok()) return Fail(result.status());
  bool tty = ::isatty(STDOUT_FILENO) != 0;
  std::string format = args.format;
  ResultRow row;
  if (result->kind() == QueryResultKind::kGraph) {
    if (format.empty() || format == "table") format = tty ? "ttl" : "nt";
    query::RdfFormat rf;
    if (format == "nt") {
      rf = query::RdfFormat::kNTriples;
    } else if (format == "ttl") {
      rf = query::RdfFormat::kTurtle;
    } else {
      std::fprintf(stderr,
                   "kg query: a graph result is written as nt or ttl, not %s\n",
                   format.c_str());
      return kExitUsage;
    }
    std::vector<std::pair<std::string, std::string>> prefixes;
    if (auto p = (*db)->store().Prefixes(); p.ok()) prefixes = *p;
    auto writer = query::MakeRdfWriter(rf, &std::cout, prefixes);
    if (!writer.ok()) return Fail(writer.status());
    while (true) {
      auto more = result->Next(&row);
      if (!more.ok()) return Fail(more.status());
      if (!*more) break;
      Status s =
          (*writer)->Add(Quad{*row[0], *row[1], *row[2], Term::DefaultGraph()});
      if (!s.ok()) return Fail(s);
    }
    Status s = (*writer)->Finish();
    if (!s.ok()) return Fail(s);
  } else {
    if (format.empty()) format = tty ? "table" : "tsv";
    auto rf = query::ResultFormatFromName(format);
    if (!rf) {
      std::fprintf(stderr,
                   "kg query: unknown format %s (table, json, xml, csv, tsv)\n",
                   format.c_str());
      return kExitUsage;
    }
    query::ResultWriterOptions wo;
    if (auto prefixes = (*db)->store().Prefixes(); prefixes.ok())
      wo.prefixes = *prefixes;
    auto writer = query::MakeResultWriter(*rf, &std::cout, wo);
    Status s = writer->Begin(result->variables());
    if (s.ok() && result->kind() == QueryResultKind::kBoolean)
      s = writer->Boolean(result->boolean());
    while (s.ok() && result->kind() == QueryResultKind::kSolutions) {
      auto more = result->Next(&row);
      if (!more.ok()) {
        s = more.status();
        break;
      }
      if (!*more) break;
      s = writer->Row(row);
    }
    if (s.ok()) s = writer->End();
    if (!s.ok()) {
      std::cout.flush();
      return Fail(s);
    }
  }
  std::cout.flush();
  if (args.time)
    std::fprintf(stderr, "engine time: %.3f ms\n", result->engine_ms());
  return kExitOk;
}

}  // namespace kg::shell
