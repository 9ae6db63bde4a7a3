// Term ids, inline literal values, dictionary keys and quad keys; see the
// grammar in encoding.h.
#include "store/encoding.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

namespace kg::store {
namespace {

constexpr std::int64_t kMaxBiased = (std::int64_t{1} << 55) - 1;
constexpr std::int64_t kDecimalScale = 1000000;

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

bool ParseFixedDigits(std::string_view s, int* out) {
  if (!AllDigits(s)) return false;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, std::int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<std::int64_t>(yoe) + era * 400 + (*m <= 2);
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// "YYYY-MM-DD" with a four-digit year 0001..9999.
bool ParseDate(std::string_view s, std::int64_t* days) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y, m, d;
  if (!ParseFixedDigits(s.substr(0, 4), &y) ||
      !ParseFixedDigits(s.substr(5, 2), &m) ||
      !ParseFixedDigits(s.substr(8, 2), &d)) {
    return false;
  }
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  int max_day = kMonthDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
  if (d > max_day) return false;
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

std::string FormatDate(std::int64_t days) {
  std::int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

// "YYYY-MM-DDThh:mm:ss[.f{1,3}][Z]"
bool ParseDateTime(std::string_view s, std::int64_t* ms, bool* utc) {
  *utc = false;
  if (!s.empty() && s.back() == 'Z') {
    *utc = true;
    s.remove_suffix(1);
  }
  if (s.size() < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':') {
    return false;
  }
  std::int64_t days;
  int hh, mm, ss;
  if (!ParseDate(s.substr(0, 10), &days) ||
      !ParseFixedDigits(s.substr(11, 2), &hh) ||
      !ParseFixedDigits(s.substr(14, 2), &mm) ||
      !ParseFixedDigits(s.substr(17, 2), &ss)) {
    return false;
  }
  if (hh > 23 || mm > 59 || ss > 59) return false;
  int frac_ms = 0;
  if (s.size() > 19) {
    std::string_view frac = s.substr(19);
    if (frac[0] != '.' || frac.size() < 2 || frac.size() > 4) return false;
    frac.remove_prefix(1);
    int f;
    if (!ParseFixedDigits(frac, &f)) return false;
    for (std::size_t i = frac.size(); i < 3; ++i) f *= 10;
    frac_ms = f;
  }
  *ms = ((days * 24 + hh) * 60 + mm) * 60000 + ss * 1000 + frac_ms;
  return true;
}

std::string FormatDateTime(std::int64_t ms, bool utc) {
  std::int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  std::int64_t rest = ms - days * 86400000;
  int frac = static_cast<int>(rest % 1000);
  rest /= 1000;
  std::string out = FormatDate(days);
  out += fmt::format("T{:02}:{:02}:{:02}", rest / 3600, (rest / 60) % 60,
                     rest % 60);
  if (frac != 0) {
    std::string f = fmt::format("{:03}", frac);
    while (f.back() == '0') f.pop_back();
    out += "." + f;
  }
  if (utc) out += "Z";
  return out;
}

std::string FormatDecimal(std::int64_t scaled) {
  bool neg = scaled < 0;
  std::uint64_t a = neg ? static_cast<std::uint64_t>(-scaled)
                        : static_cast<std::uint64_t>(scaled);
  std::string frac = fmt::format("{:06}", a % kDecimalScale);
  while (frac.size() > 1 && frac.back() == '0') frac.pop_back();
  return fmt::format("{}{}.{}", neg ? "-" : "", a / kDecimalScale, frac);
}

// XSD canonical double: mantissa d.ddd (at least one fractional digit),
// 'E', exponent without '+' or leading zeros.
std::string FormatDouble(double v) {
  char buf[64];
  auto r =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
  std::size_t e = s.find('e');
  std::string mant(s.substr(0, e));
  if (mant.find('.') == std::string::npos) mant += ".0";
  int exp = 0;
  std::from_chars(s.data() + e + 1 + (s[e + 1] == '+' ? 1 : 0),
                  s.data() + s.size(), exp);
  return fmt::format("{}E{}", mant, exp);
}

std::uint64_t DoubleOrderBits(double v) {
  std::uint64_t u = std::bit_cast<std::uint64_t>(v);
  return (u >> 63) ? ~u : (u | (std::uint64_t{1} << 63));
}

double DoubleFromOrderBits(std::uint64_t u) {
  u = (u >> 63) ? (u & ~(std::uint64_t{1} << 63)) : ~u;
  return std::bit_cast<double>(u);
}

std::optional<TermId> EncodeValue(const Term& term) {
  const std::string& lex = term.lexical;
  const std::string& dt = term.datatype;
  if (dt == kXsdBoolean) {
    if (lex == "true") return MakeId(IdTag::kBoolean, 1);
    if (lex == "false") return MakeId(IdTag::kBoolean, 0);
    return std::nullopt;
  }
  if (dt == kXsdInteger) {
    std::int64_t v;
    auto r = std::from_chars(lex.data(), lex.data() + lex.size(), v);
    if (r.ec != std::errc() || r.ptr != lex.data() + lex.size()) {
      return std::nullopt;
    }
    if (v > kMaxBiased || v < -kMaxBiased) return std::nullopt;
    return MakeId(IdTag::kInteger,
                  static_cast<std::uint64_t>(v) + kPayloadBias);
  }
  if (dt == kXsdDecimal) {
    std::size_t dot = lex.find('.');
    if (dot == std::string::npos) return std::nullopt;
    std::string_view ip(lex.data(), dot);
    std::string_view fp(lex.data() + dot + 1, lex.size() - dot - 1);
    bool neg = !ip.empty() && ip[0] == '-';
    if (neg) ip.remove_prefix(1);
    if (!AllDigits(ip) || !AllDigits(fp) || ip.size() > 11 || fp.size() > 6) {
      return std::nullopt;
    }
    std::int64_t iv = 0, fv = 0;
    for (char c : ip) iv = iv * 10 + (c - '0');
    for (char c : fp) fv = fv * 10 + (c - '0');
    for (std::size_t i = fp.size(); i < 6; ++i) fv *= 10;
    std::int64_t scaled = iv * kDecimalScale + fv;
    if (scaled > kMaxBiased) return std::nullopt;
    if (neg) scaled = -scaled;
    return MakeId(IdTag::kDecimal,
                  static_cast<std::uint64_t>(scaled) + kPayloadBias);
  }
  if (dt == kXsdDouble) {
    double v;
    auto r = std::from_chars(lex.data(), lex.data() + lex.size(), v);
    if (r.ec != std::errc() || r.ptr != lex.data() + lex.size() ||
        !std::isfinite(v)) {
      return std::nullopt;
    }
    // Only doubles whose low 8 mantissa bits are zero fit in 56 bits.
    if ((std::bit_cast<std::uint64_t>(v) & 0xff) != 0) return std::nullopt;
    return MakeId(IdTag::kDouble, DoubleOrderBits(v) >> 8);
  }
  if (dt == kXsdDate) {
    std::int64_t days;
    if (!ParseDate(lex, &days)) return std::nullopt;
    return MakeId(IdTag::kDate,
                  static_cast<std::uint64_t>(days) + kPayloadBias);
  }
  if (dt == kXsdDateTime) {
    std::int64_t ms;
    bool utc;
    if (!ParseDateTime(lex, &ms, &utc)) return std::nullopt;
    return MakeId(utc ? IdTag::kDateTimeUtc : IdTag::kDateTime,
                  static_cast<std::uint64_t>(ms) + kPayloadBias);
  }
  return std::nullopt;
}

std::int64_t Unbias(TermId id) {
  return static_cast<std::int64_t>(PayloadOf(id) - kPayloadBias);
}

void PutVarint(std::size_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, std::size_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    auto b = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    *v |= static_cast<std::size_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

}  // namespace

std::optional<TermId> EncodeInline(const Term& term) {
  if (!term.is_literal() || !term.lang.empty()) return std::nullopt;
  std::optional<TermId> id = EncodeValue(term);
  // Inline only when the canonical form reproduces the input exactly.
  if (id && DecodeInline(*id).lexical != term.lexical) return std::nullopt;
  return id;
}

Term DecodeInline(TermId id) {
  switch (TagOf(id)) {
    case IdTag::kBoolean:
      return Term::Literal(PayloadOf(id) ? "true" : "false",
                           std::string(kXsdBoolean));
    case IdTag::kInteger:
      return Term::Literal(std::to_string(Unbias(id)),
                           std::string(kXsdInteger));
    case IdTag::kDecimal:
      return Term::Literal(FormatDecimal(Unbias(id)), std::string(kXsdDecimal));
    case IdTag::kDouble: {
      // Negative values had their (all-zero) low bits inverted to ones.
      std::uint64_t bits = PayloadOf(id) << 8;
      if ((bits >> 63) == 0) bits |= 0xff;
      return Term::Literal(FormatDouble(DoubleFromOrderBits(bits)),
                           std::string(kXsdDouble));
    }
    case IdTag::kDate:
      return Term::Literal(FormatDate(Unbias(id)), std::string(kXsdDate));
    case IdTag::kDateTime:
    case IdTag::kDateTimeUtc:
      return Term::Literal(
          FormatDateTime(Unbias(id), TagOf(id) == IdTag::kDateTimeUtc),
          std::string(kXsdDateTime));
    default:
      return Term::Literal("", {});
  }
}

std::string TermKey(const Term& term) {
  std::string key;
  AppendTermKey(term, &key);
  return key;
}

void AppendTermKey(const Term& term, std::string* key) {
  switch (term.kind) {
    case TermKind::kDefaultGraph:
      break;
    case TermKind::kIri:
      key->push_back('I');
      key->append(term.lexical);
      break;
    case TermKind::kBlank:
      key->push_back('B');
      key->append(term.lexical);
      break;
    case TermKind::kLiteral:
      if (!term.lang.empty()) {
        key->push_back('L');
        PutVarint(term.lang.size(), key);
        key->append(term.lang);
      } else if (term.datatype.empty() || term.datatype == kXsdString) {
        key->push_back('S');
      } else {
        key->push_back('T');
        PutVarint(term.datatype.size(), key);
        key->append(term.datatype);
      }
      key->append(term.lexical);
      break;
  }
}

IdTag DictionaryTag(const Term& term) {
  switch (term.kind) {
    case TermKind::kIri:
      return IdTag::kIri;
    case TermKind::kBlank:
      return IdTag::kBlank;
    case TermKind::kLiteral:
      return IdTag::kLiteral;
    case TermKind::kDefaultGraph:
      break;
  }
  return IdTag::kDefaultGraph;
}

Result<Term> TermFromKey(std::string_view key) {
  if (key.empty()) return Status::Corruption("empty dictionary entry");
  char kind = key[0];
  key.remove_prefix(1);
  switch (kind) {
    case 'I':
      return Term::Iri(std::string(key));
    case 'B':
      return Term::Blank(std::string(key));
    case 'S':
      return Term::Literal(std::string(key), {});
    case 'L':
    case 'T': {
      std::size_t n;
      if (!GetVarint(&key, &n) || n > key.size()) {
        return Status::Corruption("bad dictionary entry");
      }
      std::string tag(key.substr(0, n));
      std::string lex(key.substr(n));
      if (kind == 'L') {
        return Term{TermKind::kLiteral, std::move(lex),
                    std::string(kRdfLangString), std::move(tag)};
      }
      return Term::Literal(std::move(lex), std::move(tag));
    }
    default:
      return Status::Corruption(
          fmt::format("unknown dictionary entry kind {:#x}",
                      static_cast<unsigned char>(kind)));
  }
}

std::string_view IndexOrderName(IndexOrder order) {
  static constexpr std::string_view kNames[] = {"spog", "posg", "ospg",
                                                "gspo", "gpos", "gosp"};
  return kNames[static_cast<int>(order)];
}

std::string U64Bytes(std::uint64_t v) {
  std::string s(8, '\0');
  PutU64(v, s.data());
  return s;
}

std::string StatKey(char kind, TermId id) {
  std::string k(1, kind);
  k += U64Bytes(id);
  return k;
}

QuadKey EncodeQuadKey(IndexOrder order, const IdQuad& q) {
  QuadKey key;
  const int* pos = kOrderPositions[static_cast<int>(order)];
  for (int i = 0; i < 4; ++i) PutU64(Position(q, pos[i]), key.data() + 8 * i);
  return key;
}

IdQuad DecodeQuadKey(IndexOrder order, const char* key) {
  TermId v[4];
  const int* pos = kOrderPositions[static_cast<int>(order)];
  for (int i = 0; i < 4; ++i) v[pos[i]] = GetU64(key + 8 * i);
  return IdQuad{v[0], v[1], v[2], v[3]};
}

IndexOrder ChooseOrder(const IdPattern& pattern, int* prefix_ids) {
  int best = 0;
  IndexOrder best_order = IndexOrder::kSPOG;
  for (IndexOrder order : kAllIndexOrders) {
    const int* pos = kOrderPositions[static_cast<int>(order)];
    int n = 0;
    while (n < 4 && pattern.at(pos[n]).has_value()) ++n;
    if (n > best) {
      best = n;
      best_order = order;
    }
  }
  *prefix_ids = best;
  return best_order;
}

std::string PatternPrefix(IndexOrder order, const IdPattern& pattern,
                          int prefix_ids) {
  std::string prefix(static_cast<std::size_t>(8 * prefix_ids), '\0');
  const int* pos = kOrderPositions[static_cast<int>(order)];
  for (int i = 0; i < prefix_ids; ++i) {
    PutU64(*pattern.at(pos[i]), prefix.data() + 8 * i);
  }
  return prefix;
}

bool IdQuadLessInOrder(IndexOrder order, const IdQuad& a, const IdQuad& b) {
  const int* pos = kOrderPositions[static_cast<int>(order)];
  for (int i = 0; i < 4; ++i) {
    TermId x = Position(a, pos[i]), y = Position(b, pos[i]);
    if (x != y) return x < y;
  }
  return false;
}

}  // namespace kg::store
