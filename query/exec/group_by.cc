// GroupBy: hash aggregation.
#include "query/exec/group_by.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace kg::query {
namespace {

const std::string kXsdInteger = std::string(kXsd) + "integer";

// The hash of a group key: a splitmix64 finalizer per id (ids differ
// mostly in their low bits).
std::uint64_t HashKey(const std::vector<TermId>& key) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull;
  for (TermId id : key) {
    std::uint64_t z = (h ^ id) + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    h = z ^ (z >> 31);
  }
  return h;
}

// Open addressing: `slots` hold group numbers + 1 (0: empty). Doubles them
// when the groups (one hash each in `hashes`) fill more than half.
void GrowIfFull(const std::vector<std::uint64_t>& hashes,
                std::vector<std::uint32_t>* slots) {
  if (hashes.size() * 2 <= slots->size()) return;
  std::vector<std::uint32_t> bigger(slots->size() * 2, 0);
  for (std::size_t gi = 0; gi < hashes.size(); ++gi) {
    std::size_t j = hashes[gi] & (bigger.size() - 1);
    while (bigger[j] != 0) j = (j + 1) & (bigger.size() - 1);
    bigger[j] = static_cast<std::uint32_t>(gi + 1);
  }
  slots->swap(bigger);
}

// The running state of one aggregate in one group.
struct AggState {
  std::uint64_t count = 0;
  Value acc;           // SUM / AVG running sum; MIN / MAX best so far
  bool error = false;  // a value the aggregate cannot take was seen
  TermId sample = kUnbound;
  std::string concat;
  std::set<TermId> seen;            // DISTINCT
  std::set<std::string> seen_rows;  // COUNT(DISTINCT *)
};

struct Group {
  std::vector<TermId> key;
  std::vector<AggState> states;
};

Status Accumulate(const AggregateSpec& spec, AggState* st, const TermId* row,
                  ExecContext* ctx) {
  if (!spec.arg) {  // COUNT(*); COUNT(DISTINCT *) counts distinct rows
    if (spec.distinct) {
      std::string bytes(reinterpret_cast<const char*>(row),
                        spec.row_width * sizeof(TermId));
      if (!st->seen_rows.insert(std::move(bytes)).second) return Status::Ok();
    }
    ++st->count;
    return Status::Ok();
  }
  KG_ASSIGN_OR_RETURN(TermId id, EvaluateToId(*spec.arg, row, ctx));
  if (id == kUnbound) {
    // An error or unbound: COUNT skips it; the others become errors, except
    // SAMPLE and GROUP_CONCAT, which skip it too (implementations agree).
    if (spec.function == ast::Aggregate::kSum ||
        spec.function == ast::Aggregate::kAvg ||
        spec.function == ast::Aggregate::kMin ||
        spec.function == ast::Aggregate::kMax) {
      st->error = true;
    }
    return Status::Ok();
  }
  if (spec.distinct && !st->seen.insert(id).second) return Status::Ok();
  ++st->count;
  if (st->sample == kUnbound) st->sample = id;
  switch (spec.function) {
    case ast::Aggregate::kCount:
    case ast::Aggregate::kSample:
      return Status::Ok();
    default:
      break;
  }
  KG_ASSIGN_OR_RETURN(const Term* t, ctx->terms().TermOf(id));
  switch (spec.function) {
    case ast::Aggregate::kSum:
    case ast::Aggregate::kAvg:
      if (st->error) return Status::Ok();
      if (!IsNumeric(*t)) {
        st->error = true;
      } else if (!st->acc) {
        st->acc = *t;
      } else {
        st->acc = Arithmetic(ArithmeticOp::kAdd, *st->acc, *t);
        if (!st->acc) st->error = true;
      }
      return Status::Ok();
    case ast::Aggregate::kMin:
    case ast::Aggregate::kMax: {
      if (!st->acc) {
        st->acc = *t;
      } else {
        int c = OrderCompare(t, &*st->acc);
        if (spec.function == ast::Aggregate::kMin ? c < 0 : c > 0) st->acc = *t;
      }
      return Status::Ok();
    }
    case ast::Aggregate::kGroupConcat: {
      if (!t->is_literal() && !t->is_iri()) {
        st->error = true;
        return Status::Ok();
      }
      if (st->count > 1) st->concat += spec.separator;
      st->concat += t->lexical;
      return Status::Ok();
    }
    default:
      return Status::Ok();
  }
}

