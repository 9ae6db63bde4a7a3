// Expressions compiled against a query's variable slots, and their
// evaluation over rows of term ids (SPARQL 1.1 §17): the special forms
// (||, &&, IN, BOUND, IF, COALESCE, EXISTS) here, everything else through
// query/exec/functions.h. Comparisons between two inline values of the same
// kind, and term-identity equality, are decided on ids without decoding.
#ifndef KG_QUERY_EXEC_EXPRESSION_H_
#define KG_QUERY_EXEC_EXPRESSION_H_

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "query/ast/ast.h"
#include "query/exec/exec_context.h"
#include "query/exec/functions.h"
#include "query/exec/operator.h"
#include "query/exec/seed_source.h"

namespace kg::query {

// The plan of an EXISTS pattern, run once per row with the row as its seed.
struct ExistsPlan {
  SeedSource* seed = nullptr;  // owned by `root`'s tree
  std::size_t seed_width = 1;  // the query's row width
  OperatorPtr root;
};

struct CompiledExpr {
  ast::ExprKind kind = ast::ExprKind::kConstant;
  int slot = -1;                  // kVariable; also kAggregate (its result)
  std::optional<Term> constant;   // kConstant
  TermId constant_id = kUnbound;  // kConstant, once resolved
  ast::Builtin builtin = ast::Builtin::kStr;
  std::string function_iri;  // kFunctionCall
  std::vector<CompiledExpr> args;
  std::shared_ptr<ExistsPlan> exists;  // kExists, kNotExists

  // Slots of the variables the expression reads (EXISTS patterns excluded).
  void CollectSlots(std::set<int>* slots) const;
  bool HasExists() const;
};

// Evaluates `expr` on `row`. nullopt is an expression error (§17.3: unbound
// variable, type error); a non-OK Status is a failure of the query itself
// (storage, limits).
Result<Value> Evaluate(const CompiledExpr& expr, const TermId* row,
                       ExecContext* ctx);

// The effective boolean value of `expr` on `row`; errors are false, as in
// FILTER.
Result<bool> EvaluateFilter(const CompiledExpr& expr, const TermId* row,
                            ExecContext* ctx);

// Evaluates `expr` to a term id (for BIND, GROUP BY keys, projections):
// kUnbound on an expression error.
Result<TermId> EvaluateToId(const CompiledExpr& expr, const TermId* row,
                            ExecContext* ctx);

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_EXPRESSION_H_
