// The SPARQL 1.1 operators and functions on RDF terms (§17): values of the
// XSD types (exact decimals on 128 bits, IEEE floats, dates with time
// zones), comparison, arithmetic, the ORDER BY order, built-ins and casts.
#include "query/exec/functions.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <openssl/evp.h>
#include <pcre2.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <compare>
#include <cstdio>
#include <limits>
#include <string>
#include <system_error>
#include <vector>

#include "query/syntax/iri.h"

namespace kg::query {

// A pattern compiled by PCRE2 with the XPath flags applied, and the match
// data reused by every match against it.
struct CompiledRegex {
  pcre2_code* code = nullptr;
  pcre2_match_data* match_data = nullptr;
  std::uint32_t capture_count = 0;
  bool literal = false;        // flag q: the replacement is literal too
  bool matches_empty = false;  // REPLACE refuses such patterns (FORX0003)

  CompiledRegex() = default;
  CompiledRegex(const CompiledRegex&) = delete;
  CompiledRegex& operator=(const CompiledRegex&) = delete;
  ~CompiledRegex() {
    if (match_data != nullptr) pcre2_match_data_free(match_data);
    if (code != nullptr) pcre2_code_free(code);
  }
};

namespace {

using Builtin = ast::Builtin;

// ---------------------------------------------------------------------------
// Vocabulary

constexpr std::string_view kXsdDayTimeDuration =
    "http://www.w3.org/2001/XMLSchema#dayTimeDuration";

Term BooleanTerm(bool b) {
  return Term::Literal(b ? "true" : "false", std::string(kXsdBoolean));
}

// A simple literal (RDF 1.1: xsd:string); an empty datatype counts too.
bool IsSimpleString(const Term& t) {
  return t.is_literal() && t.lang.empty() &&
         (t.datatype.empty() || t.datatype == kXsdString);
}

bool IsLangString(const Term& t) { return t.is_literal() && !t.lang.empty(); }

// §17.4.3.1.1 string literal: simple, xsd:string or language-tagged.
bool IsStringLiteral(const Term& t) {
  return IsSimpleString(t) || IsLangString(t);
}

// §17.4.3.1.3 argument compatibility of two string literals.
bool CompatibleArguments(const Term& a, const Term& b) {
  if (!IsStringLiteral(a) || !IsStringLiteral(b)) return false;
  if (IsSimpleString(b)) return true;
  return IsLangString(a) && a.lang == b.lang;
}

// A string literal with `model`'s language tag (or none).
Term StringLike(std::string lexical, const Term& model) {
  if (model.lang.empty()) return Term::Literal(std::move(lexical));
  return Term::LangLiteral(std::move(lexical), model.lang);
}

// XSD's whitespace "collapse" at the ends, as casts from strings apply it.
std::string_view TrimXsdWhitespace(std::string_view s) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string HexLower(const unsigned char* bytes, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xF]);
  }
  return out;
}

// ---------------------------------------------------------------------------
// UTF-8 (lexical forms are valid UTF-8; code points are what XPath counts)

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::size_t CodePointCount(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += IsContinuationByte(c) ? 0 : 1;
  return n;
}

// The byte offset of each code point, then s.size().
std::vector<std::size_t> CodePointOffsets(std::string_view s) {
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!IsContinuationByte(s[i])) offsets.push_back(i);
  }
  offsets.push_back(s.size());
  return offsets;
}

// The unconditional full case mappings of Unicode's SpecialCasing.txt that
// differ from the simple ones (XPath's fn:upper-case and fn:lower-case apply
// them); empty for the other code points.
std::string_view FullCaseMapping(utf8proc_int32_t cp, bool upper) {
  if (!upper) return cp == 0x0130 ? "i\u0307" : "";
  switch (cp) {
    case 0x00DF:  // sharp s
      return "SS";
    case 0x0149:
      return "\u02BCN";
    case 0xFB00:
      return "FF";
    case 0xFB01:
      return "FI";
    case 0xFB02:
      return "FL";
    case 0xFB03:
      return "FFI";
    case 0xFB04:
      return "FFL";
    case 0xFB05:
    case 0xFB06:
      return "ST";
    default:
      return "";
  }
}

// Unicode case mapping, code point by code point: simple mappings from
// utf8proc plus the unconditional full ones above.
std::string MapCase(std::string_view s, bool upper) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  auto remaining = static_cast<utf8proc_ssize_t>(s.size());
  while (remaining > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, remaining, &cp);
    if (n <= 0) {  // not UTF-8: keep the byte
      out.push_back(static_cast<char>(*p));
      ++p;
      --remaining;
      continue;
    }
    if (std::string_view full = FullCaseMapping(cp, upper); !full.empty()) {
      out += full;
      p += n;
      remaining -= n;
      continue;
    }
    cp = upper ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t w = utf8proc_encode_char(cp, buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(w));
    p += n;
    remaining -= n;
  }
  return out;
}

// ---------------------------------------------------------------------------
// 128-bit integers and exact decimals

using Int128 = __int128;
using UInt128 = unsigned __int128;
constexpr Int128 kInt128Max =
    static_cast<Int128>(~static_cast<UInt128>(0) >> 1);
constexpr Int128 kInt128Min = -kInt128Max - 1;
// 10^38 is the largest power of ten below 2^127.
constexpr int kMaxScale = 38;
// Digits after the point of a decimal quotient that does not terminate.
constexpr int kDivisionScale = 24;

