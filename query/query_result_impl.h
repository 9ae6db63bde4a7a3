// QueryResult::Impl: a planned query being executed. Shared by the facade
// (database.cc) and the result stream (query_result.cc).
#ifndef KG_QUERY_QUERY_RESULT_IMPL_H_
#define KG_QUERY_QUERY_RESULT_IMPL_H_

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "kg/database.h"
#include "kg/result.h"
#include "query/exec/exec_context.h"
#include "query/plan/planner.h"

namespace kg {

struct QueryResult::Impl {
  std::unique_ptr<store::ReadView> view;
  std::unique_ptr<query::ExecContext> ctx;
  query::PlannedQuery plan;
  QueryResultKind kind = QueryResultKind::kSolutions;
  std::vector<std::string> variables;
  bool boolean = false;
  double engine_ms = 0;

  // Pull state.
  query::Batch batch;
  std::size_t batch_pos = 0;
  bool exhausted = false;
  // Graph results: triples not yet returned, and those already returned.
  std::vector<std::array<query::TermId, 3>> pending;
  std::size_t pending_pos = 0;
  std::set<std::array<query::TermId, 3>> emitted;
  std::set<query::TermId> described;
  std::uint64_t row_serial = 0;

  Result<bool> NextSolution(ResultRow* row);
  Result<bool> NextTriple(ResultRow* row);
  // Pulls the next batch from the plan; false at the end.
  Result<bool> Pull();
  Status Instantiate(const query::TermId* row);
  Status Describe(query::TermId node);
};

// Plans `query` over `view` and opens it: what Database::Query does after
// parsing, for queries over any view (a transaction's, an update's WHERE).
Result<std::unique_ptr<QueryResult::Impl>> StartQuery(
    std::unique_ptr<store::ReadView> view, const query::ast::Query& query,
    const std::string& base_iri, const QueryLimits& limits,
    std::shared_ptr<CancellationToken> cancel,
    const query::PlanOptions& plan_options);

// Parses `sparql` (a query; an update is kInvalidArgument) and starts it
// over `view`.
Result<std::unique_ptr<QueryResult::Impl>> StartText(
    std::unique_ptr<store::ReadView> view, const DatabaseOptions& db_options,
    std::string_view sparql, const QueryOptions& options, bool profile);

}  // namespace kg

#endif  // KG_QUERY_QUERY_RESULT_IMPL_H_
