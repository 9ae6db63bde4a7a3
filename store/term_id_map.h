// TermIdMap: a map from dictionary keys (TermKey) to term ids: the bulk
// loader's ids of terms new to the database, and the two generations of
// TermIdCache. Open addressing over an array of 8-byte slots, each the top
// of the key's hash and the place of its entry in one arena, where the
// entry holds the id, the key's length and the key. A lookup touches about
// two cache lines (the slots it probes, then the entry whose tag matches).
// The slots double at two thirds full. With keys of 27 bytes, 200,000
// entries take 68 bytes each, arena slack included, where 32-byte slots
// (hash, offset, length, id) doubled at half full took 123; a 32 MiB term
// cache holds 1.7 times as many news-entity IRIs (docs/benchmarks.md,
// session 12).
#ifndef KG_STORE_TERM_ID_MAP_H_
#define KG_STORE_TERM_ID_MAP_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
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

  // The hash a key is placed by: callers that look a key up in several
  // maps compute it once.
  static std::uint64_t Hash(std::string_view key) {
    return std::hash<std::string_view>{}(key);
  }

  std::optional<TermId> Find(std::string_view key) const {
    return Find(key, Hash(key));
  }
  // REQUIRES: h == Hash(key).
  std::optional<TermId> Find(std::string_view key, std::uint64_t h) const {
    const Slot tag = TagOf(h);
    for (std::size_t i = h & (slots_.size() - 1);;
         i = (i + 1) & (slots_.size() - 1)) {
      const Slot s = slots_[i];
      if (s == 0) return std::nullopt;
      if ((s & kTagMask) == tag && KeyAt(s) == key) return IdAt(s);
    }
  }

  // Asks the CPU to fetch the slot where a key of hash `h` is looked for
  // first, ahead of Find(key, h): a map of many entries has it in no cache.
  void Prefetch(std::uint64_t h) const {
    __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }

  // Bytes held once `key` is inserted (the slots double at two thirds
  // full).
  std::size_t memory_bytes_with(std::string_view key) const {
    std::size_t slots = slots_.size();
    if (Full(size_ + 1)) slots *= 2;
    return slots * sizeof(Slot) + arena_.size() + EntryBytes(key.size());
  }

  // REQUIRES: key is absent; id != 0.
  void Insert(std::string_view key, TermId id) { Insert(key, id, Hash(key)); }
  // REQUIRES: as above, and h == Hash(key).
  void Insert(std::string_view key, TermId id, std::uint64_t h) {
    if (Full(size_ + 1)) Grow();
    const std::size_t offset = arena_.size();
    const std::uint32_t length = static_cast<std::uint32_t>(key.size());
    arena_.resize(offset + EntryBytes(key.size()));
    char* e = arena_.data() + offset;
    std::memcpy(e, &id, sizeof id);
    std::memcpy(e + kIdBytes, &length, sizeof length);
    std::memcpy(e + kHeaderBytes, key.data(), key.size());
    Place(h, TagOf(h) | (offset / kAlign + 1));
    ++size_;
  }

  // Room for `entries` in all without doubling again (each doubling hashes
  // every key again).
  void Reserve(std::size_t entries) {
    while (Full(entries)) Grow();
  }

  // Calls fn(key, id) for every entry, in no particular order.
  template <class Fn>
  void ForEach(Fn&& fn) const {
    for (Slot s : slots_)
      if (s != 0) fn(KeyAt(s), IdAt(s));
  }

  // Calls fn(key, id) for every entry in ascending key order.
  void ForEachSorted(
      const std::function<void(std::string_view, TermId)>& fn) const {
    std::vector<Slot> sorted;
    sorted.reserve(size_);
    for (Slot s : slots_)
      if (s != 0) sorted.push_back(s);
    std::sort(sorted.begin(), sorted.end(),
              [this](Slot a, Slot b) { return KeyAt(a) < KeyAt(b); });
    for (Slot s : sorted) fn(KeyAt(s), IdAt(s));
  }

 private:
  // A slot: the top 24 bits of the key's hash, then where its entry starts
  // in arena_ (in units of kAlign bytes, plus 1; 40 bits: 4 TiB). 0 marks
  // an empty slot. An entry: the id (8 bytes), the key's length (4), the
  // key, padded to kAlign bytes.
  using Slot = std::uint64_t;
  static constexpr Slot kTagMask = ~Slot{0} << 40;
  static constexpr std::size_t kIdBytes = 8;
  static constexpr std::size_t kHeaderBytes = 12;
  static constexpr std::size_t kAlign = 4;

  static Slot TagOf(std::uint64_t h) { return h & kTagMask; }
  static std::size_t EntryBytes(std::size_t key_size) {
    return (kHeaderBytes + key_size + kAlign - 1) / kAlign * kAlign;
  }
  bool Full(std::size_t entries) const {
    return entries * 3 > slots_.size() * 2;
  }
  const char* EntryAt(Slot s) const {
    return arena_.data() + ((s & ~kTagMask) - 1) * kAlign;
  }
  TermId IdAt(Slot s) const {
    TermId id;
    std::memcpy(&id, EntryAt(s), sizeof id);
    return id;
  }
  std::string_view KeyAt(Slot s) const {
    const char* e = EntryAt(s);
    std::uint32_t length;
    std::memcpy(&length, e + kIdBytes, sizeof length);
    return std::string_view(e + kHeaderBytes, length);
  }
  void Place(std::uint64_t h, Slot s) {
    for (std::size_t i = h & (slots_.size() - 1);;
         i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == 0) {
        slots_[i] = s;
        return;
      }
    }
  }
  // Twice the slots; the keys are hashed again (a slot keeps only the top
  // of its hash).
  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (Slot s : old)
      if (s != 0) Place(Hash(KeyAt(s)), s);
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
  // REQUIRES: h == TermIdMap::Hash(key).
  std::optional<TermId> Find(std::string_view key, std::uint64_t h,
                             bool* in_old = nullptr) const {
    if (auto id = young_.Find(key, h)) {
      if (in_old != nullptr) *in_old = false;
      return id;
    }
    auto id = old_.Find(key, h);
    if (in_old != nullptr) *in_old = id.has_value();
    return id;
  }
  std::optional<TermId> Find(std::string_view key,
                             bool* in_old = nullptr) const {
    return Find(key, TermIdMap::Hash(key), in_old);
  }
  // TermIdMap::Prefetch for both generations.
  void Prefetch(std::uint64_t h) const {
    young_.Prefetch(h);
    if (old_.size() > 0) old_.Prefetch(h);
  }
  void Insert(std::string_view key, TermId id) {
    Insert(key, id, TermIdMap::Hash(key));
  }
  // REQUIRES: h == TermIdMap::Hash(key).
  void Insert(std::string_view key, TermId id, std::uint64_t h) {
    if (young_.Find(key, h)) return;
    if (young_.size() > 0 && young_.memory_bytes_with(key) > budget_ / 2) {
      old_ = std::move(young_);
      young_ = TermIdMap();
    }
    young_.Insert(key, id, h);
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
