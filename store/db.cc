// Opening the RocksDB database: column families and their options under one
// memory budget, the process lock, secondary (read-only) mode, and the
// format version check.
#include "store/db.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <vector>

namespace kg::store {
namespace fs = std::filesystem;

const char* CfName(Cf cf) {
  static constexpr const char* kNames[kCfCount] = {
      "default", "meta", "term2id", "id2term", "stats", "spog",
      "posg",    "ospg", "gspo",    "gpos",    "gosp",  "labels"};
  return kNames[static_cast<int>(cf)];
}

Db::~Db() {
  // Their builds read the database.
  quad_filter.reset();
  term_filter.reset();
  if (db != nullptr) {
    for (auto* h : cfs) {
      if (h != nullptr) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    db->Close().PermitUncheckedError();
    delete db;
  }
  std::error_code ec;
  if (!secondary_dir.empty()) fs::remove_all(secondary_dir, ec);
  if (!commit_dir.empty()) fs::remove_all(commit_dir, ec);
}

bool CachedTerm(Db* db, TermId id, Term* term) {
  const std::string key = U64Bytes(id);
  rocksdb::Cache::Handle* h = db->id_terms->Lookup(key);
  if (h == nullptr) return false;
  *term = *static_cast<const Term*>(db->id_terms->Value(h));
  db->id_terms->Release(h);
  return true;
}

std::size_t CacheTerm(Db* db, TermId id, const Term& term) {
  static constexpr rocksdb::Cache::DeleterFn kDelete = [](const rocksdb::Slice&,
                                                          void* value) {
    delete static_cast<Term*>(value);
  };
  // RocksDB adds the size of its own entry (full metadata charge).
  const std::size_t charge = sizeof(Term) + term.lexical.size() +
                             term.datatype.size() + term.lang.size();
  db->id_terms->Insert(U64Bytes(id), new Term(term), charge, kDelete)
      .PermitUncheckedError();
  return charge;
}

namespace {

// A writable file whose Sync and Fsync start the write-back of what was
// written (sync_file_range) instead of waiting for it and then for the
// device to flush its cache. For the SST files that bulk loads and large
// commits ingest (IngestFileOptions): when IngestExternalFiles links such
// a file into the database (move_files), it reopens and fsyncs it there
// before the MANIFEST names it, so that sync,
// not the writer's, is what makes the file durable (RocksDB does not trust
// the caller to have synced an ingested file). The writer's own sync cost a
// device cache flush per file (each file was synced twice), and the
// request thread waited for them: in a bulk INSERT DATA stream of 1.5M
// triples onto 1M it was blocked 2.94 s in all, 1.81 s without them
// (perf sched); 4 alternated runs each, 162,484 -> 179,857 triples/s. The
// power-loss test of large commits (tests/unit/store/durability_test.cc)
// fails if the ingestion's sync is not a real one.
class WritebackFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  using FSWritableFileOwnerWrapper::FSWritableFileOwnerWrapper;
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o,
                         rocksdb::IODebugContext* d) override {
    return StartWriteback(o, d);
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o,
                          rocksdb::IODebugContext* d) override {
    return StartWriteback(o, d);
  }

 private:
  rocksdb::IOStatus StartWriteback(const rocksdb::IOOptions& o,
                                   rocksdb::IODebugContext* d) {
    return target()->RangeSync(0, target()->GetFileSize(o, d), o, d);
  }
};

class WritebackFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  const char* Name() const override { return "kg-writeback"; }
  rocksdb::IOStatus NewWritableFile(const std::string& f,
                                    const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* d) override {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    rocksdb::IOStatus s = target()->NewWritableFile(f, o, &file, d);
    if (s.ok()) *r = std::make_unique<WritebackFile>(std::move(file));
    return s;
  }
};

std::unique_ptr<rocksdb::Env> NewIngestEnv(rocksdb::Env* env) {
  return rocksdb::NewCompositeEnv(
      std::make_shared<WritebackFileSystem>(env->GetFileSystem()));
}

}  // namespace

