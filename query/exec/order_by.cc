// OrderBy: materialize, compute the sort keys once per row, sort.
#include "query/exec/order_by.h"

#include <fmt/format.h>

#include <algorithm>

#include "store/encoding.h"

namespace kg::query {

Status OrderBy::Open(ExecContext* ctx) {
  ctx_ = ctx;
  (void)ctx->Charge(-charged_);
  charged_ = 0;
  rows_.Clear();
  values_.clear();
  evaluated_.clear();
  order_.clear();
  first_lazy_.clear();
  error_ = Status::Ok();
  id_first_ = top_k_.has_value() && !keys_.empty() &&
              keys_[0].expr.kind == ast::ExprKind::kVariable;
  threshold_.reset();
  next_ = 0;
  sorted_ = false;
  return input_->Open(ctx);
}

namespace {

bool InlineInteger(TermId id) {
  return id != kUnbound && store::TagOf(id) == store::IdTag::kInteger;
}

}  // namespace

int OrderBy::CompareFirst(std::size_t a, std::size_t b) {
  const std::size_t k = keys_.size();
  if (id_first_) {
    const int slot = keys_[0].expr.slot;
    const TermId ia = rows_.row(a)[slot], ib = rows_.row(b)[slot];
    if (first_lazy_[a] && first_lazy_[b]) return ia < ib ? -1 : ia > ib;
    if (first_lazy_[a]) {
      values_[a * k] = store::DecodeInline(ia);
      first_lazy_[a] = 0;
    }
    if (first_lazy_[b]) {
      values_[b * k] = store::DecodeInline(ib);
      first_lazy_[b] = 0;
    }
  }
  const Value& va = values_[a * k];
  const Value& vb = values_[b * k];
  return OrderCompare(va ? &*va : nullptr, vb ? &*vb : nullptr);
}

const Value& OrderBy::KeyValue(std::size_t i, std::size_t j) {
  const std::size_t at = i * keys_.size() + j;
  if (!evaluated_[at]) {
    evaluated_[at] = 1;
    auto v = Evaluate(keys_[j].expr, rows_.row(i), ctx_);
    if (v.ok()) {
      values_[at] = std::move(*v);
    } else if (error_.ok()) {
      error_ = v.status();
    }
  }
  return values_[at];
}

// Sorts order_ (indexes into rows_/values_) by the keys, only the first
// `keep` positions when keep < size.
void OrderBy::SortIndexes(std::size_t keep) {
  std::size_t n = rows_.size(), k = keys_.size();
  order_.resize(n);
  for (std::size_t i = 0; i < n; ++i) order_[i] = i;
  auto less = [&](std::size_t a, std::size_t b) {
    for (std::size_t j = 0; j < k; ++j) {
      int c;
      if (j == 0) {
        c = CompareFirst(a, b);
      } else {
        const Value& va = KeyValue(a, j);
        const Value& vb = KeyValue(b, j);
        c = OrderCompare(va ? &*va : nullptr, vb ? &*vb : nullptr);
      }
      if (c != 0) return keys_[j].descending ? c > 0 : c < 0;
    }
    return a < b;  // stable: input order among equals
  };
  if (keep < n) {
    std::partial_sort(order_.begin(),
                      order_.begin() + static_cast<std::ptrdiff_t>(keep),
                      order_.end(), less);
    order_.resize(keep);
  } else {
    std::sort(order_.begin(), order_.end(), less);
  }
}

// With a LIMIT, keeps only the best top_k_ rows seen so far, in order, so
// that ORDER BY ... LIMIT holds O(limit) rows, not the whole input. The
// keys after the first are computed only for rows whose first key is among
// the best top_k_ (ties included), and only when a comparison reaches
// them: a costly later key (STR(?r) decodes a term) is then computed for a
// handful of rows, not for every row, also when the input comes in the
// order of the first key (each batch then ties on its best value).
Status OrderBy::Compact() {
  const std::size_t n = rows_.size(), k = keys_.size();
  if (k > 1) {
    std::vector<std::size_t> idx(n);
    for (std::size_t i = 0; i < n; ++i) idx[i] = i;
    auto first_less = [&](std::size_t a, std::size_t b) {
      const int c = CompareFirst(a, b);
      return keys_[0].descending ? c > 0 : c < 0;
    };
    std::size_t keep = std::min<std::size_t>(*top_k_, n);
    if (keep > 0 && keep < n) {
      std::nth_element(idx.begin(),
                       idx.begin() + static_cast<std::ptrdiff_t>(keep - 1),
                       idx.end(), first_less);
      std::size_t threshold = idx[keep - 1];
      // Rows whose first key is no worse than the threshold's.
      std::vector<std::size_t> candidates;
      for (std::size_t i = 0; i < n; ++i)
        if (!first_less(threshold, i)) candidates.push_back(i);
      KG_RETURN_IF_ERROR(Keep(candidates));
    }
  }
  SortIndexes(*top_k_);
  KG_RETURN_IF_ERROR(error_);
  KG_RETURN_IF_ERROR(Keep(order_));
  threshold_.reset();
  if (keys_[0].expr.kind == ast::ExprKind::kVariable && !rows_.empty() &&
      rows_.size() >= *top_k_) {
    const TermId worst = rows_.row(rows_.size() - 1)[keys_[0].expr.slot];
    if (InlineInteger(worst)) threshold_ = worst;
  }
  return Status::Ok();
}

// Keeps the rows at `indexes` (in that order), with their keys.
Status OrderBy::Keep(const std::vector<std::size_t>& indexes) {
  const std::size_t k = keys_.size();
  Batch rows(rows_.width());
  std::vector<Value> values;
  std::vector<char> evaluated, first_lazy;
  values.reserve(indexes.size() * k);
  for (std::size_t i : indexes) {
    rows.Append(rows_.row(i));
    for (std::size_t j = 0; j < k; ++j) {
      values.push_back(std::move(values_[i * k + j]));
      evaluated.push_back(evaluated_[i * k + j]);
    }
    first_lazy.push_back(first_lazy_[i]);
  }
  rows_ = std::move(rows);
  values_ = std::move(values);
  evaluated_ = std::move(evaluated);
  first_lazy_ = std::move(first_lazy);
  std::int64_t now = static_cast<std::int64_t>(rows_.size() * RowBytes());
  KG_RETURN_IF_ERROR(ctx_->Charge(now - charged_));
  charged_ = now;
  return Status::Ok();
}

std::size_t OrderBy::RowBytes() const {
  return rows_.width() * 8 + keys_.size() * (sizeof(Value) + 32) + 8;
}

Result<bool> OrderBy::Next(Batch* out) {
  if (!sorted_) {
    Batch b(rows_.width());
    const std::size_t compact_at =
        top_k_ ? std::max<std::size_t>(2 * *top_k_, 4096) : 0;
    while (true) {
      b.Clear();
      KG_ASSIGN_OR_RETURN(bool more, input_->Next(&b));
      if (!more) break;
      KG_RETURN_IF_ERROR(ctx_->Check());
      // With a LIMIT only the first key is computed now (see Compact).
      const bool lazy = top_k_.has_value();
      std::size_t appended = 0;
      for (std::size_t i = 0; i < b.size(); ++i) {
        if (threshold_) {
          const TermId id = b.row(i)[keys_[0].expr.slot];
          if (InlineInteger(id) &&
              (keys_[0].descending ? id < *threshold_ : id > *threshold_))
            continue;  // cannot make the top_k_
        }
        ++appended;
        rows_.Append(b.row(i));
        const bool id_only =
            id_first_ && InlineInteger(b.row(i)[keys_[0].expr.slot]);
        first_lazy_.push_back(id_only ? 1 : 0);
        for (std::size_t j = 0; j < keys_.size(); ++j) {
          Value v;
          const bool now = (j == 0 && !id_only) || (j > 0 && !lazy);
          if (now) {
            KG_ASSIGN_OR_RETURN(v, Evaluate(keys_[j].expr, b.row(i), ctx_));
          }
          values_.push_back(std::move(v));
          // The first key is never computed through KeyValue.
          evaluated_.push_back(j == 0 || now ? 1 : 0);
        }
      }
      std::int64_t bytes = static_cast<std::int64_t>(appended * RowBytes());
      charged_ += bytes;
      KG_RETURN_IF_ERROR(ctx_->Charge(bytes));
      if (top_k_ && rows_.size() >= compact_at) KG_RETURN_IF_ERROR(Compact());
    }
    if (top_k_) {
      KG_RETURN_IF_ERROR(Compact());
      order_.resize(rows_.size());
      for (std::size_t i = 0; i < rows_.size(); ++i) order_[i] = i;
    } else {
      SortIndexes(rows_.size());
      KG_RETURN_IF_ERROR(error_);
    }
    sorted_ = true;
  }
  while (next_ < order_.size() && !out->full())
    out->Append(rows_.row(order_[next_++]));
  profile_.actual_rows += out->size();
  return !out->empty();
}

std::string OrderBy::Describe() const {
  return top_k_
             ? fmt::format("OrderBy ({} keys, top {})", keys_.size(), *top_k_)
             : fmt::format("OrderBy ({} keys)", keys_.size());
}

}  // namespace kg::query
