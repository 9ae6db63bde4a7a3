// W3C SPARQL query and update evaluation conformance runner for kg's engine
// (kg::Database, query/include/kg/database.h).
//
//   sparql_eval_runner W3C_DIR [--update] [--known-failures FILE] [--verbose]
//                      [--filter SUBSTRING] [--no-fork]
//
// W3C_DIR holds sparql10/ and sparql11/ as in w3c/rdf-tests/sparql: every
// manifest reachable from sparql10/manifest.ttl (by mf:include) is run, and
// from sparql11/ the folders named in kSparql11Suites; with --update, the
// folders of sparql11/ named in kSparql11UpdateSuites instead. A W3C_DIR
// holding a manifest.ttl itself is run alone (with its includes).
//
// Entry types and what passes:
//   QueryEvaluationTest  the engine's answer equals mf:result (.srx, .srj,
//                        .tsv, .csv, or RDF: a result set or a graph)
//   CSVResultFormatTest  the answer, written by kg's CSV writer, equals the
//                        expected CSV as text-level values
//   UpdateEvaluationTest after the request, every graph of the store equals
//                        the one mf:result gives (absent = empty)
//   PositiveSyntaxTest(11) / NegativeSyntaxTest(11)  ParseSparql accepts /
//                        rejects the action (an update if it is a .ru file,
//                        else a query)
// Other types, withdrawn entries and entries that mf:requires a feature not
// in kSupportedRequirements are skipped. How answers are compared is written
// down in tests/w3c/README.md.
//
// Each evaluation test runs in a child process (unless --no-fork) so that a
// crash or a hang is reported as that test's failure. The last line is
// "N passed, N failed, N skipped", summing to the number of entries run. The
// exit status is non-zero if a test fails that the known-failures file does
// not list, or if a listed test passes, is skipped or matches no entry.
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "kg/database.h"
#include "kg/quad_sink.h"
#include "kg/result.h"
#include "kg/status.h"
#include "kg/store.h"
#include "kg/term.h"
#include "query/ast/ast.h"
#include "query/results/result_writer.h"
#include "query/syntax/rdf_parser.h"
#include "query/syntax/sparql_parser.h"
#include "tests/w3c/graph_isomorphism.h"
#include "tests/w3c/manifest.h"
#include "tests/w3c/sparql_results_reader.h"

