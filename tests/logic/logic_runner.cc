// logic_runner: runs the query logic tests, tests/logic/**/*.test, against
// kg::Database. The file format is documented in tests/logic/README.md.
//
//   logic_runner DIR_OR_FILE... [--filter SUBSTR] [--verbose]
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "kg/database.h"
#include "kg/result.h"
#include "kg/status.h"
#include "kg/store.h"
#include "kg/term.h"
#include "query/syntax/rdf_parser.h"
#include "query/syntax/shorthand_parser.h"
#include "shell/name_resolver.h"
#include "shell/render.h"

namespace fs = std::filesystem;

namespace kg::logic {
namespace {

// What a printed line that would be empty is written as: the header of a
// query with no variables, or a row whose every variable is unbound.
constexpr std::string_view kEmptyLine = "(empty)";
constexpr std::string_view kSeparator = "----";

enum class RecordKind {
  kLoad,
  kMode,
  kStatementOk,
  kStatementError,
  kQuery,
  kShorthand,
};

enum class SortMode { kNoSort, kRowSort };

// One record of a .test file: a directive line and, for statements and
// queries, the text and expected output that follow it up to a blank line.
struct Record {
  RecordKind kind = RecordKind::kLoad;
  int line = 0;                       // of the directive
  std::vector<std::string> args;      // the directive's words after the first
  std::string text;                   // SPARQL or shorthand
  std::vector<std::string> expected;  // lines after "----"
  bool has_separator = false;
  SortMode sort = SortMode::kNoSort;
};

struct Counts {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
};

struct Options {
  std::vector<std::string> paths;
  std::string filter;
  bool verbose = false;
};

std::vector<std::string> SplitWords(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.emplace_back(line.substr(start, i - start));
  }
  return words;
}

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.emplace_back(line.substr(start));
      return fields;
    }
    fields.emplace_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    out += l;
    out += '\n';
  }
  return out;
}

// Removes trailing whitespace: unbound trailing fields leave trailing tabs,
// which editors tend to strip, so both sides are compared without them.
std::string TrimRight(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\r' || s.back() == '\n')) {
    s.pop_back();
  }
  return s;
}

// The canonical form of one output line: trailing empty fields dropped,
// and an empty line written as kEmptyLine.
std::string CanonicalLine(std::string line) {
  line = TrimRight(std::move(line));
  if (line.empty()) return std::string(kEmptyLine);
  return line;
}

// Parses a .test file into records. Errors (an unknown directive, a query
// without "----") are returned with their line number.
Result<std::vector<Record>> ParseTestFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + file.string());
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(std::move(l));
  }

  std::vector<Record> records;
  std::size_t i = 0;
  auto error = [&](std::size_t at, const std::string& what) {
    return Status::InvalidArgument("line " + std::to_string(at + 1) + ": " +
                                   what);
  };
  while (i < lines.size()) {
    const std::string& line = lines[i];
    if (TrimRight(line).empty() || line[0] == '#') {
      ++i;
      continue;
    }
    std::vector<std::string> words = SplitWords(line);
    Record r;
    r.line = static_cast<int>(i + 1);
    r.args.assign(words.begin() + 1, words.end());
    const std::string& head = words[0];
    bool has_body = false;
    bool needs_separator = false;
    if (head == "load") {
      r.kind = RecordKind::kLoad;
      if (r.args.empty() || r.args.size() > 2) {
        return error(i, "expected 'load PATH [GRAPH-IRI]'");
      }
    } else if (head == "mode") {
      r.kind = RecordKind::kMode;
      if (r.args.size() != 1 ||
          (r.args[0] != "union" && r.args[0] != "strict")) {
        return error(i, "expected 'mode union' or 'mode strict'");
      }
    } else if (head == "statement") {
      if (r.args.size() == 1 && r.args[0] == "ok") {
        r.kind = RecordKind::kStatementOk;
      } else if (r.args.size() == 1 && r.args[0] == "error") {
        r.kind = RecordKind::kStatementError;
        needs_separator = true;
      } else {
        return error(i, "expected 'statement ok' or 'statement error'");
      }
      has_body = true;
    } else if (head == "query" || head == "shorthand") {
      r.kind = head == "query" ? RecordKind::kQuery : RecordKind::kShorthand;
      if (r.args.size() > 1 || (r.args.size() == 1 && r.args[0] != "rowsort" &&
                                r.args[0] != "nosort")) {
        return error(i, "expected '" + head + " [rowsort|nosort]'");
      }
      if (!r.args.empty() && r.args[0] == "rowsort")
        r.sort = SortMode::kRowSort;
      has_body = true;
      needs_separator = true;
    } else {
      return error(i, "unknown directive '" + head + "'");
    }
    ++i;
    if (has_body) {
      std::vector<std::string> text;
      while (i < lines.size() && !TrimRight(lines[i]).empty()) {
        if (!r.has_separator && lines[i] == kSeparator) {
          r.has_separator = true;
        } else if (r.has_separator) {
          r.expected.push_back(lines[i]);
        } else {
          text.push_back(lines[i]);
        }
        ++i;
      }
      r.text = JoinLines(text);
      if (text.empty()) return error(r.line - 1, "the record has no text");
      if (needs_separator && !r.has_separator) {
        return error(r.line - 1, "expected '----' and the expected result");
      }
      if (!needs_separator && r.has_separator) {
        return error(r.line - 1, "'statement ok' takes no expected result");
      }
      if (r.kind == RecordKind::kStatementError && r.expected.empty()) {
        return error(r.line - 1, "expected an error message after '----'");
      }
    }
    records.push_back(std::move(r));
  }
  return records;
}