Int128 Pow10(int n) {
  static const auto table = [] {
    std::array<Int128, kMaxScale + 1> t{};
    t[0] = 1;
    for (int i = 1; i <= kMaxScale; ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return table[n];
}

UInt128 Magnitude(Int128 v) {
  return v < 0 ? static_cast<UInt128>(0) - static_cast<UInt128>(v)
               : static_cast<UInt128>(v);
}

std::string UInt128ToString(UInt128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v != 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

std::string Int128ToString(Int128 v) {
  std::string s = UInt128ToString(Magnitude(v));
  return v < 0 ? "-" + s : s;
}

// units / 10^scale, scale in [0, kMaxScale].
struct Decimal {
  Int128 units = 0;
  int scale = 0;
};

Decimal Normalize(Decimal d) {
  while (d.scale > 0 && d.units % 10 == 0) {
    d.units /= 10;
    --d.scale;
  }
  return d;
}

// Raises d's scale to `scale` exactly; false on overflow.
bool RaiseScale(Decimal* d, int scale) {
  if (scale > kMaxScale) return false;
  Int128 r;
  if (__builtin_mul_overflow(d->units, Pow10(scale - d->scale), &r)) {
    return false;
  }
  d->units = r;
  d->scale = scale;
  return true;
}

// Rounds (half away from zero) to at most `scale` digits after the point.
// `d.scale` may exceed kMaxScale here (a product's).
Decimal RoundToScale(Decimal d, int scale) {
  if (d.scale <= scale) return Normalize(d);
  int drop = d.scale - scale;
  if (drop > kMaxScale) return Decimal{0, 0};  // |units| < 10^39
  Int128 divisor = Pow10(drop);
  Int128 q = d.units / divisor;
  UInt128 r = Magnitude(d.units % divisor);
  if (r >= static_cast<UInt128>(divisor) - r) q += d.units < 0 ? -1 : 1;
  return Normalize(Decimal{q, scale});
}

// Exact; never overflows: integer parts first, then the fractions (each
// below 10^38 once aligned).
int CompareDecimal(const Decimal& a, const Decimal& b) {
  Int128 ia = a.units / Pow10(a.scale), ib = b.units / Pow10(b.scale);
  if (ia != ib) return ia < ib ? -1 : 1;
  int scale = std::max(a.scale, b.scale);
  Int128 fa = (a.units % Pow10(a.scale)) * Pow10(scale - a.scale);
  Int128 fb = (b.units % Pow10(b.scale)) * Pow10(scale - b.scale);
  return fa < fb ? -1 : (fa > fb ? 1 : 0);
}

std::optional<Decimal> AddDecimal(Decimal a, Decimal b) {
  int scale = std::max(a.scale, b.scale);
  if (!RaiseScale(&a, scale) || !RaiseScale(&b, scale)) return std::nullopt;
  Int128 sum;
  if (__builtin_add_overflow(a.units, b.units, &sum)) return std::nullopt;
  return Normalize(Decimal{sum, scale});
}

std::optional<Decimal> NegateDecimal(Decimal a) {
  if (a.units == kInt128Min) return std::nullopt;
  return Decimal{-a.units, a.scale};
}

std::optional<Decimal> SubtractDecimal(Decimal a, Decimal b) {
  std::optional<Decimal> nb = NegateDecimal(b);
  if (!nb) return std::nullopt;
  return AddDecimal(a, *nb);
}

std::optional<Decimal> MultiplyDecimal(Decimal a, Decimal b) {
  Int128 p;
  if (__builtin_mul_overflow(a.units, b.units, &p)) return std::nullopt;
  return RoundToScale(Decimal{p, a.scale + b.scale}, kMaxScale);
}

// Long division: exact when the quotient terminates within kDivisionScale
// digits after the point, else rounded there. nullopt for a zero divisor.
std::optional<Decimal> DivideDecimal(Decimal a, Decimal b) {
  if (b.units == 0) return std::nullopt;
  const bool negative = (a.units < 0) != (b.units < 0);
  const UInt128 kMax = ~static_cast<UInt128>(0);
  UInt128 n = Magnitude(a.units), d = Magnitude(b.units);
  UInt128 q = n / d, r = n % d;
  // a / b = (n / d) * 10^(b.scale - a.scale); q holds `digits` digits of
  // n / d after the point, so the result's scale is digits - shift.
  const int shift = b.scale - a.scale;
  int digits = 0;
  while (r != 0 && digits - shift < kDivisionScale) {
    if (q > (kMax - 9) / 10 || r > kMax / 10) break;
    r *= 10;
    q = q * 10 + r / d;
    r %= d;
    ++digits;
  }
  if (r != 0 && r >= d - r) ++q;
  int scale = digits - shift;
  if (scale < 0) {
    if (-scale > kMaxScale) return std::nullopt;
    UInt128 p = static_cast<UInt128>(Pow10(-scale));
    if (q != 0 && q > kMax / p) return std::nullopt;
    q *= p;
    scale = 0;
  }
  if (q > static_cast<UInt128>(kInt128Max)) return std::nullopt;
  Int128 units = static_cast<Int128>(q);
  return RoundToScale(Decimal{negative ? -units : units, scale}, kMaxScale);
}

Decimal FloorDecimal(Decimal d) {
  if (d.scale == 0) return d;
  Int128 div = Pow10(d.scale);
  Int128 q = d.units / div;
  if (d.units % div != 0 && d.units < 0) --q;
  return Decimal{q, 0};
}

Decimal CeilDecimal(Decimal d) {
  if (d.scale == 0) return d;
  Int128 div = Pow10(d.scale);
  Int128 q = d.units / div;
  if (d.units % div != 0 && d.units > 0) ++q;
  return Decimal{q, 0};
}

// fn:round: the nearest integer, halves toward positive infinity.
Decimal RoundDecimal(Decimal d) {
  if (d.scale == 0) return d;
  Int128 div = Pow10(d.scale);
  Decimal floor = FloorDecimal(d);
  Int128 rest = d.units - floor.units * div;  // in [0, div)
  if (rest >= div - rest) ++floor.units;
  return floor;
}

// [+-]?[0-9]+. *value is set when the number fits in 128 bits (*fits).
bool ParseIntegerLexical(std::string_view s, Int128* value, bool* fits) {
  std::size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i = 1;
  }
  if (i == s.size()) return false;
  UInt128 magnitude = 0;
  const UInt128 limit =
      negative ? Magnitude(kInt128Min) : static_cast<UInt128>(kInt128Max);
  *fits = true;
  for (; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return false;
    unsigned digit = static_cast<unsigned>(s[i] - '0');
    if (*fits && magnitude > (limit - digit) / 10) *fits = false;
    if (*fits) magnitude = magnitude * 10 + digit;
  }
  if (*fits) {
    *value = negative ? static_cast<Int128>(static_cast<UInt128>(0) - magnitude)
                      : static_cast<Int128>(magnitude);
  }
  return true;
}

// [+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)
bool IsDecimalLexical(std::string_view s) {
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) i = 1;
  std::size_t digits = 0;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (IsDigit(s[i])) {
      ++digits;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits > 0;
}

std::optional<Decimal> ParseDecimalLexical(std::string_view s) {
  if (!IsDecimalLexical(s)) return std::nullopt;
  bool negative = s[0] == '-';
  if (s[0] == '+' || s[0] == '-') s.remove_prefix(1);
  std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > static_cast<std::size_t>(kMaxScale)) {
    return std::nullopt;
  }
  UInt128 units = 0;
  for (std::string_view part : {whole, fraction}) {
    for (char c : part) {
      unsigned digit = static_cast<unsigned>(c - '0');
      if (units > (static_cast<UInt128>(kInt128Max) - digit) / 10) {
        return std::nullopt;
      }
      units = units * 10 + digit;
    }
  }
  Int128 u = static_cast<Int128>(units);
  return Normalize(
      Decimal{negative ? -u : u, static_cast<int>(fraction.size())});
}

// The digits of |d| split at the point; the fraction without trailing
// zeros.
void DecimalParts(Decimal d, std::string* whole, std::string* fraction) {
  d = Normalize(d);
  std::string digits = UInt128ToString(Magnitude(d.units));
  auto scale = static_cast<std::size_t>(d.scale);
  if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
  *whole = digits.substr(0, digits.size() - scale);
  *fraction = digits.substr(digits.size() - scale);
}

// Canonical xsd:decimal: "-1.5", "2.0", "0.25".
std::string DecimalToString(Decimal d) {
  std::string whole, fraction;
  DecimalParts(d, &whole, &fraction);
  if (fraction.empty()) fraction = "0";
  return (d.units < 0 ? "-" : "") + whole + "." + fraction;
}

// XPath's xs:string of a decimal: "2" for an integral value.
std::string DecimalToPlainString(Decimal d) {
  std::string whole, fraction;
  DecimalParts(d, &whole, &fraction);
  std::string s = (d.units < 0 ? "-" : "") + whole;
  if (!fraction.empty()) s += "." + fraction;
  return s;
}

// Compares "[-]digits[.digits]" texts by value, at any length.
int CompareDecimalText(std::string_view a, std::string_view b) {
  struct Parts {
    bool negative;
    std::string_view whole, fraction;
  };
  auto split = [](std::string_view s) {
    Parts p{false, {}, {}};
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
      p.negative = s[0] == '-';
      s.remove_prefix(1);
    }
    std::size_t dot = s.find('.');
    p.whole = s.substr(0, dot);
    if (dot != std::string_view::npos) p.fraction = s.substr(dot + 1);
    while (!p.whole.empty() && p.whole.front() == '0') p.whole.remove_prefix(1);
    while (!p.fraction.empty() && p.fraction.back() == '0') {
      p.fraction.remove_suffix(1);
    }
    if (p.whole.empty() && p.fraction.empty()) p.negative = false;
    return p;
  };
  Parts x = split(a), y = split(b);
  if (x.negative != y.negative) return x.negative ? -1 : 1;
  int magnitude = 0;
  if (x.whole.size() != y.whole.size()) {
    magnitude = x.whole.size() < y.whole.size() ? -1 : 1;
  } else if (int c = x.whole.compare(y.whole); c != 0) {
    magnitude = c < 0 ? -1 : 1;
  } else if (int f = x.fraction.compare(y.fraction); f != 0) {
    magnitude = f < 0 ? -1 : 1;
  }
  return x.negative ? -magnitude : magnitude;
}

// ---------------------------------------------------------------------------
// XSD numeric types

enum class NumericType : std::uint8_t { kInteger, kDecimal, kFloat, kDouble };

// xsd:integer and the integer types derived from it, with their bounds.
struct IntegerTypeInfo {
  std::string_view local;
  std::optional<Int128> min, max;
};

const IntegerTypeInfo kIntegerTypes[] = {
    {"integer", std::nullopt, std::nullopt},
    {"nonPositiveInteger", std::nullopt, 0},
    {"negativeInteger", std::nullopt, -1},
    {"long", std::numeric_limits<std::int64_t>::min(),
     std::numeric_limits<std::int64_t>::max()},
    {"int", std::numeric_limits<std::int32_t>::min(),
     std::numeric_limits<std::int32_t>::max()},
    {"short", -32768, 32767},
    {"byte", -128, 127},
    {"nonNegativeInteger", 0, std::nullopt},
    {"unsignedLong", 0, std::numeric_limits<std::uint64_t>::max()},
    {"unsignedInt", 0, std::numeric_limits<std::uint32_t>::max()},
    {"unsignedShort", 0, 65535},
    {"unsignedByte", 0, 255},
    {"positiveInteger", 1, std::nullopt},
};

std::optional<std::string_view> XsdLocalName(std::string_view datatype) {
  if (!datatype.starts_with(kXsd)) return std::nullopt;
  return datatype.substr(kXsd.size());
}

const IntegerTypeInfo* FindIntegerType(std::string_view datatype) {
  std::optional<std::string_view> local = XsdLocalName(datatype);
  if (!local) return nullptr;
  for (const IntegerTypeInfo& t : kIntegerTypes) {
    if (t.local == *local) return &t;
  }
  return nullptr;
}

bool InIntegerRange(const IntegerTypeInfo& type, Int128 v) {
  return (!type.min || v >= *type.min) && (!type.max || v <= *type.max);
}

std::optional<NumericType> NumericTypeOf(std::string_view datatype) {
  std::optional<std::string_view> local = XsdLocalName(datatype);
  if (!local) return std::nullopt;
  if (*local == "decimal") return NumericType::kDecimal;
  if (*local == "float") return NumericType::kFloat;
  if (*local == "double") return NumericType::kDouble;
  if (FindIntegerType(datatype) != nullptr) return NumericType::kInteger;
  return std::nullopt;
}

// (\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee](\+|-)?[0-9]+)? | (\+|-)?INF | NaN
bool IsDoubleLexical(std::string_view s) {
  if (s == "NaN" || s == "INF" || s == "+INF" || s == "-INF") return true;
  std::size_t e = s.find_first_of("eE");
  if (!IsDecimalLexical(s.substr(0, e))) return false;
  if (e == std::string_view::npos) return true;
  std::string_view exponent = s.substr(e + 1);
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) {
    exponent.remove_prefix(1);
  }
  return !exponent.empty() &&
         std::all_of(exponent.begin(), exponent.end(), IsDigit);
}

