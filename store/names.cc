// NormalizeName: utf8proc does NFKC, case folding and mark stripping; the
// Arabic letter unifications and the word splitting are done here.
#include "kg/names.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace kg {
namespace {

// One UTF-8 code point from the front of `s`: its length, or 0 when `s`
// does not start with a valid sequence.
std::size_t DecodeUtf8(std::string_view s, char32_t* code_point) {
  utf8proc_int32_t c = 0;
  const utf8proc_ssize_t n =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                       static_cast<utf8proc_ssize_t>(s.size()), &c);
  if (n <= 0) return 0;
  *code_point = static_cast<char32_t>(c);
  return static_cast<std::size_t>(n);
}

void AppendUtf8(char32_t code_point, std::string* out) {
  utf8proc_uint8_t buf[4];
  const utf8proc_ssize_t n =
      utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

constexpr char32_t kReplacement = 0xFFFD;

// `s` with every byte that does not start a valid UTF-8 sequence replaced
// by U+FFFD.
std::string Sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp;
    const std::size_t n = DecodeUtf8(s.substr(i), &cp);
    if (n == 0) {
      AppendUtf8(kReplacement, &out);
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

// Arabic letters folded together after utf8proc has run; 0 drops the code
// point.
char32_t UnifyLetter(char32_t cp) {
  switch (cp) {
    case 0x0671:  // ٱ alef wasla
    case 0x0672:  // alef with wavy hamza above
    case 0x0673:  // alef with wavy hamza below
    case 0x0675:  // high hamza alef
      return 0x0627;
    case 0x0649:  // ى alef maqsura
    case 0x06CC:  // ی Farsi yeh
    case 0x06D2:  // ے yeh barree
      return 0x064A;
    case 0x0629:  // ة ta marbuta
    case 0x06C0:  // ۀ heh with yeh above (if not decomposed)
    case 0x06D5:  // ە ae
      return 0x0647;
    case 0x06A9:  // ک keheh
      return 0x0643;
    case 0x0640:  // ـ tatweel
      return 0;
    default:
      break;
  }
  if (cp >= 0x0660 && cp <= 0x0669) return U'0' + (cp - 0x0660);
  if (cp >= 0x06F0 && cp <= 0x06F9) return U'0' + (cp - 0x06F0);
  return cp;
}

bool IsApostrophe(char32_t cp) {
  return cp == U'\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018;
}

bool IsWordCharacter(char32_t cp) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// NormalizeName of ASCII text, without utf8proc: for ASCII, NFKC, mark
// stripping, the ignorable characters and the Arabic unifications change
// nothing, case folding is A-Z to a-z, and the word characters are the
// letters and digits; utf8proc drops NUL bytes without separating words,
// and so does this. About three in four of a news graph's labels are
// ASCII; each call through utf8proc cost several times as much.
std::string NormalizeAscii(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  bool pending_space = false;
  for (const char ch : name) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\'' || c == 0) continue;
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && !(c >= '0' && c <= '9')) {
      pending_space = !key.empty();
      continue;
    }
    if (pending_space) key.push_back(' ');
    pending_space = false;
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                       : static_cast<char>(c));
  }
  return key;
}

}  // namespace

std::string NormalizeName(std::string_view name) {
  if (std::all_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return NormalizeAscii(name);
  return internal::NormalizeNameUnicode(name);
}

std::string internal::NormalizeNameUnicode(std::string_view name) {
  const std::string clean = Sanitize(name);
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
      static_cast<utf8proc_ssize_t>(clean.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                     UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                     UTF8PROC_STRIPMARK | UTF8PROC_IGNORE));
  // Sanitize() leaves only valid UTF-8, so utf8proc cannot fail but on
  // memory exhaustion; the unmapped text is the best key left then.
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped,
                                                                &std::free);
  const std::string_view text =
      length < 0 ? std::string_view(clean)
                 : std::string_view(reinterpret_cast<const char*>(mapped),
                                    static_cast<std::size_t>(length));
  std::string key;
  key.reserve(text.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    std::size_t n = DecodeUtf8(text.substr(i), &cp);
    if (n == 0) {  // not reached: the text is valid UTF-8
      cp = kReplacement;
      n = 1;
    }
    i += n;
    cp = UnifyLetter(cp);
    if (cp == 0 || IsApostrophe(cp)) continue;
    if (!IsWordCharacter(cp) && cp != kReplacement) {
      pending_space = !key.empty();
      continue;
    }
    if (pending_space) key.push_back(' ');
    pending_space = false;
    AppendUtf8(cp, &key);
  }
  return key;
}

std::vector<std::string> SplitNormalizedWords(std::string_view key) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < key.size()) {
    std::size_t end = key.find(' ', start);
    if (end == std::string_view::npos) end = key.size();
    if (end > start) words.emplace_back(key.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace kg
