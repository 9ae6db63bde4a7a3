// Compact (reclaim unused dictionary entries, compact the files), Backup (a
// RocksDB checkpoint of the live database) and Restore (copy, check, then
// rename into place).
#include "store/maintenance.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <rocksdb/iterator.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <filesystem>
#include <limits>
#include <memory>
#include <random>
#include <vector>

#include "store/db.h"
#include "store/quad_store.h"

namespace kg::store {
namespace fs = std::filesystem;

std::uint64_t DirectoryBytes(const std::string& path) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(path, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code fec;
    // Files may vanish under a live database (obsolete SSTs, old WALs).
    if (it->is_regular_file(fec)) {
      std::uintmax_t n = it->file_size(fec);
      if (!fec) total += n;
    }
  }
  return total;
}

namespace {

// A dictionary batch grows by about the term keys it deletes; beyond this
// many bytes it is written and a new one begun, so that memory stays bounded
// however many terms a compaction reclaims. Each batch is complete on its
// own (both directions of its terms and the counter), so a crash between
// two leaves a consistent database with fewer terms reclaimed.
constexpr std::size_t kMaxBatchBytes = std::size_t{64} << 20;

// The distinct ids that follow `prefix` at the start of the keys of one
// column family, walked forward in step with ascending probes: a probe
// seeks only when the iterator lies behind it, so one pass over the
// dictionary costs at most one seek per dictionary id and per distinct id.
class LeadIds {
 public:
  LeadIds(Db* db, Cf cf, rocksdb::ReadOptions ro, std::string prefix)
      : prefix_(std::move(prefix)) {
    if (!prefix_.empty()) {
      // Every prefix used is one byte below 0xff.
      upper_ = prefix_;
      upper_.back() = static_cast<char>(upper_.back() + 1);
      upper_slice_ = rocksdb::Slice(upper_);
      ro.iterate_upper_bound = &upper_slice_;
    }
    it_.reset(db->db->NewIterator(ro, db->cf(cf)));
    name_ = CfName(cf);
  }
  LeadIds(const LeadIds&) = delete;
  LeadIds& operator=(const LeadIds&) = delete;

  // Whether some key starts with prefix + id. REQUIRES: ids ascend from
  // call to call.
  Result<bool> Contains(TermId id) {
    if (at_end_) return false;
    if (!positioned_ || lead_ < id) {
      std::string target = prefix_ + U64Bytes(id);
      it_->Seek(target);
      positioned_ = true;
      if (!it_->Valid()) {
        KG_RETURN_IF_ERROR(FromRocks(it_->status(), "compact: scanning"));
        at_end_ = true;
        return false;
      }
      rocksdb::Slice k = it_->key();
      if (k.size() < prefix_.size() + 8) {
        return Status::Corruption(
            fmt::format("compact: key of {} bytes in {}", k.size(), name_));
      }
      lead_ = GetU64(k.data() + prefix_.size());
    }
    return lead_ == id;
  }

 private:
  std::string prefix_, upper_;
  rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
  const char* name_;
  bool positioned_ = false;
  bool at_end_ = false;
  TermId lead_ = 0;
};

class SnapshotGuard {
 public:
  explicit SnapshotGuard(Db* db) : db_(db), snap_(db->db->GetSnapshot()) {}
  ~SnapshotGuard() { db_->db->ReleaseSnapshot(snap_); }
  const rocksdb::Snapshot* get() const { return snap_; }

