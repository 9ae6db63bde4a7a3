// OrderBy: materialize, compute the sort keys once per row, sort.
#include "query/exec/order_by.h"

#include <fmt/format.h>

#include <algorithm>

namespace kg::query {

Status OrderBy::Open(ExecContext* ctx) {
  ctx_ = ctx;
  (void)ctx->Charge(-charged_);
  charged_ = 0;
  rows_.Clear();
  order_.clear();
  next_ = 0;
  sorted_ = false;
  return input_->Open(ctx);
}

Result<bool> OrderBy::Next(Batch* out) {
  if (!sorted_) {
    Batch b(rows_.width());
    while (true) {
      b.Clear();
      KG_ASSIGN_OR_RETURN(bool more, input_->Next(&b));
      if (!more) break;
      for (std::size_t i = 0; i < b.size(); ++i) rows_.Append(b.row(i));
      std::int64_t bytes = static_cast<std::int64_t>(b.size() * (rows_.width() * 8 + 16 * keys_.size() + 8));
      charged_ += bytes;
      KG_RETURN_IF_ERROR(ctx_->Charge(bytes));
      KG_RETURN_IF_ERROR(ctx_->Check());
    }
    // Sort keys as terms; nullopt (unbound or error) sorts first.
    std::size_t n = rows_.size(), k = keys_.size();
    std::vector<Value> values(n * k);
    for (std::size_t i = 0; i < n; ++i) {
      if ((i & 1023) == 0) KG_RETURN_IF_ERROR(ctx_->Check());
      for (std::size_t j = 0; j < k; ++j) {
        KG_ASSIGN_OR_RETURN(values[i * k + j], Evaluate(keys_[j].expr, rows_.row(i), ctx_));
      }
    }
    order_.resize(n);
    for (std::size_t i = 0; i < n; ++i) order_[i] = i;
    auto less = [&](std::size_t a, std::size_t b) {
      for (std::size_t j = 0; j < k; ++j) {
        const Value& va = values[a * k + j];
        const Value& vb = values[b * k + j];
        int c = OrderCompare(va ? &*va : nullptr, vb ? &*vb : nullptr);
        if (c != 0) return keys_[j].descending ? c > 0 : c < 0;
      }
      return a < b;  // stable
    };
    if (top_k_ && *top_k_ < n) {
      std::partial_sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(*top_k_),
                        order_.end(), less);
      order_.resize(*top_k_);
    } else {
      std::sort(order_.begin(), order_.end(), less);
    }
    sorted_ = true;
  }
  while (next_ < order_.size() && !out->full()) out->Append(rows_.row(order_[next_++]));
  profile_.actual_rows += out->size();
  return !out->empty();
}

std::string OrderBy::Describe() const {
  return top_k_ ? fmt::format("OrderBy ({} keys, top {})", keys_.size(), *top_k_)
                : fmt::format("OrderBy ({} keys)", keys_.size());
}

}  // namespace kg::query
