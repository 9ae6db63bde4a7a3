// Which graphs a triple pattern reads (SPARQL 1.1 §13): the query's default
// graph (the union of all graphs, or the merge of a set of graphs) or, under
// GRAPH, one named graph given by a constant or a variable.
#ifndef KG_QUERY_EXEC_GRAPH_SPEC_H_
#define KG_QUERY_EXEC_GRAPH_SPEC_H_

#include <algorithm>
#include <optional>
#include <vector>

#include "query/exec/exec_context.h"

namespace kg::query {

struct GraphSpec {
  enum class Kind : std::uint8_t {
    kDefaultUnion,   // every graph, merged: a triple in several is seen once
    kDefaultSet,     // the merge of `graphs` (strict mode: {default graph})
    kNamedConstant,  // GRAPH <iri>: `constant`
    kNamedVariable,  // GRAPH ?g: `slot`
  };
  Kind kind = Kind::kDefaultUnion;
  std::vector<TermId> graphs;  // kDefaultSet; sorted
  TermId constant = kUnbound;  // kNamedConstant (kUnbound: no such graph)
  int slot = -1;               // kNamedVariable
  // The named graphs GRAPH may range over (FROM NAMED); nullopt: every
  // graph except the default graph.
  std::optional<std::vector<TermId>> named;  // sorted

  bool IsNamedAllowed(TermId g) const {
    if (g == store::kDefaultGraphId || g == kUnbound) return false;
    if (!named) return true;
    return std::binary_search(named->begin(), named->end(), g);
  }
  bool InDefaultSet(TermId g) const {
    return std::binary_search(graphs.begin(), graphs.end(), g);
  }
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_GRAPH_SPEC_H_
