// HashJoin: Join and LeftJoin (OPTIONAL) of two independent inputs. The
// right input is built into a RowTable keyed on the variables both sides
// always bind; rows are then checked for compatibility on every shared
// variable (§18.5 Join / LeftJoin). Without a key it is a nested loop.
#ifndef KG_QUERY_EXEC_HASH_JOIN_H_
#define KG_QUERY_EXEC_HASH_JOIN_H_

#include <optional>
#include <string>
#include <vector>

#include "query/exec/expression.h"
#include "query/exec/row_table.h"

namespace kg::query {

class HashJoin final : public PhysicalOperator {
 public:
  // `optional`: LeftJoin, keeping left rows without a match passing
  // `condition` (if any).
  HashJoin(OperatorPtr left, OperatorPtr right, std::vector<int> keys,
           std::vector<int> shared, bool optional,
           std::optional<CompiledExpr> condition, std::size_t width);
  Status Open(ExecContext* ctx) override;
  Result<bool> Next(Batch* out) override;
  std::string Describe() const override;
  std::vector<const PhysicalOperator*> children() const override {
    return {left_.get(), right_.get()};
  }

 private:
  OperatorPtr left_, right_;
  std::vector<int> keys_, shared_;
  bool optional_;
  std::optional<CompiledExpr> condition_;
  std::size_t width_;
  RowTable table_;
  ExecContext* ctx_ = nullptr;
  Batch in_;
  bool built_ = false;
  // Where the probe stands: row in_index_ of in_, its candidates cands_.
  std::size_t in_index_ = 0;
  RowTable::Candidates cands_;
  bool matched_ = false;
  bool probing_ = false;
  std::vector<TermId> merged_;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_HASH_JOIN_H_
