// Database: the embedding facade. Opens a kg database and answers SPARQL 1.1
// queries over it; kg::Store (store/include/kg/store.h) is underneath for
// quad-level access and bulk loads.
//
// Thread-safety: a Database may be shared by threads; each Query() reads
// from its own snapshot and never blocks writers or other readers. A
// QueryResult must be used by one thread at a time.
#ifndef KG_DATABASE_H_
#define KG_DATABASE_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/result.h"
#include "kg/status.h"
#include "kg/store.h"

namespace kg {

// What the default graph of a query is (docs/query-language.md):
// kUnion: the union of every graph, the default graph included (RDF merge
//   of quads: a triple held by several graphs is seen once);
// kStrict: the store's default graph only, as the specification reads.
// FROM / FROM NAMED clauses override both.
enum class DefaultGraphMode : std::uint8_t { kUnion, kStrict };

// Cancels a running query from another thread or a signal handler. Cancel()
// is async-signal-safe (one atomic store).
class CancellationToken {
 public:
  void Cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  void Reset() { cancelled_.store(false, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

struct QueryLimits {
  // Wall-clock time from the start of Query() to the last Next(); zero
  // means no limit.
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  // Memory held by the query's operators (hash tables, sorts, groups,
  // decoded terms); zero means no limit.
  std::size_t memory_bytes = std::size_t{2} << 30;
};

struct DatabaseOptions {
  StoreOptions store;
  DefaultGraphMode default_graph = DefaultGraphMode::kUnion;
  QueryLimits limits;
  // SPARQL LOAD reads local files only, and only inside this folder (file:
  // IRIs and plain paths, resolved against it). Empty: LOAD is refused.
  std::string load_directory;
  // The largest file one LOAD may read; bulk loads go through `kg load`.
  std::uint64_t load_max_bytes = std::uint64_t{64} << 20;
};

struct QueryOptions {
  // Overrides DatabaseOptions::default_graph for this query.
  std::optional<DefaultGraphMode> default_graph;
  // Overrides DatabaseOptions::limits for this query.
  std::optional<QueryLimits> limits;
  // Set to cancel from elsewhere; may be null.
  std::shared_ptr<CancellationToken> cancel;
  // Base IRI for relative IRIs in the query text.
  std::string base_iri;
  // The name syntax errors give the text ("query:3:7: ..."), e.g. a file.
  std::string source_name = "query";
};

struct UpdateOptions {
  // Overrides DatabaseOptions::default_graph for this request. In kUnion
  // mode a DELETE without GRAPH removes the triple from every graph that
  // holds it; kStrict follows the specification to the letter.
  std::optional<DefaultGraphMode> default_graph;
  // Limits for evaluating the WHERE clauses of the request.
  std::optional<QueryLimits> limits;
  std::shared_ptr<CancellationToken> cancel;
  std::string base_iri;
  std::string source_name = "update";
};

class Database;

// A transaction: several updates and quad adds / removes committed together
// or not at all. It holds the database's single writer lock from Begin()
// to Commit() / Rollback() / destruction (destruction rolls back). Its reads
// see the snapshot taken at Begin() plus its own writes; other readers see
// none of them until Commit() returns. Not for use by several threads.
// A call that fails after it began to write (an update operation, a store
// error, the memory cap) leaves the transaction able only to roll back:
// Commit() then writes nothing and returns kAborted. A syntax error or an
// invalid quad is refused before anything is written and does not.
class Transaction {
 public:
  struct Impl;
  explicit Transaction(std::unique_ptr<Impl> impl);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Runs a SPARQL 1.1 update request inside the transaction.
  Result<WriteSummary> Update(std::string_view sparql,
                              const UpdateOptions& options = {});
  Result<WriteSummary> Add(const std::vector<Quad>& quads);
  Result<WriteSummary> Remove(const std::vector<Quad>& quads);
  // A query over the transaction's state. The result is valid until the
  // transaction's next write or its end, whichever comes first.
  Result<QueryResult> Query(std::string_view sparql,
                            const QueryOptions& options = {});
  // Everything this transaction changed, so far.
  const WriteSummary& changes() const;
  // Makes every write durable and visible at once. After Commit or
  // Rollback the transaction accepts nothing more.
  Status Commit();
  void Rollback();

 private:
  std::unique_ptr<Impl> impl_;
};

class Database {
 public:
  // Opens the database at `path` (see Store::Open for the Status codes).
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Parses, plans and starts `sparql` (a SPARQL 1.1 query; an update is
  // kInvalidArgument here). kParseError with line and column for bad text;
  // kNotSupported for SERVICE. The result reads from one snapshot taken
  // now and stays valid after later writes, until it is destroyed.
  // REQUIRES: the Database outlives the QueryResult.
  Result<QueryResult> Query(std::string_view sparql,
                            const QueryOptions& options = {});

  // The chosen plan as an indented tree, one operator per line with its
  // estimated rows ("~N", marked "(stale)" when the statistics it used are
  // estimates). With `analyze`, the query is run to the end and each line
  // also shows the actual rows and time.
  Result<std::string> Explain(std::string_view sparql, bool analyze,
                              const QueryOptions& options = {});

  // Runs a SPARQL 1.1 update request (one or more operations separated by
  // `;`) as one atomic, durable transaction and reports what changed, per
  // graph. kParseError with line and column for bad text; kBusy when
  // another writer holds the database longer than StoreOptions::writer_wait;
  // on any error nothing of the request is applied.
  Result<WriteSummary> Update(std::string_view sparql,
                              const UpdateOptions& options = {});

  // Starts a transaction (see Transaction); kBusy as for Update.
  Result<std::unique_ptr<Transaction>> Begin();

  Store& store() { return *store_; }
  const DatabaseOptions& options() const { return options_; }

 private:
  Database(std::unique_ptr<Store> store, DatabaseOptions options);
  std::unique_ptr<Store> store_;
  DatabaseOptions options_;
};

}  // namespace kg

#endif  // KG_DATABASE_H_
