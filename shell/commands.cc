// The shell's statements: the session, the dot-command table (dispatch and
// .help), statement completeness, and running SPARQL, shorthand patterns,
// describe and path.
#include "shell/commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <set>
#include <streambuf>
#include <unordered_map>

#include "kg/names.h"
#include "kg/store.h"
#include "query/results/result_writer.h"
#include "query/syntax/rdf_parser.h"
#include "query/syntax/rdf_writer.h"
#include "query/syntax/shorthand_parser.h"
#include "query/syntax/sparql_parser.h"
#include "query/text/unicode_width.h"
#include "shell/progress.h"
#include "shell/update_command.h"

namespace kg::shell {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
constexpr std::string_view kOwl = "http://www.w3.org/2002/07/owl#";
constexpr std::string_view kSkos = "http://www.w3.org/2004/02/skos/core#";

// Widest literal describe shows before clipping it.
constexpr std::size_t kMaxValueWidth = 60;
// Steps `path` searches when no `max N` is given, and the most it accepts.
constexpr std::uint64_t kDefaultPathSteps = 4;
constexpr std::uint64_t kMaxPathSteps = 12;
// Nodes path may visit before it gives up.
constexpr std::size_t kMaxPathNodes = 2'000'000;
// Nesting of .read.
constexpr int kMaxReadDepth = 16;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Whitespace-separated words; "double quotes" keep spaces in one word.
std::vector<std::string> SplitArguments(std::string_view args) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < args.size()) {
    if (std::isspace(static_cast<unsigned char>(args[i]))) {
      ++i;
      continue;
    }
    std::string word;
    if (args[i] == '"') {
      ++i;
      while (i < args.size() && args[i] != '"') word += args[i++];
      ++i;
    } else {
      while (i < args.size() &&
             !std::isspace(static_cast<unsigned char>(args[i]))) {
        word += args[i++];
      }
    }
    out.push_back(std::move(word));
  }
  return out;
}

Result<bool> ParseOnOff(std::string_view command, std::string_view args) {
  const std::string word = Lower(Trim(args));
  if (word == "on") return true;
  if (word == "off") return false;
  return Status::InvalidArgument(fmt::format("usage: {} on|off", command));
}

// The first line of `s`, skipping lines that are blank or '#' comments;
// empty when there is none.
std::string_view FirstCodeLine(std::string_view s) {
  while (!s.empty()) {
    const std::size_t end = s.find('\n');
    std::string_view line =
        Trim(s.substr(0, end == std::string_view::npos ? s.size() : end));
    if (!line.empty() && line[0] != '#') return line;
    if (end == std::string_view::npos) break;
    s.remove_prefix(end + 1);
  }
  return {};
}

// The byte offset of `line`:`column` (column in code points) in `text`.
std::size_t OffsetOf(std::string_view text, std::uint64_t line,
                     std::uint64_t column) {
  std::size_t offset = 0;
  for (std::uint64_t l = 1; l < line; ++l) {
    const std::size_t nl = text.find('\n', offset);
    if (nl == std::string_view::npos) return text.size();
    offset = nl + 1;
  }
  for (std::uint64_t c = 1; c < column && offset < text.size(); ++c) {
    char32_t cp;
    const std::size_t n = query::DecodeUtf8(text.substr(offset), &cp);
    offset += n == 0 ? 1 : n;
  }
  return offset;
}

// Discards everything up to and including the first newline: CSV and TSV
// without their header line.
class SkipFirstLine : public std::streambuf {
 public:
  explicit SkipFirstLine(std::ostream* out) : out_(out) {}

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    if (skipping_) {
      if (c == '\n') skipping_ = false;
      return c;
    }
    out_->put(static_cast<char>(c));
    return *out_ ? c : traits_type::eof();
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::streamsize i = 0;
    while (skipping_ && i < n) {
      if (s[i++] == '\n') skipping_ = false;
    }
    if (i < n) out_->write(s + i, n - i);
    return *out_ ? n : 0;
  }

 private:
  std::ostream* out_;
  bool skipping_ = true;
};

// ---------------------------------------------------------------------------
// Printing query results

// CONSTRUCT and DESCRIBE results as Turtle.
Status PrintTurtle(Session& s, QueryResult& result) {
  KG_ASSIGN_OR_RETURN(std::unique_ptr<query::RdfWriter> writer,
                      query::MakeRdfWriter(query::RdfFormat::kTurtle, &s.out(),
                                           s.prefixes.List()));
  ResultRow row;
  while (true) {
    KG_ASSIGN_OR_RETURN(bool more, result.Next(&row));
    if (!more) break;
    KG_RETURN_IF_ERROR(
        writer->Add(Quad{*row[0], *row[1], *row[2], Term::DefaultGraph()}));
  }
  return writer->Finish();
}

// Widest cell the table writer shows unclipped (query/results/
// table_writer.cc clips at 60 cells); cells made here stay within it so
// that a clip never cuts off a closing isolate.
constexpr std::size_t kTableCellWidth = 59;

// `text` cut to at most `width` terminal cells, ending in "…" if cut.
std::string ClipToWidth(std::string text, std::size_t width) {
  if (query::DisplayWidth(text) <= width) return text;
  std::string out;
  std::size_t used = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    std::size_t n = query::DecodeUtf8(std::string_view(text).substr(i), &cp);
    if (n == 0) n = 1;
    const std::size_t w =
        query::DisplayWidth(std::string_view(text).substr(i, n));
    if (used + w + 1 > width) break;
    out.append(text, i, n);
    used += w;
    i += n;
  }
  return out + "…";
}

// A table cell for people: an IRI compacted with its label beside it
// (unless the label only respaces the local name, as "United States" does
// :UnitedStates), right-to-left text isolated. Numbers stay as they are so
// that the table still right-aligns them.
std::optional<Term> TableCell(Session& s, const std::optional<Term>& value) {
  if (!value) return value;
  const Term& term = *value;
  if (term.is_iri() && s.settings.labels) {
    std::string text = s.prefixes.CompactIri(term.lexical);
    auto label = s.resolver.DisplayLabel(term.lexical);
    if (label.ok() && label->has_value()) {
      std::string squeezed = NormalizeName(**label);
      squeezed.erase(std::remove(squeezed.begin(), squeezed.end(), ' '),
                     squeezed.end());
      const std::size_t colon = text.find(':');
      const std::string local =
          colon == std::string::npos ? text : text.substr(colon + 1);
      const std::size_t used = query::DisplayWidth(text) + 2;
      if (squeezed != NormalizeName(local) && used + 8 <= kTableCellWidth) {
        text += "  " + Isolate(ClipToWidth(**label, kTableCellWidth - used),
                               s.settings.isolates);
      }
    }
    return Term::Literal(std::move(text));
  }
  if (term.is_literal() && s.settings.isolates &&
      HasRightToLeft(term.lexical)) {
    Term isolated = term;
    isolated.lexical =
        Isolate(ClipToWidth(term.lexical, kTableCellWidth), true);
    return isolated;
  }
  return value;
}

