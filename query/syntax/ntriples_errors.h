// Error messages for the N-Triples / N-Quads grammar (ntriples_grammar.h).
#ifndef KG_QUERY_SYNTAX_NTRIPLES_ERRORS_H_
#define KG_QUERY_SYNTAX_NTRIPLES_ERRORS_H_

#include "query/syntax/ntriples_grammar.h"
#include "query/syntax/rdf_terminal_errors.h"

namespace kg::query::ntriples {

struct Errors {
  template <class Rule>
  static constexpr const char* message = terminals::kTerminalMessage<Rule>;
};

template <>
inline constexpr const char* Errors::message<predicate> =
    "expected a predicate IRI";
template <>
inline constexpr const char* Errors::message<object> =
    "expected an object: an IRI, a blank node or a literal";
template <>
inline constexpr const char* Errors::message<datatype_iri> =
    "expected a datatype IRI after '^^'";
template <>
inline constexpr const char* Errors::message<end_of_triple> =
    "expected '.' to end the triple";
template <>
inline constexpr const char* Errors::message<end_of_quad> =
    "expected a graph label or '.' to end the quad";
template <>
inline constexpr const char* Errors::message<triple> =
    "expected a triple: a subject IRI or blank node";
template <>
inline constexpr const char* Errors::message<statement> =
    "expected a quad: a subject IRI or blank node";
template <>
inline constexpr const char* Errors::message<triple_line_end> =
    "expected the end of the line after the statement's '.'";

}  // namespace kg::query::ntriples

#endif  // KG_QUERY_SYNTAX_NTRIPLES_ERRORS_H_
