// NameResolver: the session's normalized label index and the rules that
// turn a typed name into an IRI (docs/shell.md, "Names").
#include "shell/name_resolver.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <tuple>

#include "kg/names.h"
#include "query/text/unicode_width.h"

namespace kg::shell {
namespace {

constexpr std::string_view kRdfType =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
constexpr std::string_view kRdfsLabel =
    "http://www.w3.org/2000/01/rdf-schema#label";
constexpr std::string_view kSkosAltLabel =
    "http://www.w3.org/2004/02/skos/core#altLabel";
constexpr std::string_view kOwlInverseOf =
    "http://www.w3.org/2002/07/owl#inverseOf";

// Labels holding a word beyond which a name is ambiguous without reading
// them all (only enough for the message are read), and candidates listed
// in the message.
constexpr std::size_t kMaxWordHits = 200;
constexpr std::size_t kListedCandidates = 12;

// The Arabic definite article, which labels attach to words («السراج»)
// and people often leave off («سراج»).
constexpr std::string_view kArabicArticle = "\u0627\u0644";

std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp;
    std::size_t n = query::DecodeUtf8(s.substr(i), &cp);
    if (n == 0) {
      cp = 0xFFFD;
      n = 1;
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

// Levenshtein distance, or a value above `bound` once it must exceed it.
std::size_t EditDistance(const std::u32string& a, const std::u32string& b,
                         std::size_t bound) {
  const std::size_t diff =
      a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > bound) return bound + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      best = std::min(best, row[j]);
    }
    if (best > bound) return bound + 1;
  }
  return row[b.size()];
}

std::string JoinWords(const std::vector<std::string>& words, std::size_t from,
                      std::size_t count) {
  std::string out;
  for (std::size_t i = from; i < from + count; ++i) {
    if (i > from) out += ' ';
    out += words[i];
  }
  return out;
}

bool WordMatches(const std::string& label_word, const std::string& query_word) {
  if (label_word == query_word) return true;
  return label_word.size() == kArabicArticle.size() + query_word.size() &&
         label_word.compare(0, kArabicArticle.size(), kArabicArticle) == 0 &&
         label_word.compare(kArabicArticle.size(), std::string::npos,
                            query_word) == 0;
}

// True when `words` holds `query` as consecutive whole words.
bool ContainsWords(const std::vector<std::string>& words,
                   const std::vector<std::string>& query) {
  if (query.empty() || query.size() > words.size()) return false;
  for (std::size_t start = 0; start + query.size() <= words.size(); ++start) {
    bool all = true;
    for (std::size_t k = 0; k < query.size() && all; ++k) {
      all = WordMatches(words[start + k], query[k]);
    }
    if (all) return true;
  }
  return false;
}

}  // namespace

NameResolver::NameResolver(Database** db, const PrefixMap* prefixes,
                           const LabelLanguage* language)
    : db_(db), prefixes_(prefixes), language_(language) {}

void NameResolver::Invalidate() {
  loaded_ = false;
  inverses_loaded_ = false;
  predicate_words_loaded_ = false;
  predicate_words_.clear();
  entries_.clear();
  by_key_.clear();
  by_word_.clear();
  inverse_of_.clear();
  in_use_.clear();
  predicate_use_.clear();
}

void NameResolver::AddEntry(Entry entry) {
  entry.key = NormalizeName(entry.text);
  if (entry.key.empty()) return;
  entry.words = SplitNormalizedWords(entry.key);
  const std::size_t index = entries_.size();
  by_key_[entry.key].push_back(index);
  for (const std::string& w : entry.words) {
    std::vector<std::size_t>& list = by_word_[w];
    if (list.empty() || list.back() != index) list.push_back(index);
  }
  entries_.push_back(std::move(entry));
}

Status NameResolver::LoadLabels(std::string_view predicate, bool alternative) {
  const std::string sparql =
      fmt::format("SELECT ?s ?l WHERE {{ ?s <{}> ?l }}", predicate);
  KG_ASSIGN_OR_RETURN(QueryResult result, (*db_)->Query(sparql));
  ResultRow row;
  while (true) {
    KG_ASSIGN_OR_RETURN(bool more, result.Next(&row));
    if (!more) break;
    if (!row[0] || !row[1] || !row[0]->is_iri() || !row[1]->is_literal()) {
      continue;
    }
    Entry e;
    e.iri = row[0]->lexical;
    e.text = row[1]->lexical;
    e.lang = row[1]->lang;
    e.alternative = alternative;
    AddEntry(std::move(e));
  }
  return Status::Ok();
}

