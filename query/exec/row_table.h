// RowTable: a materialized input (the build side of a join or MINUS),
// indexed by the ids of key slots that every row binds.
#ifndef KG_QUERY_EXEC_ROW_TABLE_H_
#define KG_QUERY_EXEC_ROW_TABLE_H_

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
    slot_hash_.clear();
    slot_head_.clear();
    next_.clear();
    Batch b(width_);
    std::int64_t charged = 0;
    while (true) {
      b.Clear();
      KG_ASSIGN_OR_RETURN(bool more, input->Next(&b));
      if (!more) break;
      KG_RETURN_IF_ERROR(ctx->Check());
      for (std::size_t i = 0; i < b.size(); ++i) rows_.Append(b.row(i));
      std::int64_t bytes =
          static_cast<std::int64_t>(b.size() * (width_ * 8 + 24));
      charged += bytes;
      KG_RETURN_IF_ERROR(ctx->Charge(bytes));
    }
    charged_ = charged;
    if (!keys_.empty()) {
      // Chains in row order: insert from the last row backwards. Open
      // addressing over a power-of-two table at most half full.
      next_.assign(rows_.size(), kEnd);
      std::size_t slots = 16;
      while (slots < 2 * rows_.size()) slots *= 2;
      slot_hash_.assign(slots, 0);
      slot_head_.assign(slots, kEnd);
      const std::size_t mask = slots - 1;
      for (std::size_t i = rows_.size(); i-- > 0;) {
        const std::uint64_t h = Hash(rows_.row(i));
        std::size_t at = Mix(h) & mask;
        while (slot_head_[at] != kEnd && slot_hash_[at] != h)
          at = (at + 1) & mask;
        if (slot_head_[at] != kEnd) next_[i] = slot_head_[at];
        slot_hash_[at] = h;
        slot_head_[at] = i;
      }
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
  // hash (a chain through next_), or every row when there are no keys or
  // the probe lacks one. Iterate with Next().
  struct Candidates {
    bool all = false;
    std::size_t count = 0;  // all: the number of rows
    std::size_t at = kEnd;  // chain: the current row
  };
  static constexpr std::size_t kEnd = ~std::size_t{0};
  Candidates CandidatesFor(const TermId* probe) const {
    if (keys_.empty()) return {true, rows_.size(), 0};
    for (int k : keys_)
      if (probe[k] == kUnbound) return {true, rows_.size(), 0};
    if (slot_head_.empty()) return {false, 0, kEnd};
    const std::uint64_t h = Hash(probe);
    const std::size_t mask = slot_head_.size() - 1;
    for (std::size_t at = Mix(h) & mask; slot_head_[at] != kEnd;
         at = (at + 1) & mask) {
      if (slot_hash_[at] == h) return {false, 0, slot_head_[at]};
    }
    return {false, 0, kEnd};
  }
  // The next candidate row into *row; false at the end.
  bool Next(Candidates* c, std::size_t* row) const {
    if (c->all) {
      if (c->at >= c->count) return false;
      *row = c->at++;
      return true;
    }
    if (c->at == kEnd) return false;
    *row = c->at;
    c->at = next_[c->at];
    return true;
  }

 private:
  std::uint64_t Hash(const TermId* r) const {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int k : keys_) h = (h ^ r[k]) * 0x100000001b3ull + (h >> 29);
    return h;
  }
  // Spreads a key hash over the table's low bits.
  static std::uint64_t Mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
  }
  std::size_t width_;
  std::vector<int> keys_;
  Batch rows_;
  // The chains' heads by key hash: slot_head_ kEnd marks an empty slot.
  std::vector<std::uint64_t> slot_hash_;
  std::vector<std::size_t> slot_head_;
  std::vector<std::size_t> next_;  // row -> next row of its chain
  std::int64_t charged_ = 0;
};

// True when rows a and b agree on every slot in `shared` where both are
// bound (SPARQL compatibility, restricted to the slots that can differ).
inline bool Compatible(const TermId* a, const TermId* b,
                       const std::vector<int>& shared) {
  for (int s : shared)
    if (a[s] != kUnbound && b[s] != kUnbound && a[s] != b[s]) return false;
  return true;
}

// Writes the merge of compatible rows a and b into out.
inline void MergeInto(const TermId* a, const TermId* b, std::size_t width,
                      TermId* out) {
  for (std::size_t i = 0; i < width; ++i)
    out[i] = a[i] != kUnbound ? a[i] : b[i];
}

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_ROW_TABLE_H_
