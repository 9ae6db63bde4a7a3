// The bulk loader: encode quads with a term cache, sort them per index order
// in bounded memory (spilling sorted runs), write SST files for every column
// family that changes, and ingest them all in one atomic call.
#include <fmt/format.h>
#include <rocksdb/iterator.h>
#include <rocksdb/sst_file_writer.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <queue>
#include <random>
#include <thread>
#include <unordered_map>

#include "store/db.h"
#include "store/label_index.h"
#include "store/quad_store.h"
#include "store/term_id_map.h"

namespace kg::store {
namespace fs = std::filesystem;
namespace {

// A sorted run of one index order, read back from a file of OrderedQuads
// in this machine's byte order, 1 MiB at a time.
class FileRun {
 public:
  explicit FileRun(const std::string& path)
      : f_(std::fopen(path.c_str(), "rb")), buf_(kChunk) {}
  ~FileRun() {
    if (f_ != nullptr) std::fclose(f_);
  }
  bool ok() const { return f_ != nullptr; }
  // Reads the next quad into `q`; false at the end (or on a read error,
  // which error() then reports).
  bool Next(OrderedQuad* q) {
    if (pos_ == size_) {
      size_ = std::fread(buf_.data(), sizeof(OrderedQuad), kChunk, f_);
      pos_ = 0;
      if (size_ == 0) return false;
    }
    *q = buf_[pos_++];
    return true;
  }
  bool error() const { return std::ferror(f_) != 0; }

 private:
  static constexpr std::size_t kChunk = (1 << 20) / sizeof(OrderedQuad);
  std::FILE* f_;
  std::vector<OrderedQuad> buf_;
  std::size_t pos_ = 0, size_ = 0;
};

// A sorted run of label index keys (u32 length, then the bytes).
class LabelRun {
 public:
  explicit LabelRun(const std::string& path)
      : f_(std::fopen(path.c_str(), "rb")) {}
  ~LabelRun() {
    if (f_ != nullptr) std::fclose(f_);
  }
  bool ok() const { return f_ != nullptr; }
  bool Next(std::string* key) {
    std::uint32_t n = 0;
    if (std::fread(&n, sizeof n, 1, f_) != 1) return false;
    key->resize(n);
    return std::fread(key->data(), 1, n, f_) == n;
  }

 private:
  std::FILE* f_;
};

class BulkLoader final : public BulkLoad {
 public:
  BulkLoader(QuadStore* store, const BulkLoadOptions& options,
             std::unique_lock<std::timed_mutex> lock)
      : store_(store),
        db_(store->db()),
        options_(options),
        lock_(std::move(lock)) {}

  ~BulkLoader() override {
    (void)WaitSpill();
    (void)WaitLabels();
    if (snapshot_ != nullptr) db_->db->ReleaseSnapshot(snapshot_);
    for (auto& w : id2term_) w.writer.reset();
    std::error_code ec;
    if (!tmp_dir_.empty()) fs::remove_all(tmp_dir_, ec);
  }

  Status Init() {
    std::random_device rd;
    tmp_dir_ =
        fmt::format("{}/load-tmp-{}-{:x}", store_->path(), ::getpid(), rd());
    std::error_code ec;
    fs::create_directories(tmp_dir_, ec);
    if (ec) {
      return Status::IOError(
          fmt::format("cannot create {}: {}", tmp_dir_, ec.message()));
    }
    snapshot_ = db_->db->GetSnapshot();
    ro_.snapshot = snapshot_;
    std::string v;
    KG_RETURN_IF_ERROR(
        FromRocks(db_->db->Get(ro_, db_->cf(Cf::kMeta), "next_id", &v),
                  "reading next_id"));
    next_id_ = first_id_ = GetU64(v.data());
    std::string total;
    rocksdb::Status s = db_->db->Get(ro_, db_->cf(Cf::kStats), "total", &total);
    store_was_empty_ = s.IsNotFound() || GetU64(total.data()) == 0;
    // Two buffers share the budget: one filling while the other is sorted
    // and spilled by a second thread (and, at commit, a copy of the last
    // one sorted in the other index orders).
    max_buffered_ = std::max<std::size_t>(
        options_.sort_budget_bytes / (2 * sizeof(IdQuad)), 1024);
    buffer_.reserve(std::min<std::size_t>(max_buffered_, 1 << 20));
    return Status::Ok();
  }

