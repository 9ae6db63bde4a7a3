// PEGTL terminal rules shared by N-Triples, N-Quads, Turtle, TriG and
// SPARQL: one struct per production, named and numbered as in RDF 1.1 Turtle
// (the N-Triples numbers are given where they differ). Pure rules only: no
// actions and no error messages here (see rdf_terminal_errors.h).
//
// Tokens never consume whitespace; grammars put `sp`/`WS` between them.
// Non-ASCII text is matched code point by code point with tao::pegtl::utf8
// rules, which reject malformed UTF-8, overlongs and surrogates, so a rule
// stops at the first invalid byte and the grammar reports an error there.
#ifndef KG_QUERY_SYNTAX_RDF_TERMINALS_H_
#define KG_QUERY_SYNTAX_RDF_TERMINALS_H_

#include <array>
#include <cstddef>
#include <iterator>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kg::query::terminals {

using namespace tao::pegtl;  // NOLINT: grammar headers read better unqualified

// ---------------------------------------------------------------------------
// Fast runs. A run rule consumes one or more bytes of a class in a single
// match() call (ASCII compared byte by byte, multi-byte sequences validated
// as UTF-8). They only speed up the `star<sor<...>>` bodies of IRIs, strings
// and comments; each grammar's meaning is unchanged.

namespace internal_run {

// Length of the valid UTF-8 sequence at p[0..n), or 0.
inline std::size_t Utf8Length(const unsigned char* p, std::size_t n) {
  const unsigned char c0 = p[0];
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
  return len;
}

// A run's class is given by the ASCII bytes it excludes: those below
// Excluded::kBelow and those listed in Excluded::kBytes.
#if defined(__SSE2__)
// The bytes of the block `v` that are excluded or not ASCII (the comparisons
// written out, with constant operands, so that none is rebuilt per block).
template <class Excluded, std::size_t... I>
inline __m128i Stops(__m128i v, std::index_sequence<I...>) {
  // Signed: a byte of 0x80 or more is negative, so below kBelow too.
  __m128i hit =
      _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(Excluded::kBelow)));
  ((hit = _mm_or_si128(hit,
                       _mm_cmpeq_epi8(v, _mm_set1_epi8(Excluded::kBytes[I])))),
   ...);
  return hit;
}
#endif

// How many bytes at p[0..n) can be skipped 16 at a time: the offset of the
// first byte that is excluded or not ASCII in the first block of 16 that
// holds one, or the length of the whole blocks before the last n % 16
// bytes. A string of IRIs and literals is mostly such plain bytes, which
// one byte at a time cost about 9 instructions each (a quarter of parsing
// a bulk INSERT DATA went to the IRIs).
template <class Excluded>
inline std::size_t SkipPlain(const unsigned char* p, std::size_t n) {
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const int mask = _mm_movemask_epi8(Stops<Excluded>(
        v, std::make_index_sequence<std::size(Excluded::kBytes)>()));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  return i;
}

// Matches one or more characters: ASCII bytes that Excluded does not
// exclude, and every well-formed non-ASCII character.
template <class Excluded>
struct run {
  using rule_t = run;
  using subs_t = empty_list;

  // Whether each ASCII byte is excluded, looked up instead of evaluated (a
  // chain of comparisons per byte was a tenth of parsing a bulk INSERT
  // DATA).
  static constexpr std::array<bool, 128> kExcluded = [] {
    std::array<bool, 128> t{};
    for (unsigned c = 0; c < 128; ++c) t[c] = c < Excluded::kBelow;
    for (const char b : Excluded::kBytes)
      t[static_cast<unsigned char>(b)] = true;
    return t;
  }();

