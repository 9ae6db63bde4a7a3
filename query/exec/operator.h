// The physical operator interface: operators pull batches of rows of term
// ids from their children (late materialization: terms are decoded only by
// expressions that need values and at output). One operator per file in
// query/exec/.
#ifndef KG_QUERY_EXEC_OPERATOR_H_
#define KG_QUERY_EXEC_OPERATOR_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kg/status.h"
#include "query/exec/exec_context.h"

namespace kg::query {

// Rows of `width` ids each, stored one after another. Every row of a query
// has one slot per variable of the query (unbound: kUnbound); the width is
// at least 1 (the planner reserves a slot even for a query without any).
class Batch {
 public:
  static constexpr std::size_t kCapacity = 1024;

  explicit Batch(std::size_t width = 1) : width_(width) {}
  void Reset(std::size_t width) {
    width_ = width;
    ids_.clear();
  }
  void Clear() { ids_.clear(); }
  std::size_t width() const { return width_; }
  std::size_t size() const { return ids_.size() / width_; }
  bool empty() const { return size() == 0; }
  bool full() const { return size() >= kCapacity; }
  const TermId* row(std::size_t i) const { return ids_.data() + i * width_; }
  TermId* mutable_row(std::size_t i) { return ids_.data() + i * width_; }
  // Appends a copy of `row` (width() ids) and returns it.
  TermId* Append(const TermId* row) {
    ids_.insert(ids_.end(), row, row + width_);
    return ids_.data() + ids_.size() - width_;
  }
  // Appends a row of kUnbound and returns it.
  TermId* AppendUnbound() {
    ids_.resize(ids_.size() + width_, kUnbound);
    return ids_.data() + ids_.size() - width_;
  }
  void PopBack() { ids_.resize(ids_.size() - width_); }

 private:
  std::size_t width_;
  std::vector<TermId> ids_;
};

// What EXPLAIN shows of an operator.
struct OperatorProfile {
  double estimated_rows = 0;
  bool estimate_stale = false;
  std::uint64_t actual_rows = 0;
  std::chrono::nanoseconds time{0};  // including children
};

class PhysicalOperator {
 public:
  virtual ~PhysicalOperator() = default;

  // Starts (or restarts) the operator. Called before the first Next();
  // calling it again rewinds to the beginning.
  virtual Status Open(ExecContext* ctx) = 0;
  // Appends rows to `out` (which the caller cleared) until it is full or
  // the operator is exhausted. Returns true iff it appended at least one
  // row; false means the operator is exhausted.
  virtual Result<bool> Next(Batch* out) = 0;

  // One line for EXPLAIN: the operator's name and arguments.
  virtual std::string Describe() const = 0;
  virtual std::vector<const PhysicalOperator*> children() const { return {}; }

  // For GROUP BY with only counts: when this operator can count its rows
  // by the id in `slot` faster than producing them (binding every slot in
  // `bound` in every row), the counts into *counts and true; false (the
  // default) when it cannot. Called after Open(), instead of Next().
  virtual Result<bool> CountRowsBy(
      int slot, const std::vector<int>& bound,
      std::vector<std::pair<TermId, std::uint64_t>>* counts) {
    (void)slot, (void)bound, (void)counts;
    return false;
  }

  OperatorProfile& profile() { return profile_; }
  const OperatorProfile& profile() const { return profile_; }

 protected:
  OperatorProfile profile_;
};

using OperatorPtr = std::unique_ptr<PhysicalOperator>;

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_OPERATOR_H_