  Status Add(const Quad& q) override {
    KG_RETURN_IF_ERROR(ValidateQuad(q));
    IdQuad iq;
    KG_ASSIGN_OR_RETURN(iq.s, InternAt(0, q.subject));
    KG_ASSIGN_OR_RETURN(iq.p, InternAt(1, q.predicate));
    KG_ASSIGN_OR_RETURN(iq.o, InternAt(2, q.object));
    KG_ASSIGN_OR_RETURN(iq.g, InternAt(3, q.graph));
    buffer_.push_back(iq);
    ++summary_.quads_read;
    if (q.object.is_literal() && q.predicate.is_iri() &&
        IsLabelPredicate(q.predicate.lexical)) {
      // The label's keys are made on the label thread, in batches.
      label_pending_.push_back({q.object.lexical, iq});
      if (label_pending_.size() >= kLabelBatch) {
        KG_RETURN_IF_ERROR(StartLabels());
      }
    }
    if (buffer_.size() >= max_buffered_) return StartSpill();
    return Status::Ok();
  }

  Status AddPrefix(std::string_view prefix, std::string_view iri) override {
    prefixes_[std::string(prefix)] = std::string(iri);
    return Status::Ok();
  }

  Result<LoadSummary> Commit() override {
    if (committed_)
      return Status::InvalidArgument("bulk load already committed");
    committed_ = true;
    KG_RETURN_IF_ERROR(WaitSpill());
    KG_RETURN_IF_ERROR(WaitLabels());
    label_job_.swap(label_pending_);
    KG_RETURN_IF_ERROR(MakeLabelKeys());
    spill_buffer_ = std::vector<IdQuad>();  // its memory goes to the copy
    std::vector<rocksdb::IngestExternalFileArg> args;

    // Two threads write the SST files. This one: the s- and p-first
    // orders, which also compute the statistics (WriteIndex on spog and
    // posg), then the new dictionary entries by term. The other, from its
    // own copy of the buffer: the g-first orders (the quads of named graphs
    // only), then the label index. The o-first order goes to the other
    // thread when most quads are in the default graph, else to this one.
    std::vector<IdQuad> copy(buffer_);
    const std::size_t named = NamedGraphQuads(buffer_);
    std::vector<IndexOrder> mine = {IndexOrder::kSPOG, IndexOrder::kPOSG};
    std::vector<IndexOrder> others = {IndexOrder::kGSPO, IndexOrder::kGPOS,
                                      IndexOrder::kGOSP};
    if (2 * named < buffer_.size()) {
      others.insert(others.begin(), IndexOrder::kOSPG);
    } else {
      mine.push_back(IndexOrder::kOSPG);
    }
    auto index_files = [this](IndexOrder order) {
      return fmt::format("{}/{}", tmp_dir_, IndexOrderName(order));
    };
    // The SST files each order wrote; each thread sets its own orders'.
    std::array<std::vector<std::string>, kIndexOrderCount> written;
    auto write_orders = [&](const std::vector<IndexOrder>& orders,
                            std::vector<IdQuad>* buffer, bool count) {
      for (IndexOrder order : orders) {
        // The graph-first orders come last in a list, gspo first: the
        // default graph's quads leave the buffer before it.
        if (order == IndexOrder::kGSPO) DropDefaultGraphQuads(buffer);
        KG_ASSIGN_OR_RETURN(
            written[static_cast<int>(order)],
            WriteIndex(order, index_files(order), buffer, count));
      }
      return Status::Ok();
    };
    bool labels_wrote = false;
    Status other_status;
    std::thread other([&] {
      other_status = [&]() -> Status {
        KG_RETURN_IF_ERROR(write_orders(others, &copy, /*count=*/false));
        copy.clear();
        copy.shrink_to_fit();
        // The label index: keys of new and existing label quads alike
        // (putting a key the store holds already changes nothing).
        KG_ASSIGN_OR_RETURN(labels_wrote,
                            WriteLabels(tmp_dir_ + "/labels.sst"));
        return Status::Ok();
      }();
    });
    Status mine_status = write_orders(mine, &buffer_, /*count=*/true);
    if (mine_status.ok()) mine_status = WriteTermToId();
    other.join();
    KG_RETURN_IF_ERROR(mine_status);
    KG_RETURN_IF_ERROR(other_status);
    buffer_.clear();
    buffer_.shrink_to_fit();
    for (IndexOrder order : kAllIndexOrders) {
      const auto& files = written[static_cast<int>(order)];
      if (files.empty()) continue;
      AddArg(&args, IndexCf(order), files.front());
      args.back().external_files = files;
    }
    if (labels_wrote) AddArg(&args, Cf::kLabels, tmp_dir_ + "/labels.sst");

    // Dictionary: id2term was written in id order while encoding, one file
    // per id tag so that each is ascending; the files do not overlap.
    std::vector<std::string> id2term_files;
    for (auto& w : id2term_) {
      if (w.writer == nullptr) continue;
      KG_RETURN_IF_ERROR(FromRocks(w.writer->Finish(), "writing id2term"));
      w.writer.reset();
      id2term_files.push_back(w.file);
    }
    if (!id2term_files.empty()) {
      AddArg(&args, Cf::kIdToTerm, id2term_files.front());
      args.back().external_files = id2term_files;
    }
    if (new_terms_.size() > 0) {
      AddArg(&args, Cf::kTermToId, tmp_dir_ + "/term2id.sst");
      summary_.new_terms = new_terms_.size();
    }

    // Statistics: new absolute values of every counter that changed.
    if (summary_.inserted > 0) {
      std::map<std::string, std::uint64_t> values;
      for (auto& [key, delta] : stat_deltas_) {
        std::string v;
        rocksdb::Status s = db_->db->Get(ro_, db_->cf(Cf::kStats), key, &v);
        std::uint64_t cur = s.ok() && v.size() == 8 ? GetU64(v.data()) : 0;
        values[key] = cur + delta;
      }
      std::string file = tmp_dir_ + "/stats.sst";
      KG_ASSIGN_OR_RETURN(auto w, NewWriter(Cf::kStats, file));
      for (auto& [key, n] : values) {
        KG_RETURN_IF_ERROR(
            FromRocks(w->Put(key, U64Bytes(n)), "writing stats"));
      }
      KG_RETURN_IF_ERROR(FromRocks(w->Finish(), "writing stats"));
      AddArg(&args, Cf::kStats, file);
    }

    // Meta: the id counter and the prefixes declared in the input.
    if (next_id_ != first_id_ || !prefixes_.empty()) {
      std::map<std::string, std::string> meta;
      if (next_id_ != first_id_) meta["next_id"] = U64Bytes(next_id_);
      for (auto& [p, iri] : prefixes_) meta["prefix:" + p] = iri;
      std::string file = tmp_dir_ + "/meta.sst";
      KG_ASSIGN_OR_RETURN(auto w, NewWriter(Cf::kMeta, file));
      for (auto& [k, v] : meta) {
        KG_RETURN_IF_ERROR(FromRocks(w->Put(k, v), "writing meta"));
      }
      KG_RETURN_IF_ERROR(FromRocks(w->Finish(), "writing meta"));
      AddArg(&args, Cf::kMeta, file);
    }

    if (const char* pause = std::getenv("KG_TEST_PAUSE_BEFORE_INGEST_MS")) {
      // Test hook for the crash tests: a window in which to kill the loader
      // with every file written and nothing ingested.
      std::fprintf(stderr, "kg-test: ingesting\n");
      std::fflush(stderr);
      std::this_thread::sleep_for(std::chrono::milliseconds(std::atoll(pause)));
    }
    if (!args.empty()) {
      // Every read of the load is done. Without a snapshot of ours, files
      // that overlap nothing (all of them, in a new database) go to the
      // last level with sequence number 0; with one, RocksDB gives them a
      // global sequence number and later rewrites every such file once, in
      // the background, when a writer releases its snapshot.
      if (snapshot_ != nullptr) {
        db_->db->ReleaseSnapshot(snapshot_);
        snapshot_ = nullptr;
        ro_.snapshot = nullptr;
      }
      // The writers' filters do not know the load's keys.
      if (db_->quad_filter) db_->quad_filter->Invalidate();
      if (db_->term_filter) db_->term_filter->Invalidate();
      // One call, all column families: RocksDB commits it atomically.
      rocksdb::Status ingested = db_->db->IngestExternalFiles(args);
      db_->generation.fetch_add(1, std::memory_order_acq_rel);
      KG_RETURN_IF_ERROR(FromRocks(ingested, "ingesting the load"));
      if (db_->sync_commits) {
        KG_RETURN_IF_ERROR(FromRocks(db_->db->SyncWAL(), "syncing"));
      }
    }
    return summary_;
  }

