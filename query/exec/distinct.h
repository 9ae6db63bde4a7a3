// Distinct: drops rows equal, on the given slots, to an earlier row (also
// used for REDUCED, which allows it).
#ifndef KG_QUERY_EXEC_DISTINCT_H_
#define KG_QUERY_EXEC_DISTINCT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "query/exec/operator.h"

namespace kg::query {

class Distinct final : public PhysicalOperator {
 public:
  Distinct(OperatorPtr input, std::vector<int> slots, std::size_t width)
      : input_(std::move(input)),
        slots_(std::move(slots)),
        table_(64, kEmpty) {}
  Status Open(ExecContext* ctx) override {
    ctx_ = ctx;
    (void)ctx->Charge(-reported_);
    charged_ = reported_ = 0;
    keys_.clear();
    count_ = 0;
    table_.assign(64, kEmpty);
    return input_->Open(ctx);
  }
  Result<bool> Next(Batch* out) override {
    Batch in(out->width());
    while (out->empty()) {
      in.Clear();
      KG_ASSIGN_OR_RETURN(bool more, input_->Next(&in));
      if (!more) return false;
      for (std::size_t i = 0; i < in.size(); ++i) {
        if (Insert(in.row(i))) {
          out->Append(in.row(i));
          charged_ +=
              static_cast<std::int64_t>((slots_.size() + 2) * sizeof(TermId));
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
  static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};
  static std::uint64_t Mix(std::uint64_t h, TermId v) {
    h = (h ^ v) * 0xff51afd7ed558ccdull;
    return h ^ (h >> 32);
  }
  // The hash of row r's key, or of a key stored in keys_.
  std::uint64_t HashRow(const TermId* r) const {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int s : slots_) h = Mix(h, r[s]);
    return h;
  }
  std::uint64_t HashKey(const TermId* k) const {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (std::size_t j = 0; j < slots_.size(); ++j) h = Mix(h, k[j]);
    return h;
  }
  bool Equal(const TermId* r, std::uint32_t key) const {
    const TermId* k = keys_.data() + std::size_t{key} * slots_.size();
    for (std::size_t j = 0; j < slots_.size(); ++j)
      if (r[slots_[j]] != k[j]) return false;
    return true;
  }
  // Adds row r's key to the set; false when it was there already. Open
  // addressing over a power-of-two table at most half full, holding
  // indexes into keys_.
  bool Insert(const TermId* r) {
    std::size_t mask = table_.size() - 1;
    for (std::size_t at = HashRow(r) & mask;; at = (at + 1) & mask) {
      if (table_[at] == kEmpty) {
        table_[at] = static_cast<std::uint32_t>(count_++);
        for (int s : slots_) keys_.push_back(r[s]);
        if (2 * count_ > table_.size()) Grow();
        return true;
      }
      if (Equal(r, table_[at])) return false;
    }
  }
  void Grow() {
    std::vector<std::uint32_t> old(2 * table_.size(), kEmpty);
    old.swap(table_);
    const std::size_t mask = table_.size() - 1;
    for (std::uint32_t key : old) {
      if (key == kEmpty) continue;
      std::size_t at =
          HashKey(keys_.data() + std::size_t{key} * slots_.size()) & mask;
      while (table_[at] != kEmpty) at = (at + 1) & mask;
      table_[at] = key;
    }
  }
  Status Account() {
    std::int64_t delta = charged_ - reported_;
    reported_ = charged_;
    return ctx_->Charge(delta);
  }
  OperatorPtr input_;
  std::vector<int> slots_;
  ExecContext* ctx_ = nullptr;
  std::vector<std::uint32_t> table_;  // indexes into keys_, or kEmpty
  std::vector<TermId> keys_;          // slots_.size() ids per distinct row
  std::size_t count_ = 0;
  std::int64_t charged_ = 0, reported_ = 0;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_DISTINCT_H_
