// Quads (a triple plus the graph that holds it) and quad patterns.
#ifndef KG_QUAD_H_
#define KG_QUAD_H_

#include <optional>
#include <string>

#include "kg/term.h"

namespace kg {

// subject predicate object graph. `graph` is Term::DefaultGraph() for the
// default graph.
struct Quad {
  Term subject;
  Term predicate;
  Term object;
  Term graph;

  // "s p o ." or "s p o g ." in N-Quads syntax, without a newline.
  std::string ToNQuads() const;

  friend bool operator==(const Quad&, const Quad&) = default;
  friend auto operator<=>(const Quad&, const Quad&) = default;
};

// A pattern over quads: an unset position matches any term. A set graph of
// Term::DefaultGraph() matches only the default graph.
struct QuadPattern {
  std::optional<Term> subject;
  std::optional<Term> predicate;
  std::optional<Term> object;
  std::optional<Term> graph;
};

}  // namespace kg

#endif  // KG_QUAD_H_
