// PatternJoin: index nested-loop join with one triple pattern.
#include "query/exec/pattern_join.h"

#include <fmt/format.h>

#include <algorithm>

namespace kg::query {

PatternJoin::PatternJoin(OperatorPtr input, PatternTerm s, PatternTerm p,
                         PatternTerm o, GraphSpec graph, std::size_t width)
    : input_(std::move(input)),
      pos_{std::move(s), std::move(p), std::move(o)},
      graph_(std::move(graph)),
      width_(width),
      in_(width) {}

Status PatternJoin::Open(ExecContext* ctx) {
  ctx_ = ctx;
  in_.Reset(width_);
  in_index_ = 0;
  input_done_ = false;
  row_ = nullptr;
  cursor_.reset();
  probed_.clear();
  hit_pos_ = hit_end_ = 0;
  return input_->Open(ctx);
}

namespace {

// Past this many candidate graphs a row is scanned rather than probed.
constexpr std::size_t kMaxProbeGraphs = 8;

}  // namespace

Result<bool> PatternJoin::ProbeGraphs(const TermId* row,
                                      std::vector<TermId>* graphs) {
  graphs->clear();
  auto store_graphs = [&]() -> Result<const std::vector<TermId>*> {
    if (!store_graphs_read_) {
      KG_ASSIGN_OR_RETURN(store_graphs_,
                          ctx_->view().FewGraphs(kMaxProbeGraphs));
      store_graphs_read_ = true;
    }
    return store_graphs_ ? &*store_graphs_ : nullptr;
  };
  switch (graph_.kind) {
    case GraphSpec::Kind::kDefaultUnion: {
      KG_ASSIGN_OR_RETURN(const std::vector<TermId>* all, store_graphs());
      if (all == nullptr) return false;
      *graphs = *all;
      return true;
    }
    case GraphSpec::Kind::kDefaultSet:
      if (graph_.graphs.size() > kMaxProbeGraphs) return false;
      *graphs = graph_.graphs;
      return true;
    case GraphSpec::Kind::kNamedConstant:
      if (graph_.IsNamedAllowed(graph_.constant))
        graphs->push_back(graph_.constant);
      return true;
    case GraphSpec::Kind::kNamedVariable: {
      TermId g = row[graph_.slot];
      if (g != kUnbound) {
        if (graph_.IsNamedAllowed(g)) graphs->push_back(g);
        return true;
      }
      KG_ASSIGN_OR_RETURN(const std::vector<TermId>* all, store_graphs());
      if (all == nullptr) return false;
      for (TermId c : *all)
        if (graph_.IsNamedAllowed(c)) graphs->push_back(c);
      return true;
    }
  }
  return false;
}

Status PatternJoin::Probe() {
  const std::size_t n = in_.size();
  probed_.assign(n, 0);
  hit_first_.assign(n + 1, 0);
  hits_.clear();
  std::vector<store::IdQuad> quads;
  std::vector<std::uint32_t> owner;  // the row of each of quads
  std::vector<TermId> graphs;
  for (std::size_t i = 0; i < n; ++i) {
    const TermId* row = in_.row(i);
    TermId v[3];
    bool full = true, in_store = true;
    for (int k = 0; k < 3 && full; ++k) {
      const PatternTerm& t = pos_[k];
      v[k] = t.is_variable ? row[t.slot] : t.constant;
      if (t.is_variable && v[k] == kUnbound) full = false;
      if (v[k] == kUnbound || IsLocalId(v[k])) in_store = false;
    }
    if (!full) continue;
    if (in_store) {
      KG_ASSIGN_OR_RETURN(bool few, ProbeGraphs(row, &graphs));
      if (!few) continue;
      for (TermId g : graphs) {
        quads.push_back(store::IdQuad{v[0], v[1], v[2], g});
        owner.push_back(static_cast<std::uint32_t>(i));
      }
    }
    probed_[i] = 1;
  }
  std::vector<char> present;
  if (!quads.empty())
    KG_RETURN_IF_ERROR(ctx_->view().ContainsMany(quads, &present));
  // The default graph keeps one copy of a triple held by several graphs.
  const bool once = graph_.kind == GraphSpec::Kind::kDefaultUnion ||
                    graph_.kind == GraphSpec::Kind::kDefaultSet;
  std::size_t q = 0;
  for (std::size_t i = 0; i < n; ++i) {
    hit_first_[i] = static_cast<std::uint32_t>(hits_.size());
    for (; q < quads.size() && owner[q] == i; ++q) {
      if (!present[q] || (once && hits_.size() > hit_first_[i])) continue;
      hits_.push_back(quads[q].g);
    }
  }
  hit_first_[n] = static_cast<std::uint32_t>(hits_.size());
  return Status::Ok();
}

bool PatternJoin::StartScan() {
  store::IdPattern pattern;
  std::optional<TermId>* slots[3] = {&pattern.s, &pattern.p, &pattern.o};
  for (int i = 0; i < 3; ++i) bind_[i] = -1;
  bind_[3] = -1;
  for (int i = 0; i < 3; ++i) {
    const PatternTerm& t = pos_[i];
    TermId v = t.is_variable ? row_[t.slot] : t.constant;
    if (t.is_variable && v == kUnbound) {
      // Bind from the scan, unless an earlier position binds the same slot
      // (then the later one must agree: checked in Drain).
      bind_[i] = t.slot;
      continue;
    }
    if (v == kUnbound || IsLocalId(v)) return false;  // not in the store
    *slots[i] = v;
  }
  dedupe_ = false;
  switch (graph_.kind) {
    case GraphSpec::Kind::kDefaultUnion:
      dedupe_ = true;
      break;
    case GraphSpec::Kind::kDefaultSet:
      if (graph_.graphs.empty()) return false;
      if (graph_.graphs.size() == 1) {
        pattern.g = graph_.graphs[0];
      } else {
        dedupe_ = true;
      }
      break;
    case GraphSpec::Kind::kNamedConstant:
      if (!graph_.IsNamedAllowed(graph_.constant)) return false;
      pattern.g = graph_.constant;
      break;
    case GraphSpec::Kind::kNamedVariable: {
      TermId g = row_[graph_.slot];
      if (g == kUnbound) {
        bind_[3] = graph_.slot;
      } else {
        if (!graph_.IsNamedAllowed(g)) return false;
        pattern.g = g;
      }
      break;
    }
  }
  have_last_ = false;
  pattern_ = pattern;
  ranged_ = false;
  if (range_position_ >= 0 && !ranges_.empty() && bind_[range_position_] >= 0) {
    int prefix_ids = 0;
    store::IndexOrder order = store::ChooseOrder(pattern, &prefix_ids);
    ranged_ = prefix_ids < 4 &&
              store::kOrderPositions[static_cast<int>(order)][prefix_ids] ==
                  range_position_;
  }
  if (!spare_) {
    spare_ = prefetch_ && !ranged_ ? ctx_->view().NewPrefetchCursor(pattern)
                                   : ctx_->view().NewCursor(pattern);
  }
  if (ranged_) {
    range_index_ = 0;
    spare_->RestartRange(pattern, ranges_[0].first, ranges_[0].second);
  } else {
    spare_->Restart(pattern);
  }
  cursor_ = std::move(spare_);
  return true;
}

Result<bool> PatternJoin::Drain(Batch* out) {
  store::IdQuad q;
  while (!out->full()) {
    if (!cursor_->Next(&q)) {
      KG_RETURN_IF_ERROR(cursor_->status());
      if (ranged_ && ++range_index_ < ranges_.size()) {
        cursor_->RestartRange(pattern_, ranges_[range_index_].first,
                              ranges_[range_index_].second);
        have_last_ = false;
        continue;
      }
      return false;
    }
    if (dedupe_) {
      if (graph_.kind == GraphSpec::Kind::kDefaultSet &&
          !graph_.InDefaultSet(q.g))
        continue;
      if (have_last_ && q.s == last_.s && q.p == last_.p && q.o == last_.o)
        continue;
      have_last_ = true;
      last_ = q;
    }
    if (bind_[3] >= 0 && !graph_.IsNamedAllowed(q.g)) continue;
    TermId* r = out->Append(row_);
    bool ok = true;
    for (int i = 0; i < 4 && ok; ++i) {
      int slot = bind_[i];
      if (slot < 0) continue;
      TermId v = store::Position(q, i);
      if (r[slot] == kUnbound) {
        r[slot] = v;
      } else if (r[slot] != v) {
        ok = false;  // the same variable twice in the pattern
      }
    }
    if (!ok) out->PopBack();
  }
  return true;
}

Result<bool> PatternJoin::Next(Batch* out) {
  while (!out->full()) {
    if (cursor_) {
      KG_ASSIGN_OR_RETURN(bool more, Drain(out));
      if (more) break;  // out is full
      spare_ = std::move(cursor_);
    }
    if (hit_pos_ < hit_end_) {
      const TermId g = hits_[hit_pos_++];
      TermId* r = out->Append(row_);
      if (graph_.kind == GraphSpec::Kind::kNamedVariable &&
          r[graph_.slot] == kUnbound)
        r[graph_.slot] = g;
      continue;
    }
    if (in_index_ >= in_.size()) {
      if (input_done_) break;
      KG_RETURN_IF_ERROR(ctx_->Check());
      in_.Clear();
      in_index_ = 0;
      KG_ASSIGN_OR_RETURN(bool more, input_->Next(&in_));
      if (!more) {
        input_done_ = true;
        break;
      }
      KG_RETURN_IF_ERROR(Probe());
      continue;
    }
    const std::size_t i = in_index_++;
    row_ = in_.row(i);
    if (probed_[i]) {
      hit_pos_ = hit_first_[i];
      hit_end_ = hit_first_[i + 1];
      continue;
    }
    if (!StartScan() && cursor_) spare_ = std::move(cursor_);
  }
  profile_.actual_rows += out->size();
  return !out->empty();
}

Result<bool> PatternJoin::CountRowsBy(
    int slot, const std::vector<int>& bound,
    std::vector<std::pair<TermId, std::uint64_t>>* counts) {
  if (!standalone_ || (range_position_ >= 0 && !ranges_.empty())) return false;
  // Every variable once in the pattern (a repeated one filters rows), the
  // counted one and every slot in `bound` among them.
  store::IdPattern pattern;
  std::optional<TermId>* at[3] = {&pattern.s, &pattern.p, &pattern.o};
  std::vector<int> vars;
  int position = -1;
  bool matches_nothing = false;
  for (int i = 0; i < 3; ++i) {
    const PatternTerm& t = pos_[i];
    if (t.is_variable) {
      if (std::find(vars.begin(), vars.end(), t.slot) != vars.end())
        return false;
      vars.push_back(t.slot);
      if (t.slot == slot) position = i;
      continue;
    }
    if (t.constant == kUnbound || IsLocalId(t.constant)) matches_nothing = true;
    *at[i] = t.constant;
  }
  if (position < 0) return false;
  for (int b : bound)
    if (std::find(vars.begin(), vars.end(), b) == vars.end()) return false;
  bool once = false;
  switch (graph_.kind) {
    case GraphSpec::Kind::kDefaultUnion:
      once = true;
      break;
    case GraphSpec::Kind::kDefaultSet:
      if (graph_.graphs.size() > 1) return false;
      if (graph_.graphs.empty())
        matches_nothing = true;
      else
        pattern.g = graph_.graphs[0];
      break;
    case GraphSpec::Kind::kNamedConstant:
      if (!graph_.IsNamedAllowed(graph_.constant)) matches_nothing = true;
      pattern.g = graph_.constant;
      break;
    case GraphSpec::Kind::kNamedVariable:
      return false;
  }
  counts->clear();
  if (!matches_nothing) {
    ExecContext* ctx = ctx_;
    Status st = ctx_->view().CountBy(
        pattern, position, once, [ctx] { return ctx->Expired(); },
        ctx_->MemoryLeft(), counts);
    KG_RETURN_IF_ERROR(ctx_->CheckExpired());
    // The only kAborted CountBy gives: its tables outgrew what was left.
    if (st.code() == StatusCode::kAborted) return ctx_->OverBudget();
    KG_RETURN_IF_ERROR(st);
  }
  for (const auto& c : *counts) profile_.actual_rows += c.second;
  return true;
}

std::string PatternJoin::Describe() const {
  std::string g;
  switch (graph_.kind) {
    case GraphSpec::Kind::kDefaultUnion:
      break;
    case GraphSpec::Kind::kDefaultSet:
      g = graph_.graphs.size() == 1 && graph_.graphs[0] == 0
              ? " in default graph"
              : fmt::format(" in {} graphs", graph_.graphs.size());
      break;
    case GraphSpec::Kind::kNamedConstant:
      g = " in named graph";
      break;
    case GraphSpec::Kind::kNamedVariable:
      g = " in GRAPH var";
      break;
  }
  return fmt::format("IndexScan {} {} {}{}{}{}", pos_[0].text, pos_[1].text,
                     pos_[2].text, g, ranges_.empty() ? "" : " (value range)",
                     prefetch_ ? " (prefetch)" : "");
}

}  // namespace kg::query
