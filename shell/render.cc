// Prefixes, term formatting, isolates and aligned columns for the shell.
#include "shell/render.h"

#include <fmt/format.h>

#include "query/text/unicode_width.h"

namespace kg::shell {

void PrefixMap::Set(const std::string& prefix, const std::string& iri) {
  prefixes_[prefix] = iri;
}

std::vector<std::pair<std::string, std::string>> PrefixMap::List() const {
  return {prefixes_.begin(), prefixes_.end()};
}

std::optional<std::string> PrefixMap::DefaultNamespace() const {
  auto it = prefixes_.find("");
  if (it == prefixes_.end()) return std::nullopt;
  return it->second;
}

bool IsSimpleLocalName(std::string_view local) {
  if (local.empty() || local.back() == '.' || local.front() == '.' ||
      local.front() == '-') {
    return false;
  }
  for (std::size_t i = 0; i < local.size(); ++i) {
    const auto c = static_cast<unsigned char>(local[i]);
    if (c >= 0x80) continue;  // letters of other scripts (checked loosely)
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.') continue;
    return false;
  }
  return true;
}

std::string PrefixMap::CompactIri(std::string_view iri) const {
  const std::pair<const std::string, std::string>* best = nullptr;
  for (const auto& entry : prefixes_) {
    const std::string& ns = entry.second;
    if (ns.empty() || iri.size() <= ns.size() ||
        iri.substr(0, ns.size()) != ns ||
        !IsSimpleLocalName(iri.substr(ns.size()))) {
      continue;
    }
    if (best == nullptr || ns.size() > best->second.size()) best = &entry;
  }
  if (best == nullptr) return fmt::format("<{}>", iri);
  return fmt::format("{}:{}", best->first, iri.substr(best->second.size()));
}

Result<std::string> PrefixMap::Expand(std::string_view pname) const {
  const std::size_t colon = pname.find(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument(
        fmt::format("'{}' is not a prefixed name", pname));
  }
  auto it = prefixes_.find(std::string(pname.substr(0, colon)));
  if (it == prefixes_.end()) {
    return Status::NotFound(fmt::format(
        "unknown prefix '{}:' (see .prefixes; declare one with .prefix)",
        pname.substr(0, colon)));
  }
  return it->second + std::string(pname.substr(colon + 1));
}

std::string PrefixMap::Prologue() const {
  std::string out;
  for (const auto& [prefix, iri] : prefixes_) {
    if (!out.empty()) out += ' ';
    out += fmt::format("PREFIX {}: <{}>", prefix, iri);
  }
  return out;
}

std::string FormatTerm(const Term& term, const PrefixMap& prefixes) {
  switch (term.kind) {
    case TermKind::kIri:
      return prefixes.CompactIri(term.lexical);
    case TermKind::kBlank:
      return "_:" + term.lexical;
    case TermKind::kDefaultGraph:
      return "(default graph)";
    case TermKind::kLiteral:
      break;
  }
  static constexpr std::string_view kPlainTypes[] = {"integer", "decimal",
                                                     "boolean"};
  if (term.lang.empty() && term.datatype.size() > kXsd.size() &&
      term.datatype.compare(0, kXsd.size(), kXsd) == 0) {
    std::string_view type = std::string_view(term.datatype).substr(kXsd.size());
    for (std::string_view plain : kPlainTypes) {
      if (type == plain) return term.lexical;
    }
  }
  std::string out = "\"";
  AppendEscapedString(term.lexical, &out);
  out += '"';
  if (!term.lang.empty()) {
    out += "@" + term.lang;
  } else if (!term.datatype.empty() && term.datatype != kXsdString) {
    out += "^^" + prefixes.CompactIri(term.datatype);
  }
  return out;
}

bool HasRightToLeft(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    const std::size_t n = query::DecodeUtf8(text.substr(i), &cp);
    if (n == 0) {
      ++i;
      continue;
    }
    i += n;
    if ((cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
        (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
        (cp >= 0x1E800 && cp <= 0x1EFFF)) {
      return true;
    }
  }
  return false;
}

std::string Isolate(std::string_view text, bool enabled) {
  if (!enabled || !HasRightToLeft(text)) return std::string(text);
  return "\u2068" + std::string(text) + "\u2069";
}

std::string AlignColumns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (row.size() > widths.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i + 1 < row.size(); ++i) {
      widths[i] = std::max(widths[i], query::DisplayWidth(row[i]));
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) {
        line.append(widths[i] - query::DisplayWidth(row[i]) + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace kg::shell
