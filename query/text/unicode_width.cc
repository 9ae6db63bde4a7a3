// Display width and code-point columns of UTF-8 text (utf8proc's tables).
#include "query/text/unicode_width.h"

#include <utf8proc.h>

namespace kg::query {

std::size_t DecodeUtf8(std::string_view s, char32_t* code_point) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const unsigned char c0 = p[0];
  if (c0 < 0x80) {
    *code_point = c0;
    return 1;
  }
  std::size_t len;
  char32_t cp;
  char32_t min;
  if ((c0 & 0xE0) == 0xC0) {
    len = 2, cp = c0 & 0x1F, min = 0x80;
  } else if ((c0 & 0xF0) == 0xE0) {
    len = 3, cp = c0 & 0x0F, min = 0x800;
  } else if ((c0 & 0xF8) == 0xF0) {
    len = 4, cp = c0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (n < len) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *code_point = cp;
  return len;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    const std::size_t len = DecodeUtf8(s.substr(i), &cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::size_t DisplayWidth(std::string_view utf8) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      // ASCII controls other than tab take no cell; tab is counted as one.
      width += (c >= 0x20 && c != 0x7F) || c == '\t' ? 1 : 0;
      ++i;
      continue;
    }
    char32_t cp;
    const std::size_t len = DecodeUtf8(utf8.substr(i), &cp);
    if (len == 0) {
      ++width;  // shown as one replacement cell by most terminals
      ++i;
      continue;
    }
    width += static_cast<std::size_t>(
        utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp)));
    i += len;
  }
  return width;
}

std::uint64_t CodePointColumn(std::string_view line, std::size_t byte_offset) {
  std::uint64_t column = 1;
  std::size_t i = 0;
  const std::size_t end = byte_offset < line.size() ? byte_offset : line.size();
  while (i < end) {
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = 1;
    if (c >= 0x80) {
      char32_t cp;
      len = DecodeUtf8(line.substr(i), &cp);
      if (len == 0) len = 1;
    }
    i += len;
    ++column;
  }
  if (byte_offset > line.size()) column += byte_offset - line.size();
  return column;
}

std::string CaretContext(std::string_view line, std::size_t byte_offset) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  std::string out(line);
  out.push_back('\n');
  const std::size_t end = byte_offset < line.size() ? byte_offset : line.size();
  // Keep tabs so the caret sits under the same column whatever the tab width;
  // everything between tabs becomes spaces by display width.
  std::size_t start = 0;
  for (std::size_t i = 0; i <= end; ++i) {
    if (i == end || line[i] == '\t') {
      out.append(DisplayWidth(line.substr(start, i - start)), ' ');
      if (i < end) out.push_back('\t');
      start = i + 1;
    }
  }
  if (byte_offset > line.size()) out.append(byte_offset - line.size(), ' ');
  out.push_back('^');
  return out;
}

}  // namespace kg::query
