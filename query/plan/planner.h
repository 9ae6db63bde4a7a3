// The planner: translates a parsed query (query/ast/ast.h) into a tree of
// physical operators (query/exec/), following the SPARQL 1.1 algebra (§18.2)
// and choosing join orders from the store's statistics: exact dynamic
// programming over left-deep orders for BGPs of up to kDpMaxPatterns
// patterns, greedy beyond. FILTERs are pushed down to the earliest point
// where their variables are certainly bound; LIMIT is pushed into ORDER BY.
#ifndef KG_QUERY_PLAN_PLANNER_H_
#define KG_QUERY_PLAN_PLANNER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kg/database.h"
#include "query/ast/ast.h"
#include "query/exec/exec_context.h"
#include "query/exec/operator.h"

namespace kg::query {

inline constexpr std::size_t kDpMaxPatterns = 10;
// A RocksDB seek costs about as much as reading this many adjacent keys
// (measured on the 1M news graph: ~4 us against ~0.15 us).
inline constexpr double kSeekCost = 25;
// The share of rows a FILTER comparison is guessed to keep when ordering
// joins (the estimate shown by EXPLAIN applies it too).
inline constexpr double kFilterSelectivity = 0.25;
// The largest pattern scan the planner builds into a hash table.
inline constexpr double kMaxHashBuildRows = 5e6;
// A scan estimated at this many rows or more reads ahead on a second
// thread (PatternJoin::SetPrefetch): starting the thread costs about as
// much as reading a few hundred keys.
inline constexpr double kPrefetchRows = 20000;

// A position of a CONSTRUCT template or DESCRIBE target.
struct TemplateTerm {
  enum class Kind : std::uint8_t { kConstant, kVariable, kBlank };
  Kind kind = Kind::kConstant;
  TermId constant = kUnbound;
  int slot = -1;
  std::string blank_label;  // kBlank: the template's label
};

struct TemplateTriple {
  TemplateTerm s, p, o;
};

struct PlannedQuery {
  ast::QueryForm form = ast::QueryForm::kSelect;
  OperatorPtr root;
  std::size_t width = 1;
  std::vector<std::string> variables;  // projected names (SELECT)
  std::vector<int> slots;              // their slots
  std::vector<TemplateTriple> construct;
  std::vector<TemplateTerm> describe;  // targets (DESCRIBE)
  // The graphs DESCRIBE reads (the query's default graph).
  DefaultGraphMode mode = DefaultGraphMode::kUnion;
  std::vector<TermId> default_graphs;  // when FROM is given
  bool has_from = false;
  bool stale_statistics = false;
};

struct PlanOptions {
  DefaultGraphMode mode = DefaultGraphMode::kUnion;
  // Wrap operators so that EXPLAIN ANALYZE can show time per operator.
  bool profile = false;
  // An update's WITH <iri>: the default graph when the query names no
  // dataset of its own (USING); the named graphs stay every graph.
  std::optional<Term> with_graph;
};

Result<PlannedQuery> PlanQuery(const ast::Query& query, ExecContext* ctx,
                               const PlanOptions& options);

// EXPLAIN's text: one operator per line, indented by depth.
std::string FormatPlan(const PhysicalOperator& root, bool analyze);

}  // namespace kg::query

#endif  // KG_QUERY_PLAN_PLANNER_H_
