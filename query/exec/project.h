// Project: keeps the given slots and unbinds every other, so that a
// sub-select's hidden variables never reach the outer query.
#ifndef KG_QUERY_EXEC_PROJECT_H_
#define KG_QUERY_EXEC_PROJECT_H_

#include <string>
#include <vector>

#include "query/exec/operator.h"

namespace kg::query {

class Project final : public PhysicalOperator {
 public:
  Project(OperatorPtr input, std::vector<int> keep, std::size_t width)
      : input_(std::move(input)), keep_(width, false) {
    for (int s : keep) keep_[s] = true;
  }
  Status Open(ExecContext* ctx) override { return input_->Open(ctx); }
  Result<bool> Next(Batch* out) override {
    KG_ASSIGN_OR_RETURN(bool more, input_->Next(out));
    if (!more) return false;
    for (std::size_t i = 0; i < out->size(); ++i) {
      TermId* r = out->mutable_row(i);
      for (std::size_t s = 0; s < keep_.size(); ++s)
        if (!keep_[s]) r[s] = kUnbound;
    }
    profile_.actual_rows += out->size();
    return true;
  }
  std::string Describe() const override { return "Project"; }
  std::vector<const PhysicalOperator*> children() const override {
    return {input_.get()};
  }

 private:
  OperatorPtr input_;
  std::vector<bool> keep_;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_PROJECT_H_