Status PrintSolutions(Session& s, QueryResult& result) {
  query::ResultFormat format = query::ResultFormat::kTable;
  switch (s.settings.mode) {
    case OutputMode::kCsv:
      format = query::ResultFormat::kCsv;
      break;
    case OutputMode::kTsv:
      format = query::ResultFormat::kTsv;
      break;
    case OutputMode::kJson:
      format = query::ResultFormat::kJson;
      break;
    case OutputMode::kTable:
    case OutputMode::kTurtle:
      break;
  }
  std::ostream* out = &s.out();
  SkipFirstLine skip(out);
  std::ostream headless(&skip);
  if (!s.settings.headers && (format == query::ResultFormat::kCsv ||
                              format == query::ResultFormat::kTsv)) {
    out = &headless;
  }
  query::ResultWriterOptions options;
  options.headers = s.settings.headers;
  options.prefixes = s.prefixes.List();
  auto writer = query::MakeResultWriter(format, out, options);
  KG_RETURN_IF_ERROR(writer->Begin(result.variables()));
  if (result.kind() == QueryResultKind::kBoolean) {
    KG_RETURN_IF_ERROR(writer->Boolean(result.boolean()));
    return writer->End();
  }
  const std::uint64_t limit =
      format == query::ResultFormat::kTable ? s.settings.max_rows : 0;
  std::uint64_t rows = 0;
  ResultRow row;
  while (true) {
    KG_ASSIGN_OR_RETURN(bool more, result.Next(&row));
    if (!more) break;
    ++rows;
    if (limit != 0 && rows > limit) continue;
    if (format == query::ResultFormat::kTable) {
      for (std::optional<Term>& cell : row) cell = TableCell(s, cell);
    }
    KG_RETURN_IF_ERROR(writer->Row(row));
  }
  KG_RETURN_IF_ERROR(writer->End());
  if (limit != 0 && rows > limit) {
    s.out() << fmt::format(
        "({} rows in all; the first {} are shown, .maxrows N changes this)\n",
        rows, limit);
  }
  return Status::Ok();
}

// Runs `sparql` (prologue included) and prints its result.
Status RunQueryText(Session& s, const std::string& sparql) {
  KG_ASSIGN_OR_RETURN(QueryResult result,
                      s.db().Query(sparql, s.query_options()));
  // Graphs print as Turtle in table and turtle mode, as subject, predicate,
  // object columns in the others; solutions print as turtle mode's table.
  const bool turtle = result.kind() == QueryResultKind::kGraph &&
                      (s.settings.mode == OutputMode::kTable ||
                       s.settings.mode == OutputMode::kTurtle);
  Status printed = turtle ? PrintTurtle(s, result) : PrintSolutions(s, result);
  s.out().flush();
  KG_RETURN_IF_ERROR(printed);
  if (s.settings.timer) {
    s.out() << fmt::format("time: {:.3f} ms\n", result.engine_ms());
  }
  return Status::Ok();
}

std::string WithPrologue(const Session& s, std::string_view text) {
  // One line, so that the engine's line numbers are the text's plus one.
  return s.prefixes.Prologue() + "\n" + std::string(text);
}

// Parses `text` as SPARQL with the session's prefixes (so that errors point
// into the text as typed); true for an update request.
Result<bool> CheckSparql(const Session& s, std::string_view text) {
  query::SparqlParseOptions options;
  options.prefixes = s.prefixes.entries();
  KG_ASSIGN_OR_RETURN(query::ast::Request request,
                      query::ParseSparql(text, options));
  if (request.is_update() && request.operations.empty()) {
    return Status::InvalidArgument(
        "expected a query or an update after the prologue");
  }
  return request.is_update();
}

// Applies an update request (one transaction) and says what changed.
Status RunUpdateText(Session& s, const std::string& sparql) {
  if (s.db().store().read_only()) {
    return Status::NotSupported(
        "the database is open read-only (another process holds it): "
        "updates are not possible");
  }
  UpdateOptions options;
  options.cancel = s.cancel;
  auto t0 = std::chrono::steady_clock::now();
  KG_ASSIGN_OR_RETURN(WriteSummary summary, s.db().Update(sparql, options));
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - t0)
                  .count();
  if (summary.inserted != 0 || summary.deleted != 0) s.DataChanged();
  s.out() << FormatChanges(
      summary, [&](const Term& g) { return s.prefixes.CompactIri(g.lexical); });
  if (s.settings.timer) s.out() << fmt::format("time: {:.3f} ms\n", ms);
  return Status::Ok();
}

Status RunSparql(Session& s, std::string_view text) {
  KG_ASSIGN_OR_RETURN(bool update, CheckSparql(s, text));
  if (update) return RunUpdateText(s, WithPrologue(s, text));
  return RunQueryText(s, WithPrologue(s, text));
}

// ---------------------------------------------------------------------------
// describe and path

bool IsPredicateOf(const Term& p, std::string_view ns, std::string_view local) {
  return p.lexical.size() == ns.size() + local.size() &&
         p.lexical.compare(0, ns.size(), ns) == 0 &&
         p.lexical.compare(ns.size(), std::string::npos, local) == 0;
}

// A predicate in the arrows of describe and path: prefix:name, or the bare
// name in the default namespace.
std::string ArrowName(const Session& s, const Term& predicate) {
  std::string name = s.prefixes.CompactIri(predicate.lexical);
  if (name.size() > 1 && name[0] == ':') name.erase(0, 1);
  return name;
}

std::string GraphName(const Session& s, const Term& graph) {
  return graph.is_default_graph() ? "(default graph)"
                                  : s.prefixes.CompactIri(graph.lexical);
}

std::string ValueText(Session& s, const Term& term) {
  std::string text = FormatTerm(term, s.prefixes);
  if (term.is_literal()) text = ClipToWidth(std::move(text), kMaxValueWidth);
  return Isolate(text, s.settings.isolates);
}

std::string LabelText(Session& s, const Term& term) {
  if (!term.is_iri()) return "";
  auto label = s.resolver.DisplayLabel(term.lexical);
  if (!label.ok() || !label->has_value()) return "";
  return Isolate(ClipToWidth(**label, kMaxValueWidth), s.settings.isolates);
}

// Order of predicate groups in describe: type and names first.
int PredicateRank(const Term& p) {
  if (IsPredicateOf(p, kRdf, "type")) return 0;
  if (IsPredicateOf(p, kRdfs, "label")) return 1;
  if (IsPredicateOf(p, kSkos, "altLabel")) return 2;
  if (IsPredicateOf(p, kRdfs, "comment")) return 3;
  return 4;
}

struct Neighbour {
  Term predicate;
  Term other;
  bool operator<(const Neighbour& o) const {
    return std::tie(predicate, other) < std::tie(o.predicate, o.other);
  }
};

