// Extend: BIND (expr AS ?v) and SELECT expressions. Binds the slot to the
// expression's value, or leaves it unbound when the expression errs (§18.5).
#ifndef KG_QUERY_EXEC_EXTEND_H_
#define KG_QUERY_EXEC_EXTEND_H_

#include <string>
#include <vector>

#include "query/exec/expression.h"

namespace kg::query {

struct ExtendBinding {
  CompiledExpr expr;
  int slot;
};

// Several bindings evaluate in order on the same solution (the SELECT
// expressions), so BNODE(str) gives one node per string across them.
class Extend final : public PhysicalOperator {
 public:
  Extend(OperatorPtr input, std::vector<ExtendBinding> bindings,
         std::string text, std::size_t width)
      : input_(std::move(input)),
        bindings_(std::move(bindings)),
        text_(std::move(text)) {}
  Extend(OperatorPtr input, CompiledExpr expr, int slot, std::string text,
         std::size_t width)
      : input_(std::move(input)), text_(std::move(text)) {
    bindings_.push_back(ExtendBinding{std::move(expr), slot});
  }
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
      for (const auto& b : bindings_) {
        KG_ASSIGN_OR_RETURN(TermId v, EvaluateToId(b.expr, r, ctx_));
        r[b.slot] = v;
      }
    }
    profile_.actual_rows += out->size();
    return true;
  }
  std::string Describe() const override { return "Extend " + text_; }
  std::vector<const PhysicalOperator*> children() const override {
    return {input_.get()};
  }

 private:
  OperatorPtr input_;
  std::vector<ExtendBinding> bindings_;
  std::string text_;
  ExecContext* ctx_ = nullptr;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_EXTEND_H_