  template <apply_mode, rewind_mode, template <typename...> class,
            template <typename...> class, class ParseInput, class... States>
  static bool match(ParseInput& in, States&&...) {
    // Bytes are read in windows so that a streaming input refills as needed
    // (a memory input's window is all that is left).
    std::size_t total = 0;
    for (;;) {
      const std::size_t avail = in.size(4096);
      if (avail == 0) break;
      const auto* p = reinterpret_cast<const unsigned char*>(in.current());
      std::size_t i = 0;
      bool window_end = true;
      while (i < avail) {
        i += SkipPlain<Excluded>(p + i, avail - i);
        if (i == avail) break;
        const unsigned char c = p[i];
        if (c < 0x80) {
          if (kExcluded[c]) {
            window_end = false;
            break;
          }
          ++i;
          continue;
        }
        const std::size_t len = Utf8Length(p + i, avail - i);
        if (len == 0) {
          // A sequence cut by the window's end is read again in the next
          // window; anything else is invalid UTF-8 and ends the run.
          window_end = i > 0 && avail - i < 4;
          break;
        }
        i += len;
      }
      if (i == 0) break;
      in.bump_in_this_line(i);
      total += i;
      if (!window_end) break;
    }
    return total > 0;
  }
};

struct iri_excluded {
  // [^#x00-#x20<>"{}|^`\]
  static constexpr unsigned char kBelow = 0x21;
  static constexpr char kBytes[] = {'<', '>', '"', '{', '}',
                                    '|', '^', '`', '\\'};
};
template <char Quote>
struct string_excluded {
  // [^#x22#x5C#xA#xD] (or #x27 for single quotes)
  static constexpr unsigned char kBelow = 0;
  static constexpr char kBytes[] = {Quote, '\\', '\n', '\r'};
};
template <char Quote>
struct long_string_excluded {
  static constexpr unsigned char kBelow = 0;
  static constexpr char kBytes[] = {Quote, '\\'};
};
struct comment_excluded {
  static constexpr unsigned char kBelow = 0;
  static constexpr char kBytes[] = {'\n', '\r'};
};

}  // namespace internal_run

// ---------------------------------------------------------------------------
// Character classes

// [171s] HEX ::= [0-9] | [A-F] | [a-f]
struct HEX : xdigit {};

// [163s] PN_CHARS_BASE
struct PN_CHARS_BASE
    : sor<ranges<'A', 'Z', 'a', 'z'>,
          utf8::ranges<0x00C0, 0x00D6, 0x00D8, 0x00F6, 0x00F8, 0x02FF, 0x0370,
                       0x037D, 0x037F, 0x1FFF, 0x200C, 0x200D, 0x2070, 0x218F,
                       0x2C00, 0x2FEF, 0x3001, 0xD7FF, 0xF900, 0xFDCF, 0xFDF0,
                       0xFFFD, 0x10000, 0xEFFFF>> {};

// [164s] PN_CHARS_U ::= PN_CHARS_BASE | '_'
// (N-Triples [158s] also lists ':', but the RDF 1.1 test suite rejects
// `_:abc:def`, so both syntaxes use this rule.)
struct PN_CHARS_U : sor<PN_CHARS_BASE, one<'_'>> {};

// [166s] PN_CHARS ::= PN_CHARS_U | '-' | [0-9] | #x00B7 | [#x0300-#x036F]
//                     | [#x203F-#x2040]
struct PN_CHARS
    : sor<PN_CHARS_U, one<'-'>, digit,
          utf8::ranges<0x00B7, 0x00B7, 0x0300, 0x036F, 0x203F, 0x2040>> {};

// [161s] WS ::= #x20 | #x9 | #xD | #xA
struct WS : one<' ', '\t', '\r', '\n'> {};

// ---------------------------------------------------------------------------
// Escapes

// [26] UCHAR ::= '\u' HEX HEX HEX HEX | '\U' HEX HEX HEX HEX HEX HEX HEX HEX
struct UCHAR
    : seq<one<'\\'>,
          sor<seq<one<'u'>, rep<4, HEX>>, seq<one<'U'>, rep<8, HEX>>>> {};

// [159s] ECHAR ::= '\' [tbnrf"'\]
struct ECHAR : seq<one<'\\'>, one<'t', 'b', 'n', 'r', 'f', '"', '\'', '\\'>> {};

