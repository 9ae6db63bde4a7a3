// RowTable: a materialized input (the build side of a join or MINUS),
// indexed by the ids of key slots that every row binds.
#ifndef KG_QUERY_EXEC_ROW_TABLE_H_
#define KG_QUERY_EXEC_ROW_TABLE_H_

#include <unordered_map>
#include <vector>

#include "query/exec/operator.h"

namespace kg::query {

class RowTable {
 public:
  RowTable(std::size_t width, std::vector<int> key_slots)
      : width_(width), keys_(std::move(key_slots)), rows_(width) {}

  // Reads every row of `input` (already opened), charging memory to `ctx`.
  Status Build(PhysicalOperator* input, ExecContext* ctx) {
    rows_.Reset(width_);
    index_.clear();
    Batch b(width_);
    std::int64_t charged = 0;
    while (true) {
      b.Clear();
      KG_ASSIGN_OR_RETURN(bool more, input->Next(&b));
      if (!more) break;
      KG_RETURN_IF_ERROR(ctx->Check());
      for (std::size_t i = 0; i < b.size(); ++i) rows_.Append(b.row(i));
      std::int64_t bytes = static_cast<std::int64_t>(b.size() * (width_ * 8 + 24));
      charged += bytes;
      KG_RETURN_IF_ERROR(ctx->Charge(bytes));
    }
    charged_ = charged;
    if (!keys_.empty()) {
      for (std::size_t i = 0; i < rows_.size(); ++i) index_[Hash(rows_.row(i))].push_back(i);
    }
    return Status::Ok();
  }
  void Release(ExecContext* ctx) {
    (void)ctx->Charge(-charged_);
    charged_ = 0;
  }

  std::size_t size() const { return rows_.size(); }
  const TermId* row(std::size_t i) const { return rows_.row(i); }

  // The rows that may be compatible with `probe`: those with the same key
  // ids, or every row when there are no keys or the probe lacks one.
  struct Candidates {
    const std::vector<std::size_t>* list = nullptr;  // null: all rows
    std::size_t count = 0;
    std::size_t at(std::size_t k) const { return list ? (*list)[k] : k; }
  };
  Candidates CandidatesFor(const TermId* probe) const {
    if (keys_.empty()) return {nullptr, rows_.size()};
    for (int k : keys_)
      if (probe[k] == kUnbound) return {nullptr, rows_.size()};
    auto it = index_.find(Hash(probe));
    if (it == index_.end()) return {nullptr, 0};
    return {&it->second, it->second.size()};
  }

 private:
  std::uint64_t Hash(const TermId* r) const {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int k : keys_) h = (h ^ r[k]) * 0x100000001b3ull + (h >> 29);
    return h;
  }
  std::size_t width_;
  std::vector<int> keys_;
  Batch rows_;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> index_;
  std::int64_t charged_ = 0;
};

// True when rows a and b agree on every slot in `shared` where both are
// bound (SPARQL compatibility, restricted to the slots that can differ).
inline bool Compatible(const TermId* a, const TermId* b, const std::vector<int>& shared) {
  for (int s : shared)
    if (a[s] != kUnbound && b[s] != kUnbound && a[s] != b[s]) return false;
  return true;
}

// Writes the merge of compatible rows a and b into out.
inline void MergeInto(const TermId* a, const TermId* b, std::size_t width, TermId* out) {
  for (std::size_t i = 0; i < width; ++i) out[i] = a[i] != kUnbound ? a[i] : b[i];
}

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_ROW_TABLE_H_
