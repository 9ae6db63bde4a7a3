// QuadStore: snapshot reads, atomic commits, statistics, analyze and check.
#include "store/quad_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <rocksdb/iterator.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/utilities/write_batch_with_index.h>
#include <rocksdb/write_batch.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

#include "store/db.h"
#include "store/id_table.h"
#include "store/label_index.h"

namespace kg::store {

// ----- ReadView ------------------------------------------------------------

struct ReadView::Impl {
  Db* db;
  const rocksdb::Snapshot* snapshot;
  // A transaction's pending writes, read on top of the snapshot; null for
  // plain views.
  rocksdb::WriteBatchWithIndex* batch = nullptr;
  bool owns_snapshot = true;
  // A transaction's state, kept while this view lives.
  std::shared_ptr<void> keep_alive;
  // Db::generation when this view was made.
  std::uint64_t generation = 0;
  // Bytes this view added to Db::id_terms.
  std::atomic<std::size_t> terms_cached{0};
  // Adds a committed term read through this view to Db::id_terms, within
  // this view's share (never a transaction's pending terms).
  void MaybeCacheTerm(TermId id, const Term& t) {
    if (batch != nullptr) return;
    if (terms_cached.load(std::memory_order_relaxed) >
        db->id_terms->GetCapacity() / 4)
      return;
    terms_cached.fetch_add(CacheTerm(db, id, t), std::memory_order_relaxed);
  }
  rocksdb::ReadOptions Options() const {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot;
    return ro;
  }
  rocksdb::Status Get(Cf cf, const rocksdb::Slice& key,
                      std::string* value) const {
    if (batch != nullptr) {
      return batch->GetFromBatchAndDB(db->db, Options(), db->cf(cf), key,
                                      value);
    }
    return db->db->Get(Options(), db->cf(cf), key, value);
  }
  // Get for each of `keys`, read in batches of kMultiGetChunk (one filter
  // and index probe per file and batch instead of per key). `fn(i, status,
  // value)` sees each key's result in order; an error it returns stops the
  // reading and is returned.
  //
  // RocksDB wants each batch's keys in order and sorts them itself when
  // they are not, through its comparator (a virtual call per comparison):
  // 7% of a bulk INSERT DATA request's instructions. Keys given in byte
  // order pass as they are; others are sorted here by their bytes (every
  // family uses RocksDB's bytewise comparator), the results read back in
  // the caller's order. A transaction that has written nothing yet reads
  // the database directly, without the batch's merge.
  static constexpr std::size_t kMultiGetChunk = 4096;
  Status MultiGet(
      Cf cf, const std::vector<rocksdb::Slice>& keys,
      const std::function<Status(std::size_t, const rocksdb::Status&,
                                 const rocksdb::Slice&)>& fn) const {
    const std::size_t chunk = std::min(kMultiGetChunk, keys.size());
    std::vector<rocksdb::PinnableSlice> values(chunk);
    std::vector<rocksdb::Status> statuses(chunk);
    std::vector<rocksdb::Slice> sorted;
    std::vector<std::uint32_t> order;  // order[j]: the key j-th in sorted
    std::vector<std::uint32_t> slot;   // slot[j]: where key j is in sorted
    const bool with_batch =
        batch != nullptr && batch->GetWriteBatch()->Count() > 0;
    for (std::size_t from = 0; from < keys.size(); from += chunk) {
      const std::size_t n = std::min(chunk, keys.size() - from);
      const rocksdb::Slice* in = keys.data() + from;
      const bool in_order = std::is_sorted(
          in, in + n,
          [](const auto& x, const auto& y) { return x.compare(y) < 0; });
      if (!in_order) {
        order.resize(n);
        for (std::size_t j = 0; j < n; ++j)
          order[j] = static_cast<std::uint32_t>(j);
        std::sort(order.begin(), order.end(),
                  [in](std::uint32_t x, std::uint32_t y) {
                    return in[x].compare(in[y]) < 0;
                  });
        sorted.resize(n);
        slot.resize(n);
        for (std::size_t j = 0; j < n; ++j) {
          sorted[j] = in[order[j]];
          slot[order[j]] = static_cast<std::uint32_t>(j);
        }
        in = sorted.data();
      }
      if (with_batch) {
        batch->MultiGetFromBatchAndDB(db->db, Options(), db->cf(cf), n, in,
                                      values.data(), statuses.data(),
                                      /*sorted_input=*/true);
      } else {
        db->db->MultiGet(Options(), db->cf(cf), n, in, values.data(),
                         statuses.data(), /*sorted_input=*/true);
      }
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t at = in_order ? j : slot[j];
        Status st = fn(from + j, statuses[at], values[at]);
        if (!st.ok()) return st;
      }
      for (std::size_t j = 0; j < n; ++j) values[j].Reset();
    }
    return Status::Ok();
  }
  // An iterator over `cf`; `ro` must outlive it (it may keep pointers into
  // it, such as the upper bound).
  rocksdb::Iterator* NewIterator(const rocksdb::ReadOptions& ro, Cf cf) const {
    rocksdb::Iterator* base = db->db->NewIterator(ro, db->cf(cf));
    if (batch == nullptr) return base;
    return batch->NewIteratorWithBase(db->cf(cf), base, &ro);
  }
  ~Impl() {
    if (snapshot != nullptr && owns_snapshot) db->db->ReleaseSnapshot(snapshot);
  }
};

ReadView::ReadView(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReadView::~ReadView() = default;

Result<std::optional<TermId>> ReadView::Lookup(const Term& term) const {
  if (term.is_default_graph()) return std::optional<TermId>(kDefaultGraphId);
  if (auto id = EncodeInline(term)) return std::optional<TermId>(*id);
  std::string v;
  rocksdb::Status s = impl_->Get(Cf::kTermToId, TermKey(term), &v);
  if (s.IsNotFound()) return std::optional<TermId>();
  KG_RETURN_IF_ERROR(FromRocks(s, "dictionary lookup"));
  if (v.size() != 8) return Status::Corruption("bad term2id entry");
  return std::optional<TermId>(GetU64(v.data()));
}

Result<Term> ReadView::Decode(TermId id) const {
  if (id == kDefaultGraphId) return Term::DefaultGraph();
  if (IsInline(id)) return DecodeInline(id);
  Term cached;
  if (CachedTerm(impl_->db, id, &cached)) return cached;
  std::string v;
  rocksdb::Status s = impl_->Get(Cf::kIdToTerm, U64Bytes(id), &v);
  if (s.IsNotFound()) {
    return Status::Corruption(
        fmt::format("term id {:#x} not in dictionary", id));
  }
  KG_RETURN_IF_ERROR(FromRocks(s, "dictionary decode"));
  KG_ASSIGN_OR_RETURN(Term t, TermFromKey(v));
  impl_->MaybeCacheTerm(id, t);
  return t;
}

Status ReadView::DecodeMany(
    const std::vector<TermId>& ids,
    const std::function<Status(std::size_t, Term&&)>& fn) const {
  std::vector<std::string> bytes;
  std::vector<rocksdb::Slice> keys;
  std::vector<std::size_t> stored;  // index in ids of each key
  bytes.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    TermId id = ids[i];
    if (id == kDefaultGraphId || IsInline(id)) {
      KG_RETURN_IF_ERROR(fn(
          i, id == kDefaultGraphId ? Term::DefaultGraph() : DecodeInline(id)));
      continue;
    }
    Term cached;
    if (CachedTerm(impl_->db, id, &cached)) {
      KG_RETURN_IF_ERROR(fn(i, std::move(cached)));
      continue;
    }
    bytes.push_back(U64Bytes(id));
    stored.push_back(i);
  }
  keys.reserve(bytes.size());
  for (const auto& b : bytes) keys.emplace_back(b);
  return impl_->MultiGet(
      Cf::kIdToTerm, keys,
      [&](std::size_t j, const rocksdb::Status& s,
          const rocksdb::Slice& value) -> Status {
        const std::size_t i = stored[j];
        if (s.IsNotFound()) {
          return Status::Corruption(
              fmt::format("term id {:#x} not in dictionary", ids[i]));
        }
        KG_RETURN_IF_ERROR(FromRocks(s, "dictionary decode"));
        KG_ASSIGN_OR_RETURN(Term t, TermFromKey(value.ToStringView()));
        impl_->MaybeCacheTerm(ids[i], t);
        return fn(i, std::move(t));
      });
}

Status ReadView::ContainsMany(const std::vector<IdQuad>& quads,
                              std::vector<char>* present) const {
  present->assign(quads.size(), 0);
  std::vector<QuadKey> bytes;
  bytes.reserve(quads.size());
  for (const IdQuad& q : quads)
    bytes.push_back(EncodeQuadKey(IndexOrder::kSPOG, q));
  std::vector<rocksdb::Slice> keys;
  keys.reserve(bytes.size());
  for (const QuadKey& k : bytes) keys.emplace_back(k.data(), k.size());
  return impl_->MultiGet(IndexCf(IndexOrder::kSPOG), keys,
                         [&](std::size_t i, const rocksdb::Status& s,
                             const rocksdb::Slice&) -> Status {
                           if (s.IsNotFound()) return Status::Ok();
                           KG_RETURN_IF_ERROR(FromRocks(s, "quad lookup"));
                           (*present)[i] = 1;
                           return Status::Ok();
                         });
}

