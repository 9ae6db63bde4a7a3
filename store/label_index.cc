// Label index keys (store/label_index.h).
#include "store/label_index.h"

#include <algorithm>

#include "kg/names.h"

namespace kg::store {

const std::vector<std::string>& LabelPredicates() {
  static const std::vector<std::string> kPredicates = {
      "http://www.w3.org/2000/01/rdf-schema#label",
      "http://www.w3.org/2004/02/skos/core#prefLabel",
      "http://www.w3.org/2004/02/skos/core#altLabel",
  };
  return kPredicates;
}

bool IsLabelPredicate(std::string_view iri) {
  const auto& p = LabelPredicates();
  return std::find(p.begin(), p.end(), iri) != p.end();
}

void LabelKeys(std::string_view text, const IdQuad& q,
               std::vector<std::string>* out) {
  const std::string key = NormalizeName(text);
  if (key.empty()) return;
  const QuadKey quad = EncodeQuadKey(IndexOrder::kSPOG, q);
  auto emit = [&](char kind, std::string_view t) {
    std::string k;
    k.reserve(t.size() + 2 + quad.size());
    k.push_back(kind);
    k.append(t);
    k.push_back('\0');
    k.append(quad.data(), quad.size());
    out->push_back(std::move(k));
  };
  emit('k', key);
  std::vector<std::string> words = SplitNormalizedWords(key);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (const std::string& w : words) emit('w', w);
}

IdQuad LabelKeyQuad(std::string_view key) {
  return DecodeQuadKey(IndexOrder::kSPOG, key.data() + key.size() - 32);
}

std::string_view LabelKeyText(std::string_view key) {
  return key.substr(0, key.size() - 33);
}

}  // namespace kg::store
