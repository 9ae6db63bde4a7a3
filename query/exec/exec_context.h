// What every operator of one query execution shares: the snapshot it reads,
// the id <-> term mapping (with query-local ids for computed terms), the
// function state, and the limits (cancellation, timeout, memory budget)
// that every operator checks through Check() and Charge().
#ifndef KG_QUERY_EXEC_EXEC_CONTEXT_H_
#define KG_QUERY_EXEC_EXEC_CONTEXT_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kg/database.h"
#include "kg/status.h"
#include "kg/term.h"
#include "query/exec/functions.h"
#include "store/encoding.h"
#include "store/id_table.h"
#include "store/quad_store.h"

namespace kg::query {

using store::TermId;

// A variable with no value in a row.
inline constexpr TermId kUnbound = ~TermId{0};
// Terms that the store does not hold (computed by BIND, functions, VALUES
// constants, fresh blank nodes) get ids with this tag, local to the query.
inline constexpr std::uint8_t kLocalTag = 0x20;

inline bool IsLocalId(TermId id) {
  return (id >> store::kTagShift) == kLocalTag;
}

// Maps terms to ids and back for one query. Every term has exactly one id
// within a query, so that joins can compare ids: a term the store holds gets
// its store id (inline literals are encoded, never looked up), any other a
// local id.
class TermResolver {
 public:
  explicit TermResolver(const store::ReadView* view) : view_(view) {}

  Result<TermId> IdOf(const Term& term);
  // The id of `term` if the store holds it (or it is inline); nullopt
  // otherwise. Never creates a local id.
  Result<std::optional<TermId>> StoreIdOf(const Term& term);
  // REQUIRES: id != kUnbound. The decoded term stays valid for the query.
  Result<const Term*> TermOf(TermId id);
  // Decodes the store terms among `ids` that no TermOf has decoded yet, in
  // one batched dictionary read, so that TermOf finds them (for the rows
  // of a batch about to be output). Reorders `ids`.
  Status DecodeAll(std::vector<TermId>* ids);

  std::size_t memory_bytes() const { return memory_bytes_; }

 private:
  const store::ReadView* view_;
  std::vector<Term> local_terms_;
  std::unordered_map<std::string, TermId> local_ids_;  // by N-Triples form
  // The decoded store terms (a deque: a term never moves once added),
  // found by id through their index in it.
  const Term* FindDecoded(TermId id) const;
  std::deque<Term> decoded_;
  store::IdTable<std::uint32_t> decoded_index_;
  const Term* Keep(TermId id, Term&& term);
  std::size_t memory_bytes_ = 0;
};

class ExecContext {
 public:
  ExecContext(const store::ReadView* view, QueryLimits limits,
              std::shared_ptr<CancellationToken> cancel);

  const store::ReadView& view() const { return *view_; }
  TermResolver& terms() { return terms_; }
  FunctionContext& functions() { return functions_; }

  // kAborted when the query was cancelled, ran past its timeout, or holds
  // more memory than its budget. Cheap; call it once per batch or loop.
  Status Check();
  // True when the query was cancelled or ran past its timeout; safe to
  // call from any thread.
  bool Expired() const;
  // kAborted when Expired(), with the error Check() gives.
  Status CheckExpired() const;
  // The bytes the memory budget has left (the most a size_t holds without
  // a budget).
  std::size_t MemoryLeft() const;
  // The error of a query past its memory budget.
  Status OverBudget() const;
  // Records `bytes` more memory held by an operator (negative to release);
  // kAborted past the budget.
  Status Charge(std::int64_t bytes);

  // Set by an operator when its estimate used statistics that are not
  // exact; shown by EXPLAIN.
  bool stale_statistics = false;

 private:
  Status CheckMemory() const;
  Status TimedOut() const;

  const store::ReadView* view_;
  TermResolver terms_;
  FunctionContext functions_;
  QueryLimits limits_;
  std::shared_ptr<CancellationToken> cancel_;
  std::chrono::steady_clock::time_point deadline_;
  bool has_deadline_ = false;
  std::int64_t charged_ = 0;
  std::uint32_t checks_ = 0;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_EXEC_CONTEXT_H_
