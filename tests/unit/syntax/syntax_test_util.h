// Helpers shared by the syntax tests: a sink that keeps quads and a parse
// helper for text held in memory.
#ifndef KG_TESTS_UNIT_SYNTAX_SYNTAX_TEST_UTIL_H_
#define KG_TESTS_UNIT_SYNTAX_SYNTAX_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "kg/quad.h"
#include "kg/quad_sink.h"
#include "query/syntax/rdf_parser.h"

namespace kg::testing {

class CollectingSink : public QuadSink {
 public:
  Status Add(const Quad& quad) override {
    quads.push_back(quad);
    return Status::Ok();
  }
  Status AddPrefix(std::string_view prefix, std::string_view iri) override {
    prefixes.emplace_back(prefix, iri);
    return Status::Ok();
  }
  std::vector<Quad> quads;
  std::vector<std::pair<std::string, std::string>> prefixes;
};

struct Parsed {
  Status status;
  std::vector<Quad> quads;
  query::RdfParseReport report;
};

inline Parsed ParseText(std::string_view text, query::RdfFormat format,
                        query::RdfParseOptions options = {}) {
  CollectingSink sink;
  Parsed p;
  p.status =
      query::ParseRdfString(text, "test", format, options, &sink, &p.report);
  p.quads = std::move(sink.quads);
  return p;
}

inline Quad MakeQuad(Term s, Term p, Term o, Term g = Term::DefaultGraph()) {
  return Quad{std::move(s), std::move(p), std::move(o), std::move(g)};
}

}  // namespace kg::testing

#endif  // KG_TESTS_UNIT_SYNTAX_SYNTAX_TEST_UTIL_H_