namespace {

namespace fs = std::filesystem;
namespace ast = kg::query::ast;
using kg::Quad;
using kg::Result;
using kg::Status;
using kg::Term;
using kg::testing::ManifestEntry;
using kg::testing::SolutionRow;
using kg::testing::SparqlResults;

// The SPARQL 1.1 query-evaluation folders run (update, federation, service,
// entailment and protocol suites are not query evaluation).
constexpr const char* kSparql11Suites[] = {
    "aggregates",    "bind",        "bindings",    "cast",
    "construct",     "csv-tsv-res", "exists",      "functions",
    "grouping",      "json-res",    "negation",    "project-expression",
    "property-path", "subquery",    "syntax-query"};

// The SPARQL 1.1 update-evaluation folders run with --update
// (syntax-update-1 and -2 are sparql_syntax_runner's).
constexpr const char* kSparql11UpdateSuites[] = {
    "add",    "basic-update", "clear",         "copy",
    "delete", "delete-data",  "delete-insert", "delete-where",
    "drop",   "move",         "update-silent"};

// mf:requires values (SPARQL 1.0 "extensible value testing" features) that a
// SPARQL 1.1 engine is expected to have; entries requiring others are
// skipped.
const std::set<std::string> kSupportedRequirements = {
    "KnownTypesDefault2Neq", "LangTagAwareness", "StringSimpleLiteralCmp",
    "XsdDateOperations"};

constexpr auto kQueryTimeout = std::chrono::seconds(20);
// A child that has not answered after this long is killed: the engine
// ignored its timeout.
constexpr int kChildTimeoutMs = 120 * 1000;
// More actual rows than this is a failure (no test expects so many).
constexpr std::size_t kMaxRows = 200000;
// Backtracking steps allowed for the blank node matching of one test.
constexpr std::size_t kMaxMatchSteps = 2000000;
constexpr std::size_t kMaxRowsShown = 40;

struct Outcome {
  enum Kind : char { kPass = 'P', kFail = 'F', kSkip = 'S' } kind;
  std::string reason;
  std::string detail;  // expected vs actual, printed with --verbose
};

Outcome Pass() { return {Outcome::kPass, {}, {}}; }
Outcome Fail(std::string reason, std::string detail = {}) {
  return {Outcome::kFail, std::move(reason), std::move(detail)};
}
Outcome Skip(std::string reason) {
  return {Outcome::kSkip, std::move(reason), {}};
}

std::string Describe(const Status& s) {
  std::string out = s.ToString();
  if (!s.context().empty()) out += "\n" + s.context();
  return out;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// ---------------------------------------------------------------------------
// Terms and rows

// One spelling per term: language tags compare case-insensitively, and a
// literal without datatype is xsd:string (or rdf:langString with a tag).
Term Normalize(Term t) {
  if (!t.is_literal()) return t;
  if (!t.lang.empty()) {
    std::transform(t.lang.begin(), t.lang.end(), t.lang.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    t.datatype = std::string(kg::kRdfLangString);
  } else if (t.datatype.empty()) {
    t.datatype = std::string(kg::kXsdString);
  }
  return t;
}

std::string CellText(const std::optional<Term>& t) {
  return t ? t->ToNTriples() : "UNDEF";
}

std::string RowText(const std::vector<std::string>& vars,
                    const SolutionRow& row) {
  std::string out = "{";
  bool first = true;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (!row[i]) continue;
    out += first ? " ?" : ", ?";
    out += vars[i] + "=" + row[i]->ToNTriples();
    first = false;
  }
  return out + " }";
}

std::string TableText(const SparqlResults& r) {
  std::string out;
  switch (r.kind) {
    case SparqlResults::Kind::kBoolean:
      return r.boolean ? "    true\n" : "    false\n";
    case SparqlResults::Kind::kGraph:
      for (const Quad& q : r.graph) out += "    " + q.ToNQuads() + "\n";
      return out.empty() ? "    (empty graph)\n" : out;
    case SparqlResults::Kind::kSolutions:
      break;
  }
  out = "   ";
  for (const std::string& v : r.variables) out += " ?" + v;
  out += "\n";
  for (std::size_t i = 0; i < r.rows.size() && i < kMaxRowsShown; ++i) {
    out += "   ";
    for (const auto& cell : r.rows[i]) out += " " + CellText(cell);
    out += "\n";
  }
  if (r.rows.size() > kMaxRowsShown) {
    out += "    ... " + std::to_string(r.rows.size() - kMaxRowsShown) +
           " more rows\n";
  }
  return out;
}

std::string KindName(SparqlResults::Kind k) {
  switch (k) {
    case SparqlResults::Kind::kSolutions:
      return "solutions";
    case SparqlResults::Kind::kBoolean:
      return "a boolean";
    case SparqlResults::Kind::kGraph:
      return "a graph";
  }
  return "?";
}

// ---------------------------------------------------------------------------
// Comparing solution sequences

// A row with every blank node replaced by the same marker, prefixed by the
// row's group (see CompareSolutions). Rows that can match have equal keys.
std::string RowKey(std::size_t group, const SolutionRow& row) {
  std::string key = std::to_string(group);
  for (const auto& cell : row) {
    key += '\x1f';
    if (!cell) {
      key += 'U';
    } else if (cell->is_blank()) {
      key += 'B';
    } else {
      key += 'T' + cell->ToNTriples();
    }
  }
  return key;
}

bool HasBlank(const SolutionRow& row) {
  return std::any_of(row.begin(), row.end(),
                     [](const auto& c) { return c && c->is_blank(); });
}

// Finds a bijection between the blank nodes of `want` and `got` (same
// length) under which the rows can be paired, each row only with one of the
// same group. Rows without blank nodes have been paired by their keys
// already; `candidates` maps each key to the `got` rows holding it.
class BlankNodeMatcher {
 public:
  BlankNodeMatcher(
      const std::vector<SolutionRow>& want, const std::vector<SolutionRow>& got,
      const std::vector<std::string>& want_keys,
      const std::map<std::string, std::vector<std::size_t>>& candidates)
      : want_(want),
        got_(got),
        want_keys_(want_keys),
        candidates_(candidates) {}

  // True if a matching exists; *gave_up is set when the step budget ran out.
  bool Run(bool* gave_up) {
    for (std::size_t i = 0; i < want_.size(); ++i) {
      if (HasBlank(want_[i])) order_.push_back(i);
    }
    OrderRows();
    used_.assign(got_.size(), false);
    const bool ok = Place(0);
    *gave_up = steps_ > kMaxMatchSteps;
    return ok;
  }

 private:
  // Rows whose blank nodes are already mapped first (they have at most one
  // candidate left), then rows with the fewest candidates.
  void OrderRows() {
    if (order_.size() > 3000) return;
    std::set<std::string> mapped;
    std::vector<std::size_t> rest = order_;
    order_.clear();
    while (!rest.empty()) {
      std::size_t best = 0;
      std::pair<std::size_t, std::size_t> best_score{0, 0};
      for (std::size_t r = 0; r < rest.size(); ++r) {
        std::size_t known = 0;
        for (const auto& c : want_[rest[r]]) {
          if (c && c->is_blank() && mapped.count(c->lexical) != 0) ++known;
        }
        const std::size_t size = candidates_.at(want_keys_[rest[r]]).size();
        const std::pair<std::size_t, std::size_t> score{known, SIZE_MAX - size};
        if (r == 0 || score > best_score) {
          best = r;
          best_score = score;
        }
      }
      for (const auto& c : want_[rest[best]]) {
        if (c && c->is_blank()) mapped.insert(c->lexical);
      }
      order_.push_back(rest[best]);
      rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(best));
    }
  }

  bool Place(std::size_t k) {
    if (k == order_.size()) return true;
    if (++steps_ > kMaxMatchSteps) return false;
    const SolutionRow& w = want_[order_[k]];
    for (std::size_t g : candidates_.at(want_keys_[order_[k]])) {
      if (used_[g]) continue;
      std::vector<std::string> added;
      bool ok = true;
      for (std::size_t c = 0; c < w.size() && ok; ++c) {
        if (!w[c] || !w[c]->is_blank()) continue;
        const std::string& a = w[c]->lexical;
        const std::string& b = got_[g][c]->lexical;
        auto f = forward_.find(a);
        if (f != forward_.end()) {
          ok = f->second == b;
          continue;
        }
        if (backward_.count(b) != 0) {
          ok = false;
          continue;
        }
        forward_[a] = b;
        backward_[b] = a;
        added.push_back(a);
      }
      if (ok) {
        used_[g] = true;
        if (Place(k + 1)) return true;
        used_[g] = false;
      }
      for (const std::string& a : added) {
        backward_.erase(forward_[a]);
        forward_.erase(a);
      }
      if (steps_ > kMaxMatchSteps) return false;
    }
    return false;
  }

  const std::vector<SolutionRow>& want_;
  const std::vector<SolutionRow>& got_;
  const std::vector<std::string>& want_keys_;
  const std::map<std::string, std::vector<std::size_t>>& candidates_;
  std::vector<std::size_t> order_;
  std::vector<bool> used_;
  std::map<std::string, std::string> forward_;
  std::map<std::string, std::string> backward_;
  std::size_t steps_ = 0;
};

// Group numbers for an ordered comparison: consecutive rows that agree on
// `key_columns` share a group (ties of the ORDER BY keys may come in any
// order); with no key columns every row is compared in place.
std::vector<std::size_t> OrderGroups(const std::vector<SolutionRow>& rows,
                                     const std::vector<std::size_t>& key) {
  std::vector<std::size_t> groups(rows.size(), 0);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    bool same = !key.empty();
    for (std::size_t c : key) same = same && rows[i][c] == rows[i - 1][c];
    groups[i] = groups[i - 1] + (same ? 0 : 1);
  }
  return groups;
}

// What ordering the comparison checks.
struct OrderCheck {
  bool ordered = false;
  // Names of the variables the ORDER BY keys depend on; empty when they
  // cannot be told from the projected variables (rows then compare in
  // place).
  std::vector<std::string> key_variables;
};

