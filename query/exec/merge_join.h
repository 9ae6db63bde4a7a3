// MergeJoin: joins two inputs that both arrive sorted on one variable (two
// index scans whose next key position after their constants is that
// variable). Equal runs are joined as a cross product, checking the other
// shared variables for compatibility. Used instead of an index nested-loop
// join when scanning the second pattern whole is cheaper than one seek per
// row of the first.
#ifndef KG_QUERY_EXEC_MERGE_JOIN_H_
#define KG_QUERY_EXEC_MERGE_JOIN_H_

#include <string>
#include <vector>

#include "query/exec/row_table.h"

namespace kg::query {

class MergeJoin final : public PhysicalOperator {
 public:
  MergeJoin(OperatorPtr left, OperatorPtr right, int slot,
            std::vector<int> shared, std::string variable, std::size_t width);
  Status Open(ExecContext* ctx) override;
  Result<bool> Next(Batch* out) override;
  std::string Describe() const override { return "MergeJoin on " + variable_; }
  std::vector<const PhysicalOperator*> children() const override {
    return {left_.get(), right_.get()};
  }

 private:
  // One sorted input, read a row at a time.
  struct Side {
    OperatorPtr op;
    Batch batch;
    std::size_t pos = 0;
    bool done = false;
    // The current row, or null at the end.
    Result<const TermId*> Peek();
  };
  // Moves the rows of `side` whose key is `key` into `run`.
  Status TakeRun(Side* side, TermId key, Batch* run);

  Side left_side_, right_side_;
  OperatorPtr& left_ = left_side_.op;
  OperatorPtr& right_ = right_side_.op;
  int slot_;
  std::vector<int> shared_;
  std::string variable_;
  std::size_t width_;
  ExecContext* ctx_ = nullptr;
  Batch left_run_, right_run_;
  std::size_t i_ = 0, j_ = 0;
  bool emitting_ = false;
  std::vector<TermId> merged_;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_MERGE_JOIN_H_
