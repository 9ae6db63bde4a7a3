// The shell's shorthand: parsing one line (docs/shell.md has the grammar)
// and compiling its patterns to SPARQL. Names are resolved by the caller
// through ShorthandResolver, so that this layer needs no database:
//
//   France drafted ?r                 SELECT ?r WHERE { :France :drafted ?r }
//   ?r drafted-by UnitedStates        SELECT ?r WHERE { :UnitedStates :drafted
//   ?r } Hafter backed-by+ ?x              SELECT ?x WHERE { :Hafter
//   :backed-by+ ?x } France drafted USGazaDraft        ASK { :France :drafted
//   :USGazaDraft }
#ifndef KG_QUERY_SYNTAX_SHORTHAND_PARSER_H_
#define KG_QUERY_SYNTAX_SHORTHAND_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/status.h"

namespace kg::query {

// One subject, object or path link as written.
struct ShorthandTerm {
  enum class Kind : std::uint8_t {
    kVariable,      // ?x or $x; `text` is "x"
    kIri,           // <...>; `text` is as written, brackets included
    kPrefixedName,  // p:local; `text` as written
    kLiteral,       // "..."@lang, '...'^^dt; `text` as written
    kNumber,        // 11, 2.5, 1e3; `text` as written
    kName,          // a bare or quoted name; `text` without quotes
    kRdfType,       // the keyword `a`
  };
  Kind kind = Kind::kName;
  std::string text;
  std::size_t offset = 0;  // byte offset of the term in the line
};

// A property path: a link, or an operator over sub-paths.
struct ShorthandPath {
  enum class Kind : std::uint8_t {
    kLink,         // `link`
    kInverse,      // ^p: children[0]
    kSequence,     // p/q/...: children
    kAlternative,  // p|q|...: children
    kZeroOrMore,   // p*: children[0]
    kOneOrMore,    // p+: children[0]
    kZeroOrOne,    // p?: children[0]
  };
  Kind kind = Kind::kLink;
  ShorthandTerm link;
  std::vector<ShorthandPath> children;
};

struct ShorthandPattern {
  ShorthandTerm subject;
  // A variable predicate (`France ?p Russia`) or a path.
  std::optional<ShorthandTerm> predicate_variable;
  ShorthandPath path;
  ShorthandTerm object;
};

struct ShorthandStatement {
  enum class Kind : std::uint8_t {
    kPatterns,  // patterns joined with ' . '
    kDescribe,  // describe NAME: `target`
    kPath,      // path A B [max N]: `target`, `other`, `max_steps`
  };
  Kind kind = Kind::kPatterns;
  std::vector<ShorthandPattern> patterns;
  ShorthandTerm target;
  ShorthandTerm other;
  std::optional<std::uint64_t> max_steps;
};

// Parses one shorthand line. Errors: kParseError with line and column (in
// code points) and a caret context, e.g. "1:9: expected an object: ...".
// `source` names the input in the message. Thread-safe.
Result<ShorthandStatement> ParseShorthand(
    std::string_view text, const std::string& source = "shorthand");

// How a name is used, for resolution.
enum class ShorthandRole : std::uint8_t { kNode, kPredicate };

// A resolved name: an absolute IRI, and for a predicate whether the name is
// the inverse of `iri` (an owl:inverseOf name such as drafted-by).
struct ResolvedName {
  std::string iri;
  bool inverse = false;
};

// Supplied by the caller (the shell; a test) to turn names into IRIs.
class ShorthandResolver {
 public:
  virtual ~ShorthandResolver() = default;
  // The IRI a bare or quoted name stands for in `role`. On failure a
  // Status whose message's first line says what is wrong ("no entity is
  // named 'X'") and whose further lines, if any, list candidates; the
  // compiler adds the position.
  virtual Result<ResolvedName> Resolve(std::string_view name,
                                       ShorthandRole role) = 0;
  // How `iri` is written in SPARQL text: prefix:local or <iri>.
  virtual std::string FormatIri(std::string_view iri) = 0;
  // The IRI of a prefixed name as written (p:local), or an error for an
  // unknown prefix.
  virtual Result<std::string> ExpandPrefixedName(std::string_view pname) = 0;
};

// The SPARQL text of a kPatterns statement: SELECT with the variables in
// order of first appearance, or ASK when there are none, and one triple per
// pattern joined with " . ". A predicate that is an inverse name is written
// as the inverse of its declared predicate; a whole predicate that is one
// inverse name swaps subject and object instead. Prefixed names are checked
// with ExpandPrefixedName but written as typed. A resolution error (or an
// unknown prefix) comes back as kParseError at the term (`text` and
// `source` place the caret), with the resolver's further lines appended to
// the message.
// REQUIRES: statement.kind == kPatterns; `text` is the parsed line.
Result<std::string> CompileShorthand(const ShorthandStatement& statement,
                                     std::string_view text,
                                     ShorthandResolver& resolver,
                                     const std::string& source = "shorthand");

// The absolute IRI a node term names (kName, kIri, kPrefixedName), for
// describe and path; errors as for CompileShorthand. kInvalidArgument for a
// variable, literal or number.
Result<std::string> ResolveShorthandNode(
    const ShorthandTerm& term, std::string_view text,
    ShorthandResolver& resolver, const std::string& source = "shorthand");

}  // namespace kg::query

#endif  // KG_QUERY_SYNTAX_SHORTHAND_PARSER_H_