 private:
  // Writes the dictionary's new entries by term (term2id.sst), if any.
  Status WriteTermToId() {
    if (new_terms_.size() == 0) return Status::Ok();
    const std::string file = tmp_dir_ + "/term2id.sst";
    KG_ASSIGN_OR_RETURN(auto w, NewWriter(Cf::kTermToId, file));
    Status status;
    new_terms_.ForEachSorted([&](std::string_view key, TermId id) {
      if (status.ok())
        status = FromRocks(
            w->Put(rocksdb::Slice(key.data(), key.size()), U64Bytes(id)),
            "writing term2id");
    });
    KG_RETURN_IF_ERROR(status);
    return FromRocks(w->Finish(), "writing term2id");
  }

  // Intern() with a one-entry memory per quad position: consecutive quads
  // often share their subject, and nearly always their graph, and the hash
  // lookups of Intern() are the loader's largest cost after sorting.
  Result<TermId> InternAt(int position, const Term& t) {
    LastTerm& last = last_[position];
    if (last.valid && last.term == t) return last.id;
    KG_ASSIGN_OR_RETURN(TermId id, Intern(t));
    last.term = t;
    last.id = id;
    last.valid = true;
    return id;
  }

  Result<TermId> Intern(const Term& t) {
    if (t.is_default_graph()) return kDefaultGraphId;
    if (t.is_literal() && !t.datatype.empty() && t.lang.empty() &&
        t.datatype.size() > kXsd.size() && t.datatype.starts_with(kXsd)) {
      if (auto id = EncodeInline(t)) return *id;
    }
    std::string& key = key_scratch_;
    key.clear();
    AppendTermKey(t, &key);
    if (auto id = new_terms_.Find(key)) return *id;
    if (!store_was_empty_ || first_id_ > 1) {
      // Existing terms: the store's cache of committed ids, shared with
      // transactions (the load holds the writer lock).
      bool in_old = false;
      if (auto id = CachedTermId(db_, key, &in_old)) {
        if (in_old) CacheTermId(db_, key, *id);  // keeps it
        return *id;
      }
      std::string v;
      rocksdb::Status s = db_->db->Get(ro_, db_->cf(Cf::kTermToId), key, &v);
      if (s.ok()) {
        if (v.size() != 8) return Status::Corruption("bad term2id entry");
        TermId id = GetU64(v.data());
        CacheTermId(db_, key, id);
        return id;
      }
      if (!s.IsNotFound()) return FromRocks(s, "dictionary lookup");
    }
    const IdTag tag = DictionaryTag(t);
    TermId id = MakeId(tag, next_id_++);
    TagWriter& w = id2term_[static_cast<int>(tag)];
    if (w.writer == nullptr) {
      w.file =
          fmt::format("{}/id2term-{}.sst", tmp_dir_, static_cast<int>(tag));
      KG_ASSIGN_OR_RETURN(w.writer, NewWriter(Cf::kIdToTerm, w.file));
    }
    KG_RETURN_IF_ERROR(
        FromRocks(w.writer->Put(U64Bytes(id), key), "writing id2term"));
    new_terms_.Insert(key, id);
    return id;
  }

