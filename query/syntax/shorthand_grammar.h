// PEGTL grammar for the shell's shorthand: one line that is a chain of
// triple patterns (`France drafted ?r . ?r vetoed-by ?c`), `describe NAME`
// or `path A B [max N]`. Written down as EBNF in docs/shell.md; the rules
// below follow it in order. Pure rules only: messages are in
// shorthand_errors.h, actions in shorthand_actions.h, the one parse
// instantiation in shorthand_parser.cc.
//
// Padding convention: `sp` (spaces, tabs and a '#' comment) goes between
// the elements of a sequence; no rule starts or ends with it except
// `statement`, which pads the whole line.
//
// Names: a bare name is a run of letters (any script), digits, '_', '-' and
// inner dots, so Arabic names need no quoting; `«…»` or backquotes hold a
// name with spaces. The keywords `describe`, `path` and `max` are reserved
// only where they are read (the first word of the line, after path's two
// names).
#ifndef KG_QUERY_SYNTAX_SHORTHAND_GRAMMAR_H_
#define KG_QUERY_SYNTAX_SHORTHAND_GRAMMAR_H_

#include "query/syntax/rdf_terminals.h"

namespace kg::query::shorthand {

using namespace terminals;  // NOLINT: grammar headers read better unqualified

// ---------------------------------------------------------------------------
// Padding and keywords

struct blank_char : one<' ', '\t', '\r', '\n'> {};
struct sp : star<sor<blank_char, comment>> {};

// A character that continues a bare name.
struct name_char : sor<PN_CHARS, one<'_'>> {};

template <char... Cs>
struct keyword : seq<istring<Cs...>, not_at<name_char>, not_at<one<':'>>> {};
struct kw_describe : keyword<'d', 'e', 's', 'c', 'r', 'i', 'b', 'e'> {};
struct kw_path : keyword<'p', 'a', 't', 'h'> {};
struct kw_max : keyword<'m', 'a', 'x'> {};
// `a` for rdf:type, as in SPARQL.
struct kw_a : seq<one<'a'>, not_at<name_char>, not_at<one<':'>>> {};

// ---------------------------------------------------------------------------
// Terms

// ?name or $name (SPARQL [166] VARNAME).
struct var_name_start : sor<PN_CHARS_U, digit> {};
struct var_name_char
    : sor<PN_CHARS_U, digit,
          utf8::ranges<0x00B7, 0x00B7, 0x0300, 0x036F, 0x203F, 0x2040>> {};
struct variable : seq<one<'?', '$'>, var_name_start, star<var_name_char>> {};

// <iri> and prefix:local, as in SPARQL.
struct iri : IRIREF {};
struct prefixed_name : sor<PNAME_LN, PNAME_NS> {};

// "text", 'text', optionally with @lang or ^^datatype.
struct datatype : sor<iri, prefixed_name> {};
struct datatype_mark : seq<one<'^'>, one<'^'>> {};
struct literal : seq<sor<STRING_LITERAL_QUOTE, STRING_LITERAL_SINGLE_QUOTE>,
                     opt<sor<LANGTAG, if_must<datatype_mark, datatype>>>> {};

// 11, -3, 2.5, 1e6: a number, not the start of a name like `24news`.
struct number : seq<sor<DOUBLE, DECIMAL, INTEGER>, not_at<name_char>> {};

// A bare name: Hafter, drafted-by, حفتر, P5. Dots only between characters,
// so that a final '.' ends the pattern.
struct bare_name : seq<sor<PN_CHARS_U, digit>,
                       star<sor<name_char, seq<plus<one<'.'>>, name_char>>>> {};

// «name with spaces» or `name with spaces`.
struct guillemet_open : utf8::one<0x00AB> {};
struct guillemet_close : utf8::one<0x00BB> {};
struct guillemet_body : star<not_at<guillemet_close>, not_one<'\n', '\r'>> {};
struct backquote_body : star<not_one<'`', '\n', '\r'>> {};
struct quoted_name
    : sor<if_must<guillemet_open, guillemet_body, guillemet_close>,
          if_must<one<'`'>, backquote_body, one<'`'>>> {};

// Anything that names one node: `name` below.
struct name : sor<iri, prefixed_name, quoted_name, bare_name> {};

// A subject or object.
struct node : sor<variable, literal, number, name> {};

// ---------------------------------------------------------------------------
// Property paths (SPARQL [88]-[96], with bare names as links)

struct path;
struct path_group_close : one<')'> {};
struct path_group : if_must<one<'('>, sp, path, sp, path_group_close> {};
// `a`, or a name: a predicate's IRI, its label, or an inverse name.
struct path_link : sor<kw_a, name> {};
struct path_primary : sor<path_group, path_link> {};
// `?` must not start a variable: `backed-by? ?x`, not `backed-by?x`.
struct path_mod
    : sor<one<'*'>, one<'+'>, seq<one<'?'>, not_at<var_name_start>>> {};
struct path_elt : seq<path_primary, opt<path_mod>> {};
struct path_inverse : if_must<one<'^'>, sp, path_elt> {};
struct path_elt_or_inverse : sor<path_inverse, path_elt> {};
struct path_sequence_next : seq<sp, one<'/'>, sp, must<path_elt_or_inverse>> {};
struct path_sequence : seq<path_elt_or_inverse, star<path_sequence_next>> {};
struct path_alternative_next : seq<sp, one<'|'>, sp, must<path_sequence>> {};
struct path : seq<path_sequence, star<path_alternative_next>> {};

// ---------------------------------------------------------------------------
// Statements

// S P O, where P is a path or a variable.
struct subject : node {};
struct predicate : sor<variable, path> {};
struct object : node {};
struct pattern : seq<subject, sp, must<predicate>, sp, must<object>> {};
struct pattern_next : seq<sp, one<'.'>, sp, opt<pattern>> {};
struct patterns : seq<pattern, star<pattern_next>> {};

// describe NAME: one name, or the rest of the line as a name with spaces.
struct describe_words : plus<not_one<'#', '\n', '\r'>> {};
struct describe_one : seq<name, sp, eof> {};
struct describe_target : sor<describe_one, describe_words> {};
struct describe : if_must<kw_describe, sp, describe_target> {};

// path A B [max N]
struct path_from : name {};
struct path_to : name {};
struct max_steps : plus<digit> {};
struct path_limit : if_must<kw_max, sp, max_steps> {};
struct path_search
    : if_must<kw_path, sp, path_from, sp, path_to, sp, opt<path_limit>> {};

struct statement_body : sor<describe, path_search, patterns> {};
struct end_of_statement : eof {};
struct statement : seq<sp, must<statement_body>, sp, must<end_of_statement>> {};

}  // namespace kg::query::shorthand

#endif  // KG_QUERY_SYNTAX_SHORTHAND_GRAMMAR_H_
