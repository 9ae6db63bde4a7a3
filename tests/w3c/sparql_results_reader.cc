// Readers for the SPARQL result formats used by the W3C test suites: XML
// through expat, JSON through nlohmann::json (exceptions off), TSV cells and
// RDF result sets through kg's own RDF parsers.
#include "tests/w3c/sparql_results_reader.h"

#include <expat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <utility>

#include "kg/quad_sink.h"
#include "query/syntax/rdf_parser.h"

namespace kg::testing {
namespace {

constexpr std::string_view kRs =
    "http://www.w3.org/2001/sw/DataAccess/tests/result-set#";
constexpr std::string_view kRdfType =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
constexpr std::string_view kXsdBoolean =
    "http://www.w3.org/2001/XMLSchema#boolean";

std::string Rs(std::string_view local) {
  return std::string(kRs) + std::string(local);
}

class Collect : public QuadSink {
 public:
  Status Add(const Quad& q) override {
    quads.push_back(q);
    return Status::Ok();
  }
  std::vector<Quad> quads;
};

// The column of `name`, added to `results->variables` if new (result files
// may bind variables their header does not declare).
std::size_t Column(SparqlResults* results, const std::string& name) {
  auto it =
      std::find(results->variables.begin(), results->variables.end(), name);
  if (it != results->variables.end()) {
    return static_cast<std::size_t>(it - results->variables.begin());
  }
  results->variables.push_back(name);
  for (SolutionRow& row : results->rows) row.emplace_back();
  return results->variables.size() - 1;
}

void SetBinding(SparqlResults* results, std::size_t row,
                const std::string& name, Term value) {
  const std::size_t column = Column(results, name);
  results->rows[row].resize(results->variables.size());
  results->rows[row][column] = std::move(value);
}

Term MakeLiteral(std::string lexical, const std::string& datatype,
                 const std::string& lang) {
  if (!lang.empty()) return Term::LangLiteral(std::move(lexical), lang);
  return Term::Literal(std::move(lexical), datatype);
}

// ---------------------------------------------------------------------------
// XML

std::string_view LocalPart(const char* name) {
  std::string_view n(name);
  const std::size_t sep = n.rfind('\x1f');
  return sep == std::string_view::npos ? n : n.substr(sep + 1);
}

struct XmlState {
  SparqlResults results;
  std::string binding;  // the name of the open <binding>
  std::string element;  // uri, bnode, literal or boolean, while open
  std::string text;
  std::string datatype;
  std::string lang;
  bool in_result = false;
  std::string error;
};

void XMLCALL XmlStart(void* data, const char* name, const char** attrs) {
  auto* s = static_cast<XmlState*>(data);
  const std::string_view local = LocalPart(name);
  auto attr = [&](std::string_view want) -> std::string {
    for (const char** a = attrs; *a != nullptr; a += 2) {
      if (LocalPart(a[0]) == want) return a[1];
    }
    return {};
  };
  if (local == "variable") {
    Column(&s->results, attr("name"));
  } else if (local == "result") {
    s->results.rows.emplace_back(s->results.variables.size());
    s->in_result = true;
  } else if (local == "binding") {
    s->binding = attr("name");
  } else if (local == "uri" || local == "bnode" || local == "literal" ||
             local == "boolean") {
    s->element = std::string(local);
    s->text.clear();
    s->datatype = attr("datatype");
    s->lang = attr("lang");
  }
}

void XMLCALL XmlEnd(void* data, const char* name) {
  auto* s = static_cast<XmlState*>(data);
  const std::string_view local = LocalPart(name);
  if (local == "result") {
    s->in_result = false;
    return;
  }
  if (local != s->element) return;
  s->element.clear();
  if (local == "boolean") {
    std::string v = s->text;
    v.erase(std::remove_if(v.begin(), v.end(),
                           [](unsigned char c) { return std::isspace(c); }),
            v.end());
    if (v != "true" && v != "false") {
      s->error = "<boolean> holds '" + v + "'";
      return;
    }
    s->results.kind = SparqlResults::Kind::kBoolean;
    s->results.boolean = v == "true";
    return;
  }
  if (!s->in_result || s->binding.empty()) {
    s->error = "<" + std::string(local) + "> outside a <binding>";
    return;
  }
  if (local != "literal") {
    const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
    std::string& t = s->text;
    t.erase(t.begin(), std::find_if_not(t.begin(), t.end(), space));
    t.erase(std::find_if_not(t.rbegin(), t.rend(), space).base(), t.end());
  }
  Term value;
  if (local == "uri") {
    value = Term::Iri(s->text);
  } else if (local == "bnode") {
    value = Term::Blank(s->text);
  } else {
    value = MakeLiteral(s->text, s->datatype, s->lang);
  }
  SetBinding(&s->results, s->results.rows.size() - 1, s->binding,
             std::move(value));
}

void XMLCALL XmlText(void* data, const char* text, int len) {
  auto* s = static_cast<XmlState*>(data);
  if (!s->element.empty()) s->text.append(text, static_cast<std::size_t>(len));
}

// ---------------------------------------------------------------------------
// JSON

Result<Term> JsonTerm(const nlohmann::json& v) {
  if (!v.is_object() || !v.contains("type") || !v["type"].is_string() ||
      !v.contains("value") || !v["value"].is_string()) {
    return Status::InvalidArgument("a binding needs string 'type' and 'value'");
  }
  const std::string type = v["type"].get<std::string>();
  std::string value = v["value"].get<std::string>();
  auto member = [&](const char* key) -> std::string {
    if (v.contains(key) && v[key].is_string()) return v[key].get<std::string>();
    return {};
  };
  if (type == "uri") return Term::Iri(std::move(value));
  if (type == "bnode") return Term::Blank(std::move(value));
  if (type == "literal" || type == "typed-literal") {
    return MakeLiteral(std::move(value), member("datatype"),
                       member("xml:lang"));
  }
  return Status::InvalidArgument("unknown binding type '" + type + "'");
}

// ---------------------------------------------------------------------------
// CSV and TSV

// Splits `text` into lines, dropping a final empty line and trailing CRs.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> Split(const std::string& line, char sep) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(sep, start);
    cells.push_back(line.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return cells;
}

// RFC 4180 records; a quoted field may hold separators and line breaks.
Result<std::vector<std::vector<std::string>>> CsvRecords(
    std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      record.push_back(std::move(field));
      records.push_back(std::move(record));
      record.clear();
      field.clear();
      field_started = false;
    } else {
      field += c;
    }
  }
  if (quoted) return Status::InvalidArgument("CSV: unterminated quoted field");
  if (!field.empty() || field_started || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

// One TSV cell (a term in Turtle syntax), read by parsing a one-triple
// Turtle document around it.
Result<Term> TsvTerm(const std::string& cell) {
  const std::string doc = "<urn:s> <urn:p> " + cell + " .\n";
  Collect sink;
  Status s = query::ParseRdfString(doc, "TSV cell", query::RdfFormat::kTurtle,
                                   {}, &sink, nullptr);
  if (!s.ok()) return s;
  if (sink.quads.size() != 1) {
    return Status::InvalidArgument("TSV cell is not one term: " + cell);
  }
  return sink.quads[0].object;
}

}  // namespace

Result<SparqlResults> ParseSparqlXmlResults(std::string_view text) {
  XmlState state;
  XML_Parser parser = XML_ParserCreateNS(nullptr, '\x1f');
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, XmlStart, XmlEnd);
  XML_SetCharacterDataHandler(parser, XmlText);
  const XML_Status status = XML_Parse(
      parser, text.data(), static_cast<int>(text.size()), /*isFinal=*/1);
  std::string error;
  if (status != XML_STATUS_OK) {
    error = "XML: " + std::string(XML_ErrorString(XML_GetErrorCode(parser))) +
            " at line " + std::to_string(XML_GetCurrentLineNumber(parser));
  }
  XML_ParserFree(parser);
  if (!error.empty()) return Status::InvalidArgument(error);
  if (!state.error.empty()) {
    return Status::InvalidArgument("XML results: " + state.error);
  }
  state.results.ordered = true;
  for (SolutionRow& row : state.results.rows) {
    row.resize(state.results.variables.size());
  }
  return std::move(state.results);
}

