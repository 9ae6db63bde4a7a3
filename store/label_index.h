// The label index (column family "labels"): every quad whose predicate is a
// label predicate and whose object is a literal, keyed by the literal's
// NameKey (kg/names.h) and by each word of it. Written in the same commit
// as the quads (transactions and bulk loads alike), so that names resolve
// without scanning labels.
#ifndef KG_STORE_LABEL_INDEX_H_
#define KG_STORE_LABEL_INDEX_H_

#include <string>
#include <string_view>
#include <vector>

#include "kg/term.h"
#include "store/encoding.h"

namespace kg::store {

// rdfs:label, skos:prefLabel, skos:altLabel.
bool IsLabelPredicate(std::string_view iri);
const std::vector<std::string>& LabelPredicates();

// The index keys of one label quad whose object literal has lexical form
// `text`: 'k' NameKey 0x00 spog, and 'w' word 0x00 spog for each distinct
// word. None when the NameKey is empty.
void LabelKeys(std::string_view text, const IdQuad& q,
               std::vector<std::string>* out);

// The quad at the end of a label index key (the last 32 bytes).
IdQuad LabelKeyQuad(std::string_view key);

// The part of a label index key before its quad: 'k' NameKey or 'w' word.
std::string_view LabelKeyText(std::string_view key);

}  // namespace kg::store

#endif  // KG_STORE_LABEL_INDEX_H_