Result<TermId> Finish(const AggregateSpec& spec, const AggState& st,
                      ExecContext* ctx) {
  auto id_of = [&](const Value& v) -> Result<TermId> {
    if (!v) return kUnbound;
    return ctx->terms().IdOf(*v);
  };
  switch (spec.function) {
    case ast::Aggregate::kCount:
      return id_of(Term::Literal(std::to_string(st.count), kXsdInteger));
    case ast::Aggregate::kSum:
      if (st.error) return kUnbound;
      if (!st.acc) return id_of(Term::Literal("0", kXsdInteger));
      return id_of(st.acc);
    case ast::Aggregate::kAvg: {
      if (st.error) return kUnbound;
      if (st.count == 0 || !st.acc)
        return id_of(Term::Literal("0", kXsdInteger));
      Value n = Term::Literal(std::to_string(st.count), kXsdInteger);
      return id_of(Arithmetic(ArithmeticOp::kDivide, *st.acc, *n));
    }
    case ast::Aggregate::kMin:
    case ast::Aggregate::kMax:
      if (st.error) return kUnbound;
      return id_of(st.acc);
    case ast::Aggregate::kSample:
      return st.sample;
    case ast::Aggregate::kGroupConcat:
      // §18.5.1.7: always a simple literal, whatever the inputs' tags.
      if (st.error) return kUnbound;
      return id_of(Term::Literal(st.concat));
  }
  return kUnbound;
}

}  // namespace

Status GroupBy::Open(ExecContext* ctx) {
  ctx_ = ctx;
  (void)ctx->Charge(-charged_);
  charged_ = 0;
  out_rows_.Clear();
  next_ = 0;
  built_ = false;
  return input_->Open(ctx);
}

// GROUP BY over plain variables with only COUNT(*) / COUNT(?v) (no
// DISTINCT): the keys and the counters in flat arrays, no evaluation and no
// per-group allocation. Same groups and counts as the general path.
Status GroupBy::BuildCounts() {
  const std::size_t nk = keys_.size(), na = aggs_.size();
  std::vector<int> key_slots, arg_slots;
  for (const GroupKey& k : keys_) key_slots.push_back(k.expr.slot);
  for (const AggregateSpec& a : aggs_)
    arg_slots.push_back(a.arg ? a.arg->slot : -1);
  std::vector<std::uint32_t> slots(1024, 0);
  std::vector<std::uint64_t> hashes;  // per group
  std::vector<TermId> keys;           // nk per group
  std::vector<std::uint64_t> counts;  // na per group
  std::vector<TermId> key(nk);
  Batch in(width_);
  const std::int64_t group_bytes =
      static_cast<std::int64_t>(8 + 4 * 2 + nk * 8 + na * 8);
  if (nk == 1) {
    // A plain scan may count by the key itself (on two threads, without
    // producing rows): then each COUNT is the group's row count, as every
    // argument is bound by the scan.
    std::vector<int> bound;
    for (int s : arg_slots)
      if (s >= 0) bound.push_back(s);
    std::vector<std::pair<TermId, std::uint64_t>> grouped;
    KG_ASSIGN_OR_RETURN(bool counted,
                        input_->CountRowsBy(key_slots[0], bound, &grouped));
    if (counted) {
      std::vector<TermId> out(width_, kUnbound);
      for (const auto& [id, n] : grouped) {
        charged_ += group_bytes;
        KG_RETURN_IF_ERROR(ctx_->Charge(group_bytes));
        std::fill(out.begin(), out.end(), kUnbound);
        out[keys_[0].slot] = id;
        KG_ASSIGN_OR_RETURN(TermId count, ctx_->terms().IdOf(Term::Literal(
                                              std::to_string(n), kXsdInteger)));
        for (const AggregateSpec& a : aggs_) out[a.slot] = count;
        out_rows_.Append(out.data());
      }
      built_ = true;
      return Status::Ok();
    }
  }
  while (true) {
    in.Clear();
    KG_ASSIGN_OR_RETURN(bool more, input_->Next(&in));
    if (!more) break;
    KG_RETURN_IF_ERROR(ctx_->Check());
    for (std::size_t i = 0; i < in.size(); ++i) {
      const TermId* row = in.row(i);
      for (std::size_t k = 0; k < nk; ++k) key[k] = row[key_slots[k]];
      const std::uint64_t h = HashKey(key);
      std::size_t mask = slots.size() - 1;
      std::size_t at = h & mask;
      std::size_t g = hashes.size();
      while (slots[at] != 0) {
        const std::size_t c = slots[at] - 1;
        if (hashes[c] == h &&
            std::equal(key.begin(), key.end(),
                       keys.begin() + static_cast<std::ptrdiff_t>(c * nk))) {
          g = c;
          break;
        }
        at = (at + 1) & mask;
      }
      if (g == hashes.size()) {
        slots[at] = static_cast<std::uint32_t>(g + 1);
        hashes.push_back(h);
        keys.insert(keys.end(), key.begin(), key.end());
        counts.resize(counts.size() + na, 0);
        charged_ += group_bytes;
        KG_RETURN_IF_ERROR(ctx_->Charge(group_bytes));
        GrowIfFull(hashes, &slots);
      }
      std::uint64_t* c = counts.data() + g * na;
      for (std::size_t a = 0; a < na; ++a) {
        if (arg_slots[a] < 0 || row[arg_slots[a]] != kUnbound) ++c[a];
      }
    }
  }
  if (hashes.empty() && implicit_) {
    keys.assign(nk, kUnbound);
    counts.assign(na, 0);
    hashes.push_back(0);
  }
  std::vector<TermId> out(width_, kUnbound);
  for (std::size_t g = 0; g < hashes.size(); ++g) {
    std::fill(out.begin(), out.end(), kUnbound);
    for (std::size_t k = 0; k < nk; ++k) out[keys_[k].slot] = keys[g * nk + k];
    for (std::size_t a = 0; a < na; ++a) {
      KG_ASSIGN_OR_RETURN(
          out[aggs_[a].slot],
          ctx_->terms().IdOf(
              Term::Literal(std::to_string(counts[g * na + a]), kXsdInteger)));
    }
    out_rows_.Append(out.data());
  }
  built_ = true;
  return Status::Ok();
}