// Renumbers blank-node labels (fields starting with "_:") as _:b0, _:b1, ...
// in order of first appearance. With `sort`, rows are first sorted with every
// blank label masked, so that the order does not depend on the labels the
// engine or the test author chose; the header (first line) stays first.
std::vector<std::string> Normalize(std::vector<std::string> lines,
                                   bool has_header, bool sort) {
  for (std::string& l : lines) l = CanonicalLine(std::move(l));
  std::size_t first_row = has_header && !lines.empty() ? 1 : 0;
  if (sort) {
    auto masked = [](const std::string& line) {
      std::vector<std::string> fields = SplitTabs(line);
      std::string key;
      for (std::size_t f = 0; f < fields.size(); ++f) {
        if (f > 0) key += '\t';
        key += fields[f].starts_with("_:") ? "_:" : fields[f];
      }
      return key;
    };
    std::vector<std::pair<std::string, std::string>> keyed;
    for (std::size_t r = first_row; r < lines.size(); ++r) {
      keyed.emplace_back(masked(lines[r]), lines[r]);
    }
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t r = first_row; r < lines.size(); ++r) {
      lines[r] = std::move(keyed[r - first_row].second);
    }
  }
  std::map<std::string, std::string> labels;
  for (std::size_t r = first_row; r < lines.size(); ++r) {
    std::vector<std::string> fields = SplitTabs(lines[r]);
    std::string out;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      if (f > 0) out += '\t';
      if (fields[f].starts_with("_:")) {
        auto [it, inserted] = labels.try_emplace(fields[f], "");
        if (inserted) it->second = "_:b" + std::to_string(labels.size() - 1);
        out += it->second;
      } else {
        out += fields[f];
      }
    }
    lines[r] = std::move(out);
  }
  return lines;
}

