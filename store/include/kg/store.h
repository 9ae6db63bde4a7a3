// Store: the RDF quad store on RocksDB. This header is the manual for
// embedders that need quads, not SPARQL; kg::Database (query/) builds on it.
//
// Thread-safety: a Store may be shared by threads. Reads run in parallel and
// never block; writes (Add/Remove/bulk loads/Analyze) take the store's single
// writer lock, in this process, and RocksDB's LOCK file keeps other
// processes out.
#ifndef KG_STORE_H_
#define KG_STORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/quad.h"
#include "kg/quad_sink.h"
#include "kg/status.h"
#include "kg/term.h"

namespace kg {

namespace store {
class QuadStore;
}

struct StoreOptions {
  // Create an empty database when `path` holds none. Only `kg load` and the
  // shell's first start set this; everything else reports kNotFound.
  bool create_if_missing = false;
  // Open without writing. When another process holds the database, the store
  // opens beside it as a RocksDB secondary and sees its data as of opening.
  bool read_only = false;
  // The one memory budget for RocksDB: half is the shared block cache, a
  // quarter the shared write buffers (charged to the cache), an eighth the
  // writers' cache of committed term ids, an eighth the cache of decoded
  // terms, a sixteenth each the writers' Bloom filters of quads and of
  // terms (built once a process has written enough; up to 16 MiB each at
  // the default, room for about ten million keys). Bulk loads have their own
  // sort budget (BulkLoadOptions).
  std::size_t memory_budget_bytes = std::size_t{256} << 20;
  // Sync the write-ahead log before a commit returns. Turning this off risks
  // losing the last commits on power loss (not on a process crash).
  bool sync_commits = true;
  // How long a writer (a commit, a transaction, a bulk load, a compaction)
  // waits for another writer of this process to finish before giving up
  // with kBusy.
  std::chrono::milliseconds writer_wait{std::chrono::seconds(10)};
  // While a transaction of this process waits for the writer lock or holds
  // it, queries give up the CPU between batches of rows (sched_yield), so
  // that the commit does not wait a scheduler time slice behind them. On a
  // machine with fewer cores than busy threads this cuts the writer's p99
  // latency several times, at the price of the readers' throughput while
  // writes go on (bench/commit_latency.sh, docs/benchmarks.md). Readers
  // never wait for the writer either way.
  bool readers_yield_to_writers = true;
};

// What a write changed in one graph.
struct GraphChange {
  Term graph;  // Term::DefaultGraph() for the default graph
  std::uint64_t inserted = 0;
  std::uint64_t deleted = 0;
};

// What a write changed.
struct WriteSummary {
  std::uint64_t inserted = 0;       // quads that were not there before
  std::uint64_t deleted = 0;        // quads that were there and are gone
  std::vector<GraphChange> graphs;  // per graph that changed, by graph
};

// What Store::Compact() reclaimed.
struct CompactSummary {
  std::uint64_t terms_before = 0;     // dictionary entries before
  std::uint64_t terms_reclaimed = 0;  // entries no quad used any longer
  std::uint64_t bytes_before = 0;     // size on disk before
  std::uint64_t bytes_after = 0;      // and after
};

struct BulkLoadOptions {
  // Memory for sorting quads before they are written; beyond it sorted runs
  // spill to a temporary folder inside the database directory.
  std::size_t sort_budget_bytes = std::size_t{256} << 20;
  // Each index order is written as SST files of about this many bytes
  // (compressed), so that no file's bloom filter outgrows the block cache's
  // shards; smaller values only serve tests.
  std::size_t index_file_bytes = std::size_t{64} << 20;
};

struct LoadSummary {
  std::uint64_t quads_read = 0;    // quads passed to the loader
  std::uint64_t inserted = 0;      // of those, new to the database
  std::uint64_t new_terms = 0;     // dictionary entries created
  std::uint64_t spilled_runs = 0;  // sorted runs written to disk
};

// A bulk load in progress: a QuadSink that buffers, sorts and finally
// ingests everything in one atomic step. Nothing is visible, and nothing is
// written to the database, before Commit(). Destroying it without Commit()
// abandons the load and leaves the database exactly as it was. Holds the
// store's writer lock for its whole life.
class BulkLoad : public QuadSink {
 public:
  virtual Result<LoadSummary> Commit() = 0;
};

struct PredicateStats {
  Term predicate;
  std::uint64_t quads = 0;
  std::uint64_t distinct_subjects = 0;
  std::uint64_t distinct_objects = 0;
};

struct GraphStats {
  Term graph;  // Term::DefaultGraph() for the default graph
  std::uint64_t quads = 0;
};

struct StoreStats {
  std::uint64_t quads = 0;
  std::uint64_t terms = 0;            // dictionary entries
  std::uint64_t terms_reclaimed = 0;  // by Compact(), over the store's life
  bool distinct_exact = false;        // false: distinct counts are estimates
  std::vector<PredicateStats> predicates;  // by descending quad count
  std::vector<GraphStats> graphs;          // by descending quad count
};

// The outcome of Check(): empty `problems` means every index order holds
// the same quads, the dictionary covers every id both ways, and the
// statistics are exact.
struct CheckReport {
  std::uint64_t quads = 0;
  std::uint64_t terms = 0;
  std::vector<std::string> problems;
  bool ok() const { return problems.empty(); }
};

// How Store::FindLabels matches a name against labels.
enum class LabelMatch : std::uint8_t {
  kExact,       // the label's NameKey equals the name's
  kWord,        // the label's NameKey holds the name's first word as a word
  kPrefix,      // the label's NameKey starts with the name's NameKey
  kWordPrefix,  // a word of the label's NameKey starts with the name's first
                // word
};

// A label quad found by Store::FindLabels.
struct LabelHit {
  Term subject;
  Term predicate;  // rdfs:label, skos:prefLabel or skos:altLabel
  Term label;      // the literal
  Term graph;
};

class Store {
 public:
  // Opens the database at `path`.
  // Returns kNotFound if there is none and !options.create_if_missing,
  // kBusy ("database in use by pid N") if another process holds it for
  // writing and !options.read_only, kNotSupported for another format
  // version, kIOError/kCorruption from storage.
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const;
  bool read_only() const;