Result<SparqlResults> ParseSparqlJsonResults(std::string_view text) {
  const nlohmann::json doc =
      nlohmann::json::parse(text, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::InvalidArgument("JSON results: not a JSON object");
  }
  SparqlResults results;
  results.ordered = true;
  if (doc.contains("boolean")) {
    if (!doc["boolean"].is_boolean()) {
      return Status::InvalidArgument("JSON results: 'boolean' is not a bool");
    }
    results.kind = SparqlResults::Kind::kBoolean;
    results.boolean = doc["boolean"].get<bool>();
    return results;
  }
  if (doc.contains("head") && doc["head"].is_object() &&
      doc["head"].contains("vars") && doc["head"]["vars"].is_array()) {
    for (const auto& v : doc["head"]["vars"]) {
      if (!v.is_string()) {
        return Status::InvalidArgument("JSON results: a var is not a string");
      }
      Column(&results, v.get<std::string>());
    }
  }
  if (!doc.contains("results") || !doc["results"].is_object() ||
      !doc["results"].contains("bindings") ||
      !doc["results"]["bindings"].is_array()) {
    return Status::InvalidArgument("JSON results: no results.bindings array");
  }
  for (const auto& solution : doc["results"]["bindings"]) {
    if (!solution.is_object()) {
      return Status::InvalidArgument("JSON results: a solution is no object");
    }
    results.rows.emplace_back(results.variables.size());
    for (const auto& [name, value] : solution.items()) {
      Result<Term> term = JsonTerm(value);
      if (!term.ok()) {
        return Status::InvalidArgument("JSON results: " +
                                       term.status().message());
      }
      SetBinding(&results, results.rows.size() - 1, name, std::move(*term));
    }
  }
  return results;
}