namespace {

// The exclusive upper bound of keys that start with `prefix`: the prefix
// plus one, or none (empty) for the empty prefix or all-0xff prefix.
std::string PrefixUpperBound(std::string prefix) {
  while (!prefix.empty()) {
    auto& c = prefix.back();
    if (static_cast<unsigned char>(c) != 0xff) {
      c = static_cast<char>(static_cast<unsigned char>(c) + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

// Where a read of `*order`'s keys from `*from` to `*to` (key prefixes; an
// empty `to`: to the end) really reads. A graph-first order bound to the
// default graph (the first 8 bytes of `from` zero) holds none of its quads:
// the read goes to the order's counterpart without the graph first, from
// and to without the graph's bytes (a bound whose carry reached them means
// "to the end"). Returns true when it did that, and the caller must keep
// only the keys of the default graph.
bool ReadsCounterpart(IndexOrder* order, std::string* from, std::string* to) {
  if (!IsGraphFirst(*order) || from->size() < 8 ||
      GetU64(from->data()) != kDefaultGraphId)
    return false;
  *order = WithoutGraphFirst(*order);
  from->erase(0, 8);
  if (to->size() <= 8 || GetU64(to->data()) != kDefaultGraphId) {
    to->clear();
  } else {
    to->erase(0, 8);
  }
  return true;
}

class RocksScanCursor final : public ScanCursor {
 public:
  RocksScanCursor(const ReadView::Impl* view, const IdPattern& pattern)
      : view_(view), ro_(view->Options()) {
    Restart(pattern);
  }
  void Restart(const IdPattern& pattern) override {
    int prefix_ids = 0;
    IndexOrder order = ChooseOrder(pattern, &prefix_ids);
    std::string prefix = PatternPrefix(order, pattern, prefix_ids);
    std::string upper = PrefixUpperBound(prefix);
    Start(order, std::move(prefix), std::move(upper));
  }
  void RestartRange(const IdPattern& pattern, TermId lo, TermId hi) override {
    int prefix_ids = 0;
    IndexOrder order = ChooseOrder(pattern, &prefix_ids);
    std::string base = PatternPrefix(order, pattern, prefix_ids);
    Start(order, base + U64Bytes(lo), PrefixUpperBound(base + U64Bytes(hi)));
  }
  bool Next(IdQuad* q) override {
    do {
      if (!started_) {
        it_->Seek(prefix_);
        started_ = true;
      } else if (it_->Valid()) {
        it_->Next();
      }
      if (!it_->Valid()) {
        status_ = FromRocks(it_->status(), "index scan");
        return false;
      }
      rocksdb::Slice k = it_->key();
      // A transaction's iterator (WriteBatchWithIndex over the snapshot)
      // lets pending keys past iterate_upper_bound through: check the bound
      // here.
      if (bounded_ && view_->batch != nullptr && k.compare(upper_slice_) >= 0)
        return false;
      if (k.size() != 32) {
        status_ = Status::Corruption(
            fmt::format("bad key in index {}", IndexOrderName(order_)));
        return false;
      }
      *q = DecodeQuadKey(order_, k.data());
      ++keys_read_;
    } while (default_graph_only_ && q->g != kDefaultGraphId);
    return true;
  }
  Status status() const override { return status_; }
  IndexOrder order() const override { return logical_order_; }
  // The index keys read so far (those of other graphs skipped included).
  std::uint64_t keys_read() const { return keys_read_; }

 private:
  // Scans `order` from `seek` to `upper` (exclusive; empty: no bound).
  void Start(IndexOrder order, std::string seek, std::string upper) {
    logical_order_ = order;
    default_graph_only_ = ReadsCounterpart(&order, &seek, &upper);
    prefix_ = std::move(seek);
    upper_ = std::move(upper);
    upper_slice_ = rocksdb::Slice(upper_);
    bool bounded = !upper_.empty();
    // The iterator keeps a pointer to upper_slice_, so a new bound needs
    // only a new Seek; another index or bounded-ness needs a new iterator.
    if (!it_ || order != order_ || bounded != bounded_) {
      order_ = order;
      bounded_ = bounded;
      it_.reset();
      it_ro_ = ro_;
      if (bounded) it_ro_.iterate_upper_bound = &upper_slice_;
      it_.reset(view_->NewIterator(it_ro_, IndexCf(order_)));
    }
    started_ = false;
    status_ = Status::Ok();
  }

  const ReadView::Impl* view_;
  rocksdb::ReadOptions ro_;
  rocksdb::ReadOptions it_ro_;            // it_'s options (it points into them)
  IndexOrder order_ = IndexOrder::kSPOG;  // the index read
  IndexOrder logical_order_ = IndexOrder::kSPOG;  // the one chosen
  bool default_graph_only_ = false;               // drop keys of other graphs
  bool bounded_ = false;
  std::string prefix_, upper_;
  rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
  bool started_ = false;
  std::uint64_t keys_read_ = 0;
  Status status_;
};

// RocksDB's estimate of the bytes of index `order`'s keys in [from, to)
// (an empty `to`: to the end), memtables included.
std::uint64_t RangeBytes(const ReadView::Impl* impl, IndexOrder order,
                         const std::string& from, std::string to) {
  if (to.empty()) to.assign(33, '\xff');  // past every 32-byte key
  rocksdb::SizeApproximationOptions so;
  so.include_memtables = true;
  so.include_files = true;
  rocksdb::Range r(from, to);
  std::uint64_t n = 0;
  if (!impl->db->db
           ->GetApproximateSizes(so, impl->db->cf(IndexCf(order)), &r, 1, &n)
           .ok())
    return 0;
  return n;
}

// The same for the range a scan of `order` reads: for the default graph in
// a graph-first order, the range in the counterpart, the other graphs'
// keys in it included.
std::uint64_t KeyRangeBytes(const ReadView::Impl* impl, IndexOrder order,
                            std::string from, std::string to) {
  ReadsCounterpart(&order, &from, &to);
  return RangeBytes(impl, order, from, std::move(to));
}

// Where to cut the scan of `pattern` into two parts of about the same size
// on disk: the value of the key position after the bound ones at which the
// second part starts. Nullopt for a scan too small to be worth a second
// reader. Bisects RocksDB's size estimates (which ignore the snapshot: they
// only balance the parts).
std::optional<TermId> SplitPoint(const ReadView::Impl* impl,
                                 const IdPattern& pattern,
                                 std::uint64_t min_bytes) {
  int prefix_ids = 0;
  const IndexOrder order = ChooseOrder(pattern, &prefix_ids);
  if (prefix_ids >= 4) return std::nullopt;
  // The range the scan reads, in the index it reads.
  IndexOrder read = order;
  std::string from = PatternPrefix(order, pattern, prefix_ids);
  std::string to = PrefixUpperBound(from);
  const bool counterpart = ReadsCounterpart(&read, &from, &to);
  if (to.empty()) to.assign(33, '\xff');  // past every 32-byte key
  auto size = [&](const std::string& end) {
    return RangeBytes(impl, read, from, end);
  };
  const std::uint64_t total = size(to);
  if (total < min_bytes) return std::nullopt;
  // The first and last values of the position to cut at.
  rocksdb::ReadOptions ro = impl->Options();
  std::unique_ptr<rocksdb::Iterator> it(impl->NewIterator(ro, IndexCf(read)));
  const std::size_t at = 8 * static_cast<std::size_t>(prefix_ids) -
                         (counterpart ? std::size_t{8} : 0);
  it->Seek(from);
  if (!it->Valid() || !it->key().starts_with(from) || it->key().size() != 32)
    return std::nullopt;
  std::uint64_t lo = GetU64(it->key().data() + at);
  it->SeekForPrev(to);
  if (!it->Valid() || !it->key().starts_with(from) || it->key().size() != 32)
    return std::nullopt;
  const std::uint64_t last = GetU64(it->key().data() + at);
  std::uint64_t hi = last;
  for (int step = 0; step < 64 && lo < hi; ++step) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    if (size(from + U64Bytes(mid)) < total / 2) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo == 0 || lo > last) return std::nullopt;
  return lo;
}

// Runs other cursors on worker threads that fill blocks of quads (256 at
// first, doubling to 4,096, so that a scan stopped early by a LIMIT reads
// little ahead). A long scan is cut in two parts (SplitPoint), each read by
// its own worker: the caller takes the first part's blocks, then the
// second's, so the order is the plain cursor's. The first part queues at
// most 3 blocks; the second, read while the caller is still on the first,
// at most kMaxAheadQuads quads (32 MiB).
class PrefetchCursor final : public ScanCursor {
 public:
  PrefetchCursor(const ReadView::Impl* impl, const ReadView* view,
                 const IdPattern& pattern, bool split,
                 std::uint64_t split_min_bytes)
      : impl_(impl),
        view_(view),
        split_(split),
        split_min_bytes_(split_min_bytes) {
    Restart(pattern);
  }
  ~PrefetchCursor() override { Stop(); }

  bool Next(IdQuad* q) override {
    while (pos_ == block_.quads.size()) {
      if (block_.last) {
        if (!block_.status.ok() || part_ + 1 >= parts_.size()) {
          status_ = block_.status;
          return false;
        }
        ++part_;
        block_ = Block();
        pos_ = 0;
        continue;
      }
      if (!started_) Start();
      Part& part = *parts_[part_];
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [&] { return !part.queue.empty(); });
      Recycle(&block_.quads);
      block_ = std::move(part.queue.front());
      part.queue.pop_front();
      part.queued -= block_.quads.size();
      lock.unlock();
      changed_.notify_all();
      pos_ = 0;
    }
    *q = block_.quads[pos_++];
    return true;
  }
  Status status() const override { return status_; }
  IndexOrder order() const override {
    int prefix_ids = 0;
    return ChooseOrder(pattern_, &prefix_ids);
  }
  void Restart(const IdPattern& pattern) override {
    Stop();
    pattern_ = pattern;
    ranged_ = false;
  }
  void RestartRange(const IdPattern& pattern, TermId lo, TermId hi) override {
    Stop();
    pattern_ = pattern;
    ranged_ = true;
    lo_ = lo;
    hi_ = hi;
  }

 private:
  static constexpr std::size_t kFirstBlock = 256, kMaxBlock = 4096;
  static constexpr std::size_t kMaxAheadQuads = (32u << 20) / sizeof(IdQuad);
  struct Block {
    std::vector<IdQuad> quads;
    bool last = false;  // the part's end (or an error: status)
    Status status;
  };
  struct Part {
    std::unique_ptr<RocksScanCursor> cursor;  // the worker's while it runs
    std::size_t max_queued = 0;               // quads
    std::deque<Block> queue;
    std::size_t queued = 0;
    std::thread worker;
  };

  void Start() {
    started_ = true;
    stop_ = false;
    auto add = [&](TermId lo, TermId hi, std::size_t max_queued) {
      auto part = std::make_unique<Part>();
      part->cursor = std::make_unique<RocksScanCursor>(impl_, pattern_);
      if (ranged_ || lo != 0 || hi != ~TermId{0})
        part->cursor->RestartRange(pattern_, lo, hi);
      part->max_queued = max_queued;
      parts_.push_back(std::move(part));
    };
    const std::optional<TermId> cut =
        split_ && !ranged_ ? SplitPoint(impl_, pattern_, split_min_bytes_)
                           : std::nullopt;
    if (ranged_) {
      add(lo_, hi_, 3 * kMaxBlock);
    } else if (cut) {
      add(0, *cut - 1, 3 * kMaxBlock);
      add(*cut, ~TermId{0}, kMaxAheadQuads);
    } else {
      add(0, ~TermId{0}, 3 * kMaxBlock);
    }
    for (auto& part : parts_) {
      Part* p = part.get();
      p->worker = std::thread([this, p] { Work(p); });
    }
  }
  // Stops the workers and forgets what they read: the cursor starts over.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    for (auto& part : parts_) {
      if (part->worker.joinable()) part->worker.join();
    }
    parts_.clear();
    part_ = 0;
    started_ = false;
    block_ = Block();
    pos_ = 0;
    status_ = Status::Ok();
  }
  void Work(Part* part) {
    std::size_t size = kFirstBlock;
    while (true) {
      Block b;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (!spent_.empty()) {
          b.quads = std::move(spent_.back());
          spent_.pop_back();
        }
      }
      b.quads.reserve(size);
      IdQuad q;
      while (b.quads.size() < size && part->cursor->Next(&q)) {
        b.quads.push_back(q);
      }
      if (b.quads.size() < size) {
        b.last = true;
        b.status = part->cursor->status();
      }
      const bool last = b.last;
      {
        std::unique_lock<std::mutex> lock(mu_);
        changed_.wait(lock, [&] {
          return stop_ || part->queue.empty() ||
                 part->queued + b.quads.size() <= part->max_queued;
        });
        if (stop_) return;
        part->queued += b.quads.size();
        part->queue.push_back(std::move(b));
      }
      changed_.notify_all();
      if (last) return;
      size = std::min(size * 2, kMaxBlock);
      // As queries do between batches: let a waiting writer run.
      if (view_->WriterBusy()) sched_yield();
    }
  }

  // Keeps a read block's memory for a worker's next block (REQUIRES mu_):
  // blocks of 128 KiB come from mmap, and a fresh one costs its page
  // faults.
  void Recycle(std::vector<IdQuad>* quads) {
    if (quads->capacity() == 0 || spent_.size() >= kSpentBlocks) return;
    quads->clear();
    spent_.push_back(std::move(*quads));
  }
  static constexpr std::size_t kSpentBlocks = 8;

  const ReadView::Impl* impl_;
  const ReadView* view_;
  const bool split_;
  const std::uint64_t split_min_bytes_;
  IdPattern pattern_;
  bool ranged_ = false;
  TermId lo_ = 0, hi_ = 0;
  std::vector<std::unique_ptr<Part>> parts_;
  std::mutex mu_;
  std::condition_variable changed_;         // a block queued or taken; stop
  std::vector<std::vector<IdQuad>> spent_;  // read blocks, for reuse
  bool stop_ = false;
  bool started_ = false;
  std::size_t part_ = 0;  // the part being read
  Block block_;           // the block being read, on the caller's thread
  std::size_t pos_ = 0;
  Status status_;
};

}  // namespace

std::unique_ptr<ScanCursor> ReadView::NewCursor(
    const IdPattern& pattern) const {
  return std::make_unique<RocksScanCursor>(impl_.get(), pattern);
}

std::unique_ptr<ScanCursor> ReadView::NewPrefetchCursor(
    const IdPattern& pattern, bool split, std::uint64_t split_min_bytes) const {
  if (impl_->batch != nullptr) return NewCursor(pattern);
  return std::make_unique<PrefetchCursor>(impl_.get(), this, pattern, split,
                                          split_min_bytes);
}

std::uint64_t ReadView::ApproximateBytes(const IdPattern& pattern) const {
  int prefix_ids = 0;
  const IndexOrder order = ChooseOrder(pattern, &prefix_ids);
  const std::string base = PatternPrefix(order, pattern, prefix_ids);
  return KeyRangeBytes(impl_.get(), order, base, PrefixUpperBound(base));
}

std::uint64_t ReadView::ApproximateBytes(const IdPattern& pattern, TermId lo,
                                         TermId hi) const {
  int prefix_ids = 0;
  const IndexOrder order = ChooseOrder(pattern, &prefix_ids);
  const std::string base = PatternPrefix(order, pattern, prefix_ids);
  return KeyRangeBytes(impl_.get(), order, base + U64Bytes(lo),
                       PrefixUpperBound(base + U64Bytes(hi)));
}

namespace {

// The keys of `pattern` (only ids in [range->first, range->second] at the
// position after the bound ones, with a range), counted up to `limit`.
Result<std::uint64_t> CountKeys(const ReadView::Impl* impl,
                                const IdPattern& pattern,
                                std::optional<std::pair<TermId, TermId>> range,
                                std::uint64_t limit) {
  RocksScanCursor cursor(impl, pattern);
  if (range) cursor.RestartRange(pattern, range->first, range->second);
  std::uint64_t n = 0;
  IdQuad q;
  while (n < limit && cursor.Next(&q)) ++n;
  KG_RETURN_IF_ERROR(cursor.status());
  return n;
}

}  // namespace

