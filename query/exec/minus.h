// Minus: the left rows for which no right row is compatible while sharing
// at least one bound variable (§18.5 Minus). The right input is built into
// a RowTable. With `keep_matching`, the opposite: the left rows that some
// right row matches (a semi-join). The planner also uses both forms for
// FILTER NOT EXISTS / EXISTS over triple patterns whose shared variables
// every left row binds (there the two semantics agree).
#ifndef KG_QUERY_EXEC_MINUS_H_
#define KG_QUERY_EXEC_MINUS_H_

#include <string>
#include <vector>

#include "query/exec/row_table.h"

namespace kg::query {

class Minus final : public PhysicalOperator {
 public:
  // `overlap`: the shared slots that count for "sharing a variable" (the
  // hidden graph slots of GRAPH do not).
  Minus(OperatorPtr left, OperatorPtr right, std::vector<int> keys,
        std::vector<int> shared, std::vector<int> overlap, std::size_t width,
        bool keep_matching = false, std::string label = "Minus")
      : left_(std::move(left)),
        right_(std::move(right)),
        shared_(std::move(shared)),
        overlap_(std::move(overlap)),
        keep_matching_(keep_matching),
        label_(std::move(label)),
        table_(width, std::move(keys)),
        in_(width) {}

  Status Open(ExecContext* ctx) override {
    ctx_ = ctx;
    if (built_) table_.Release(ctx);
    KG_RETURN_IF_ERROR(right_->Open(ctx));
    KG_RETURN_IF_ERROR(table_.Build(right_.get(), ctx));
    built_ = true;
    return left_->Open(ctx);
  }
  Result<bool> Next(Batch* out) override {
    while (out->empty()) {
      in_.Clear();
      KG_ASSIGN_OR_RETURN(bool more, left_->Next(&in_));
      if (!more) return false;
      KG_RETURN_IF_ERROR(ctx_->Check());
      for (std::size_t i = 0; i < in_.size(); ++i) {
        const TermId* l = in_.row(i);
        auto c = table_.CandidatesFor(l);
        bool removed = false;
        std::size_t k;
        while (!removed && table_.Next(&c, &k)) {
          const TermId* r = table_.row(k);
          bool overlap = false;
          for (int s : overlap_)
            if (l[s] != kUnbound && r[s] != kUnbound) overlap = true;
          removed = overlap && Compatible(l, r, shared_);
        }
        if (removed == keep_matching_) out->Append(l);
      }
    }
    profile_.actual_rows += out->size();
    return true;
  }
  std::string Describe() const override { return label_; }
  std::vector<const PhysicalOperator*> children() const override {
    return {left_.get(), right_.get()};
  }

 private:
  OperatorPtr left_, right_;
  std::vector<int> shared_, overlap_;
  bool keep_matching_;
  std::string label_;
  RowTable table_;
  ExecContext* ctx_ = nullptr;
  Batch in_;
  bool built_ = false;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_MINUS_H_
