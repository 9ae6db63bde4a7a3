// QuadStore: the id-level store behind kg::Store, for kg's own layers.
// Reads go through a ReadView (one RocksDB snapshot); writes through Apply
// (one WriteBatch) or a BulkLoad (one IngestExternalFiles call).
#ifndef KG_STORE_QUAD_STORE_H_
#define KG_STORE_QUAD_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/store.h"
#include "store/encoding.h"

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
  ~ReadView();
  // The id of `term`, or nullopt when the store has never seen it.
  Result<std::optional<TermId>> Lookup(const Term& term) const;
  Result<Term> Decode(TermId id) const;
  // Calls fn for each quad matching `pattern`, in the order of the index
  // that answers it (`*order_used` if given); stops when fn returns false.
  // `*keys_visited` counts the index keys read.
  Status Scan(const IdPattern& pattern,
              const std::function<bool(const IdQuad&)>& fn,
              IndexOrder* order_used = nullptr,
              std::uint64_t* keys_visited = nullptr) const;
  // The pull form of Scan.
  std::unique_ptr<ScanCursor> NewCursor(const IdPattern& pattern) const;
  // The number of quads matching `pattern`, counting at most `limit` keys
  // (so the answer is min(count, limit)).
  Result<std::uint64_t> CountUpTo(const IdPattern& pattern,
                                  std::uint64_t limit) const;
  // The ids of the graphs holding at least one quad (the default graph
  // included when it does), read from the statistics.
  Result<std::vector<TermId>> Graphs() const;
  // A statistics counter (0 when absent).
  Result<std::uint64_t> Stat(std::string_view key) const;

 private:
  friend class QuadStore;
  struct Impl;
  explicit ReadView(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class QuadStore {
 public:
  static Result<std::unique_ptr<QuadStore>> Open(const std::string& path,
                                                 const StoreOptions& options);
  ~QuadStore();

  const std::string& path() const { return path_; }
  bool read_only() const { return options_.read_only; }

  std::unique_ptr<ReadView> NewReadView() const;

  Result<WriteSummary> Apply(const std::vector<Quad>& add,
                             const std::vector<Quad>& remove);
  Result<std::unique_ptr<BulkLoad>> BeginBulkLoad(
      const BulkLoadOptions& options);
  Result<StoreStats> Stats() const;
  Status Analyze();
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