  Result<std::unique_ptr<rocksdb::SstFileWriter>> NewWriter(
      Cf cf, const std::string& file) {
    rocksdb::Options o = IngestFileOptions(*db_, cf);
    // Large loads land in the bottom level: compress as it would be there.
    o.compression = rocksdb::kZSTD;
    auto w = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), o,
                                                      db_->cf(cf));
    KG_RETURN_IF_ERROR(FromRocks(w->Open(file), "creating " + file));
    return w;
  }

  void AddArg(std::vector<rocksdb::IngestExternalFileArg>* args, Cf cf,
              const std::string& file) {
    args->push_back(IngestArg(db_->cf(cf), file));
  }

  // Hands the pending labels to the label thread, after its previous batch.
  Status StartLabels() {
    KG_RETURN_IF_ERROR(WaitLabels());
    label_job_.swap(label_pending_);
    label_pending_.clear();
    label_thread_ = std::thread([this] { label_status_ = MakeLabelKeys(); });
    return Status::Ok();
  }

  Status WaitLabels() {
    if (label_thread_.joinable()) label_thread_.join();
    return label_status_;
  }

  // The label index keys of label_job_'s labels into labels_, spilled as a
  // sorted run beyond a quarter of the sort budget. On the label thread
  // (or at commit): the only code that touches labels_ until then.
  Status MakeLabelKeys() {
    for (const PendingLabel& l : label_job_) {
      const std::size_t before = labels_.size();
      LabelKeys(l.text, l.quad, &labels_);
      for (std::size_t i = before; i < labels_.size(); ++i)
        label_bytes_ += labels_[i].size() + sizeof(std::string);
      if (label_bytes_ >= options_.sort_budget_bytes / 4) {
        KG_RETURN_IF_ERROR(SpillLabels());
      }
    }
    label_job_.clear();
    return Status::Ok();
  }

