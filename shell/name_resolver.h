// Resolving the names people type in the shell: a bare name is an IRI in
// the default namespace when some triple uses that IRI; otherwise it is
// looked up among the label values, compared under NormalizeName
// (kg/names.h), through the store's label index (Store::FindLabels).
//
// Only for names no label matches (local names in another case, and
// suggestions for misspelt names) are the labels read into memory, once
// per session (Invalidate() after a load or update). See docs/shell.md.
#ifndef KG_SHELL_NAME_RESOLVER_H_
#define KG_SHELL_NAME_RESOLVER_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kg/database.h"
#include "query/syntax/shorthand_parser.h"
#include "shell/render.h"

namespace kg::shell {

// Which label language the shell shows (and lists first).
enum class LabelLanguage : std::uint8_t { kEnglish, kArabic, kAny };

// How a name matched.
enum class MatchKind : std::uint8_t {
  kIri,    // the default namespace's IRI with that local name is in use
  kExact,  // a label's normalized text equals the name's
  kWord,   // a label holds the name's words as whole words
};

struct NameMatch {
  MatchKind kind = MatchKind::kIri;
  std::vector<std::string> iris;  // best first; more than one: ambiguous
  // The word lookup stopped early: more labels hold the words than `iris`
  // lists.
  bool truncated = false;
  // The labels (index keys) the lookup's word or name has, counted up to
  // a limit: more than `iris` when truncated.
  std::uint64_t labels = 0;
};

class NameResolver : public query::ShorthandResolver {
 public:
  // `db`, `prefixes` and `language` are the session's and must outlive
  // the resolver; `db` may change (after .open) with Invalidate().
  NameResolver(Database** db, const PrefixMap* prefixes,
               const LabelLanguage* language);

  // Forgets the label index and every cached answer (after .load/.open).
  void Invalidate();

  // query::ShorthandResolver: the IRI for `name`; for a predicate, an
  // inverse name (owl:inverseOf) of a predicate the data uses resolves to
  // that predicate with `inverse` set. Errors (message first line, then
  // candidates): kNotFound for an unknown name, with the closest labels;
  // kInvalidArgument for an ambiguous one, with every candidate's labels
  // and types.
  Result<query::ResolvedName> Resolve(std::string_view name,
                                      query::ShorthandRole role) override;
  std::string FormatIri(std::string_view iri) override;
  Result<std::string> ExpandPrefixedName(std::string_view pname) override;

  // The matches of `name` in the first tier that has any (kIri, then
  // kExact, then kWord); empty `iris` when nothing matches. Among kWord
  // matches, a single candidate with the largest share of its label's
  // words matched is the only one returned.
  Result<NameMatch> Match(std::string_view name, query::ShorthandRole role);

  // The label of `iri` to show beside it: its rdfs:label in the session's
  // language (both English and Arabic, joined by " / ", for kAny), else any
  // rdfs:label, else any skos:altLabel; nullopt when it has none.
  Result<std::optional<std::string>> DisplayLabel(std::string_view iri);

  // The rdf:type objects of `iri`, compacted.
  Result<std::vector<std::string>> Types(std::string_view iri);

  // True when some quad has `iri` as subject, predicate or object.
  Result<bool> InUse(std::string_view iri);
  // True when some quad has `iri` as predicate.
  Result<bool> UsedAsPredicate(std::string_view iri);

  // Up to `limit` labels closest to `name` by edit distance on normalized
  // text, as "label (prefix:name)".
  Result<std::vector<std::string>> Suggestions(std::string_view name,
                                               std::size_t limit);

  // Words for tab completion of `word`: predicates (prefixed and bare
  // local names), labels without spaces and the names of entities whose
  // label (or a word of it) starts like `word` under NormalizeName, read
  // from the store's label index (at most `limit` labels).
  Result<std::vector<std::string>> Completions(std::string_view word,
                                               std::size_t limit = 200);

 private:
  struct Entry {
    std::string iri;
    std::string text;  // as in the data
    std::string lang;
    bool alternative = false;  // skos:altLabel
    bool local_name = false;   // the IRI's local name, not a label
    std::string key;           // NormalizeName(text)
    std::vector<std::string> words;
  };

  // The in-memory list of labels and local names, for misspelt names and
  // local names typed in another case (the slow path, built on first need;
  // exact and word matches use the store's label index).
  Status Load();
  Status LoadInverses();
  Status LoadLabels(std::string_view predicate, bool alternative);
  void AddEntry(Entry entry);
  Result<bool> AnyMatch(const QuadPattern& pattern);
  // "  prefix:name", its label, "(its types)": a line of a candidate list.
  std::vector<std::string> CandidateCells(const std::string& iri);
  Result<query::ResolvedName> ForPredicate(const std::string& iri);

  Database** db_;
  const PrefixMap* prefixes_;
  const LabelLanguage* language_;
  bool loaded_ = false;
  bool inverses_loaded_ = false;
  bool predicate_words_loaded_ = false;
  std::vector<std::string> predicate_words_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_key_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_word_;
  std::unordered_map<std::string, std::string> inverse_of_;
  std::unordered_map<std::string, bool> in_use_;
  std::unordered_map<std::string, bool> predicate_use_;
};

}  // namespace kg::shell

#endif  // KG_SHELL_NAME_RESOLVER_H_
