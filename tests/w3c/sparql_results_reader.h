// Reading expected SPARQL query results for the W3C evaluation tests: the
// SPARQL 1.1 Query Results XML, JSON, CSV and TSV formats, and result sets
// or graphs written in RDF (Turtle, N-Triples, RDF/XML).
#ifndef KG_TESTS_W3C_SPARQL_RESULTS_READER_H_
#define KG_TESTS_W3C_SPARQL_RESULTS_READER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/quad.h"
#include "kg/status.h"
#include "kg/term.h"

namespace kg::testing {

// One solution: an entry per variable of SparqlResults::variables, nullopt
// where the variable is unbound.
using SolutionRow = std::vector<std::optional<Term>>;

// The answer to one query, as a file states it.
struct SparqlResults {
  enum class Kind { kSolutions, kBoolean, kGraph };
  Kind kind = Kind::kSolutions;

  // kSolutions: the variables (without '?') and the rows.
  std::vector<std::string> variables;
  std::vector<SolutionRow> rows;
  // kSolutions: the rows are in the order the file gives them. Always true
  // for the XML, JSON, CSV and TSV formats (a document is a sequence); for
  // an RDF result set only when its solutions carry rs:index (the rows are
  // then sorted by it).
  bool ordered = false;

  bool boolean = false;     // kBoolean
  std::vector<Quad> graph;  // kGraph: triples in the default graph
};

// Reads `path`, choosing the format by its extension: .srx/.xml (XML),
// .srj/.json (JSON), .tsv, .csv, or an RDF syntax (.ttl, .nt, .rdf): a
// graph holding an rs:ResultSet (vocabulary
// http://www.w3.org/2001/sw/DataAccess/tests/result-set#) is a result set,
// any other graph is a kGraph answer (CONSTRUCT, DESCRIBE). `base_iri`
// resolves relative IRIs in RDF files. CSV is read with
// ParseSparqlCsvResults. Returns kNotSupported for an unknown extension,
// kIOError when the file cannot be read, kParseError/kInvalidArgument for
// malformed content.
Result<SparqlResults> ReadSparqlResultsFile(const std::string& path,
                                            const std::string& base_iri);

// SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/).
Result<SparqlResults> ParseSparqlXmlResults(std::string_view text);

// SPARQL 1.1 Query Results JSON Format, including the older "typed-literal"
// binding type.
Result<SparqlResults> ParseSparqlJsonResults(std::string_view text);

// SPARQL 1.1 Query Results TSV Format: a header of ?variables, then cells
// holding terms in Turtle syntax (read with kg's Turtle parser); an empty
// cell is unbound.
Result<SparqlResults> ParseSparqlTsvResults(std::string_view text);

// SPARQL 1.1 Query Results CSV Format (RFC 4180 quoting, CRLF or LF line
// ends). CSV does not say what kind of term a value was, so each cell becomes
// a text-level value: an empty cell is unbound, "_:label" a blank node, and
// anything else a plain literal holding the cell's text (IRIs included).
// Comparing two CSV documents read this way compares what CSV can say.
Result<SparqlResults> ParseSparqlCsvResults(std::string_view text);

// Interprets the triples `quads` (the parse of an RDF results file) as a
// result set if they hold an rs:ResultSet, else as a graph.
Result<SparqlResults> ResultsFromRdf(std::vector<Quad> quads);

}  // namespace kg::testing

#endif  // KG_TESTS_W3C_SPARQL_RESULTS_READER_H_
