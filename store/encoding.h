// Key and value layouts of every column family: the byte-level contract of
// the database. docs/storage-format.md describes the same grammar in prose;
// keep the two in step.
//
//   TermId      := 8 bytes, big-endian: tag(1) payload(7)
//     tag 0x00  the default graph (payload 0)
//     tag 0x01  IRI                     } dictionary-coded; payload is a
//     tag 0x02  blank node              } dense sequence number shared by
//     tag 0x03  literal (any other)     } all three, never reused
//     tag 0x10  xsd:boolean      payload 0 | 1
//     tag 0x11  xsd:integer      payload value + 2^55
//     tag 0x12  xsd:decimal      payload value * 10^6 + 2^55
//     tag 0x13  xsd:double       payload (order-preserving bits) >> 8
//     tag 0x14  xsd:date         payload days since 1970-01-01 + 2^55
//     tag 0x15  xsd:dateTime     payload ms since 1970-01-01T00:00:00 + 2^55
//     tag 0x16  xsd:dateTime Z   as 0x15, for values in UTC ("Z")
//   An inline literal is used only when its lexical form is the canonical
//   one that DecodeInline prints back, so every term round-trips exactly.
//
//   TermKey     := 'I' iri | 'B' label | 'S' lexical
//                | 'L' varint(len) lang lexical | 'T' varint(len) datatype
//                lexical
//   term2id:    TermKey -> TermId          id2term: TermId -> TermKey
//   index CFs:  key = four TermIds in the CF's order (32 bytes), value empty
//     spog posg ospg gspo gpos gosp
//   stats:      "total" | 'p' TermId | 'g' TermId   -> u64 quad count
//               'S' TermId | 'O' TermId             -> u64 distinct subjects /
//                                                      objects of a predicate
//               "exact"                             -> u64 1 if S/O are exact
//   meta:       "format"  -> u64 format version   "next_id" -> u64
//               "terms_reclaimed" -> u64 entries removed by Compact
//               "prefix:" name -> namespace IRI
//   labels:     'k' NameKey 0x00 s p o g   (one per label quad)
//               'w' word 0x00 s p o g      (one per distinct word of the
//                                           NameKey, same quad), value empty
//     NameKey = NormalizeName(lexical form) (kg/names.h); the quads are
//     those whose predicate is rdfs:label, skos:prefLabel or skos:altLabel
//     and whose object is a literal (store/label_index.h)
//   All u64 values are 8 bytes big-endian.
#ifndef KG_STORE_ENCODING_H_
#define KG_STORE_ENCODING_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/quad.h"
#include "kg/status.h"
#include "kg/term.h"

