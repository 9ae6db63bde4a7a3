// kg load / dump / stats / analyze / check / compact / backup / restore.
#include "shell/batch_commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "kg/store.h"
#include "query/syntax/rdf_parser.h"
#include "query/syntax/rdf_writer.h"
#include "shell/pipelined_sink.h"
#include "shell/progress.h"
#include "store/quad_store.h"

namespace kg::shell {
namespace fs = std::filesystem;

void PrintError(const std::string& what, const Status& status) {
  std::string line = what.empty()
                         ? status.ToString()
                         : fmt::format("{}: {}", what, status.ToString());
  std::fprintf(stderr, "kg: %s\n", line.c_str());
  if (!status.context().empty()) {
    std::fprintf(stderr, "%s\n", status.context().c_str());
  }
}

namespace {

// Passes quads to the loader and feeds the progress bar.
class CountingSink : public QuadSink {
 public:
  explicit CountingSink(QuadSink* next) : next_(next) {}
  Status Add(const Quad& q) override {
    ++count_;
    return next_->Add(q);
  }
  Status AddPrefix(std::string_view p, std::string_view iri) override {
    return next_->AddPrefix(p, iri);
  }
  std::uint64_t count() const { return count_; }

 private:
  QuadSink* next_;
  std::uint64_t count_ = 0;
};

std::uint64_t DirectoryBytes(const std::string& path) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(path, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

std::string FileUri(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  return "file://" + abs.string();
}

}  // namespace

int RunLoad(const LoadArgs& args) {
  // Resolve every file's format before touching the database.
  struct Input {
    std::string path;
    query::RdfFormat format;
    std::uint64_t bytes;
  };
  std::vector<Input> inputs;
  std::uint64_t total_bytes = 0;
  for (const std::string& f : args.files) {
    std::optional<query::RdfFormat> fmt_opt;
    bool gz = false;
    if (!args.format.empty()) {
      fmt_opt = query::RdfFormatFromName(args.format);
      if (!fmt_opt) {
        std::fprintf(stderr,
                     "kg load: unknown format '%s' (nt, nq, ttl, trig, rdf)\n",
                     args.format.c_str());
        return kExitUsage;
      }
    } else if (f == "-") {
      std::fprintf(stderr, "kg load: reading stdin ('-') needs --format\n");
      return kExitUsage;
    } else {
      fmt_opt = query::RdfFormatFromPath(f, &gz);
      if (!fmt_opt) {
        std::fprintf(stderr,
                     "kg load: cannot tell the format of %s from its name; use "
                     "--format\n",
                     f.c_str());
        return kExitUsage;
      }
    }
    std::uint64_t bytes = 0;
    if (f != "-") {
      std::error_code ec;
      bytes = fs::file_size(f, ec);
      if (ec) {
        std::fprintf(stderr, "kg load: cannot read %s: %s\n", f.c_str(),
                     ec.message().c_str());
        return kExitError;
      }
    }
    total_bytes += bytes;
    inputs.push_back({f, *fmt_opt, bytes});
  }
  if (!args.graph.empty() && args.graph.find(':') == std::string::npos) {
    std::fprintf(stderr, "kg load: --graph needs an absolute IRI, got '%s'\n",
                 args.graph.c_str());
    return kExitUsage;
  }

  std::error_code ec;
  const bool existed = fs::exists(fs::path(args.db) / "CURRENT", ec);
  auto start = std::chrono::steady_clock::now();
  std::uint64_t read = 0, skipped = 0;
  LoadSummary summary;
  Status status = [&]() -> Status {
    StoreOptions so;
    so.create_if_missing = true;
    KG_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(args.db, so));
    BulkLoadOptions bo;
    bo.sort_budget_bytes = args.sort_budget_mb << 20;
    KG_ASSIGN_OR_RETURN(std::unique_ptr<BulkLoad> load,
                        store->BeginBulkLoad(bo));
    // Parsing here, dictionary lookups and buffering on a second thread.
    PipelinedSink pipe(load.get());
    CountingSink sink(&pipe);
    ProgressBar bar("loading", total_bytes);
    std::uint64_t done_before = 0;
    std::random_device rd;
    std::uint64_t scope_seed = (static_cast<std::uint64_t>(rd()) << 16) ^
                               static_cast<std::uint64_t>(rd());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const Input& in = inputs[i];
      query::RdfParseOptions po;
      po.base_iri = !args.base.empty() ? args.base
                    : in.path == "-"   ? std::string()
                                       : FileUri(in.path);
      if (!args.graph.empty()) po.default_graph = Term::Iri(args.graph);
      // Blank nodes are scoped to their document: a label unique to this
      // load and file prefixes each one.
      po.blank_scope =
          fmt::format("k{:x}f{}_", scope_seed & 0xffffffffffffull, i);
      po.lenient = args.lenient;
      po.progress = [&](std::uint64_t bytes) {
        if (!args.quiet) bar.Update(done_before + bytes, sink.count());
      };
      query::RdfParseReport report;
      Status s = query::ParseRdfFile(in.path, in.format, po, &sink, &report);
      skipped += report.skipped;
      if (args.lenient && report.skipped > 0) {
        bar.Finish();
        for (const Status& e : report.errors) PrintError("skipped", e);
        if (report.skipped > report.errors.size()) {
          std::fprintf(stderr, "kg: ... and %llu more bad statements in %s\n",
                       static_cast<unsigned long long>(report.skipped -
                                                       report.errors.size()),
                       in.path.c_str());
        }
      }
      KG_RETURN_IF_ERROR(s);
      done_before += in.bytes;
    }
    KG_RETURN_IF_ERROR(pipe.Finish());
    read = sink.count();
    if (!args.quiet && ::isatty(2)) {
      bar.Finish();
      std::fprintf(stderr, "committing %llu quads...\r",
                   static_cast<unsigned long long>(read));
      std::fflush(stderr);
    }
    KG_ASSIGN_OR_RETURN(summary, load->Commit());
    bar.Finish();
    return Status::Ok();
  }();
  if (!status.ok()) {
    PrintError("load failed", status);
    if (!existed) {
      // The database did not exist before this command: leave nothing.
      fs::remove_all(args.db, ec);
    }
    std::fprintf(stderr, "kg: nothing was loaded; %s is as it was\n",
                 args.db.c_str());
    return kExitError;
  }
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::string skipped_note =
      skipped > 0 ? fmt::format(", {} bad statements skipped", skipped) : "";
  std::printf(
      "loaded %llu quads (%llu new, %llu new terms) from %zu file%s in "
      "%.2f s, %.0f quads/s%s\n",
      static_cast<unsigned long long>(read),
      static_cast<unsigned long long>(summary.inserted),
      static_cast<unsigned long long>(summary.new_terms), inputs.size(),
      inputs.size() == 1 ? "" : "s", secs, secs > 0 ? read / secs : 0.0,
      skipped_note.c_str());
  return kExitOk;
}

