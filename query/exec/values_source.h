// ValuesSource: the rows of a VALUES block (or any fixed table of ids).
#ifndef KG_QUERY_EXEC_VALUES_SOURCE_H_
#define KG_QUERY_EXEC_VALUES_SOURCE_H_

#include <string>

#include "query/exec/operator.h"

namespace kg::query {

class ValuesSource final : public PhysicalOperator {
 public:
  ValuesSource(Batch rows, std::string text)
      : rows_(std::move(rows)), text_(std::move(text)) {}
  Status Open(ExecContext* ctx) override {
    next_ = 0;
    return Status::Ok();
  }
  Result<bool> Next(Batch* out) override {
    while (next_ < rows_.size() && !out->full())
      out->Append(rows_.row(next_++));
    profile_.actual_rows += out->size();
    return !out->empty();
  }
  std::string Describe() const override { return "Values " + text_; }

 private:
  Batch rows_;
  std::string text_;
  std::size_t next_ = 0;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_VALUES_SOURCE_H_