Result<std::uint64_t> ReadView::CountUpTo(const IdPattern& pattern,
                                          std::uint64_t limit) const {
  return CountKeys(impl_.get(), pattern, std::nullopt, limit);
}

namespace {

// count() (a count of at most `limit` keys), or its earlier result under
// `key` in Db::counts when the snapshot's sequence number and the
// generation are the same (plain views with a snapshot only).
Result<std::uint64_t> CountCached(
    const ReadView::Impl* impl, const std::string& key, std::uint64_t limit,
    const std::function<Result<std::uint64_t>()>& count) {
  Db* db = impl->db;
  const bool cacheable = impl->batch == nullptr && impl->snapshot != nullptr;
  const std::uint64_t seq = cacheable ? impl->snapshot->GetSequenceNumber() : 0;
  const std::uint64_t generation = impl->generation;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(db->counts_mu);
    auto it = db->counts.find(key);
    if (it != db->counts.end() && it->second.seq == seq &&
        it->second.generation == generation)
      return std::min(it->second.n, limit);
  }
  KG_ASSIGN_OR_RETURN(std::uint64_t n, count());
  if (cacheable) {
    std::lock_guard<std::mutex> lock(db->counts_mu);
    if (db->counts.size() >= 65536) db->counts.clear();
    db->counts[key] = Db::CountEntry{seq, generation, n};
  }
  return n;
}

}  // namespace

Result<std::uint64_t> ReadView::EstimateUpTo(const IdPattern& pattern,
                                             std::uint64_t limit) const {
  return Estimate(pattern, std::nullopt, limit);
}

Result<std::uint64_t> ReadView::EstimateUpTo(const IdPattern& pattern,
                                             TermId lo, TermId hi,
                                             std::uint64_t limit) const {
  return Estimate(pattern, std::make_pair(lo, hi), limit);
}

Result<std::uint64_t> ReadView::Estimate(
    const IdPattern& pattern, std::optional<std::pair<TermId, TermId>> range,
    std::uint64_t limit) const {
  int prefix_ids = 0;
  const IndexOrder order = ChooseOrder(pattern, &prefix_ids);
  std::string key = fmt::format("{}/{}/", static_cast<int>(order), limit);
  if (range) key += fmt::format("{}/{}/", range->first, range->second);
  key += PatternPrefix(order, pattern, prefix_ids);
  return CountCached(impl_.get(), key, limit, [&] {
    return CountKeys(impl_.get(), pattern, range, limit);
  });
}

namespace {

// Counters by id, filled kAhead ids at a time whose table slots are
// fetched into the cache first: a large table misses the cache on almost
// every id.
class IdCounts {
 public:
  void Add(TermId id, std::uint64_t n = 1) { table_[id] += n; }
  void AddSoon(TermId id) {
    pending_[pending_size_++] = id;
    if (pending_size_ == kAhead) Flush();
  }
  void Flush() {
    for (std::size_t i = 0; i < pending_size_; ++i)
      table_.Prefetch(pending_[i]);
    for (std::size_t i = 0; i < pending_size_; ++i) Add(pending_[i]);
    pending_size_ = 0;
  }
  std::size_t memory_bytes() const { return table_.memory_bytes(); }
  template <typename Fn>
  void ForEach(Fn fn) const {
    table_.ForEach(fn);
  }

 private:
  static constexpr std::size_t kAhead = 16;
  IdTable<std::uint64_t> table_;
  TermId pending_[kAhead];
  std::size_t pending_size_ = 0;
};

}  // namespace

Status ReadView::CountBy(const IdPattern& pattern, int position,
                         bool once_per_triple,
                         const std::function<bool()>& stop,
                         std::uint64_t max_table_bytes,
                         std::vector<std::pair<TermId, std::uint64_t>>* counts,
                         std::uint64_t split_min_bytes) const {
  struct Part {
    bool ranged = false;
    TermId lo = 0, hi = 0;
    IdCounts counts;
    Status status;
  };
  std::vector<Part> parts(1);
  if (impl_->batch == nullptr) {
    if (auto cut = SplitPoint(impl_.get(), pattern, split_min_bytes)) {
      parts.resize(2);
      parts[0].ranged = parts[1].ranged = true;
      parts[0].hi = *cut - 1;
      parts[1].lo = *cut;
      parts[1].hi = ~TermId{0};
    }
  }
  auto over_limit = [&](const Part& part) {
    return part.counts.memory_bytes() > max_table_bytes / parts.size();
  };
  auto count = [&](Part* part) {
    RocksScanCursor cursor(impl_.get(), pattern);
    if (part->ranged) cursor.RestartRange(pattern, part->lo, part->hi);
    IdQuad q, last;
    bool have_last = false;
    std::uint64_t seen = 0;
    while (cursor.Next(&q)) {
      if ((++seen & 0xffff) == 0 && ((stop && stop()) || over_limit(*part)))
        break;
      if (once_per_triple) {
        // Copies of a triple differ in the graph only, which the index
        // orders for an open graph keep last: they are adjacent.
        if (have_last && q.s == last.s && q.p == last.p && q.o == last.o)
          continue;
        have_last = true;
        last = q;
      }
      part->counts.AddSoon(Position(q, position));
    }
    part->counts.Flush();
    part->status = cursor.status();
    if (part->status.ok() && over_limit(*part))
      part->status = Status::Aborted("counting table past its memory limit");
  };
  if (parts.size() == 2) {
    std::thread second([&] { count(&parts[1]); });
    count(&parts[0]);
    second.join();
  } else {
    count(&parts[0]);
  }
  IdCounts all;
  for (Part& part : parts) {
    KG_RETURN_IF_ERROR(part.status);
    part.counts.ForEach([&](TermId id, std::uint64_t n) { all.Add(id, n); });
  }
  counts->clear();
  all.ForEach([&](TermId id, std::uint64_t n) { counts->emplace_back(id, n); });
  return Status::Ok();
}

Status ReadView::Scan(const IdPattern& pattern,
                      const std::function<bool(const IdQuad&)>& fn,
                      IndexOrder* order_used,
                      std::uint64_t* keys_visited) const {
  RocksScanCursor cursor(impl_.get(), pattern);
  if (order_used != nullptr) *order_used = cursor.order();
  IdQuad q;
  while (cursor.Next(&q)) {
    if (!fn(q)) break;
  }
  if (keys_visited != nullptr) *keys_visited = cursor.keys_read();
  return cursor.status();
}

namespace {

// The graphs holding a quad, from the statistics, into *graphs; *over is
// set (and the list cut) once there are more than `max`.
Status GraphsUpTo(const ReadView::Impl& impl, std::size_t max,
                  std::vector<TermId>* graphs, bool* over) {
  *over = false;
  rocksdb::ReadOptions ro = impl.Options();
  std::unique_ptr<rocksdb::Iterator> it(impl.NewIterator(ro, Cf::kStats));
  for (it->Seek("g"); it->Valid() && it->key().starts_with("g"); it->Next()) {
    if (it->key().size() != 9 || it->value().size() != 8) continue;
    if (GetU64(it->value().data()) == 0) continue;
    if (graphs->size() == max) {
      *over = true;
      break;
    }
    graphs->push_back(GetU64(it->key().data() + 1));
  }
  return FromRocks(it->status(), "reading statistics");
}

}  // namespace

Result<std::vector<TermId>> ReadView::Graphs() const {
  std::vector<TermId> graphs;
  bool over = false;
  KG_RETURN_IF_ERROR(GraphsUpTo(*impl_, std::numeric_limits<std::size_t>::max(),
                                &graphs, &over));
  return graphs;
}

Result<std::optional<std::vector<TermId>>> ReadView::FewGraphs(
    std::size_t max) const {
  using Answer = std::optional<std::vector<TermId>>;
  if (impl_->batch != nullptr) return Answer();
  std::vector<TermId> graphs;
  bool over = false;
  KG_RETURN_IF_ERROR(GraphsUpTo(*impl_, max, &graphs, &over));
  if (over) return Answer();
  return Answer(std::move(graphs));
}

bool ReadView::WriterBusy() const {
  return impl_->batch == nullptr && impl_->db->readers_yield &&
         impl_->db->writers.load(std::memory_order_relaxed) > 0;
}

Result<std::uint64_t> ReadView::Stat(std::string_view key) const {
  std::string v;
  rocksdb::Status s = impl_->Get(Cf::kStats, rocksdb::Slice(key), &v);
  if (s.IsNotFound()) return std::uint64_t{0};
  KG_RETURN_IF_ERROR(FromRocks(s, "reading statistics"));
  if (v.size() != 8) return Status::Corruption("bad statistics entry");
  return GetU64(v.data());
}

Status ReadView::ScanLabels(
    std::string_view prefix,
    const std::function<bool(std::string_view, const IdQuad&)>& fn) const {
  rocksdb::ReadOptions ro = impl_->Options();
  std::string upper = PrefixUpperBound(std::string(prefix));
  rocksdb::Slice upper_slice(upper);
  if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->NewIterator(ro, Cf::kLabels));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid();
       it->Next()) {
    rocksdb::Slice k = it->key();
    if (!k.starts_with(rocksdb::Slice(prefix.data(), prefix.size()))) break;
    if (k.size() < 34) return Status::Corruption("bad label index key");
    std::string_view key(k.data(), k.size());
    if (!fn(LabelKeyText(key), LabelKeyQuad(key))) break;
  }
  return FromRocks(it->status(), "label index scan");
}

// ----- QuadStore -----------------------------------------------------------

QuadStore::QuadStore(std::string path, StoreOptions options,
                     std::unique_ptr<Db> db)
    : path_(std::move(path)), options_(options), db_(std::move(db)) {}
QuadStore::~QuadStore() = default;

Result<std::unique_ptr<QuadStore>> QuadStore::Open(
    const std::string& path, const StoreOptions& options) {
  KG_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, OpenDb(path, options));
  if (!options.read_only) {
    // Temporary folders of bulk loads that died with their process.
    std::error_code ec;
    for (auto& entry : std::filesystem::directory_iterator(path, ec)) {
      if (entry.path().filename().string().rfind("load-tmp-", 0) == 0) {
        std::filesystem::remove_all(entry.path(), ec);
      }
    }
  }
  return std::unique_ptr<QuadStore>(
      new QuadStore(path, options, std::move(db)));
}

Result<std::unique_lock<std::timed_mutex>> QuadStore::LockWriter() {
  std::unique_lock<std::timed_mutex> lock(writer_mutex_, std::defer_lock);
  if (!lock.try_lock_for(options_.writer_wait)) {
    return Status::Busy(fmt::format(
        "another writer has held the database for over {} ms; try again",
        options_.writer_wait.count()));
  }
  return lock;
}

std::unique_ptr<ReadView> QuadStore::NewReadView() const {
  auto impl = std::make_unique<ReadView::Impl>();
  impl->generation = db_->generation.load(std::memory_order_acquire);
  impl->db = db_.get();
  // A secondary instance is a fixed view as of its last catch-up and has
  // no snapshots; reads through it are consistent without one.
  impl->snapshot = db_->secondary ? nullptr : db_->db->GetSnapshot();
  return std::unique_ptr<ReadView>(new ReadView(std::move(impl)));
}

namespace {

// The largest write set one transaction may hold in memory (its
// WriteBatchWithIndex); beyond it a write fails with kAborted and the
// transaction must be rolled back. Bulk loads have no such cap.
constexpr std::size_t kMaxTransactionBytes = std::size_t{1} << 30;

}  // namespace

Status ValidateQuad(const Quad& q) {
  if (!(q.subject.is_iri() || q.subject.is_blank())) {
    return Status::InvalidArgument(
        "a quad's subject must be an IRI or blank node");
  }
  if (!q.predicate.is_iri()) {
    return Status::InvalidArgument("a quad's predicate must be an IRI");
  }
  if (q.object.is_default_graph()) {
    return Status::InvalidArgument("a quad's object must be an RDF term");
  }
  if (q.graph.is_literal()) {
    return Status::InvalidArgument("a graph name cannot be a literal");
  }
  return Status::Ok();
}

// ----- Transaction ---------------------------------------------------------

namespace {

Status BatchStatus(const rocksdb::Status& s) {
  if (s.IsMemoryLimit()) {
    return Status::Aborted(fmt::format(
        "the transaction's changes outgrew {} MiB of memory; split it, or "
        "use kg load for bulk data",
        kMaxTransactionBytes >> 20));
  }
  return FromRocks(s, "buffering a write");
}

}  // namespace

