// PresenceFilter: an in-memory Bloom filter over every key of one column
// family (the spog keys, the dictionary's term keys), kept by the writers,
// that tells most keys a write would look up as certainly absent without
// probing the filter of every sorted run RocksDB holds.
#ifndef KG_STORE_PRESENCE_FILTER_H_
#define KG_STORE_PRESENCE_FILTER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "kg/status.h"
#include "store/encoding.h"
#include "store/term_id_map.h"

namespace rocksdb {
class Snapshot;
}  // namespace rocksdb

namespace kg::store {

struct Db;

// A 64-bit finalizer (MurmurHash3's): every input bit moves about half of
// the output bits.
inline std::uint64_t Fmix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

// The filter hash of a quad and of a dictionary key.
inline std::uint64_t QuadHash(const IdQuad& q) {
  std::uint64_t h = Fmix64(q.s ^ 0x9e3779b97f4a7c15ull);
  h = Fmix64(h ^ q.p);
  h = Fmix64(h ^ q.o);
  return Fmix64(h ^ q.g);
}
// The filter hash of a dictionary key from its TermIdMap::Hash, for
// callers that have that hash already (the writers' term lookups).
inline std::uint64_t TermKeyHashOf(std::uint64_t map_hash) {
  return Fmix64(map_hash);
}
inline std::uint64_t TermKeyHash(std::string_view key) {
  return TermKeyHashOf(TermIdMap::Hash(key));
}

// A blocked Bloom filter of fixed size: each key sets kProbes bits of one
// 512-bit block (one cache line). At capacity, with kBitsPerKey bits per
// key, about one absent key in a hundred answers "maybe"; each 2 bits more
// about halve that.
class BloomBits {
 public:
  static constexpr int kBitsPerKey = 10;
  static constexpr int kProbes = 6;
  explicit BloomBits(std::uint64_t capacity, int bits_per_key = kBitsPerKey);

  void Add(std::uint64_t h) {
    std::uint64_t* block = Block(h);
    std::uint64_t bits = Fmix64(h);
    for (int i = 0; i < kProbes; ++i, bits >>= 9)
      block[(bits >> 6) & 7] |= std::uint64_t{1} << (bits & 63);
    ++count_;
  }
  bool MayContain(std::uint64_t h) const {
    const std::uint64_t* block = Block(h);
    std::uint64_t bits = Fmix64(h);
    for (int i = 0; i < kProbes; ++i, bits >>= 9) {
      if ((block[(bits >> 6) & 7] & (std::uint64_t{1} << (bits & 63))) == 0)
        return false;
    }
    return true;
  }
  std::uint64_t capacity() const { return capacity_; }
  int bits_per_key() const { return bits_per_key_; }
  // Keys added (a key added twice counts twice).
  std::uint64_t count() const { return count_; }
  std::size_t memory_bytes() const { return words_.size() * 8; }
  // The bytes a filter of `capacity` keys takes.
  static std::size_t BytesFor(std::uint64_t capacity,
                              int bits_per_key = kBitsPerKey);