  // Adds / removes quads in one atomic, durable commit. Adding a quad that
  // is present, or removing one that is absent, changes nothing.
  Result<WriteSummary> Add(const std::vector<Quad>& quads);
  Result<WriteSummary> Remove(const std::vector<Quad>& quads);

  // Starts a bulk load (see BulkLoad). kBusy if the database is read-only.
  Result<std::unique_ptr<BulkLoad>> BeginBulkLoad(
      const BulkLoadOptions& options = {});

  // Calls `fn` for each quad matching `pattern`, all read from one
  // snapshot, in the order of the index that answers the pattern; stops
  // early when `fn` returns false.
  Status Match(const QuadPattern& pattern,
               const std::function<bool(const Quad&)>& fn) const;

  Result<StoreStats> Stats() const;
  // Recomputes every statistic exactly (distinct counts included).
  Status Analyze();
  // Verifies the database's internal agreement; never modifies it.
  Result<CheckReport> Check() const;

  // Removes the dictionary entries no quad uses any longer (ids are never
  // reused; StoreStats::terms_reclaimed counts them) and compacts the files
  // on disk. Takes the writer lock while it finds and deletes the entries
  // (kBusy after StoreOptions::writer_wait), not while files are compacted.
  // kNotSupported on a read-only store. See docs/maintenance.md.
  Result<CompactSummary> Compact();

  // Returns once RocksDB has no flush or compaction running or due in any
  // column family: the merging that writes left (a bulk stream's files) is
  // done. A compaction that RocksDB reports pending but does not start
  // (its picker finds no runs to merge yet) counts as done after a second
  // with nothing running. Does not start a full compaction (Compact()
  // does). kIOError if RocksDB has had a background error (a flush or
  // compaction that failed, such as on a full disk) since the store was
  // opened; kBusy if work is still running after `timeout_s` seconds;
  // kNotSupported on a read-only store. See docs/maintenance.md.
  Status WaitForCompactions(double timeout_s = 3600);

  // Copies the database, consistently even while this process writes to
  // it, into the new folder `dir` (kInvalidArgument if it exists or its
  // parent does not). The copy is a complete database that Open() and
  // Restore() accept. kNotSupported when this store is a read-only follower
  // of another process. Safe to call from any thread.
  Status Backup(const std::string& dir) const;
  // Brings back a copy made by Backup() as the new database `path`
  // (kInvalidArgument if `path` exists; the copy is checked first). Copies
  // into a hidden folder beside `path`, checks it (kCorruption with the
  // problems found) and renames it to `path` last: on any error nothing is
  // left at `path`. kNotFound if `backup_dir` holds no database, kBusy if
  // a process has it open.
  static Status Restore(const std::string& backup_dir, const std::string& path);

  // The label quads (predicate rdfs:label, skos:prefLabel or skos:altLabel,
  // object a literal) whose label matches `name` under NormalizeName
  // (kg/names.h), through the label index the store keeps in the same
  // commits as the quads. In NameKey order (then by quad); stops when fn
  // returns false. One snapshot.
  Status FindLabels(std::string_view name, LabelMatch how,
                    const std::function<bool(const LabelHit&)>& fn) const;

  // The number of label index keys FindLabels would visit, counting at most
  // `limit` (no term is decoded: cheap enough to pick the rarest word).
  Result<std::uint64_t> CountLabels(std::string_view name, LabelMatch how,
                                    std::uint64_t limit) const;

  // Namespace prefixes kept from loaded files, sorted by prefix.
  Result<std::vector<std::pair<std::string, std::string>>> Prefixes() const;

  // For kg's own layers (query/): the id-level store.
  store::QuadStore* quad_store() { return impl_.get(); }

 private:
  explicit Store(std::unique_ptr<store::QuadStore> impl);
  std::unique_ptr<store::QuadStore> impl_;
};

}  // namespace kg

#endif  // KG_STORE_H_
