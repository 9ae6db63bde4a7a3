// TermIdMap: a map from dictionary keys (TermKey) to term ids: the bulk
// loader's ids of terms new to the database, and the two generations of
// TermIdCache. Open addressing over one array of slots, keys packed into
// one arena: a lookup touches about two cache lines, against four or more
// for std::unordered_map<std::string, ...>, and each entry costs its key
// plus 24 bytes.
#ifndef KG_STORE_TERM_ID_MAP_H_
#define KG_STORE_TERM_ID_MAP_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/encoding.h"

namespace kg::store {

class TermIdMap {
 public:
  TermIdMap() : slots_(1024) {}

  std::size_t size() const { return size_; }
  // Bytes held (slots and arena).
  std::size_t memory_bytes() const {
    return slots_.size() * sizeof(Slot) + arena_.capacity();
  }

  std::optional<TermId> Find(std::string_view key) const {
    const std::uint64_t h = Hash(key);
    for (std::size_t i = h & (slots_.size() - 1);;
         i = (i + 1) & (slots_.size() - 1)) {
      const Slot& s = slots_[i];
      if (s.id == 0) return std::nullopt;
      if (s.hash == h && Key(s) == key) return s.id;
    }
  }

  // Bytes held once `key` is inserted (the slots double at half full).
  std::size_t memory_bytes_with(std::string_view key) const {
    std::size_t slots = slots_.size();
    if ((size_ + 1) * 2 > slots) slots *= 2;
    return slots * sizeof(Slot) + arena_.size() + key.size();
  }

  // REQUIRES: key is absent; id != 0.
  void Insert(std::string_view key, TermId id) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    Slot s{Hash(key), arena_.size(), static_cast<std::uint32_t>(key.size()),
           id};
    arena_.append(key);
    Place(s);
    ++size_;
  }

  // Calls fn(key, id) for every entry in ascending key order.
  void ForEachSorted(
      const std::function<void(std::string_view, TermId)>& fn) const {
    std::vector<const Slot*> sorted;
    sorted.reserve(size_);
    for (const Slot& s : slots_)
      if (s.id != 0) sorted.push_back(&s);
    std::sort(
        sorted.begin(), sorted.end(),
        [this](const Slot* a, const Slot* b) { return Key(*a) < Key(*b); });
    for (const Slot* s : sorted) fn(Key(*s), s->id);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint64_t offset = 0;  // into arena_
    std::uint32_t length = 0;
    TermId id = 0;  // 0 marks an empty slot (no term gets id 0)
  };

  static std::uint64_t Hash(std::string_view key) {
    return std::hash<std::string_view>{}(key);
  }
  std::string_view Key(const Slot& s) const {
    return std::string_view(arena_.data() + s.offset, s.length);
  }
  void Place(const Slot& s) {
    for (std::size_t i = s.hash & (slots_.size() - 1);;
         i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].id == 0) {
        slots_[i] = s;
        return;
      }
    }
  }
  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.id != 0) Place(s);
  }

  std::vector<Slot> slots_;  // size is a power of two
  std::string arena_;
  std::size_t size_ = 0;
};

// TermIdCache (Db::term_ids): committed terms' ids by term key, bounded in
// bytes, so that requests naming terms of earlier requests skip the
// dictionary. Two generations: lookups read both, new entries go to the
// young one, and when the young one holds half the budget the old one is
// dropped and the young one takes its place. A term used from the old
// generation is copied into the young one (Keep), so terms in steady use
// stay. No locks and no writes on lookup, unlike RocksDB's LRU cache that
// it replaces (a mutex taken twice per lookup, and two threads contending
// for the shards of the few predicates every request names): the writer
// lock guards it, and Find may run on several threads while nothing
// inserts.
class TermIdCache {
 public:
  explicit TermIdCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

  // *in_old (when given) tells whether the entry came from the old
  // generation: Keep it to keep it.
  std::optional<TermId> Find(std::string_view key,
                             bool* in_old = nullptr) const {
    if (auto id = young_.Find(key)) {
      if (in_old != nullptr) *in_old = false;
      return id;
    }
    auto id = old_.Find(key);
    if (in_old != nullptr) *in_old = id.has_value();
    return id;
  }
  void Insert(std::string_view key, TermId id) {
    if (young_.Find(key)) return;
    if (young_.size() > 0 && young_.memory_bytes_with(key) > budget_ / 2) {
      old_ = std::move(young_);
      young_ = TermIdMap();
    }
    young_.Insert(key, id);
  }
  // Copies an entry of the old generation into the young one.
  void Keep(std::string_view key, TermId id) { Insert(key, id); }
  void Clear() {
    young_ = TermIdMap();
    old_ = TermIdMap();
  }
  std::size_t size() const { return young_.size() + old_.size(); }

 private:
  std::size_t budget_;
  TermIdMap young_, old_;
};

}  // namespace kg::store

#endif  // KG_STORE_TERM_ID_MAP_H_