struct Transaction::State {
  QuadStore* store = nullptr;
  Db* db = nullptr;
  std::unique_lock<std::timed_mutex> lock;
  const rocksdb::Snapshot* snapshot = nullptr;
  rocksdb::WriteBatchWithIndex batch{rocksdb::BytewiseComparator(), 0,
                                     /*overwrite_key=*/true,
                                     kMaxTransactionBytes};
  std::uint64_t next_id = 0;
  std::uint64_t first_next_id = 0;  // next_id at Begin()
  bool stats_changed = false;
  // Term keys this transaction has looked up or created, and their ids:
  // most requests name the same predicates and graphs again and again.
  // (A TermIdMap: one arena for the keys, where a std::unordered_map
  // allocated a node and a string for each.)
  TermIdMap terms;
  // Added quads whose index keys are not yet in `batch`: adding them to
  // the batch's index one by one is the largest cost of a big insert. They
  // are newer than every index entry of `batch`; FlushKeys() moves their
  // keys there before anything reads the indexes or deletes, and a large
  // commit writes them, sorted per order, straight into its files.
  std::vector<IdQuad> pending;
  // The index keys `pending` stands for.
  std::size_t pending_keys() const { return pending.size() * kIndexOrderCount; }
  // Dictionary entries of new terms not yet in `batch` (ascending ids);
  // `terms` answers for them meanwhile.
  std::vector<std::pair<std::string, TermId>> pending_terms;
  std::size_t pending_term_bytes = 0;
  // Label index keys of added quads not yet in `batch`, kept like
  // `pending` (a label has several keys: putting each into the batch's
  // index cost a tenth of a bulk insert).
  std::vector<std::string> pending_labels;
  std::size_t pending_label_bytes = 0;
  // Cumulative (inserted, deleted) per graph id.
  std::map<TermId, std::pair<std::uint64_t, std::uint64_t>> per_graph;
  // The filter hashes (store/presence_filter.h) of every quad this
  // transaction added and every term it created, for a filter build that
  // starts before it commits; the first quad_hashes_filtered and
  // term_hashes_filtered of them went to Db::quad_filter and
  // Db::term_filter already (FilterNew: before the filter is asked, and
  // at the commit).
  std::vector<std::uint64_t> quad_hashes;
  std::vector<std::uint64_t> term_hashes;
  std::size_t quad_hashes_filtered = 0;
  std::size_t term_hashes_filtered = 0;
  ~State() {
    if (snapshot != nullptr) db->db->ReleaseSnapshot(snapshot);
  }
};

Transaction::Transaction(std::shared_ptr<State> state)
    : state_(std::move(state)) {}
Transaction::~Transaction() { End(); }

void Transaction::End() {
  if (!state_) return;
  // The writer lock goes now; the snapshot and the batch live on while a
  // view of this transaction does.
  if (state_->lock.owns_lock()) {
    state_->lock.unlock();
    state_->db->writers.fetch_sub(1, std::memory_order_relaxed);
  }
  state_.reset();
}

Result<std::unique_ptr<Transaction>> QuadStore::Begin() {
  if (read_only())
    return Status::NotSupported("the database is open read-only");
  auto st = std::make_shared<Transaction::State>();
  db_->writers.fetch_add(1, std::memory_order_relaxed);
  auto locked = LockWriter();
  if (!locked.ok()) {
    db_->writers.fetch_sub(1, std::memory_order_relaxed);
    return locked.status();
  }
  st->lock = std::move(locked).value();
  st->store = this;
  st->db = db_.get();
  st->snapshot = db_->db->GetSnapshot();
  std::string v;
  rocksdb::ReadOptions ro;
  ro.snapshot = st->snapshot;
  KG_RETURN_IF_ERROR(FromRocks(
      db_->db->Get(ro, db_->cf(Cf::kMeta), "next_id", &v), "reading next_id"));
  if (v.size() != 8) return Status::Corruption("bad next_id entry");
  st->next_id = st->first_next_id = GetU64(v.data());
  return std::unique_ptr<Transaction>(new Transaction(std::move(st)));
}

Status Transaction::Flush() const {
  Db* db = state_->db;
  for (const auto& [key, id] : state_->pending_terms) {
    KG_RETURN_IF_ERROR(BatchStatus(
        state_->batch.Put(db->cf(Cf::kTermToId), key, U64Bytes(id))));
    KG_RETURN_IF_ERROR(BatchStatus(
        state_->batch.Put(db->cf(Cf::kIdToTerm), U64Bytes(id), key)));
  }
  state_->pending_terms.clear();
  state_->pending_term_bytes = 0;
  return FlushKeys();
}

Status Transaction::FlushKeys() const {
  Db* db = state_->db;
  for (const std::string& k : state_->pending_labels)
    KG_RETURN_IF_ERROR(
        BatchStatus(state_->batch.Put(db->cf(Cf::kLabels), k, "")));
  state_->pending_labels.clear();
  state_->pending_label_bytes = 0;
  if (state_->pending.empty()) return Status::Ok();
  for (IndexOrder order : kAllIndexOrders) {
    for (const IdQuad& q : state_->pending) {
      if (!IndexHolds(order, q.g)) continue;
      QuadKey k = EncodeQuadKey(order, q);
      KG_RETURN_IF_ERROR(BatchStatus(state_->batch.Put(
          db->cf(IndexCf(order)), rocksdb::Slice(k.data(), k.size()), "")));
    }
  }
  state_->pending.clear();
  state_->pending.shrink_to_fit();
  return Status::Ok();
}

std::unique_ptr<ReadView> Transaction::NewReadView() const {
  // Readers must see every pending index key. Flush() fails only when the
  // batch outgrows its memory cap; the next write reports that.
  Status flushed = Flush();
  (void)flushed;
  return NewViewUnflushed();
}

std::unique_ptr<ReadView> Transaction::NewViewUnflushed() const {
  auto impl = std::make_unique<ReadView::Impl>();
  impl->db = state_->db;
  impl->snapshot = state_->snapshot;
  impl->owns_snapshot = false;
  impl->batch = &state_->batch;
  impl->keep_alive = state_;
  return std::unique_ptr<ReadView>(new ReadView(std::move(impl)));
}

std::size_t Transaction::pending_bytes() const {
  return state_->batch.GetWriteBatch()->GetDataSize() +
         state_->pending_keys() * sizeof(QuadKey) + state_->pending_term_bytes +
         state_->pending_label_bytes;
}

Result<Term> Transaction::DecodeWith(const ReadView& view, TermId id) const {
  // A term created by this transaction and not yet flushed: its entry is
  // in pending_terms, in ascending payload order (ids of different tags
  // share one payload sequence).
  const auto& pending = state_->pending_terms;
  auto it = std::lower_bound(
      pending.begin(), pending.end(), PayloadOf(id),
      [](const std::pair<std::string, TermId>& e, std::uint64_t payload) {
        return PayloadOf(e.second) < payload;
      });
  if (it != pending.end() && it->second == id) return TermFromKey(it->first);
  return view.Decode(id);
}

Result<TermId> Transaction::Intern(const Term& t) {
  if (finished_) return Status::InvalidArgument("the transaction is finished");
  auto view = NewViewUnflushed();  // reads the dictionary only
  auto r = InternWith(*view, t);
  if (!r.ok()) failed_ = true;
  return r;
}

namespace {

// The id of a term that has no dictionary entry (the default graph, an
// inline literal); otherwise nullopt, with the term's dictionary key in
// *key and its TermIdMap::Hash in *hash.
std::optional<TermId> IdOrKey(const Term& t, std::string* key,
                              std::uint64_t* hash) {
  if (t.is_default_graph()) return kDefaultGraphId;
  if (auto id = EncodeInline(t)) return *id;
  key->clear();
  AppendTermKey(t, key);
  *hash = TermIdMap::Hash(*key);
  return std::nullopt;
}

}  // namespace

std::optional<TermId> Transaction::CachedId(std::string_view key,
                                            std::uint64_t hash,
                                            bool* in_old) const {
  *in_old = false;
  if (auto id = state_->terms.Find(key, hash)) return id;
  return CachedTermId(state_->db, key, hash, in_old);
}

std::optional<TermId> Transaction::KnownId(const Term& t, std::string* key,
                                           std::uint64_t* hash, bool* in_old) {
  *in_old = false;
  if (auto id = IdOrKey(t, key, hash)) return id;
  return CachedId(*key, *hash, in_old);
}

Result<TermId> Transaction::Resolve(std::string key, std::uint64_t hash,
                                    const Term& t, const rocksdb::Status& s,
                                    const rocksdb::Slice& value) {
  TermId id;
  if (s.ok()) {
    if (value.size() != 8) return Status::Corruption("bad term2id entry");
    id = GetU64(value.data());
  } else if (s.IsNotFound()) {
    id = MakeId(DictionaryTag(t), state_->next_id++);
    if (pending_bytes() + 2 * key.size() + 64 > kMaxTransactionBytes)
      return BatchStatus(rocksdb::Status::MemoryLimit());
    // Written to the batch by Flush() or straight into the commit's files.
    state_->pending_terms.emplace_back(key, id);
    state_->term_hashes.push_back(TermKeyHashOf(hash));
    state_->pending_term_bytes += 2 * key.size() + 64;
  } else {
    return FromRocks(s, "dictionary lookup");
  }
  // The cache must keep every pending term (nothing else finds them until
  // Flush()); beyond a million entries, flush and start over.
  if (state_->terms.size() >= (std::size_t{1} << 20)) {
    KG_RETURN_IF_ERROR(Flush());
    state_->terms = TermIdMap();
  }
  state_->terms.Insert(key, id, hash);
  return id;
}

Result<TermId> Transaction::InternWith(const ReadView& view, const Term& t) {
  std::string key;
  std::uint64_t hash = 0;
  bool in_old = false;
  if (auto id = KnownId(t, &key, &hash, &in_old)) {
    if (in_old) CacheTermId(state_->db, key, *id, hash);
    return *id;
  }
  std::string v;
  rocksdb::Status s = view.impl_->Get(Cf::kTermToId, key, &v);
  return Resolve(std::move(key), hash, t, s, v);
}

Result<std::optional<TermId>> Transaction::FindId(const ReadView& view,
                                                  const Term& t) {
  std::string key;
  std::uint64_t hash = 0;
  bool in_old = false;
  if (auto id = KnownId(t, &key, &hash, &in_old)) {
    if (in_old) CacheTermId(state_->db, key, *id, hash);
    return std::optional<TermId>(*id);
  }
  if (PresenceFilter* filter = state_->db->term_filter.get()) {
    FilterNewTerms();  // the filter must know every term of this transaction
    const std::uint64_t h = TermKeyHashOf(hash);
    char maybe = 1;
    if (filter->Filter(&h, 1, &maybe) && !maybe) return std::optional<TermId>();
  }
  std::string v;
  rocksdb::Status s = view.impl_->Get(Cf::kTermToId, key, &v);
  if (s.IsNotFound()) return std::optional<TermId>();
  KG_RETURN_IF_ERROR(FromRocks(s, "dictionary lookup"));
  if (v.size() != 8) return Status::Corruption("bad term2id entry");
  const TermId id = GetU64(v.data());
  state_->terms.Insert(key, id, hash);
  return std::optional<TermId>(id);
}