// Compares `want` and `got` (both kSolutions, terms normalized). On a
// mismatch returns false with a one-line reason in *why.
bool CompareSolutions(const SparqlResults& want, SparqlResults got,
                      const OrderCheck& order, bool lax, std::string* why) {
  // Same variables, as sets; then put `got`'s columns in `want`'s order.
  std::set<std::string> wv(want.variables.begin(), want.variables.end());
  std::set<std::string> gv(got.variables.begin(), got.variables.end());
  if (wv != gv || wv.size() != want.variables.size() ||
      gv.size() != got.variables.size()) {
    std::string w, g;
    for (const auto& v : want.variables) w += " ?" + v;
    for (const auto& v : got.variables) g += " ?" + v;
    *why = "variables differ: expected {" + w + " }, got {" + g + " }";
    return false;
  }
  std::vector<std::size_t> from(want.variables.size());
  for (std::size_t i = 0; i < want.variables.size(); ++i) {
    from[i] = static_cast<std::size_t>(std::find(got.variables.begin(),
                                                 got.variables.end(),
                                                 want.variables[i]) -
                                       got.variables.begin());
  }
  std::vector<SolutionRow> got_rows;
  got_rows.reserve(got.rows.size());
  for (const SolutionRow& r : got.rows) {
    SolutionRow aligned(from.size());
    for (std::size_t i = 0; i < from.size(); ++i) aligned[i] = r[from[i]];
    got_rows.push_back(std::move(aligned));
  }
  std::vector<SolutionRow> want_rows = want.rows;
  if (lax) {
    // Lax cardinality (REDUCED): compare the sets of distinct rows.
    auto dedupe = [](std::vector<SolutionRow>* rows) {
      std::set<SolutionRow> seen;
      std::vector<SolutionRow> out;
      for (auto& r : *rows) {
        if (seen.insert(r).second) out.push_back(std::move(r));
      }
      *rows = std::move(out);
    };
    dedupe(&want_rows);
    dedupe(&got_rows);
  }

  std::vector<std::size_t> want_groups(want_rows.size(), 0);
  std::vector<std::size_t> got_groups(got_rows.size(), 0);
  // Unordered first: a missing or extra row is the clearer report.
  for (int pass = 0; pass < (order.ordered ? 2 : 1); ++pass) {
    if (pass == 1) {
      std::vector<std::size_t> key;
      for (const std::string& v : order.key_variables) {
        key.push_back(static_cast<std::size_t>(
            std::find(want.variables.begin(), want.variables.end(), v) -
            want.variables.begin()));
      }
      want_groups = OrderGroups(want_rows, key);
      got_groups = OrderGroups(got_rows, key);
    }
    std::vector<std::string> want_keys, got_keys;
    std::map<std::string, int> balance;
    for (std::size_t i = 0; i < want_rows.size(); ++i) {
      want_keys.push_back(RowKey(want_groups[i], want_rows[i]));
      ++balance[want_keys.back()];
    }
    std::map<std::string, std::vector<std::size_t>> candidates;
    for (std::size_t i = 0; i < got_rows.size(); ++i) {
      got_keys.push_back(RowKey(got_groups[i], got_rows[i]));
      --balance[got_keys.back()];
      candidates[got_keys.back()].push_back(i);
    }
    const bool counts_differ = want_rows.size() != got_rows.size();
    std::string prefix = counts_differ
                             ? "expected " + std::to_string(want_rows.size()) +
                                   (lax ? " distinct" : "") + " rows, got " +
                                   std::to_string(got_rows.size())
                             : "";
    std::optional<std::size_t> missing, extra;
    for (std::size_t i = 0; i < want_rows.size() && !missing; ++i) {
      if (balance[want_keys[i]] > 0) missing = i;
    }
    // The unexpected row to show: the one most like the missing row.
    std::size_t best_shared = 0;
    for (std::size_t i = 0; i < got_rows.size(); ++i) {
      if (balance[got_keys[i]] >= 0) continue;
      std::size_t shared = 0;
      for (std::size_t c = 0; missing && c < got_rows[i].size(); ++c) {
        if (got_rows[i][c] == want_rows[*missing][c]) ++shared;
      }
      if (!extra || shared > best_shared) {
        extra = i;
        best_shared = shared;
      }
    }
    if (missing || extra || counts_differ) {
      std::string out = prefix;
      auto add = [&](const std::string& s) {
        out += out.empty() ? s : "; " + s;
      };
      if (pass == 1) {
        std::size_t at = 0;
        while (at < want_rows.size() && at < got_rows.size() &&
               RowKey(0, want_rows[at]) == RowKey(0, got_rows[at])) {
          ++at;
        }
        add("rows out of ORDER BY order: first difference at row " +
            std::to_string(at + 1));
        if (at < want_rows.size()) {
          add("expected " + RowText(want.variables, want_rows[at]));
        }
        if (at < got_rows.size()) {
          add("got " + RowText(want.variables, got_rows[at]));
        }
        *why = out;
        return false;
      }
      if (missing) {
        add("missing " + RowText(want.variables, want_rows[*missing]));
      }
      if (extra) {
        add("unexpected " + RowText(want.variables, got_rows[*extra]));
      }
      *why = out;
      return false;
    }
    bool gave_up = false;
    BlankNodeMatcher matcher(want_rows, got_rows, want_keys, candidates);
    if (!matcher.Run(&gave_up)) {
      *why = gave_up ? "gave up looking for a blank node mapping after " +
                           std::to_string(kMaxMatchSteps) + " steps"
             : pass == 1 ? "rows out of ORDER BY order (blank nodes "
                           "pair up only in another order)"
                         : "same rows up to blank nodes, but no "
                           "consistent blank node mapping";
      return false;
    }
  }
  return true;
}

// The canonical lexical form of a numeric literal's value, so that literals
// of one numeric datatype compare by value (tests/w3c/README.md); any other
// term is returned unchanged.
Term NumberByValue(Term t) {
  if (!t.is_literal() || t.datatype.rfind(kg::kXsd, 0) != 0) return t;
  const std::string type = t.datatype.substr(kg::kXsd.size());
  if (type == "double" || type == "float") {
    char* end = nullptr;
    const double v = std::strtod(t.lexical.c_str(), &end);
    if (end == t.lexical.c_str() || *end != '\0') return t;
    char buf[64];
    std::snprintf(
        buf, sizeof buf, type == "float" ? "%.9g" : "%.17g",
        type == "float" ? static_cast<double>(static_cast<float>(v)) : v);
    t.lexical = buf;
    return t;
  }
  static const std::set<std::string> kDecimalTypes = {"decimal",
                                                      "integer",
                                                      "int",
                                                      "long",
                                                      "short",
                                                      "byte",
                                                      "nonNegativeInteger",
                                                      "nonPositiveInteger",
                                                      "negativeInteger",
                                                      "positiveInteger",
                                                      "unsignedLong",
                                                      "unsignedInt",
                                                      "unsignedShort",
                                                      "unsignedByte"};
  if (kDecimalTypes.count(type) == 0) return t;
  std::string s = t.lexical;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.erase(0, 1);
  }
  if (s.empty() || s.find_first_not_of("0123456789.") != std::string::npos) {
    return t;
  }
  std::string whole = s.substr(0, s.find('.'));
  std::string fraction =
      s.find('.') == std::string::npos ? "" : s.substr(s.find('.') + 1);
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size()));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole.empty()) whole = "0";
  t.lexical = whole + (fraction.empty() ? "" : "." + fraction);
  if (negative && t.lexical != "0") t.lexical = "-" + t.lexical;
  return t;
}