// A backslash that starts neither UCHAR nor ECHAR: a global error.
struct invalid_string_escape
    : seq<at<one<'\\'>>, raise<invalid_string_escape>> {};
// A backslash in an IRI that does not start UCHAR: a global error.
struct invalid_iri_escape : seq<at<one<'\\'>>, raise<invalid_iri_escape>> {};

// ---------------------------------------------------------------------------
// IRIs, prefixed names, blank nodes

struct iri_chars : internal_run::run<internal_run::iri_excluded> {};

// [18] IRIREF ::= '<' ([^#x00-#x20<>"{}|^`\] | UCHAR)* '>'
// (N-Triples [8].) Not a `must` rule: in SPARQL '<' is also an operator.
// Actions belong on `iri_body`, which never fails: a rule with an action is
// rewound when it fails, which would move a `must<IRIREF>` error back to '<'.
struct iri_body : star<sor<iri_chars, UCHAR, invalid_iri_escape>> {};
struct IRIREF : seq<one<'<'>, iri_body, one<'>'>> {};

// [167s] PN_PREFIX ::= PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)?
struct PN_PREFIX
    : seq<PN_CHARS_BASE, star<sor<PN_CHARS, seq<plus<one<'.'>>, PN_CHARS>>>> {};

// [170s] PERCENT ::= '%' HEX HEX
struct PERCENT : seq<one<'%'>, HEX, HEX> {};

// [172s] PN_LOCAL_ESC ::= '\' ('_' | '~' | '.' | '-' | '!' | '$' | '&' | "'"
//        | '(' | ')' | '*' | '+' | ',' | ';' | '=' | '/' | '?' | '#' | '@' |
//        '%')
struct PN_LOCAL_ESC
    : seq<one<'\\'>, one<'_', '~', '.', '-', '!', '$', '&', '\'', '(', ')', '*',
                         '+', ',', ';', '=', '/', '?', '#', '@', '%'>> {};

// [169s] PLX ::= PERCENT | PN_LOCAL_ESC
struct PLX : sor<PERCENT, PN_LOCAL_ESC> {};

// [168s] PN_LOCAL ::= (PN_CHARS_U | ':' | [0-9] | PLX)
//                     ((PN_CHARS | '.' | ':' | PLX)* (PN_CHARS | ':' | PLX))?
struct pn_local_char : sor<PN_CHARS, one<':'>, PLX> {};
struct PN_LOCAL
    : seq<sor<PN_CHARS_U, one<':'>, digit, PLX>,
          star<sor<pn_local_char, seq<plus<one<'.'>>, pn_local_char>>>> {};

// [139s] PNAME_NS ::= PN_PREFIX? ':'
struct PNAME_NS : seq<opt<PN_PREFIX>, one<':'>> {};

// [140s] PNAME_LN ::= PNAME_NS PN_LOCAL
struct PNAME_LN : seq<PNAME_NS, PN_LOCAL> {};

// [141s] BLANK_NODE_LABEL ::= '_:' (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')*
//        PN_CHARS)?      (N-Triples [141s])
struct blank_node_label_start : sor<PN_CHARS_U, digit> {};
struct BLANK_NODE_LABEL
    : seq<one<'_'>, one<':'>, must<blank_node_label_start>,
          star<sor<PN_CHARS, seq<plus<one<'.'>>, PN_CHARS>>>> {};

// [162s] ANON ::= '[' WS* ']'   (comments count as white space)
struct comment;
struct ANON : seq<one<'['>, star<sor<WS, comment>>, one<']'>> {};

// ---------------------------------------------------------------------------
// Literals

// [144s] LANGTAG ::= '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*
struct langtag_body : seq<plus<alpha>, star<one<'-'>, plus<alnum>>> {};
struct LANGTAG : seq<one<'@'>, must<langtag_body>> {};