Status NameResolver::LoadInverses() {
  if (inverses_loaded_) return Status::Ok();
  inverse_of_.clear();
  {
    const std::string sparql =
        fmt::format("SELECT ?a ?b WHERE {{ ?a <{}> ?b }}", kOwlInverseOf);
    KG_ASSIGN_OR_RETURN(QueryResult result, (*db_)->Query(sparql));
    ResultRow row;
    while (true) {
      KG_ASSIGN_OR_RETURN(bool more, result.Next(&row));
      if (!more) break;
      if (!row[0] || !row[1] || !row[0]->is_iri() || !row[1]->is_iri() ||
          row[0]->lexical == row[1]->lexical) {
        continue;
      }
      inverse_of_[row[0]->lexical] = row[1]->lexical;
      inverse_of_[row[1]->lexical] = row[0]->lexical;
    }
  }
  inverses_loaded_ = true;
  return Status::Ok();
}

Status NameResolver::Load() {
  if (loaded_) return Status::Ok();
  entries_.clear();
  by_key_.clear();
  by_word_.clear();
  KG_RETURN_IF_ERROR(LoadLabels(kRdfsLabel, false));
  KG_RETURN_IF_ERROR(LoadLabels(kSkosAltLabel, true));
  // Local names in the default namespace, so that `antonioguterres` and a
  // misspelt `AntonioGutteres` find :AntonioGuterres too.
  if (std::optional<std::string> ns = prefixes_->DefaultNamespace()) {
    std::set<std::string> iris;
    for (const Entry& e : entries_) iris.insert(e.iri);
    KG_ASSIGN_OR_RETURN(StoreStats stats, (*db_)->store().Stats());
    for (const PredicateStats& p : stats.predicates) {
      if (p.predicate.is_iri()) iris.insert(p.predicate.lexical);
    }
    for (const std::string& iri : iris) {
      if (iri.size() <= ns->size() || iri.compare(0, ns->size(), *ns) != 0) {
        continue;
      }
      Entry e;
      e.iri = iri;
      e.text = iri.substr(ns->size());
      e.local_name = true;
      AddEntry(std::move(e));
    }
  }
  loaded_ = true;
  return Status::Ok();
}

Result<bool> NameResolver::AnyMatch(const QuadPattern& pattern) {
  bool found = false;
  KG_RETURN_IF_ERROR((*db_)->store().Match(pattern, [&](const Quad&) {
    found = true;
    return false;
  }));
  return found;
}

Result<bool> NameResolver::UsedAsPredicate(std::string_view iri) {
  const std::string key(iri);
  if (auto it = predicate_use_.find(key); it != predicate_use_.end()) {
    return it->second;
  }
  QuadPattern p;
  p.predicate = Term::Iri(key);
  KG_ASSIGN_OR_RETURN(bool used, AnyMatch(p));
  predicate_use_[key] = used;
  return used;
}

Result<bool> NameResolver::InUse(std::string_view iri) {
  const std::string key(iri);
  if (auto it = in_use_.find(key); it != in_use_.end()) return it->second;
  bool used = false;
  QuadPattern s;
  s.subject = Term::Iri(key);
  KG_ASSIGN_OR_RETURN(used, AnyMatch(s));
  if (!used) {
    QuadPattern o;
    o.object = Term::Iri(key);
    KG_ASSIGN_OR_RETURN(used, AnyMatch(o));
  }
  if (!used) {
    KG_ASSIGN_OR_RETURN(used, UsedAsPredicate(key));
  }
  in_use_[key] = used;
  return used;
}

Result<query::ResolvedName> NameResolver::ForPredicate(const std::string& iri) {
  KG_ASSIGN_OR_RETURN(bool used, UsedAsPredicate(iri));
  if (!used) {
    KG_RETURN_IF_ERROR(LoadInverses());
    auto it = inverse_of_.find(iri);
    if (it != inverse_of_.end()) {
      KG_ASSIGN_OR_RETURN(bool inverse_used, UsedAsPredicate(it->second));
      if (inverse_used) return query::ResolvedName{it->second, true};
    }
  }
  return query::ResolvedName{iri, false};
}