Status Describe(Session& s, const std::string& iri) {
  const Term node = Term::Iri(iri);
  const std::uint64_t cap = s.settings.max_rows;
  std::map<Neighbour, std::set<std::string>> outgoing, incoming;
  std::uint64_t read_out = 0, read_in = 0;
  bool more_out = false, more_in = false;
  auto gather = [&](bool subject_side) -> Status {
    QuadPattern pattern;
    (subject_side ? pattern.subject : pattern.object) = node;
    auto& groups = subject_side ? outgoing : incoming;
    std::uint64_t& read = subject_side ? read_out : read_in;
    bool& more = subject_side ? more_out : more_in;
    return s.db().store().Match(pattern, [&](const Quad& q) {
      if (s.cancel->cancelled()) return false;
      if (cap != 0 && read >= cap) {
        more = true;
        return false;
      }
      ++read;
      groups[{q.predicate, subject_side ? q.object : q.subject}].insert(
          GraphName(s, q.graph));
      return true;
    });
  };
  KG_RETURN_IF_ERROR(gather(true));
  KG_RETURN_IF_ERROR(gather(false));
  if (s.cancel->cancelled()) return Status::Aborted("describe cancelled");

  std::ostream& out = s.out();
  std::string header = s.prefixes.CompactIri(iri);
  if (std::string label = LabelText(s, node); !label.empty()) {
    header += "  " + label;
  }
  KG_ASSIGN_OR_RETURN(std::vector<std::string> types, s.resolver.Types(iri));
  if (!types.empty()) {
    header += "  (";
    for (std::size_t i = 0; i < types.size(); ++i) {
      header += (i > 0 ? ", " : "") + types[i];
    }
    header += ")";
  }
  out << header << "\n";
  if (outgoing.empty() && incoming.empty()) {
    out << "  no triple has it as subject or object\n";
    return Status::Ok();
  }

  std::vector<std::vector<std::string>> rows;
  auto add_group_rows =
      [&](const std::map<Neighbour, std::set<std::string>>& groups,
          bool forward) {
        // Predicates in display order, each with its values sorted by text.
        std::vector<Term> predicates;
        for (const auto& [n, graphs] : groups) {
          if (predicates.empty() || predicates.back() != n.predicate) {
            predicates.push_back(n.predicate);
          }
        }
        std::stable_sort(predicates.begin(), predicates.end(),
                         [&](const Term& a, const Term& b) {
                           const int ra = forward ? PredicateRank(a) : 4;
                           const int rb = forward ? PredicateRank(b) : 4;
                           if (ra != rb) return ra < rb;
                           return ArrowName(s, a) < ArrowName(s, b);
                         });
        for (const Term& p : predicates) {
          std::vector<std::vector<std::string>> group;
          for (auto it = groups.lower_bound({p, Term::DefaultGraph()});
               it != groups.end() && it->first.predicate == p; ++it) {
            std::string graphs;
            for (const std::string& g : it->second) {
              graphs += (graphs.empty() ? "" : ", ") + g;
            }
            group.push_back({"", ValueText(s, it->first.other),
                             LabelText(s, it->first.other), graphs});
          }
          std::sort(group.begin(), group.end());
          group[0][0] = forward ? fmt::format("  —{}→", ArrowName(s, p))
                                : fmt::format("  ←{}—", ArrowName(s, p));
          for (auto& row : group) rows.push_back(std::move(row));
        }
      };
  add_group_rows(outgoing, true);
  add_group_rows(incoming, false);
  out << AlignColumns(rows);
  out << fmt::format(
      "{} as subject, {} as object\n",
      more_out ? fmt::format("{}+", read_out) : std::to_string(read_out),
      more_in ? fmt::format("{}+", read_in) : std::to_string(read_in));
  if (more_out || more_in) {
    out << fmt::format(
        "(stopped at {} quads each way; .maxrows N changes "
        "this)\n",
        cap);
  }
  return Status::Ok();
}

// Predicates path does not walk: types, names, notes and the vocabulary's
// own structure, which would link everything to everything.
bool PathSkips(const Term& p) {
  return IsPredicateOf(p, kRdf, "type") || IsPredicateOf(p, kRdfs, "label") ||
         IsPredicateOf(p, kRdfs, "comment") ||
         IsPredicateOf(p, kRdfs, "subClassOf") ||
         IsPredicateOf(p, kRdfs, "subPropertyOf") ||
         IsPredicateOf(p, kRdfs, "domain") ||
         IsPredicateOf(p, kRdfs, "range") ||
         IsPredicateOf(p, kSkos, "altLabel") ||
         IsPredicateOf(p, kOwl, "inverseOf");
}

struct PathStep {
  std::string from;  // key of the node the step was taken from
  Quad quad;         // the triple, as stored
  bool forward;      // from is the subject
};

