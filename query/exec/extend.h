// Extend: BIND (expr AS ?v) and SELECT expressions. Binds the slot to the
// expression's value, or leaves it unbound when the expression errs (§18.5).
#ifndef KG_QUERY_EXEC_EXTEND_H_
#define KG_QUERY_EXEC_EXTEND_H_

#include <string>

#include "query/exec/expression.h"

namespace kg::query {

class Extend final : public PhysicalOperator {
 public:
  Extend(OperatorPtr input, CompiledExpr expr, int slot, std::string text, std::size_t width)
      : input_(std::move(input)), expr_(std::move(expr)), slot_(slot), text_(std::move(text)) {}
  Status Open(ExecContext* ctx) override {
    ctx_ = ctx;
    return input_->Open(ctx);
  }
  Result<bool> Next(Batch* out) override {
    KG_ASSIGN_OR_RETURN(bool more, input_->Next(out));
    if (!more) return false;
    KG_RETURN_IF_ERROR(ctx_->Check());
    for (std::size_t i = 0; i < out->size(); ++i) {
      TermId* r = out->mutable_row(i);
      ++ctx_->functions().solution_serial;  // BNODE(str) is per solution
      KG_ASSIGN_OR_RETURN(TermId v, EvaluateToId(expr_, r, ctx_));
      r[slot_] = v;
    }
    profile_.actual_rows += out->size();
    return true;
  }
  std::string Describe() const override { return "Extend " + text_; }
  std::vector<const PhysicalOperator*> children() const override { return {input_.get()}; }

 private:
  OperatorPtr input_;
  CompiledExpr expr_;
  int slot_;
  std::string text_;
  ExecContext* ctx_ = nullptr;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_EXTEND_H_