SparqlResults NumbersByValue(SparqlResults r) {
  for (SolutionRow& row : r.rows) {
    for (auto& cell : row) {
      if (cell) cell = NumberByValue(std::move(*cell));
    }
  }
  return r;
}

// ---------------------------------------------------------------------------
// The query: ORDER BY keys and FROM graphs

// Adds the variables `e` depends on to *vars; false if its value may depend
// on more than the row (aggregates, EXISTS, random or time functions).
bool ExprVariables(const ast::Expr& e, std::set<std::string>* vars) {
  switch (e.kind) {
    case ast::ExprKind::kVariable:
      if (e.variable.is_blank()) return false;
      vars->insert(e.variable.name);
      return true;
    case ast::ExprKind::kAggregate:
    case ast::ExprKind::kExists:
    case ast::ExprKind::kNotExists:
      return false;
    case ast::ExprKind::kBuiltin:
      switch (e.builtin) {
        case ast::Builtin::kRand:
        case ast::Builtin::kBnode:
        case ast::Builtin::kNow:
        case ast::Builtin::kUuid:
        case ast::Builtin::kStrUuid:
          return false;
        default:
          break;
      }
      break;
    default:
      break;
  }
  for (const ast::Expr& a : e.args) {
    if (!ExprVariables(a, vars)) return false;
  }
  return true;
}

OrderCheck OrderOf(const ast::Query& q,
                   const std::vector<std::string>& variables) {
  OrderCheck check;
  check.ordered = !q.order_by.empty();
  std::set<std::string> vars;
  for (const ast::OrderCondition& c : q.order_by) {
    if (!ExprVariables(c.expr, &vars)) return check;
  }
  for (const std::string& v : vars) {
    if (std::find(variables.begin(), variables.end(), v) == variables.end()) {
      return check;
    }
  }
  check.key_variables.assign(vars.begin(), vars.end());
  return check;
}

// ---------------------------------------------------------------------------
// Running one evaluation test

// A temporary folder, removed with its contents when destroyed.
class TempDir {
 public:
  static Result<TempDir> Make() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
        "/kg-sparql-eval-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      return Status::IOError("mkdtemp " + pattern + ": " +
                             std::strerror(errno));
    }
    return TempDir(pattern);
  }
  TempDir(TempDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// One file to load: its IRI and the graph it goes into.
struct DataFile {
  std::string iri;
  Term graph;
};

Status Load(kg::Database* db, const std::vector<DataFile>& files) {
  if (files.empty()) return Status::Ok();
  KG_ASSIGN_OR_RETURN(std::unique_ptr<kg::BulkLoad> load,
                      db->store().BeginBulkLoad());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string path = kg::testing::FilePathFromIri(files[i].iri);
    bool gzip = false;
    const std::optional<kg::query::RdfFormat> format =
        kg::query::RdfFormatFromPath(path, &gzip);
    if (!format) return Status::NotSupported("no RDF format for " + path);
    kg::query::RdfParseOptions options;
    options.base_iri = files[i].iri;
    options.default_graph = files[i].graph;
    // Each document has its own blank nodes (an RDF merge).
    options.blank_scope = "d" + std::to_string(i) + "_";
    KG_RETURN_IF_ERROR(
        kg::query::ParseRdfFile(path, *format, options, load.get(), nullptr));
  }
  KG_ASSIGN_OR_RETURN(kg::LoadSummary summary, load->Commit());
  (void)summary;
  return Status::Ok();
}

// The files of a dataset as a manifest gives it: the data files (qt:data,
// ut:data) into the default graph, the graphData files into named graphs.
std::vector<DataFile> DatasetFiles(
    const std::vector<std::string>& data,
    const std::vector<kg::testing::GraphData>& graphs) {
  std::vector<DataFile> files;
  for (const std::string& iri : data) {
    files.push_back({iri, Term::DefaultGraph()});
  }
  for (const kg::testing::GraphData& g : graphs) {
    files.push_back({g.file_iri, Term::Iri(g.graph_iri)});
  }
  return files;
}

// The files a query test loads: its dataset, and the local files the query
// names in FROM / FROM NAMED that are not loaded yet (the dataset tests give
// only those), each into the graph named by its IRI.
std::vector<DataFile> DataFiles(const ManifestEntry& e, const ast::Query& q) {
  std::vector<DataFile> files = DatasetFiles(e.data_iris, e.graph_data);
  std::set<std::string> named;
  for (const kg::testing::GraphData& g : e.graph_data) {
    named.insert(g.graph_iri);
  }
  for (const ast::DatasetClause& d : q.dataset) {
    if (d.iri.rfind("file://", 0) != 0 || named.count(d.iri) != 0) continue;
    std::error_code ec;
    if (!fs::is_regular_file(kg::testing::FilePathFromIri(d.iri), ec)) {
      continue;
    }
    files.push_back({d.iri, Term::Iri(d.iri)});
    named.insert(d.iri);
  }
  return files;
}

// Reads the engine's whole answer.
Result<SparqlResults> Collect(kg::QueryResult* r) {
  SparqlResults out;
  switch (r->kind()) {
    case kg::QueryResultKind::kBoolean:
      out.kind = SparqlResults::Kind::kBoolean;
      out.boolean = r->boolean();
      return out;
    case kg::QueryResultKind::kGraph:
      out.kind = SparqlResults::Kind::kGraph;
      break;
    case kg::QueryResultKind::kSolutions:
      out.kind = SparqlResults::Kind::kSolutions;
      out.variables = r->variables();
      out.ordered = true;
      break;
  }
  kg::ResultRow row;
  while (true) {
    Result<bool> more = r->Next(&row);
    if (!more.ok()) {
      return Status(more.status().code(),
                    "after " + std::to_string(out.rows.size()) +
                        " rows: " + more.status().message());
    }
    if (!*more) break;
    if (out.kind == SparqlResults::Kind::kGraph) {
      if (row.size() != 3 || !row[0] || !row[1] || !row[2]) {
        return Status::Internal("a CONSTRUCT row is not a whole triple");
      }
      out.graph.push_back(Quad{Normalize(*row[0]), Normalize(*row[1]),
                               Normalize(*row[2]), Term::DefaultGraph()});
      if (out.graph.size() > kMaxRows) break;
      continue;
    }
    if (row.size() != out.variables.size()) {
      return Status::Internal(
          "a row has " + std::to_string(row.size()) + " entries for " +
          std::to_string(out.variables.size()) + " variables");
    }
    out.rows.push_back(std::move(row));
    row = kg::ResultRow();
    if (out.rows.size() > kMaxRows) break;
  }
  return out;
}