// [154s] EXPONENT ::= [eE] [+-]? [0-9]+
struct EXPONENT : seq<one<'e', 'E'>, opt<one<'+', '-'>>, plus<digit>> {};

// [19] INTEGER ::= [+-]? [0-9]+
struct INTEGER : seq<opt<one<'+', '-'>>, plus<digit>> {};

// [20] DECIMAL ::= [+-]? [0-9]* '.' [0-9]+
struct DECIMAL : seq<opt<one<'+', '-'>>, star<digit>, one<'.'>, plus<digit>> {};

// [21] DOUBLE ::= [+-]? ([0-9]+ '.' [0-9]* EXPONENT | '.' [0-9]+ EXPONENT
//                 | [0-9]+ EXPONENT)
struct DOUBLE : seq<opt<one<'+', '-'>>,
                    sor<seq<plus<digit>, one<'.'>, star<digit>, EXPONENT>,
                        seq<one<'.'>, plus<digit>, EXPONENT>,
                        seq<plus<digit>, EXPONENT>>> {};

template <char Q>
struct string_chars : internal_run::run<internal_run::string_excluded<Q>> {};
template <char Q>
struct long_string_chars
    : internal_run::run<internal_run::long_string_excluded<Q>> {};
template <char Q>
struct string_body
    : star<sor<string_chars<Q>, ECHAR, UCHAR, invalid_string_escape>> {};

// The closing quote of a one-line string; `must`, since an opening quote is
// unambiguous in every grammar that uses these rules.
struct string_end_quote : one<'"'> {};
struct string_end_single_quote : one<'\''> {};
struct long_string_end_quote : string<'"', '"', '"'> {};
struct long_string_end_single_quote : string<'\'', '\'', '\''> {};

// [22] STRING_LITERAL_QUOTE ::= '"' ([^#x22#x5C#xA#xD] | ECHAR | UCHAR)* '"'
// (N-Triples [9].)
struct STRING_LITERAL_QUOTE
    : seq<one<'"'>, string_body<'"'>, must<string_end_quote>> {};

// [23] STRING_LITERAL_SINGLE_QUOTE ::= "'" ([^#x27#x5C#xA#xD] | ECHAR
//      | UCHAR)* "'"
struct STRING_LITERAL_SINGLE_QUOTE
    : seq<one<'\''>, string_body<'\''>, must<string_end_single_quote>> {};

template <char Q>
struct long_string_body
    : star<
          seq<opt<one<Q>>, opt<one<Q>>,
              sor<long_string_chars<Q>, ECHAR, UCHAR, invalid_string_escape>>> {
};

// [24] STRING_LITERAL_LONG_SINGLE_QUOTE ::= "'''" (("'" | "''")?
//      ([^'\] | ECHAR | UCHAR))* "'''"
struct STRING_LITERAL_LONG_SINGLE_QUOTE
    : seq<string<'\'', '\'', '\''>, long_string_body<'\''>,
          must<long_string_end_single_quote>> {};

// [25] STRING_LITERAL_LONG_QUOTE ::= '"""' (('"' | '""')? ([^"\] | ECHAR
//      | UCHAR))* '"""'
struct STRING_LITERAL_LONG_QUOTE
    : seq<string<'"', '"', '"'>, long_string_body<'"'>,
          must<long_string_end_quote>> {};

// ---------------------------------------------------------------------------
// Comments: '#' up to the end of the line (valid UTF-8 only).
struct comment_chars : internal_run::run<internal_run::comment_excluded> {};
struct comment : seq<one<'#'>, opt<comment_chars>> {};

}  // namespace kg::query::terminals

namespace tao::pegtl {

// analyze<>() must know that a run consumes input whenever it succeeds.
template <class Name, class Excluded>
struct analyze_traits<Name, kg::query::terminals::internal_run::run<Excluded>>
    : analyze_any_traits<> {};

}  // namespace tao::pegtl

#endif  // KG_QUERY_SYNTAX_RDF_TERMINALS_H_