// The value of a lexical form whose magnitude from_chars cannot represent:
// infinity when it is large, zero when it is tiny.
template <class F>
F OutOfRangeValue(std::string_view body) {
  bool negative = !body.empty() && body[0] == '-';
  std::size_t e = body.find_first_of("eE");
  std::string_view mantissa = body.substr(0, e);
  long long exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view text = body.substr(e + 1);
    bool exponent_negative = !text.empty() && text[0] == '-';
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
      text.remove_prefix(1);
    }
    for (char c : text)
      exponent = std::min(exponent * 10 + (c - '0'), 1LL << 40);
    if (exponent_negative) exponent = -exponent;
  }
  // The power of ten of the first significant digit.
  long long position = 0;
  std::size_t dot = mantissa.find('.');
  std::size_t whole_digits =
      dot == std::string_view::npos ? mantissa.size() : dot;
  bool found = false;
  for (std::size_t i = 0; i < mantissa.size() && !found; ++i) {
    char c = mantissa[i];
    if (c >= '1' && c <= '9') {
      found = true;
      position = i < whole_digits ? static_cast<long long>(whole_digits - i) - 1
                                  : -static_cast<long long>(i - whole_digits);
    }
  }
  F v = (found && position + exponent > 0) ? std::numeric_limits<F>::infinity()
                                           : F(0);
  return negative ? -v : v;
}

// An xsd:double / xsd:float lexical form, rounded to F.
template <class F>
std::optional<F> ParseApprox(std::string_view s) {
  if (!IsDoubleLexical(s)) return std::nullopt;
  if (s == "NaN") return std::numeric_limits<F>::quiet_NaN();
  if (s == "INF" || s == "+INF") return std::numeric_limits<F>::infinity();
  if (s == "-INF") return -std::numeric_limits<F>::infinity();
  if (s[0] == '+') s.remove_prefix(1);
  F v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) return OutOfRangeValue<F>(s);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Canonical xsd:double / xsd:float: shortest digits, "1.5E0", "1.0E2",
// "-0.0E0", "INF", "-INF", "NaN".
template <class F>
std::string FormatApprox(F v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "INF" : "-INF";
  char buf[64];
  auto result =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view text(buf, static_cast<std::size_t>(result.ptr - buf));
  std::size_t e = text.find('e');
  std::string mantissa(text.substr(0, e));
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  std::string_view exponent = text.substr(e + 1);
  bool negative = exponent[0] == '-';
  exponent.remove_prefix(1);  // the sign to_chars always writes
  int value = 0;
  std::from_chars(exponent.data(), exponent.data() + exponent.size(), value);
  return mantissa + "E" + (negative && value != 0 ? "-" : "") +
         std::to_string(value);
}

// The shortest fixed-point digits that read back as `v` ("1.25", "100").
template <class F>
std::string FixedShortest(F v) {
  char buf[512];
  auto result =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (result.ec != std::errc()) return {};
  return std::string(buf, result.ptr);
}

// A numeric literal's value. `exact` holds xsd:integer (scale 0) and
// xsd:decimal; `approx` holds xsd:double and (exactly) xsd:float.
struct Numeric {
  NumericType type = NumericType::kInteger;
  Decimal exact;
  double approx = 0;

  bool is_exact() const { return type <= NumericType::kDecimal; }
  bool is_nan() const { return !is_exact() && std::isnan(approx); }
};

// nullopt unless `t` is a numeric literal with a valid lexical form whose
// value fits (integers and decimals: 38 digits).
std::optional<Numeric> ParseNumeric(const Term& t) {
  if (!t.is_literal() || !t.lang.empty()) return std::nullopt;
  std::optional<NumericType> type = NumericTypeOf(t.datatype);
  if (!type) return std::nullopt;
  Numeric n;
  n.type = *type;
  switch (*type) {
    case NumericType::kInteger: {
      Int128 v = 0;
      bool fits = false;
      if (!ParseIntegerLexical(t.lexical, &v, &fits) || !fits) {
        return std::nullopt;
      }
      if (!InIntegerRange(*FindIntegerType(t.datatype), v)) return std::nullopt;
      n.exact = Decimal{v, 0};
      return n;
    }
    case NumericType::kDecimal: {
      std::optional<Decimal> d = ParseDecimalLexical(t.lexical);
      if (!d) return std::nullopt;
      n.exact = *d;
      return n;
    }
    case NumericType::kFloat: {
      std::optional<float> f = ParseApprox<float>(t.lexical);
      if (!f) return std::nullopt;
      n.approx = *f;
      return n;
    }
    case NumericType::kDouble: {
      std::optional<double> d = ParseApprox<double>(t.lexical);
      if (!d) return std::nullopt;
      n.approx = *d;
      return n;
    }
  }
  return std::nullopt;
}

// A lexical form valid for a numeric datatype, whatever its size.
bool IsValidNumericLexical(const Term& t) {
  if (!t.is_literal() || !t.lang.empty()) return false;
  std::optional<NumericType> type = NumericTypeOf(t.datatype);
  if (!type) return false;
  switch (*type) {
    case NumericType::kInteger: {
      Int128 v = 0;
      bool fits = false;
      if (!ParseIntegerLexical(t.lexical, &v, &fits)) return false;
      const IntegerTypeInfo& info = *FindIntegerType(t.datatype);
      if (fits) return InIntegerRange(info, v);
      // Too large for 128 bits: valid only where the type is unbounded.
      return t.lexical[0] == '-' ? !info.min.has_value()
                                 : !info.max.has_value();
    }
    case NumericType::kDecimal:
      return IsDecimalLexical(t.lexical);
    case NumericType::kFloat:
    case NumericType::kDouble:
      return IsDoubleLexical(t.lexical);
  }
  return false;
}

Term IntegerTerm(Int128 v, std::string_view datatype = kXsdInteger) {
  return Term::Literal(Int128ToString(v), std::string(datatype));
}

Term DecimalTerm(Decimal d) {
  return Term::Literal(DecimalToString(d), std::string(kXsdDecimal));
}

Term FloatTerm(float f) {
  return Term::Literal(FormatApprox(f), std::string(kXsdFloat));
}

Term DoubleTerm(double d) {
  return Term::Literal(FormatApprox(d), std::string(kXsdDouble));
}

Term NumericTerm(const Numeric& n) {
  switch (n.type) {
    case NumericType::kInteger:
      return IntegerTerm(n.exact.units);
    case NumericType::kDecimal:
      return DecimalTerm(n.exact);
    case NumericType::kFloat:
      return FloatTerm(static_cast<float>(n.approx));
    case NumericType::kDouble:
      return DoubleTerm(n.approx);
  }
  return DoubleTerm(n.approx);
}

// Correctly rounded conversions of an exact value.
template <class F>
F ExactToApprox(Decimal d) {
  std::string text = DecimalToString(d);
  F v{};
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

double ToDouble(const Numeric& n) {
  return n.is_exact() ? ExactToApprox<double>(n.exact) : n.approx;
}

float ToFloat(const Numeric& n) {
  return n.is_exact() ? ExactToApprox<float>(n.exact)
                      : static_cast<float>(n.approx);
}

// Comparison with XPath type promotion (op:numeric-less-than etc.).
std::partial_ordering CompareNumeric(const Numeric& a, const Numeric& b) {
  NumericType type = std::max(a.type, b.type);
  if (type <= NumericType::kDecimal) {
    return CompareDecimal(a.exact, b.exact) <=> 0;
  }
  if (type == NumericType::kFloat) return ToFloat(a) <=> ToFloat(b);
  return ToDouble(a) <=> ToDouble(b);
}

// Exact order of a finite or infinite double against a decimal.
int CompareApproxExact(double x, const Decimal& d) {
  if (std::isinf(x)) return x > 0 ? 1 : -1;
  double rounded = ExactToApprox<double>(d);
  // Rounding is monotonic, so a difference after rounding is a difference
  // before it.
  if (x < rounded) return -1;
  if (x > rounded) return 1;
  // Equal after rounding: compare the exact expansion of x (|x| < 2^127
  // here, with at most 1100 digits after the point).
  char buf[1600];
  auto result =
      std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, 1100);
  if (result.ec != std::errc()) return 0;
  return CompareDecimalText(std::string_view(buf, result.ptr),
                            DecimalToString(d));
}

// The exact numeric order of ORDER BY: a total preorder (NaN lowest), so
// that sorting mixed types stays consistent.
int CompareNumericExactly(const Numeric& a, const Numeric& b) {
  if (a.is_nan() || b.is_nan()) {
    return a.is_nan() == b.is_nan() ? 0 : (a.is_nan() ? -1 : 1);
  }
  if (a.is_exact() && b.is_exact()) return CompareDecimal(a.exact, b.exact);
  if (!a.is_exact() && !b.is_exact()) {
    return a.approx < b.approx ? -1 : (a.approx > b.approx ? 1 : 0);
  }
  if (a.is_exact()) return -CompareApproxExact(b.approx, a.exact);
  return CompareApproxExact(a.approx, b.exact);
}

bool IsZero(const Numeric& n) {
  return n.is_exact() ? n.exact.units == 0 : n.approx == 0;
}

// fn:round on a double: halves toward positive infinity, sign of zero kept.
double XPathRound(double x) {
  if (!std::isfinite(x)) return x;
  double r = std::floor(x);
  if (x - r >= 0.5) r += 1;
  if (r == 0 && std::signbit(x)) r = -0.0;
  return r;
}

// ---------------------------------------------------------------------------
// xsd:boolean