Status Transaction::InternAll(const ReadView& view,
                              const std::vector<Quad>& quads,
                              std::vector<IdQuad>* out) {
  out->assign(quads.size(), IdQuad{});
  // First pass: the ids known without a dictionary read (inline, this
  // transaction's, the store-wide cache), the others' keys set aside. It
  // only reads (`terms` and the cache are not written meanwhile), so a
  // large call splits it between two threads.
  struct Unknown {
    TermId* slot;
    const Term* term;
    std::string key;
    std::uint64_t hash;  // TermIdMap::Hash(key)
  };
  struct Pass {
    std::vector<Unknown> unknown;
    // Found in the cache's old generation: kept after the pass.
    struct Kept {
      std::string key;
      std::uint64_t hash;
      TermId id;
    };
    std::vector<Kept> keep;
  };
  // The terms go in blocks of kBlock quads: first the keys and hashes of
  // a block's dictionary terms, each map's slot for them asked of the CPU
  // ahead (Prefetch), then the lookups, which in a cache of a million
  // terms otherwise each waited for a slot from memory.
  constexpr std::size_t kBlock = 8;
  auto first_pass = [&](std::size_t from, std::size_t to, Pass* pass) {
    std::array<std::string, 4 * kBlock> keys;
    std::array<std::uint64_t, 4 * kBlock> hashes;
    std::array<TermId*, 4 * kBlock> slots;
    std::array<const Term*, 4 * kBlock> terms;
    const TermIdCache& cache = *state_->db->term_ids;
    for (std::size_t b = from; b < to; b += kBlock) {
      std::size_t n = 0;
      for (std::size_t i = b; i < std::min(to, b + kBlock); ++i) {
        const Quad& q = quads[i];
        IdQuad& iq = (*out)[i];
        const Term* in_quad[4] = {&q.subject, &q.predicate, &q.object,
                                  &q.graph};
        TermId* at[4] = {&iq.s, &iq.p, &iq.o, &iq.g};
        for (int pos = 0; pos < 4; ++pos) {
          if (auto id = IdOrKey(*in_quad[pos], &keys[n], &hashes[n])) {
            *at[pos] = *id;
          } else {
            state_->terms.Prefetch(hashes[n]);
            cache.Prefetch(hashes[n]);
            slots[n] = at[pos];
            terms[n] = in_quad[pos];
            ++n;
          }
        }
      }
      for (std::size_t k = 0; k < n; ++k) {
        bool in_old = false;
        if (auto id = CachedId(keys[k], hashes[k], &in_old)) {
          *slots[k] = *id;
          if (in_old) pass->keep.push_back({keys[k], hashes[k], *id});
        } else {
          pass->unknown.push_back({slots[k], terms[k], keys[k], hashes[k]});
        }
      }
    }
  };
  constexpr std::size_t kSplitQuads = 4096;
  Pass passes[2];
  if (quads.size() >= kSplitQuads) {
    const std::size_t half = quads.size() / 2;
    state_->db->helper.Start(
        [&] { first_pass(half, quads.size(), &passes[1]); });
    first_pass(0, half, &passes[0]);
    state_->db->helper.Wait();
  } else {
    first_pass(0, quads.size(), &passes[0]);
  }
  std::vector<Unknown> unknown[2];
  for (int i = 0; i < 2; ++i) {
    for (const auto& k : passes[i].keep)
      CacheTermId(state_->db, k.key, k.id, k.hash);
    unknown[i] = std::move(passes[i].unknown);
  }
  // Each unknown term once, in order of first use, and the id slots
  // waiting for them.
  struct Missing {
    std::string key;
    std::uint64_t hash;
    const Term* term;
  };
  std::vector<Missing> missing;
  TermIdMap missing_at;  // key -> its index in `missing`, plus 1
  missing_at.Reserve(unknown[0].size() + unknown[1].size());
  std::vector<std::pair<TermId*, std::size_t>> waiting;
  for (std::vector<Unknown>& part : unknown) {
    for (Unknown& u : part) {
      std::size_t at;
      if (auto known = missing_at.Find(u.key, u.hash)) {
        at = *known - 1;
      } else {
        at = missing.size();
        missing_at.Insert(u.key, at + 1, u.hash);
        missing.push_back({std::move(u.key), u.hash, u.term});
      }
      waiting.emplace_back(u.slot, at);
    }
  }
  // Which of them the dictionary may hold: all, or those the filter of
  // dictionary keys does not rule out.
  std::vector<char> maybe(missing.size(), 1);
  if (PresenceFilter* filter = state_->db->term_filter.get()) {
    FilterNewTerms();
    filter->NoteLookups(missing.size(), [&](std::uint64_t* keys,
                                            std::vector<std::uint64_t>* w) {
      *keys = state_->first_next_id;  // ids are never reused: at least that
      *w = state_->term_hashes;
    });
    std::vector<std::uint64_t> hashes(missing.size());
    for (std::size_t j = 0; j < missing.size(); ++j)
      hashes[j] = TermKeyHashOf(missing[j].hash);
    filter->Filter(hashes.data(), hashes.size(), maybe.data());
  }
  // Those read in batches, their ids stored as found.
  std::vector<rocksdb::Slice> keys;
  std::vector<std::size_t> read_at;
  for (std::size_t j = 0; j < missing.size(); ++j) {
    if (!maybe[j]) continue;
    keys.emplace_back(missing[j].key);
    read_at.push_back(j);
  }
  std::vector<std::string> stored(missing.size());
  std::vector<char> found(missing.size(), 0);
  KG_RETURN_IF_ERROR(view.impl_->MultiGet(
      Cf::kTermToId, keys,
      [&](std::size_t k, const rocksdb::Status& s,
          const rocksdb::Slice& value) -> Status {
        if (s.IsNotFound()) return Status::Ok();
        KG_RETURN_IF_ERROR(FromRocks(s, "dictionary lookup"));
        stored[read_at[k]].assign(value.data(), value.size());
        found[read_at[k]] = 1;
        return Status::Ok();
      }));
  // Ids for all, new ones in order of first use.
  std::vector<TermId> ids(missing.size());
  state_->terms.Reserve(state_->terms.size() + missing.size());
  for (std::size_t j = 0; j < missing.size(); ++j) {
    KG_ASSIGN_OR_RETURN(
        ids[j],
        Resolve(std::move(missing[j].key), missing[j].hash, *missing[j].term,
                found[j] ? rocksdb::Status::OK() : rocksdb::Status::NotFound(),
                stored[j]));
  }
  for (auto [slot, at] : waiting) *slot = ids[at];
  return Status::Ok();
}

Result<WriteSummary> Transaction::ApplyIds(const std::vector<IdQuad>& add,
                                           const std::vector<IdQuad>& remove) {
  auto r = ApplyIdsFresh(add, remove, ~std::uint64_t{0});
  if (!r.ok()) failed_ = true;
  return r;
}

namespace {

// True when one of the quad's dictionary ids was allocated at or after
// payload `fresh`.
bool HasFreshTerm(const IdQuad& q, std::uint64_t fresh) {
  for (TermId id : {q.s, q.p, q.o, q.g}) {
    if (id != kDefaultGraphId && !IsInline(id) && PayloadOf(id) >= fresh)
      return true;
  }
  return false;
}

}  // namespace

Result<WriteSummary> Transaction::ApplyIdsFresh(
    const std::vector<IdQuad>& add, const std::vector<IdQuad>& remove,
    std::uint64_t fresh, const std::vector<Quad>* add_terms) {
  if (finished_) return Status::InvalidArgument("the transaction is finished");
  Db* db = state_->db;
  // Quads holding a term created by the caller just now cannot be in the
  // store or the pending writes yet: they skip the lookup. The others need
  // a view that sees every pending index key; the same for deletions,
  // which must follow the pending puts.
  const bool need_lookups =
      !remove.empty() ||
      std::any_of(add.begin(), add.end(),
                  [&](const IdQuad& q) { return !HasFreshTerm(q, fresh); });
  // Pending dictionary entries stay out of the batch: this call reads
  // terms through `terms` and DecodeWith.
  if (need_lookups) KG_RETURN_IF_ERROR(FlushKeys());
  auto view = NewViewUnflushed();
  // The quads this call adds, so that one it repeats counts once.
  FlatTable<IdQuad, char, IdQuadKeys> added_now;
  // Present in the snapshot plus the pending writes: one point read of the
  // spog key (index values are empty; the key is the quad).
  auto exists = [&](const IdQuad& q) -> Result<bool> {
    QuadKey k = EncodeQuadKey(IndexOrder::kSPOG, q);
    std::string v;
    rocksdb::Status s = view->impl_->Get(
        IndexCf(IndexOrder::kSPOG), rocksdb::Slice(k.data(), k.size()), &v);
    if (s.IsNotFound()) return false;
    KG_RETURN_IF_ERROR(FromRocks(s, "quad lookup"));
    return true;
  };
  // The label index follows the quads of label predicates.
  std::vector<TermId> label_predicates;
  for (const std::string& iri : LabelPredicates()) {
    KG_ASSIGN_OR_RETURN(std::optional<TermId> id,
                        FindId(*view, Term::Iri(iri)));
    if (id) label_predicates.push_back(*id);
  }
  std::vector<std::string> label_keys;
  // `object`: the quad's object term if the caller has it.
  auto label_entries = [&](const IdQuad& q,
                           const Term* object = nullptr) -> Status {
    label_keys.clear();
    if (std::find(label_predicates.begin(), label_predicates.end(), q.p) ==
        label_predicates.end())
      return Status::Ok();
    if (object != nullptr) {
      if (object->is_literal()) LabelKeys(object->lexical, q, &label_keys);
      return Status::Ok();
    }
    KG_ASSIGN_OR_RETURN(Term o, DecodeWith(*view, q.o));
    if (o.is_literal()) LabelKeys(o.lexical, q, &label_keys);
    return Status::Ok();
  };
  std::int64_t total_delta = 0;
  std::unordered_map<TermId, std::int64_t> p_deltas;
  std::map<TermId, std::pair<std::uint64_t, std::uint64_t>> per_graph;
  auto count = [&](const IdQuad& q, std::int64_t d) {
    total_delta += d;
    p_deltas[q.p] += d;
    auto& pg = per_graph[q.g];
    (d > 0 ? pg.first : pg.second) += 1;
  };
  for (const IdQuad& q : remove) {
    KG_ASSIGN_OR_RETURN(bool present, exists(q));
    if (!present) continue;
    for (IndexOrder order : kAllIndexOrders) {
      if (!IndexHolds(order, q.g)) continue;
      QuadKey k = EncodeQuadKey(order, q);
      KG_RETURN_IF_ERROR(BatchStatus(state_->batch.Delete(
          db->cf(IndexCf(order)), rocksdb::Slice(k.data(), k.size()))));
    }
    KG_RETURN_IF_ERROR(label_entries(q));
    for (const std::string& k : label_keys) {
      KG_RETURN_IF_ERROR(
          BatchStatus(state_->batch.Delete(db->cf(Cf::kLabels), k)));
    }
    count(q, -1);
  }
  // The filter hashes of the added quads, when there is a filter.
  std::vector<std::uint64_t> add_hashes;
  if (db->quad_filter) {
    add_hashes.reserve(add.size());
    for (const IdQuad& q : add) add_hashes.push_back(QuadHash(q));
  }
  // Which added quads are there already (after this call's removals):
  // those without a fresh term that the filter of spog keys does not rule
  // out, read in batches.
  std::vector<char> present(add.size(), 0);
  {
    std::vector<std::size_t> at;
    std::vector<IdQuad> checked;
    for (std::size_t i = 0; i < add.size(); ++i) {
      if (HasFreshTerm(add[i], fresh)) continue;
      at.push_back(i);
      checked.push_back(add[i]);
    }
    if (PresenceFilter* filter = db->quad_filter.get()) {
      FilterNewQuads();  // the filter must know every quad of this transaction
      filter->NoteLookups(checked.size(), [&](std::uint64_t* keys,
                                              std::vector<std::uint64_t>* w) {
        auto total = view->Stat("total");
        *keys = total.ok() ? *total : 0;
        *w = state_->quad_hashes;
      });
      std::vector<std::uint64_t> hashes(checked.size());
      for (std::size_t j = 0; j < checked.size(); ++j)
        hashes[j] = add_hashes[at[j]];
      std::vector<char> maybe(checked.size());
      if (filter->Filter(hashes.data(), hashes.size(), maybe.data())) {
        std::size_t kept = 0;
        for (std::size_t j = 0; j < checked.size(); ++j) {
          if (!maybe[j]) continue;
          at[kept] = at[j];
          checked[kept] = checked[j];
          ++kept;
        }
        at.resize(kept);
        checked.resize(kept);
      }
    }
    std::vector<char> held;
    KG_RETURN_IF_ERROR(view->ContainsMany(checked, &held));
    for (std::size_t j = 0; j < at.size(); ++j) present[at[j]] = held[j];
  }
  for (std::size_t i = 0; i < add.size(); ++i) {
    const IdQuad& q = add[i];
    const std::size_t added_before = added_now.size();
    added_now[q];
    if (added_now.size() == added_before) continue;  // repeated
    if (present[i]) continue;
    if (pending_bytes() + kIndexOrderCount * sizeof(QuadKey) >
        kMaxTransactionBytes) {
      return BatchStatus(rocksdb::Status::MemoryLimit());
    }
    state_->pending.push_back(q);
    if (!add_hashes.empty()) state_->quad_hashes.push_back(add_hashes[i]);
    KG_RETURN_IF_ERROR(label_entries(
        q, add_terms != nullptr ? &(*add_terms)[i].object : nullptr));
    for (std::string& k : label_keys) {
      state_->pending_label_bytes += k.size() + 32;
      state_->pending_labels.push_back(std::move(k));
    }
    count(q, +1);
  }
  // The counters, rewritten on top of what the view sees (the snapshot's
  // values plus earlier writes of this transaction).
  std::map<std::string, std::int64_t> deltas;
  if (total_delta != 0) deltas["total"] = total_delta;
  for (auto& [p, d] : p_deltas) deltas[StatKey('p', p)] += d;
  for (auto& [g, c] : per_graph) {
    deltas[StatKey('g', g)] += static_cast<std::int64_t>(c.first) -
                               static_cast<std::int64_t>(c.second);
  }
  for (auto& [key, d] : deltas) {
    if (d == 0) continue;
    KG_ASSIGN_OR_RETURN(std::uint64_t cur, view->Stat(key));
    std::uint64_t now = cur + static_cast<std::uint64_t>(d);
    if (now == 0 && key != "total") {
      KG_RETURN_IF_ERROR(
          BatchStatus(state_->batch.Delete(db->cf(Cf::kStats), key)));
    } else {
      KG_RETURN_IF_ERROR(BatchStatus(
          state_->batch.Put(db->cf(Cf::kStats), key, U64Bytes(now))));
    }
    state_->stats_changed = true;
  }
  WriteSummary summary;
  KG_RETURN_IF_ERROR(Summarize(per_graph, &summary));
  for (auto& [g, c] : per_graph) {
    state_->per_graph[g].first += c.first;
    state_->per_graph[g].second += c.second;
  }
  KG_RETURN_IF_ERROR(Summarize(state_->per_graph, &total_));
  return summary;
}

