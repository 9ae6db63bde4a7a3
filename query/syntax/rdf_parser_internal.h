// Entry points of the individual RDF parsers, called by the dispatch in
// rdf_format.cc. Each PEGTL grammar is instantiated in its own .cc file.
#ifndef KG_QUERY_SYNTAX_RDF_PARSER_INTERNAL_H_
#define KG_QUERY_SYNTAX_RDF_PARSER_INTERNAL_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "kg/quad_sink.h"
#include "kg/status.h"
#include "query/syntax/rdf_parser.h"

namespace kg::query::rdf_internal {

// Streaming inputs read ahead in pieces of this size; their buffer holds at
// most RdfParseOptions::max_statement_bytes plus two pieces.
inline constexpr std::size_t kStreamChunk = 64u << 10;

// A byte stream read in pieces (stdin, a gzip file). Read() returns the
// number of bytes stored, 0 at the end or on error; status() tells which.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t Read(char* buffer, std::size_t length) = 0;
  virtual Status status() const = 0;
};

// N-Triples (`quads` false) or N-Quads (`quads` true).
Status ParseNTriplesText(std::string_view text, std::string_view source,
                         bool quads, const RdfParseOptions& options,
                         QuadSink* sink, RdfParseReport* report);
Status ParseNTriplesStream(ByteSource* input, std::string_view source,
                           bool quads, const RdfParseOptions& options,
                           QuadSink* sink, RdfParseReport* report);

// Turtle (`trig` false) or TriG (`trig` true).
Status ParseTurtleText(std::string_view text, std::string_view source,
                       bool trig, const RdfParseOptions& options,
                       QuadSink* sink, RdfParseReport* report);
Status ParseTurtleStream(ByteSource* input, std::string_view source, bool trig,
                         const RdfParseOptions& options, QuadSink* sink,
                         RdfParseReport* report);

// RDF/XML through libraptor2.
Status ParseRdfXmlText(std::string_view text, std::string_view source,
                       const RdfParseOptions& options, QuadSink* sink,
                       RdfParseReport* report);
Status ParseRdfXmlStream(ByteSource* input, std::string_view source,
                         const RdfParseOptions& options, QuadSink* sink,
                         RdfParseReport* report);

}  // namespace kg::query::rdf_internal

#endif  // KG_QUERY_SYNTAX_RDF_PARSER_INTERNAL_H_
