// QuadStore: the id-level store behind kg::Store, for kg's own layers.
// Reads go through a ReadView (one RocksDB snapshot); writes through Apply
// (one WriteBatch) or a BulkLoad (one IngestExternalFiles call).
#ifndef KG_STORE_QUAD_STORE_H_
#define KG_STORE_QUAD_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/store.h"
#include "store/encoding.h"

namespace rocksdb {
class Slice;
class Status;
}  // namespace rocksdb

namespace kg::store {

struct Db;  // RocksDB handles; defined in store/db.h

// A pull-style scan over one index prefix: what ReadView::Scan does, one quad
// per Next() call. Valid while its ReadView lives.
class ScanCursor {
 public:
  virtual ~ScanCursor() = default;
  // The next matching quad into *q; false at the end or on error (then
  // status() says which).
  virtual bool Next(IdQuad* q) = 0;
  virtual Status status() const = 0;
  virtual IndexOrder order() const = 0;
  // Starts over on another pattern, reusing the RocksDB iterator when the
  // same index answers it (much cheaper than a new cursor per lookup).
  virtual void Restart(const IdPattern& pattern) = 0;
  // Like Restart, but the key position right after the pattern's bound
  // ones (in the index ChooseOrder picks) only takes ids in [lo, hi].
  virtual void RestartRange(const IdPattern& pattern, TermId lo, TermId hi) = 0;
};

// A consistent view of the store: every read through it sees the same
// snapshot. Cheap to create; release it when the operation ends.
class ReadView {
 public:
  struct Impl;
  ~ReadView();
  // The id of `term`, or nullopt when the store has never seen it.
  Result<std::optional<TermId>> Lookup(const Term& term) const;
  Result<Term> Decode(TermId id) const;
  // Decode for many ids at once: the store's cache of decoded terms first,
  // then one RocksDB MultiGet for the rest (one index and filter probe per
  // file and batch of keys instead of per key): fn(i, term) once for each
  // ids[i], in no particular order. An error fn returns stops it and is
  // returned.
  Status DecodeMany(const std::vector<TermId>& ids,
                    const std::function<Status(std::size_t, Term&&)>& fn) const;
  // (*present)[i] = whether the store holds quads[i]: batched point reads
  // of spog keys, where whole-key bloom filters answer most absent ones
  // without reading a block (much cheaper than a seek per quad).
  Status ContainsMany(const std::vector<IdQuad>& quads,
                      std::vector<char>* present) const;
  // Calls fn for each quad matching `pattern`, in the order of the index
  // that answers it (`*order_used` if given); stops when fn returns false.
  // `*keys_visited` counts the index keys read.
  Status Scan(const IdPattern& pattern,
              const std::function<bool(const IdQuad&)>& fn,
              IndexOrder* order_used = nullptr,
              std::uint64_t* keys_visited = nullptr) const;
  // The pull form of Scan.
  std::unique_ptr<ScanCursor> NewCursor(const IdPattern& pattern) const;
  // A cursor that reads the index on other threads, a few blocks of quads
  // ahead of the caller, so that reading RocksDB and what the caller does
  // with each quad use two cores: for long scans (a thread costs tens of
  // microseconds to start). With `split`, a scan of more than 64 KiB on
  // disk is cut in two halves read by two threads at once (the second
  // buffering up to 32 MiB ahead). The same quads in the same order as
  // NewCursor; a plain cursor for a transaction's view, whose pending
  // writes are not safe to read from another thread.
  // `split_min_bytes` is that threshold (tests lower it).
  std::unique_ptr<ScanCursor> NewPrefetchCursor(
      const IdPattern& pattern, bool split = true,
      std::uint64_t split_min_bytes = 64 << 10) const;
  // RocksDB's estimate of the bytes on disk (and in memtables) of the keys
  // matching `pattern`, or of those whose key position right after the
  // bound ones holds an id in [lo, hi] (as RestartRange). Block-granular:
  // for comparing large ranges, not for counting small ones. Ignores the
  // snapshot.
  std::uint64_t ApproximateBytes(const IdPattern& pattern) const;
  std::uint64_t ApproximateBytes(const IdPattern& pattern, TermId lo,
                                 TermId hi) const;
  // The number of quads matching `pattern`, counting at most `limit` keys
  // (so the answer is min(count, limit)).
  Result<std::uint64_t> CountUpTo(const IdPattern& pattern,
                                  std::uint64_t limit) const;
  // The number of quads matching `pattern` for each id at quad position
  // `position` (0 s, 1 p, 2 o, 3 g), into *counts (ids in no order); with
  // `once_per_triple`, a triple held by several graphs counts once (the
  // pattern's graph must be open). A long scan is cut in two halves counted
  // on two threads (not for a transaction's view). `stop`, polled from
  // those threads, ends it early (the counts are then partial).
  // The counting tables may hold `max_table_bytes` in all; past that it
  // stops with kAborted. `split_min_bytes`: the size on disk from which it
  // cuts (tests lower it).
  Status CountBy(const IdPattern& pattern, int position, bool once_per_triple,
                 const std::function<bool()>& stop,
                 std::uint64_t max_table_bytes,
                 std::vector<std::pair<TermId, std::uint64_t>>* counts,
                 std::uint64_t split_min_bytes = 64 << 10) const;
  // For estimates only: CountUpTo, or the number of keys whose position
  // right after the bound ones holds an id in [lo, hi] (as RestartRange),
  // counted at most `limit`; answered from an earlier count made by this
  // process at the same snapshot sequence number with no commit or load in
  // between, when there is one. A plain view of another process's database
  // may get a count from before that process's last bulk load.
  Result<std::uint64_t> EstimateUpTo(const IdPattern& pattern,
                                     std::uint64_t limit) const;
  Result<std::uint64_t> EstimateUpTo(const IdPattern& pattern, TermId lo,
                                     TermId hi, std::uint64_t limit) const;
  // The ids of the graphs holding at least one quad (the default graph
  // included when it does), read from the statistics.
  Result<std::vector<TermId>> Graphs() const;
  // Graphs(), when this is a plain snapshot (not a transaction's view,
  // whose pending writes the statistics do not show yet) and there are at
  // most `max` graphs; nullopt otherwise.
  Result<std::optional<std::vector<TermId>>> FewGraphs(std::size_t max) const;
  // A statistics counter (0 when absent).
  Result<std::uint64_t> Stat(std::string_view key) const;
  // True while a transaction of another thread waits for the writer lock or
  // holds it (never for a transaction's own view): long reads then give
  // the CPU up between batches, so that a commit is not left waiting
  // behind them for a scheduler time slice.
  bool WriterBusy() const;
  // Calls fn(text, quad) for each label index key that starts with
  // `prefix` ('k' NameKey..., 'w' word...; store/label_index.h), in key
  // order, until fn returns false.
  Status ScanLabels(std::string_view prefix,
                    const std::function<bool(std::string_view text,
                                             const IdQuad& q)>& fn) const;

