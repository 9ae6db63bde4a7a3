// Error messages for the Turtle / TriG grammar (turtle_grammar.h).
#ifndef KG_QUERY_SYNTAX_TURTLE_ERRORS_H_
#define KG_QUERY_SYNTAX_TURTLE_ERRORS_H_

#include "query/syntax/rdf_terminal_errors.h"
#include "query/syntax/turtle_grammar.h"

namespace kg::query::turtle {

struct Errors {
  template <class Rule>
  static constexpr const char* message = terminals::kTerminalMessage<Rule>;
};

#define KG_TURTLE_ERROR(rule, text) \
  template <>                       \
  inline constexpr const char* Errors::message<rule> = text

KG_TURTLE_ERROR(prefix_decl_name, "expected a prefix name ending in ':'");
KG_TURTLE_ERROR(directive_iri, "expected an IRI in '<' '>'");
KG_TURTLE_ERROR(directive_end, "expected '.' to end the directive");
KG_TURTLE_ERROR(datatype_iri, "expected a datatype IRI after '^^'");
KG_TURTLE_ERROR(bnpl_predicates, "expected a predicate after '['");
KG_TURTLE_ERROR(bnpl_close,
                "expected ']' to close the blank node property list");
KG_TURTLE_ERROR(collection_close,
                "expected an object or ')' to close the collection");
KG_TURTLE_ERROR(object, "expected an object after ','");
KG_TURTLE_ERROR(objectList,
                "expected an object: an IRI, a blank node, a collection or a "
                "literal");
KG_TURTLE_ERROR(subject_predicates,
                "expected a predicate (an IRI or 'a') after the subject");
KG_TURTLE_ERROR(triples_end, "expected '.' to end the triple");
KG_TURTLE_ERROR(end_of_document, "expected a directive or a triple");
KG_TURTLE_ERROR(turtle_statement, "expected a directive or a triple");
KG_TURTLE_ERROR(trig_statement,
                "expected a directive, a triple or a graph block");
KG_TURTLE_ERROR(graph_or_predicates,
                "expected '{' to open a graph or a predicate");
KG_TURTLE_ERROR(graph_head_or_predicates,
                "expected '{' to open a graph or a predicate");
KG_TURTLE_ERROR(graph_name,
                "expected a graph name (an IRI or a blank node) after GRAPH");
KG_TURTLE_ERROR(graph_block_body, "expected '{' after the graph name");
KG_TURTLE_ERROR(graph_head_open, "expected '{' after the graph name");
KG_TURTLE_ERROR(graph_close, "expected '}' to close the graph");
KG_TURTLE_ERROR(graph_triples, "expected a triple or '}' to close the graph");
KG_TURTLE_ERROR(graph_triples_end, "expected '.' or '}' after the triple");

#undef KG_TURTLE_ERROR

}  // namespace kg::query::turtle

#endif  // KG_QUERY_SYNTAX_TURTLE_ERRORS_H_