std::optional<bool> ParseBooleanLexical(std::string_view s) {
  if (s == "true" || s == "1") return true;
  if (s == "false" || s == "0") return false;
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// xsd:dateTime and xsd:date

struct DateTime {
  std::int64_t year = 0;
  int month = 1, day = 1, hour = 0, minute = 0;
  Decimal second;
  bool has_timezone = false;
  int timezone_minutes = 0;  // offset from UTC
  std::string timezone;      // as written: "Z", "-05:00", or empty
};

bool IsLeapYear(std::int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int DaysInMonth(std::int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 in the proleptic Gregorian calendar.
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Reads exactly `n` digits at s[*pos].
bool ReadDigits(std::string_view s, std::size_t* pos, std::size_t n,
                int* value) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[*pos + i];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *value = v;
  return true;
}

// The lexical forms of xsd:dateTime ('-'? yyyy '-' mm '-' dd 'T' hh ':' mm
// ':' ss ('.' s+)? tz?) and, with `date_only`, xsd:date ('-'? yyyy '-' mm
// '-' dd tz?), tz being 'Z' or (+|-)hh:mm. Hour 24 is allowed at 24:00:00.
std::optional<DateTime> ParseDateTimeLexical(std::string_view s,
                                             bool date_only) {
  DateTime dt;
  std::size_t pos = 0;
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    pos = 1;
  }
  std::size_t year_start = pos;
  while (pos < s.size() && IsDigit(s[pos])) ++pos;
  std::size_t year_digits = pos - year_start;
  if (year_digits < 4 || year_digits > 12) return std::nullopt;
  if (year_digits > 4 && s[year_start] == '0') return std::nullopt;
  for (std::size_t i = year_start; i < pos; ++i) {
    dt.year = dt.year * 10 + (s[i] - '0');
  }
  if (negative) dt.year = -dt.year;
  auto expect = [&](char c) {
    if (pos >= s.size() || s[pos] != c) return false;
    ++pos;
    return true;
  };
  if (!expect('-') || !ReadDigits(s, &pos, 2, &dt.month) || !expect('-') ||
      !ReadDigits(s, &pos, 2, &dt.day)) {
    return std::nullopt;
  }
  if (dt.month < 1 || dt.month > 12) return std::nullopt;
  if (dt.day < 1 || dt.day > DaysInMonth(dt.year, dt.month)) {
    return std::nullopt;
  }
  if (!date_only) {
    int whole_seconds = 0;
    if (!expect('T') || !ReadDigits(s, &pos, 2, &dt.hour) || !expect(':') ||
        !ReadDigits(s, &pos, 2, &dt.minute) || !expect(':') ||
        !ReadDigits(s, &pos, 2, &whole_seconds)) {
      return std::nullopt;
    }
    std::size_t seconds_start = pos - 2;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      std::size_t fraction_start = pos;
      while (pos < s.size() && IsDigit(s[pos])) ++pos;
      if (pos == fraction_start) return std::nullopt;
    }
    std::optional<Decimal> second =
        ParseDecimalLexical(s.substr(seconds_start, pos - seconds_start));
    if (!second) return std::nullopt;
    dt.second = *second;
    if (dt.minute > 59 || whole_seconds > 59) return std::nullopt;
    if (dt.hour > 24 ||
        (dt.hour == 24 && (dt.minute != 0 || dt.second.units != 0))) {
      return std::nullopt;
    }
  }
  if (pos < s.size()) {
    dt.timezone = std::string(s.substr(pos));
    if (s[pos] == 'Z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int hours = 0, minutes = 0;
      if (!ReadDigits(s, &pos, 2, &hours) || !expect(':') ||
          !ReadDigits(s, &pos, 2, &minutes)) {
        return std::nullopt;
      }
      if (hours > 14 || minutes > 59 || (hours == 14 && minutes != 0)) {
        return std::nullopt;
      }
      dt.timezone_minutes = sign * (hours * 60 + minutes);
    } else {
      return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    dt.has_timezone = true;
  }
  return dt;
}

// Seconds since 1970-01-01T00:00:00Z; local time when there is no zone.
Decimal InstantSeconds(const DateTime& dt) {
  Int128 whole =
      static_cast<Int128>(DaysFromCivil(dt.year, dt.month, dt.day)) * 86400 +
      dt.hour * 3600 + dt.minute * 60 - dt.timezone_minutes * 60;
  // Years are at most 12 digits and fractions at most 38: this fits except
  // for absurd precision, where the fraction is rounded.
  std::optional<Decimal> sum = AddDecimal(Decimal{whole, 0}, dt.second);
  if (!sum) {
    sum = AddDecimal(Decimal{whole, 0}, RoundToScale(dt.second, 9));
  }
  return sum ? *sum : Decimal{whole, 0};
}

// XSD's order of date/time values (3.2.7.4): a value without a time zone
// stands for any zone within 14 hours, so against one with a zone the
// order can be indeterminate (nullopt).
std::optional<int> CompareDateTimes(const DateTime& a, const DateTime& b) {
  Decimal x = InstantSeconds(a), y = InstantSeconds(b);
  if (a.has_timezone == b.has_timezone) return CompareDecimal(x, y);
  const Decimal kFourteenHours{14 * 3600, 0};
  const bool swapped = !a.has_timezone;
  if (swapped) std::swap(x, y);
  // x has a zone, y does not.
  std::optional<int> result;
  std::optional<Decimal> earliest = SubtractDecimal(y, kFourteenHours);
  std::optional<Decimal> latest = AddDecimal(y, kFourteenHours);
  if (earliest && CompareDecimal(x, *earliest) < 0) {
    result = -1;
  } else if (latest && CompareDecimal(x, *latest) > 0) {
    result = 1;
  }
  if (result && swapped) *result = -*result;
  return result;
}

// A total order for ORDER BY: a missing time zone counts as UTC.
int CompareDateTimesTotally(const DateTime& a, const DateTime& b) {
  return CompareDecimal(InstantSeconds(a), InstantSeconds(b));
}

// "PT0S", "-PT8H", "PT5H30M".
std::string DayTimeDuration(int minutes) {
  if (minutes == 0) return "PT0S";
  std::string s = minutes < 0 ? "-PT" : "PT";
  int m = minutes < 0 ? -minutes : minutes;
  if (m / 60 != 0) s += std::to_string(m / 60) + "H";
  if (m % 60 != 0) s += std::to_string(m % 60) + "M";
  return s;
}

// The current UTC time as a canonical xsd:dateTime, to the millisecond.
std::string CurrentDateTime() {
  namespace chrono = std::chrono;
  const auto now = chrono::time_point_cast<chrono::milliseconds>(
      chrono::system_clock::now());
  const auto day = chrono::floor<chrono::days>(now);
  const chrono::year_month_day ymd{day};
  const auto ms = (now - day).count();
  const long long seconds = ms / 1000, millis = ms % 1000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld",
                static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), seconds / 3600,
                seconds / 60 % 60, seconds % 60);
  std::string s = buf;
  if (millis != 0) {
    std::snprintf(buf, sizeof buf, ".%03lld", millis);
    std::string fraction = buf;
    while (fraction.back() == '0') fraction.pop_back();
    s += fraction;
  }
  return s + "Z";
}

// ---------------------------------------------------------------------------
// Value classes: which operator of §17.3 applies to a literal

enum class ValueClass : std::uint8_t {
  kNumeric,
  kString,  // simple literal or xsd:string
  kLangString,
  kBoolean,
  kDateTime,
  kDate,
  kOther,  // unknown datatype, or a known one with an invalid lexical form
};

ValueClass Classify(const Term& t) {
  if (!t.lang.empty()) return ValueClass::kLangString;
  if (t.datatype.empty() || t.datatype == kXsdString)
    return ValueClass::kString;
  if (NumericTypeOf(t.datatype)) {
    return ParseNumeric(t) ? ValueClass::kNumeric : ValueClass::kOther;
  }
  if (t.datatype == kXsdBoolean) {
    return ParseBooleanLexical(t.lexical) ? ValueClass::kBoolean
                                          : ValueClass::kOther;
  }
  if (t.datatype == kXsdDateTime) {
    return ParseDateTimeLexical(t.lexical, false) ? ValueClass::kDateTime
                                                  : ValueClass::kOther;
  }
  if (t.datatype == kXsdDate) {
    return ParseDateTimeLexical(t.lexical, true) ? ValueClass::kDate
                                                 : ValueClass::kOther;
  }
  return ValueClass::kOther;
}

// The outcome of comparing two terms.
enum class Relation : std::uint8_t {
  kLess,
  kEqual,
  kGreater,
  kUnordered,    // NaN: unequal, and neither less nor greater
  kSameTerm,     // equal, but < and > are not defined
  kNotSameTerm,  // unequal, and < and > are not defined
  kError,        // even = is an error
};

Relation FromOrder(std::partial_ordering order) {
  if (order < 0) return Relation::kLess;
  if (order > 0) return Relation::kGreater;
  if (order == 0) return Relation::kEqual;
  return Relation::kUnordered;
}

Relation RelateTerms(const Term& a, const Term& b) {
  if (!a.is_literal() || !b.is_literal()) {
    return a == b ? Relation::kSameTerm : Relation::kNotSameTerm;
  }
  const ValueClass ca = Classify(a), cb = Classify(b);
  if (ca == ValueClass::kOther || cb == ValueClass::kOther) {
    if (a == b) return Relation::kSameTerm;
    // A language-tagged string equals no literal of another datatype;
    // otherwise the values might be equal for all we know (§17.4.1.7).
    if (ca == ValueClass::kLangString || cb == ValueClass::kLangString) {
      return Relation::kNotSameTerm;
    }
    return Relation::kError;
  }
  // Known value spaces that differ (a number and a string, a date and a
  // dateTime) never hold equal values.
  if (ca != cb) return Relation::kNotSameTerm;
  switch (ca) {
    case ValueClass::kNumeric:
      return FromOrder(CompareNumeric(*ParseNumeric(a), *ParseNumeric(b)));
    case ValueClass::kString:
      return FromOrder(a.lexical.compare(b.lexical) <=> 0);
    case ValueClass::kLangString:
      return a == b ? Relation::kSameTerm : Relation::kNotSameTerm;
    case ValueClass::kBoolean:
      return FromOrder(*ParseBooleanLexical(a.lexical) <=>
                       *ParseBooleanLexical(b.lexical));
    case ValueClass::kDateTime:
    case ValueClass::kDate: {
      const bool date_only = ca == ValueClass::kDate;
      std::optional<int> c =
          CompareDateTimes(*ParseDateTimeLexical(a.lexical, date_only),
                           *ParseDateTimeLexical(b.lexical, date_only));
      if (!c) return Relation::kError;
      return FromOrder(*c <=> 0);
    }
    case ValueClass::kOther:
      break;
  }
  return Relation::kError;
}

