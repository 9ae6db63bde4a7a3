// Distinct: drops rows equal, on the given slots, to an earlier row (also
// used for REDUCED, which allows it).
#ifndef KG_QUERY_EXEC_DISTINCT_H_
#define KG_QUERY_EXEC_DISTINCT_H_

#include <string>
#include <unordered_set>
#include <vector>

#include "query/exec/operator.h"

namespace kg::query {

class Distinct final : public PhysicalOperator {
 public:
  Distinct(OperatorPtr input, std::vector<int> slots, std::size_t width)
      : input_(std::move(input)), slots_(std::move(slots)) {}
  Status Open(ExecContext* ctx) override {
    ctx_ = ctx;
    (void)ctx->Charge(-reported_);
    charged_ = reported_ = 0;
    seen_.clear();
    return input_->Open(ctx);
  }
  Result<bool> Next(Batch* out) override {
    Batch in(out->width());
    while (out->empty()) {
      in.Clear();
      KG_ASSIGN_OR_RETURN(bool more, input_->Next(&in));
      if (!more) return false;
      std::string key;
      for (std::size_t i = 0; i < in.size(); ++i) {
        key.clear();
        for (int s : slots_)
          key.append(reinterpret_cast<const char*>(in.row(i) + s),
                     sizeof(TermId));
        if (seen_.insert(key).second) {
          out->Append(in.row(i));
          charged_ += static_cast<std::int64_t>(key.size() + 48);
        }
      }
      KG_RETURN_IF_ERROR(Account());
    }
    profile_.actual_rows += out->size();
    return true;
  }
  std::string Describe() const override { return "Distinct"; }
  std::vector<const PhysicalOperator*> children() const override {
    return {input_.get()};
  }

 private:
  Status Account() {
    std::int64_t delta = charged_ - reported_;
    reported_ = charged_;
    return ctx_->Charge(delta);
  }
  OperatorPtr input_;
  std::vector<int> slots_;
  ExecContext* ctx_ = nullptr;
  std::unordered_set<std::string> seen_;
  std::int64_t charged_ = 0, reported_ = 0;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_DISTINCT_H_