Status FindPath(Session& s, const std::string& a_iri, const std::string& b_iri,
                std::uint64_t max_steps) {
  std::ostream& out = s.out();
  const Term a = Term::Iri(a_iri);
  const Term b = Term::Iri(b_iri);
  if (a == b) {
    out << fmt::format("{} and {} are the same\n", s.prefixes.CompactIri(a_iri),
                       s.prefixes.CompactIri(b_iri));
    return Status::Ok();
  }
  std::unordered_map<std::string, PathStep> parent;
  std::unordered_map<std::string, Term> nodes;
  const std::string a_key = a.ToNTriples();
  const std::string b_key = b.ToNTriples();
  parent[a_key] = PathStep{};
  std::vector<Term> frontier{a};
  bool found = false;
  bool gave_up = false;
  for (std::uint64_t depth = 0;
       depth < max_steps && !found && !gave_up && !frontier.empty(); ++depth) {
    std::vector<Term> next;
    for (const Term& node : frontier) {
      const std::string node_key = node.ToNTriples();
      // Vocabulary terms (predicates named as objects) are ends, not
      // crossings.
      if (node != a && node.is_iri()) {
        KG_ASSIGN_OR_RETURN(bool predicate,
                            s.resolver.UsedAsPredicate(node.lexical));
        if (predicate) continue;
      }
      for (bool forward : {true, false}) {
        QuadPattern pattern;
        (forward ? pattern.subject : pattern.object) = node;
        KG_RETURN_IF_ERROR(s.db().store().Match(pattern, [&](const Quad& q) {
          if (s.cancel->cancelled()) return false;
          const Term& other = forward ? q.object : q.subject;
          if (other.is_literal() || PathSkips(q.predicate)) return true;
          std::string key = other.ToNTriples();
          if (parent.count(key) != 0) return true;
          parent[key] = PathStep{node_key, q, forward};
          if (key == b_key) {
            found = true;
            return false;
          }
          if (parent.size() >= kMaxPathNodes) {
            gave_up = true;
            return false;
          }
          next.push_back(other);
          return true;
        }));
        if (found || gave_up) break;
      }
      if (found || gave_up || s.cancel->cancelled()) break;
    }
    if (s.cancel->cancelled()) return Status::Aborted("path cancelled");
    frontier = std::move(next);
  }
  if (!found) {
    if (gave_up) {
      out << fmt::format("no path found: stopped after visiting {} nodes\n",
                         parent.size());
    } else {
      out << fmt::format("no path within {} step{}\n", max_steps,
                         max_steps == 1 ? "" : "s");
    }
    return Status::Ok();
  }
  std::vector<PathStep> steps;
  for (std::string key = b_key; key != a_key;) {
    const PathStep& step = parent[key];
    steps.push_back(step);
    key = step.from;
  }
  std::reverse(steps.begin(), steps.end());
  std::string chain = s.prefixes.CompactIri(a_iri);
  std::vector<std::vector<std::string>> rows;
  for (const PathStep& step : steps) {
    const Quad& q = step.quad;
    const Term& next = step.forward ? q.object : q.subject;
    chain += step.forward ? fmt::format(" —{}→ ", ArrowName(s, q.predicate))
                          : fmt::format(" ←{}— ", ArrowName(s, q.predicate));
    chain += FormatTerm(next, s.prefixes);
    // Every graph that states the step.
    QuadPattern same;
    same.subject = q.subject;
    same.predicate = q.predicate;
    same.object = q.object;
    std::set<std::string> graphs;
    KG_RETURN_IF_ERROR(s.db().store().Match(same, [&](const Quad& g) {
      graphs.insert(GraphName(s, g.graph));
      return true;
    }));
    std::string graph_list;
    for (const std::string& g : graphs) {
      graph_list += (graph_list.empty() ? "" : ", ") + g;
    }
    rows.push_back({"  " + FormatTerm(q.subject, s.prefixes),
                    FormatTerm(q.predicate, s.prefixes),
                    FormatTerm(q.object, s.prefixes), graph_list});
  }
  out << chain << "\n" << AlignColumns(rows);
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Shorthand

// A shorthand parse error, with a hint where a name with spaces or a
// lone name is the likely cause.
Status WithHint(const Status& error) {
  const std::string& m = error.message();
  if (m.rfind("expected a predicate", 0) != 0 &&
      m.rfind("expected an object", 0) != 0) {
    return error;
  }
  return Status::ParseError(
      error.source(), error.line(), error.column(),
      m + "\na name with spaces goes in «…»: «Khalifa Haftar» backed-by ?x;"
          " describe NAME shows what is known about a name",
      error.context());
}

// True when `text` starts with a word that can only continue a SPARQL
// query (a line after a query that was already complete).
bool ContinuesSparql(std::string_view text) {
  static constexpr std::string_view kWords[] = {
      "ORDER", "LIMIT",  "OFFSET",   "GROUP", "HAVING", "VALUES",
      "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS",  "BIND"};
  std::size_t n = 0;
  while (n < text.size() && std::isalpha(static_cast<unsigned char>(text[n]))) {
    ++n;
  }
  std::string word(text.substr(0, n));
  for (char& c : word) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (n < text.size() && text[n] != ' ' && text[n] != '\t' && text[n] != '(') {
    return text[0] == '}';
  }
  for (std::string_view w : kWords) {
    if (word == w) return true;
  }
  return !text.empty() && text[0] == '}';
}

Status RunShorthand(Session& s, std::string_view text, bool explain) {
  if (ContinuesSparql(text)) {
    return Status::InvalidArgument(
        "this line continues a SPARQL query, but the query before it was "
        "already complete and has run: a query runs at the end of the line "
        "that completes it, so put ORDER BY, LIMIT and the like on that "
        "line");
  }
  auto parsed = query::ParseShorthand(text);
  if (!parsed.ok()) return WithHint(parsed.status());
  const query::ShorthandStatement& statement = *parsed;
  switch (statement.kind) {
    case query::ShorthandStatement::Kind::kPatterns: {
      KG_ASSIGN_OR_RETURN(std::string sparql,
                          query::CompileShorthand(statement, text, s.resolver));
      if (!explain) return RunQueryText(s, WithPrologue(s, sparql));
      s.out() << sparql << "\n";
      KG_ASSIGN_OR_RETURN(
          std::string plan,
          s.db().Explain(WithPrologue(s, sparql), false, s.query_options()));
      s.out() << plan;
      return Status::Ok();
    }
    case query::ShorthandStatement::Kind::kDescribe: {
      KG_ASSIGN_OR_RETURN(
          std::string iri,
          query::ResolveShorthandNode(statement.target, text, s.resolver));
      if (!explain) return Describe(s, iri);
      const std::string name = s.prefixes.CompactIri(iri);
      s.out() << fmt::format(
          "# describe reads every quad with {0} as subject or object, as\n"
          "SELECT ?p ?o ?s ?g WHERE {{ {{ GRAPH ?g {{ {0} ?p ?o }} }} UNION "
          "{{ GRAPH ?g {{ ?s ?p {0} }} }} }}\n"
          "# does for the named graphs, and the default graph's quads too\n",
          name);
      return Status::Ok();
    }
    case query::ShorthandStatement::Kind::kPath: {
      KG_ASSIGN_OR_RETURN(
          std::string a,
          query::ResolveShorthandNode(statement.target, text, s.resolver));
      KG_ASSIGN_OR_RETURN(
          std::string b,
          query::ResolveShorthandNode(statement.other, text, s.resolver));
      const std::uint64_t max = statement.max_steps.value_or(kDefaultPathSteps);
      if (max == 0 || max > kMaxPathSteps) {
        return Status::InvalidArgument(
            fmt::format("path: max must be between 1 and {}", kMaxPathSteps));
      }
      if (!explain) return FindPath(s, a, b, max);
      s.out() << fmt::format(
          "# path searches breadth-first, in both directions, for the "
          "shortest chain of\n# at most {} triples from {} to {}; one step "
          "is what\nSELECT ?p ?x WHERE {{ {{ {} ?p ?x }} UNION {{ ?x ?p {} "
          "}} }}\n# finds (types, labels and comments are not followed)\n",
          max, s.prefixes.CompactIri(a), s.prefixes.CompactIri(b),
          s.prefixes.CompactIri(a), s.prefixes.CompactIri(a));
      return Status::Ok();
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Dot-commands

Status CmdHelp(Session& s, std::string_view args);

Status CmdQuit(Session& s, std::string_view) {
  s.quit = true;
  return Status::Ok();
}

Status CmdOpen(Session& s, std::string_view args) {
  const std::vector<std::string> words = SplitArguments(args);
  if (words.size() != 1) return Status::InvalidArgument("usage: .open DB");
  return s.Open(words[0], false);
}

// Passes quads to a bulk load, counting them and stopping on Ctrl-C.
class LoadSink : public QuadSink {
 public:
  LoadSink(QuadSink* next, const CancellationToken* cancel)
      : next_(next), cancel_(cancel) {}
  Status Add(const Quad& q) override {
    if ((++count_ & 0xFFF) == 0 && cancel_->cancelled()) {
      return Status::Aborted("load cancelled");
    }
    return next_->Add(q);
  }
  Status AddPrefix(std::string_view p, std::string_view iri) override {
    return next_->AddPrefix(p, iri);
  }
  std::uint64_t count() const { return count_; }

 private:
  QuadSink* next_;
  const CancellationToken* cancel_;
  std::uint64_t count_ = 0;
};

Result<std::string> GraphArgument(const Session& s, std::string_view arg) {
  if (arg.size() >= 2 && arg.front() == '<' && arg.back() == '>') {
    return std::string(arg.substr(1, arg.size() - 2));
  }
  if (auto expanded = s.prefixes.Expand(arg); expanded.ok()) return *expanded;
  if (arg.find("://") != std::string_view::npos || arg.substr(0, 4) == "urn:") {
    return std::string(arg);
  }
  return Status::InvalidArgument(
      fmt::format("'{}' is not a graph IRI: write <iri> or prefix:name", arg));
}

// `error` with a last line saying that the load left the database alone
// (a bulk load is one atomic commit).
Status NothingLoaded(const Status& error) {
  std::string message = error.message() + "\nnothing was loaded";
  if (error.code() == StatusCode::kParseError) {
    return Status::ParseError(error.source(), error.line(), error.column(),
                              std::move(message), error.context());
  }
  return Status(error.code(), std::move(message));
}

Status CmdLoad(Session& s, std::string_view args) {
  const std::vector<std::string> words = SplitArguments(args);
  if (words.empty() || words.size() > 2) {
    return Status::InvalidArgument("usage: .load FILE [GRAPH]");
  }
  if (s.db().store().read_only()) {
    return Status::Busy(fmt::format(
        "{} is open read-only (another process holds it); nothing loaded",
        s.path()));
  }
  const std::string& path = words[0];
  bool gzip = false;
  const std::optional<query::RdfFormat> format =
      query::RdfFormatFromPath(path, &gzip);
  if (!format) {
    return Status::InvalidArgument(fmt::format(
        "cannot tell the format of {} from its name (.nt .nq .ttl .trig "
        ".rdf, each optionally .gz)",
        path));
  }
  std::error_code ec;
  const std::uint64_t bytes = fs::file_size(path, ec);
  if (ec) {
    return Status::IOError(
        fmt::format("cannot read {}: {}", path, ec.message()));
  }
  query::RdfParseOptions options;
  if (words.size() == 2) {
    KG_ASSIGN_OR_RETURN(std::string graph, GraphArgument(s, words[1]));
    options.default_graph = Term::Iri(std::move(graph));
  }
  options.base_iri = "file://" + fs::absolute(path, ec).string();
  std::random_device random;
  options.blank_scope = fmt::format(
      "s{:x}_", (static_cast<std::uint64_t>(random()) << 32) | random());
  const auto start = std::chrono::steady_clock::now();
  KG_ASSIGN_OR_RETURN(std::unique_ptr<BulkLoad> load,
                      s.db().store().BeginBulkLoad());
  LoadSink sink(load.get(), s.cancel.get());
  ProgressBar bar("loading", bytes);
  if (s.interactive) {
    options.progress = [&](std::uint64_t done) {
      bar.Update(done, sink.count());
    };
  }
  query::RdfParseReport report;
  Status parsed = query::ParseRdfFile(path, *format, options, &sink, &report);
  bar.Finish();
  if (!parsed.ok()) return NothingLoaded(parsed);
  auto summary = load->Commit();
  if (!summary.ok()) return NothingLoaded(summary.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  s.out() << fmt::format("loaded {} quads ({} new) from {}", sink.count(),
                         summary->inserted, path);
  if (s.settings.timer) s.out() << fmt::format(" in {:.2f} s", seconds);
  s.out() << "\n";
  KG_RETURN_IF_ERROR(s.RefreshPrefixes());
  s.DataChanged();
  return Status::Ok();
}

Status CmdMode(Session& s, std::string_view args) {
  static constexpr std::pair<std::string_view, OutputMode> kModes[] = {
      {"table", OutputMode::kTable},
      {"csv", OutputMode::kCsv},
      {"tsv", OutputMode::kTsv},
      {"json", OutputMode::kJson},
      {"turtle", OutputMode::kTurtle}};
  const std::string word = Lower(Trim(args));
  for (const auto& [name, mode] : kModes) {
    if (word.empty() && s.settings.mode == mode) {
      s.out() << name << "\n";
      return Status::Ok();
    }
    if (word == name) {
      s.settings.mode = mode;
      return Status::Ok();
    }
  }
  return Status::InvalidArgument(
      fmt::format("unknown mode '{}' (table, csv, tsv, json, turtle)", word));
}

template <bool Settings::*Field>
Status CmdSwitch(Session& s, std::string_view args, std::string_view name) {
  if (Trim(args).empty()) {
    s.out() << (s.settings.*Field ? "on" : "off") << "\n";
    return Status::Ok();
  }
  KG_ASSIGN_OR_RETURN(s.settings.*Field, ParseOnOff(name, args));
  return Status::Ok();
}

Status CmdHeaders(Session& s, std::string_view args) {
  return CmdSwitch<&Settings::headers>(s, args, ".headers");
}
Status CmdTimer(Session& s, std::string_view args) {
  return CmdSwitch<&Settings::timer>(s, args, ".timer");
}
Status CmdBail(Session& s, std::string_view args) {
  return CmdSwitch<&Settings::bail>(s, args, ".bail");
}
Status CmdIsolates(Session& s, std::string_view args) {
  return CmdSwitch<&Settings::isolates>(s, args, ".isolates");
}
Status CmdLabels(Session& s, std::string_view args) {
  return CmdSwitch<&Settings::labels>(s, args, ".labels");
}

Status CmdMaxRows(Session& s, std::string_view args) {
  const std::string_view word = Trim(args);
  if (word.empty()) {
    s.out() << s.settings.max_rows << "\n";
    return Status::Ok();
  }
  std::uint64_t n = 0;
  const auto [end, ec] =
      std::from_chars(word.data(), word.data() + word.size(), n);
  if (ec != std::errc() || end != word.data() + word.size()) {
    return Status::InvalidArgument("usage: .maxrows N (0: no limit)");
  }
  s.settings.max_rows = n;
  return Status::Ok();
}

Status CmdExplain(Session& s, std::string_view args) {
  const std::string_view text = Trim(args);
  switch (ClassifyStatement(text)) {
    case StatementKind::kEmpty:
    case StatementKind::kDotCommand:
      return Status::InvalidArgument(
          "usage: .explain QUERY (SPARQL or shorthand)");
    case StatementKind::kShorthand:
      return RunShorthand(s, text, true);
    case StatementKind::kSparql: {
      KG_RETURN_IF_ERROR(CheckSparql(s, text).status());
      KG_ASSIGN_OR_RETURN(
          std::string plan,
          s.db().Explain(WithPrologue(s, text), false, s.query_options()));
      s.out() << plan;
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Status CmdPrefix(Session& s, std::string_view args) {
  const std::string_view text = Trim(args);
  const std::size_t colon = text.find(':');
  const std::size_t open = text.find('<');
  if (colon == std::string_view::npos || open == std::string_view::npos ||
      open < colon || text.back() != '>' ||
      !Trim(text.substr(colon + 1, open - colon - 1)).empty()) {
    return Status::InvalidArgument("usage: .prefix p: <iri>");
  }
  const std::string prefix(Trim(text.substr(0, colon)));
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const auto c = static_cast<unsigned char>(prefix[i]);
    if (!(std::isalnum(c) || c >= 0x80 ||
          (i > 0 && (c == '_' || c == '-' || c == '.')))) {
      return Status::InvalidArgument(
          fmt::format("'{}' is not a prefix name", prefix));
    }
  }
  const std::string iri(text.substr(open + 1, text.size() - open - 2));
  if (iri.find_first_of("<>\" {}|^`\\") != std::string::npos ||
      iri.find(':') == std::string::npos) {
    return Status::InvalidArgument(
        fmt::format("<{}> is not an absolute IRI", iri));
  }
  s.user_prefixes[prefix] = iri;
  s.prefixes.Set(prefix, iri);
  s.DataChanged();
  return Status::Ok();
}

Status CmdPrefixes(Session& s, std::string_view) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [prefix, iri] : s.prefixes.entries()) {
    rows.push_back({prefix + ":", "<" + iri + ">",
                    s.user_prefixes.count(prefix) ? "(.prefix)" : ""});
  }
  if (rows.empty()) {
    s.out() << "no prefixes (declare one with .prefix p: <iri>)\n";
  }
  s.out() << AlignColumns(rows);
  return Status::Ok();
}

Status CmdGraphs(Session& s, std::string_view) {
  KG_ASSIGN_OR_RETURN(StoreStats stats, s.db().store().Stats());
  std::vector<std::vector<std::string>> rows;
  for (const GraphStats& g : stats.graphs) {
    rows.push_back({GraphName(s, g.graph), std::to_string(g.quads),
                    LabelText(s, g.graph)});
  }
  s.out() << AlignColumns(rows);
  return Status::Ok();
}

Status CmdStats(Session& s, std::string_view) {
  KG_ASSIGN_OR_RETURN(StoreStats stats, s.db().store().Stats());
  std::vector<std::vector<std::string>> rows = {
      {"quads", std::to_string(stats.quads)},
      {"terms", std::to_string(stats.terms)},
      {"graphs", std::to_string(stats.graphs.size())},
      {"predicates", std::to_string(stats.predicates.size())},
  };
  s.out() << AlignColumns(rows) << "most used predicates:\n";
  rows.clear();
  constexpr std::size_t kShown = 10;
  for (std::size_t i = 0; i < stats.predicates.size() && i < kShown; ++i) {
    rows.push_back(
        {"  " + std::to_string(stats.predicates[i].quads),
         s.prefixes.CompactIri(stats.predicates[i].predicate.lexical)});
  }
  s.out() << AlignColumns(rows);
  if (stats.predicates.size() > kShown) {
    s.out() << fmt::format("  ... {} more (kg stats DB lists them all)\n",
                           stats.predicates.size() - kShown);
  }
  return Status::Ok();
}

Status CmdLang(Session& s, std::string_view args) {
  const std::string word = Lower(Trim(args));
  if (word.empty()) {
    s.out() << (s.settings.language == LabelLanguage::kArabic    ? "ar"
                : s.settings.language == LabelLanguage::kEnglish ? "en"
                                                                 : "any")
            << "\n";
    return Status::Ok();
  }
  if (word == "ar") {
    s.settings.language = LabelLanguage::kArabic;
  } else if (word == "en") {
    s.settings.language = LabelLanguage::kEnglish;
  } else if (word == "any") {
    s.settings.language = LabelLanguage::kAny;
  } else {
    return Status::InvalidArgument("usage: .lang ar|en|any");
  }
  return Status::Ok();
}

Status CmdBackup(Session& s, std::string_view args) {
  const std::vector<std::string> words = SplitArguments(args);
  if (words.size() != 1) return Status::InvalidArgument("usage: .backup DIR");
  KG_RETURN_IF_ERROR(s.db().store().Backup(words[0]));
  s.out() << fmt::format("backed up {} to {}\n", s.path(), words[0]);
  return Status::Ok();
}

Status CmdCompact(Session& s, std::string_view args) {
  if (!Trim(args).empty()) return Status::InvalidArgument("usage: .compact");
  KG_ASSIGN_OR_RETURN(CompactSummary summary, s.db().store().Compact());
  s.DataChanged();
  s.out() << fmt::format(
      "reclaimed {} of {} terms; on disk {} bytes before, {} after\n",
      summary.terms_reclaimed, summary.terms_before, summary.bytes_before,
      summary.bytes_after);
  return Status::Ok();
}

Status CmdRead(Session& s, std::string_view args) {
  const std::vector<std::string> words = SplitArguments(args);
  if (words.size() != 1) return Status::InvalidArgument("usage: .read FILE");
  if (s.read_depth >= kMaxReadDepth) {
    return Status::InvalidArgument(
        fmt::format(".read nested more than {} deep", kMaxReadDepth));
  }
  std::ifstream in(words[0], std::ios::binary);
  if (!in) return Status::IOError("cannot read " + words[0]);
  ++s.read_depth;
  RunScript(s, in, words[0]);
  --s.read_depth;
  return Status::Ok();
}

Status CmdOutput(Session& s, std::string_view args) {
  const std::vector<std::string> words = SplitArguments(args);
  if (words.size() > 1)
    return Status::InvalidArgument("usage: .output FILE|stdout");
  return s.SetOutput(words.empty() ? "stdout" : words[0]);
}

constexpr DotCommand kCommands[] = {
    {".help", "[PATTERN]", "the commands whose name or help holds PATTERN",
     CmdHelp},
    {".open", "DB", "open another database", CmdOpen},
    {".load", "FILE [GRAPH]",
     "load an RDF file (.nt .nq .ttl .trig .rdf, maybe .gz), triples "
     "outside any graph into GRAPH",
     CmdLoad},
    {".mode", "table|csv|tsv|json|turtle",
     "how results are printed (turtle: CONSTRUCT and DESCRIBE only)", CmdMode},
    {".headers", "on|off", "column names in table, CSV and TSV output",
     CmdHeaders},
    {".timer", "on|off", "print the engine's time after each query", CmdTimer},
    {".maxrows", "N", "rows a table shows before it stops (0: all)",
     CmdMaxRows},
    {".explain", "QUERY",
     "the plan of a SPARQL query; for shorthand, the SPARQL it compiles to "
     "first",
     CmdExplain},
    {".prefix", "p: <iri>",
     "declare a prefix for every query and for output (p empty: the "
     "default namespace of bare names)",
     CmdPrefix},
    {".prefixes", "", "the prefixes in effect", CmdPrefixes},
    {".graphs", "", "the graphs, their sizes and labels", CmdGraphs},
    {".stats", "", "quad, term, graph and predicate counts", CmdStats},
    {".lang", "ar|en|any", "the label language shown beside names", CmdLang},
    {".labels", "on|off", "show each IRI's label beside it in tables",
     CmdLabels},
    {".isolates", "on|off",
     "wrap right-to-left text in Unicode isolates (off for terminals that "
     "show them)",
     CmdIsolates},
    {".backup", "DIR",
     "copy the open database, consistently, into the new folder DIR",
     CmdBackup},
    {".compact", "",
     "remove dictionary entries no quad uses and compact the files",
     CmdCompact},
    {".read", "FILE", "run the statements in FILE", CmdRead},
    {".output", "FILE|stdout", "send results to FILE, or back to stdout",
     CmdOutput},
    {".bail", "on|off", "stop at the first error", CmdBail},
    {".quit", "", "leave the shell (also .exit and Ctrl-D)", CmdQuit},
    {".exit", "", "leave the shell", CmdQuit},
};

Status CmdHelp(Session& s, std::string_view args) {
  const std::string pattern = Lower(Trim(args));
  std::ostream& out = s.out();
  if (pattern.empty()) {
    out << "Type a SPARQL query (it runs when complete, or at a ';' ending a "
           "line),\nor shorthand:\n"
           "  France drafted ?r              triple patterns, joined with ' . "
           "'\n"
           "  Hafter backed-by+ ?x           property paths: / | ^ * + ?\n"
           "  ?r drafted-by UnitedStates     inverse names (owl:inverseOf)\n"
           "  حفتر backed-by ?x              names by label, in any spelling\n"
           "  describe Guterres              every triple about a name\n"
           "  path Hafter Russia [max N]     the shortest chain between two\n"
           "Commands:\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const DotCommand& c : kCommands) {
    const std::string usage =
        *c.args ? fmt::format("{} {}", c.name, c.args) : c.name;
    if (!pattern.empty() && Lower(c.name).find(pattern) == std::string::npos &&
        Lower(c.help).find(pattern) == std::string::npos) {
      continue;
    }
    rows.push_back({"  " + usage, c.help});
  }
  if (rows.empty()) {
    out << fmt::format("no command matches '{}'\n", pattern);
    return Status::Ok();
  }
  out << AlignColumns(rows);
  return Status::Ok();
}

Status RunDotCommand(Session& s, std::string_view line) {
  const std::size_t end = line.find_first_of(" \t");
  const std::string_view name = line.substr(0, end);
  const std::string_view args =
      end == std::string_view::npos ? std::string_view() : line.substr(end + 1);
  for (const DotCommand& c : kCommands) {
    if (name == c.name) {
      if (!s.is_open() && name != ".help" && name != ".quit" &&
          name != ".exit" && name != ".open") {
        return Status::InvalidArgument("no database is open (.open DB)");
      }
      return c.run(s, args);
    }
  }
  return Status::InvalidArgument(
      fmt::format("unknown command {} (.help lists them)", name));
}

constexpr const char* kSparqlKeywords[] = {
    "SELECT",       "ASK",       "CONSTRUCT", "DESCRIBE",    "PREFIX",
    "BASE",         "WHERE",     "FILTER",    "OPTIONAL",    "UNION",
    "MINUS",        "GRAPH",     "FROM",      "NAMED",       "DISTINCT",
    "REDUCED",      "ORDER",     "BY",        "ASC",         "DESC",
    "LIMIT",        "OFFSET",    "GROUP",     "HAVING",      "VALUES",
    "BIND",         "AS",        "EXISTS",    "NOT",         "COUNT",
    "SUM",          "MIN",       "MAX",       "AVG",         "SAMPLE",
    "GROUP_CONCAT", "SEPARATOR", "LANG",      "LANGMATCHES", "STR",
    "REGEX",        "CONTAINS",  "STRSTARTS", "STRENDS",     "LCASE",
    "UCASE",        "IF",        "COALESCE",  "BOUND",       "isIRI",
    "isLiteral",    "SERVICE",   "INSERT",    "DELETE",      "DATA",
    "describe",     "path",      "max"};

// The keywords that start a SPARQL request.
bool IsSparqlStart(const std::string& upper) {
  static constexpr std::string_view kStarts[] = {
      "SELECT", "ASK",    "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE",
      "INSERT", "DELETE", "WITH",      "LOAD",     "CLEAR",  "DROP",
      "CREATE", "ADD",    "MOVE",      "COPY"};
  for (std::string_view k : kStarts) {
    if (upper == k) return true;
  }
  return false;
}

// `describe X` with one name (any spelling, <iri> or prefix:name) is the
// shell's describe; SPARQL's DESCRIBE runs for ?variables or '*', a WHERE
// or FROM clause, or several IRIs.
StatementKind ClassifyDescribe(std::string_view rest) {
  std::vector<std::string> tokens = SplitArguments(rest);
  if (tokens.empty()) return StatementKind::kShorthand;
  const char c = tokens[0][0];
  if (c == '?' || c == '$' || c == '*' ||
      rest.find('{') != std::string_view::npos) {
    return StatementKind::kSparql;
  }
  bool all_iris = true;
  for (const std::string& t : tokens) {
    const std::string lower = Lower(t);
    if (lower == "where" || lower == "from") return StatementKind::kSparql;
    if (t[0] != '<' && t.find(':') == std::string::npos) all_iris = false;
  }
  return all_iris && tokens.size() > 1 ? StatementKind::kSparql
                                       : StatementKind::kShorthand;
}

}  // namespace

// ---------------------------------------------------------------------------
// Session

Session::Session(bool interactive)
    : resolver(&db_ptr_, &prefixes, &settings.language),
      interactive(interactive),
      cancel(std::make_shared<CancellationToken>()),
      out_(&std::cout) {}

Session::~Session() = default;

Status Session::Open(const std::string& path, bool create) {
  // The open database is closed first, so that opening it again (or a
  // copy that shares its lock) does not find it held by this process; on
  // failure it is opened again.
  const std::string previous = path_;
  db_ptr_ = nullptr;
  db_.reset();
  Status opened = OpenDatabase(path, create);
  if (!opened.ok() && !previous.empty()) {
    if (Status back = OpenDatabase(previous, false); !back.ok()) {
      return Status(opened.code(),
                    opened.message() + "\nand " + previous +
                        " could not be opened again: " + back.message());
    }
  }
  return opened;
}

Status Session::OpenDatabase(const std::string& path, bool create) {
  DatabaseOptions options;
  options.store.create_if_missing = create;
  // SPARQL LOAD in the shell reads files under the current folder.
  options.load_directory = ".";
  auto db = Database::Open(path, options);
  if (!db.ok() && db.status().code() == StatusCode::kBusy) {
    options.store.read_only = true;
    options.store.create_if_missing = false;
    db = Database::Open(path, options);
    if (db.ok()) {
      std::cerr << fmt::format(
          "(read-only: another process holds {}; .load is not possible)\n",
          path);
    }
  }
  if (!db.ok()) return db.status();
  db_ = std::move(db).value();
  db_ptr_ = db_.get();
  path_ = path;
  KG_RETURN_IF_ERROR(RefreshPrefixes());
  DataChanged();
  return Status::Ok();
}

Status Session::RefreshPrefixes() {
  prefixes.Clear();
  KG_ASSIGN_OR_RETURN(auto stored, db_->store().Prefixes());
  for (const auto& [prefix, iri] : stored) prefixes.Set(prefix, iri);
  for (const auto& [prefix, iri] : user_prefixes) prefixes.Set(prefix, iri);
  return Status::Ok();
}

void Session::DataChanged() { resolver.Invalidate(); }

Status Session::SetOutput(const std::string& path) {
  out_->flush();
  if (file_.is_open()) file_.close();
  if (path == "stdout" || path == "-") {
    out_ = &std::cout;
    return Status::Ok();
  }
  file_.open(path, std::ios::binary | std::ios::trunc);
  if (!file_) {
    out_ = &std::cout;
    return Status::IOError("cannot write " + path);
  }
  out_ = &file_;
  return Status::Ok();
}

QueryOptions Session::query_options() const {
  QueryOptions options;
  options.cancel = cancel;
  return options;
}

std::span<const DotCommand> DotCommands() { return kCommands; }

std::span<const char* const> SparqlKeywords() { return kSparqlKeywords; }

// ---------------------------------------------------------------------------
// Statements

StatementKind ClassifyStatement(std::string_view text) {
  const std::string_view line = FirstCodeLine(text);
  if (line.empty()) return StatementKind::kEmpty;
  if (line[0] == '.') return StatementKind::kDotCommand;
  std::size_t n = 0;
  while (n < line.size() && std::isalpha(static_cast<unsigned char>(line[n]))) {
    ++n;
  }
  // A keyword is a whole word: `Selection drafted ?x` is shorthand.
  if (n == 0 ||
      (n < line.size() && (std::isalnum(static_cast<unsigned char>(line[n])) ||
                           line[n] == '_' || line[n] == '-' || line[n] == ':' ||
                           static_cast<unsigned char>(line[n]) >= 0x80))) {
    return StatementKind::kShorthand;
  }
  std::string word(line.substr(0, n));
  for (char& c : word) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (!IsSparqlStart(word)) return StatementKind::kShorthand;
  if (word == "DESCRIBE") return ClassifyDescribe(line.substr(n));
  return StatementKind::kSparql;
}

bool SparqlNeedsMore(std::string_view text, const PrefixMap& prefixes) {
  query::SparqlParseOptions options;
  options.prefixes = prefixes.entries();
  auto parsed = query::ParseSparql(text, options);
  // A prologue alone parses as an empty update request: the query is to
  // come.
  if (parsed.ok()) return parsed->is_update() && parsed->operations.empty();
  const Status& st = parsed.status();
  if (st.code() != StatusCode::kParseError) return false;
  const std::size_t offset = OffsetOf(text, st.line(), st.column());
  return Trim(text.substr(std::min(offset, text.size()))).empty();
}

bool StatementBuffer::Add(std::string_view line) {
  if (text_.empty() && ClassifyStatement(line) == StatementKind::kEmpty) {
    return false;
  }
  if (!text_.empty()) text_ += '\n';
  text_ += line;
  std::string_view body = text_;
  switch (ClassifyStatement(text_)) {
    case StatementKind::kEmpty:
      text_.clear();
      return false;
    case StatementKind::kShorthand:
      return true;
    case StatementKind::kDotCommand: {
      // `.explain` may take a SPARQL query over several lines.
      std::string_view first = Trim(body);
      if (first.substr(0, 9) != ".explain " &&
          first.substr(0, 9) != ".explain\t") {
        return true;
      }
      body = Trim(first.substr(9));
      if (ClassifyStatement(body) != StatementKind::kSparql) return true;
      break;
    }
    case StatementKind::kSparql:
      break;
  }
  // A ';' ending the line ends the statement when what precedes it is
  // complete or wrong; inside a query (`?s :p ?o ;`) it continues it.
  std::string_view trimmed = Trim(body);
  if (!trimmed.empty() && trimmed.back() == ';') {
    query::SparqlParseOptions options;
    options.prefixes = prefixes_->entries();
    trimmed.remove_suffix(1);
    if (auto parsed = query::ParseSparql(trimmed, options);
        parsed.ok() && !(parsed->is_update() && parsed->operations.empty())) {
      return true;
    }
    return !SparqlNeedsMore(body, *prefixes_);
  }
  return !SparqlNeedsMore(body, *prefixes_);
}

std::string StatementBuffer::Take() {
  std::string_view text = Trim(text_);
  if (!text.empty() && text.back() == ';') text.remove_suffix(1);
  std::string out(Trim(text));
  text_.clear();
  return out;
}

Status ExecuteStatement(Session& s, std::string_view statement) {
  const std::string_view text = Trim(statement);
  switch (ClassifyStatement(text)) {
    case StatementKind::kEmpty:
      return Status::Ok();
    case StatementKind::kDotCommand: {
      // From the command on, past any comment lines before it.
      const char* start = FirstCodeLine(text).data();
      return RunDotCommand(
          s, std::string_view(start, text.data() + text.size() - start));
    }
    case StatementKind::kSparql:
      if (!s.is_open())
        return Status::InvalidArgument("no database is open (.open DB)");
      return RunSparql(s, text);
    case StatementKind::kShorthand:
      if (!s.is_open())
        return Status::InvalidArgument("no database is open (.open DB)");
      return RunShorthand(s, text, false);
  }
  return Status::Ok();
}

void ReportError(const Status& status, const std::string& source,
                 std::uint64_t first_line) {
  std::cout.flush();
  const std::string& message = status.message();
  const std::size_t nl = message.find('\n');
  const std::string first = message.substr(0, nl);
  std::string head;
  if (status.code() == StatusCode::kParseError && status.line() > 0) {
    const bool in_statement =
        status.source() == "query" || status.source() == "shorthand";
    if (in_statement) {
      head = fmt::format("{}{}:{}: ", source.empty() ? "" : source + ":",
                         first_line + status.line() - 1, status.column());
    } else {
      head = fmt::format("{}:{}:{}: ", status.source(), status.line(),
                         status.column());
    }
  }
  std::fprintf(stderr, "error: %s%s\n", head.c_str(), first.c_str());
  if (!status.context().empty()) {
    std::fprintf(stderr, "%s\n", status.context().c_str());
  }
  if (nl != std::string::npos) {
    std::fprintf(stderr, "%s\n", message.substr(nl + 1).c_str());
  }
  std::fflush(stderr);
}

void RunScript(Session& s, std::istream& in, const std::string& source) {
  StatementBuffer buffer(&s.prefixes);
  std::string line;
  std::uint64_t line_number = 0;
  std::uint64_t first_line = 1;
  auto run = [&](const std::string& statement) {
    if (s.cancel->cancelled()) {
      s.bailing = true;
      s.had_error = true;
      return;
    }
    Status st = ExecuteStatement(s, statement);
    s.out().flush();
    if (!st.ok()) {
      ReportError(st, source, first_line);
      s.had_error = true;
      if (s.settings.bail) s.bailing = true;
    }
    // Ctrl-C stops a script, not only its running query.
    if (s.cancel->cancelled()) s.bailing = true;
  };
  while (!s.quit && !s.bailing && std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (buffer.empty()) first_line = line_number;
    if (buffer.Add(line)) run(buffer.Take());
  }
  if (!s.quit && !s.bailing && !buffer.empty()) run(buffer.Take());
}

}  // namespace kg::shell
