// Measuring UTF-8 text for terminals: display width (East Asian wide = 2,
// combining marks such as Arabic harakat = 0), code-point columns, and the
// "line + caret" context printed under parse errors.
#ifndef KG_QUERY_TEXT_UNICODE_WIDTH_H_
#define KG_QUERY_TEXT_UNICODE_WIDTH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kg::query {

// Decodes the code point starting at `s[0]`. Returns the number of bytes it
// occupies (1..4) and stores the code point in *code_point; returns 0 for an
// invalid, overlong, surrogate or truncated sequence. REQUIRES: !s.empty().
std::size_t DecodeUtf8(std::string_view s, char32_t* code_point);

// Appends the UTF-8 encoding of `code_point` to `out`.
// REQUIRES: code_point <= 0x10FFFF and not a surrogate.
void AppendUtf8(char32_t code_point, std::string* out);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);

// Number of terminal cells `utf8` occupies: East Asian wide and fullwidth
// characters count 2, combining marks and other zero-width characters 0,
// everything else 1. Each byte of an invalid sequence counts 1, and so does
// a tab (callers that expand tabs do so themselves).
std::size_t DisplayWidth(std::string_view utf8);

// The 1-based column, counted in code points, of the byte at `byte_offset`
// in `line` (an offset past the end counts the missing bytes as columns).
// Each byte of an invalid sequence counts as one column.
std::uint64_t CodePointColumn(std::string_view line, std::size_t byte_offset);

// `line` (without its line terminator), "\n", then a caret line: spaces as
// wide as the text before `byte_offset` and a '^'. Tabs before the caret
// are copied as tabs so that the caret lines up under any tab width.
std::string CaretContext(std::string_view line, std::size_t byte_offset);

}  // namespace kg::query

#endif  // KG_QUERY_TEXT_UNICODE_WIDTH_H_
