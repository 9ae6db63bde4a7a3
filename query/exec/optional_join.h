// OptionalJoin: LeftJoin (OPTIONAL) by substitution. For each left row the
// right plan, whose leaf is a SeedSource, runs with that row as its seed:
// an index nested-loop left join, used when the right side is made of
// triple patterns and paths only (so substitution cannot change its
// meaning). Rows without a right match passing `condition` are kept alone.
#ifndef KG_QUERY_EXEC_OPTIONAL_JOIN_H_
#define KG_QUERY_EXEC_OPTIONAL_JOIN_H_

#include <optional>
#include <string>

#include "query/exec/expression.h"

namespace kg::query {

class OptionalJoin final : public PhysicalOperator {
 public:
  OptionalJoin(OperatorPtr left, OperatorPtr right, SeedSource* seed,
               std::optional<CompiledExpr> condition, std::size_t width)
      : left_(std::move(left)),
        right_(std::move(right)),
        seed_(seed),
        condition_(std::move(condition)),
        in_(width),
        right_rows_(width) {}

  Status Open(ExecContext* ctx) override {
    ctx_ = ctx;
    in_.Clear();
    in_index_ = 0;
    active_ = false;
    return left_->Open(ctx);
  }

  Result<bool> Next(Batch* out) override {
    while (!out->full()) {
      if (!active_) {
        if (in_index_ >= in_.size()) {
          in_.Clear();
          in_index_ = 0;
          KG_ASSIGN_OR_RETURN(bool more, left_->Next(&in_));
          if (!more) break;
        }
        KG_RETURN_IF_ERROR(ctx_->Check());
        seed_->SetRow(in_.row(in_index_));
        KG_RETURN_IF_ERROR(right_->Open(ctx_));
        active_ = true;
        matched_ = false;
      }
      right_rows_.Clear();
      KG_ASSIGN_OR_RETURN(bool more, right_->Next(&right_rows_));
      if (more) {
        for (std::size_t i = 0; i < right_rows_.size(); ++i) {
          if (condition_) {
            KG_ASSIGN_OR_RETURN(
                bool keep,
                EvaluateFilter(*condition_, right_rows_.row(i), ctx_));
            if (!keep) continue;
          }
          matched_ = true;
          out->Append(right_rows_.row(i));
        }
        continue;
      }
      if (!matched_) out->Append(in_.row(in_index_));
      active_ = false;
      ++in_index_;
    }
    profile_.actual_rows += out->size();
    return !out->empty();
  }

  std::string Describe() const override {
    return condition_ ? "OptionalJoin (nested loop, with condition)"
                      : "OptionalJoin (nested loop)";
  }
  std::vector<const PhysicalOperator*> children() const override {
    return {left_.get(), right_.get()};
  }

 private:
  OperatorPtr left_, right_;
  SeedSource* seed_;
  std::optional<CompiledExpr> condition_;
  ExecContext* ctx_ = nullptr;
  Batch in_;
  Batch right_rows_;
  std::size_t in_index_ = 0;
  bool active_ = false;
  bool matched_ = false;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_OPTIONAL_JOIN_H_
