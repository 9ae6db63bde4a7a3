// IdTable: values by term id in one flat array, for the hot loops that
// look ids up millions of times (a query's decoded terms, counts by key):
// open addressing over a power-of-two table at most half full, no
// allocation per entry, about one cache line per lookup.
#ifndef KG_STORE_ID_TABLE_H_
#define KG_STORE_ID_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "store/encoding.h"

namespace kg::store {

template <typename V>
class IdTable {
 public:
  // Marks a free slot: no stored or query-local id is all ones.
  static constexpr TermId kFree = ~TermId{0};

  IdTable() : slots_(64, {kFree, V{}}) {}

  // The value of `id`, or null. REQUIRES: id != kFree.
  const V* Find(TermId id) const {
    const auto& slot = slots_[Probe(id)];
    return slot.first == id ? &slot.second : nullptr;
  }
  // The value of `id`, added as V{} when absent. REQUIRES: id != kFree.
  V& operator[](TermId id) {
    std::size_t at = Probe(id);
    if (slots_[at].first == id) return slots_[at].second;
    if (2 * (size_ + 1) > slots_.size()) {
      Grow();
      at = Probe(id);
    }
    slots_[at].first = id;
    ++size_;
    return slots_[at].second;
  }
  // Fetches the slot where `id` would start its search into the cache.
  void Prefetch(TermId id) const {
    __builtin_prefetch(&slots_[Hash(id) & (slots_.size() - 1)]);
  }
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.size() * sizeof(slots_[0]); }
  // fn(id, value) for every entry, in no particular order.
  template <typename Fn>
  void ForEach(Fn fn) const {
    for (const auto& [id, v] : slots_)
      if (id != kFree) fn(id, v);
  }

 private:
  static std::uint64_t Hash(TermId id) {
    const std::uint64_t h = id * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 31);
  }
  // The slot holding `id`, or the free one where it would go.
  std::size_t Probe(TermId id) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = Hash(id) & mask;
    while (slots_[at].first != kFree && slots_[at].first != id)
      at = (at + 1) & mask;
    return at;
  }
  void Grow() {
    std::vector<std::pair<TermId, V>> old(2 * slots_.size(), {kFree, V{}});
    old.swap(slots_);
    for (auto& e : old)
      if (e.first != kFree) slots_[Probe(e.first)] = std::move(e);
  }

  std::vector<std::pair<TermId, V>> slots_;
  std::size_t size_ = 0;
};

}  // namespace kg::store

#endif  // KG_STORE_ID_TABLE_H_