void NormalizeAll(SparqlResults* r) {
  for (SolutionRow& row : r->rows) {
    for (auto& cell : row) {
      if (cell) cell = Normalize(std::move(*cell));
    }
  }
  for (Quad& q : r->graph) {
    q.subject = Normalize(std::move(q.subject));
    q.predicate = Normalize(std::move(q.predicate));
    q.object = Normalize(std::move(q.object));
  }
}

// The answer as kg's CSV writer prints it, read back as text-level values.
Result<SparqlResults> AsCsv(const SparqlResults& got) {
  if (got.kind != SparqlResults::Kind::kSolutions) {
    return Status::InvalidArgument("CSV needs solutions, the query gave " +
                                   KindName(got.kind));
  }
  std::ostringstream out;
  auto writer =
      kg::query::MakeResultWriter(kg::query::ResultFormat::kCsv, &out);
  KG_RETURN_IF_ERROR(writer->Begin(got.variables));
  for (const SolutionRow& row : got.rows) {
    KG_RETURN_IF_ERROR(writer->Row(std::span<const std::optional<Term>>(row)));
  }
  KG_RETURN_IF_ERROR(writer->End());
  Result<SparqlResults> read = kg::testing::ParseSparqlCsvResults(out.str());
  if (!read.ok()) {
    return Status::InvalidArgument("kg's CSV output does not read back: " +
                                   read.status().message() + "\n" + out.str());
  }
  return read;
}

// `work_dir` is an empty folder for the database, owned by the caller (so
// that it is removed even when this process crashes).
Outcome RunEvaluation(const ManifestEntry& e, bool csv_test,
                      const std::string& work_dir) {
  if (e.query_iri.empty()) return Fail("no qt:query in mf:action");
  if (e.result_iri.empty()) return Fail("no mf:result");
  const std::string query_path = kg::testing::FilePathFromIri(e.query_iri);
  Result<std::string> text = ReadFile(query_path);
  if (!text.ok()) return Fail(text.status().ToString());
  kg::query::SparqlParseOptions parse_options;
  parse_options.base_iri = e.query_iri;
  parse_options.kind = kg::query::SparqlRequestKind::kQuery;
  parse_options.source = fs::path(query_path).filename().string();
  Result<ast::Request> request = kg::query::ParseSparql(*text, parse_options);
  if (!request.ok()) {
    return Fail("query does not parse: " + Describe(request.status()));
  }
  const ast::Query& query = request->query;

  const std::string result_path = kg::testing::FilePathFromIri(e.result_iri);
  csv_test = csv_test || result_path.ends_with(".csv");
  Result<SparqlResults> want =
      kg::testing::ReadSparqlResultsFile(result_path, e.result_iri);
  if (!want.ok()) {
    return Fail("cannot read the expected results " + result_path + ": " +
                Describe(want.status()));
  }
  NormalizeAll(&*want);

  SparqlResults got;
  {
    kg::DatabaseOptions db_options;
    db_options.store.create_if_missing = true;
    db_options.store.sync_commits = false;
    db_options.store.memory_budget_bytes = std::size_t{32} << 20;
    Result<std::unique_ptr<kg::Database>> db =
        kg::Database::Open(work_dir + "/db", db_options);
    if (!db.ok()) return Fail("Database::Open: " + db.status().ToString());
    Status loaded = Load(db->get(), DataFiles(e, query));
    if (!loaded.ok()) return Fail("loading the data: " + Describe(loaded));

    kg::QueryOptions options;
    options.default_graph = kg::DefaultGraphMode::kStrict;
    options.base_iri = e.query_iri;
    kg::QueryLimits limits;
    limits.timeout = kQueryTimeout;
    limits.memory_bytes = std::size_t{1} << 30;
    options.limits = limits;
    Result<kg::QueryResult> result = (*db)->Query(*text, options);
    if (!result.ok()) return Fail("query failed: " + Describe(result.status()));
    Result<SparqlResults> collected = Collect(&*result);
    if (!collected.ok()) {
      return Fail("evaluation failed " + collected.status().ToString());
    }
    got = std::move(*collected);
  }
  NormalizeAll(&got);
  if (got.rows.size() > kMaxRows || got.graph.size() > kMaxRows) {
    return Fail("more than " + std::to_string(kMaxRows) + " rows");
  }
  auto detail = [&](const SparqlResults& shown) {
    return "  expected:\n" + TableText(*want) + "  actual:\n" +
           TableText(shown);
  };

  if (csv_test) {
    Result<SparqlResults> csv = AsCsv(got);
    if (!csv.ok()) return Fail(csv.status().message(), detail(got));
    std::string why;
    if (!CompareSolutions(*want, *csv, OrderOf(query, want->variables),
                          e.lax_cardinality, &why)) {
      return Fail("CSV: " + why, detail(*csv));
    }
    return Pass();
  }
  if (want->kind != got.kind) {
    return Fail("expected " + KindName(want->kind) + ", the query gave " +
                    KindName(got.kind),
                detail(got));
  }
  switch (want->kind) {
    case SparqlResults::Kind::kBoolean:
      if (want->boolean != got.boolean) {
        return Fail(std::string("expected ") +
                    (want->boolean ? "true" : "false") + ", got " +
                    (got.boolean ? "true" : "false"));
      }
      return Pass();
    case SparqlResults::Kind::kGraph: {
      std::string why;
      if (!kg::testing::IsIsomorphic(want->graph, got.graph, &why)) {
        return Fail("graph differs: " + why, detail(got));
      }
      return Pass();
    }
    case SparqlResults::Kind::kSolutions: {
      OrderCheck order = OrderOf(query, want->variables);
      order.ordered = order.ordered && want->ordered;
      // Numbers compare by value within their datatype: the suites'
      // expected files spell many computed numbers in forms no canonical
      // output matches ("6"^^xsd:double, "1050"^^xsd:double, "3" and
      // "3.0"^^xsd:decimal); Jena's and rdflib's runners compare by value
      // too. Every other term compares exactly.
      std::string why;
      if (!CompareSolutions(NumbersByValue(*want), NumbersByValue(got), order,
                            e.lax_cardinality, &why)) {
        return Fail(why, detail(got));
      }
      return Pass();
    }
  }
  return Fail("unreachable");
}

// ---------------------------------------------------------------------------
// Running one update evaluation test