Status Transaction::Summarize(
    const std::map<TermId, std::pair<std::uint64_t, std::uint64_t>>& per_graph,
    WriteSummary* out) {
  auto view = NewViewUnflushed();  // reads the dictionary only
  *out = WriteSummary();
  for (auto& [g, c] : per_graph) {
    if (c.first == 0 && c.second == 0) continue;
    KG_ASSIGN_OR_RETURN(Term graph, DecodeWith(*view, g));
    out->graphs.push_back(GraphChange{std::move(graph), c.first, c.second});
    out->inserted += c.first;
    out->deleted += c.second;
  }
  std::sort(out->graphs.begin(), out->graphs.end(),
            [](const GraphChange& a, const GraphChange& b) {
              return a.graph < b.graph;
            });
  return Status::Ok();
}

Result<WriteSummary> Transaction::Apply(const std::vector<Quad>& add,
                                        const std::vector<Quad>& remove) {
  // Invalid input is refused before anything is written.
  for (const Quad& q : add) KG_RETURN_IF_ERROR(ValidateQuad(q));
  auto r = ApplyTerms(add, remove);
  if (!r.ok()) failed_ = true;
  return r;
}

Result<WriteSummary> Transaction::ApplyTerms(const std::vector<Quad>& add,
                                             const std::vector<Quad>& remove) {
  if (finished_) return Status::InvalidArgument("the transaction is finished");
  std::vector<IdQuad> remove_ids;
  if (!remove.empty()) {
    auto view = NewReadView();  // sees every pending term and index key
    for (const Quad& q : remove) {
      IdQuad iq;
      bool known = true;
      TermId* slots[4] = {&iq.s, &iq.p, &iq.o, &iq.g};
      const Term* terms[4] = {&q.subject, &q.predicate, &q.object, &q.graph};
      for (int pos = 0; pos < 4 && known; ++pos) {
        KG_ASSIGN_OR_RETURN(std::optional<TermId> id,
                            FindId(*view, *terms[pos]));
        if (id)
          *slots[pos] = *id;
        else
          known = false;  // a term never seen: the quad cannot be there
      }
      if (known) remove_ids.push_back(iq);
    }
  }
  std::vector<IdQuad> add_ids;
  add_ids.reserve(add.size());
  const std::uint64_t fresh = state_->next_id;
  {
    auto view = NewViewUnflushed();  // reads the dictionary only
    KG_RETURN_IF_ERROR(InternAll(*view, add, &add_ids));
  }
  return ApplyIdsFresh(add_ids, remove_ids, fresh, &add);
}

namespace {

// Writes the pending writes of `batch` as one SST file per column family
// and ingests them all in one IngestExternalFiles call, which RocksDB
// applies atomically, as the bulk loader does. For large transactions this
// is several times cheaper than inserting every key into the memtables.
// `alongside` runs on another thread while the ingestion waits for the
// disk.
Status IngestBatch(Db* db, rocksdb::WriteBatchWithIndex* batch,
                   std::vector<IdQuad>* pending,
                   std::vector<std::pair<std::string, TermId>>* pending_terms,
                   std::vector<std::string>* pending_labels,
                   const std::string& store_path,
                   const std::function<void()>& alongside) {
  // The files go to the process's folder for them (Db::commit_dir),
  // created by the first large commit.
  std::error_code ec;
  if (db->commit_dir.empty()) {
    std::random_device rd;
    // "load-tmp-" folders left by a crash are removed by the next open.
    const std::string dir =
        fmt::format("{}/load-tmp-tx-{}-{:x}", store_path, ::getpid(), rd());
    std::filesystem::create_directories(dir, ec);
    if (ec)
      return Status::IOError(
          fmt::format("cannot create {}: {}", dir, ec.message()));
    db->commit_dir = dir;
  }
  const std::string& dir = db->commit_dir;
  auto file_name = [&dir](std::uint64_t n) {
    return fmt::format("{}/{}.sst", dir, n);
  };
  // This commit's files are numbered from first_file up to
  // db->commit_files_used once they are named. Ingested, they are moved
  // into the database; those left (a failed commit) are removed.
  const std::uint64_t first_file = db->commit_files_used;
  bool ingested = false;
  struct Cleanup {
    std::function<void()> fn;
    ~Cleanup() { fn(); }
  } cleanup{[&] {
    if (ingested) return;
    for (std::uint64_t n = first_file; n < db->commit_files_used; ++n) {
      std::error_code e;
      std::filesystem::remove(file_name(n), e);
    }
  }};
  // One SST file per column family with writes; the families are shared
  // between this thread and a helper (the files are independent). Family c
  // writes file number first_file + file_at[c].
  std::array<std::uint64_t, kCfCount> file_at{};
  std::array<std::optional<rocksdb::IngestExternalFileArg>, kCfCount> files;
  std::array<Status, kCfCount> results;
  auto write_cf =
      [&](int c, std::optional<rocksdb::IngestExternalFileArg>* out) -> Status {
    rocksdb::ColumnFamilyHandle* cf = db->cfs[c];
    std::unique_ptr<rocksdb::WBWIIterator> it(batch->NewIterator(cf));
    it->SeekToFirst();
    // The entries not yet in the batch: sorted, distinct, and newer than
    // the batch's entries (so they win on equal keys). Index keys, or the
    // dictionary entries of new terms.
    std::vector<std::pair<rocksdb::Slice, rocksdb::Slice>> extra;
    std::vector<QuadKey> keys;
    std::vector<std::string> id_bytes;
    const int order = c - static_cast<int>(Cf::kSpog);
    if (order >= 0 && order < kIndexOrderCount) {
      std::vector<OrderedQuad> sorted;
      sorted.reserve(pending->size());
      for (const IdQuad& q : *pending) {
        if (IndexHolds(static_cast<IndexOrder>(order), q.g))
          sorted.push_back(Ordered(static_cast<IndexOrder>(order), q));
      }
      std::sort(sorted.begin(), sorted.end());
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
      keys.resize(sorted.size());
      extra.reserve(keys.size());
      for (std::size_t i = 0; i < sorted.size(); ++i) {
        KeyOf(sorted[i], keys[i].data());
        extra.emplace_back(rocksdb::Slice(keys[i].data(), keys[i].size()),
                           rocksdb::Slice());
      }
    } else if (static_cast<Cf>(c) == Cf::kTermToId ||
               static_cast<Cf>(c) == Cf::kIdToTerm) {
      id_bytes.reserve(pending_terms->size());
      for (const auto& [key, id] : *pending_terms)
        id_bytes.push_back(U64Bytes(id));
      extra.reserve(pending_terms->size());
      for (std::size_t i = 0; i < pending_terms->size(); ++i) {
        rocksdb::Slice key((*pending_terms)[i].first);
        rocksdb::Slice id(id_bytes[i]);
        if (static_cast<Cf>(c) == Cf::kTermToId)
          extra.emplace_back(key, id);
        else
          extra.emplace_back(id, key);
      }
      std::sort(extra.begin(), extra.end(), [](const auto& x, const auto& y) {
        return x.first.compare(y.first) < 0;
      });
    } else if (static_cast<Cf>(c) == Cf::kLabels) {
      std::sort(pending_labels->begin(), pending_labels->end());
      pending_labels->erase(
          std::unique(pending_labels->begin(), pending_labels->end()),
          pending_labels->end());
      extra.reserve(pending_labels->size());
      for (const std::string& k : *pending_labels)
        extra.emplace_back(rocksdb::Slice(k), rocksdb::Slice());
    }
    if (!it->Valid() && extra.empty()) return Status::Ok();
    rocksdb::Options o = IngestFileOptions(*db, static_cast<Cf>(c));
    // SstFileWriter compresses with the family's bottommost compression
    // (ZSTD) when one is set, as if the file went to the last level. A
    // commit's file enters at the top and is rewritten by compaction:
    // compress it as the upper levels are (LZ4). Request-thread
    // instructions for 100,000 bulk triples: 2.371G -> 2.130G.
    o.bottommost_compression = rocksdb::kDisableCompressionOption;
    // The file is read back at once by the ingestion (footer, index,
    // filter): its pages stay in the OS cache (RocksDB drops them by
    // default). 3M triples onto 1M, 3 runs each: 130,977 -> 135,642
    // triples/s.
    rocksdb::SstFileWriter w(rocksdb::EnvOptions(), o, cf,
                             /*invalidate_page_cache=*/false);
    const std::string file = file_name(first_file + file_at[c]);
    KG_RETURN_IF_ERROR(FromRocks(w.Open(file), "creating " + file));
    std::size_t k = 0;
    while (it->Valid() || k < extra.size()) {
      rocksdb::Status s;
      int cmp = 1;  // >= 0: the pending entry comes first (or replaces)
      if (!it->Valid()) {
        cmp = 1;
      } else if (k == extra.size()) {
        cmp = -1;
      } else {
        cmp = it->Entry().key.compare(extra[k].first);
      }
      if (cmp >= 0) {
        s = w.Put(extra[k].first, extra[k].second);
        ++k;
        if (cmp == 0) it->Next();
      } else {
        rocksdb::WriteEntry e = it->Entry();
        if (e.type == rocksdb::kPutRecord) {
          s = w.Put(e.key, e.value);
        } else if (e.type == rocksdb::kDeleteRecord) {
          s = w.Delete(e.key);
        } else {
          return Status::Internal("unexpected entry in a transaction's writes");
        }
        it->Next();
      }
      if (!s.ok()) return FromRocksError(s, "writing " + file);
    }
    KG_RETURN_IF_ERROR(
        FromRocks(it->status(), "reading a transaction's writes"));
    KG_RETURN_IF_ERROR(FromRocks(w.Finish(), "writing " + file));
    *out = IngestArg(cf, file);
    return Status::Ok();
  };
  // The families by the bytes their files will hold, largest first; each
  // thread takes the next one when it is done with its last, so that a
  // thread slowed down (the machine's other work, a cold start) takes fewer.
  // Index keys are small and many, the dictionary's and label index's
  // entries fewer and longer (a commit of 10,000 new triples writes about
  // 2,500 of each); the graph-first orders get only named graphs' quads;
  // each file also costs its creation and sync, about as much as a
  // thousand index keys. Sharing them out ahead by these estimates left
  // one thread waiting for the other about 5 ms per 10,000-triple request
  // (docs/benchmarks.md, session 12).
  constexpr std::size_t kFileCost = 32 << 10;
  const std::size_t named = NamedGraphQuads(*pending);
  std::size_t term_bytes = 0;
  for (const auto& [key, id] : *pending_terms) term_bytes += key.size() + 16;
  std::size_t label_bytes = 0;
  for (const std::string& k : *pending_labels) label_bytes += k.size() + 8;
  std::vector<std::pair<std::size_t, int>> by_size;
  for (int c = 1; c < kCfCount; ++c) {
    const int order = c - static_cast<int>(Cf::kSpog);
    std::size_t bytes = 0;
    if (order >= 0 && order < kIndexOrderCount) {
      bytes = (IsGraphFirst(static_cast<IndexOrder>(order)) ? named
                                                            : pending->size()) *
              (sizeof(QuadKey) + 8);
    } else if (static_cast<Cf>(c) == Cf::kTermToId ||
               static_cast<Cf>(c) == Cf::kIdToTerm) {
      bytes = term_bytes;
    } else if (static_cast<Cf>(c) == Cf::kLabels) {
      bytes = label_bytes;
    }
    if (bytes == 0) {
      std::unique_ptr<rocksdb::WBWIIterator> it(batch->NewIterator(db->cfs[c]));
      it->SeekToFirst();
      if (!it->Valid()) continue;  // no file
    }
    by_size.emplace_back(bytes + kFileCost, c);
  }
  std::stable_sort(
      by_size.begin(), by_size.end(),
      [](const auto& x, const auto& y) { return x.first > y.first; });
  for (std::size_t i = 0; i < by_size.size(); ++i)
    file_at[by_size[i].second] = i;
  db->commit_files_used += by_size.size();
  std::atomic<std::size_t> next{0};
  auto write_cfs = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < by_size.size();) {
      const int c = by_size[i].second;
      results[c] = write_cf(c, &files[c]);
    }
  };
  db->helper.Start(write_cfs);
  write_cfs();
  db->helper.Wait();
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (int c = 1; c < kCfCount; ++c) {
    KG_RETURN_IF_ERROR(results[c]);
    if (files[c]) args.push_back(std::move(*files[c]));
  }
  // Beside the ingestion: `alongside`, then the next commits' files are
  // created, empty, so that their writers only open them. Creating a file
  // took ext4 a search for a free inode (this file system skips the inodes
  // freed in the last minutes, and a stream of commits frees many), on the
  // request's critical path.
  constexpr std::uint64_t kFilesAhead = 2 * kCfCount;
  db->helper.Start([&] {
    alongside();
    const std::uint64_t upto = db->commit_files_used + kFilesAhead;
    for (std::uint64_t n =
             std::max(db->commit_files_made, db->commit_files_used);
         n < upto; ++n) {
      const int fd =
          ::open(file_name(n).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0) break;  // the writer creates it then
      ::close(fd);
      db->commit_files_made = n + 1;
    }
  });
  Status st;
  if (!args.empty()) {
    st = FromRocks(db->db->IngestExternalFiles(args), "committing (ingest)");
    if (st.ok() && db->sync_commits)
      st = FromRocks(db->db->SyncWAL(), "syncing");
  }
  db->helper.Wait();
  ingested = st.ok();
  return st;
}

