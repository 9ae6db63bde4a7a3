// PathScan: a triple pattern whose predicate is a property path (§9, §18.4)
// joined with its input by substitution. Each path is evaluated by BFS over
// index scans with a visited set, from the bound end: one result per reached
// node for `*`, `+` and `?` (set semantics), bag semantics for `|`.
#ifndef KG_QUERY_EXEC_PATH_SCAN_H_
#define KG_QUERY_EXEC_PATH_SCAN_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/exec/graph_spec.h"
#include "query/exec/pattern_join.h"

namespace kg::query {

// A path with its IRIs resolved to ids (kUnbound: not in the store).
struct CompiledPath {
  ast::PathKind kind = ast::PathKind::kIri;
  TermId iri = kUnbound;
  std::vector<CompiledPath> args;
  std::string text;  // for EXPLAIN
};

class PathScan final : public PhysicalOperator {
 public:
  PathScan(OperatorPtr input, PatternTerm subject, CompiledPath path,
           PatternTerm object, GraphSpec graph, std::size_t width);
  Status Open(ExecContext* ctx) override;
  Result<bool> Next(Batch* out) override;
  std::string Describe() const override;
  std::vector<const PhysicalOperator*> children() const override {
    return {input_.get()};
  }

 private:
  // The graphs to evaluate in for one input row: `g` is a constant graph,
  // kUnbound for the default-graph spec.
  Status EvaluateRow(const TermId* row, Batch* out);
  Status EvaluateInGraph(const TermId* row, TermId g, int g_slot, Batch* out);

  OperatorPtr input_;
  PatternTerm s_, o_;
  CompiledPath path_;
  GraphSpec graph_;
  std::size_t width_;
  ExecContext* ctx_ = nullptr;
  Batch in_;
  Batch pending_;  // results of the current input row not yet returned
  std::size_t pending_pos_ = 0;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_PATH_SCAN_H_