  Status SpillLabels() {
    std::sort(labels_.begin(), labels_.end());
    std::string path = fmt::format("{}/labels-{}.bin", tmp_dir_, label_runs_);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return Status::IOError("cannot create " + path);
    bool ok = true;
    for (std::size_t i = 0; i < labels_.size() && ok; ++i) {
      if (i > 0 && labels_[i] == labels_[i - 1]) continue;
      const std::uint32_t n = static_cast<std::uint32_t>(labels_[i].size());
      ok = std::fwrite(&n, sizeof n, 1, f) == 1 &&
           std::fwrite(labels_[i].data(), 1, n, f) == n;
    }
    if (std::fclose(f) != 0 || !ok)
      return Status::IOError("cannot write " + path + " (disk full?)");
    ++label_runs_;
    labels_.clear();
    label_bytes_ = 0;
    return Status::Ok();
  }

  // Writes the label index SST: the buffered keys merged with the spilled
  // runs, ascending and distinct. Returns whether any key was written.
  Result<bool> WriteLabels(const std::string& file) {
    if (labels_.empty() && label_runs_ == 0) return false;
    std::sort(labels_.begin(), labels_.end());
    std::vector<std::unique_ptr<LabelRun>> runs;
    for (std::size_t r = 0; r < label_runs_; ++r) {
      runs.push_back(std::make_unique<LabelRun>(
          fmt::format("{}/labels-{}.bin", tmp_dir_, r)));
      if (!runs.back()->ok())
        return Status::IOError("cannot read a sorted run of labels");
    }
    using Entry = std::pair<std::string, std::size_t>;
    auto greater = [](const Entry& a, const Entry& b) {
      return a.first > b.first;
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(greater)> heap(
        greater);
    std::size_t pos = 0;
    auto refill = [&](std::size_t src) {
      if (src == runs.size()) {
        if (pos < labels_.size()) heap.emplace(std::move(labels_[pos++]), src);
        return;
      }
      std::string k;
      if (runs[src]->Next(&k)) heap.emplace(std::move(k), src);
    };
    for (std::size_t i = 0; i <= runs.size(); ++i) refill(i);
    KG_ASSIGN_OR_RETURN(auto writer, NewWriter(Cf::kLabels, file));
    std::string prev;
    bool any = false;
    while (!heap.empty()) {
      Entry e = heap.top();
      heap.pop();
      refill(e.second);
      if (any && e.first == prev) continue;
      KG_RETURN_IF_ERROR(
          FromRocks(writer->Put(e.first, rocksdb::Slice()), "writing labels"));
      prev = std::move(e.first);
      any = true;
    }
    KG_RETURN_IF_ERROR(FromRocks(writer->Finish(), "writing labels"));
    labels_.clear();
    return any;
  }

  // One comparator per order, with the key positions fixed at compile
  // time: the generic IdQuadLessInOrder costs a table lookup and a switch
  // per field, and sorting is a large part of a load.
  template <int A, int B, int C, int D>
  static bool LessIn(const IdQuad& x, const IdQuad& y) {
    const TermId* px = &x.s;
    const TermId* py = &y.s;
    if (px[A] != py[A]) return px[A] < py[A];
    if (px[B] != py[B]) return px[B] < py[B];
    if (px[C] != py[C]) return px[C] < py[C];
    return px[D] < py[D];
  }

  static void SortBuffer(IndexOrder order, std::vector<IdQuad>* buffer) {
    static_assert(offsetof(IdQuad, p) == sizeof(TermId) &&
                  offsetof(IdQuad, o) == 2 * sizeof(TermId) &&
                  offsetof(IdQuad, g) == 3 * sizeof(TermId));
    auto sort = [buffer](auto less) {
      std::sort(buffer->begin(), buffer->end(), less);
    };
    switch (order) {
      case IndexOrder::kSPOG:
        return sort(LessIn<0, 1, 2, 3>);
      case IndexOrder::kPOSG:
        return sort(LessIn<1, 2, 0, 3>);
      case IndexOrder::kOSPG:
        return sort(LessIn<2, 0, 1, 3>);
      case IndexOrder::kGSPO:
        return sort(LessIn<3, 0, 1, 2>);
      case IndexOrder::kGPOS:
        return sort(LessIn<3, 1, 2, 0>);
      case IndexOrder::kGOSP:
        return sort(LessIn<3, 2, 0, 1>);
    }
  }

  // Hands the full buffer to the spill thread, after the previous spill has
  // finished, and goes on with an empty one.
  Status StartSpill() {
    KG_RETURN_IF_ERROR(WaitSpill());
    spill_buffer_.swap(buffer_);
    buffer_.clear();
    buffer_.reserve(spill_buffer_.size());
    const std::size_t run = runs_++;
    ++summary_.spilled_runs;
    spill_thread_ = std::thread([this, run] {
      spill_status_ = SpillRun(run);
      spill_buffer_.clear();
    });
    return Status::Ok();
  }

  // Waits for the spill thread, if one is running; its status.
  Status WaitSpill() {
    if (spill_thread_.joinable()) spill_thread_.join();
    return spill_status_;
  }

  // Sorts spill_buffer_ in every order and writes run `run` of each order.
  // Runs on the spill thread: touches nothing else of the loader.
  Status SpillRun(std::size_t run) {
    for (IndexOrder order : kAllIndexOrders) {
      // The graph-first orders come last, gspo first, and hold no quad of
      // the default graph: sort only the others for them.
      if (order == IndexOrder::kGSPO) DropDefaultGraphQuads(&spill_buffer_);
      SortBuffer(order, &spill_buffer_);
      std::string path = RunPath(order, run);
      std::FILE* f = std::fopen(path.c_str(), "wb");
      if (f == nullptr) return Status::IOError("cannot create " + path);
      std::vector<OrderedQuad> chunk;
      chunk.reserve(kSpillChunk);
      bool ok = true;
      auto flush = [&] {
        ok = ok && std::fwrite(chunk.data(), sizeof(OrderedQuad), chunk.size(),
                               f) == chunk.size();
        chunk.clear();
      };
      const IdQuad* prev = nullptr;
      for (const IdQuad& q : spill_buffer_) {
        if (prev != nullptr && *prev == q) continue;
        prev = &q;
        chunk.push_back(Ordered(order, q));
        if (chunk.size() == kSpillChunk) flush();
      }
      flush();
      if (!ok) {
        std::fclose(f);
        return Status::IOError("cannot write " + path + " (disk full?)");
      }
      if (std::fclose(f) != 0) return Status::IOError("cannot write " + path);
    }
    return Status::Ok();
  }

  std::string RunPath(IndexOrder order, std::size_t run) const {
    return fmt::format("{}/run-{}-{}.bin", tmp_dir_, IndexOrderName(order),
                       run);
  }

  // Feeds every distinct quad of `order` in ascending order to `emit`
  // (Status(const OrderedQuad&)): straight from `buffer`, sorted here, or
  // merged with the spilled runs.
  template <class Emit>
  Status ForEachKey(IndexOrder order, std::vector<IdQuad>* buffer,
                    Emit&& emit) {
    SortBuffer(order, buffer);
    if (runs_ == 0) {
      const IdQuad* prev = nullptr;
      for (const IdQuad& q : *buffer) {
        if (prev != nullptr && *prev == q) continue;
        prev = &q;
        KG_RETURN_IF_ERROR(emit(Ordered(order, q)));
      }
      return Status::Ok();
    }
    std::vector<std::unique_ptr<FileRun>> runs;
    for (std::size_t r = 0; r < runs_; ++r) {
      runs.push_back(std::make_unique<FileRun>(RunPath(order, r)));
      if (!runs.back()->ok())
        return Status::IOError("cannot read a sorted run");
    }
    // Heap entries: (quad, source); source == runs.size() is the buffer.
    using Entry = std::pair<OrderedQuad, std::size_t>;
    auto greater = [](const Entry& a, const Entry& b) {
      return a.first > b.first;
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(greater)> heap(
        greater);
    std::size_t buf_pos = 0;
    auto refill = [&](std::size_t src) {
      OrderedQuad q;
      if (src == runs.size()) {
        if (buf_pos < buffer->size())
          heap.emplace(Ordered(order, (*buffer)[buf_pos++]), src);
      } else if (runs[src]->Next(&q)) {
        heap.emplace(q, src);
      }
    };
    for (std::size_t i = 0; i <= runs.size(); ++i) refill(i);
    bool have_prev = false;
    OrderedQuad prev{};
    while (!heap.empty()) {
      const Entry e = heap.top();
      heap.pop();
      refill(e.second);
      if (have_prev && e.first == prev) continue;
      prev = e.first;
      have_prev = true;
      KG_RETURN_IF_ERROR(emit(e.first));
    }
    for (const auto& run : runs) {
      if (run->error()) return Status::IOError("cannot read a sorted run");
    }
    return Status::Ok();
  }

  // A forward-only probe of an existing index: does the store already hold
  // a key with `prefix`? Targets must not decrease between calls.
  struct Probe {
    std::unique_ptr<rocksdb::Iterator> it;
    bool Has(const char* prefix, std::size_t n) {
      rocksdb::Slice target(prefix, n);
      if (!it->Valid() || it->key().compare(target) < 0) it->Seek(target);
      return it->Valid() && it->key().starts_with(target);
    }
  };

  // Writes the SST files of one index order from `buffer` and the spilled
  // runs, a new file (`base`.N.sst) once one reaches
  // options_.index_file_bytes: each file has a whole-file bloom filter of 10
  // bits per key (12.5 MB for the 10M keys of a 60 MB spog file), and a
  // filter larger than a block-cache shard (32 MiB, store/db.cc) would be
  // evicted after every use and read again from disk. With `count`,
  // for spog and posg also counts what is new and the statistics deltas (so
  // only one thread may pass it). Returns the files written, in key order.
  Result<std::vector<std::string>> WriteIndex(IndexOrder order,
                                              const std::string& base,
                                              std::vector<IdQuad>* buffer,
                                              bool count) {
    std::unique_ptr<rocksdb::SstFileWriter> writer;
    std::vector<std::string> files;
    const bool count_quads = count && order == IndexOrder::kSPOG;
    const bool count_objects = count && order == IndexOrder::kPOSG;
    Probe probe;
    if (!store_was_empty_ && (count_quads || count_objects)) {
      probe.it.reset(db_->db->NewIterator(ro_, db_->cf(IndexCf(order))));
    }
    // Counted here, added to stat_deltas_ at the end: per predicate the new
    // groups ('S' or 'O') and quads ('p'), per graph the quads ('g').
    std::unordered_map<TermId, std::uint64_t> groups, per_p, per_g;
    std::uint64_t inserted = 0;
    OrderedQuad group{};
    bool have_group = false;
    // Where the predicate sits in this order's keys.
    const int* pos = kOrderPositions[static_cast<int>(order)];
    const int p_at = static_cast<int>(std::find(pos, pos + 4, 1) - pos);
    char k[32];
    KG_RETURN_IF_ERROR(
        ForEachKey(order, buffer, [&](const OrderedQuad& oq) -> Status {
          if (writer != nullptr &&
              writer->FileSize() >= options_.index_file_bytes) {
            KG_RETURN_IF_ERROR(FromRocks(writer->Finish(), "writing index"));
            writer.reset();
          }
          if (writer == nullptr) {
            files.push_back(fmt::format("{}.{}.sst", base, files.size()));
            KG_ASSIGN_OR_RETURN(writer,
                                NewWriter(IndexCf(order), files.back()));
          }
          KeyOf(oq, k);
          KG_RETURN_IF_ERROR(FromRocks(
              writer->Put(rocksdb::Slice(k, sizeof k), rocksdb::Slice()),
              "writing index"));
          if (!count_quads && !count_objects) return Status::Ok();
          // spog: (s, p) groups give distinct subjects; posg: (p, o) groups
          // give distinct objects. A group counts when the store had none of
          // it.
          const bool new_group =
              !have_group || group.v[0] != oq.v[0] || group.v[1] != oq.v[1];
          const TermId p = oq.v[p_at];
          if (new_group) {
            group = oq;
            have_group = true;
            if (probe.it == nullptr || !probe.Has(k, 16)) ++groups[p];
          }
          if (count_quads) {
            if (probe.it != nullptr && probe.Has(k, 32)) return Status::Ok();
            ++inserted;
            ++per_p[p];
            ++per_g[oq.v[3]];
          }
          return Status::Ok();
        }));
    if (writer != nullptr) {
      KG_RETURN_IF_ERROR(FromRocks(writer->Finish(), "writing index"));
    }
    for (const auto& [p, n] : groups)
      stat_deltas_[StatKey(count_quads ? 'S' : 'O', p)] += n;
    for (const auto& [p, n] : per_p) stat_deltas_[StatKey('p', p)] += n;
    for (const auto& [g, n] : per_g) stat_deltas_[StatKey('g', g)] += n;
    if (inserted > 0) {
      summary_.inserted += inserted;
      stat_deltas_["total"] += inserted;
    }
    return files;
  }

  QuadStore* store_;
  Db* db_;
  BulkLoadOptions options_;
  std::unique_lock<std::timed_mutex> lock_;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  rocksdb::ReadOptions ro_;
  std::string tmp_dir_;
  bool store_was_empty_ = true;
  bool committed_ = false;
  std::uint64_t next_id_ = 1, first_id_ = 1;
  std::size_t max_buffered_ = 0;
  std::vector<IdQuad> buffer_;
  std::size_t runs_ = 0;
  static constexpr std::size_t kSpillChunk = 32768;  // quads per write
  // The buffer being spilled, by spill_thread_, and how that went.
  std::vector<IdQuad> spill_buffer_;
  std::thread spill_thread_;
  Status spill_status_;
  struct LastTerm {
    bool valid = false;
    Term term;
    TermId id = 0;
  };
  LastTerm last_[4];
  TermIdMap new_terms_;
  std::string key_scratch_;
  struct TagWriter {
    std::unique_ptr<rocksdb::SstFileWriter> writer;
    std::string file;
  };
  // Indexed by IdTag: kIri, kBlank, kLiteral (index 0 unused).
  std::array<TagWriter, 4> id2term_;
  std::map<std::string, std::string> prefixes_;
  std::map<std::string, std::uint64_t> stat_deltas_;
  LoadSummary summary_;
  // Label index keys not yet spilled, their approximate bytes, and runs.
  std::vector<std::string> labels_;
  std::size_t label_bytes_ = 0;
  std::size_t label_runs_ = 0;
  // Labels whose keys are still to be made: filling, and being made by
  // label_thread_.
  struct PendingLabel {
    std::string text;
    IdQuad quad;
  };
  static constexpr std::size_t kLabelBatch = 8192;
  std::vector<PendingLabel> label_pending_, label_job_;
  std::thread label_thread_;
  Status label_status_;
};

}  // namespace

Result<std::unique_ptr<BulkLoad>> QuadStore::BeginBulkLoad(
    const BulkLoadOptions& options) {
  if (read_only())
    return Status::NotSupported("the database is open read-only");
  KG_ASSIGN_OR_RETURN(std::unique_lock<std::timed_mutex> lock, LockWriter());
  auto loader = std::make_unique<BulkLoader>(this, options, std::move(lock));
  KG_RETURN_IF_ERROR(loader->Init());
  return std::unique_ptr<BulkLoad>(std::move(loader));
}

}  // namespace kg::store