// ---------------------------------------------------------------------------
// Regular expressions (XPath flags on PCRE2)

// Flag x of XPath: whitespace goes, except inside character classes.
std::string RemoveRegexWhitespace(std::string_view pattern) {
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out.push_back(c);
      out.push_back(pattern[++i]);
    } else if (in_class) {
      if (c == ']') in_class = false;
      out.push_back(c);
    } else if (c == '[') {
      in_class = true;
      out.push_back(c);
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out.push_back(c);
    }
  }
  return out;
}

PCRE2_SPTR Subject(std::string_view s) {
  return reinterpret_cast<PCRE2_SPTR>(s.empty() ? "" : s.data());
}

std::unique_ptr<CompiledRegex> CompileRegex(std::string_view pattern,
                                            std::string_view flags) {
  std::uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY;
  bool extended = false, literal = false;
  for (char f : flags) {
    switch (f) {
      case 's':
        options |= PCRE2_DOTALL;
        break;
      case 'm':
        options |= PCRE2_MULTILINE;
        break;
      case 'i':
        options |= PCRE2_CASELESS;
        break;
      case 'x':
        extended = true;
        break;
      case 'q':
        literal = true;
        break;
      default:
        return nullptr;
    }
  }
  std::string text(pattern);
  if (literal) {
    // With q, XPath ignores m, s and x; PCRE2 refuses them with LITERAL.
    options = PCRE2_UTF | PCRE2_LITERAL | (options & PCRE2_CASELESS);
  } else if (extended) {
    text = RemoveRegexWhitespace(text);
  }
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  auto re = std::make_unique<CompiledRegex>();
  re->code = pcre2_compile(Subject(text), text.size(), options, &error,
                           &error_offset, nullptr);
  if (re->code == nullptr) return nullptr;
  pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);  // optional speed-up
  re->match_data = pcre2_match_data_create_from_pattern(re->code, nullptr);
  if (re->match_data == nullptr) return nullptr;
  pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &re->capture_count);
  re->literal = literal;
  re->matches_empty =
      pcre2_match(re->code, Subject(""), 0, 0, 0, re->match_data, nullptr) >= 0;
  return re;
}

// Whether `re` matches somewhere in `subject`; nullopt on a match error.
std::optional<bool> RegexFind(const CompiledRegex& re,
                              std::string_view subject) {
  int rc = pcre2_match(re.code, Subject(subject), subject.size(), 0, 0,
                       re.match_data, nullptr);
  if (rc >= 0) return true;
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  return std::nullopt;
}

// A piece of a REPLACE replacement: text, or a group (`group` >= 0).
struct ReplacementPiece {
  std::string text;
  int group = -1;
};

// XPath replacement syntax: $N refers to a group (further digits belong to
// N while N stays a group number), and a backslash escapes "$" or itself;
// any other "$" or backslash is an error (FORX0004).
std::optional<std::vector<ReplacementPiece>> ParseReplacement(
    std::string_view r, const CompiledRegex& re) {
  std::vector<ReplacementPiece> pieces(1);
  if (re.literal) {
    pieces[0].text = std::string(r);
    return pieces;
  }
  for (std::size_t i = 0; i < r.size(); ++i) {
    char c = r[i];
    if (c == '\\') {
      if (i + 1 >= r.size() || (r[i + 1] != '\\' && r[i + 1] != '$')) {
        return std::nullopt;
      }
      pieces.back().text.push_back(r[++i]);
    } else if (c == '$') {
      if (i + 1 >= r.size() || !IsDigit(r[i + 1])) return std::nullopt;
      int group = r[++i] - '0';
      while (i + 1 < r.size() && IsDigit(r[i + 1]) &&
             static_cast<std::uint32_t>(group * 10 + (r[i + 1] - '0')) <=
                 re.capture_count) {
        group = group * 10 + (r[++i] - '0');
      }
      pieces.push_back(ReplacementPiece{{}, group});
      pieces.emplace_back();
    } else {
      pieces.back().text.push_back(c);
    }
  }
  return pieces;
}

// fn:replace. nullopt for a pattern that matches the empty string (XPath
// FORX0003), a bad replacement, or a match error.
std::optional<std::string> ReplaceAll(const CompiledRegex& re,
                                      std::string_view subject,
                                      std::string_view replacement) {
  if (re.matches_empty) return std::nullopt;
  std::optional<std::vector<ReplacementPiece>> pieces =
      ParseReplacement(replacement, re);
  if (!pieces) return std::nullopt;
  std::string out;
  std::size_t pos = 0;
  while (pos <= subject.size()) {
    int rc = pcre2_match(re.code, Subject(subject), subject.size(), pos, 0,
                         re.match_data, nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc <= 0) return std::nullopt;
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(re.match_data);
    // A zero-length match (a lookahead, \b) is FORX0003 as well.
    if (ov[1] <= ov[0] || ov[0] < pos) return std::nullopt;
    out.append(subject.substr(pos, ov[0] - pos));
    for (const ReplacementPiece& piece : *pieces) {
      if (piece.group < 0) {
        out += piece.text;
      } else if (piece.group < rc && ov[2 * piece.group] != PCRE2_UNSET) {
        out.append(
            subject.substr(ov[2 * piece.group],
                           ov[2 * piece.group + 1] - ov[2 * piece.group]));
      }
    }
    pos = ov[1];
  }
  if (pos < subject.size()) out.append(subject.substr(pos));
  return out;
}

// ---------------------------------------------------------------------------
// Built-in calls, by group

bool IsValidLanguageTag(std::string_view tag) {
  std::size_t i = 0, part = 0;
  while (i <= tag.size()) {
    std::size_t start = i;
    while (i < tag.size() && tag[i] != '-') {
      char c = tag[i];
      bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!letter && (part == 0 || !IsDigit(c))) return false;
      ++i;
    }
    if (i == start || i - start > 8) return false;
    ++part;
    ++i;  // past '-' (or the end)
  }
  return true;
}

// RFC 4647 basic filtering; "*" matches any non-empty tag.
bool LangMatches(std::string_view tag, std::string_view range) {
  if (range == "*") return !tag.empty();
  if (tag.size() < range.size()) return false;
  if (!EqualsIgnoreAsciiCase(tag.substr(0, range.size()), range)) return false;
  return tag.size() == range.size() || tag[range.size()] == '-';
}

Value NumericFunction(Builtin builtin, const Term& arg) {
  std::optional<Numeric> n = ParseNumeric(arg);
  if (!n) return std::nullopt;
  if (n->is_exact()) {
    Decimal d = n->exact;
    switch (builtin) {
      case Builtin::kAbs:
        if (d.units < 0) {
          std::optional<Decimal> negated = NegateDecimal(d);
          if (!negated) return std::nullopt;
          d = *negated;
        }
        break;
      case Builtin::kCeil:
        d = CeilDecimal(d);
        break;
      case Builtin::kFloor:
        d = FloorDecimal(d);
        break;
      default:
        d = RoundDecimal(d);
        break;
    }
    return n->type == NumericType::kInteger ? IntegerTerm(d.units)
                                            : DecimalTerm(d);
  }
  double x = n->approx;
  switch (builtin) {
    case Builtin::kAbs:
      x = std::fabs(x);
      break;
    case Builtin::kCeil:
      x = std::ceil(x);
      break;
    case Builtin::kFloor:
      x = std::floor(x);
      break;
    default:
      x = XPathRound(x);
      break;
  }
  return n->type == NumericType::kFloat ? FloatTerm(static_cast<float>(x))
                                        : DoubleTerm(x);
}

// fn:substring: code points at positions p with round(start) <= p <
// round(start) + round(length), in double arithmetic (NaN selects none).
Value Substring(const Term& source, const Term& start, const Term* length) {
  if (!IsStringLiteral(source)) return std::nullopt;
  std::optional<Numeric> s = ParseNumeric(start);
  if (!s) return std::nullopt;
  const double first = XPathRound(ToDouble(*s));
  double end = std::numeric_limits<double>::infinity();
  if (length != nullptr) {
    std::optional<Numeric> l = ParseNumeric(*length);
    if (!l) return std::nullopt;
    end = first + XPathRound(ToDouble(*l));
  }
  std::vector<std::size_t> offsets = CodePointOffsets(source.lexical);
  std::size_t from = 0, to = 0;  // byte range kept
  bool any = false;
  for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
    double p = static_cast<double>(i + 1);
    if (p >= first && p < end) {
      if (!any) from = offsets[i];
      to = offsets[i + 1];
      any = true;
    }
  }
  return StringLike(any ? source.lexical.substr(from, to - from) : "", source);
}

