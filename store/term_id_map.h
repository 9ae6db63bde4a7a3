// TermIdMap: the bulk loader's map from dictionary keys (TermKey) to the
// ids it gave terms new to the database. Open addressing over one array of
// slots, keys packed into one arena: a lookup touches about two cache
// lines, against four or more for std::unordered_map<std::string, ...>,
// and each entry costs its key plus 24 bytes.
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

}  // namespace kg::store

#endif  // KG_STORE_TERM_ID_MAP_H_