// Transactions with more pending writes than this commit by ingestion.
constexpr std::uint32_t kIngestEntries = 50000;

}  // namespace

Status Transaction::Commit() {
  if (finished_) return Status::InvalidArgument("the transaction is finished");
  finished_ = true;
  if (failed_) {
    End();
    return Status::Aborted(
        "a write of this transaction failed part-way; nothing of it was "
        "committed");
  }
  Db* db = state_->db;
  rocksdb::WriteBatchWithIndex* batch = &state_->batch;
  Status st;
  bool published = false;  // the terms went to the cache of term ids
  if (batch->GetWriteBatch()->Count() > 0 || !state_->pending.empty() ||
      !state_->pending_terms.empty() || !state_->pending_labels.empty()) {
    if (state_->next_id != state_->first_next_id) {
      st = BatchStatus(
          batch->Put(db->cf(Cf::kMeta), "next_id", U64Bytes(state_->next_id)));
    }
    // Distinct subject/object counts are not maintained per commit: mark
    // them as estimates until the next analyze.
    if (st.ok() && state_->stats_changed)
      st = BatchStatus(batch->Put(db->cf(Cf::kStats), "exact", U64Bytes(0)));
    if (st.ok()) {
      if (batch->GetWriteBatch()->Count() + state_->pending_keys() +
              2 * state_->pending_terms.size() +
              state_->pending_labels.size() >=
          kIngestEntries) {
        // The cache of term ids is filled while the disk syncs the files
        // (it is read only under the writer lock, which this transaction
        // holds; a failed commit empties it below). With the files shared
        // out as the threads come free (IngestBatch), 2M triples onto 1M,
        // 6 alternated runs each: 109,253 -> 120,371 triples/s
        // (docs/benchmarks.md, session 12).
        st =
            IngestBatch(db, batch, &state_->pending, &state_->pending_terms,
                        &state_->pending_labels, state_->store->path(), [this] {
                          PublishTerms();
                          FilterNew();
                        });
        published = true;
      } else {
        st = Flush();
        if (st.ok()) {
          rocksdb::WriteOptions wo;
          wo.sync = db->sync_commits;
          st = FromRocks(db->db->Write(wo, batch->GetWriteBatch()), "commit");
        }
      }
      db->generation.fetch_add(1, std::memory_order_acq_rel);
    }
  }
  // Also after a failure, which may leave the write done: a filter must
  // not miss a key the store may hold.
  FilterNew();
  if (st.ok() && !published) PublishTerms();
  if (!st.ok() && published) db->term_ids->Clear();
  End();
  return st;
}

namespace {

// Hands `filter` (when there is one) the hashes of `hashes` from *done on,
// and moves *done to the end.
void AddToFilter(PresenceFilter* filter,
                 const std::vector<std::uint64_t>& hashes, std::size_t* done) {
  if (filter == nullptr) return;
  filter->Add(hashes.data() + *done, hashes.size() - *done);
  *done = hashes.size();
}

}  // namespace

void Transaction::FilterNewTerms() {
  AddToFilter(state_->db->term_filter.get(), state_->term_hashes,
              &state_->term_hashes_filtered);
}

void Transaction::FilterNewQuads() {
  AddToFilter(state_->db->quad_filter.get(), state_->quad_hashes,
              &state_->quad_hashes_filtered);
}

void Transaction::FilterNew() {
  FilterNewTerms();
  FilterNewQuads();
}

void Transaction::PublishTerms() {
  state_->terms.ForEach([&](std::string_view key, TermId id) {
    CacheTermId(state_->db, key, id);
  });
}

Result<WriteSummary> QuadStore::Apply(const std::vector<Quad>& add,
                                      const std::vector<Quad>& remove) {
  if (read_only())
    return Status::NotSupported("the database is open read-only");
  for (const Quad& q : add) KG_RETURN_IF_ERROR(ValidateQuad(q));
  KG_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, Begin());
  KG_ASSIGN_OR_RETURN(WriteSummary summary, tx->Apply(add, remove));
  KG_RETURN_IF_ERROR(tx->Commit());
  return summary;
}

Result<std::vector<std::pair<std::string, std::string>>> QuadStore::Prefixes()
    const {
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db->NewIterator(rocksdb::ReadOptions(), db_->cf(Cf::kMeta)));
  const std::string p = "prefix:";
  for (it->Seek(p); it->Valid() && it->key().starts_with(p); it->Next()) {
    out.emplace_back(it->key().ToString().substr(p.size()),
                     it->value().ToString());
  }
  KG_RETURN_IF_ERROR(FromRocks(it->status(), "reading prefixes"));
  return out;
}

namespace {

// Scans one index order in full, calling fn for each decoded quad.
Status ScanAll(Db* db, const rocksdb::Snapshot* snap, IndexOrder order,
               const std::function<Status(const IdQuad&)>& fn) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  ro.fill_cache = false;
  ro.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(
      db->db->NewIterator(ro, db->cf(IndexCf(order))));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 32) {
      return Status::Corruption(fmt::format("key of {} bytes in index {}",
                                            it->key().size(),
                                            IndexOrderName(order)));
    }
    KG_RETURN_IF_ERROR(fn(DecodeQuadKey(order, it->key().data())));
  }
  return FromRocks(it->status(), "index scan");
}

std::uint64_t Mix(const IdQuad& q) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull;
  for (TermId v : {q.s, q.p, q.o, q.g}) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
  }
  return h;
}

// Counts computed from the indexes themselves.
Status ComputeExact(Db* db, const rocksdb::Snapshot* snap, ExactStats* out) {
  std::map<TermId, std::uint64_t> per_p, per_g, ds, dos;
  bool first = true;
  IdQuad prev;
  KG_RETURN_IF_ERROR(ScanAll(db, snap, IndexOrder::kSPOG, [&](const IdQuad& q) {
    ++out->total;
    ++per_p[q.p];
    ++per_g[q.g];
    if (first || q.s != prev.s || q.p != prev.p) ++ds[q.p];
    first = false;
    prev = q;
    return Status::Ok();
  }));
  first = true;
  KG_RETURN_IF_ERROR(ScanAll(db, snap, IndexOrder::kPOSG, [&](const IdQuad& q) {
    if (first || q.p != prev.p || q.o != prev.o) ++dos[q.p];
    first = false;
    prev = q;
    return Status::Ok();
  }));
  out->per_predicate.assign(per_p.begin(), per_p.end());
  out->per_graph.assign(per_g.begin(), per_g.end());
  out->distinct_subjects.assign(ds.begin(), ds.end());
  out->distinct_objects.assign(dos.begin(), dos.end());
  return Status::Ok();
}

}  // namespace