 private:
  Db* db_;
  const rocksdb::Snapshot* snap_;
};

Result<std::uint64_t> ReadMetaU64(Db* db, const rocksdb::ReadOptions& ro,
                                  std::string_view key) {
  std::string v;
  rocksdb::Status s =
      db->db->Get(ro, db->cf(Cf::kMeta), rocksdb::Slice(key), &v);
  if (s.IsNotFound()) return std::uint64_t{0};
  KG_RETURN_IF_ERROR(FromRocks(s, fmt::format("reading meta {}", key)));
  if (v.size() != 8) {
    return Status::Corruption(fmt::format("bad meta entry {}", key));
  }
  return GetU64(v.data());
}

// Finds the unused dictionary ids under one snapshot and deletes them.
// REQUIRES: the caller holds the writer lock.
Status ReclaimTerms(Db* db, CompactSummary* summary) {
  SnapshotGuard snap(db);
  rocksdb::ReadOptions ro;
  ro.snapshot = snap.get();
  ro.fill_cache = false;
  KG_ASSIGN_OR_RETURN(const std::uint64_t reclaimed_before,
                      ReadMetaU64(db, ro, kTermsReclaimedKey));

  // Where an id can be named: the leading position of spog, posg, ospg and
  // gspo covers subject, predicate, object and graph. Quad counters ('p',
  // 'g') are decoded by Stats(), so a term one names is kept even when no
  // quad uses it (a wrong counter, which Check reports).
  std::vector<std::unique_ptr<LeadIds>> uses;
  for (Cf cf : {Cf::kSpog, Cf::kOspg, Cf::kPosg, Cf::kGspo}) {
    rocksdb::ReadOptions iro = ro;
    iro.readahead_size = 2 << 20;
    uses.push_back(std::make_unique<LeadIds>(db, cf, iro, ""));
  }
  for (char kind : {'p', 'g'}) {
    uses.push_back(
        std::make_unique<LeadIds>(db, Cf::kStats, ro, std::string(1, kind)));
  }
  // Distinct counts of a predicate stay behind when its last quad is
  // removed by a commit; they go with the predicate's entry.
  std::vector<std::pair<char, std::unique_ptr<LeadIds>>> distinct_counts;
  for (char kind : {'S', 'O'}) {
    distinct_counts.emplace_back(
        kind,
        std::make_unique<LeadIds>(db, Cf::kStats, ro, std::string(1, kind)));
  }

  rocksdb::WriteOptions wo;
  wo.sync = db->sync_commits;
  rocksdb::WriteBatch batch;
  std::uint64_t pending = 0;
  auto write_batch = [&]() -> Status {
    summary->terms_reclaimed += pending;
    pending = 0;
    batch.Put(db->cf(Cf::kMeta), kTermsReclaimedKey,
              U64Bytes(reclaimed_before + summary->terms_reclaimed));
    KG_RETURN_IF_ERROR(
        FromRocks(db->db->Write(wo, &batch), "compact: deleting terms"));
    batch.Clear();
    return Status::Ok();
  };

  std::unique_ptr<rocksdb::Iterator> dict(
      db->db->NewIterator(ro, db->cf(Cf::kIdToTerm)));
  std::string back;
  for (dict->SeekToFirst(); dict->Valid(); dict->Next()) {
    rocksdb::Slice key = dict->key();
    if (key.size() != 8) {
      return Status::Corruption(
          fmt::format("compact: id2term key of {} bytes", key.size()));
    }
    ++summary->terms_before;
    const TermId id = GetU64(key.data());
    bool used = false;
    for (auto& u : uses) {
      KG_ASSIGN_OR_RETURN(used, u->Contains(id));
      if (used) break;
    }
    if (used) continue;
    // Delete term2id's entry only when it names this id: a damaged
    // dictionary must not lose another term's mapping here.
    rocksdb::Status s =
        db->db->Get(ro, db->cf(Cf::kTermToId), dict->value(), &back);
    if (!s.IsNotFound()) {
      KG_RETURN_IF_ERROR(FromRocks(s, "compact: dictionary lookup"));
      if (back.size() == 8 && GetU64(back.data()) == id) {
        batch.Delete(db->cf(Cf::kTermToId), dict->value());
      }
    }
    batch.Delete(db->cf(Cf::kIdToTerm), key);
    for (auto& [kind, counts] : distinct_counts) {
      KG_ASSIGN_OR_RETURN(bool counted, counts->Contains(id));
      if (counted) batch.Delete(db->cf(Cf::kStats), StatKey(kind, id));
    }
    ++pending;
    if (batch.GetDataSize() >= kMaxBatchBytes) {
      KG_RETURN_IF_ERROR(write_batch());
    }
  }
  KG_RETURN_IF_ERROR(FromRocks(dict->status(), "compact: dictionary scan"));
  if (pending > 0) KG_RETURN_IF_ERROR(write_batch());
  return Status::Ok();
}

// Flushes every memtable and compacts every column family down to the
// bottommost level, rewriting files whose keys were deleted.
Status CompactFiles(Db* db) {
  std::vector<rocksdb::ColumnFamilyHandle*> all(db->cfs.begin(), db->cfs.end());
  rocksdb::FlushOptions fo;
  fo.wait = true;
  KG_RETURN_IF_ERROR(FromRocks(db->db->Flush(fo, all), "compact: flushing"));
  rocksdb::CompactRangeOptions co;
  co.bottommost_level_compaction =
      rocksdb::BottommostLevelCompaction::kForceOptimized;
  for (int i = 0; i < kCfCount; ++i) {
    KG_RETURN_IF_ERROR(FromRocks(
        db->db->CompactRange(co, db->cfs[i], nullptr, nullptr),
        fmt::format("compact: compacting {}", CfName(static_cast<Cf>(i)))));
  }
  return Status::Ok();
}

// `dir` without trailing slashes (RocksDB appends ".tmp" to the name).
std::string TrimSlashes(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

Status SyncPath(const fs::path& p, bool directory) {
  int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) {
    return Status::IOError(fmt::format("cannot open {} to sync", p.string()));
  }
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0)
    return Status::IOError(fmt::format("cannot sync {}", p.string()));
  return Status::Ok();
}