rocksdb::Options IngestFileOptions(const Db& db, Cf cf) {
  rocksdb::Options o(db.db->GetDBOptions(), db.db->GetOptions(db.cf(cf)));
  o.env = db.ingest_env.get();
  return o;
}

rocksdb::IngestExternalFileArg IngestArg(rocksdb::ColumnFamilyHandle* cf,
                                         std::string file) {
  rocksdb::IngestExternalFileArg arg;
  arg.column_family = cf;
  arg.external_files.push_back(std::move(file));
  arg.options.move_files = true;
  arg.options.snapshot_consistency = true;
  arg.options.allow_global_seqno = true;
  // The sequence number goes to the MANIFEST only, not into the file (an
  // extra write and sync per file; only RocksDB before 5.16 needs it there).
  arg.options.write_global_seqno = false;
  arg.options.allow_blocking_flush = true;
  return arg;
}

Status FromRocksError(const rocksdb::Status& s, std::string_view what) {
  std::string msg = fmt::format("{}: {}", what, s.ToString());
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsIOError()) return Status::IOError(msg);
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain()) return Status::Busy(msg);
  if (s.IsNotSupported()) return Status::NotSupported(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  if (s.IsAborted()) return Status::Aborted(msg);
  return Status::Internal(msg);
}

long LockHolderPid(const std::string& path) {
  std::string lock = path + "/LOCK";
  int fd = ::open(lock.c_str(), O_RDONLY);
  if (fd < 0) return 0;
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  long pid = 0;
  if (::fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) pid = fl.l_pid;
  ::close(fd);
  return pid;
}

namespace {

std::unique_ptr<rocksdb::Env>& TestEnv() {
  static std::unique_ptr<rocksdb::Env> env;
  return env;
}

}  // namespace

void SetFileSystemForTesting(std::shared_ptr<rocksdb::FileSystem> fs) {
  TestEnv() = fs ? rocksdb::NewCompositeEnv(fs) : nullptr;
}

namespace {

rocksdb::ColumnFamilyOptions CfOptions(Cf cf, const Db& db) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = db.block_cache;
  t.cache_index_and_filter_blocks = true;
  t.pin_l0_filter_and_index_blocks_in_cache = true;
  t.format_version = 5;
  // Keys share long prefixes (ids of the leading positions): restart the
  // prefix-delta encoding rarely for the key-only index families.
  t.block_restart_interval = cf >= Cf::kSpog && cf <= Cf::kGosp ? 32 : 16;
  t.block_size = 16 * 1024;
  if (cf == Cf::kTermToId || cf == Cf::kIdToTerm || cf == Cf::kSpog) {
    // Point lookups dominate: bloom filters on whole keys. For spog they
    // answer "is this quad there?" for every quad a transaction adds or
    // removes, almost always "no" for new data.
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  // Universal (tiered) compaction. Every large commit ingests one file per
  // family, and in the p-, o- and g-first orders (and the dictionary) each
  // file spans the whole key range: leveled compaction rewrote the entire
  // last level every few requests, a compaction thread as busy as the
  // request thread. Merging runs of similar size rewrites each key a few
  // times in all (docs/storage-format.md). A bulk INSERT DATA stream of 1M
  // triples onto 1M: process CPU about 24 -> 17 s (docs/benchmarks.md).
  //
  // Two families are read by every write: spog (is the quad there?) and
  // term2id (is the term known?). A read probes every sorted run, so they
  // merge early (4 runs at a time once they hold 8). The others are read
  // only by queries and merge late (16 at a time once they hold 32), each
  // key rewritten fewer times. A stream of 5M triples onto 1M, 2 runs each,
  // with the compaction threads below: 106,768 -> 117,463 triples/s.
  const bool read_by_writes = cf == Cf::kSpog || cf == Cf::kTermToId;
  const int trigger = read_by_writes ? 8 : 32;
  o.compaction_style = rocksdb::kCompactionStyleUniversal;
  o.compaction_options_universal.min_merge_width = trigger / 2;
  o.level0_file_num_compaction_trigger = trigger;
  o.level0_slowdown_writes_trigger = 3 * trigger;
  o.level0_stop_writes_trigger = 5 * trigger;
  return o;
}

Status ReadFormat(Db* d, const std::string& path) {
  std::string v;
  rocksdb::Status s =
      d->db->Get(rocksdb::ReadOptions(), d->cf(Cf::kMeta), "format", &v);
  if (s.IsNotFound()) {
    return Status::Corruption(fmt::format(
        "{} is a RocksDB database without a kg format version (if a kg load "
        "creating it was interrupted, run that kg load again)",
        path));
  }
  KG_RETURN_IF_ERROR(FromRocks(s, "reading the format version"));
  if (v.size() != 8) return Status::Corruption("bad format version entry");
  std::uint64_t version = GetU64(v.data());
  if (version != kFormatVersion) {
    return Status::NotSupported(fmt::format(
        "{} has storage format version {}; this kg reads version {} only", path,
        version, kFormatVersion));
  }
  return Status::Ok();
}

}  // namespace

