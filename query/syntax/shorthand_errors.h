// Error messages for the shorthand grammar (shorthand_grammar.h): what was
// expected where a rule under `must` failed. A rule under `must` without a
// message is a compile error (the control below requires one).
#ifndef KG_QUERY_SYNTAX_SHORTHAND_ERRORS_H_
#define KG_QUERY_SYNTAX_SHORTHAND_ERRORS_H_

#include "query/syntax/rdf_terminal_errors.h"
#include "query/syntax/shorthand_grammar.h"

namespace kg::query::shorthand {

struct Errors {
  template <class Rule>
  static constexpr const char* message = terminals::kTerminalMessage<Rule>;
  template <class Rule>
  static constexpr bool raise_on_failure = false;
};

#define KG_SHORTHAND_ERROR(rule, text) \
  template <>                          \
  inline constexpr const char* Errors::message<rule> = text

KG_SHORTHAND_ERROR(sp, "");
KG_SHORTHAND_ERROR(statement_body,
                   "expected a pattern (subject predicate object), "
                   "describe NAME or path A B");
KG_SHORTHAND_ERROR(end_of_statement,
                   "expected ' . ' and another pattern, or the end of the "
                   "line");
KG_SHORTHAND_ERROR(predicate,
                   "expected a predicate: a name, prefix:name, <iri>, a "
                   "path such as backed-by+ or ^vetoed, or a ?variable");
KG_SHORTHAND_ERROR(object,
                   "expected an object: a name, ?variable, \"literal\" or "
                   "number");
KG_SHORTHAND_ERROR(path, "expected a path after '('");
KG_SHORTHAND_ERROR(path_group_close, "expected ')' to close the path group");
KG_SHORTHAND_ERROR(path_elt, "expected a predicate name after '^'");
KG_SHORTHAND_ERROR(path_elt_or_inverse, "expected a predicate name after '/'");
KG_SHORTHAND_ERROR(path_sequence, "expected a predicate name after '|'");
KG_SHORTHAND_ERROR(describe_target, "expected a name after describe");
KG_SHORTHAND_ERROR(path_from, "expected two names after path: path A B");
KG_SHORTHAND_ERROR(path_to, "expected a second name: path A B");
KG_SHORTHAND_ERROR(max_steps, "expected a number of steps after max");
KG_SHORTHAND_ERROR(datatype, "expected a datatype IRI after '^^'");
KG_SHORTHAND_ERROR(guillemet_body, "");
KG_SHORTHAND_ERROR(guillemet_close, "expected '»' to end the name");
KG_SHORTHAND_ERROR(backquote_body, "");
KG_SHORTHAND_ERROR(one<'`'>, "expected '`' to end the name");
KG_SHORTHAND_ERROR(opt<path_limit>, "");

#undef KG_SHORTHAND_ERROR

}  // namespace kg::query::shorthand

#endif  // KG_QUERY_SYNTAX_SHORTHAND_ERRORS_H_