namespace {

Result<std::unique_ptr<Store>> OpenReadOnly(const std::string& db) {
  StoreOptions so;
  so.read_only = true;
  return Store::Open(db, so);
}

}  // namespace

int RunDump(const DumpArgs& args) {
  auto format = query::RdfFormatFromName(args.format);
  if (!format || *format == query::RdfFormat::kRdfXml) {
    std::fprintf(stderr,
                 "kg dump: unknown output format '%s' (nt, nq, ttl, trig)\n",
                 args.format.c_str());
    return kExitUsage;
  }
  auto store = OpenReadOnly(args.db);
  if (!store.ok()) {
    PrintError("", store.status());
    return kExitError;
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!args.output.empty() && args.output != "-") {
    file.open(args.output, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "kg dump: cannot write %s\n", args.output.c_str());
      return kExitError;
    }
    out = &file;
  }
  auto prefixes = (*store)->Prefixes();
  if (!prefixes.ok()) {
    PrintError("", prefixes.status());
    return kExitError;
  }
  auto writer = query::MakeRdfWriter(*format, out, *prefixes);
  if (!writer.ok()) {
    PrintError("", writer.status());
    return kExitError;
  }
  QuadPattern pattern;
  if (!args.graph.empty()) {
    pattern.graph =
        args.graph == "default" ? Term::DefaultGraph() : Term::Iri(args.graph);
  }
  // Graph-major order so that TriG can group by graph.
  Status inner;
  Status s = (*store)->Match(pattern, [&](const Quad& q) {
    inner = (*writer)->Add(q);
    return inner.ok();
  });
  if (s.ok()) s = inner;
  if (s.ok()) s = (*writer)->Finish();
  out->flush();
  if (s.ok() && !*out) s = Status::IOError("write failed (disk full?)");
  if (!s.ok()) {
    PrintError("dump failed", s);
    return kExitError;
  }
  return kExitOk;
}

