// RDF 1.1 terms as embedders see them: IRIs, blank nodes and literals, plus
// the default graph as a graph name.
#ifndef KG_TERM_H_
#define KG_TERM_H_

#include <compare>
#include <string>
#include <string_view>

namespace kg {

inline constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view kXsdString =
    "http://www.w3.org/2001/XMLSchema#string";
inline constexpr std::string_view kRdfLangString =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
inline constexpr std::string_view kXsdBoolean =
    "http://www.w3.org/2001/XMLSchema#boolean";
inline constexpr std::string_view kXsdInteger =
    "http://www.w3.org/2001/XMLSchema#integer";
inline constexpr std::string_view kXsdDecimal =
    "http://www.w3.org/2001/XMLSchema#decimal";
inline constexpr std::string_view kXsdFloat =
    "http://www.w3.org/2001/XMLSchema#float";
inline constexpr std::string_view kXsdDouble =
    "http://www.w3.org/2001/XMLSchema#double";
inline constexpr std::string_view kXsdDate =
    "http://www.w3.org/2001/XMLSchema#date";
inline constexpr std::string_view kXsdDateTime =
    "http://www.w3.org/2001/XMLSchema#dateTime";

enum class TermKind : unsigned char {
  kDefaultGraph = 0,  // only valid as a quad's graph
  kIri = 1,
  kBlank = 2,
  kLiteral = 3,
};

// One RDF term. Values are plain data: copy freely.
//
// Literals: `lexical` is the lexical form (unescaped UTF-8). A literal with a
// language tag has `lang` set (always stored lower-case) and datatype
// rdf:langString; any other literal has `datatype` set, and `"a"` is the same
// term as `"a"^^xsd:string` (both have datatype xsd:string).
// IRIs: `lexical` is the IRI without angle brackets.
// Blank nodes: `lexical` is the label without "_:".
struct Term {
  TermKind kind = TermKind::kDefaultGraph;
  std::string lexical;
  std::string datatype;
  std::string lang;

  static Term DefaultGraph() { return Term{}; }
  static Term Iri(std::string iri) {
    return Term{TermKind::kIri, std::move(iri), {}, {}};
  }
  static Term Blank(std::string label) {
    return Term{TermKind::kBlank, std::move(label), {}, {}};
  }
  // A literal with datatype `datatype` (xsd:string if empty).
  static Term Literal(std::string lexical, std::string datatype = {});
  // A language-tagged string; the tag is lower-cased.
  static Term LangLiteral(std::string lexical, std::string lang);

  bool is_iri() const { return kind == TermKind::kIri; }
  bool is_blank() const { return kind == TermKind::kBlank; }
  bool is_literal() const { return kind == TermKind::kLiteral; }
  bool is_default_graph() const { return kind == TermKind::kDefaultGraph; }

  // The N-Triples form: <iri>, _:label, "lex"@lang, "lex"^^<dt>, or "lex"
  // for xsd:string. The default graph prints as an empty string.
  std::string ToNTriples() const;

  friend bool operator==(const Term&, const Term&) = default;
  friend auto operator<=>(const Term&, const Term&) = default;
};

// Appends `s` to `out` escaped as the inside of an N-Triples string literal.
void AppendEscapedString(std::string_view s, std::string* out);

}  // namespace kg

#endif  // KG_TERM_H_
