// UnionAll: the rows of each child in turn (SPARQL UNION keeps duplicates).
#ifndef KG_QUERY_EXEC_UNION_ALL_H_
#define KG_QUERY_EXEC_UNION_ALL_H_

#include <string>
#include <vector>

#include "query/exec/operator.h"

namespace kg::query {

class UnionAll final : public PhysicalOperator {
 public:
  explicit UnionAll(std::vector<OperatorPtr> inputs)
      : inputs_(std::move(inputs)) {}
  Status Open(ExecContext* ctx) override {
    ctx_ = ctx;
    current_ = 0;
    if (!inputs_.empty()) return inputs_[0]->Open(ctx);
    return Status::Ok();
  }
  Result<bool> Next(Batch* out) override {
    while (current_ < inputs_.size()) {
      KG_ASSIGN_OR_RETURN(bool more, inputs_[current_]->Next(out));
      if (more) {
        profile_.actual_rows += out->size();
        return true;
      }
      if (++current_ < inputs_.size())
        KG_RETURN_IF_ERROR(inputs_[current_]->Open(ctx_));
    }
    return false;
  }
  std::string Describe() const override { return "Union"; }
  std::vector<const PhysicalOperator*> children() const override {
    std::vector<const PhysicalOperator*> c;
    for (const auto& i : inputs_) c.push_back(i.get());
    return c;
  }

 private:
  std::vector<OperatorPtr> inputs_;
  std::size_t current_ = 0;
  ExecContext* ctx_ = nullptr;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_UNION_ALL_H_
