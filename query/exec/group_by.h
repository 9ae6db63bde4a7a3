// GroupBy: GROUP BY with the aggregates of §18.5 (COUNT, SUM, MIN, MAX, AVG,
// SAMPLE, GROUP_CONCAT, each optionally DISTINCT). Groups are kept in a hash
// table keyed by the group keys' ids; each output row binds the key slots
// and one slot per aggregate. Without GROUP BY there is exactly one group,
// also over no rows.
#ifndef KG_QUERY_EXEC_GROUP_BY_H_
#define KG_QUERY_EXEC_GROUP_BY_H_

#include <optional>
#include <string>
#include <vector>

#include "query/exec/expression.h"

namespace kg::query {

struct GroupKey {
  CompiledExpr expr;
  int slot;  // where the key's value goes in the output row
};

struct AggregateSpec {
  ast::Aggregate function = ast::Aggregate::kCount;
  bool distinct = false;
  std::optional<CompiledExpr> arg;  // none for COUNT(*)
  std::string separator = " ";
  int slot = -1;              // where the result goes
  std::size_t row_width = 1;  // for COUNT(DISTINCT *)
};

class GroupBy final : public PhysicalOperator {
 public:
  GroupBy(OperatorPtr input, std::vector<GroupKey> keys,
          std::vector<AggregateSpec> aggregates, bool implicit_group,
          std::size_t width)
      : input_(std::move(input)),
        keys_(std::move(keys)),
        aggs_(std::move(aggregates)),
        implicit_(implicit_group),
        width_(width),
        out_rows_(width) {}
  Status Open(ExecContext* ctx) override;
  Result<bool> Next(Batch* out) override;
  std::string Describe() const override;
  std::vector<const PhysicalOperator*> children() const override {
    return {input_.get()};
  }

 private:
  Status Build();
  OperatorPtr input_;
  Status BuildCounts();
  std::vector<GroupKey> keys_;
  std::vector<AggregateSpec> aggs_;
  bool implicit_;
  std::size_t width_;
  ExecContext* ctx_ = nullptr;
  Batch out_rows_;
  std::size_t next_ = 0;
  bool built_ = false;
  std::int64_t charged_ = 0;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_GROUP_BY_H_