namespace {

// An LRU cache of `bytes` in shards of at least `min_shard` bytes (at most
// 64 shards).
std::shared_ptr<rocksdb::Cache> NewCache(std::size_t bytes,
                                         std::size_t min_shard) {
  int shard_bits = 0;
  while (shard_bits < 6 && (bytes >> (shard_bits + 1)) >= min_shard)
    ++shard_bits;
  return rocksdb::NewLRUCache(bytes, shard_bits);
}

}  // namespace

Result<std::unique_ptr<Db>> OpenDb(const std::string& path,
                                   const StoreOptions& options) {
  std::error_code ec;
  bool exists = fs::exists(fs::path(path) / "CURRENT", ec);
  if (!exists) {
    if (!options.create_if_missing || options.read_only) {
      return Status::NotFound(fmt::format("no kg database at {}", path));
    }
  }
  long holder = exists ? LockHolderPid(path) : 0;
  if (holder != 0 && !options.read_only) {
    return Status::Busy(
        fmt::format("database {} in use by pid {}", path, holder));
  }

  auto d = std::make_unique<Db>();
  d->sync_commits = options.sync_commits;
  d->readers_yield = options.readers_yield_to_writers;
  std::size_t budget =
      std::max<std::size_t>(options.memory_budget_bytes, 16u << 20);
  // Shards of at least 32 MiB: a block bigger than its shard is dropped
  // as soon as it is released and read again on every use. Whole-file
  // bloom filters reach several MiB (10 bits per key; a bulk load writes
  // index files of up to 64 MB, about 12 MB of filter each), far past the
  // 2 MiB shards of RocksDB's default of 64 for a 128 MiB cache. A bulk INSERT
  // DATA stream re-read the filters of its presence checks from disk: 5M
  // triples in 10,000-triple requests went from about 40,000 to 67,000
  // triples/s with this.
  d->block_cache = NewCache(budget / 2, std::size_t{32} << 20);
  d->write_buffers =
      std::make_shared<rocksdb::WriteBufferManager>(budget / 4, d->block_cache);
  // A quarter for the writers' cache of term ids (it grows only with the
  // terms a writer reads or creates: read-only processes do not fill it).
  // An eighth held too few of the terms a long INSERT DATA stream names
  // again: 3M triples onto 1M, 3 alternated runs each, 105,815 -> 110,549
  // triples/s (docs/benchmarks.md, session 12). The parts now add up to the
  // budget (the write buffers are charged to the block cache).
  d->term_ids = std::make_unique<TermIdCache>(budget / 4);
  // Shards of at least 4 MiB, where RocksDB would make 64 of 512 KiB.
  d->id_terms = NewCache(budget / 8, std::size_t{4} << 20);
  // Writers' Bloom filters: up to 16 MiB each at the default budget.
  if (!options.read_only) {
    d->quad_filter = NewQuadFilter(d.get(), budget / 16);
    d->term_filter = NewTermFilter(d.get(), budget / 16);
  }

  rocksdb::DBOptions dbo;
  dbo.create_if_missing = options.create_if_missing;
  dbo.create_missing_column_families = true;
  dbo.avoid_flush_during_recovery = true;
  dbo.write_buffer_manager = d->write_buffers;
  // One flush and three compaction threads, the compactions at the lowest
  // CPU priority (nice 19): the families compact side by side on whatever
  // CPU the writer and the readers leave, instead of queueing behind one
  // thread while their runs pile up (docs/storage-format.md). On a machine
  // whose CPUs are kept busy, compaction falls behind: reads probe more
  // runs until it catches up, and writes through the log stall at the
  // slowdown trigger.
  dbo.max_background_jobs = 4;
  rocksdb::Env* env =
      TestEnv() != nullptr ? TestEnv().get() : rocksdb::Env::Default();
  env->LowerThreadPoolCPUPriority(rocksdb::Env::LOW,
                                  rocksdb::CpuPriority::kLow);
  dbo.keep_log_file_num = 3;
  dbo.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  if (TestEnv() != nullptr) dbo.env = TestEnv().get();
  d->ingest_env = NewIngestEnv(env);

  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (int i = 0; i < kCfCount; ++i) {
    descs.emplace_back(CfName(static_cast<Cf>(i)),
                       CfOptions(static_cast<Cf>(i), *d));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s;
  if (options.read_only) {
    if (holder != 0) {
      // Another process writes: follow it as a secondary instance, which
      // survives its compactions when every file stays open.
      dbo.max_open_files = -1;
      std::random_device rd;
      d->secondary_dir = (fs::temp_directory_path() /
                          fmt::format("kg-secondary-{}-{:x}", ::getpid(), rd()))
                             .string();
      d->secondary = true;
      s = rocksdb::DB::OpenAsSecondary(dbo, path, d->secondary_dir, descs,
                                       &handles, &d->db);
      if (s.ok()) s = d->db->TryCatchUpWithPrimary();
    } else {
      s = rocksdb::DB::OpenForReadOnly(dbo, path, descs, &handles, &d->db);
    }
  } else {
    s = rocksdb::DB::Open(dbo, path, descs, &handles, &d->db);
  }
  if (!s.ok()) {
    for (auto* h : handles) {
      if (d->db != nullptr)
        d->db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      long pid = LockHolderPid(path);
      return Status::Busy(fmt::format("database {} in use by pid {}", path,
                                      pid != 0 ? pid : -1));
    }
    if (s.IsInvalidArgument() &&
        s.ToString().find("Column famil") != std::string::npos) {
      return Status::NotSupported(
          fmt::format("{} is not a kg database of this format version: {}",
                      path, s.ToString()));
    }
    return FromRocks(s, fmt::format("opening {}", path));
  }
  for (int i = 0; i < kCfCount; ++i) d->cfs[i] = handles[i];

  bool fresh = !exists;
  if (exists && options.create_if_missing && !options.read_only) {
    // A creation killed before its first commit leaves a RocksDB folder
    // with no kg meta data at all: finish creating it now.
    std::string v;
    rocksdb::Status fs =
        d->db->Get(rocksdb::ReadOptions(), d->cf(Cf::kMeta), "format", &v);
    rocksdb::Status ns =
        d->db->Get(rocksdb::ReadOptions(), d->cf(Cf::kMeta), "next_id", &v);
    if (fs.IsNotFound() && ns.IsNotFound()) {
      std::unique_ptr<rocksdb::Iterator> it(
          d->db->NewIterator(rocksdb::ReadOptions(), d->cf(Cf::kSpog)));
      it->SeekToFirst();
      fresh = !it->Valid() && it->status().ok();
    }
  }
  if (fresh) {
    // A new database: write its format version and id counter atomically.
    rocksdb::WriteBatch batch;
    batch.Put(d->cf(Cf::kMeta), "format", U64Bytes(kFormatVersion));
    batch.Put(d->cf(Cf::kMeta), "next_id", U64Bytes(1));
    batch.Put(d->cf(Cf::kStats), "exact", U64Bytes(1));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    KG_RETURN_IF_ERROR(FromRocks(d->db->Write(wo, &batch), "initializing"));
  }
  KG_RETURN_IF_ERROR(ReadFormat(d.get(), path));
  return d;
}

}  // namespace kg::store