Status GroupBy::Build() {
  const bool counts_only =
      std::all_of(keys_.begin(), keys_.end(),
                  [](const GroupKey& k) {
                    return k.expr.kind == ast::ExprKind::kVariable;
                  }) &&
      std::all_of(aggs_.begin(), aggs_.end(), [](const AggregateSpec& a) {
        return a.function == ast::Aggregate::kCount && !a.distinct &&
               (!a.arg || a.arg->kind == ast::ExprKind::kVariable);
      });
  if (counts_only) return BuildCounts();
  // Groups found by open addressing on a hash of their key ids; slots hold
  // group numbers + 1 (0: empty). No allocation per row.
  std::vector<std::uint32_t> slots(1024, 0);
  std::vector<std::uint64_t> hashes;  // per group
  std::vector<Group> groups;
  Batch in(width_);
  std::vector<TermId> key(keys_.size());
  while (true) {
    in.Clear();
    KG_ASSIGN_OR_RETURN(bool more, input_->Next(&in));
    if (!more) break;
    KG_RETURN_IF_ERROR(ctx_->Check());
    for (std::size_t i = 0; i < in.size(); ++i) {
      const TermId* row = in.row(i);
      for (std::size_t k = 0; k < keys_.size(); ++k) {
        KG_ASSIGN_OR_RETURN(key[k], EvaluateToId(keys_[k].expr, row, ctx_));
      }
      const std::uint64_t h = HashKey(key);
      std::size_t mask = slots.size() - 1;
      std::size_t at = h & mask;
      std::size_t group_index = groups.size();
      while (slots[at] != 0) {
        std::size_t candidate = slots[at] - 1;
        if (hashes[candidate] == h && groups[candidate].key == key) {
          group_index = candidate;
          break;
        }
        at = (at + 1) & mask;
      }
      if (group_index == groups.size()) {
        slots[at] = static_cast<std::uint32_t>(groups.size() + 1);
        hashes.push_back(h);
        groups.push_back(Group{key, std::vector<AggState>(aggs_.size())});
        std::int64_t bytes = static_cast<std::int64_t>(
            key.size() * 16 + 104 + aggs_.size() * sizeof(AggState));
        charged_ += bytes;
        KG_RETURN_IF_ERROR(ctx_->Charge(bytes));
        GrowIfFull(hashes, &slots);
      }
      Group& g = groups[group_index];
      for (std::size_t a = 0; a < aggs_.size(); ++a) {
        KG_RETURN_IF_ERROR(Accumulate(aggs_[a], &g.states[a], row, ctx_));
      }
    }
  }
  if (groups.empty() && implicit_) {
    groups.push_back(Group{std::vector<TermId>(keys_.size(), kUnbound),
                           std::vector<AggState>(aggs_.size())});
  }
  std::vector<TermId> out(width_, kUnbound);
  for (const Group& g : groups) {
    std::fill(out.begin(), out.end(), kUnbound);
    for (std::size_t k = 0; k < keys_.size(); ++k)
      out[keys_[k].slot] = g.key[k];
    for (std::size_t a = 0; a < aggs_.size(); ++a) {
      KG_ASSIGN_OR_RETURN(out[aggs_[a].slot],
                          Finish(aggs_[a], g.states[a], ctx_));
    }
    out_rows_.Append(out.data());
  }
  built_ = true;
  return Status::Ok();
}

Result<bool> GroupBy::Next(Batch* out) {
  if (!built_) KG_RETURN_IF_ERROR(Build());
  while (next_ < out_rows_.size() && !out->full())
    out->Append(out_rows_.row(next_++));
  profile_.actual_rows += out->size();
  return !out->empty();
}

std::string GroupBy::Describe() const {
  return fmt::format("GroupBy ({} key{}, {} aggregate{})", keys_.size(),
                     keys_.size() == 1 ? "" : "s", aggs_.size(),
                     aggs_.size() == 1 ? "" : "s");
}

}  // namespace kg::query
