// Filter: keeps the rows on which an expression's effective boolean value is
// true (errors count as false, §17.2).
#ifndef KG_QUERY_EXEC_FILTER_H_
#define KG_QUERY_EXEC_FILTER_H_

#include <string>

#include "query/exec/expression.h"

namespace kg::query {

class Filter final : public PhysicalOperator {
 public:
  Filter(OperatorPtr input, CompiledExpr expr, std::string text,
         std::size_t width)
      : input_(std::move(input)),
        expr_(std::move(expr)),
        text_(std::move(text)),
        in_(width) {}
  Status Open(ExecContext* ctx) override {
    ctx_ = ctx;
    return input_->Open(ctx);
  }
  Result<bool> Next(Batch* out) override {
    while (out->empty()) {
      in_.Clear();
      KG_ASSIGN_OR_RETURN(bool more, input_->Next(&in_));
      if (!more) return false;
      KG_RETURN_IF_ERROR(ctx_->Check());
      for (std::size_t i = 0; i < in_.size(); ++i) {
        ++ctx_->functions().solution_serial;
        KG_ASSIGN_OR_RETURN(bool keep, EvaluateFilter(expr_, in_.row(i), ctx_));
        if (keep) out->Append(in_.row(i));
      }
    }
    profile_.actual_rows += out->size();
    return true;
  }
  std::string Describe() const override { return "Filter " + text_; }
  std::vector<const PhysicalOperator*> children() const override {
    return {input_.get()};
  }

 private:
  OperatorPtr input_;
  CompiledExpr expr_;
  std::string text_;
  ExecContext* ctx_ = nullptr;
  Batch in_;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_FILTER_H_
