// Decoding the escapes of the RDF and SPARQL syntaxes (ECHAR, UCHAR,
// PN_LOCAL_ESC) once the grammar has checked their form.
#ifndef KG_QUERY_SYNTAX_ESCAPES_H_
#define KG_QUERY_SYNTAX_ESCAPES_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kg::query {

// Where and why an escape could not be decoded.
struct EscapeError {
  std::size_t offset = 0;  // byte offset of the escape in the input
  const char* message = nullptr;
};

// Replaces `*out` with the body of a string literal (without quotes) with
// ECHAR and UCHAR decoded. Fails on a UCHAR naming a surrogate or a code
// point above U+10FFFF. REQUIRES: every backslash starts a well-formed
// ECHAR or UCHAR.
bool UnescapeString(std::string_view body, std::string* out,
                    EscapeError* error);

// Replaces `*out` with the body of an IRIREF (without <>) with UCHAR
// decoded. Fails on a bad code point and on escapes of characters IRIREF
// forbids (controls, space, <>"{}|^`\). REQUIRES: every backslash starts a
// well-formed UCHAR.
bool UnescapeIri(std::string_view body, std::string* out, EscapeError* error);

// Appends a PN_LOCAL with the backslashes of PN_LOCAL_ESC removed.
void AppendUnescapedLocalName(std::string_view local, std::string* out);

}  // namespace kg::query

#endif  // KG_QUERY_SYNTAX_ESCAPES_H_