class QuadCollector : public kg::QuadSink {
 public:
  explicit QuadCollector(std::vector<Quad>* quads) : quads_(quads) {}
  Status Add(const Quad& q) override {
    quads_->push_back(q);
    return Status::Ok();
  }

 private:
  std::vector<Quad>* quads_;
};

// The dataset the files describe, each file read with its IRI as base and
// its own blank nodes (`scope` + index), as Load reads them.
Result<std::vector<Quad>> ReadDataset(const std::vector<DataFile>& files,
                                      const std::string& scope) {
  std::vector<Quad> quads;
  QuadCollector sink(&quads);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string path = kg::testing::FilePathFromIri(files[i].iri);
    bool gzip = false;
    const std::optional<kg::query::RdfFormat> format =
        kg::query::RdfFormatFromPath(path, &gzip);
    if (!format) return Status::NotSupported("no RDF format for " + path);
    kg::query::RdfParseOptions options;
    options.base_iri = files[i].iri;
    options.default_graph = files[i].graph;
    options.blank_scope = scope + std::to_string(i) + "_";
    KG_RETURN_IF_ERROR(
        kg::query::ParseRdfFile(path, *format, options, &sink, nullptr));
  }
  return quads;
}

// The quads of a dataset grouped by graph, each term normalized and numbers
// by value (the comparison rules of the query tests), without duplicates. A
// graph without quads does not appear: kg keeps no empty graphs, and the
// tests treat an empty graph and an absent one alike.
using GraphMap = std::map<Term, std::vector<Quad>>;

GraphMap ByGraph(const std::vector<Quad>& quads) {
  std::map<Term, std::set<Quad>> sets;
  for (const Quad& q : quads) {
    sets[q.graph].insert(Quad{NumberByValue(Normalize(q.subject)),
                              NumberByValue(Normalize(q.predicate)),
                              NumberByValue(Normalize(q.object)), q.graph});
  }
  GraphMap out;
  for (auto& [graph, set] : sets) out[graph].assign(set.begin(), set.end());
  return out;
}

std::string GraphName(const Term& graph) {
  return graph.is_default_graph() ? "the default graph" : graph.ToNTriples();
}

// A quad with every blank node written "_:_", for a diff that ignores
// blank node labels.
std::string MaskedText(const Quad& q) {
  auto term = [](const Term& t) {
    return t.is_blank() ? std::string("_:_") : t.ToNTriples();
  };
  std::string out =
      term(q.subject) + " " + term(q.predicate) + " " + term(q.object);
  if (!q.graph.is_default_graph()) out += " " + term(q.graph);
  return out + " .";
}

// "missing Q, unexpected Q" for one graph: the quads (blank node labels
// masked) one side has more often than the other, a few of each.
std::string GraphDiff(const std::vector<Quad>& want,
                      const std::vector<Quad>& got) {
  constexpr std::size_t kMaxQuadsShown = 3;
  std::map<std::string, int> balance;
  for (const Quad& q : want) ++balance[MaskedText(q)];
  for (const Quad& q : got) --balance[MaskedText(q)];
  std::string missing, unexpected;
  std::size_t n_missing = 0, n_unexpected = 0;
  for (const auto& [text, count] : balance) {
    for (int i = 0; i < count; ++i) {
      if (n_missing++ < kMaxQuadsShown) missing += " " + text;
    }
    for (int i = 0; i < -count; ++i) {
      if (n_unexpected++ < kMaxQuadsShown) unexpected += " " + text;
    }
  }
  auto more = [](std::size_t n) {
    return n > kMaxQuadsShown
               ? " (and " + std::to_string(n - kMaxQuadsShown) + " more)"
               : std::string();
  };
  std::string out;
  if (n_missing > 0) out += "missing" + missing + more(n_missing);
  if (n_unexpected > 0) {
    out += (out.empty() ? "" : "; ") + std::string("unexpected") + unexpected +
           more(n_unexpected);
  }
  return out;
}

std::string DatasetText(const GraphMap& graphs) {
  std::string out;
  std::size_t shown = 0;
  for (const auto& [graph, quads] : graphs) {
    for (const Quad& q : quads) {
      if (shown++ < kMaxRowsShown) out += "    " + q.ToNQuads() + "\n";
    }
  }
  if (shown > kMaxRowsShown) {
    out += "    ... " + std::to_string(shown - kMaxRowsShown) + " more quads\n";
  }
  return out.empty() ? "    (empty dataset)\n" : out;
}

// Compares the datasets graph by graph: the same graph names, and each
// graph isomorphic to the expected one. Blank nodes are matched within
// each graph only, since the expected graphs come from separate files
// while an update (COPY, INSERT) may put one blank node in several graphs.
bool CompareDatasets(const GraphMap& want, const GraphMap& got,
                     std::string* why) {
  std::set<Term> names;
  for (const auto& [graph, quads] : want) names.insert(graph);
  for (const auto& [graph, quads] : got) names.insert(graph);
  std::string out;
  for (const Term& graph : names) {
    static const std::vector<Quad> kEmpty;
    auto w = want.find(graph);
    auto g = got.find(graph);
    const std::vector<Quad>& wq = w == want.end() ? kEmpty : w->second;
    const std::vector<Quad>& gq = g == got.end() ? kEmpty : g->second;
    std::string reason;
    if (kg::testing::IsIsomorphic(wq, gq, &reason)) continue;
    std::string diff = GraphDiff(wq, gq);
    if (diff.empty()) diff = reason;
    auto quads = [](std::size_t n) {
      return std::to_string(n) + (n == 1 ? " quad" : " quads");
    };
    out += (out.empty() ? "" : "; ") + GraphName(graph) + " (expected " +
           quads(wq.size()) + ", got " + quads(gq.size()) + "): " + diff;
  }
  *why = out;
  return out.empty();
}

