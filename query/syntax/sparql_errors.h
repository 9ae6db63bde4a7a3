// Error messages for the SPARQL grammar (sparql_grammar.h): what was expected
// where a rule under `must` failed. The parser's control raises these with
// tao::pegtl::must_if; a rule under `must` without a message is a compile
// error (RequireMessage), except rules that cannot fail (opt, star, padding),
// which get an empty one.
#ifndef KG_QUERY_SYNTAX_SPARQL_ERRORS_H_
#define KG_QUERY_SYNTAX_SPARQL_ERRORS_H_

#include "query/syntax/rdf_terminal_errors.h"
#include "query/syntax/sparql_grammar.h"

namespace kg::query::sparql {

namespace errors_internal {

// True for rules that match the empty input and so never fail. Overloads
// on pointers to the PEGTL rule templates, so that a grammar struct derived
// from one (e.g. `struct sp : star<...>`) is recognized too.
constexpr bool NeverFails(const void*) { return false; }
template <class... R>
constexpr bool NeverFails(const opt<R...>*) {
  return true;
}
template <class... R>
constexpr bool NeverFails(const star<R...>*) {
  return true;
}
constexpr bool NeverFails(const success*) { return true; }
template <class... R>
constexpr bool NeverFails(const seq<R...>*) {
  return (NeverFails(static_cast<const R*>(nullptr)) && ...);
}
template <class... R>
constexpr bool NeverFails(const sor<R...>*) {
  return (NeverFails(static_cast<const R*>(nullptr)) || ...);
}

template <class Rule>
constexpr const char* DefaultMessage() {
  if constexpr (NeverFails(static_cast<const Rule*>(nullptr))) {
    return "";
  } else {
    return terminals::kTerminalMessage<Rule>;
  }
}

}  // namespace errors_internal

struct Errors {
  template <class Rule>
  static constexpr const char* message =
      errors_internal::DefaultMessage<Rule>();
  // Only `must` raises: a rule with a message may still fail quietly where
  // it is optional.
  template <class Rule>
  static constexpr bool raise_on_failure = false;
};

#define KG_SPARQL_ERROR(rule, text) \
  template <>                       \
  inline constexpr const char* Errors::message<rule> = text

// Prologue and query forms
KG_SPARQL_ERROR(query_form,
                "expected SELECT, CONSTRUCT, DESCRIBE or ASK (or BASE, "
                "PREFIX)");
KG_SPARQL_ERROR(base_iri, "expected an IRI in '<' '>' after BASE");
KG_SPARQL_ERROR(prefix_name,
                "expected a prefix name ending in ':' after PREFIX");
KG_SPARQL_ERROR(prefix_iri, "expected an IRI in '<' '>' after the prefix");
KG_SPARQL_ERROR(select_where, "expected WHERE or '{' to start the pattern");
KG_SPARQL_ERROR(select_items,
                "expected '*', a variable or '(' expression AS variable ')' "
                "after SELECT");
KG_SPARQL_ERROR(select_expression, "expected an expression after '('");
KG_SPARQL_ERROR(select_as, "expected AS and a variable after the expression");
KG_SPARQL_ERROR(select_alias, "expected a variable after AS");
KG_SPARQL_ERROR(select_close, "expected ')' after the variable");
KG_SPARQL_ERROR(construct_body, "expected '{' or WHERE after CONSTRUCT");
KG_SPARQL_ERROR(construct_where, "expected WHERE or '{' to start the pattern");
KG_SPARQL_ERROR(construct_short_open, "expected '{' after WHERE");
KG_SPARQL_ERROR(construct_short_close,
                "expected '}' to close the pattern (CONSTRUCT WHERE allows "
                "only triple patterns)");
KG_SPARQL_ERROR(describe_targets,
                "expected '*', a variable or an IRI after DESCRIBE");
KG_SPARQL_ERROR(ask_where, "expected WHERE or '{' to start the pattern");
KG_SPARQL_ERROR(dataset_graph, "expected an IRI or NAMED after FROM");
KG_SPARQL_ERROR(named_source, "expected an IRI after NAMED");
KG_SPARQL_ERROR(where_pattern, "expected '{' after WHERE");

// Solution modifiers and VALUES
KG_SPARQL_ERROR(group_by_keyword, "expected BY after GROUP");
KG_SPARQL_ERROR(group_conditions,
                "expected a variable, '(' expression ')' or a function call "
                "after GROUP BY");
KG_SPARQL_ERROR(group_expression, "expected an expression after '('");
KG_SPARQL_ERROR(group_alias, "expected a variable after AS");
KG_SPARQL_ERROR(group_condition_close,
                "expected ')' to close the grouping expression");
KG_SPARQL_ERROR(having_conditions,
                "expected '(' expression ')' or a function call after HAVING");
KG_SPARQL_ERROR(order_by_keyword, "expected BY after ORDER");
KG_SPARQL_ERROR(order_conditions,
                "expected a variable, ASC(...), DESC(...), '(' expression ')' "
                "or a function call after ORDER BY");
KG_SPARQL_ERROR(order_expression, "expected '(' after ASC or DESC");
KG_SPARQL_ERROR(limit_value, "expected a non-negative integer after LIMIT");
KG_SPARQL_ERROR(offset_value, "expected a non-negative integer after OFFSET");
KG_SPARQL_ERROR(values_clause_block, "expected a variable or '(' after VALUES");
KG_SPARQL_ERROR(DataBlock, "expected a variable or '(' after VALUES");
KG_SPARQL_ERROR(data_block_open, "expected '{' to open the VALUES data");
KG_SPARQL_ERROR(data_block_close,
                "expected a value (an IRI, a literal or UNDEF) or '}'");
KG_SPARQL_ERROR(data_block_vars_close, "expected a variable or ')'");
KG_SPARQL_ERROR(data_block_row_close,
                "expected a value (an IRI, a literal or UNDEF) or ')'");
KG_SPARQL_ERROR(data_rows_close,
                "expected '(' to start a row of values, or '}'");

// Updates
KG_SPARQL_ERROR(load_iri, "expected the IRI of the document to load");
KG_SPARQL_ERROR(load_into, "expected GRAPH and an IRI after INTO");
KG_SPARQL_ERROR(GraphRefAll, "expected GRAPH <iri>, DEFAULT, NAMED or ALL");
KG_SPARQL_ERROR(GraphRef, "expected GRAPH and an IRI");
KG_SPARQL_ERROR(graph_iri, "expected an IRI after GRAPH");
KG_SPARQL_ERROR(transfer_source, "expected DEFAULT or a graph IRI");
KG_SPARQL_ERROR(transfer_to, "expected TO after the source graph");
KG_SPARQL_ERROR(transfer_destination,
                "expected DEFAULT or a graph IRI after TO");
KG_SPARQL_ERROR(QuadData, "expected '{' to open the data");
KG_SPARQL_ERROR(QuadPattern, "expected '{' after DELETE WHERE");
KG_SPARQL_ERROR(delete_template, "expected '{', DATA or WHERE after DELETE");
KG_SPARQL_ERROR(insert_template, "expected '{' or DATA after INSERT");
KG_SPARQL_ERROR(with_iri, "expected an IRI after WITH");
KG_SPARQL_ERROR(modify_templates, "expected DELETE or INSERT after WITH <iri>");
KG_SPARQL_ERROR(modify_rest, "expected USING or WHERE after the templates");
KG_SPARQL_ERROR(modify_where, "expected USING or WHERE after the templates");
KG_SPARQL_ERROR(modify_pattern, "expected '{' after WHERE");
KG_SPARQL_ERROR(using_iri, "expected an IRI after USING or USING NAMED");
KG_SPARQL_ERROR(quads_close,
                "expected '}' to close the quads (triples or GRAPH blocks)");
KG_SPARQL_ERROR(quads_graph_name, "expected a variable or an IRI after GRAPH");
KG_SPARQL_ERROR(quads_graph_open, "expected '{' after the graph name");
KG_SPARQL_ERROR(quads_graph_close, "expected '}' to close the GRAPH block");

// Graph patterns
KG_SPARQL_ERROR(group_close, "expected '}' to close the group pattern");
KG_SPARQL_ERROR(GroupGraphPattern, "expected '{' to open a group pattern");
KG_SPARQL_ERROR(graph_name, "expected a variable or an IRI after GRAPH");
KG_SPARQL_ERROR(service_name, "expected a variable or an IRI after SERVICE");
KG_SPARQL_ERROR(bind_open, "expected '(' after BIND");
KG_SPARQL_ERROR(bind_as, "expected AS and a variable after the expression");
KG_SPARQL_ERROR(bind_var, "expected a variable after AS");
KG_SPARQL_ERROR(bind_close, "expected ')' to close BIND");
KG_SPARQL_ERROR(filter_constraint,
                "expected '(' expression ')', a built-in call or a function "
                "call after FILTER");
KG_SPARQL_ERROR(template_close, "expected '}' to close the template");

// Triples and paths
KG_SPARQL_ERROR(subject_predicates, "expected a predicate after the subject");
KG_SPARQL_ERROR(subject_path_predicates,
                "expected a predicate or a property path after the subject");
KG_SPARQL_ERROR(objects, "expected an object");
KG_SPARQL_ERROR(path_objects, "expected an object");
KG_SPARQL_ERROR(next_object, "expected an object after ','");
KG_SPARQL_ERROR(next_object_path, "expected an object after ','");
KG_SPARQL_ERROR(path_alternative_operand, "expected a property path after '|'");
KG_SPARQL_ERROR(path_sequence_operand, "expected a property path after '/'");
KG_SPARQL_ERROR(inverse_path_element,
                "expected an IRI, 'a', '!' or '(' after '^'");
KG_SPARQL_ERROR(negated_set, "expected an IRI, 'a', '^' or '(' after '!'");
KG_SPARQL_ERROR(negated_set_member, "expected an IRI, 'a' or '^' after '|'");
KG_SPARQL_ERROR(negated_set_close,
                "expected '|' or ')' in the negated property set");
KG_SPARQL_ERROR(negated_iri, "expected an IRI or 'a' after '^'");
KG_SPARQL_ERROR(nested_path, "expected a property path after '('");
KG_SPARQL_ERROR(nested_path_close, "expected ')' to close the property path");
KG_SPARQL_ERROR(bracketed_predicates, "expected a predicate after '['");
KG_SPARQL_ERROR(bracketed_path_predicates,
                "expected a predicate or a property path after '['");
KG_SPARQL_ERROR(property_list_close,
                "expected ']' to close the blank node property list");
KG_SPARQL_ERROR(collection_items,
                "expected a collection member: a term, a variable, '[' or '('");
KG_SPARQL_ERROR(collection_path_items,
                "expected a collection member: a term, a variable, '[' or '('");
KG_SPARQL_ERROR(collection_close,
                "expected a term or ')' to close the collection");

// Expressions and calls
KG_SPARQL_ERROR(Expression, "expected an expression");
KG_SPARQL_ERROR(argument, "expected an expression");
KG_SPARQL_ERROR(arguments_close, "expected ',' or ')' in the argument list");
KG_SPARQL_ERROR(expression_list_close,
                "expected ',' or ')' in the expression list");
KG_SPARQL_ERROR(or_operand, "expected an expression after '||'");
KG_SPARQL_ERROR(and_operand, "expected an expression after '&&'");
KG_SPARQL_ERROR(comparison_operand,
                "expected an expression after the comparison operator");
KG_SPARQL_ERROR(in_list, "expected '(' and a list of expressions after IN");
KG_SPARQL_ERROR(additive_operand, "expected an expression after '+' or '-'");
KG_SPARQL_ERROR(multiplicative_operand,
                "expected an expression after '*' or '/'");
KG_SPARQL_ERROR(unary_operand,
                "expected an operand after the unary operator: a variable, a "
                "literal, a call or '(' expression ')'");
KG_SPARQL_ERROR(bracket_close, "expected ')' to close the expression");
KG_SPARQL_ERROR(call_open, "expected '(' after the function name");
KG_SPARQL_ERROR(call_comma, "expected ',' and the next argument");
KG_SPARQL_ERROR(call_close, "expected ')' to close the argument list");
KG_SPARQL_ERROR(call_nil, "expected '()' after the function name");
KG_SPARQL_ERROR(ExpressionList, "expected '(' after the function name");
KG_SPARQL_ERROR(bound_variable, "expected a variable in BOUND( )");
KG_SPARQL_ERROR(bnode_arguments, "expected '(' after BNODE");
KG_SPARQL_ERROR(count_argument, "expected '*' or an expression");
KG_SPARQL_ERROR(separator_keyword, "expected SEPARATOR after ';'");
KG_SPARQL_ERROR(separator_equals, "expected '=' after SEPARATOR");
KG_SPARQL_ERROR(separator_string, "expected a string after SEPARATOR =");
KG_SPARQL_ERROR(datatype_iri, "expected a datatype IRI after '^^'");

// Ends of the text
KG_SPARQL_ERROR(end_of_query, "unexpected text after the end of the query");
KG_SPARQL_ERROR(end_of_update,
                "expected an update operation, or ';' between operations");

#undef KG_SPARQL_ERROR

}  // namespace kg::query::sparql

#endif  // KG_QUERY_SYNTAX_SPARQL_ERRORS_H_
