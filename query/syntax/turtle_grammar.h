// PEGTL grammar for Turtle and TriG (RDF 1.1), one struct per production
// named and numbered as in the recommendations ([n] Turtle, [ng] TriG), in
// spec order. Terminals come from rdf_terminals.h. Error messages:
// turtle_errors.h; actions: turtle_parser.cc.
//
// Padding convention: `sp` (whitespace and comments) goes between the
// elements of a sequence; no production starts or ends with it.
//
// The parser reads one unit at a time (turtle_unit, trig_unit,
// trig_graph_unit) so that a streamed input never holds more than one
// statement, even inside a large TriG graph block. The units are the
// productions of turtleDoc / trigDoc cut at statement boundaries; the
// document rules are kept for analyze<>() and as the reference.
#ifndef KG_QUERY_SYNTAX_TURTLE_GRAMMAR_H_
#define KG_QUERY_SYNTAX_TURTLE_GRAMMAR_H_

#include "query/syntax/rdf_terminals.h"

namespace kg::query::turtle {

using namespace terminals;  // NOLINT

// Whitespace and comments.
struct sp : star<sor<WS, comment>> {};

// What may not follow a keyword: it would make the keyword part of a name
// ('true.' ends a statement; 'true.x:' starts a prefixed name).
struct name_char : sor<PN_CHARS, one<':'>, seq<plus<one<'.'>>, PN_CHARS>> {};

struct kw_at_prefix : string<'@', 'p', 'r', 'e', 'f', 'i', 'x'> {};
struct kw_at_base : string<'@', 'b', 'a', 's', 'e'> {};
struct kw_PREFIX
    : seq<istring<'P', 'R', 'E', 'F', 'I', 'X'>, not_at<name_char>> {};
struct kw_BASE : seq<istring<'B', 'A', 'S', 'E'>, not_at<name_char>> {};
struct kw_GRAPH : seq<istring<'G', 'R', 'A', 'P', 'H'>, not_at<name_char>> {};

// An IRIREF where '<' commits to one.
struct iri_ref : if_must<at<one<'<'>>, IRIREF> {};

// Parts of directives, each with its own error message.
struct prefix_decl_name : PNAME_NS {};
struct directive_iri : iri_ref {};
struct directive_end : one<'.'> {};

// [4] prefixID ::= '@prefix' PNAME_NS IRIREF '.'
struct prefixID : if_must<kw_at_prefix, sp, prefix_decl_name, sp, directive_iri,
                          sp, directive_end> {};

// [5] base ::= '@base' IRIREF '.'
struct base : if_must<kw_at_base, sp, directive_iri, sp, directive_end> {};

// [5s] sparqlBase ::= "BASE" IRIREF
struct sparqlBase : if_must<kw_BASE, sp, directive_iri> {};

// [6s] sparqlPrefix ::= "PREFIX" PNAME_NS IRIREF
struct sparqlPrefix
    : if_must<kw_PREFIX, sp, prefix_decl_name, sp, directive_iri> {};

// [3] directive ::= prefixID | base | sparqlPrefix | sparqlBase
struct directive : sor<prefixID, base, sparqlPrefix, sparqlBase> {};

// [136s] PrefixedName ::= PNAME_LN | PNAME_NS
struct PrefixedName : sor<PNAME_LN, PNAME_NS> {};

// [135s] iri ::= IRIREF | PrefixedName
struct iri : sor<iri_ref, PrefixedName> {};

// [137s] BlankNode ::= BLANK_NODE_LABEL | ANON
struct BlankNode : sor<BLANK_NODE_LABEL, ANON> {};

// [17] String ::= STRING_LITERAL_QUOTE | STRING_LITERAL_SINGLE_QUOTE
//      | STRING_LITERAL_LONG_SINGLE_QUOTE | STRING_LITERAL_LONG_QUOTE
// (long forms first: PEG takes the first match)
struct String : sor<STRING_LITERAL_LONG_QUOTE, STRING_LITERAL_LONG_SINGLE_QUOTE,
                    STRING_LITERAL_QUOTE, STRING_LITERAL_SINGLE_QUOTE> {};

// '^^' iri
struct datatype_iri : iri {};
struct datatype : if_must<seq<one<'^'>, one<'^'>>, datatype_iri> {};

// [128s] RDFLiteral ::= String (LANGTAG | '^^' iri)?
struct RDFLiteral : seq<String, opt<sor<LANGTAG, datatype>>> {};

// [16] NumericLiteral ::= INTEGER | DECIMAL | DOUBLE  (longest first)
struct NumericLiteral : sor<DOUBLE, DECIMAL, INTEGER> {};

// [133s] BooleanLiteral ::= 'true' | 'false'
struct BooleanLiteral
    : seq<sor<string<'t', 'r', 'u', 'e'>, string<'f', 'a', 'l', 's', 'e'>>,
          not_at<name_char>> {};

// [13] literal ::= RDFLiteral | NumericLiteral | BooleanLiteral
struct literal : sor<RDFLiteral, NumericLiteral, BooleanLiteral> {};

struct predicateObjectList;
struct object;

// [14] blankNodePropertyList ::= '[' predicateObjectList ']'
struct bnpl_open : one<'['> {};
struct bnpl_close : one<']'> {};
struct bnpl_predicates;
struct blankNodePropertyList
    : if_must<bnpl_open, sp, bnpl_predicates, sp, bnpl_close> {};

// [15] collection ::= '(' object* ')'
struct collection_open : one<'('> {};
struct collection_close : one<')'> {};
struct collection
    : if_must<collection_open, sp, star<object, sp>, collection_close> {};

// [12] object ::= iri | BlankNode | collection | blankNodePropertyList
//      | literal
struct object
    : sor<iri, BlankNode, collection, blankNodePropertyList, literal> {};

// [8] objectList ::= object (',' object)*
struct objectList : seq<object, star<sp, one<','>, sp, must<object>>> {};

// [11] predicate ::= iri
struct predicate : iri {};

// [9] verb ::= predicate | 'a'
struct a_keyword : seq<one<'a'>, not_at<name_char>> {};
struct verb : sor<predicate, a_keyword> {};

// [7] predicateObjectList ::= verb objectList (';' (verb objectList)?)*
struct predicateObjectList
    : seq<verb, sp, must<objectList>,
          star<sp, one<';'>, opt<sp, verb, sp, must<objectList>>>> {};
struct bnpl_predicates : predicateObjectList {};

// [10] subject ::= iri | BlankNode | collection
struct subject : sor<iri, BlankNode, collection> {};

// A blank node property list or collection in subject position.
struct bnpl_subject : blankNodePropertyList {};
struct collection_subject : collection {};

// The predicates after a subject.
struct subject_predicates : predicateObjectList {};

// [6] triples ::= subject predicateObjectList
//      | blankNodePropertyList predicateObjectList?
struct triples : sor<seq<subject, sp, must<subject_predicates>>,
                     seq<bnpl_subject, opt<sp, predicateObjectList>>> {};

// The '.' that ends a statement.
struct triples_end : one<'.'> {};

// [2] statement ::= directive | triples '.'
struct statement : sor<directive, seq<triples, sp, must<triples_end>>> {};

// [1] turtleDoc ::= statement*
struct end_of_document : eof {};
struct turtleDoc : seq<sp, star<statement, sp>, must<end_of_document>> {};

// --- TriG ------------------------------------------------------------------

// [7g] labelOrSubject ::= iri | BlankNode
struct labelOrSubject : sor<iri, BlankNode> {};
struct graph_name : labelOrSubject {};

// [5g] wrappedGraph ::= '{' triplesBlock? '}'
struct graph_open : one<'{'> {};
struct graph_close : one<'}'> {};

// [6g] triplesBlock ::= triples ('.' triplesBlock?)?
// (the right recursion written as a loop)
struct triplesBlock
    : seq<triples, star<sp, one<'.'>, sp, triples>, opt<sp, one<'.'>>> {};
struct wrappedGraph
    : seq<graph_open, sp, opt<triplesBlock, sp>, must<graph_close>> {};

// [3g] triplesOrGraph ::= labelOrSubject (wrappedGraph | predicateObjectList
//      '.')
struct graph_or_predicates
    : sor<wrappedGraph, seq<predicateObjectList, sp, must<triples_end>>> {};
struct triplesOrGraph : seq<labelOrSubject, sp, must<graph_or_predicates>> {};

// [4g] triples2 ::= blankNodePropertyList predicateObjectList? '.'
//      | collection predicateObjectList '.'
struct triples2 : sor<seq<bnpl_subject, sp, opt<predicateObjectList, sp>,
                          must<triples_end>>,
                      seq<collection_subject, sp, must<subject_predicates>, sp,
                          must<triples_end>>> {};

// [2g] block ::= triplesOrGraph | wrappedGraph | triples2
//      | "GRAPH" labelOrSubject wrappedGraph
struct graph_block_body : wrappedGraph {};
struct block : sor<triplesOrGraph, wrappedGraph, triples2,
                   if_must<kw_GRAPH, sp, graph_name, sp, graph_block_body>> {};

// [1g] trigDoc ::= (directive | block)*
struct trigDoc
    : seq<sp, star<sor<directive, block>, sp>, must<end_of_document>> {};

// --- Units read by the parser ---------------------------------------------

// One Turtle statement.
struct turtle_statement : statement {};
struct turtle_unit : seq<sp, sor<eof, must<turtle_statement>>> {};

// One TriG top-level statement, or the head of a graph block up to its '{'.
struct graph_head_open : graph_open {};
struct graph_head_or_predicates
    : sor<graph_head_open, seq<predicateObjectList, sp, must<triples_end>>> {};
struct trig_statement
    : sor<directive, seq<labelOrSubject, sp, must<graph_head_or_predicates>>,
          graph_open, triples2,
          if_must<kw_GRAPH, sp, graph_name, sp, graph_head_open>> {};
struct trig_unit : seq<sp, sor<eof, must<trig_statement>>> {};

// Inside a graph block: the closing '}', or triples ended by '.' or '}'.
struct graph_triples_end : sor<one<'.'>, at<graph_close>> {};
struct graph_triples : triples {};
struct trig_graph_unit
    : seq<sp, sor<graph_close,
                  seq<must<graph_triples>, sp, must<graph_triples_end>>>> {};

}  // namespace kg::query::turtle

#endif  // KG_QUERY_SYNTAX_TURTLE_GRAMMAR_H_