Outcome RunUpdateEvaluation(const ManifestEntry& e,
                            const std::string& work_dir) {
  if (e.request_iri.empty()) return Fail("no ut:request in mf:action");
  if (!e.update_result.empty() && e.update_result != "success") {
    return Fail("mf:result has ut:result ut:" + e.update_result +
                ", which the runner does not know");
  }
  const std::string request_path = kg::testing::FilePathFromIri(e.request_iri);
  Result<std::string> text = ReadFile(request_path);
  if (!text.ok()) return Fail(text.status().ToString());

  Result<std::vector<Quad>> expected = ReadDataset(
      DatasetFiles(e.result_data_iris, e.result_graph_data), "want");
  if (!expected.ok()) {
    return Fail("cannot read the expected dataset: " +
                Describe(expected.status()));
  }
  const GraphMap want = ByGraph(*expected);

  std::vector<Quad> actual;
  {
    kg::DatabaseOptions db_options;
    db_options.store.create_if_missing = true;
    db_options.store.sync_commits = false;
    db_options.store.memory_budget_bytes = std::size_t{32} << 20;
    db_options.default_graph = kg::DefaultGraphMode::kStrict;
    // LOAD reads local files of the suite's folder only.
    db_options.load_directory = fs::path(request_path).parent_path().string();
    Result<std::unique_ptr<kg::Database>> db =
        kg::Database::Open(work_dir + "/db", db_options);
    if (!db.ok()) return Fail("Database::Open: " + db.status().ToString());
    Status loaded = Load(db->get(), DatasetFiles(e.data_iris, e.graph_data));
    if (!loaded.ok()) return Fail("loading the data: " + Describe(loaded));

    kg::UpdateOptions options;
    options.default_graph = kg::DefaultGraphMode::kStrict;
    options.base_iri = e.request_iri;
    options.source_name = fs::path(request_path).filename().string();
    kg::QueryLimits limits;
    limits.timeout = kQueryTimeout;
    limits.memory_bytes = std::size_t{1} << 30;
    options.limits = limits;
    Result<kg::WriteSummary> summary = (*db)->Update(*text, options);
    if (!summary.ok()) {
      return Fail("update failed: " + Describe(summary.status()));
    }
    Status read = (*db)->store().Match(kg::QuadPattern{}, [&](const Quad& q) {
      actual.push_back(q);
      return actual.size() <= kMaxRows;
    });
    if (!read.ok()) return Fail("reading the store: " + Describe(read));
    if (actual.size() > kMaxRows) {
      return Fail("more than " + std::to_string(kMaxRows) + " quads");
    }
  }
  const GraphMap got = ByGraph(actual);
  std::string why;
  if (!CompareDatasets(want, got, &why)) {
    return Fail(why, "  expected:\n" + DatasetText(want) + "  actual:\n" +
                         DatasetText(got));
  }
  return Pass();
}

Outcome RunSyntax(const ManifestEntry& e, bool positive) {
  Result<std::string> text = ReadFile(e.action_path);
  if (!text.ok()) return Fail(text.status().ToString());
  kg::query::SparqlParseOptions options;
  // An update request if the file says so by its extension (the update
  // suites' syntax tests are .ru files), else a query.
  options.kind = e.action_path.ends_with(".ru")
                     ? kg::query::SparqlRequestKind::kUpdate
                     : kg::query::SparqlRequestKind::kQuery;
  options.base_iri = "file://" + e.action_path;
  options.source = fs::path(e.action_path).filename().string();
  Result<ast::Request> r = kg::query::ParseSparql(*text, options);
  if (positive && !r.ok()) return Fail("rejected: " + Describe(r.status()));
  if (!positive && r.ok()) return Fail("parsed, but must be rejected");
  return Pass();
}

// What to do with an entry, without running anything.
enum class Plan { kEvaluate, kCsv, kUpdate, kPositiveSyntax, kNegativeSyntax };

std::optional<Plan> PlanFor(const ManifestEntry& e, std::string* skip) {
  if (e.approval == "Withdrawn") {
    *skip = "withdrawn";
    return std::nullopt;
  }
  for (const std::string& r : e.requirements) {
    if (kSupportedRequirements.count(r) == 0) {
      *skip = "requires mf:" + r;
      return std::nullopt;
    }
  }
  if (e.type == "QueryEvaluationTest") return Plan::kEvaluate;
  if (e.type == "CSVResultFormatTest") return Plan::kCsv;
  if (e.type == "UpdateEvaluationTest") return Plan::kUpdate;
  if (e.type == "PositiveSyntaxTest" || e.type == "PositiveSyntaxTest11") {
    return Plan::kPositiveSyntax;
  }
  if (e.type == "NegativeSyntaxTest" || e.type == "NegativeSyntaxTest11") {
    return Plan::kNegativeSyntax;
  }
  *skip = "test type " + (e.type.empty() ? "(none)" : e.type) + " is not run";
  return std::nullopt;
}

Outcome RunInProcess(const ManifestEntry& e, Plan plan,
                     const std::string& work_dir) {
  switch (plan) {
    case Plan::kEvaluate:
      return RunEvaluation(e, /*csv_test=*/false, work_dir);
    case Plan::kCsv:
      return RunEvaluation(e, /*csv_test=*/true, work_dir);
    case Plan::kUpdate:
      return RunUpdateEvaluation(e, work_dir);
    case Plan::kPositiveSyntax:
      return RunSyntax(e, true);
    case Plan::kNegativeSyntax:
      return RunSyntax(e, false);
  }
  return Fail("unreachable");
}

// Runs the test in a child process: kind byte, reason, NUL, detail on a
// pipe. A crash or hang of the child is the test's failure.
Outcome RunIsolated(const ManifestEntry& e, Plan plan,
                    const std::string& work_dir) {
  int fds[2];
  if (pipe(fds) != 0) return Fail(std::string("pipe: ") + std::strerror(errno));
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return Fail(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    close(fds[0]);
    const Outcome o = RunInProcess(e, plan, work_dir);
    std::string msg(1, static_cast<char>(o.kind));
    msg += o.reason;
    msg += '\0';
    msg += o.detail;
    std::size_t done = 0;
    while (done < msg.size()) {
      const ssize_t n = write(fds[1], msg.data() + done, msg.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string msg;
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(kChildTimeoutMs);
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      timed_out = ready == 0;
      break;
    }
    char buf[4096];
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    msg.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return Fail("no answer after " + std::to_string(kChildTimeoutMs / 1000) +
                " s (killed; the query timeout did not stop it)");
  }
  if (WIFSIGNALED(status)) {
    return Fail("crashed: signal " + std::to_string(WTERMSIG(status)) + " (" +
                strsignal(WTERMSIG(status)) + ")");
  }
  if (msg.empty() || (msg[0] != Outcome::kPass && msg[0] != Outcome::kFail &&
                      msg[0] != Outcome::kSkip)) {
    return Fail("the test process exited with status " +
                std::to_string(WEXITSTATUS(status)) + " without an outcome");
  }
  const std::size_t nul = msg.find('\0');
  Outcome o{static_cast<Outcome::Kind>(msg[0]), msg.substr(1, nul - 1), {}};
  if (nul != std::string::npos) o.detail = msg.substr(nul + 1);
  return o;
}

// ---------------------------------------------------------------------------
// The command line

std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

// Lines "<test IRI or name> # reason"; blank lines and lines starting with
// '#' are ignored. The key ends at the first '#' that follows whitespace.
// Returns key -> reason.
Result<std::map<std::string, std::string>> ReadKnownFailures(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IOError("cannot read " + path);
  std::map<std::string, std::string> known;
  for (std::string line; std::getline(in, line);) {
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::string reason;
    for (std::size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '#' &&
          std::isspace(static_cast<unsigned char>(line[i - 1]))) {
        reason = Trim(line.substr(i + 1));
        line = Trim(line.substr(0, i));
        break;
      }
    }
    known[line] = reason;
  }
  return known;
}