Result<SparqlResults> ParseSparqlTsvResults(std::string_view text) {
  const std::vector<std::string> lines = Lines(text);
  if (lines.empty()) return Status::InvalidArgument("TSV: no header line");
  SparqlResults results;
  results.ordered = true;
  if (!lines[0].empty()) {
    for (const std::string& var : Split(lines[0], '\t')) {
      if (var.size() < 2 || (var[0] != '?' && var[0] != '$')) {
        return Status::InvalidArgument("TSV: bad header cell '" + var + "'");
      }
      results.variables.push_back(var.substr(1));
    }
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = Split(lines[i], '\t');
    if (cells.size() != results.variables.size() &&
        !(results.variables.empty() && lines[i].empty())) {
      return Status::InvalidArgument("TSV: line " + std::to_string(i + 1) +
                                     " has " + std::to_string(cells.size()) +
                                     " cells");
    }
    SolutionRow row(results.variables.size());
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (cells[c].empty()) continue;
      Result<Term> term = TsvTerm(cells[c]);
      if (!term.ok()) {
        return Status::InvalidArgument("TSV: line " + std::to_string(i + 1) +
                                       ": " + term.status().ToString());
      }
      row[c] = std::move(*term);
    }
    results.rows.push_back(std::move(row));
  }
  return results;
}

Result<SparqlResults> ParseSparqlCsvResults(std::string_view text) {
  Result<std::vector<std::vector<std::string>>> records = CsvRecords(text);
  if (!records.ok()) return records.status();
  if (records->empty()) return Status::InvalidArgument("CSV: no header line");
  SparqlResults results;
  results.ordered = true;
  const std::vector<std::string>& header = (*records)[0];
  if (!(header.size() == 1 && header[0].empty())) {
    results.variables = header;
  }
  for (std::size_t i = 1; i < records->size(); ++i) {
    const std::vector<std::string>& record = (*records)[i];
    if (record.size() != results.variables.size() &&
        !(results.variables.empty() && record.size() == 1 &&
          record[0].empty())) {
      return Status::InvalidArgument("CSV: record " + std::to_string(i + 1) +
                                     " has " + std::to_string(record.size()) +
                                     " fields");
    }
    SolutionRow row(results.variables.size());
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string& cell = record[c];
      if (cell.empty()) continue;
      if (cell.rfind("_:", 0) == 0) {
        row[c] = Term::Blank(cell.substr(2));
      } else {
        row[c] = Term::Literal(cell);
      }
    }
    results.rows.push_back(std::move(row));
  }
  return results;
}

