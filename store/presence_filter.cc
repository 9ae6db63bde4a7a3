// The writers' Bloom filters of spog keys and dictionary keys, and their
// builds from a snapshot on a thread of their own.
#include "store/presence_filter.h"

#include <rocksdb/db.h>

#include <algorithm>

#include "store/db.h"

namespace kg::store {

namespace {

std::uint64_t BlocksFor(std::uint64_t capacity, int bits_per_key) {
  return std::max<std::uint64_t>(1, (capacity * bits_per_key + 511) / 512);
}

}  // namespace

BloomBits::BloomBits(std::uint64_t capacity, int bits_per_key)
    : capacity_(capacity),
      bits_per_key_(bits_per_key),
      blocks_(BlocksFor(capacity, bits_per_key)),
      words_(8 * blocks_, 0) {}

std::size_t BloomBits::BytesFor(std::uint64_t capacity, int bits_per_key) {
  return static_cast<std::size_t>(BlocksFor(capacity, bits_per_key) * 64);
}

PresenceFilter::PresenceFilter(Db* db, std::size_t max_bytes, ScanFn scan,
                               std::uint64_t min_capacity)
    : db_(db),
      max_bytes_(max_bytes),
      min_capacity_(min_capacity),
      scan_(std::move(scan)) {}

PresenceFilter::~PresenceFilter() {
  stop_ = true;
  if (builder_.joinable()) builder_.join();
}

void PresenceFilter::JoinFinishedBuild() {
  if (builder_.joinable() && build_done_.load()) {
    builder_.join();
    build_done_ = false;
  }
}

void PresenceFilter::NoteLookups(
    std::size_t n,
    const std::function<void(std::uint64_t* keys,
                             std::vector<std::uint64_t>* written)>& prepare) {
  if (max_bytes_ == 0) return;
  lookups_ += n;
  if (lookups_ < kLookupsBeforeBuild) return;
  JoinFinishedBuild();
  if (builder_.joinable()) return;  // a build is running
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!layers_.empty()) return;
  }
  lookups_ = 0;  // whatever happens now, wait as long before the next try
  std::uint64_t keys = 0;
  std::vector<std::uint64_t> written;
  prepare(&keys, &written);
  keys += written.size();
  // Room for as many keys again, within the budget.
  std::uint64_t capacity = std::max(min_capacity_, 2 * keys);
  while (capacity > keys && BloomBits::BytesFor(capacity) > max_bytes_)
    capacity -= capacity / 8 + 1;
  if (capacity <= keys) return;  // too many keys for the budget
  std::lock_guard<std::mutex> lock(mu_);
  building_ = true;
  written_ = std::move(written);
  // The caller holds the writer lock: nothing commits between this
  // snapshot and the keys it hands in; whatever is written later comes
  // through Add into written_.
  const rocksdb::Snapshot* snapshot = db_->db->GetSnapshot();
  build_done_ = false;
  builder_ = std::thread(&PresenceFilter::Build, this, generation_, snapshot,
                         capacity);
}

void PresenceFilter::Build(std::uint64_t generation,
                           const rocksdb::Snapshot* snapshot,
                           std::uint64_t capacity) {
  auto bits = std::make_unique<BloomBits>(capacity);
  Status s = scan_(
      db_, snapshot, [&](std::uint64_t h) { bits->Add(h); }, stop_);
  db_->db->ReleaseSnapshot(snapshot);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (generation == generation_) {
      if (s.ok() && !stop_) {
        layer_bytes_ = bits->memory_bytes();
        layers_.push_back(std::move(bits));
        for (std::uint64_t h : written_) {
          if (layers_.empty()) break;
          AddLocked(h);
        }
      }
      building_ = false;
      written_.clear();
      written_.shrink_to_fit();
    }
  }
  build_done_ = true;
}

bool PresenceFilter::Filter(const std::uint64_t* hashes, std::size_t n,
                            char* maybe) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (layers_.empty()) return false;
  for (std::size_t i = 0; i < n; ++i) {
    maybe[i] = 0;
    for (const auto& layer : layers_) {
      if (layer->MayContain(hashes[i])) {
        maybe[i] = 1;
        break;
      }
    }
  }
  return true;
}

void PresenceFilter::AddLocked(std::uint64_t h) {
  BloomBits* last = layers_.back().get();
  if (last->count() >= last->capacity()) {
    const std::uint64_t capacity = 2 * last->capacity();
    const int bits = std::min(last->bits_per_key() + 2, 24);
    if (layer_bytes_ + BloomBits::BytesFor(capacity, bits) <= max_bytes_) {
      layers_.push_back(std::make_unique<BloomBits>(capacity, bits));
      layer_bytes_ += layers_.back()->memory_bytes();
      last = layers_.back().get();
    } else if (last->count() > 2 * last->capacity()) {
      // It would answer "maybe" too often to pay for itself, and a
      // larger one does not fit the budget.
      layers_.clear();
      layer_bytes_ = 0;
      return;
    }
  }
  last->Add(h);
}

void PresenceFilter::Add(const std::uint64_t* hashes, std::size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  for (std::size_t i = 0; i < n && !layers_.empty(); ++i) AddLocked(hashes[i]);
  if (building_) written_.insert(written_.end(), hashes, hashes + n);
}

void PresenceFilter::Invalidate() {
  stop_ = true;
  if (builder_.joinable()) builder_.join();
  stop_ = false;
  build_done_ = false;
  std::lock_guard<std::mutex> lock(mu_);
  ++generation_;
  layers_.clear();
  layer_bytes_ = 0;
  building_ = false;
  written_.clear();
  lookups_ = 0;
}

bool PresenceFilter::ready() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !layers_.empty();
}

namespace {

using KeyHash = std::uint64_t (*)(const rocksdb::Slice& key);

// Calls add(hash(key)) for every key of `cf` at `snapshot`.
Status ScanKeys(Db* db, Cf cf, KeyHash hash, const rocksdb::Snapshot* snapshot,
                const std::function<void(std::uint64_t)>& add,
                const std::atomic<bool>& stop) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  ro.fill_cache = false;
  ro.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db->db->NewIterator(ro, db->cf(cf)));
  std::uint64_t n = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    add(hash(it->key()));
    if ((++n & 4095) == 0 && stop.load(std::memory_order_relaxed))
      return Status::Aborted("stopped");
  }
  return FromRocks(it->status(), "scanning keys for a presence filter");
}

// The filter of the keys of `cf`, each hashed by `hash`.
std::unique_ptr<PresenceFilter> NewKeyFilter(Db* db, std::size_t max_bytes,
                                             Cf cf, KeyHash hash) {
  return std::make_unique<PresenceFilter>(
      db, max_bytes,
      [cf, hash](Db* db, const rocksdb::Snapshot* snapshot,
                 const std::function<void(std::uint64_t)>& add,
                 const std::atomic<bool>& stop) {
        return ScanKeys(db, cf, hash, snapshot, add, stop);
      });
}

}  // namespace

std::unique_ptr<PresenceFilter> NewQuadFilter(Db* db, std::size_t max_bytes) {
  return NewKeyFilter(
      db, max_bytes, IndexCf(IndexOrder::kSPOG), [](const rocksdb::Slice& key) {
        return QuadHash(DecodeQuadKey(IndexOrder::kSPOG, key.data()));
      });
}

std::unique_ptr<PresenceFilter> NewTermFilter(Db* db, std::size_t max_bytes) {
  return NewKeyFilter(
      db, max_bytes, Cf::kTermToId, [](const rocksdb::Slice& key) {
        return TermKeyHash(std::string_view(key.data(), key.size()));
      });
}

}  // namespace kg::store
