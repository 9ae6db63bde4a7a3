// The RocksDB side of the store: column families, options under one memory
// budget, opening (locks, secondary mode, format version). Only store/*.cc
// include this header; nothing public reaches RocksDB.
#ifndef KG_STORE_DB_H_
#define KG_STORE_DB_H_

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/file_system.h>
#include <rocksdb/write_buffer_manager.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kg/status.h"
#include "kg/store.h"
#include "store/encoding.h"
#include "store/helper_thread.h"
#include "store/presence_filter.h"
#include "store/term_id_map.h"

namespace kg::store {

enum class Cf : int {
  kDefault = 0,
  kMeta,
  kTermToId,
  kIdToTerm,
  kStats,
  kSpog,
  kPosg,
  kOspg,
  kGspo,
  kGpos,
  kGosp,
  kLabels,
};
inline constexpr int kCfCount = 12;
const char* CfName(Cf cf);
inline Cf IndexCf(IndexOrder order) {
  return static_cast<Cf>(static_cast<int>(Cf::kSpog) + static_cast<int>(order));
}

struct Db {
  ~Db();
  rocksdb::DB* db = nullptr;
  std::array<rocksdb::ColumnFamilyHandle*, kCfCount> cfs{};
  std::shared_ptr<rocksdb::Cache> block_cache;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers;
  // Committed terms' ids by term key, bounded in bytes: requests that name
  // terms of earlier requests skip the dictionary lookup. Only writers use
  // it, with the writer lock, and fill it after their commit; ids are never
  // reused, so an entry stays right until compaction reclaims terms, which
  // empties it (store/maintenance.cc).
  std::unique_ptr<TermIdCache> term_ids;
  // Writers' filters of every spog key and every dictionary key, so that
  // most quads and terms new to the store skip the lookups in RocksDB
  // (store/presence_filter.h). Built once writes look up enough keys.
  std::unique_ptr<PresenceFilter> quad_filter;
  std::unique_ptr<PresenceFilter> term_filter;
  // Committed terms by id (the value points to a kg::Term), bounded in
  // bytes: queries that output the same terms again skip the dictionary.
  // Filled by reads of plain snapshots only (never with a transaction's
  // pending terms), each read view adding at most a quarter of it, so that
  // one query with a huge result does not evict every other query's terms
  // (and pay for it). A committed id's term never changes; compaction
  // empties it with term_ids.
  std::shared_ptr<rocksdb::Cache> id_terms;
  // Bumped by every commit and bulk load of this process (a load's files
  // may keep the sequence number where it was).
  std::atomic<std::uint64_t> generation{0};
  // Bounded key counts (ReadView::EstimateUpTo) by index key range, with
  // the snapshot sequence number and generation they were counted at: a
  // repeated query on unchanged data plans without counting again.
  struct CountEntry {
    std::uint64_t seq, generation, n;
  };
  std::mutex counts_mu;
  std::unordered_map<std::string, CountEntry> counts;
  std::string secondary_dir;  // removed on close when set
  bool secondary = false;
  bool sync_commits = true;
  // Transactions waiting for the writer lock or holding it: queries yield
  // the CPU between batches while this is positive (ReadView::WriterBusy).
  std::atomic<int> writers{0};
  bool readers_yield = true;  // StoreOptions::readers_yield_to_writers
  // The folder where large commits write their SST files before
  // IngestExternalFiles moves them in: created by the first, removed when
  // the database closes (or, after a crash, by the next read-write open).
  // Files are numbered; those below commit_files_made exist already (empty,
  // created ahead of use), those below commit_files_used were used. Only
  // the writer touches these, under the writer lock.
  std::string commit_dir;
  std::uint64_t commit_files_used = 0;
  std::uint64_t commit_files_made = 0;
  // Runs the side jobs of the writer's large requests and commits (under
  // the writer lock, so one writer at a time).
  HelperThread helper;
  // The environment bulk loads and large commits write their SST files
  // with (before IngestExternalFiles moves them in): the database's, except
  // that a file's sync only starts its write-back. See NewIngestEnv in
  // db.cc.
  std::unique_ptr<rocksdb::Env> ingest_env;

  rocksdb::ColumnFamilyHandle* cf(Cf c) const {
    return cfs[static_cast<int>(c)];
  }
};

// Db::term_ids: the id of the committed term whose dictionary key is
// `key`, when cached. *in_old: see TermIdCache::Find.
inline std::optional<TermId> CachedTermId(Db* db, std::string_view key,
                                          bool* in_old = nullptr) {
  return db->term_ids->Find(key, in_old);
}
// The same with the key's TermIdMap::Hash.
inline std::optional<TermId> CachedTermId(Db* db, std::string_view key,
                                          std::uint64_t hash, bool* in_old) {
  return db->term_ids->Find(key, hash, in_old);
}

// Remembers in Db::term_ids that the committed term with dictionary key
// `key` has id `id`. Only writers call this, with the writer lock.
inline void CacheTermId(Db* db, std::string_view key, TermId id) {
  db->term_ids->Insert(key, id);
}
inline void CacheTermId(Db* db, std::string_view key, TermId id,
                        std::uint64_t hash) {
  db->term_ids->Insert(key, id, hash);
}

// Db::id_terms: a copy of the committed term with id `id` into *term, when
// cached.
bool CachedTerm(Db* db, TermId id, Term* term);
// Remembers in Db::id_terms that the committed term `id` is `term`;
// returns the bytes charged.
std::size_t CacheTerm(Db* db, TermId id, const Term& term);

// The ingestion of one file `file` into `cf`, as bulk loads and large
// commits do it (the file is moved, not copied).
rocksdb::IngestExternalFileArg IngestArg(rocksdb::ColumnFamilyHandle* cf,
                                         std::string file);
// The options of an SST file that IngestArg will ingest into `cf`: the
// family's, written through Db::ingest_env, so that the ingestion's sync
// is the file's only one.
rocksdb::Options IngestFileOptions(const Db& db, Cf cf);

// Converts a RocksDB status; `what` says what was being done.
Status FromRocksError(const rocksdb::Status& s, std::string_view what);
// Ok for an ok status (inline: bulk writes call this once per key);
// otherwise the kg status of that code, its message prefixed by `what`.
inline Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  return s.ok() ? Status::Ok() : FromRocksError(s, what);
}

// Opens (or with options.create_if_missing creates) the database at `path`.
Result<std::unique_ptr<Db>> OpenDb(const std::string& path,
                                   const StoreOptions& options);

// Tests only: every database opened afterwards in this process does its
// file I/O through `fs` (nullptr restores the default).
void SetFileSystemForTesting(std::shared_ptr<rocksdb::FileSystem> fs);

// The pid of another process holding `path`/LOCK, or 0 if none does.
long LockHolderPid(const std::string& path);

}  // namespace kg::store

#endif  // KG_STORE_DB_H_
