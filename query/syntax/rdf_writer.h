// Writers for N-Triples, N-Quads, Turtle and TriG: a QuadSink that prints.
#ifndef KG_QUERY_SYNTAX_RDF_WRITER_H_
#define KG_QUERY_SYNTAX_RDF_WRITER_H_

#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "kg/quad_sink.h"
#include "query/syntax/rdf_parser.h"

namespace kg::query {

// A sink that writes each quad to `out` in `format` (not RDF/XML). Turtle and
// TriG group by subject and graph as far as consecutive quads allow and use
// `prefixes` (prefix, namespace IRI) for compact names. Triple-only formats
// (N-Triples, Turtle) drop the graph. Call Finish() after the last quad.
class RdfWriter : public QuadSink {
 public:
  virtual Status Finish() = 0;
};

Result<std::unique_ptr<RdfWriter>> MakeRdfWriter(
    RdfFormat format, std::ostream* out,
    std::vector<std::pair<std::string, std::string>> prefixes = {});

}  // namespace kg::query

#endif  // KG_QUERY_SYNTAX_RDF_WRITER_H_
