// PEGTL grammar for N-Triples and N-Quads (RDF 1.1), one struct per
// production as numbered in the N-Triples and N-Quads recommendations.
// Error messages: ntriples_errors.h; actions: ntriples_parser.cc.
//
// Padding: tokens on a line are separated by `ws` (spaces and tabs only,
// since a line break ends a statement). The parser reads one line at a time
// with `statement_line`; `ntriplesDoc` and `nquadsDoc` describe whole files
// (for analyze<>() and as documentation of what the loop accepts).
#ifndef KG_QUERY_SYNTAX_NTRIPLES_GRAMMAR_H_
#define KG_QUERY_SYNTAX_NTRIPLES_GRAMMAR_H_

#include "query/syntax/rdf_terminals.h"

namespace kg::query::ntriples {

using namespace terminals;  // NOLINT

// Spaces and tabs between tokens.
struct ws : star<one<' ', '\t'>> {};

// [7] EOL ::= [#xD#xA]+
struct EOL : plus<one<'\r', '\n'>> {};

// IRIREF where one must follow: after '<' the IRI must be well formed.
struct iri : if_must<at<one<'<'>>, IRIREF> {};

// [3] subject ::= IRIREF | BLANK_NODE_LABEL
struct subject : sor<iri, BLANK_NODE_LABEL> {};

// [4] predicate ::= IRIREF
struct predicate : iri {};

// '^^' IRIREF: the datatype of a literal.
struct datatype_iri : iri {};
struct datatype : if_must<seq<one<'^'>, one<'^'>>, datatype_iri> {};

// [6] literal ::= STRING_LITERAL_QUOTE ('^^' IRIREF | LANGTAG)?
struct literal : seq<STRING_LITERAL_QUOTE, opt<sor<datatype, LANGTAG>>> {};

// [5] object ::= IRIREF | BLANK_NODE_LABEL | literal
struct object : sor<iri, BLANK_NODE_LABEL, literal> {};

// N-Quads [6] graphLabel ::= IRIREF | BLANK_NODE_LABEL
struct graphLabel : sor<iri, BLANK_NODE_LABEL> {};

// The '.' that ends a statement.
struct end_of_triple : one<'.'> {};
struct end_of_quad : one<'.'> {};

// [2] triple ::= subject predicate object '.'
struct triple : seq<subject, ws, must<predicate>, ws, must<object>, ws,
                    must<end_of_triple>> {};

// N-Quads [2] statement ::= subject predicate object graphLabel? '.'
struct statement : seq<subject, ws, must<predicate>, ws, must<object>, ws,
                       opt<graphLabel, ws>, must<end_of_quad>> {};

// What may follow a statement on its line: spaces, a comment, the line end.
struct line_end : seq<ws, opt<comment>, sor<EOL, eof>> {};
struct triple_line_end : line_end {};

// A line with nothing but spaces and perhaps a comment.
struct empty_line : seq<opt<comment>, sor<EOL, eof>> {};

// One line: empty, or one statement. Parsed repeatedly by the driver.
template <class Statement>
struct statement_line
    : seq<ws, sor<empty_line, seq<must<Statement>, must<triple_line_end>>>> {};

// A whole file, for analyze<>() and as the reference for the loop above:
// lines that end in EOL, then a last line that may lack one.
template <class Statement>
struct document : seq<star<ws, opt<Statement, ws>, opt<comment>, EOL>, ws,
                      opt<Statement, ws>, opt<comment>, eof> {};

// [1] ntriplesDoc ::= triple? (EOL triple)* EOL?
struct ntriplesDoc : document<triple> {};

// N-Quads [1] nquadsDoc ::= statement? (EOL statement)* EOL?
struct nquadsDoc : document<statement> {};

}  // namespace kg::query::ntriples

#endif  // KG_QUERY_SYNTAX_NTRIPLES_GRAMMAR_H_
