// QueryResult: pulling rows from the plan and decoding them at output;
// CONSTRUCT templates and DESCRIBE descriptions are built here.
#include <fmt/format.h>

#include <map>

#include "query/exec/pattern_join.h"
#include "query/query_result_impl.h"

namespace kg {

using query::kUnbound;
using query::TermId;

// Memory one distinct triple of a graph result holds (set node + queue).
constexpr std::int64_t kEmittedTripleBytes = 96;

QueryResult::QueryResult(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;
QueryResult::~QueryResult() = default;

QueryResultKind QueryResult::kind() const { return impl_->kind; }
const std::vector<std::string>& QueryResult::variables() const {
  return impl_->variables;
}
bool QueryResult::boolean() const { return impl_->boolean; }
double QueryResult::engine_ms() const { return impl_->engine_ms; }

Result<bool> QueryResult::Next(ResultRow* row) {
  auto t0 = std::chrono::steady_clock::now();
  Result<bool> r =
      impl_->kind == QueryResultKind::kGraph       ? impl_->NextTriple(row)
      : impl_->kind == QueryResultKind::kSolutions ? impl_->NextSolution(row)
                                                   : Result<bool>(false);
  impl_->engine_ms += std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - t0)
                          .count();
  return r;
}

Result<bool> QueryResult::Impl::Pull() {
  if (exhausted) return false;
  batch.Reset(plan.width);
  batch_pos = 0;
  KG_RETURN_IF_ERROR(ctx->Check());
  KG_ASSIGN_OR_RETURN(bool more, plan.root->Next(&batch));
  if (!more) exhausted = true;
  if (kind == QueryResultKind::kSolutions && !batch.empty()) {
    // The batch's terms in one dictionary read rather than one per term.
    std::vector<TermId> ids;
    ids.reserve(batch.size() * plan.slots.size());
    for (std::size_t i = 0; i < batch.size(); ++i)
      for (int s : plan.slots) ids.push_back(batch.row(i)[s]);
    KG_RETURN_IF_ERROR(ctx->terms().DecodeAll(&ids));
  }
  return more;
}

Result<bool> QueryResult::Impl::NextSolution(ResultRow* row) {
  while (batch_pos >= batch.size()) {
    KG_ASSIGN_OR_RETURN(bool more, Pull());
    if (!more) return false;
  }
  const TermId* r = batch.row(batch_pos++);
  row->assign(plan.slots.size(), std::nullopt);
  for (std::size_t i = 0; i < plan.slots.size(); ++i) {
    TermId id = r[plan.slots[i]];
    if (id == kUnbound) continue;
    KG_ASSIGN_OR_RETURN(const Term* t, ctx->terms().TermOf(id));
    (*row)[i] = *t;
  }
  return true;
}

Status QueryResult::Impl::Instantiate(const TermId* row) {
  ++row_serial;
  std::map<std::string, TermId> blanks;
  for (const auto& t : plan.construct) {
    std::array<TermId, 3> ids;
    const query::TemplateTerm* parts[3] = {&t.s, &t.p, &t.o};
    bool ok = true;
    for (int i = 0; i < 3 && ok; ++i) {
      const auto& part = *parts[i];
      switch (part.kind) {
        case query::TemplateTerm::Kind::kConstant:
          ids[i] = part.constant;
          break;
        case query::TemplateTerm::Kind::kVariable:
          ids[i] = row[part.slot];
          break;
        case query::TemplateTerm::Kind::kBlank: {
          auto it = blanks.find(part.blank_label);
          if (it == blanks.end()) {
            KG_ASSIGN_OR_RETURN(TermId id,
                                ctx->terms().IdOf(Term::Blank(fmt::format(
                                    "c{}_{}", row_serial, part.blank_label))));
            it = blanks.emplace(part.blank_label, id).first;
          }
          ids[i] = it->second;
          break;
        }
      }
      if (ids[i] == kUnbound) ok = false;
    }
    if (!ok) continue;
    // §16.2: a triple that would not be valid RDF is left out.
    KG_ASSIGN_OR_RETURN(const Term* s, ctx->terms().TermOf(ids[0]));
    KG_ASSIGN_OR_RETURN(const Term* p, ctx->terms().TermOf(ids[1]));
    if (s->is_literal() || !p->is_iri()) continue;
    if (emitted.insert(ids).second) {
      pending.push_back(ids);
      KG_RETURN_IF_ERROR(ctx->Charge(kEmittedTripleBytes));
    }
  }
  return Status::Ok();
}

// The outgoing triples of `node`, and of blank nodes reached from it (a
// concise bounded description).
Status QueryResult::Impl::Describe(TermId node) {
  std::vector<TermId> todo{node};
  while (!todo.empty()) {
    TermId n = todo.back();
    todo.pop_back();
    if (!described.insert(n).second) continue;
    if (n == kUnbound || query::IsLocalId(n)) continue;
    store::IdPattern pat;
    pat.s = n;
    std::vector<TermId> graphs;
    if (plan.has_from) {
      graphs = plan.default_graphs;
    } else if (plan.mode == DefaultGraphMode::kStrict) {
      graphs = {store::kDefaultGraphId};
    } else {
      graphs = {kUnbound};
    }
    for (TermId g : graphs) {
      store::IdPattern gp = pat;
      if (g != kUnbound) gp.g = g;
      auto cursor = view->NewCursor(gp);
      store::IdQuad q;
      while (cursor->Next(&q)) {
        std::array<TermId, 3> ids{q.s, q.p, q.o};
        if (emitted.insert(ids).second) {
          pending.push_back(ids);
          KG_RETURN_IF_ERROR(ctx->Charge(kEmittedTripleBytes));
        }
        if (store::TagOf(q.o) == store::IdTag::kBlank) todo.push_back(q.o);
      }
      KG_RETURN_IF_ERROR(cursor->status());
    }
  }
  return Status::Ok();
}

Result<bool> QueryResult::Impl::NextTriple(ResultRow* row) {
  while (pending_pos >= pending.size()) {
    pending.clear();
    pending_pos = 0;
    if (batch_pos >= batch.size()) {
      KG_ASSIGN_OR_RETURN(bool more, Pull());
      if (!more) {
        // DESCRIBE of constants only: the plan yields one row.
        return false;
      }
      continue;
    }
    const TermId* r = batch.row(batch_pos++);
    if (plan.form == query::ast::QueryForm::kConstruct) {
      KG_RETURN_IF_ERROR(Instantiate(r));
    } else {
      for (const auto& t : plan.describe) {
        TermId id = t.kind == query::TemplateTerm::Kind::kVariable ? r[t.slot]
                                                                   : t.constant;
        if (id != kUnbound) KG_RETURN_IF_ERROR(Describe(id));
      }
    }
  }
  const auto& ids = pending[pending_pos++];
  row->assign(3, std::nullopt);
  for (int i = 0; i < 3; ++i) {
    KG_ASSIGN_OR_RETURN(const Term* t, ctx->terms().TermOf(ids[i]));
    (*row)[i] = *t;
  }
  return true;
}

}  // namespace kg