Result<SparqlResults> ResultsFromRdf(std::vector<Quad> quads) {
  // subject -> (predicate -> objects), objects in document order.
  std::map<Term, std::multimap<std::string, Term>> index;
  std::vector<Term> result_sets;
  for (const Quad& q : quads) {
    index[q.subject].emplace(q.predicate.lexical, q.object);
    if (q.predicate.lexical == kRdfType && q.object.is_iri() &&
        q.object.lexical == Rs("ResultSet")) {
      result_sets.push_back(q.subject);
    }
  }
  SparqlResults results;
  if (result_sets.empty()) {
    results.kind = SparqlResults::Kind::kGraph;
    results.graph = std::move(quads);
    return results;
  }
  if (result_sets.size() > 1) {
    return Status::InvalidArgument("more than one rs:ResultSet");
  }
  auto all = [&](const Term& s, const std::string& p) {
    std::vector<Term> out;
    auto it = index.find(s);
    if (it == index.end()) return out;
    auto [begin, end] = it->second.equal_range(p);
    for (auto i = begin; i != end; ++i) out.push_back(i->second);
    return out;
  };
  const Term& set = result_sets[0];
  for (const Term& b : all(set, Rs("boolean"))) {
    if (!b.is_literal() || (b.lexical != "true" && b.lexical != "false") ||
        (b.datatype != kXsdBoolean && b.datatype != kXsdString)) {
      return Status::InvalidArgument("rs:boolean is not a boolean");
    }
    results.kind = SparqlResults::Kind::kBoolean;
    results.boolean = b.lexical == "true";
    return results;
  }
  for (const Term& v : all(set, Rs("resultVariable"))) {
    Column(&results, v.lexical);
  }
  std::vector<std::pair<long long, SolutionRow>> indexed;
  bool any_index = false;
  bool all_index = true;
  for (const Term& solution : all(set, Rs("solution"))) {
    results.rows.emplace_back(results.variables.size());
    const std::size_t row = results.rows.size() - 1;
    for (const Term& binding : all(solution, Rs("binding"))) {
      const std::vector<Term> var = all(binding, Rs("variable"));
      const std::vector<Term> value = all(binding, Rs("value"));
      if (var.size() != 1 || value.size() != 1) {
        return Status::InvalidArgument(
            "an rs:binding needs one rs:variable and one rs:value");
      }
      SetBinding(&results, row, var[0].lexical, value[0]);
    }
    const std::vector<Term> idx = all(solution, Rs("index"));
    if (idx.empty()) {
      all_index = false;
      indexed.emplace_back(0, SolutionRow());
    } else {
      any_index = true;
      indexed.emplace_back(std::atoll(idx[0].lexical.c_str()), SolutionRow());
    }
  }
  for (SolutionRow& row : results.rows) row.resize(results.variables.size());
  if (any_index) {
    if (!all_index) {
      return Status::InvalidArgument("rs:index on some solutions only");
    }
    for (std::size_t i = 0; i < results.rows.size(); ++i) {
      indexed[i].second = std::move(results.rows[i]);
    }
    std::stable_sort(
        indexed.begin(), indexed.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < results.rows.size(); ++i) {
      results.rows[i] = std::move(indexed[i].second);
    }
    results.ordered = true;
  }
  return results;
}

Result<SparqlResults> ReadSparqlResultsFile(const std::string& path,
                                            const std::string& base_iri) {
  const std::size_t dot = path.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "ttl" || ext == "nt" || ext == "rdf") {
    bool gzip = false;
    const std::optional<query::RdfFormat> format =
        query::RdfFormatFromPath(path, &gzip);
    if (!format) return Status::NotSupported("no RDF format for " + path);
    query::RdfParseOptions options;
    options.base_iri = base_iri;
    Collect sink;
    KG_RETURN_IF_ERROR(
        query::ParseRdfFile(path, *format, options, &sink, nullptr));
    return ResultsFromRdf(std::move(sink.quads));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  if (ext == "srx" || ext == "xml") return ParseSparqlXmlResults(text);
  if (ext == "srj" || ext == "json") return ParseSparqlJsonResults(text);
  if (ext == "tsv") return ParseSparqlTsvResults(text);
  if (ext == "csv") return ParseSparqlCsvResults(text);
  return Status::NotSupported("unknown results format: " + path);
}

}  // namespace kg::testing
