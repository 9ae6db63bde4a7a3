// MergeJoin: a sort-merge join of two inputs sorted on one slot.
#include "query/exec/merge_join.h"

namespace kg::query {

MergeJoin::MergeJoin(OperatorPtr left, OperatorPtr right, int slot,
                     std::vector<int> shared, std::string variable,
                     std::size_t width)
    : slot_(slot),
      shared_(std::move(shared)),
      variable_(std::move(variable)),
      width_(width),
      left_run_(width),
      right_run_(width),
      merged_(width) {
  left_side_.op = std::move(left);
  right_side_.op = std::move(right);
  left_side_.batch.Reset(width);
  right_side_.batch.Reset(width);
}

Result<const TermId*> MergeJoin::Side::Peek() {
  while (pos >= batch.size()) {
    if (done) return static_cast<const TermId*>(nullptr);
    batch.Clear();
    pos = 0;
    KG_ASSIGN_OR_RETURN(bool more, op->Next(&batch));
    if (!more) done = true;
  }
  return batch.row(pos);
}

Status MergeJoin::TakeRun(Side* side, TermId key, Batch* run) {
  run->Clear();
  while (true) {
    KG_ASSIGN_OR_RETURN(const TermId* r, side->Peek());
    if (r == nullptr || r[slot_] != key) return Status::Ok();
    run->Append(r);
    ++side->pos;
  }
}

Status MergeJoin::Open(ExecContext* ctx) {
  ctx_ = ctx;
  for (Side* s : {&left_side_, &right_side_}) {
    s->batch.Clear();
    s->pos = 0;
    s->done = false;
    KG_RETURN_IF_ERROR(s->op->Open(ctx));
  }
  emitting_ = false;
  return Status::Ok();
}

Result<bool> MergeJoin::Next(Batch* out) {
  while (!out->full()) {
    if (emitting_) {
      while (i_ < left_run_.size() && !out->full()) {
        const TermId* l = left_run_.row(i_);
        const TermId* r = right_run_.row(j_);
        if (Compatible(l, r, shared_)) {
          MergeInto(l, r, width_, merged_.data());
          out->Append(merged_.data());
        }
        if (++j_ >= right_run_.size()) {
          j_ = 0;
          ++i_;
        }
      }
      if (i_ < left_run_.size()) break;
      emitting_ = false;
    }
    KG_RETURN_IF_ERROR(ctx_->Check());
    KG_ASSIGN_OR_RETURN(const TermId* l, left_side_.Peek());
    KG_ASSIGN_OR_RETURN(const TermId* r, right_side_.Peek());
    if (l == nullptr || r == nullptr) break;
    TermId lk = l[slot_], rk = r[slot_];
    if (lk < rk) {
      ++left_side_.pos;
    } else if (rk < lk) {
      ++right_side_.pos;
    } else {
      KG_RETURN_IF_ERROR(TakeRun(&left_side_, lk, &left_run_));
      KG_RETURN_IF_ERROR(TakeRun(&right_side_, rk, &right_run_));
      KG_RETURN_IF_ERROR(ctx_->Charge(0));
      i_ = j_ = 0;
      emitting_ = true;
    }
  }
  profile_.actual_rows += out->size();
  return !out->empty();
}

}  // namespace kg::query
