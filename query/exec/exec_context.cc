// TermResolver and ExecContext: ids for terms, and the per-query limits.
#include "query/exec/exec_context.h"

#include <fmt/format.h>
#include <sched.h>

#include <algorithm>

namespace kg::query {

Result<std::optional<TermId>> TermResolver::StoreIdOf(const Term& term) {
  if (term.is_default_graph())
    return std::optional<TermId>(store::kDefaultGraphId);
  if (auto inline_id = store::EncodeInline(term)) return inline_id;
  return view_->Lookup(term);
}

Result<TermId> TermResolver::IdOf(const Term& term) {
  KG_ASSIGN_OR_RETURN(std::optional<TermId> sid, StoreIdOf(term));
  if (sid) return *sid;
  std::string key = term.ToNTriples();
  auto it = local_ids_.find(key);
  if (it != local_ids_.end()) return it->second;
  TermId id =
      store::MakeId(static_cast<store::IdTag>(kLocalTag), local_terms_.size());
  memory_bytes_ += 2 * key.size() + 96;
  local_terms_.push_back(term);
  local_ids_.emplace(std::move(key), id);
  return id;
}

Result<const Term*> TermResolver::TermOf(TermId id) {
  if (IsLocalId(id)) {
    std::uint64_t index = store::PayloadOf(id);
    if (index >= local_terms_.size())
      return Status::Internal("unknown query-local term id");
    return &local_terms_[index];
  }
  if (const Term* t = FindDecoded(id)) return t;
  Term term;
  if (store::IsInline(id)) {
    term = store::DecodeInline(id);
  } else if (id == store::kDefaultGraphId) {
    term = Term::DefaultGraph();
  } else {
    KG_ASSIGN_OR_RETURN(term, view_->Decode(id));
  }
  return Keep(id, std::move(term));
}

const Term* TermResolver::FindDecoded(TermId id) const {
  const std::uint32_t* index = decoded_index_.Find(id);
  return index != nullptr ? &decoded_[*index] : nullptr;
}

// REQUIRES: id is not decoded yet.
const Term* TermResolver::Keep(TermId id, Term&& term) {
  memory_bytes_ += term.lexical.size() + term.datatype.size() + 128;
  decoded_index_[id] = static_cast<std::uint32_t>(decoded_.size());
  decoded_.push_back(std::move(term));
  return &decoded_.back();
}

Status TermResolver::DecodeAll(std::vector<TermId>* ids) {
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  std::erase_if(*ids, [&](TermId id) {
    return id == kUnbound || IsLocalId(id) || store::IsInline(id) ||
           FindDecoded(id) != nullptr;
  });
  if (ids->empty()) return Status::Ok();
  return view_->DecodeMany(*ids, [&](std::size_t i, Term&& t) {
    Keep((*ids)[i], std::move(t));
    return Status::Ok();
  });
}

ExecContext::ExecContext(const store::ReadView* view, QueryLimits limits,
                         std::shared_ptr<CancellationToken> cancel)
    : view_(view), terms_(view), limits_(limits), cancel_(std::move(cancel)) {
  if (limits_.timeout.count() > 0) {
    has_deadline_ = true;
    deadline_ = std::chrono::steady_clock::now() + limits_.timeout;
  }
}

Status ExecContext::Check() {
  if (cancel_ && cancel_->cancelled())
    return Status::Aborted("query cancelled");
  // Called between batches: let a waiting or committing writer run.
  if (view_->WriterBusy()) sched_yield();
  if (has_deadline_ && (++checks_ & 63) == 0 &&
      std::chrono::steady_clock::now() > deadline_) {
    return TimedOut();
  }
  return CheckMemory();
}

Status ExecContext::TimedOut() const {
  return Status::Aborted(fmt::format(
      "query timed out after {} ms (limit set by the query timeout)",
      limits_.timeout.count()));
}

Status ExecContext::CheckExpired() const {
  if (cancel_ && cancel_->cancelled())
    return Status::Aborted("query cancelled");
  if (has_deadline_ && std::chrono::steady_clock::now() > deadline_)
    return TimedOut();
  return Status::Ok();
}

bool ExecContext::Expired() const { return !CheckExpired().ok(); }

Status ExecContext::CheckMemory() const {
  if (limits_.memory_bytes > 0 &&
      static_cast<std::size_t>(charged_) + terms_.memory_bytes() >
          limits_.memory_bytes) {
    return OverBudget();
  }
  return Status::Ok();
}

Status ExecContext::OverBudget() const {
  return Status::Aborted(
      fmt::format("query exceeded its memory budget of {} MiB",
                  limits_.memory_bytes >> 20));
}

std::size_t ExecContext::MemoryLeft() const {
  if (limits_.memory_bytes == 0) return ~std::size_t{0};
  const std::size_t used =
      static_cast<std::size_t>(charged_) + terms_.memory_bytes();
  return used >= limits_.memory_bytes ? 0 : limits_.memory_bytes - used;
}

Status ExecContext::Charge(std::int64_t bytes) {
  charged_ += bytes;
  if (charged_ < 0) charged_ = 0;
  if (bytes > 0) return CheckMemory();
  return Status::Ok();
}

}  // namespace kg::query