// Removes a folder on destruction unless released.
class RemoveOnExit {
 public:
  explicit RemoveOnExit(fs::path p) : path_(std::move(p)) {}
  ~RemoveOnExit() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  void Release() { path_.clear(); }

 private:
  fs::path path_;
};

// Copies the files of the database at `from` into the new folder `to`,
// each synced. LOCK and the info logs belong to the process that had the
// database open and are not part of it.
Status CopyDatabaseFiles(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directory(to, ec);
  if (ec) {
    return Status::IOError(
        fmt::format("cannot create {}: {}", to.string(), ec.message()));
  }
  for (auto it = fs::directory_iterator(from, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!it->is_regular_file(ec) || name == "LOCK" || name.rfind("LOG", 0) == 0)
      continue;
    fs::copy_file(it->path(), to / name, ec);
    if (ec) {
      return Status::IOError(
          fmt::format("cannot copy {}: {}", it->path().string(), ec.message()));
    }
    KG_RETURN_IF_ERROR(SyncPath(to / name, false));
  }
  if (ec) {
    return Status::IOError(
        fmt::format("cannot read {}: {}", from.string(), ec.message()));
  }
  return SyncPath(to, true);
}

}  // namespace

Result<CompactSummary> CompactStore(QuadStore* store) {
  if (store->read_only()) {
    return Status::NotSupported(
        fmt::format("{} is open read-only; compact it from the process that "
                    "holds it, or when no process has it open",
                    store->path()));
  }
  Db* db = store->db();
  CompactSummary summary;
  {
    KG_ASSIGN_OR_RETURN(std::unique_lock<std::timed_mutex> lock,
                        store->LockWriter());
    summary.bytes_before = DirectoryBytes(store->path());
    Status reclaimed = ReclaimTerms(db, &summary);
    // Reclaimed terms leave the caches of term ids and of terms, also
    // after a failure part-way (a term that comes back gets a new id).
    db->term_ids->Clear();
    db->id_terms->EraseUnRefEntries();
    KG_RETURN_IF_ERROR(reclaimed);
  }
  // The files are compacted beside new commits: the dictionary is already
  // consistent, and RocksDB compacts under writes.
  KG_RETURN_IF_ERROR(CompactFiles(db));
  summary.bytes_after = DirectoryBytes(store->path());
  return summary;
}