 private:
  friend class QuadStore;
  friend class Transaction;
  explicit ReadView(std::unique_ptr<Impl> impl);
  // The two EstimateUpTo, with or without a range.
  Result<std::uint64_t> Estimate(const IdPattern& pattern,
                                 std::optional<std::pair<TermId, TermId>> range,
                                 std::uint64_t limit) const;
  std::unique_ptr<Impl> impl_;
};

class QuadStore;

// A write transaction: the store's writer lock, a snapshot taken at Begin()
// and the transaction's own writes (a RocksDB WriteBatchWithIndex) on top.
// Reads through NewReadView() see both. Nothing reaches the database before
// Commit(), which writes everything in one atomic WriteBatch (or, for large
// transactions, one atomic SST ingestion); destroying an
// uncommitted transaction discards it; the ids it allocated never reached
// the database, so the next transaction hands them out again.
class Transaction {
 public:
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // A view of the snapshot plus this transaction's writes so far. Cursors
  // from it must be gone before the next write.
  std::unique_ptr<ReadView> NewReadView() const;
  // Removes then adds quads. Adding a present quad or removing an absent
  // one changes nothing. The summary is this call's.
  Result<WriteSummary> Apply(const std::vector<Quad>& add,
                             const std::vector<Quad>& remove);
  // The same over quads of known ids (every id from this transaction's
  // views).
  Result<WriteSummary> ApplyIds(const std::vector<IdQuad>& add,
                                const std::vector<IdQuad>& remove);
  // The id of `term`, allocating one (in this transaction) if new.
  Result<TermId> Intern(const Term& term);
  // Everything changed since Begin().
  const WriteSummary& changes() const { return total_; }
  // Bytes held by the pending writes.
  std::size_t pending_bytes() const;
  // Writes everything atomically (WAL synced unless sync_commits is off)
  // and releases the writer lock. The transaction is then finished. After
  // a failed call (failed()), it writes nothing and returns kAborted.
  Status Commit();
  bool finished() const { return finished_; }
  // Marks the transaction as failed: a write in it stopped part-way (a
  // caller's own failure counts too), so Commit() rolls back instead.
  void MarkFailed() { failed_ = true; }
  bool failed() const { return failed_; }

