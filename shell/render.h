// How the shell writes terms and aligned text: namespace prefixes (compact
// IRIs, the prologue added to every query), terms in Turtle-like form,
// right-to-left isolation, and columns aligned by display width.
#ifndef KG_SHELL_RENDER_H_
#define KG_SHELL_RENDER_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/status.h"
#include "kg/term.h"

namespace kg::shell {

// The namespace prefixes of a session: the database's, then `.prefix`
// declarations over them.
class PrefixMap {
 public:
  // Adds or replaces `prefix` (without ':'; "" is the default namespace).
  void Set(const std::string& prefix, const std::string& iri);
  void Clear() { prefixes_.clear(); }
  const std::map<std::string, std::string>& entries() const {
    return prefixes_;
  }
  std::vector<std::pair<std::string, std::string>> List() const;

  // The IRI of the default namespace (prefix ""), if one is declared.
  std::optional<std::string> DefaultNamespace() const;

  // p:local under the longest namespace whose local part is a valid SPARQL
  // local name, else <iri>.
  std::string CompactIri(std::string_view iri) const;

  // The IRI of `pname` (p:local as written, without escapes). kNotFound for
  // an undeclared prefix.
  Result<std::string> Expand(std::string_view pname) const;

  // "PREFIX a: <...> PREFIX b: <...>" on one line (empty without prefixes).
  std::string Prologue() const;

 private:
  std::map<std::string, std::string> prefixes_;
};

// True when `local` can follow "p:" in SPARQL and Turtle without escapes:
// letters, digits, '_', '-', and dots between them.
bool IsSimpleLocalName(std::string_view local);

// A term for people: IRIs compacted, blank nodes as _:label, literals as
// "text"@lang, "text"^^type (compacted), or plain numbers and booleans.
std::string FormatTerm(const Term& term, const PrefixMap& prefixes);

// True when `text` holds a right-to-left letter (Arabic, Hebrew, Syriac,
// Thaana, N'Ko...).
bool HasRightToLeft(std::string_view text);

// `text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when it
// holds right-to-left letters and `enabled`, else `text` unchanged. The
// isolates take no cell, so widths are unaffected.
std::string Isolate(std::string_view text, bool enabled);

// Writes rows of cells as columns, each padded by display width to the
// widest cell in its column, separated by two spaces; the last column is
// not padded. Each row ends with a newline.
std::string AlignColumns(const std::vector<std::vector<std::string>>& rows);

}  // namespace kg::shell

#endif  // KG_SHELL_RENDER_H_
