// Parsing SPARQL 1.1 Query and Update text into kg::query::ast::Request.
#ifndef KG_QUERY_SYNTAX_SPARQL_PARSER_H_
#define KG_QUERY_SYNTAX_SPARQL_PARSER_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "kg/status.h"
#include "query/ast/ast.h"

namespace kg::query {

// What the text must be.
enum class SparqlRequestKind {
  kAny,     // a query if it starts (after BASE/PREFIX) with SELECT,
            // CONSTRUCT, DESCRIBE or ASK; an update request otherwise
  kQuery,   // SPARQL 1.1 Query only
  kUpdate,  // SPARQL 1.1 Update only
};

// The largest accepted SparqlParseOptions::max_nesting; larger values are
// clamped to it. Measured: parsing 4000 levels needs under 1 MB of stack in
// an optimized build and under 8 MB with AddressSanitizer; the default of
// 1000 needs a quarter of that.
inline constexpr std::size_t kMaxSparqlNesting = 4000;

struct SparqlParseOptions {
  // Base IRI for relative IRIs until a BASE declaration. Empty: relative
  // IRIs stay relative.
  std::string base_iri;
  // Prefixes known before the text's own PREFIX declarations (which may
  // override them): prefix without ':' -> IRI.
  std::map<std::string, std::string> prefixes;
  // Deepest nesting of '(', '[' and '{' accepted (outside strings, IRIs and
  // comments). Checked in one linear pass before parsing, so that no input
  // can exhaust the parser's stack.
  std::size_t max_nesting = 1000;
  SparqlRequestKind kind = SparqlRequestKind::kAny;
  // Names the text in error positions.
  std::string source = "query";
};

// Parses `text` (UTF-8). On success every IRI is absolute (if a base was
// known), prefixed names are expanded, and blank nodes are variables (see
// query/ast/ast.h).
//
// Errors: kParseError with the line and column (in code points, 1-based) of
// the offending text, a message such as "expected an object", and the line
// with a caret under the position (placed by display width). This covers
// syntax errors, undefined prefixes, bad escapes, nesting deeper than
// max_nesting, and the static rules of SPARQL 1.1: blank node labels shared
// between basic graph patterns (or between update operations), BIND or
// SELECT ... AS assigning a variable already in scope, projecting
// ungrouped variables in an aggregate query, VALUES rows of the wrong
// length, variables in INSERT/DELETE DATA and blank nodes in DELETE
// templates.
//
// Thread-safe: no shared state.
Result<ast::Request> ParseSparql(std::string_view text,
                                 const SparqlParseOptions& options);

}  // namespace kg::query

#endif  // KG_QUERY_SYNTAX_SPARQL_PARSER_H_