namespace kg::store {

using TermId = std::uint64_t;

// 2: the labels column family. 3: the graph-first orders without the
// default graph's quads (IsGraphFirst below).
inline constexpr std::uint64_t kFormatVersion = 3;
inline constexpr TermId kDefaultGraphId = 0;
inline constexpr int kTagShift = 56;
inline constexpr std::uint64_t kPayloadMask = (std::uint64_t{1} << 56) - 1;
inline constexpr std::uint64_t kPayloadBias = std::uint64_t{1} << 55;

enum class IdTag : std::uint8_t {
  kDefaultGraph = 0x00,
  kIri = 0x01,
  kBlank = 0x02,
  kLiteral = 0x03,
  kBoolean = 0x10,
  kInteger = 0x11,
  kDecimal = 0x12,
  kDouble = 0x13,
  kDate = 0x14,
  kDateTime = 0x15,
  kDateTimeUtc = 0x16,
};

inline IdTag TagOf(TermId id) { return static_cast<IdTag>(id >> kTagShift); }
inline std::uint64_t PayloadOf(TermId id) { return id & kPayloadMask; }
inline TermId MakeId(IdTag tag, std::uint64_t payload) {
  return (static_cast<std::uint64_t>(tag) << kTagShift) |
         (payload & kPayloadMask);
}
inline bool IsInline(TermId id) {
  return static_cast<std::uint8_t>(TagOf(id)) >= 0x10;
}

// The inline id of `term` if it is a canonical boolean, integer, decimal,
// double, date or dateTime literal whose value fits; nullopt otherwise.
std::optional<TermId> EncodeInline(const Term& term);
// REQUIRES: IsInline(id). The literal, with its canonical lexical form.
Term DecodeInline(TermId id);

// The dictionary key of a term that is not inline.
std::string TermKey(const Term& term);
// Appends TermKey(term) to *key (no allocation when *key has room).
void AppendTermKey(const Term& term, std::string* key);
// The id tag a dictionary-coded term gets.
IdTag DictionaryTag(const Term& term);
Result<Term> TermFromKey(std::string_view key);

// ----- quads as ids and their index orders -----

struct IdQuad {
  TermId s = 0, p = 0, o = 0, g = 0;
  friend bool operator==(const IdQuad&, const IdQuad&) = default;
  friend auto operator<=>(const IdQuad&, const IdQuad&) = default;
};

enum class IndexOrder : std::uint8_t {
  kSPOG,
  kPOSG,
  kOSPG,
  kGSPO,
  kGPOS,
  kGOSP
};
inline constexpr int kIndexOrderCount = 6;
inline constexpr std::array<IndexOrder, kIndexOrderCount> kAllIndexOrders = {
    IndexOrder::kSPOG, IndexOrder::kPOSG, IndexOrder::kOSPG,
    IndexOrder::kGSPO, IndexOrder::kGPOS, IndexOrder::kGOSP};
std::string_view IndexOrderName(IndexOrder order);  // "spog", ...

// Positions within a quad: 0 s, 1 p, 2 o, 3 g. kOrderPositions[order][i] is
// the quad position stored at key slot i.
inline constexpr int kOrderPositions[kIndexOrderCount][4] = {
    {0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3},
    {3, 0, 1, 2}, {3, 1, 2, 0}, {3, 2, 0, 1}};

// The graph-first orders hold the quads of named graphs only (storage
// format 3). A quad of the default graph is in spog, posg and ospg alone:
// three keys where it had six, as Oxigraph keeps its default graph. A scan
// of a graph-first order bound to the default graph reads the order's
// counterpart below and keeps the default graph's quads, which come in the
// same order (the graph is then last and the same in every key).
inline bool IsGraphFirst(IndexOrder order) {
  return order >= IndexOrder::kGSPO;
}
// kGSPO -> kSPOG, kGPOS -> kPOSG, kGOSP -> kOSPG; others unchanged.
inline IndexOrder WithoutGraphFirst(IndexOrder order) {
  return IsGraphFirst(order)
             ? static_cast<IndexOrder>(static_cast<int>(order) - 3)
             : order;
}
// Whether index `order` holds a quad of graph `g`.
inline bool IndexHolds(IndexOrder order, TermId g) {
  return g != kDefaultGraphId || !IsGraphFirst(order);
}
// How many of `quads` the graph-first orders hold.
inline std::size_t NamedGraphQuads(const std::vector<IdQuad>& quads) {
  return static_cast<std::size_t>(
      std::count_if(quads.begin(), quads.end(),
                    [](const IdQuad& q) { return q.g != kDefaultGraphId; }));
}
// Removes the quads the graph-first orders do not hold.
inline void DropDefaultGraphQuads(std::vector<IdQuad>* quads) {
  std::erase_if(*quads, [](const IdQuad& q) { return q.g == kDefaultGraphId; });
}

inline TermId Position(const IdQuad& q, int pos) {
  switch (pos) {
    case 0:
      return q.s;
    case 1:
      return q.p;
    case 2:
      return q.o;
    default:
      return q.g;
  }
}

using QuadKey = std::array<char, 32>;

// 8 bytes big-endian (keys sort by these bytes as the numbers sort).
inline void PutU64(std::uint64_t v, char* out) {
  if constexpr (std::endian::native == std::endian::little) {
    v = __builtin_bswap64(v);
  }
  std::memcpy(out, &v, 8);
}
inline std::uint64_t GetU64(const char* in) {
  std::uint64_t v;
  std::memcpy(&v, in, 8);
  if constexpr (std::endian::native == std::endian::little) {
    v = __builtin_bswap64(v);
  }
  return v;
}
std::string U64Bytes(std::uint64_t v);

// A per-term statistics key: `kind` ('p', 'g', 'S', 'O') then the id.
std::string StatKey(char kind, TermId id);

QuadKey EncodeQuadKey(IndexOrder order, const IdQuad& q);
IdQuad DecodeQuadKey(IndexOrder order, const char* key);

// A quad pattern over ids: unset positions match anything.
struct IdPattern {
  std::optional<TermId> s, p, o, g;
  std::optional<TermId> at(int pos) const {
    return pos == 0 ? s : pos == 1 ? p : pos == 2 ? o : g;
  }
};

// The order whose key prefix is exactly the bound positions of `pattern`,
// and that prefix's length in ids. Every one of the 16 shapes has one.
IndexOrder ChooseOrder(const IdPattern& pattern, int* prefix_ids);
std::string PatternPrefix(IndexOrder order, const IdPattern& pattern,
                          int prefix_ids);

bool IdQuadLessInOrder(IndexOrder order, const IdQuad& a, const IdQuad& b);

// A quad's ids in the key order of one index order. Keys hold the ids
// big-endian, so these compare (as numbers, field by field) exactly as the
// index's keys do (as bytes), without the cost of memcmp.
struct OrderedQuad {
  TermId v[4];
  auto operator<=>(const OrderedQuad&) const = default;
};

inline OrderedQuad Ordered(IndexOrder order, const IdQuad& q) {
  const int* pos = kOrderPositions[static_cast<int>(order)];
  return OrderedQuad{{Position(q, pos[0]), Position(q, pos[1]),
                      Position(q, pos[2]), Position(q, pos[3])}};
}

// The index key of `q` (32 bytes, as EncodeQuadKey writes it).
inline void KeyOf(const OrderedQuad& q, char* key) {
  for (int i = 0; i < 4; ++i) PutU64(q.v[i], key + 8 * i);
}

}  // namespace kg::store

#endif  // KG_STORE_ENCODING_H_
