// Streaming parsers for the RDF syntaxes: N-Triples, N-Quads, Turtle, TriG
// (PEGTL grammars in this folder) and RDF/XML (through libraptor2).
#ifndef KG_QUERY_SYNTAX_RDF_PARSER_H_
#define KG_QUERY_SYNTAX_RDF_PARSER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/quad_sink.h"
#include "kg/status.h"
#include "kg/term.h"

namespace kg::query {

enum class RdfFormat { kNTriples, kNQuads, kTurtle, kTriG, kRdfXml };

// "nt"/"ntriples", "nq"/"nquads", "ttl"/"turtle", "trig", "rdf"/"rdfxml"/"xml".
std::optional<RdfFormat> RdfFormatFromName(std::string_view name);
// From a file name's extension (.nt .nq .ttl .trig .rdf .owl, each optionally
// followed by .gz); sets *gzip when the name ends in .gz.
std::optional<RdfFormat> RdfFormatFromPath(std::string_view path, bool* gzip);
std::string_view RdfFormatName(RdfFormat format);
// True for the formats that can name graphs (N-Quads, TriG).
bool RdfFormatHasGraphs(RdfFormat format);

// Largest single statement accepted from a non-seekable input (stdin, .gz):
// the parser's buffer never grows beyond this.
inline constexpr std::size_t kDefaultMaxStatementBytes = 16u << 20;

struct RdfParseOptions {
  // Base IRI for relative IRIs (Turtle, TriG, RDF/XML). Empty: none.
  std::string base_iri;
  // The graph that triples outside any GRAPH block go into.
  Term default_graph = Term::DefaultGraph();
  // Blank-node labels are emitted as `blank_scope + label`, so that two
  // documents never share a blank node. Empty: labels kept as written.
  // Turtle and TriG label the nodes of `[]`, `[ ... ]` and collections
  // `_g1`, `_g2`, ...; a written label that starts with "_g" is emitted with
  // a second "_g" in front so that the two kinds never collide.
  std::string blank_scope;
  // Skip bad statements instead of stopping at the first; each one is
  // recorded in RdfParseReport::errors (the first `max_reported_errors`).
  bool lenient = false;
  std::size_t max_reported_errors = 100;
  std::size_t max_statement_bytes = kDefaultMaxStatementBytes;
  // Called now and then with the number of input bytes consumed so far.
  std::function<void(std::uint64_t bytes)> progress;
};

struct RdfParseReport {
  std::uint64_t quads = 0;     // quads passed to the sink
  std::uint64_t skipped = 0;   // bad statements skipped (lenient mode)
  std::vector<Status> errors;  // their positions and messages
};

// Parses the file at `path` (mmap for plain files; streaming for .gz and
// "-" which means stdin). `source_name` appears in error positions.
Status ParseRdfFile(const std::string& path, RdfFormat format,
                    const RdfParseOptions& options, QuadSink* sink,
                    RdfParseReport* report);

// Parses `text` held in memory; `source_name` names it in errors.
Status ParseRdfString(std::string_view text, std::string_view source_name,
                      RdfFormat format, const RdfParseOptions& options,
                      QuadSink* sink, RdfParseReport* report);

}  // namespace kg::query

#endif  // KG_QUERY_SYNTAX_RDF_PARSER_H_