 private:
  friend class QuadStore;
  struct State;
  explicit Transaction(std::shared_ptr<State> state);
  Result<TermId> InternWith(const ReadView& view, const Term& term);
  // The id of `term` if the store or this transaction holds it (nullopt
  // otherwise), never creating one: inline and cached ids first, then the
  // filter of dictionary keys, then `view`'s dictionary. A looked-up id
  // joins this transaction's terms (cached when it commits).
  Result<std::optional<TermId>> FindId(const ReadView& view, const Term& term);
  // InternWith for every term of `quads`, the dictionary read in batches.
  Status InternAll(const ReadView& view, const std::vector<Quad>& quads,
                   std::vector<IdQuad>* out);
  // The id of `term` when it needs no dictionary read (inline, default
  // graph, or cached); otherwise nullopt, with its dictionary key in *key
  // and the key's TermIdMap::Hash in *hash. *in_old: the id came from the
  // old generation of the store's cache (TermIdCache::Find); the caller
  // keeps it there.
  std::optional<TermId> KnownId(const Term& term, std::string* key,
                                std::uint64_t* hash, bool* in_old);
  // KnownId's lookup of a dictionary key (TermIdMap::Hash `hash`): this
  // transaction's terms, then the store's cache.
  std::optional<TermId> CachedId(std::string_view key, std::uint64_t hash,
                                 bool* in_old) const;
  // The id of the term with dictionary key `key` (TermIdMap::Hash `hash`),
  // from the result of its dictionary read (`s`, `value`): the stored id,
  // or a new one.
  Result<TermId> Resolve(std::string key, std::uint64_t hash, const Term& term,
                         const rocksdb::Status& s, const rocksdb::Slice& value);
  Result<WriteSummary> ApplyTerms(const std::vector<Quad>& add,
                                  const std::vector<Quad>& remove);
  // view.Decode(id), also for terms still pending.
  Result<Term> DecodeWith(const ReadView& view, TermId id) const;
  // Moves the pending dictionary entries and index keys into the batch
  // (see State::pending and State::pending_terms).
  Status Flush() const;
  // Moves only the pending index keys: enough for reads of the indexes by
  // code that finds pending terms through the transaction's term cache.
  Status FlushKeys() const;
  // Hands the terms created since the last call to the writers' filter of
  // dictionary keys (Db::term_filter).
  void FilterNewTerms();
  // The same for the quads added since the last call and Db::quad_filter.
  void FilterNewQuads();
  // Both: at the commit, on the helper thread while the disk syncs a large
  // commit's files (adding 10,000 quads' and their terms' hashes took 2.4%
  // of the request thread's samples), or after it.
  void FilterNew();
  // After a successful commit: this transaction's terms and their ids go
  // to the store's cache of committed term ids (Db::term_ids).
  void PublishTerms();
  // A view without Flush(): for reads of the dictionary and statistics,
  // which have no pending keys.
  std::unique_ptr<ReadView> NewViewUnflushed() const;
  // ApplyIds, where quads holding an id of payload >= `fresh` (allocated
  // by the caller just now) skip the presence lookup. `add_terms`, when
  // given, holds the terms of `add` (same order): label literals are read
  // from it instead of being decoded.
  Result<WriteSummary> ApplyIdsFresh(
      const std::vector<IdQuad>& add, const std::vector<IdQuad>& remove,
      std::uint64_t fresh, const std::vector<Quad>* add_terms = nullptr);
  Status Summarize(
      const std::map<TermId, std::pair<std::uint64_t, std::uint64_t>>&
          per_graph,
      WriteSummary* out);
  // Shared with the views it hands out, so that a view used after the end
  // of the transaction reads freed memory never (only stale data).
  std::shared_ptr<State> state_;
  // Releases the writer lock and this object's share of the state.
  void End();
  // A call failed part-way: Commit() only rolls back.
  bool failed_ = false;
  WriteSummary total_;
  bool finished_ = false;
};

class QuadStore {
 public:
  static Result<std::unique_ptr<QuadStore>> Open(const std::string& path,
                                                 const StoreOptions& options);
  ~QuadStore();

  const std::string& path() const { return path_; }
  bool read_only() const { return options_.read_only; }

  std::unique_ptr<ReadView> NewReadView() const;

  // Takes the writer lock (kBusy after StoreOptions::writer_wait) and
  // starts a transaction.
  Result<std::unique_ptr<Transaction>> Begin();

  Result<WriteSummary> Apply(const std::vector<Quad>& add,
                             const std::vector<Quad>& remove);
  Result<std::unique_ptr<BulkLoad>> BeginBulkLoad(
      const BulkLoadOptions& options);
  Result<StoreStats> Stats() const;
  Status Analyze();
  // Store::WaitForCompactions.
  Status WaitForCompactions(double timeout_s);
  Result<CheckReport> Check() const;
  Result<std::vector<std::pair<std::string, std::string>>> Prefixes() const;

  Db* db() const { return db_.get(); }
  // Takes the store's single writer lock, waiting up to
  // StoreOptions::writer_wait; kBusy when another writer keeps it longer.
  Result<std::unique_lock<std::timed_mutex>> LockWriter();
  const StoreOptions& options() const { return options_; }

 private:
  QuadStore(std::string path, StoreOptions options, std::unique_ptr<Db> db);
  std::string path_;
  StoreOptions options_;
  std::unique_ptr<Db> db_;
  std::timed_mutex writer_mutex_;
};

// kInvalidArgument unless `q` is a valid RDF quad: an IRI or blank-node
// subject, an IRI predicate, an RDF term object, a non-literal graph.
Status ValidateQuad(const Quad& q);

// Exact statistics computed by scanning the indexes of `view`.
struct ExactStats {
  std::uint64_t total = 0;
  std::vector<std::pair<TermId, std::uint64_t>> per_predicate;
  std::vector<std::pair<TermId, std::uint64_t>> per_graph;
  std::vector<std::pair<TermId, std::uint64_t>> distinct_subjects;
  std::vector<std::pair<TermId, std::uint64_t>> distinct_objects;
};

}  // namespace kg::store

#endif  // KG_STORE_QUAD_STORE_H_