 private:
  std::uint64_t* Block(std::uint64_t h) {
    return words_.data() + 8 * BlockIndex(h);
  }
  const std::uint64_t* Block(std::uint64_t h) const {
    return words_.data() + 8 * BlockIndex(h);
  }
  std::uint64_t BlockIndex(std::uint64_t h) const {
    return static_cast<std::uint64_t>(
        (static_cast<unsigned __int128>(h) * blocks_) >> 64);
  }
  std::uint64_t capacity_;
  int bits_per_key_;
  std::uint64_t blocks_;
  std::uint64_t count_ = 0;
  std::vector<std::uint64_t> words_;
};

// The filter of one column family's keys. It is built on a thread of its
// own from a snapshot, once a writer has looked up enough keys for it to pay
// off (a one-off update never builds it), with room for as many keys again.
// When the keys outgrow it, a layer twice as large, with 2 bits more per
// key, takes the new ones (a key is absent when every layer says so; the
// layers' false positives add up to about twice the first's), so that it
// is never read from the database again. Writers add every key they write
// before they next ask the filter and at the latest when the transaction
// commits (a transaction rolled back may have added some: an extra key only
// costs a lookup), so the filter never calls a key absent that the store or
// a transaction's pending writes hold. A write that bypasses it (a bulk load)
// calls Invalidate().
//
// Every call but the constructor and destructor is for writers holding the
// store's writer lock.
class PresenceFilter {
 public:
  // Calls add(hash) for each key of the family at `snapshot`; returns early
  // (with any status) once `stop` is set.
  using ScanFn =
      std::function<Status(Db* db, const rocksdb::Snapshot* snapshot,
                           const std::function<void(std::uint64_t)>& add,
                           const std::atomic<bool>& stop)>;
  // At most `max_bytes` of filter: a family holding more keys than fit at
  // BloomBits::kBitsPerKey has no filter. The first layer has room for at
  // least `min_capacity` keys.
  PresenceFilter(Db* db, std::size_t max_bytes, ScanFn scan,
                 std::uint64_t min_capacity = std::uint64_t{1} << 20);
  ~PresenceFilter();  // stops and waits for a build in progress
  PresenceFilter(const PresenceFilter&) = delete;
  PresenceFilter& operator=(const PresenceFilter&) = delete;

  // Records that the caller is about to look up `n` keys. Once enough
  // lookups were made and there is no filter, starts a build
  // from a snapshot taken now; `prepare` is then called to give the number
  // of keys the family holds (an estimate, to size the filter) and the
  // hashes of the keys the caller's transaction has written so far.
  void NoteLookups(
      std::size_t n,
      const std::function<void(std::uint64_t* keys,
                               std::vector<std::uint64_t>* written)>& prepare);
  // When a filter is ready: maybe[i] = whether hashes[i] may be present,
  // and true. Otherwise false (every key must be looked up).
  bool Filter(const std::uint64_t* hashes, std::size_t n, char* maybe) const;
  // Keys being written.
  void Add(const std::uint64_t* hashes, std::size_t n);
  // A write added keys without Add: drops the filter and any build in
  // progress; the next lookups start over.
  void Invalidate();

  // Whether a filter is there to answer (for tests).
  bool ready() const;

  // Lookups after which a first build starts.
  static constexpr std::uint64_t kLookupsBeforeBuild = 50000;

 private:
  void Build(std::uint64_t generation, const rocksdb::Snapshot* snapshot,
             std::uint64_t capacity);
  void JoinFinishedBuild();
  // Adds `h` to the last layer (REQUIRES: mu_ held, a layer exists); a new
  // layer when that one is full and the budget allows; no filter at all
  // when the last one is twice over its capacity.
  void AddLocked(std::uint64_t h);

  Db* db_;
  const std::size_t max_bytes_;
  const std::uint64_t min_capacity_;
  ScanFn scan_;
  std::uint64_t lookups_ = 0;  // writers only

  mutable std::mutex mu_;  // guards everything below but the thread
  // Each twice as large as the one before; new keys go to the last one.
  std::vector<std::unique_ptr<BloomBits>> layers_;
  std::size_t layer_bytes_ = 0;  // of all layers
  bool building_ = false;
  std::uint64_t generation_ = 0;        // bumped by Invalidate
  std::vector<std::uint64_t> written_;  // added while a build runs

  std::thread builder_;
  std::atomic<bool> build_done_{false};
  std::atomic<bool> stop_{false};
};

// The filters of the spog keys and of the dictionary's term keys.
std::unique_ptr<PresenceFilter> NewQuadFilter(Db* db, std::size_t max_bytes);
std::unique_ptr<PresenceFilter> NewTermFilter(Db* db, std::size_t max_bytes);

}  // namespace kg::store

#endif  // KG_STORE_PRESENCE_FILTER_H_
