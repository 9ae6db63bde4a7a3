// PatternJoin: index nested-loop join with one triple pattern.
#include "query/exec/pattern_join.h"

#include <fmt/format.h>

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
  return input_->Open(ctx);
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
      continue;
    }
    row_ = in_.row(in_index_++);
    if (!StartScan() && cursor_) spare_ = std::move(cursor_);
  }
  profile_.actual_rows += out->size();
  return !out->empty();
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
