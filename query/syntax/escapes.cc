// Escape decoding for string literals, IRIs and local names.
#include "query/syntax/escapes.h"

#include "query/text/unicode_width.h"

namespace kg::query {
namespace {

unsigned HexValue(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

// Decodes the UCHAR at body[i] ('\' 'u'|'U' hex...) into *cp and returns its
// length.
std::size_t DecodeUchar(std::string_view body, std::size_t i, char32_t* cp) {
  const std::size_t digits = body[i + 1] == 'u' ? 4 : 8;
  char32_t value = 0;
  for (std::size_t k = 0; k < digits; ++k) {
    value = (value << 4) | HexValue(body[i + 2 + k]);
  }
  *cp = value;
  return 2 + digits;
}

bool ValidCodePoint(char32_t cp) {
  return cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

}  // namespace

bool UnescapeString(std::string_view body, std::string* out,
                    EscapeError* error) {
  out->clear();
  std::size_t i = 0;
  while (i < body.size()) {
    const std::size_t bs = body.find('\\', i);
    if (bs == std::string_view::npos) {
      out->append(body.data() + i, body.size() - i);
      break;
    }
    out->append(body.data() + i, bs - i);
    const char e = body[bs + 1];
    if (e == 'u' || e == 'U') {
      char32_t cp;
      const std::size_t len = DecodeUchar(body, bs, &cp);
      if (!ValidCodePoint(cp)) {
        error->offset = bs;
        error->message =
            "invalid \\u escape: surrogates and code points above U+10FFFF "
            "are not characters";
        return false;
      }
      AppendUtf8(cp, out);
      i = bs + len;
      continue;
    }
    char c;
    switch (e) {
      case 't':
        c = '\t';
        break;
      case 'b':
        c = '\b';
        break;
      case 'n':
        c = '\n';
        break;
      case 'r':
        c = '\r';
        break;
      case 'f':
        c = '\f';
        break;
      default:
        c = e;
        break;  // " ' and backslash stand for themselves
    }
    out->push_back(c);
    i = bs + 2;
  }
  return true;
}

bool UnescapeIri(std::string_view body, std::string* out, EscapeError* error) {
  out->clear();
  std::size_t i = 0;
  while (i < body.size()) {
    const std::size_t bs = body.find('\\', i);
    if (bs == std::string_view::npos) {
      out->append(body.data() + i, body.size() - i);
      break;
    }
    out->append(body.data() + i, bs - i);
    char32_t cp;
    const std::size_t len = DecodeUchar(body, bs, &cp);
    if (!ValidCodePoint(cp)) {
      error->offset = bs;
      error->message =
          "invalid \\u escape in IRI: surrogates and code points above "
          "U+10FFFF are not characters";
      return false;
    }
    if (cp <= 0x20 || cp == '<' || cp == '>' || cp == '"' || cp == '{' ||
        cp == '}' || cp == '|' || cp == '^' || cp == '`' || cp == '\\') {
      error->offset = bs;
      error->message =
          "invalid \\u escape in IRI: it names a character IRIs may not "
          "contain";
      return false;
    }
    AppendUtf8(cp, out);
    i = bs + len;
  }
  return true;
}

void AppendUnescapedLocalName(std::string_view local, std::string* out) {
  for (std::size_t i = 0; i < local.size(); ++i) {
    if (local[i] == '\\' && i + 1 < local.size()) ++i;
    out->push_back(local[i]);
  }
}

}  // namespace kg::query