Result<NameMatch> NameResolver::Match(std::string_view name,
                                      query::ShorthandRole role) {
  NameMatch match;
  const bool predicate = role == query::ShorthandRole::kPredicate;
  if (std::optional<std::string> ns = prefixes_->DefaultNamespace();
      ns && IsSimpleLocalName(name)) {
    const std::string iri = *ns + std::string(name);
    bool found = false;
    if (predicate) {
      KG_ASSIGN_OR_RETURN(found, UsedAsPredicate(iri));
      if (!found) {
        KG_RETURN_IF_ERROR(LoadInverses());
        found = inverse_of_.count(iri) != 0;
      }
    }
    if (!found) {
      KG_ASSIGN_OR_RETURN(found, InUse(iri));
    }
    if (found) {
      match.kind = MatchKind::kIri;
      match.iris.push_back(iri);
      return match;
    }
  }
  const std::string key = NormalizeName(name);
  if (key.empty()) return match;

  // Each candidate with the share of its best label's words the name
  // covers (1 for an exact match), from the store's label index.
  std::map<std::string, double> found;
  const Store& store = (*db_)->store();
  // A label many entities share (at 10M triples, hundreds of events are
  // "Summit in France") is ambiguous without reading every entity.
  KG_ASSIGN_OR_RETURN(match.labels, store.CountLabels(key, LabelMatch::kExact,
                                                      kMaxWordHits + 1));
  KG_RETURN_IF_ERROR(
      store.FindLabels(key, LabelMatch::kExact, [&](const LabelHit& h) {
        if (h.subject.is_iri()) found[h.subject.lexical] = 1.0;
        if (match.labels > kListedCandidates &&
            found.size() >= kListedCandidates) {
          match.truncated = true;
          return false;
        }
        return true;
      }));
  match.kind = MatchKind::kExact;
  if (found.empty()) {
    const std::vector<std::string> words = SplitNormalizedWords(key);
    // Look up the rarest of the name's words (each also with the Arabic
    // article): counting keys is cheap, reading labels is not.
    std::string rarest = words[0];
    std::uint64_t fewest = ~std::uint64_t{0};
    for (const std::string& w : words) {
      std::uint64_t n = 0;
      for (const std::string& v : {w, std::string(kArabicArticle) + w}) {
        KG_ASSIGN_OR_RETURN(
            std::uint64_t c,
            store.CountLabels(v, LabelMatch::kWord, kMaxWordHits + 1));
        n += c;
      }
      if (n < fewest) {
        fewest = n;
        rarest = w;
      }
    }
    match.labels = fewest;
    std::size_t hits = 0;
    for (const std::string& first :
         {rarest, std::string(kArabicArticle) + rarest}) {
      KG_RETURN_IF_ERROR(
          store.FindLabels(first, LabelMatch::kWord, [&](const LabelHit& h) {
            // A word in very many labels ("person") is not worth reading
            // to the end: the name is ambiguous either way.
            if (++hits > kMaxWordHits ||
                (fewest > kMaxWordHits && found.size() >= kListedCandidates)) {
              match.truncated = true;
              return false;
            }
            if (!h.subject.is_iri()) return true;
            const std::vector<std::string> label_words =
                SplitNormalizedWords(NormalizeName(h.label.lexical));
            if (!ContainsWords(label_words, words)) return true;
            const double share = static_cast<double>(words.size()) /
                                 static_cast<double>(label_words.size());
            double& best = found[h.subject.lexical];
            best = std::max(best, share);
            return true;
          }));
    }
    match.kind = MatchKind::kWord;
  }
  if (found.empty()) {
    // A local name in the default namespace in another case or spacing
    // (`antonioguterres` for :AntonioGuterres): from the session's list of
    // local names, built on first need.
    KG_RETURN_IF_ERROR(Load());
    if (auto it = by_key_.find(key); it != by_key_.end()) {
      for (std::size_t i : it->second) {
        if (entries_[i].local_name) found[entries_[i].iri] = 1.0;
      }
    }
    match.kind = MatchKind::kExact;
  }
  if (predicate && found.size() > 1) {
    KG_RETURN_IF_ERROR(LoadInverses());
    // Prefer the candidates that can be predicates at all.
    std::map<std::string, double> predicates;
    for (const auto& [iri, share] : found) {
      KG_ASSIGN_OR_RETURN(bool used, UsedAsPredicate(iri));
      if (used || inverse_of_.count(iri) != 0) predicates[iri] = share;
    }
    if (!predicates.empty()) found = std::move(predicates);
  }
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [iri, share] : found) ranked.emplace_back(-share, iri);
  std::sort(ranked.begin(), ranked.end());
  // Among word matches, one candidate whose label the name covers best
  // wins: `Sarraj` is «Fayez al-Sarraj», not «powers that back al-Sarraj».
  if (match.kind == MatchKind::kWord && !match.truncated && ranked.size() > 1 &&
      ranked[0].first < ranked[1].first) {
    ranked.resize(1);
  }
  for (auto& [share, iri] : ranked) match.iris.push_back(std::move(iri));
  return match;
}