std::string EncodeForUri(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                      c == '.' || c == '~';
    if (unreserved) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

Value StringTest(Builtin builtin, const Term& a, const Term& b) {
  if (!CompatibleArguments(a, b)) return std::nullopt;
  std::string_view s = a.lexical, t = b.lexical;
  switch (builtin) {
    case Builtin::kContains:
      return BooleanTerm(s.find(t) != std::string_view::npos);
    case Builtin::kStrStarts:
      return BooleanTerm(s.starts_with(t));
    case Builtin::kStrEnds:
      return BooleanTerm(s.ends_with(t));
    default:
      break;
  }
  std::size_t at = s.find(t);
  if (at == std::string_view::npos) return Term::Literal("");
  if (builtin == Builtin::kStrBefore) {
    return StringLike(std::string(s.substr(0, at)), a);
  }
  return StringLike(std::string(s.substr(at + t.size())), a);
}

Value Concat(std::span<const Value> args) {
  std::string out;
  std::optional<std::string> lang;
  bool same_lang = true;
  for (const Value& v : args) {
    if (!IsStringLiteral(*v)) return std::nullopt;
    out += v->lexical;
    if (!lang) {
      lang = v->lang;
    } else if (*lang != v->lang) {
      same_lang = false;
    }
  }
  if (same_lang && lang && !lang->empty()) {
    return Term::LangLiteral(std::move(out), *lang);
  }
  return Term::Literal(std::move(out));
}

Value DateTimeFunction(Builtin builtin, const Term& arg) {
  if (!arg.is_literal()) return std::nullopt;
  const bool is_date = arg.datatype == kXsdDate;
  if (arg.datatype != kXsdDateTime && !is_date) return std::nullopt;
  // A date has no time of day.
  if (is_date && (builtin == Builtin::kHours || builtin == Builtin::kMinutes ||
                  builtin == Builtin::kSeconds)) {
    return std::nullopt;
  }
  std::optional<DateTime> dt = ParseDateTimeLexical(arg.lexical, is_date);
  if (!dt) return std::nullopt;
  switch (builtin) {
    case Builtin::kYear:
      return IntegerTerm(dt->year);
    case Builtin::kMonth:
      return IntegerTerm(dt->month);
    case Builtin::kDay:
      return IntegerTerm(dt->day);
    case Builtin::kHours:
      return IntegerTerm(dt->hour);
    case Builtin::kMinutes:
      return IntegerTerm(dt->minute);
    case Builtin::kSeconds:
      return DecimalTerm(dt->second);
    case Builtin::kTimezone:
      if (!dt->has_timezone) return std::nullopt;
      return Term::Literal(DayTimeDuration(dt->timezone_minutes),
                           std::string(kXsdDayTimeDuration));
    case Builtin::kTz:
      return Term::Literal(dt->timezone);
    default:
      return std::nullopt;
  }
}

Value Hash(Builtin builtin, const Term& arg) {
  if (!IsSimpleString(arg)) return std::nullopt;
  const EVP_MD* md = nullptr;
  switch (builtin) {
    case Builtin::kMd5:
      md = EVP_md5();
      break;
    case Builtin::kSha1:
      md = EVP_sha1();
      break;
    case Builtin::kSha224:
      md = EVP_sha224();
      break;
    case Builtin::kSha256:
      md = EVP_sha256();
      break;
    case Builtin::kSha384:
      md = EVP_sha384();
      break;
    default:
      md = EVP_sha512();
      break;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (md == nullptr || EVP_Digest(arg.lexical.data(), arg.lexical.size(),
                                  digest, &size, md, nullptr) != 1) {
    return std::nullopt;
  }
  return Term::Literal(HexLower(digest, size));
}

std::string UuidV4(std::mt19937_64& rng) {
  std::array<unsigned char, 16> b{};
  for (int half = 0; half < 2; ++half) {
    std::uint64_t r = rng();
    for (int i = 0; i < 8; ++i) {
      b[half * 8 + i] = static_cast<unsigned char>(r >> (8 * i));
    }
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122
  std::string hex = HexLower(b.data(), b.size());
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) +
         "-" + hex.substr(16, 4) + "-" + hex.substr(20);
}

Value RegexBuiltin(std::span<const Value> args, FunctionContext& context) {
  const Term& text = *args[0];
  const Term& pattern = *args[1];
  if (!IsStringLiteral(text) || !IsSimpleString(pattern)) return std::nullopt;
  std::string_view flags;
  if (args.size() == 3) {
    if (!IsSimpleString(*args[2])) return std::nullopt;
    flags = args[2]->lexical;
  }
  const CompiledRegex* re = context.Regex(pattern.lexical, flags);
  if (re == nullptr) return std::nullopt;
  std::optional<bool> found = RegexFind(*re, text.lexical);
  if (!found) return std::nullopt;
  return BooleanTerm(*found);
}

Value ReplaceBuiltin(std::span<const Value> args, FunctionContext& context) {
  const Term& text = *args[0];
  if (!IsStringLiteral(text) || !IsSimpleString(*args[1]) ||
      !IsSimpleString(*args[2])) {
    return std::nullopt;
  }
  std::string_view flags;
  if (args.size() == 4) {
    if (!IsSimpleString(*args[3])) return std::nullopt;
    flags = args[3]->lexical;
  }
  const CompiledRegex* re = context.Regex(args[1]->lexical, flags);
  if (re == nullptr) return std::nullopt;
  std::optional<std::string> out =
      ReplaceAll(*re, text.lexical, args[2]->lexical);
  if (!out) return std::nullopt;
  return StringLike(std::move(*out), text);
}

// Whether `n` arguments suit the grammar's arity for `builtin`.
bool ArityMatches(Builtin builtin, std::size_t n) {
  switch (builtin) {
    case Builtin::kRand:
    case Builtin::kNow:
    case Builtin::kUuid:
    case Builtin::kStrUuid:
      return n == 0;
    case Builtin::kBnode:
      return n <= 1;
    case Builtin::kConcat:
      return true;
    case Builtin::kLangMatches:
    case Builtin::kContains:
    case Builtin::kStrStarts:
    case Builtin::kStrEnds:
    case Builtin::kStrBefore:
    case Builtin::kStrAfter:
    case Builtin::kStrLang:
    case Builtin::kStrDt:
    case Builtin::kSameTerm:
      return n == 2;
    case Builtin::kSubstr:
    case Builtin::kRegex:
      return n == 2 || n == 3;
    case Builtin::kReplace:
      return n == 3 || n == 4;
    case Builtin::kBound:
    case Builtin::kIf:
    case Builtin::kCoalesce:
      return false;  // the evaluator's own
    default:
      return n == 1;
  }
}

// ---------------------------------------------------------------------------
// Casts (§17.5)

enum class CastKind : std::uint8_t {
  kString,
  kBoolean,
  kInteger,  // xsd:integer or a derived type: see integer_type
  kDecimal,
  kFloat,
  kDouble,
  kDateTime,
  kDate,
};

struct CastTarget {
  CastKind kind = CastKind::kString;
  const IntegerTypeInfo* integer_type = nullptr;
  std::string_view datatype;
};

std::optional<CastTarget> CastTargetOf(std::string_view iri) {
  CastTarget t;
  t.datatype = iri;
  if (iri == kXsdString) {
    t.kind = CastKind::kString;
  } else if (iri == kXsdBoolean) {
    t.kind = CastKind::kBoolean;
  } else if (iri == kXsdDecimal) {
    t.kind = CastKind::kDecimal;
  } else if (iri == kXsdFloat) {
    t.kind = CastKind::kFloat;
  } else if (iri == kXsdDouble) {
    t.kind = CastKind::kDouble;
  } else if (iri == kXsdDateTime) {
    t.kind = CastKind::kDateTime;
  } else if (iri == kXsdDate) {
    t.kind = CastKind::kDate;
  } else if ((t.integer_type = FindIntegerType(iri)) != nullptr) {
    t.kind = CastKind::kInteger;
  } else {
    return std::nullopt;
  }
  return t;
}

Value IntegerCastResult(Int128 v, const CastTarget& target) {
  if (!InIntegerRange(*target.integer_type, v)) return std::nullopt;
  return IntegerTerm(v, target.datatype);
}

// Truncation toward zero; nullopt for NaN, infinities and |x| >= 2^127.
std::optional<Int128> TruncateToInteger(double x) {
  if (!std::isfinite(x)) return std::nullopt;
  double t = std::trunc(x);
  if (std::fabs(t) >= std::ldexp(1.0, 127)) return std::nullopt;
  return static_cast<Int128>(t);
}

// XPath's xs:string of a number: integers and decimals plainly, doubles and
// floats in [1e-6, 1e6) in fixed notation, others in canonical form.
std::string NumericToXPathString(const Numeric& n) {
  switch (n.type) {
    case NumericType::kInteger:
      return Int128ToString(n.exact.units);
    case NumericType::kDecimal:
      return DecimalToPlainString(n.exact);
    case NumericType::kFloat:
    case NumericType::kDouble:
      break;
  }
  const double v = n.approx;
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  const double magnitude = std::fabs(v);
  if (std::isfinite(v) && magnitude >= 1e-6 && magnitude < 1e6) {
    return n.type == NumericType::kFloat ? FixedShortest(static_cast<float>(v))
                                         : FixedShortest(v);
  }
  return n.type == NumericType::kFloat ? FormatApprox(static_cast<float>(v))
                                       : FormatApprox(v);
}

Value CastFromString(const CastTarget& target, const Term& arg) {
  if (target.kind == CastKind::kString) return Term::Literal(arg.lexical);
  std::string_view s = TrimXsdWhitespace(arg.lexical);
  switch (target.kind) {
    case CastKind::kBoolean: {
      std::optional<bool> b = ParseBooleanLexical(s);
      if (!b) return std::nullopt;
      return BooleanTerm(*b);
    }
    case CastKind::kInteger: {
      Int128 v = 0;
      bool fits = false;
      if (!ParseIntegerLexical(s, &v, &fits) || !fits) return std::nullopt;
      return IntegerCastResult(v, target);
    }
    case CastKind::kDecimal: {
      std::optional<Decimal> d = ParseDecimalLexical(s);
      if (!d) return std::nullopt;
      return DecimalTerm(*d);
    }
    case CastKind::kFloat: {
      std::optional<float> f = ParseApprox<float>(s);
      if (!f) return std::nullopt;
      return FloatTerm(*f);
    }
    case CastKind::kDouble: {
      std::optional<double> d = ParseApprox<double>(s);
      if (!d) return std::nullopt;
      return DoubleTerm(*d);
    }
    case CastKind::kDateTime:
    case CastKind::kDate: {
      const bool date = target.kind == CastKind::kDate;
      if (!ParseDateTimeLexical(s, date)) return std::nullopt;
      return Term::Literal(std::string(s), std::string(target.datatype));
    }
    case CastKind::kString:
      break;
  }
  return std::nullopt;
}

Value CastFromNumeric(const CastTarget& target, const Numeric& n) {
  switch (target.kind) {
    case CastKind::kString:
      return Term::Literal(NumericToXPathString(n));
    case CastKind::kBoolean:
      return BooleanTerm(!IsZero(n) && !n.is_nan());
    case CastKind::kInteger: {
      if (n.is_exact()) {
        return IntegerCastResult(n.exact.units / Pow10(n.exact.scale), target);
      }
      std::optional<Int128> v = TruncateToInteger(n.approx);
      if (!v) return std::nullopt;
      return IntegerCastResult(*v, target);
    }
    case CastKind::kDecimal: {
      if (n.is_exact()) return DecimalTerm(n.exact);
      if (!std::isfinite(n.approx)) return std::nullopt;
      std::string digits = n.type == NumericType::kFloat
                               ? FixedShortest(static_cast<float>(n.approx))
                               : FixedShortest(n.approx);
      std::optional<Decimal> d = ParseDecimalLexical(digits);
      if (!d) return std::nullopt;
      return DecimalTerm(*d);
    }
    case CastKind::kFloat:
      return FloatTerm(ToFloat(n));
    case CastKind::kDouble:
      return DoubleTerm(ToDouble(n));
    case CastKind::kDateTime:
    case CastKind::kDate:
      break;
  }
  return std::nullopt;
}

Value CastFromBoolean(const CastTarget& target, bool b) {
  switch (target.kind) {
    case CastKind::kString:
      return Term::Literal(b ? "true" : "false");
    case CastKind::kBoolean:
      return BooleanTerm(b);
    case CastKind::kInteger:
      return IntegerCastResult(b ? 1 : 0, target);
    case CastKind::kDecimal:
      return DecimalTerm(Decimal{b ? 1 : 0, 0});
    case CastKind::kFloat:
      return FloatTerm(b ? 1.0f : 0.0f);
    case CastKind::kDouble:
      return DoubleTerm(b ? 1.0 : 0.0);
    case CastKind::kDateTime:
    case CastKind::kDate:
      break;
  }
  return std::nullopt;
}

Value CastFromDateTime(const CastTarget& target, const Term& arg,
                       bool is_date) {
  const std::string& lex = arg.lexical;
  switch (target.kind) {
    case CastKind::kString:
      return Term::Literal(lex);
    case CastKind::kDateTime: {
      if (!is_date) return arg;
      std::optional<DateTime> dt = ParseDateTimeLexical(lex, true);
      std::string day = lex.substr(0, lex.size() - dt->timezone.size());
      return Term::Literal(day + "T00:00:00" + dt->timezone,
                           std::string(kXsdDateTime));
    }
    case CastKind::kDate: {
      if (is_date) return arg;
      std::optional<DateTime> dt = ParseDateTimeLexical(lex, false);
      return Term::Literal(lex.substr(0, lex.find('T')) + dt->timezone,
                           std::string(kXsdDate));
    }
    default:
      return std::nullopt;
  }
}

Value Cast(const CastTarget& target, const Term& arg) {
  if (arg.is_iri()) {
    if (target.kind != CastKind::kString) return std::nullopt;
    return Term::Literal(arg.lexical);
  }
  if (!arg.is_literal()) return std::nullopt;
  switch (Classify(arg)) {
    case ValueClass::kString:
      return CastFromString(target, arg);
    case ValueClass::kNumeric:
      return CastFromNumeric(target, *ParseNumeric(arg));
    case ValueClass::kBoolean:
      return CastFromBoolean(target, *ParseBooleanLexical(arg.lexical));
    case ValueClass::kDateTime:
      return CastFromDateTime(target, arg, false);
    case ValueClass::kDate:
      return CastFromDateTime(target, arg, true);
    case ValueClass::kLangString:
    case ValueClass::kOther:
      break;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// ORDER BY

// Term kinds in ORDER BY order; unbound is lowest.
int KindRank(const Term* t) {
  if (t == nullptr) return 0;
  switch (t->kind) {
    case TermKind::kDefaultGraph:
      return 1;
    case TermKind::kBlank:
      return 2;
    case TermKind::kIri:
      return 3;
    case TermKind::kLiteral:
      return 4;
  }
  return 5;
}

// Literal groups in ORDER BY order. Strings with and without language tags
// sort together by lexical form.
int LiteralRank(ValueClass c) {
  switch (c) {
    case ValueClass::kNumeric:
      return 0;
    case ValueClass::kString:
    case ValueClass::kLangString:
      return 1;
    case ValueClass::kBoolean:
      return 2;
    case ValueClass::kDateTime:
      return 3;
    case ValueClass::kDate:
      return 4;
    case ValueClass::kOther:
      return 5;
  }
  return 5;
}

int Sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

// By value where the class has one, 0 on a tie (the caller breaks it).
int CompareLiteralValues(ValueClass c, const Term& a, const Term& b) {
  switch (c) {
    case ValueClass::kNumeric:
      return CompareNumericExactly(*ParseNumeric(a), *ParseNumeric(b));
    case ValueClass::kString:
    case ValueClass::kLangString: {
      if (int l = Sign(a.lexical.compare(b.lexical)); l != 0) return l;
      // The simple literal first, then by tag.
      return Sign(a.lang.compare(b.lang));
    }
    case ValueClass::kBoolean:
      return static_cast<int>(*ParseBooleanLexical(a.lexical)) -
             static_cast<int>(*ParseBooleanLexical(b.lexical));
    case ValueClass::kDateTime:
    case ValueClass::kDate: {
      const bool date = c == ValueClass::kDate;
      return CompareDateTimesTotally(*ParseDateTimeLexical(a.lexical, date),
                                     *ParseDateTimeLexical(b.lexical, date));
    }
    case ValueClass::kOther:
      break;
  }
  return 0;
}

}  // namespace

// ---------------------------------------------------------------------------
// Public functions

FunctionContext::FunctionContext()
    : now_(Term::Literal(CurrentDateTime(), std::string(kXsdDateTime))) {}

FunctionContext::~FunctionContext() = default;

void FunctionContext::SeedRng() {
  std::random_device device;
  std::seed_seq seed{device(), device(), device(), device(),
                     device(), device(), device(), device()};
  rng_.seed(seed);
  rng_seeded_ = true;
}

std::string FunctionContext::FreshBlankLabel() {
  if (bnode_prefix_.empty()) {
    const std::uint64_t random = rng()();
    bnode_prefix_ =
        "bnode" + HexLower(reinterpret_cast<const unsigned char*>(&random), 4) +
        "_";
  }
  return bnode_prefix_ + std::to_string(bnode_counter_++);
}

const CompiledRegex* FunctionContext::Regex(std::string_view pattern,
                                            std::string_view flags) {
  std::string key = std::to_string(flags.size()) + ":";
  key += flags;
  key += pattern;
  auto it = regex_cache_.find(key);
  if (it == regex_cache_.end()) {
    it = regex_cache_.emplace(std::move(key), CompileRegex(pattern, flags))
             .first;
  }
  return it->second.get();
}

const std::string& FunctionContext::SolutionBlankLabel(std::string_view key) {
  if (solution_serial != labelled_serial_) {
    solution_labels_.clear();
    labelled_serial_ = solution_serial;
  }
  auto it = solution_labels_.find(std::string(key));
  if (it == solution_labels_.end()) {
    it = solution_labels_.emplace(std::string(key), FreshBlankLabel()).first;
  }
  return it->second;
}

std::optional<bool> EffectiveBooleanValue(const Term& t) {
  if (!t.is_literal()) return std::nullopt;
  // "Plain literals" of §17.2.2 include language-tagged ones.
  if (IsStringLiteral(t)) return !t.lexical.empty();
  if (t.datatype == kXsdBoolean) {
    return ParseBooleanLexical(t.lexical).value_or(false);
  }
  if (NumericTypeOf(t.datatype)) {
    if (!IsValidNumericLexical(t)) return false;
    std::optional<Numeric> n = ParseNumeric(t);
    if (!n) return true;  // valid but beyond 128 bits: not zero
    return !IsZero(*n) && !n->is_nan();
  }
  return std::nullopt;
}

std::optional<bool> Compare(CompareOp op, const Term& a, const Term& b) {
  const Relation r = RelateTerms(a, b);
  if (r == Relation::kError) return std::nullopt;
  const bool equal = r == Relation::kEqual || r == Relation::kSameTerm;
  switch (op) {
    case CompareOp::kEq:
      return equal;
    case CompareOp::kNe:
      return !equal;
    default:
      break;
  }
  if (r == Relation::kSameTerm || r == Relation::kNotSameTerm) {
    return std::nullopt;  // no order between these terms
  }
  switch (op) {
    case CompareOp::kLt:
      return r == Relation::kLess;
    case CompareOp::kGt:
      return r == Relation::kGreater;
    case CompareOp::kLe:
      return r == Relation::kLess || r == Relation::kEqual;
    case CompareOp::kGe:
      return r == Relation::kGreater || r == Relation::kEqual;
    default:
      return std::nullopt;
  }
}

Value Arithmetic(ArithmeticOp op, const Term& a, const Term& b) {
  std::optional<Numeric> x = ParseNumeric(a), y = ParseNumeric(b);
  if (!x || !y) return std::nullopt;
  NumericType type = std::max(x->type, y->type);
  if (op == ArithmeticOp::kDivide && type == NumericType::kInteger) {
    type = NumericType::kDecimal;
  }
  switch (type) {
    case NumericType::kInteger: {
      Int128 p = x->exact.units, q = y->exact.units, r = 0;
      bool overflow = false;
      switch (op) {
        case ArithmeticOp::kAdd:
          overflow = __builtin_add_overflow(p, q, &r);
          break;
        case ArithmeticOp::kSubtract:
          overflow = __builtin_sub_overflow(p, q, &r);
          break;
        default:
          overflow = __builtin_mul_overflow(p, q, &r);
          break;
      }
      if (overflow) return std::nullopt;
      return IntegerTerm(r);
    }
    case NumericType::kDecimal: {
      std::optional<Decimal> r;
      switch (op) {
        case ArithmeticOp::kAdd:
          r = AddDecimal(x->exact, y->exact);
          break;
        case ArithmeticOp::kSubtract:
          r = SubtractDecimal(x->exact, y->exact);
          break;
        case ArithmeticOp::kMultiply:
          r = MultiplyDecimal(x->exact, y->exact);
          break;
        case ArithmeticOp::kDivide:
          r = DivideDecimal(x->exact, y->exact);
          break;
      }
      if (!r) return std::nullopt;
      return DecimalTerm(*r);
    }
    case NumericType::kFloat: {
      const float p = ToFloat(*x), q = ToFloat(*y);
      switch (op) {
        case ArithmeticOp::kAdd:
          return FloatTerm(p + q);
        case ArithmeticOp::kSubtract:
          return FloatTerm(p - q);
        case ArithmeticOp::kMultiply:
          return FloatTerm(p * q);
        case ArithmeticOp::kDivide:
          return FloatTerm(p / q);
      }
      break;
    }
    case NumericType::kDouble: {
      const double p = ToDouble(*x), q = ToDouble(*y);
      switch (op) {
        case ArithmeticOp::kAdd:
          return DoubleTerm(p + q);
        case ArithmeticOp::kSubtract:
          return DoubleTerm(p - q);
        case ArithmeticOp::kMultiply:
          return DoubleTerm(p * q);
        case ArithmeticOp::kDivide:
          return DoubleTerm(p / q);
      }
      break;
    }
  }
  return std::nullopt;
}

Value UnaryMinus(const Term& a) {
  std::optional<Numeric> n = ParseNumeric(a);
  if (!n) return std::nullopt;
  if (n->is_exact()) {
    std::optional<Decimal> negated = NegateDecimal(n->exact);
    if (!negated) return std::nullopt;
    n->exact = *negated;
  } else {
    n->approx = -n->approx;
  }
  return NumericTerm(*n);
}

Value UnaryPlus(const Term& a) {
  if (!ParseNumeric(a)) return std::nullopt;
  return a;
}

int OrderCompare(const Term* a, const Term* b) {
  const int ka = KindRank(a), kb = KindRank(b);
  if (ka != kb) return ka < kb ? -1 : 1;
  if (a == nullptr) return 0;
  if (!a->is_literal()) return Sign(a->lexical.compare(b->lexical));
  const ValueClass ca = Classify(*a), cb = Classify(*b);
  const int ra = LiteralRank(ca), rb = LiteralRank(cb);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (int c = CompareLiteralValues(ca, *a, *b); c != 0) return c;
  // Equal values (1 and 1.0, or two unknown datatypes): by term.
  if (int c = Sign(a->datatype.compare(b->datatype)); c != 0) return c;
  if (int c = Sign(a->lexical.compare(b->lexical)); c != 0) return c;
  return Sign(a->lang.compare(b->lang));
}

bool IsNumeric(const Term& t) { return IsValidNumericLexical(t); }

Value CallBuiltin(ast::Builtin builtin, std::span<const Value> args,
                  FunctionContext& context) {
  if (!ArityMatches(builtin, args.size())) return std::nullopt;
  for (const Value& v : args) {
    if (!v) return std::nullopt;
  }
  switch (builtin) {
    case Builtin::kStr:
      if (args[0]->is_literal() || args[0]->is_iri()) {
        return Term::Literal(args[0]->lexical);
      }
      return std::nullopt;
    case Builtin::kLang:
      if (!args[0]->is_literal()) return std::nullopt;
      return Term::Literal(args[0]->lang);
    case Builtin::kLangMatches:
      if (!IsSimpleString(*args[0]) || !IsSimpleString(*args[1])) {
        return std::nullopt;
      }
      return BooleanTerm(LangMatches(args[0]->lexical, args[1]->lexical));
    case Builtin::kDatatype:
      if (!args[0]->is_literal()) return std::nullopt;
      if (!args[0]->lang.empty()) return Term::Iri(std::string(kRdfLangString));
      return Term::Iri(args[0]->datatype.empty() ? std::string(kXsdString)
                                                 : args[0]->datatype);
    case Builtin::kIri:
    case Builtin::kUri: {
      if (args[0]->is_iri()) return *args[0];
      if (!IsSimpleString(*args[0])) return std::nullopt;
      std::string iri;
      ResolveIri(context.base_iri, args[0]->lexical, &iri);
      return Term::Iri(std::move(iri));
    }
    case Builtin::kBnode:
      if (args.empty()) return Term::Blank(context.FreshBlankLabel());
      if (!IsSimpleString(*args[0])) return std::nullopt;
      return Term::Blank(context.SolutionBlankLabel(args[0]->lexical));
    case Builtin::kRand:
      return DoubleTerm(
          std::uniform_real_distribution<double>(0.0, 1.0)(context.rng()));
    case Builtin::kAbs:
    case Builtin::kCeil:
    case Builtin::kFloor:
    case Builtin::kRound:
      return NumericFunction(builtin, *args[0]);
    case Builtin::kConcat:
      return Concat(args);
    case Builtin::kSubstr:
      return Substring(*args[0], *args[1],
                       args.size() == 3 ? &*args[2] : nullptr);
    case Builtin::kStrLen:
      if (!IsStringLiteral(*args[0])) return std::nullopt;
      return IntegerTerm(static_cast<Int128>(CodePointCount(args[0]->lexical)));
    case Builtin::kReplace:
      return ReplaceBuiltin(args, context);
    case Builtin::kUCase:
    case Builtin::kLCase:
      if (!IsStringLiteral(*args[0])) return std::nullopt;
      return StringLike(MapCase(args[0]->lexical, builtin == Builtin::kUCase),
                        *args[0]);
    case Builtin::kEncodeForUri:
      if (!IsStringLiteral(*args[0])) return std::nullopt;
      return Term::Literal(EncodeForUri(args[0]->lexical));
    case Builtin::kContains:
    case Builtin::kStrStarts:
    case Builtin::kStrEnds:
    case Builtin::kStrBefore:
    case Builtin::kStrAfter:
      return StringTest(builtin, *args[0], *args[1]);
    case Builtin::kYear:
    case Builtin::kMonth:
    case Builtin::kDay:
    case Builtin::kHours:
    case Builtin::kMinutes:
    case Builtin::kSeconds:
    case Builtin::kTimezone:
    case Builtin::kTz:
      return DateTimeFunction(builtin, *args[0]);
    case Builtin::kNow:
      return context.now();
    case Builtin::kUuid:
      return Term::Iri("urn:uuid:" + UuidV4(context.rng()));
    case Builtin::kStrUuid:
      return Term::Literal(UuidV4(context.rng()));
    case Builtin::kMd5:
    case Builtin::kSha1:
    case Builtin::kSha224:
    case Builtin::kSha256:
    case Builtin::kSha384:
    case Builtin::kSha512:
      return Hash(builtin, *args[0]);
    case Builtin::kStrLang:
      if (!IsSimpleString(*args[0]) || !IsSimpleString(*args[1]) ||
          !IsValidLanguageTag(args[1]->lexical)) {
        return std::nullopt;
      }
      return Term::LangLiteral(args[0]->lexical, args[1]->lexical);
    case Builtin::kStrDt:
      if (!IsSimpleString(*args[0]) || !args[1]->is_iri() ||
          args[1]->lexical == kRdfLangString) {
        return std::nullopt;
      }
      return Term::Literal(args[0]->lexical, args[1]->lexical);
    case Builtin::kSameTerm:
      return BooleanTerm(*args[0] == *args[1]);
    case Builtin::kIsIri:
    case Builtin::kIsUri:
      return BooleanTerm(args[0]->is_iri());
    case Builtin::kIsBlank:
      return BooleanTerm(args[0]->is_blank());
    case Builtin::kIsLiteral:
      return BooleanTerm(args[0]->is_literal());
    case Builtin::kIsNumeric:
      return BooleanTerm(IsNumeric(*args[0]));
    case Builtin::kRegex:
      return RegexBuiltin(args, context);
    case Builtin::kBound:
    case Builtin::kIf:
    case Builtin::kCoalesce:
      break;
  }
  return std::nullopt;
}

Value CallFunction(std::string_view iri, std::span<const Value> args,
                   FunctionContext& context, bool* known) {
  std::optional<CastTarget> target = CastTargetOf(iri);
  if (known != nullptr) *known = target.has_value();
  if (!target || args.size() != 1 || !args[0]) return std::nullopt;
  return Cast(*target, *args[0]);
}

}  // namespace kg::query