int Usage() {
  std::cerr << "usage: sparql_eval_runner W3C_DIR [--update] "
               "[--known-failures FILE] [--verbose] [--filter SUBSTRING] "
               "[--no-fork]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string root;
  std::string known_path;
  std::string filter;
  bool verbose = false;
  bool isolate = true;
  bool update = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--known-failures" && i + 1 < argc) {
      known_path = argv[++i];
    } else if (arg == "--filter" && i + 1 < argc) {
      filter = argv[++i];
    } else if (arg == "--verbose") {
      verbose = true;
    } else if (arg == "--no-fork") {
      isolate = false;
    } else if (arg == "--update") {
      update = true;
    } else if (arg.rfind("--", 0) == 0 || !root.empty()) {
      return Usage();
    } else {
      root = arg;
    }
  }
  if (root.empty()) return Usage();

  std::map<std::string, std::string> known;
  if (!known_path.empty()) {
    Result<std::map<std::string, std::string>> read =
        ReadKnownFailures(known_path);
    if (!read.ok()) {
      std::cerr << read.status().ToString() << "\n";
      return 2;
    }
    known = std::move(*read);
  }

  // The manifests to start from, each with a label for its entries.
  std::vector<std::pair<fs::path, std::string>> starts;
  std::error_code ec;
  const fs::path base = fs::path(root);
  if (fs::exists(base / "sparql10" / "manifest.ttl", ec) ||
      fs::is_directory(base / "sparql11", ec)) {
    if (!update && fs::exists(base / "sparql10" / "manifest.ttl", ec)) {
      starts.emplace_back(base / "sparql10", "sparql10");
    }
    if (fs::is_directory(base / "sparql11", ec)) {
      const std::span<const char* const> suites =
          update ? std::span<const char* const>(kSparql11UpdateSuites)
                 : std::span<const char* const>(kSparql11Suites);
      for (const char* suite : suites) {
        const fs::path dir = base / "sparql11" / suite;
        if (!fs::exists(dir / "manifest.ttl", ec)) {
          std::cerr << "no manifest.ttl in " << dir.string() << "\n";
          return 2;
        }
        starts.emplace_back(dir, std::string("sparql11/") + suite);
      }
    }
  } else if (fs::exists(base / "manifest.ttl", ec)) {
    starts.emplace_back(base, base.filename().string());
  } else {
    std::cerr << "neither sparql10/, sparql11/ nor a manifest.ttl in " << root
              << "\n";
    return 2;
  }

  std::size_t passed = 0, failed = 0, skipped = 0;
  std::size_t unexpected = 0, stale = 0;
  std::set<std::string> matched_known;
  std::set<fs::path> done;
  // Runs the manifest in `dir`, then those it includes.
  std::function<bool(const fs::path&, const std::string&)> run_manifest =
      [&](const fs::path& dir, const std::string& label) -> bool {
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    if (!done.insert(canonical).second) return true;
    const kg::Result<kg::testing::Manifest> manifest =
        kg::testing::ReadManifest(canonical.string(),
                                  "file://" + canonical.string() + "/");
    if (!manifest.ok()) {
      std::cerr << "cannot read the manifest in " << dir.string() << ": "
                << Describe(manifest.status()) << "\n";
      return false;
    }
    for (const ManifestEntry& e : manifest->entries) {
      const std::string id = label + "/" + e.name;
      if (!filter.empty() && id.find(filter) == std::string::npos &&
          e.iri.find(filter) == std::string::npos) {
        continue;
      }
      std::string key;
      for (const std::string& k : {e.iri, id, e.name}) {
        if (known.count(k) != 0) key = k;
      }
      if (!key.empty()) matched_known.insert(key);
      std::string skip_reason;
      const std::optional<Plan> plan = PlanFor(e, &skip_reason);
      Outcome o = Skip(skip_reason);
      if (plan) {
        const bool evaluates = *plan == Plan::kEvaluate ||
                               *plan == Plan::kCsv || *plan == Plan::kUpdate;
        std::optional<Result<TempDir>> dir;
        if (evaluates) dir.emplace(TempDir::Make());
        if (dir && !dir->ok()) {
          o = Fail(dir->status().ToString());
        } else {
          const std::string work_dir = dir ? (*dir)->path() : std::string();
          o = evaluates && isolate ? RunIsolated(e, *plan, work_dir)
                                   : RunInProcess(e, *plan, work_dir);
        }
      }
      const std::string shown = e.iri + " (" + id + ")";
      switch (o.kind) {
        case Outcome::kPass:
          ++passed;
          if (!key.empty()) {
            ++stale;
            std::cout << "FIXED " << shown
                      << ": listed as a known failure but passes; remove "
                         "it from the list\n";
          } else if (verbose) {
            std::cout << "ok    " << shown << "\n";
          }
          break;
        case Outcome::kFail:
          ++failed;
          if (key.empty()) {
            ++unexpected;
            std::cout << "FAIL  " << shown << ": " << o.reason << "\n";
          } else {
            std::cout << "known " << shown << ": " << o.reason << "\n";
          }
          if (verbose && !o.detail.empty()) std::cout << o.detail;
          break;
        case Outcome::kSkip:
          ++skipped;
          if (!key.empty()) {
            ++stale;
            std::cout << "SKIP  " << shown
                      << ": listed as a known failure but skipped (" << o.reason
                      << ")\n";
          } else if (verbose) {
            std::cout << "skip  " << shown << ": " << o.reason << "\n";
          }
          break;
      }
    }
    for (const std::string& include : manifest->includes) {
      const fs::path sub(include);
      if (!run_manifest(sub, label + "/" + sub.filename().string())) {
        return false;
      }
    }
    return true;
  };
  for (const auto& [dir, label] : starts) {
    if (!run_manifest(dir, label)) return 2;
  }
  if (filter.empty()) {
    for (const auto& [k, reason] : known) {
      if (matched_known.count(k) == 0) {
        ++stale;
        std::cout << "STALE known failure '" << k << "' matches no test\n";
      }
    }
  }
  std::cout << passed << " passed, " << failed << " failed, " << skipped
            << " skipped\n";
  return unexpected > 0 || stale > 0 ? 1 : 0;
}
