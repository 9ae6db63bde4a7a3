// OrderBy: sorts its whole input by the ORDER BY conditions (§15.1 order,
// via OrderCompare), each row's keys computed once. With a LIMIT above it
// (LIMIT push-down), it keeps only the best `top_k` rows as it reads, so
// ORDER BY ... LIMIT holds O(limit) rows.
#ifndef KG_QUERY_EXEC_ORDER_BY_H_
#define KG_QUERY_EXEC_ORDER_BY_H_

#include <optional>
#include <string>
#include <vector>

#include "query/exec/expression.h"

namespace kg::query {

struct SortKey {
  CompiledExpr expr;
  bool descending = false;
};

class OrderBy final : public PhysicalOperator {
 public:
  OrderBy(OperatorPtr input, std::vector<SortKey> keys,
          std::optional<std::uint64_t> top_k, std::size_t width)
      : input_(std::move(input)),
        keys_(std::move(keys)),
        top_k_(top_k),
        rows_(width) {}
  Status Open(ExecContext* ctx) override;
  Result<bool> Next(Batch* out) override;
  std::string Describe() const override;
  std::vector<const PhysicalOperator*> children() const override {
    return {input_.get()};
  }

 private:
  void SortIndexes(std::size_t keep);
  // The first key of rows a and b compared (OrderCompare's sign).
  int CompareFirst(std::size_t a, std::size_t b);
  Status Compact();
  Status Keep(const std::vector<std::size_t>& indexes);
  std::size_t RowBytes() const;

  OperatorPtr input_;
  std::vector<SortKey> keys_;
  std::optional<std::uint64_t> top_k_;
  ExecContext* ctx_ = nullptr;
  Batch rows_;
  std::vector<Value> values_;  // keys_.size() per row of rows_
  // Per row and key: the key's value computed (keys after the first; with
  // a LIMIT they are computed only when a comparison needs them).
  std::vector<char> evaluated_;
  // The value of key j (> 0) of row i, computed on first use; an error
  // goes to error_ (the value then stays unbound).
  const Value& KeyValue(std::size_t i, std::size_t j);
  Status error_;
  // With a LIMIT and a plain variable as the first key, a row whose first
  // key is an inline xsd:integer keeps it as its id (first_lazy_ 1, its
  // value not made): two such rows compare by id, which orders as the
  // values do; the value is made only to compare with another kind.
  bool id_first_ = false;
  std::vector<char> first_lazy_;
  std::vector<std::size_t> order_;
  // With a LIMIT and a plain variable as the first key: once top_k_ rows
  // are kept, the first-key id of the worst of them when it is an inline
  // xsd:integer (whose ids order as the values do). A row whose first key
  // is a strictly worse inline integer is dropped as it arrives, before
  // any key is computed.
  std::optional<TermId> threshold_;
  std::size_t next_ = 0;
  bool sorted_ = false;
  std::int64_t charged_ = 0;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_ORDER_BY_H_