Status QuadStore::WaitForCompactions(double timeout_s) {
  if (read_only())
    return Status::NotSupported("the database is open read-only");
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  // RocksDB 7.8 has no call that waits for its background work: its
  // counters are polled, the database's own and the families' (those
  // summed over the families by RocksDB).
  auto db_count = [this](const char* property) {
    std::uint64_t v = 0;
    db_->db->GetIntProperty(property, &v);
    return v;
  };
  auto families_sum = [this](const char* property) {
    std::uint64_t v = 0;
    db_->db->GetAggregatedIntProperty(property, &v);
    return v;
  };
  // A family reports a compaction pending while it holds as many sorted
  // runs as its trigger, but the universal picker may decline to merge
  // any (runs of too unequal sizes, fewer surplus runs than its minimum
  // merge width) until more files arrive: that state lasts. So pending
  // work with nothing running, no flush due and no error counts as done
  // once it has stayed so for kQuiet (a compaction that RocksDB has
  // scheduled starts running well within it).
  constexpr auto kQuiet = std::chrono::seconds(1);
  auto quiet_since = Clock::now();
  for (;;) {
    if (const std::uint64_t errors = db_count("rocksdb.background-errors");
        errors > 0) {
      return Status::IOError(fmt::format(
          "{} background flush or compaction error{} since the database "
          "was opened (RocksDB's LOG file in the database folder says "
          "which); the work it left may never be done",
          errors, errors == 1 ? "" : "s"));
    }
    const bool running = db_count("rocksdb.num-running-compactions") > 0 ||
                         db_count("rocksdb.num-running-flushes") > 0 ||
                         families_sum("rocksdb.mem-table-flush-pending") > 0;
    if (!running && families_sum("rocksdb.compaction-pending") == 0)
      return Status::Ok();
    const auto now = Clock::now();
    if (running) {
      quiet_since = now;
    } else if (now - quiet_since >= kQuiet) {
      return Status::Ok();  // pending, but no merge the picker will make
    }
    if (now >= deadline) {
      return Status::Busy(
          fmt::format("compaction work not done after {:.0f} s", timeout_s));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Status QuadStore::Analyze() {
  if (read_only())
    return Status::NotSupported("the database is open read-only");
  KG_ASSIGN_OR_RETURN(std::unique_lock<std::timed_mutex> lock, LockWriter());
  const rocksdb::Snapshot* snap = db_->db->GetSnapshot();
  ExactStats ex;
  Status st = ComputeExact(db_.get(), snap, &ex);
  db_->db->ReleaseSnapshot(snap);
  KG_RETURN_IF_ERROR(st);
  // Rewrite the statistics family: delete what is there, put exact values.
  rocksdb::WriteBatch batch;
  batch.DeleteRange(db_->cf(Cf::kStats), rocksdb::Slice("\0", 1),
                    rocksdb::Slice("\xff\xff", 2));
  batch.Put(db_->cf(Cf::kStats), "total", U64Bytes(ex.total));
  batch.Put(db_->cf(Cf::kStats), "exact", U64Bytes(1));
  for (auto& [id, n] : ex.per_predicate) {
    batch.Put(db_->cf(Cf::kStats), StatKey('p', id), U64Bytes(n));
  }
  for (auto& [id, n] : ex.per_graph) {
    batch.Put(db_->cf(Cf::kStats), StatKey('g', id), U64Bytes(n));
  }
  for (auto& [id, n] : ex.distinct_subjects) {
    batch.Put(db_->cf(Cf::kStats), StatKey('S', id), U64Bytes(n));
  }
  for (auto& [id, n] : ex.distinct_objects) {
    batch.Put(db_->cf(Cf::kStats), StatKey('O', id), U64Bytes(n));
  }
  rocksdb::WriteOptions wo;
  wo.sync = db_->sync_commits;
  return FromRocks(db_->db->Write(wo, &batch), "writing statistics");
}

Result<StoreStats> QuadStore::Stats() const {
  auto view = NewReadView();
  StoreStats out;
  KG_ASSIGN_OR_RETURN(out.quads, view->Stat("total"));
  KG_ASSIGN_OR_RETURN(std::uint64_t exact, view->Stat("exact"));
  out.distinct_exact = exact == 1;
  std::map<TermId, PredicateStats> preds;
  rocksdb::ReadOptions ro;
  ro.snapshot = view->impl_->snapshot;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db->NewIterator(ro, db_->cf(Cf::kStats)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (k.size() != 9 || it->value().size() != 8) continue;
    TermId id = GetU64(k.data() + 1);
    std::uint64_t n = GetU64(it->value().data());
    switch (k[0]) {
      case 'p':
        preds[id].quads = n;
        break;
      case 'S':
        preds[id].distinct_subjects = n;
        break;
      case 'O':
        preds[id].distinct_objects = n;
        break;
      case 'g': {
        KG_ASSIGN_OR_RETURN(Term g, view->Decode(id));
        out.graphs.push_back(GraphStats{std::move(g), n});
        break;
      }
      default:
        break;
    }
  }
  KG_RETURN_IF_ERROR(FromRocks(it->status(), "reading statistics"));
  for (auto& [id, ps] : preds) {
    if (ps.quads == 0) continue;
    KG_ASSIGN_OR_RETURN(ps.predicate, view->Decode(id));
    out.predicates.push_back(std::move(ps));
  }
  std::sort(out.predicates.begin(), out.predicates.end(),
            [](auto& a, auto& b) { return a.quads > b.quads; });
  std::sort(out.graphs.begin(), out.graphs.end(),
            [](auto& a, auto& b) { return a.quads > b.quads; });
  std::string v;
  rocksdb::Status s = db_->db->Get(ro, db_->cf(Cf::kMeta), "next_id", &v);
  KG_RETURN_IF_ERROR(FromRocks(s, "reading next_id"));
  // Ids are dense and never reused, so the counter less the entries
  // Compact() reclaimed is the entry count.
  std::string r;
  s = db_->db->Get(ro, db_->cf(Cf::kMeta), "terms_reclaimed", &r);
  if (!s.IsNotFound()) {
    KG_RETURN_IF_ERROR(FromRocks(s, "reading terms_reclaimed"));
    if (r.size() == 8) out.terms_reclaimed = GetU64(r.data());
  }
  out.terms = GetU64(v.data()) - 1 - out.terms_reclaimed;
  return out;
}

namespace {

// Recomputes the label index from the label predicates' quads (posg) and
// compares it with the stored one, key by key.
Status CheckLabels(Db* db, const rocksdb::ReadOptions& ro,
                   CheckReport* report) {
  std::vector<std::string> expected;
  std::string v;
  for (const std::string& iri : LabelPredicates()) {
    rocksdb::Status s =
        db->db->Get(ro, db->cf(Cf::kTermToId), TermKey(Term::Iri(iri)), &v);
    if (s.IsNotFound()) continue;
    KG_RETURN_IF_ERROR(FromRocks(s, "dictionary lookup"));
    const TermId p = GetU64(v.data());
    const std::string prefix = U64Bytes(p);
    std::unique_ptr<rocksdb::Iterator> it(
        db->db->NewIterator(ro, db->cf(IndexCf(IndexOrder::kPOSG))));
    TermId last_o = ~TermId{0};
    Term o;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      IdQuad q = DecodeQuadKey(IndexOrder::kPOSG, it->key().data());
      if (q.o != last_o) {
        last_o = q.o;
        if (IsInline(q.o)) {
          o = DecodeInline(q.o);
        } else {
          std::string t;
          KG_RETURN_IF_ERROR(FromRocks(
              db->db->Get(ro, db->cf(Cf::kIdToTerm), U64Bytes(q.o), &t),
              "dictionary decode"));
          KG_ASSIGN_OR_RETURN(o, TermFromKey(t));
        }
      }
      if (o.is_literal()) LabelKeys(o.lexical, q, &expected);
    }
    KG_RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  }
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  std::unique_ptr<rocksdb::Iterator> it(
      db->db->NewIterator(ro, db->cf(Cf::kLabels)));
  std::size_t i = 0, problems = 0;
  std::uint64_t missing = 0, extra = 0;
  it->SeekToFirst();
  while (it->Valid() || i < expected.size()) {
    int c;
    if (!it->Valid()) {
      c = 1;
    } else if (i == expected.size()) {
      c = -1;
    } else {
      c = it->key().compare(rocksdb::Slice(expected[i]));
    }
    if (c == 0) {
      it->Next();
      ++i;
    } else if (c < 0) {
      ++extra;
      it->Next();
    } else {
      ++missing;
      ++i;
    }
  }
  KG_RETURN_IF_ERROR(FromRocks(it->status(), "label index scan"));
  if (missing + extra > 0 && problems++ < 10) {
    report->problems.push_back(fmt::format(
        "label index: {} entries missing and {} without a label quad "
        "(of {} expected)",
        missing, extra, expected.size()));
  }
  return Status::Ok();
}

}  // namespace

Result<CheckReport> QuadStore::Check() const {
  CheckReport report;
  const rocksdb::Snapshot* snap =
      db_->secondary ? nullptr : db_->db->GetSnapshot();
  struct Release {
    Db* db;
    const rocksdb::Snapshot* s;
    ~Release() {
      if (s != nullptr) db->db->ReleaseSnapshot(s);
    }
  } release{db_.get(), snap};
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  ro.fill_cache = false;

  // 1. Every index order holds the same quads (the graph-first ones those
  // of named graphs only): equal counts and equal order-independent hashes
  // (sum and xor) of the decoded quads (RocksDB keeps each family's keys in
  // order). The leading id of each order is checked against the dictionary
  // by a forward-only merge with id2term.
  // An order-independent digest of a set of quads.
  struct Digest {
    std::uint64_t count = 0, sum = 0, x = 0;
    void Add(std::uint64_t h) {
      ++count;
      sum += h;
      x ^= h;
    }
    bool operator==(const Digest&) const = default;
  };
  Digest all, named;  // spog's quads, and those of named graphs
  std::unique_ptr<rocksdb::Iterator> dict(
      db_->db->NewIterator(ro, db_->cf(Cf::kIdToTerm)));
  for (IndexOrder order : kAllIndexOrders) {
    Digest digest;
    TermId last_lead = ~TermId{0};
    const int lead_pos = kOrderPositions[static_cast<int>(order)][0];
    std::uint64_t missing = 0;
    KG_RETURN_IF_ERROR(ScanAll(db_.get(), snap, order, [&](const IdQuad& q) {
      const std::uint64_t h = Mix(q);
      digest.Add(h);
      if (order == IndexOrder::kSPOG && q.g != kDefaultGraphId) named.Add(h);
      TermId lead = Position(q, lead_pos);
      if (lead != last_lead && lead != kDefaultGraphId && !IsInline(lead)) {
        std::string key = U64Bytes(lead);
        if (!dict->Valid() || dict->key().compare(key) > 0)
          dict->Seek(key);
        else if (dict->key().compare(key) < 0)
          dict->Seek(key);
        if (!dict->Valid() || dict->key() != rocksdb::Slice(key)) {
          if (missing++ < 5) {
            report.problems.push_back(
                fmt::format("index {}: term id {:#x} has no dictionary entry",
                            IndexOrderName(order), lead));
          }
        }
      }
      last_lead = lead;
      return Status::Ok();
    }));
    if (order == IndexOrder::kSPOG) {
      all = digest;
      report.quads = digest.count;
      continue;
    }
    const Digest& want = IsGraphFirst(order) ? named : all;
    if (digest != want) {
      report.problems.push_back(fmt::format(
          "index {} disagrees with spog: {} quads against {}{}{}",
          IndexOrderName(order), digest.count, want.count,
          IsGraphFirst(order) ? " in named graphs" : "",
          digest.count == want.count ? " (same count, different quads)" : ""));
    }
  }
  KG_RETURN_IF_ERROR(FromRocks(dict->status(), "dictionary scan"));

  // 2. The dictionary's two directions agree, and ids are below next_id.
  std::string v;
  KG_RETURN_IF_ERROR(FromRocks(
      db_->db->Get(ro, db_->cf(Cf::kMeta), "next_id", &v), "reading next_id"));
  const std::uint64_t next_id = GetU64(v.data());
  std::uint64_t id2term_count = 0, term2id_count = 0, bad = 0;
  for (dict->SeekToFirst(); dict->Valid(); dict->Next()) {
    ++id2term_count;
    if (dict->key().size() != 8) {
      if (bad++ < 5) report.problems.push_back("id2term: malformed key");
      continue;
    }
    TermId id = GetU64(dict->key().data());
    if (PayloadOf(id) >= next_id && bad++ < 5) {
      report.problems.push_back(
          fmt::format("id2term: id {:#x} not below next_id {}", id, next_id));
    }
    std::string back;
    rocksdb::Status s =
        db_->db->Get(ro, db_->cf(Cf::kTermToId), dict->value(), &back);
    if (!s.ok() || back.size() != 8 || GetU64(back.data()) != id) {
      if (bad++ < 5) {
        report.problems.push_back(fmt::format(
            "dictionary: id {:#x} does not map back to itself", id));
      }
    }
  }
  KG_RETURN_IF_ERROR(FromRocks(dict->status(), "dictionary scan"));
  {
    std::unique_ptr<rocksdb::Iterator> t2i(
        db_->db->NewIterator(ro, db_->cf(Cf::kTermToId)));
    for (t2i->SeekToFirst(); t2i->Valid(); t2i->Next()) ++term2id_count;
    KG_RETURN_IF_ERROR(FromRocks(t2i->status(), "dictionary scan"));
  }
  if (term2id_count != id2term_count) {
    report.problems.push_back(
        fmt::format("dictionary: {} terms in term2id but {} in id2term",
                    term2id_count, id2term_count));
  }
  report.terms = id2term_count;

  // 3. Statistics agree with the indexes.
  ExactStats ex;
  KG_RETURN_IF_ERROR(ComputeExact(db_.get(), snap, &ex));
  auto stat = [&](const std::string& key) -> Result<std::uint64_t> {
    std::string sv;
    rocksdb::Status s = db_->db->Get(ro, db_->cf(Cf::kStats), key, &sv);
    if (s.IsNotFound()) return std::uint64_t{0};
    KG_RETURN_IF_ERROR(FromRocks(s, "reading statistics"));
    if (sv.size() != 8) return Status::Corruption("bad statistics entry");
    return GetU64(sv.data());
  };
  KG_ASSIGN_OR_RETURN(std::uint64_t total, stat("total"));
  if (total != ex.total) {
    report.problems.push_back(fmt::format(
        "statistics: total says {} quads, indexes hold {}", total, ex.total));
  }
  KG_ASSIGN_OR_RETURN(std::uint64_t exact, stat("exact"));
  // Every counter stored must be right, and none may be missing.
  std::map<std::string, std::uint64_t> expected;
  for (auto& [id, n] : ex.per_predicate) expected[StatKey('p', id)] = n;
  for (auto& [id, n] : ex.per_graph) expected[StatKey('g', id)] = n;
  if (exact == 1) {
    for (auto& [id, n] : ex.distinct_subjects) expected[StatKey('S', id)] = n;
    for (auto& [id, n] : ex.distinct_objects) expected[StatKey('O', id)] = n;
  }
  std::unique_ptr<rocksdb::Iterator> sit(
      db_->db->NewIterator(ro, db_->cf(Cf::kStats)));
  std::size_t stat_problems = 0;
  for (sit->SeekToFirst(); sit->Valid(); sit->Next()) {
    std::string k = sit->key().ToString();
    if (k.size() != 9) continue;
    if (exact != 1 && (k[0] == 'S' || k[0] == 'O')) continue;
    std::uint64_t n =
        sit->value().size() == 8 ? GetU64(sit->value().data()) : ~0ull;
    auto e = expected.find(k);
    std::uint64_t want = e == expected.end() ? 0 : e->second;
    if (n != want && stat_problems++ < 10) {
      report.problems.push_back(
          fmt::format("statistics: counter {}{:#x} says {}, indexes say {}",
                      k[0], GetU64(k.data() + 1), n, want));
    }
    if (e != expected.end()) expected.erase(e);
  }
  KG_RETURN_IF_ERROR(FromRocks(sit->status(), "statistics scan"));
  for (auto& [k, n] : expected) {
    if (stat_problems++ < 10) {
      report.problems.push_back(
          fmt::format("statistics: counter {}{:#x} missing, indexes say {}",
                      k[0], GetU64(k.data() + 1), n));
    }
  }

  // 4. The label index holds exactly the keys of the label quads.
  KG_RETURN_IF_ERROR(CheckLabels(db_.get(), ro, &report));
  return report;
}

}  // namespace kg::store