Status BackupStore(const QuadStore& store, const std::string& dir_arg) {
  if (dir_arg.empty()) {
    return Status::InvalidArgument("backup: no folder given");
  }
  const std::string dir = TrimSlashes(dir_arg);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec))) {
    return Status::InvalidArgument(
        fmt::format("{} exists; a backup goes into a new folder", dir));
  }
  const fs::path parent = fs::path(dir).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    return Status::InvalidArgument(
        fmt::format("cannot back up to {}: folder {} does not exist", dir,
                    parent.string()));
  }
  Db* db = store.db();
  if (db->secondary) {
    return Status::NotSupported(fmt::format(
        "{} is open read-only beside the process that holds it; back it up "
        "from that process (.backup in its shell) or when no process has it "
        "open",
        store.path()));
  }
  rocksdb::Checkpoint* raw = nullptr;
  KG_RETURN_IF_ERROR(
      FromRocks(rocksdb::Checkpoint::Create(db->db, &raw), "backup"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // 0: flush the memtables first, so that the copy needs little WAL. A
  // read-only database cannot flush; its WAL is copied as it is.
  const std::uint64_t log_size_for_flush =
      store.read_only() ? std::numeric_limits<std::uint64_t>::max() : 0;
  return FromRocks(checkpoint->CreateCheckpoint(dir, log_size_for_flush),
                   fmt::format("backup to {}", dir));
}

Status RestoreStore(const std::string& backup_arg,
                    const std::string& path_arg) {
  const std::string backup_dir = TrimSlashes(backup_arg);
  const std::string path = TrimSlashes(path_arg);
  if (backup_dir.empty() || path.empty()) {
    return Status::InvalidArgument("restore: a backup folder and a target");
  }
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    return Status::InvalidArgument(
        fmt::format("{} exists; restore makes a new database", path));
  }
  if (!fs::exists(fs::path(backup_dir) / "CURRENT", ec)) {
    return Status::NotFound(fmt::format("no kg database at {}", backup_dir));
  }
  if (long pid = LockHolderPid(backup_dir); pid != 0) {
    return Status::Busy(fmt::format(
        "database {} in use by pid {}; restore from a copy no process has "
        "open",
        backup_dir, pid));
  }
  const fs::path target = fs::absolute(path, ec);
  if (ec || !fs::is_directory(target.parent_path(), ec)) {
    return Status::InvalidArgument(
        fmt::format("cannot restore to {}: folder {} does not exist", path,
                    target.parent_path().string()));
  }
  // A hidden folder beside the target, so that the final rename is atomic.
  std::random_device rd;
  const fs::path staging =
      target.parent_path() / fmt::format(".{}.restoring-{}-{:x}",
                                         target.filename().string(), ::getpid(),
                                         rd());
  RemoveOnExit cleanup(staging);
  KG_RETURN_IF_ERROR(CopyDatabaseFiles(backup_dir, staging));
  {
    StoreOptions options;  // read-write: the copy is the new database
    KG_ASSIGN_OR_RETURN(std::unique_ptr<QuadStore> copy,
                        QuadStore::Open(staging.string(), options));
    KG_ASSIGN_OR_RETURN(CheckReport report, copy->Check());
    if (!report.ok()) {
      std::string problems;
      for (std::size_t i = 0; i < report.problems.size() && i < 3; ++i) {
        problems += (i ? "; " : "") + report.problems[i];
      }
      return Status::Corruption(
          fmt::format("{} fails its check, nothing restored: {}{}", backup_dir,
                      problems, report.problems.size() > 3 ? "; ..." : ""));
    }
  }
  if (fs::exists(fs::symlink_status(target, ec))) {
    return Status::InvalidArgument(
        fmt::format("{} exists; restore makes a new database", path));
  }
  fs::rename(staging, target, ec);
  if (ec) {
    return Status::IOError(fmt::format("cannot rename {} to {}: {}",
                                       staging.string(), path, ec.message()));
  }
  cleanup.Release();
  return SyncPath(target.parent_path(), true);
}

}  // namespace kg::store
