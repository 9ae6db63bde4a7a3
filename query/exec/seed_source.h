// SeedSource: the leaf of a correlated sub-plan. It yields the rows it was
// given (one outer row for EXISTS and OPTIONAL, or the single empty row that
// starts every plan), so that the operators above it see the outer bindings
// as already bound.
#ifndef KG_QUERY_EXEC_SEED_SOURCE_H_
#define KG_QUERY_EXEC_SEED_SOURCE_H_

#include <string>
#include <vector>

#include "query/exec/operator.h"

namespace kg::query {

class SeedSource final : public PhysicalOperator {
 public:
  // Starts with one all-unbound row of `width` ids.
  explicit SeedSource(std::size_t width) : width_(width), rows_(width) {
    rows_.AppendUnbound();
  }
  // Replaces the rows to yield (copies `row`).
  void SetRow(const TermId* row) {
    rows_.Reset(width_);
    rows_.Append(row);
  }
  void SetRows(const Batch& rows) { rows_ = rows; }
  // Makes Open() take its rows from `other` (whose rows are set before this
  // one opens): how the sub-plans inside GRAPH see the current graph.
  void set_mirror(const SeedSource* other) { mirror_ = other; }

  Status Open(ExecContext* ctx) override {
    if (mirror_ != nullptr) rows_ = mirror_->rows_;
    done_ = false;
    return Status::Ok();
  }
  Result<bool> Next(Batch* out) override {
    if (done_ || rows_.empty()) return false;
    for (std::size_t i = 0; i < rows_.size(); ++i) out->Append(rows_.row(i));
    done_ = true;
    profile_.actual_rows += rows_.size();
    return true;
  }
  std::string Describe() const override { return "Seed"; }

 private:
  std::size_t width_;
  Batch rows_;
  const SeedSource* mirror_ = nullptr;
  bool done_ = false;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_SEED_SOURCE_H_
