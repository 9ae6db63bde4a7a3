// QueryResult: the streaming answer to one SPARQL query. Rows are produced
// on demand by the engine's operators as Next() is called, so a large result
// is never held in memory at once (ORDER BY, GROUP BY and DISTINCT still
// hold what they must, within the query's memory budget).
#ifndef KG_RESULT_H_
#define KG_RESULT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kg/status.h"
#include "kg/term.h"

namespace kg {

enum class QueryResultKind : std::uint8_t {
  kSolutions,  // SELECT: rows of bindings
  kBoolean,    // ASK
  kGraph,      // CONSTRUCT, DESCRIBE: rows of (subject, predicate, object)
};

// One row: an entry per variable; nullopt where the variable is unbound.
using ResultRow = std::vector<std::optional<Term>>;

class QueryResult {
 public:
  struct Impl;
  explicit QueryResult(std::unique_ptr<Impl> impl);
  QueryResult(QueryResult&&) noexcept;
  QueryResult& operator=(QueryResult&&) noexcept;
  ~QueryResult();

  QueryResultKind kind() const;

  // kSolutions: the projected variable names (without '?'), in order.
  // kGraph: {"subject", "predicate", "object"}. kBoolean: empty.
  const std::vector<std::string>& variables() const;

  // kBoolean: the answer. REQUIRES: kind() == kBoolean.
  bool boolean() const;

  // Fills `row` with the next row and returns true, or returns false when
  // there are no more rows. kGraph rows are the distinct triples of the
  // constructed graph. Errors: kAborted when the query was cancelled, timed
  // out or exceeded its memory budget (the message says which); other codes
  // for evaluation failures. After an error or false, do not call again.
  Result<bool> Next(ResultRow* row);

  // Milliseconds the engine has spent on this query so far (planning and
  // every Next() call; opening the database excluded).
  double engine_ms() const;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg

#endif  // KG_RESULT_H_
