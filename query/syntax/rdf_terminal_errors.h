// Error messages for the shared RDF terminals (rdf_terminals.h), used by
// every grammar's error table as its fallback. A message says what was
// expected at the position where matching stopped.
#ifndef KG_QUERY_SYNTAX_RDF_TERMINAL_ERRORS_H_
#define KG_QUERY_SYNTAX_RDF_TERMINAL_ERRORS_H_

#include "query/syntax/rdf_terminals.h"

namespace kg::query::terminals {

template <class Rule>
inline constexpr const char* kTerminalMessage = nullptr;

template <>
inline constexpr const char* kTerminalMessage<IRIREF> =
    "invalid IRI: expected '>' to end it (spaces, '<', '\"', '{', '}', '|', "
    "'^', '`' and '\\' are not allowed in IRIs)";
template <>
inline constexpr const char* kTerminalMessage<invalid_iri_escape> =
    "invalid escape in IRI: expected \\uXXXX or \\UXXXXXXXX";
template <>
inline constexpr const char* kTerminalMessage<invalid_string_escape> =
    "invalid escape in string: expected \\t \\b \\n \\r \\f \\\" \\' \\\\ "
    "\\uXXXX or \\UXXXXXXXX";
template <>
inline constexpr const char* kTerminalMessage<string_end_quote> =
    "unterminated string literal: expected '\"' before the end of the line";
template <>
inline constexpr const char* kTerminalMessage<string_end_single_quote> =
    "unterminated string literal: expected \"'\" before the end of the line";
template <>
inline constexpr const char* kTerminalMessage<long_string_end_quote> =
    "unterminated long string literal: expected '\"\"\"'";
template <>
inline constexpr const char* kTerminalMessage<long_string_end_single_quote> =
    "unterminated long string literal: expected \"'''\"";
template <>
inline constexpr const char* kTerminalMessage<blank_node_label_start> =
    "invalid blank node label: expected a letter, digit or '_' after '_:'";
template <>
inline constexpr const char* kTerminalMessage<PN_LOCAL> =
    "invalid local name after the prefix";
template <>
inline constexpr const char* kTerminalMessage<langtag_body> =
    "invalid language tag: expected letters after '@'";

}  // namespace kg::query::terminals

#endif  // KG_QUERY_SYNTAX_RDF_TERMINAL_ERRORS_H_
