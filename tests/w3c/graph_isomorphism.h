// Comparing two RDF datasets up to blank node renaming (RDF 1.1 Concepts,
// 3.6 Graph Comparison), for conformance and round-trip tests.
#ifndef KG_TESTS_W3C_GRAPH_ISOMORPHISM_H_
#define KG_TESTS_W3C_GRAPH_ISOMORPHISM_H_

#include <string>
#include <vector>

#include "kg/quad.h"

namespace kg::testing {

// True when a bijection between the blank nodes of `a` and `b` maps the set
// of quads `a` onto the set `b` (duplicates are ignored). Blank nodes are
// first told apart by iterated colour refinement over their neighbourhoods;
// the remaining ties are resolved by backtracking. If `why` is given and the
// result is false, it receives a short explanation.
bool IsIsomorphic(const std::vector<Quad>& a, const std::vector<Quad>& b,
                  std::string* why = nullptr);

}  // namespace kg::testing

#endif  // KG_TESTS_W3C_GRAPH_ISOMORPHISM_H_