int RunStats(const std::string& db) {
  auto store = OpenReadOnly(db);
  if (!store.ok()) {
    PrintError("", store.status());
    return kExitError;
  }
  auto stats = (*store)->Stats();
  if (!stats.ok()) {
    PrintError("", stats.status());
    return kExitError;
  }
  // Distinct triples: quads less the same triple held by several graphs.
  // spog keys put the graph last, so copies of a triple are adjacent.
  std::uint64_t triples = 0;
  bool first = true;
  store::IdQuad prev;
  auto view = (*store)->quad_store()->NewReadView();
  Status s = view->Scan({}, [&](const store::IdQuad& q) {
    if (first || q.s != prev.s || q.p != prev.p || q.o != prev.o) ++triples;
    first = false;
    prev = q;
    return true;
  });
  if (!s.ok()) {
    PrintError("", s);
    return kExitError;
  }
  const StoreStats& st = *stats;
  std::printf("database         %s\n", db.c_str());
  std::printf("quads            %llu\n",
              static_cast<unsigned long long>(st.quads));
  std::printf("distinct triples %llu\n",
              static_cast<unsigned long long>(triples));
  std::printf("graphs           %zu\n", st.graphs.size());
  std::printf("terms            %llu\n",
              static_cast<unsigned long long>(st.terms));
  std::printf("terms reclaimed  %llu (by compact)\n",
              static_cast<unsigned long long>(st.terms_reclaimed));
  std::uint64_t bytes = DirectoryBytes(db);
  std::printf("bytes on disk    %llu (%.1f per quad)\n",
              static_cast<unsigned long long>(bytes),
              st.quads ? static_cast<double>(bytes) / st.quads : 0.0);
  std::printf("distinct counts  %s\n",
              st.distinct_exact ? "exact" : "estimates (run kg analyze)");
  std::printf("\n%-60s %12s %12s %12s\n", "predicate", "quads", "subjects",
              "objects");
  for (const PredicateStats& p : st.predicates) {
    std::printf("%-60s %12llu %12llu %12llu\n",
                p.predicate.ToNTriples().c_str(),
                static_cast<unsigned long long>(p.quads),
                static_cast<unsigned long long>(p.distinct_subjects),
                static_cast<unsigned long long>(p.distinct_objects));
  }
  std::printf("\n%-60s %12s\n", "graph", "quads");
  for (const GraphStats& g : st.graphs) {
    std::string name =
        g.graph.is_default_graph() ? "(default graph)" : g.graph.ToNTriples();
    std::printf("%-60s %12llu\n", name.c_str(),
                static_cast<unsigned long long>(g.quads));
  }
  return kExitOk;
}

int RunAnalyze(const std::string& db) {
  auto store = Store::Open(db, StoreOptions{});
  Status s = store.ok() ? (*store)->Analyze() : store.status();
  if (!s.ok()) {
    PrintError("analyze failed", s);
    return kExitError;
  }
  std::printf("statistics of %s are exact\n", db.c_str());
  return kExitOk;
}

int RunCheck(const std::string& db) {
  auto store = OpenReadOnly(db);
  if (!store.ok()) {
    PrintError("", store.status());
    return kExitError;
  }
  auto report = (*store)->Check();
  if (!report.ok()) {
    PrintError("check failed", report.status());
    return kExitError;
  }
  for (const std::string& p : report->problems) {
    std::fprintf(stderr, "kg check: %s\n", p.c_str());
  }
  std::printf("%s: %llu quads, %llu terms, %s\n", db.c_str(),
              static_cast<unsigned long long>(report->quads),
              static_cast<unsigned long long>(report->terms),
              report->ok()
                  ? "every index, the dictionary, the label index and the "
                    "statistics agree"
                  : "DAMAGED");
  return report->ok() ? kExitOk : kExitCheckFailed;
}

int RunCompact(const std::string& db) {
  auto store = Store::Open(db, StoreOptions{});
  if (!store.ok()) {
    PrintError("compact failed", store.status());
    return kExitError;
  }
  auto summary = (*store)->Compact();
  if (!summary.ok()) {
    PrintError("compact failed", summary.status());
    return kExitError;
  }
  std::printf("compacted %s\n", db.c_str());
  std::printf("terms before     %llu\n",
              static_cast<unsigned long long>(summary->terms_before));
  std::printf("terms reclaimed  %llu (no quad used them)\n",
              static_cast<unsigned long long>(summary->terms_reclaimed));
  std::printf("bytes before     %llu\n",
              static_cast<unsigned long long>(summary->bytes_before));
  std::printf("bytes after      %llu\n",
              static_cast<unsigned long long>(summary->bytes_after));
  return kExitOk;
}

int RunBackup(const std::string& db, const std::string& dir) {
  // Read-write, like any command that must not run beside a writer: a
  // process that holds the database takes its own backups (.backup).
  auto store = Store::Open(db, StoreOptions{});
  Status s = store.ok() ? (*store)->Backup(dir) : store.status();
  if (!s.ok()) {
    PrintError("backup failed", s);
    return kExitError;
  }
  std::printf("backed up %s to %s (%llu bytes)\n", db.c_str(), dir.c_str(),
              static_cast<unsigned long long>(DirectoryBytes(dir)));
  return kExitOk;
}

int RunRestore(const std::string& dir, const std::string& db) {
  Status s = Store::Restore(dir, db);
  if (!s.ok()) {
    PrintError("restore failed", s);
    return kExitError;
  }
  std::printf(
      "restored %s to %s; every index, the dictionary and the statistics "
      "agree\n",
      dir.c_str(), db.c_str());
  return kExitOk;
}

}  // namespace kg::shell