// Runs `sparql` to the end and prints its result in the expected-output
// format: for SELECT, CONSTRUCT and DESCRIBE a header line of ?variables and
// one line per row of N-Triples terms, tab-separated, unbound empty; for ASK
// the single line "true" or "false".
Result<std::vector<std::string>> RunQuery(Database& db,
                                          const std::string& sparql,
                                          const QueryOptions& options,
                                          bool* has_header) {
  Result<QueryResult> result = db.Query(sparql, options);
  if (!result.ok()) return result.status();
  QueryResult& q = *result;
  std::vector<std::string> lines;
  if (q.kind() == QueryResultKind::kBoolean) {
    *has_header = false;
    lines.push_back(q.boolean() ? "true" : "false");
    return lines;
  }
  *has_header = true;
  std::string header;
  for (std::size_t v = 0; v < q.variables().size(); ++v) {
    if (v > 0) header += '\t';
    header += '?';
    header += q.variables()[v];
  }
  lines.push_back(std::move(header));
  ResultRow row;
  while (true) {
    Result<bool> more = q.Next(&row);
    if (!more.ok()) return more.status();
    if (!*more) break;
    std::string line;
    for (std::size_t v = 0; v < row.size(); ++v) {
      if (v > 0) line += '\t';
      if (row[v].has_value()) line += row[v]->ToNTriples();
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string ErrorText(const Status& status) {
  std::string text = status.ToString();
  if (!status.context().empty()) {
    text += '\n';
    text += status.context();
  }
  return text;
}

class TestFileRunner {
 public:
  TestFileRunner(fs::path file, const Options& options, Counts* counts)
      : file_(std::move(file)), options_(options), counts_(counts) {}

  // Runs every record of the file on a fresh database.
  void Run() {
    Result<std::vector<Record>> records = ParseTestFile(file_);
    if (!records.ok()) {
      Fail(0, "bad test file: " + records.status().message());
      return;
    }
    std::string tmpl = (fs::temp_directory_path() / "kg_logic_XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      Fail(0, "cannot create a temporary directory");
      return;
    }
    dir_ = tmpl;
    {
      DatabaseOptions db_options;
      db_options.store.create_if_missing = true;
      db_options.store.sync_commits = false;
      db_options.store.memory_budget_bytes = std::size_t{32} << 20;
      // A runaway query (a path loop that never ends) fails its record
      // instead of hanging the run.
      db_options.limits.timeout = std::chrono::seconds(60);
      Result<std::unique_ptr<Database>> db =
          Database::Open(dir_ + "/db", db_options);
      if (!db.ok()) {
        Fail(0, "cannot open a database: " + db.status().ToString());
      } else {
        db_ = std::move(*db);
        RunRecords(*records);
        db_.reset();
      }
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

 private:
  std::unique_ptr<shell::NameResolver> resolver_;
  Database* raw_db_ = nullptr;
  shell::PrefixMap prefixes_;
  shell::LabelLanguage language_ = shell::LabelLanguage::kEnglish;

  void RunRecords(const std::vector<Record>& records) {
    for (const Record& r : records) {
      switch (r.kind) {
        case RecordKind::kLoad: {
          std::string error = Load(r);
          if (!error.empty()) {
            Fail(r.line, error +
                             "\n     (load failed; the file's other "
                             "records are not run)");
            return;
          }
          break;
        }
        case RecordKind::kMode:
          mode_ = r.args[0] == "strict" ? DefaultGraphMode::kStrict
                                        : DefaultGraphMode::kUnion;
          break;
        case RecordKind::kStatementOk:
        case RecordKind::kStatementError:
          RunStatement(r);
          break;
        case RecordKind::kQuery:
          RunQueryRecord(r);
          break;
        case RecordKind::kShorthand:
          RunShorthandRecord(r);
          break;
      }
    }
  }

  // Loads the record's file in one bulk load; returns what went wrong, or
  // an empty string.
  std::string Load(const Record& r) {
    fs::path data = file_.parent_path() / r.args[0];
    bool gzip = false;
    std::optional<query::RdfFormat> format =
        query::RdfFormatFromPath(data.string(), &gzip);
    if (!format) return "unknown RDF format of " + data.string();
    query::RdfParseOptions parse_options;
    parse_options.blank_scope = "load" + std::to_string(++loads_) + "_";
    if (r.args.size() == 2) {
      std::string graph = r.args[1];
      if (graph.size() >= 2 && graph.front() == '<' && graph.back() == '>') {
        graph = graph.substr(1, graph.size() - 2);
      }
      parse_options.default_graph = Term::Iri(graph);
    }
    Result<std::unique_ptr<BulkLoad>> load = db_->store().BeginBulkLoad();
    if (!load.ok()) return load.status().ToString();
    query::RdfParseReport report;
    Status parsed = query::ParseRdfFile(data.string(), *format, parse_options,
                                        load->get(), &report);
    if (!parsed.ok()) return ErrorText(parsed);
    Result<LoadSummary> committed = (*load)->Commit();
    if (!committed.ok()) return committed.status().ToString();
    resolver_.reset();  // labels and prefixes changed
    if (options_.verbose) {
      std::cout << "LOAD " << Where(r.line) << ": " << report.quads
                << " quads from " << data.string() << "\n";
    }
    return {};
  }

  QueryOptions CurrentQueryOptions() const {
    QueryOptions q;
    q.default_graph = mode_;
    return q;
  }

  void RunStatement(const Record& r) {
    bool has_header = false;
    Result<std::vector<std::string>> out =
        RunQuery(*db_, r.text, CurrentQueryOptions(), &has_header);
    if (r.kind == RecordKind::kStatementOk) {
      if (out.ok()) {
        Pass(r);
      } else {
        Mismatch(r, "statement ok", ErrorText(out.status()));
      }
      return;
    }
    std::string expected = TrimRight(JoinLines(r.expected));
    if (out.ok()) {
      Mismatch(r, "an error containing: " + expected,
               "success:\n" + JoinLines(*out));
      return;
    }
    std::string actual = ErrorText(out.status());
    if (actual.find(expected) == std::string::npos) {
      Mismatch(r, "an error containing: " + expected, actual);
      return;
    }
    Pass(r);
  }

  // A shell line, compiled to SPARQL as the shell compiles it (the same
  // name resolver over the database's labels and prefixes), then checked
  // as a query record.
  void RunShorthandRecord(const Record& r) {
    if (!resolver_) {
      raw_db_ = db_.get();
      if (auto stored = db_->store().Prefixes(); stored.ok()) {
        for (const auto& [prefix, iri] : *stored) prefixes_.Set(prefix, iri);
      }
      resolver_ = std::make_unique<shell::NameResolver>(&raw_db_, &prefixes_,
                                                        &language_);
    }
    std::string line = r.text;
    while (!line.empty() && (line.back() == '\n' || line.back() == ' '))
      line.pop_back();
    Result<query::ShorthandStatement> parsed = query::ParseShorthand(line);
    Result<std::string> sparql =
        parsed.ok() ? query::CompileShorthand(*parsed, line, *resolver_)
                    : Result<std::string>(parsed.status());
    if (!sparql.ok()) {
      Mismatch(
          r,
          JoinLines(Normalize(r.expected, true, r.sort == SortMode::kRowSort)),
          "error: " + ErrorText(sparql.status()));
      return;
    }
    Record compiled = r;
    // The shell runs compiled lines under the session's prefixes.
    compiled.text = prefixes_.Prologue() + "\n" + *sparql;
    RunQueryRecord(compiled);
  }

  void RunQueryRecord(const Record& r) {
    bool has_header = false;
    Result<std::vector<std::string>> out =
        RunQuery(*db_, r.text, CurrentQueryOptions(), &has_header);
    bool sort = r.sort == SortMode::kRowSort;
    std::vector<std::string> expected = Normalize(r.expected, true, sort);
    if (!out.ok()) {
      Mismatch(r, JoinLines(expected), "error: " + ErrorText(out.status()));
      return;
    }
    // ASK prints one line and no header; the expected side is normalized
    // the same way either way (a lone "true" or "false" is unaffected).
    std::vector<std::string> actual = Normalize(*out, has_header, sort);
    if (has_header && !expected.empty()) {
      std::size_t columns = SplitTabs(expected[0]).size();
      for (std::size_t l = 1; l < expected.size(); ++l) {
        if (SplitTabs(expected[l]).size() > columns) {
          Fail(r.line, "bad test: expected row " + std::to_string(l) +
                           " has more fields than the header");
          return;
        }
      }
    }
    if (actual != expected) {
      Mismatch(r, JoinLines(expected), JoinLines(actual));
      return;
    }
    Pass(r);
  }

  // "file:line", or just the file for problems of the whole file (line 0).
  std::string Where(int line) const {
    if (line == 0) return file_.string();
    return file_.string() + ":" + std::to_string(line);
  }

  void Pass(const Record& r) {
    ++counts_->passed;
    if (options_.verbose) std::cout << "ok   " << Where(r.line) << "\n";
  }

  void Fail(int line, const std::string& what) {
    ++counts_->failed;
    std::cout << "FAIL " << Where(line) << ": " << what << "\n";
  }

  void Mismatch(const Record& r, const std::string& expected,
                const std::string& actual) {
    ++counts_->failed;
    std::cout << "FAIL " << Where(r.line) << "\n"
              << "---- query:\n"
              << r.text << "---- expected:\n"
              << expected << (expected.ends_with('\n') ? "" : "\n")
              << "---- actual:\n"
              << actual << (actual.ends_with('\n') ? "" : "\n") << "\n";
  }

  fs::path file_;
  const Options& options_;
  Counts* counts_;
  std::string dir_;
  std::unique_ptr<Database> db_;
  DefaultGraphMode mode_ = DefaultGraphMode::kUnion;
  int loads_ = 0;
};

int Main(int argc, char** argv) {
  Options options;
  for (int a = 1; a < argc; ++a) {
    std::string_view arg = argv[a];
    if (arg == "--verbose" || arg == "-v") {
      options.verbose = true;
    } else if (arg == "--filter") {
      if (a + 1 >= argc) {
        std::cerr << "--filter needs a substring\n";
        return 2;
      }
      options.filter = argv[++a];
    } else if (arg.starts_with("--filter=")) {
      options.filter = std::string(arg.substr(9));
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: logic_runner DIR_OR_FILE... [--filter SUBSTR] "
                   "[--verbose]\n";
      return 0;
    } else if (arg.starts_with("-")) {
      std::cerr << "unknown option " << arg << "\n";
      return 2;
    } else {
      options.paths.emplace_back(arg);
    }
  }
  if (options.paths.empty()) {
    std::cerr << "usage: logic_runner DIR_OR_FILE... [--filter SUBSTR] "
                 "[--verbose]\n";
    return 2;
  }

  std::vector<fs::path> files;
  for (const std::string& p : options.paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(p, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".test") {
          files.push_back(entry.path());
        }
      }
    } else if (fs::is_regular_file(p, ec)) {
      files.emplace_back(p);
    } else {
      std::cerr << "no such file or directory: " << p << "\n";
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());

  Counts counts;
  int ran = 0;
  for (const fs::path& f : files) {
    if (!options.filter.empty() &&
        f.string().find(options.filter) == std::string::npos) {
      continue;
    }
    ++ran;
    TestFileRunner(f, options, &counts).Run();
  }
  if (ran == 0) {
    std::cerr << "no .test files found\n";
    return 2;
  }
  std::cout << ran << " files: " << counts.passed << " passed, "
            << counts.failed << " failed, " << counts.skipped << " skipped\n";
  return counts.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace kg::logic

int main(int argc, char** argv) { return kg::logic::Main(argc, argv); }
