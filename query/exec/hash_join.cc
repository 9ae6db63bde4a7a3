// HashJoin: Join and LeftJoin over a materialized right input.
#include "query/exec/hash_join.h"

#include <fmt/format.h>

namespace kg::query {

HashJoin::HashJoin(OperatorPtr left, OperatorPtr right, std::vector<int> keys,
                   std::vector<int> shared, bool optional,
                   std::optional<CompiledExpr> condition, std::size_t width)
    : left_(std::move(left)),
      right_(std::move(right)),
      keys_(keys),
      shared_(std::move(shared)),
      optional_(optional),
      condition_(std::move(condition)),
      width_(width),
      table_(width, std::move(keys)),
      in_(width) {}

Status HashJoin::Open(ExecContext* ctx) {
  ctx_ = ctx;
  in_.Clear();
  in_index_ = 0;
  probing_ = false;
  if (built_) table_.Release(ctx);
  built_ = false;
  KG_RETURN_IF_ERROR(right_->Open(ctx));
  KG_RETURN_IF_ERROR(table_.Build(right_.get(), ctx));
  built_ = true;
  return left_->Open(ctx);
}

Result<bool> HashJoin::Next(Batch* out) {
  merged_.resize(width_);
  while (!out->full()) {
    if (!probing_) {
      if (in_index_ >= in_.size()) {
        in_.Clear();
        in_index_ = 0;
        KG_ASSIGN_OR_RETURN(bool more, left_->Next(&in_));
        if (!more) break;
      }
      KG_RETURN_IF_ERROR(ctx_->Check());
      cands_ = table_.CandidatesFor(in_.row(in_index_));
      matched_ = false;
      probing_ = true;
    }
    const TermId* l = in_.row(in_index_);
    std::size_t j;
    bool exhausted = false;
    while (!out->full()) {
      if (!table_.Next(&cands_, &j)) {
        exhausted = true;
        break;
      }
      const TermId* r = table_.row(j);
      if (!Compatible(l, r, shared_)) continue;
      MergeInto(l, r, width_, merged_.data());
      if (condition_) {
        KG_ASSIGN_OR_RETURN(bool keep,
                            EvaluateFilter(*condition_, merged_.data(), ctx_));
        if (!keep) continue;
      }
      matched_ = true;
      out->Append(merged_.data());
    }
    if (!exhausted) break;  // out is full; resume here
    if (optional_ && !matched_) out->Append(l);
    probing_ = false;
    ++in_index_;
  }
  profile_.actual_rows += out->size();
  return !out->empty();
}

std::string HashJoin::Describe() const {
  return fmt::format("{} ({} key{}{})", optional_ ? "HashLeftJoin" : "HashJoin",
                     keys_.size(), keys_.size() == 1 ? "" : "s",
                     condition_ ? ", with condition" : "");
}

}  // namespace kg::query
