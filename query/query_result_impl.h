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

}  // namespace kg

#endif  // KG_QUERY_QUERY_RESULT_IMPL_H_
