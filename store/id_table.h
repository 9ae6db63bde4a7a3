// FlatTable: values by key in one flat array, for the hot loops that look
// keys up millions of times (a query's decoded terms and counts by key,
// by term id; a transaction's added quads): open addressing over a
// power-of-two table at most half full, no allocation per entry, about one
// cache line per lookup.
#ifndef KG_STORE_ID_TABLE_H_
#define KG_STORE_ID_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "store/encoding.h"

namespace kg::store {

// The key type's side of a FlatTable: the value no key takes (marking free
// slots) and the hash.
struct IdKeys {
  static constexpr TermId kFree = ~TermId{0};  // no stored or local id
  static std::uint64_t Hash(TermId id) {
    const std::uint64_t h = id * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 31);
  }
};
struct IdQuadKeys {
  static constexpr IdQuad kFree{~TermId{0}, ~TermId{0}, ~TermId{0}, ~TermId{0}};
  static std::uint64_t Hash(const IdQuad& q) {
    std::uint64_t h = q.s * 0x9e3779b97f4a7c15ull;
    h ^= (q.p + (h << 6) + (h >> 2)) * 0xff51afd7ed558ccdull;
    h ^= (q.o + (h << 6) + (h >> 2)) * 0xc4ceb9fe1a85ec53ull;
    h ^= (q.g + (h << 6) + (h >> 2)) * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 31);
  }
};

template <typename K, typename V, typename Keys>
class FlatTable {
 public:
  FlatTable() : slots_(64, {Keys::kFree, V{}}) {}

  // The value of `key`, or null. REQUIRES: key != Keys::kFree.
  const V* Find(const K& key) const {
    const auto& slot = slots_[Probe(key)];
    return slot.first == key ? &slot.second : nullptr;
  }
  // The value of `key`, added as V{} when absent (size() tells which).
  // REQUIRES: key != Keys::kFree.
  V& operator[](const K& key) {
    std::size_t at = Probe(key);
    if (slots_[at].first == key) return slots_[at].second;
    if (2 * (size_ + 1) > slots_.size()) {
      Grow();
      at = Probe(key);
    }
    slots_[at].first = key;
    ++size_;
    return slots_[at].second;
  }
  // Fetches the slot where `key` would start its search into the cache.
  void Prefetch(const K& key) const {
    __builtin_prefetch(&slots_[Keys::Hash(key) & (slots_.size() - 1)]);
  }
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.size() * sizeof(slots_[0]); }
  // fn(key, value) for every entry, in no particular order.
  template <typename Fn>
  void ForEach(Fn fn) const {
    for (const auto& [key, v] : slots_)
      if (!(key == Keys::kFree)) fn(key, v);
  }

 private:
  // The slot holding `key`, or the free one where it would go.
  std::size_t Probe(const K& key) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = Keys::Hash(key) & mask;
    while (!(slots_[at].first == Keys::kFree) && !(slots_[at].first == key))
      at = (at + 1) & mask;
    return at;
  }
  void Grow() {
    std::vector<std::pair<K, V>> old(2 * slots_.size(), {Keys::kFree, V{}});
    old.swap(slots_);
    for (auto& e : old)
      if (!(e.first == Keys::kFree)) slots_[Probe(e.first)] = std::move(e);
  }

  std::vector<std::pair<K, V>> slots_;
  std::size_t size_ = 0;
};

// Values by term id.
template <typename V>
using IdTable = FlatTable<TermId, V, IdKeys>;

}  // namespace kg::store

#endif  // KG_STORE_ID_TABLE_H_