Result<std::vector<std::string>> NameResolver::Types(std::string_view iri) {
  QuadPattern p;
  p.subject = Term::Iri(std::string(iri));
  p.predicate = Term::Iri(std::string(kRdfType));
  std::set<std::string> types;
  KG_RETURN_IF_ERROR((*db_)->store().Match(p, [&](const Quad& q) {
    types.insert(prefixes_->CompactIri(q.object.lexical));
    return true;
  }));
  return std::vector<std::string>(types.begin(), types.end());
}

Result<std::optional<std::string>> NameResolver::DisplayLabel(
    std::string_view iri) {
  // The labels of `iri`: two prefix scans of the store's spog index.
  std::vector<Entry> found;
  for (bool alternative : {false, true}) {
    QuadPattern p;
    p.subject = Term::Iri(std::string(iri));
    p.predicate =
        Term::Iri(std::string(alternative ? kSkosAltLabel : kRdfsLabel));
    KG_RETURN_IF_ERROR((*db_)->store().Match(p, [&](const Quad& q) {
      if (!q.object.is_literal()) return true;
      Entry e;
      e.text = q.object.lexical;
      e.lang = q.object.lang;
      e.alternative = alternative;
      found.push_back(std::move(e));
      return true;
    }));
  }
  // A label stated in several graphs counts once.
  auto key = [](const Entry& e) {
    return std::tie(e.alternative, e.lang, e.text);
  };
  std::sort(found.begin(), found.end(),
            [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
  found.erase(std::unique(found.begin(), found.end(),
                          [&](const Entry& a, const Entry& b) {
                            return key(a) == key(b);
                          }),
              found.end());
  std::vector<const Entry*> labels, alternatives;
  for (const Entry& e : found) {
    (e.alternative ? alternatives : labels).push_back(&e);
  }
  auto order = [](const Entry* a, const Entry* b) {
    return std::tie(a->lang, a->text) < std::tie(b->lang, b->text);
  };
  std::sort(labels.begin(), labels.end(), order);
  std::sort(alternatives.begin(), alternatives.end(), order);
  auto in_language = [](const Entry* e, std::string_view lang) {
    return e->lang == lang ||
           (e->lang.size() > lang.size() && e->lang[lang.size()] == '-' &&
            e->lang.compare(0, lang.size(), lang) == 0);
  };
  if (*language_ == LabelLanguage::kAny) {
    std::string joined;
    // English first, then Arabic, then the rest, each once.
    std::vector<const Entry*> ordered;
    for (std::string_view lang : {"en", "ar"}) {
      for (const Entry* e : labels) {
        if (in_language(e, lang)) ordered.push_back(e);
      }
    }
    for (const Entry* e : labels) {
      if (!in_language(e, "en") && !in_language(e, "ar")) ordered.push_back(e);
    }
    std::set<std::string> seen;
    for (const Entry* e : ordered) {
      if (!seen.insert(e->text).second) continue;
      if (!joined.empty()) joined += " / ";
      joined += e->text;
    }
    if (!joined.empty()) return std::optional<std::string>(joined);
  } else {
    const std::string_view lang =
        *language_ == LabelLanguage::kArabic ? "ar" : "en";
    for (const auto* list : {&labels, &alternatives}) {
      for (const Entry* e : *list) {
        if (in_language(e, lang)) return std::optional<std::string>(e->text);
      }
    }
  }
  if (!labels.empty()) return std::optional<std::string>(labels[0]->text);
  if (!alternatives.empty()) {
    return std::optional<std::string>(alternatives[0]->text);
  }
  return std::optional<std::string>();
}

Result<std::vector<std::string>> NameResolver::Suggestions(
    std::string_view name, std::size_t limit) {
  KG_RETURN_IF_ERROR(Load());
  const std::string key = NormalizeName(name);
  if (key.empty()) return std::vector<std::string>();
  const std::u32string target = CodePoints(key);
  const std::size_t word_count = SplitNormalizedWords(key).size();
  const std::size_t bound = std::max<std::size_t>(1, target.size() / 3);
  // Best distance per IRI, and the entry that gave it.
  // Per IRI: the best (whole label rather than some of its words,
  // distance, label rather than local name) and the entry that gave it.
  using Rank = std::tuple<bool, std::size_t, bool>;
  std::map<std::string, std::pair<Rank, const Entry*>> best;
  for (const Entry& e : entries_) {
    const std::size_t whole = EditDistance(target, CodePoints(e.key), bound);
    std::size_t d = whole;
    for (std::size_t start = 0; d > 0 && e.words.size() > word_count &&
                                start + word_count <= e.words.size();
         ++start) {
      d = std::min(
          d, EditDistance(target,
                          CodePoints(JoinWords(e.words, start, word_count)),
                          bound));
    }
    if (d > bound) continue;
    const Rank rank{whole != d, d, e.local_name};
    auto [it, inserted] = best.try_emplace(e.iri, rank, &e);
    if (!inserted && rank < it->second.first) it->second = {rank, &e};
  }
  std::vector<std::tuple<Rank, std::string, std::string>> ranked;
  for (const auto& [iri, found] : best) {
    ranked.emplace_back(found.first, found.second->text, iri);
  }
  std::sort(ranked.begin(), ranked.end());
  // Near misses of whole labels, when there are any, hide labels that
  // merely hold a similar word.
  const bool any_whole =
      !ranked.empty() && !std::get<0>(std::get<0>(ranked[0]));
  std::vector<std::string> out;
  for (const auto& [rank, text, iri] : ranked) {
    if (out.size() >= limit) break;
    if (any_whole && std::get<0>(rank)) continue;
    out.push_back(fmt::format("{} ({})", text, prefixes_->CompactIri(iri)));
  }
  return out;
}

std::vector<std::string> NameResolver::CandidateCells(const std::string& iri) {
  std::vector<std::string> cells{"  " + prefixes_->CompactIri(iri), "", ""};
  if (auto l = DisplayLabel(iri); l.ok() && l->has_value()) cells[1] = **l;
  if (auto t = Types(iri); t.ok()) {
    for (const std::string& type : *t) {
      cells[2] += cells[2].empty() ? "(" : ", ";
      cells[2] += type;
    }
    if (!cells[2].empty()) cells[2] += ")";
  }
  return cells;
}

Result<query::ResolvedName> NameResolver::Resolve(std::string_view name,
                                                  query::ShorthandRole role) {
  KG_ASSIGN_OR_RETURN(NameMatch match, Match(name, role));
  const bool predicate = role == query::ShorthandRole::kPredicate;
  if (match.iris.size() == 1 && !match.truncated) {
    if (predicate) return ForPredicate(match.iris[0]);
    return query::ResolvedName{match.iris[0], false};
  }
  const char* what = predicate ? "predicate" : "name";
  if (match.iris.empty()) {
    std::string message;
    if (std::optional<std::string> ns = prefixes_->DefaultNamespace();
        ns && IsSimpleLocalName(name)) {
      message = fmt::format(
          "unknown {} '{}': no triple uses {} and no label matches", what, name,
          prefixes_->CompactIri(*ns + std::string(name)));
    } else {
      message = fmt::format("unknown {} '{}': no label matches", what, name);
    }
    KG_ASSIGN_OR_RETURN(std::vector<std::string> close, Suggestions(name, 5));
    if (!close.empty()) {
      message += "\ndid you mean: ";
      for (std::size_t i = 0; i < close.size(); ++i) {
        if (i > 0) message += ", ";
        message += close[i];
      }
    }
    return Status::NotFound(std::move(message));
  }
  std::string message;
  if (match.truncated) {
    // Only the first candidates were read: say how many labels there are.
    message = fmt::format(
        "ambiguous {} '{}': {}{} labels {}; the first {} {}:", what, name,
        match.labels > kMaxWordHits ? "over " : "",
        std::min<std::uint64_t>(match.labels, kMaxWordHits),
        match.kind == MatchKind::kExact ? "are this name" : "hold these words",
        match.iris.size(), predicate ? "predicates" : "entities");
  } else {
    message = fmt::format(
        "ambiguous {} '{}': {} {} {}", what, name, match.iris.size(),
        predicate ? "predicates" : "entities",
        match.kind == MatchKind::kExact ? "have this label"
                                        : "have labels with these words");
  }
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < match.iris.size() && i < kListedCandidates; ++i) {
    rows.push_back(CandidateCells(match.iris[i]));
  }
  std::string table = AlignColumns(rows);
  if (!table.empty() && table.back() == '\n') table.pop_back();
  message += "\n" + table;
  if (match.iris.size() > kListedCandidates) {
    message += fmt::format("\n  ... and {} more",
                           match.iris.size() - kListedCandidates);
  }
  message += "\nuse the prefixed name (such as " +
             prefixes_->CompactIri(match.iris[0]) + ") or a longer name in «»";
  return Status::InvalidArgument(std::move(message));
}

std::string NameResolver::FormatIri(std::string_view iri) {
  return prefixes_->CompactIri(iri);
}

Result<std::string> NameResolver::ExpandPrefixedName(std::string_view pname) {
  return prefixes_->Expand(pname);
}

Result<std::vector<std::string>> NameResolver::Completions(
    std::string_view word, std::size_t limit) {
  std::set<std::string> words;
  if (!predicate_words_loaded_) {
    // Predicates and their inverse names: few, kept for the session.
    KG_RETURN_IF_ERROR(LoadInverses());
    KG_ASSIGN_OR_RETURN(StoreStats stats, (*db_)->store().Stats());
    std::set<std::string> all;
    for (const PredicateStats& p : stats.predicates) {
      if (!p.predicate.is_iri()) continue;
      const std::string compact = prefixes_->CompactIri(p.predicate.lexical);
      if (compact[0] == '<') continue;
      all.insert(compact);
      if (compact[0] == ':') all.insert(compact.substr(1));
    }
    for (const auto& [a, b] : inverse_of_) {
      const std::string compact = prefixes_->CompactIri(a);
      if (compact[0] == ':') all.insert(compact.substr(1));
    }
    predicate_words_.assign(all.begin(), all.end());
    predicate_words_loaded_ = true;
  }
  for (const std::string& w : predicate_words_) {
    if (w.compare(0, word.size(), word) == 0) words.insert(w);
  }
  // Labels (and their entities' names) whose text, or one of whose words,
  // starts with `word`: prefix scans of the store's label index.
  std::size_t seen = 0;
  auto add = [&](const LabelHit& h) {
    if (h.label.lexical.find(' ') == std::string::npos)
      words.insert(h.label.lexical);
    if (h.subject.is_iri()) {
      const std::string compact = prefixes_->CompactIri(h.subject.lexical);
      if (compact[0] != '<') words.insert(compact);
      if (compact[0] == ':') words.insert(compact.substr(1));
    }
    return ++seen < limit;
  };
  if (!NormalizeName(word).empty()) {
    KG_RETURN_IF_ERROR(
        (*db_)->store().FindLabels(word, LabelMatch::kPrefix, add));
    if (seen < limit) {
      KG_RETURN_IF_ERROR(
          (*db_)->store().FindLabels(word, LabelMatch::kWordPrefix, add));
    }
  }
  return std::vector<std::string>(words.begin(), words.end());
}

}  // namespace kg::shell
