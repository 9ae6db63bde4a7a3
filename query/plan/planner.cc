// The planner: AST -> physical operators, with statistics-driven join order.
#include "query/plan/planner.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "query/exec/distinct.h"
#include "query/exec/expression.h"
#include "query/exec/extend.h"
#include "query/exec/filter.h"
#include "query/exec/graph_loop.h"
#include "query/exec/graph_spec.h"
#include "query/exec/group_by.h"
#include "query/exec/hash_join.h"
#include "query/exec/merge_join.h"
#include "query/exec/minus.h"
#include "query/exec/optional_join.h"
#include "query/exec/order_by.h"
#include "query/exec/path_scan.h"
#include "query/exec/pattern_join.h"
#include "query/exec/project.h"
#include "query/exec/seed_source.h"
#include "query/exec/slice.h"
#include "query/exec/union_all.h"
#include "query/exec/values_source.h"

namespace kg::query {
namespace {

using ast::ExprKind;
using ast::PatternKind;
using SlotSet = std::set<int>;

// Records the time an operator (with its children) spends in Open and Next,
// for EXPLAIN ANALYZE. Transparent otherwise.
class Profiled final : public PhysicalOperator {
 public:
  explicit Profiled(OperatorPtr inner) : inner_(std::move(inner)) {}
  Status Open(ExecContext* ctx) override {
    auto t0 = std::chrono::steady_clock::now();
    Status s = inner_->Open(ctx);
    inner_->profile().time += std::chrono::steady_clock::now() - t0;
    return s;
  }
  Result<bool> Next(Batch* out) override {
    auto t0 = std::chrono::steady_clock::now();
    auto r = inner_->Next(out);
    inner_->profile().time += std::chrono::steady_clock::now() - t0;
    return r;
  }
  Result<bool> CountRowsBy(
      int slot, const std::vector<int>& bound,
      std::vector<std::pair<TermId, std::uint64_t>>* counts) override {
    auto t0 = std::chrono::steady_clock::now();
    auto r = inner_->CountRowsBy(slot, bound, counts);
    inner_->profile().time += std::chrono::steady_clock::now() - t0;
    return r;
  }
  std::string Describe() const override { return inner_->Describe(); }
  std::vector<const PhysicalOperator*> children() const override {
    return inner_->children();
  }
  const PhysicalOperator* inner() const { return inner_.get(); }

 private:
  OperatorPtr inner_;
};

// A sub-plan with what the algebra knows about its variables.
struct Planned {
  OperatorPtr op;
  SlotSet certain;    // bound in every row
  SlotSet maybe;      // bound in some row (superset of certain)
  double rows = 1;    // estimated
  bool unit = false;  // the single empty row (nothing planned yet)
};

SlotSet Intersect(const SlotSet& a, const SlotSet& b) {
  SlotSet r;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(),
                        std::inserter(r, r.begin()));
  return r;
}

std::string TermText(const Term& t) {
  if (t.is_iri()) {
    auto cut = t.lexical.find_last_of("/#");
    if (cut != std::string::npos && cut + 1 < t.lexical.size())
      return ":" + t.lexical.substr(cut + 1);
  }
  return t.ToNTriples();
}

std::string VarText(const ast::Variable& v) {
  return v.kind == ast::VariableKind::kNamed ? "?" + v.name : "_:" + v.name;
}

std::string PathText(const ast::Path& p) {
  switch (p.kind) {
    case ast::PathKind::kIri:
      return TermText(Term::Iri(p.iri));
    case ast::PathKind::kInverse:
      return "^" + PathText(p.args[0]);
    case ast::PathKind::kSequence:
    case ast::PathKind::kAlternative: {
      std::string s = "(";
      for (std::size_t i = 0; i < p.args.size(); ++i) {
        if (i) s += p.kind == ast::PathKind::kSequence ? "/" : "|";
        s += PathText(p.args[i]);
      }
      return s + ")";
    }
    case ast::PathKind::kZeroOrMore:
      return PathText(p.args[0]) + "*";
    case ast::PathKind::kOneOrMore:
      return PathText(p.args[0]) + "+";
    case ast::PathKind::kZeroOrOne:
      return PathText(p.args[0]) + "?";
    case ast::PathKind::kNegatedSet: {
      std::string s = "!(";
      for (std::size_t i = 0; i < p.args.size(); ++i) {
        if (i) s += "|";
        s += PathText(p.args[i]);
      }
      return s + ")";
    }
  }
  return "?";
}

// A triple pattern after path rewriting: plain, or with a path predicate.
struct BgpTriple {
  ast::VarOrTerm s, p, o;
  std::optional<ast::Path> path;
};

class Planner {
 public:
  Planner(ExecContext* ctx, const PlanOptions& options, std::size_t width,
          std::unordered_map<std::string, double>* count_cache)
      : ctx_(ctx), options_(options), width_(width), count_cache_(count_cache) {
    scopes_.emplace_back();
  }

  std::size_t slots_used() const { return next_slot_; }
  bool stale() const { return stale_; }

  Result<PlannedQuery> PlanTop(const ast::Query& q) {
    PlannedQuery out;
    out.form = q.form;
    out.mode = options_.mode;
    KG_RETURN_IF_ERROR(SetDataset(q, &out));
    KG_ASSIGN_OR_RETURN(
        Planned p, PlanSelect(q, /*top=*/true, &out.slots, &out.variables));
    if (q.form == ast::QueryForm::kConstruct) {
      for (const auto& t : q.construct_template) {
        TemplateTriple tt;
        KG_ASSIGN_OR_RETURN(tt.s, Template(t.subject));
        KG_ASSIGN_OR_RETURN(tt.p, Template(t.predicate));
        KG_ASSIGN_OR_RETURN(tt.o, Template(t.object));
        out.construct.push_back(std::move(tt));
      }
    }
    if (q.form == ast::QueryForm::kDescribe) {
      if (q.describe_all) {
        for (int s : out.slots) {
          TemplateTerm t;
          t.kind = TemplateTerm::Kind::kVariable;
          t.slot = s;
          out.describe.push_back(t);
        }
      }
      for (const auto& d : q.describe) {
        KG_ASSIGN_OR_RETURN(TemplateTerm t, Template(d));
        out.describe.push_back(t);
      }
    }
    out.root = std::move(p.op);
    out.width = width_;
    out.stale_statistics = stale_;
    return out;
  }

 private:
  // ----- variables and slots -----
  int Slot(const ast::Variable& v) {
    std::string key = v.kind == ast::VariableKind::kNamed ? v.name
                      : v.kind == ast::VariableKind::kBlankNode
                          ? "_:" + v.name
                          : "_:anon" + v.name;
    return SlotByKey(key);
  }
  int SlotByKey(const std::string& key) {
    auto& scope = scopes_.back();
    auto it = scope.find(key);
    if (it != scope.end()) return it->second;
    int s = static_cast<int>(next_slot_++);
    scope.emplace(key, s);
    return s;
  }
  int HiddenSlot() { return static_cast<int>(next_slot_++); }
  // False only in the first planning pass, whose rows are too narrow (it
  // only counts slots; its operators are discarded).
  bool InRow(int slot) const { return static_cast<std::size_t>(slot) < width_; }

  OperatorPtr Wrap(OperatorPtr op, double rows) {
    op->profile().estimated_rows = rows;
    op->profile().estimate_stale = stale_;
    if (options_.profile) {
      auto wrapped = std::make_unique<Profiled>(std::move(op));
      return wrapped;
    }
    return op;
  }

  Planned Unit() {
    Planned p;
    auto seed = std::make_unique<SeedSource>(width_);
    if (!graph_loops_.empty()) {
      // Inside GRAPH ?g { ... }: start from the loop's row (the graph).
      seed->set_mirror(graph_loops_.back().first);
      p.certain.insert(graph_loops_.back().second);
      p.maybe.insert(graph_loops_.back().second);
    }
    p.op = std::move(seed);
    p.op->profile().estimated_rows = 1;
    p.rows = 1;
    p.unit = true;
    return p;
  }

  // ----- dataset -----
  Status SetDataset(const ast::Query& q, PlannedQuery* out) {
    std::vector<TermId> from, named;
    bool any_from = false, any_named = false;
    for (const auto& d : q.dataset) {
      KG_ASSIGN_OR_RETURN(auto id, ctx_->terms().StoreIdOf(Term::Iri(d.iri)));
      if (d.named) {
        any_named = true;
        if (id) named.push_back(*id);
      } else {
        any_from = true;
        if (id) from.push_back(*id);
      }
    }
    std::sort(from.begin(), from.end());
    std::sort(named.begin(), named.end());
    if (any_from || any_named) {
      default_graph_.kind = GraphSpec::Kind::kDefaultSet;
      default_graph_.graphs = from;  // FROM NAMED alone: an empty default
      default_graph_.named = named;
      out->has_from = true;
      out->default_graphs = from;
    } else if (options_.with_graph) {
      KG_ASSIGN_OR_RETURN(auto id,
                          ctx_->terms().StoreIdOf(*options_.with_graph));
      default_graph_.kind = GraphSpec::Kind::kDefaultSet;
      default_graph_.graphs.clear();
      if (id) default_graph_.graphs.push_back(*id);
    } else if (options_.mode == DefaultGraphMode::kStrict) {
      default_graph_.kind = GraphSpec::Kind::kDefaultSet;
      default_graph_.graphs = {store::kDefaultGraphId};
    } else {
      default_graph_.kind = GraphSpec::Kind::kDefaultUnion;
    }
    return Status::Ok();
  }

  // ----- expressions -----
  Result<CompiledExpr> Compile(const ast::Expr& e, const GraphSpec& graph) {
    CompiledExpr c;
    c.kind = e.kind;
    switch (e.kind) {
      case ExprKind::kVariable:
        c.slot = Slot(e.variable);
        return c;
      case ExprKind::kConstant: {
        c.constant = e.constant;
        KG_ASSIGN_OR_RETURN(c.constant_id, ctx_->terms().IdOf(e.constant));
        return c;
      }
      case ExprKind::kAggregate: {
        // Replaced by the slot GroupBy fills (see PlanAggregates).
        auto it = aggregate_slots_.find(ast::ToSparql(e));
        if (it == aggregate_slots_.end())
          return Status::InvalidArgument(
              "aggregate used outside an aggregating query");
        c.kind = ExprKind::kVariable;
        c.slot = it->second;
        return c;
      }
      case ExprKind::kExists:
      case ExprKind::kNotExists: {
        auto plan = std::make_shared<ExistsPlan>();
        auto seed = std::make_unique<SeedSource>(width_);
        plan->seed = seed.get();
        plan->seed_width = width_;
        Planned input;
        input.op = std::move(seed);
        input.unit = false;  // bound by the outer row
        // Any slot may hold an outer binding, so every join inside checks
        // every slot for compatibility (none is known bound: no keys).
        for (std::size_t slot = 0; slot < width_; ++slot)
          input.maybe.insert(static_cast<int>(slot));
        KG_ASSIGN_OR_RETURN(Planned p,
                            PlanGroup(*e.pattern, std::move(input), graph));
        plan->root = std::move(p.op);
        c.exists = std::move(plan);
        return c;
      }
      case ExprKind::kBuiltin:
        c.builtin = e.builtin;
        break;
      case ExprKind::kFunctionCall:
        c.function_iri = e.function_iri;
        break;
      default:
        break;
    }
    for (const auto& a : e.args) {
      KG_ASSIGN_OR_RETURN(CompiledExpr ca, Compile(a, graph));
      c.args.push_back(std::move(ca));
    }
    if (e.kind == ExprKind::kBuiltin && e.builtin == ast::Builtin::kBound &&
        (e.args.size() != 1 || e.args[0].kind != ExprKind::kVariable))
      return Status::InvalidArgument("BOUND takes a variable");
    return c;
  }

  // ----- statistics -----
  Result<double> StatValue(const std::string& key) {
    auto it = stat_cache_.find(key);
    if (it != stat_cache_.end()) return it->second;
    KG_ASSIGN_OR_RETURN(std::uint64_t v, ctx_->view().Stat(key));
    stat_cache_[key] = static_cast<double>(v);
    return static_cast<double>(v);
  }
  Result<bool> StatsExact() {
    KG_ASSIGN_OR_RETURN(double e, StatValue("exact"));
    return e != 0;
  }

  // Matches of the pattern's constants alone (variables free): exact by a
  // bounded count when a subject or object is constant, from the
  // statistics otherwise.
  Result<double> ConstantMatches(const PatternTerm* pos) {
    store::IdPattern pat;
    bool any = false, so_const = false;
    for (int i = 0; i < 3; ++i) {
      if (pos[i].is_variable) continue;
      if (pos[i].constant == kUnbound || IsLocalId(pos[i].constant)) return 0.0;
      (i == 0 ? pat.s : i == 1 ? pat.p : pat.o) = pos[i].constant;
      any = true;
      if (i != 1) so_const = true;
    }
    if (!any) return StatValue("total");
    if (!so_const) return StatValue(store::StatKey('p', *pat.p));
    std::string key = fmt::format("{}:{}:{}", pat.s.value_or(0),
                                  pat.p.value_or(0), pat.o.value_or(0));
    auto it = count_cache_->find(key);
    if (it != count_cache_->end()) return it->second;
    // Exact up to kCountCap keys (cheap); beyond, the statistics' average
    // for the predicate and the constant's position.
    constexpr std::uint64_t kCountCap = 1024;
    KG_ASSIGN_OR_RETURN(std::uint64_t n,
                        ctx_->view().EstimateUpTo(pat, kCountCap));
    double estimate = static_cast<double>(n);
    if (n >= kCountCap && pat.p) {
      KG_ASSIGN_OR_RETURN(double total, StatValue(store::StatKey('p', *pat.p)));
      double per = total;
      if (pat.s) {
        KG_ASSIGN_OR_RETURN(double ds, StatValue(store::StatKey('S', *pat.p)));
        per = std::min(per, total / std::max(1.0, ds));
      }
      if (pat.o) {
        KG_ASSIGN_OR_RETURN(double dobj,
                            StatValue(store::StatKey('O', *pat.p)));
        per = std::min(per, total / std::max(1.0, dobj));
      }
      estimate = std::max(estimate, per);
    }
    (*count_cache_)[key] = estimate;
    return estimate;
  }

  // The keys of a pattern with a constant predicate whose object lies in
  // `ranges`, counted exactly up to kRangeCountCap, then extrapolated. The
  // union of all graphs is counted: an upper bound under any graph restriction.
  static constexpr std::uint64_t kRangeCountCap = 4096;
  Result<double> RangeCount(
      const PatternTerm* pos,
      const std::vector<std::pair<TermId, TermId>>& ranges, double all) {
    store::IdPattern pat;
    if (pos[1].constant == kUnbound || IsLocalId(pos[1].constant)) return 0.0;
    pat.p = pos[1].constant;
    if (!pos[0].is_variable) {
      if (pos[0].constant == kUnbound || IsLocalId(pos[0].constant)) return 0.0;
      pat.s = pos[0].constant;
    }
    std::uint64_t n = 0;
    for (const auto& [lo, hi] : ranges) {
      if (n >= kRangeCountCap) break;
      KG_ASSIGN_OR_RETURN(
          std::uint64_t in_range,
          ctx_->view().EstimateUpTo(pat, lo, hi, kRangeCountCap - n));
      n += in_range;
    }
    if (n < kRangeCountCap) return static_cast<double>(n);
    // Beyond the cap: `all` times the share of the pattern's keys' bytes on
    // disk that fall in the ranges (RocksDB's block-granular size
    // estimates, fine for ranges this large).
    const double all_bytes =
        static_cast<double>(ctx_->view().ApproximateBytes(pat));
    if (all_bytes <= 0) return static_cast<double>(n);
    double range_bytes = 0;
    for (const auto& [lo, hi] : ranges)
      range_bytes +=
          static_cast<double>(ctx_->view().ApproximateBytes(pat, lo, hi));
    return std::max<double>(n, std::min(1.0, range_bytes / all_bytes) * all);
  }

  // Estimated rows one input row yields through this pattern, given the
  // slots already bound.
  Result<double> Fanout(const BgpTriple& t, const PatternTerm* pos,
                        const SlotSet& bound) {
    bool b[3];
    for (int i = 0; i < 3; ++i)
      b[i] = !pos[i].is_variable || bound.count(pos[i].slot) > 0;
    if (t.path) {
      if (b[0] || b[2]) return 8.0;
      KG_ASSIGN_OR_RETURN(double total, StatValue("total"));
      return std::max(1.0, total);
    }
    KG_ASSIGN_OR_RETURN(double base, ConstantMatches(pos));
    double f = base;
    bool var_bound[3];
    for (int i = 0; i < 3; ++i)
      var_bound[i] = pos[i].is_variable && bound.count(pos[i].slot) > 0;
    if (!var_bound[0] && !var_bound[1] && !var_bound[2]) return f;
    if (!pos[1].is_variable && pos[1].constant != kUnbound) {
      TermId p = pos[1].constant;
      KG_ASSIGN_OR_RETURN(bool exact, StatsExact());
      if (!exact) stale_ = true;
      if (var_bound[0]) {
        KG_ASSIGN_OR_RETURN(double ds, StatValue(store::StatKey('S', p)));
        f /= std::max(1.0, ds);
      }
      if (var_bound[2]) {
        KG_ASSIGN_OR_RETURN(double dobj, StatValue(store::StatKey('O', p)));
        f /= std::max(1.0, dobj);
      }
    } else {
      // Predicate unbound or bound by a variable: guess a small fan-out.
      if (var_bound[1]) f /= 100.0;
      if (var_bound[0]) f = std::min(f, 20.0);
      if (var_bound[2]) f = std::min(f, 20.0);
    }
    return std::max(f, b[0] && b[1] && b[2] ? 0.5 : 0.01);
  }

  // ----- patterns -----
  Result<PatternTerm> Position(const ast::VarOrTerm& v) {
    PatternTerm t;
    if (auto* var = std::get_if<ast::Variable>(&v)) {
      t.is_variable = true;
      t.slot = Slot(*var);
      t.text = VarText(*var);
    } else {
      const Term& term = std::get<Term>(v);
      KG_ASSIGN_OR_RETURN(t.constant, ctx_->terms().IdOf(term));
      t.text = TermText(term);
    }
    return t;
  }

  Result<CompiledPath> CompilePath(const ast::Path& p) {
    CompiledPath c;
    c.kind = p.kind;
    c.text = PathText(p);
    if (p.kind == ast::PathKind::kIri) {
      KG_ASSIGN_OR_RETURN(auto id, ctx_->terms().StoreIdOf(Term::Iri(p.iri)));
      c.iri = id.value_or(kUnbound);
    }
    for (const auto& a : p.args) {
      KG_ASSIGN_OR_RETURN(CompiledPath ca, CompilePath(a));
      c.args.push_back(std::move(ca));
    }
    return c;
  }

  // §18.2.2.4: sequences become chains over fresh variables, an inverse IRI
  // a swapped pattern, a plain IRI an ordinary pattern.
  void RewritePath(const ast::VarOrTerm& s, const ast::Path& path,
                   const ast::VarOrTerm& o, std::vector<BgpTriple>* out) {
    switch (path.kind) {
      case ast::PathKind::kIri:
        out->push_back({s, Term::Iri(path.iri), o, std::nullopt});
        return;
      case ast::PathKind::kInverse:
        if (path.args[0].kind == ast::PathKind::kIri) {
          out->push_back({o, Term::Iri(path.args[0].iri), s, std::nullopt});
          return;
        }
        break;
      case ast::PathKind::kSequence: {
        ast::VarOrTerm from = s;
        for (std::size_t i = 0; i < path.args.size(); ++i) {
          ast::VarOrTerm to = o;
          if (i + 1 < path.args.size()) {
            to = ast::Variable{ast::VariableKind::kAnonymous,
                               fmt::format("path{}", fresh_++)};
          }
          RewritePath(from, path.args[i], to, out);
          from = to;
        }
        return;
      }
      default:
        break;
    }
    out->push_back({s, ast::VarOrTerm{}, o, path});
  }

  struct PendingFilter {
    const ast::Expr* expr;
    SlotSet slots;
    bool pushable;
    bool applied = false;
    // Its selectivity is already in the estimate (a value range counted
    // in the index).
    bool counted = false;
  };

  Result<Planned> ApplyFilter(Planned in, const ast::Expr& e,
                              const GraphSpec& graph,
                              double selectivity = kFilterSelectivity) {
    KG_ASSIGN_OR_RETURN(CompiledExpr c, Compile(e, graph));
    double rows = std::max(1.0, in.rows * selectivity);
    Planned out;
    out.op = Wrap(std::make_unique<Filter>(std::move(in.op), std::move(c),
                                           ast::ToSparql(e), width_),
                  rows);
    out.certain = in.certain;
    out.maybe = in.maybe;
    out.rows = rows;
    return out;
  }

  // Applies the filters whose variables are all certainly bound now.
  Result<Planned> PushFilters(Planned in, std::vector<PendingFilter>* filters,
                              const GraphSpec& graph) {
    for (auto& f : *filters) {
      if (f.applied || !f.pushable) continue;
      if (!std::includes(in.certain.begin(), in.certain.end(), f.slots.begin(),
                         f.slots.end()))
        continue;
      f.applied = true;
      KG_ASSIGN_OR_RETURN(in,
                          ApplyFilter(std::move(in), *f.expr, graph,
                                      f.counted ? 1.0 : kFilterSelectivity));
    }
    return in;
  }

  // Collects from `e` (a FILTER expression) the bounds that its top-level
  // conjunction puts on the variable in `slot` through comparisons with
  // inline constants of id tag `tag` (xsd:date, xsd:integer).
  void InlineBounds(const ast::Expr& e, int slot, store::IdTag tag, TermId* lo,
                    TermId* hi, bool* any) {
    if (e.kind == ExprKind::kAnd) {
      for (const auto& a : e.args) InlineBounds(a, slot, tag, lo, hi, any);
      return;
    }
    ExprKind k = e.kind;
    if (k != ExprKind::kLess && k != ExprKind::kLessEqual &&
        k != ExprKind::kGreater && k != ExprKind::kGreaterEqual &&
        k != ExprKind::kEqual)
      return;
    const ast::Expr *var = &e.args[0], *constant = &e.args[1];
    bool flipped = false;
    if (var->kind != ExprKind::kVariable) {
      std::swap(var, constant);
      flipped = true;
    }
    if (var->kind != ExprKind::kVariable ||
        constant->kind != ExprKind::kConstant)
      return;
    if (Slot(var->variable) != slot) return;
    auto id = store::EncodeInline(constant->constant);
    if (!id || store::TagOf(*id) != tag) return;
    bool lower = k == ExprKind::kGreater || k == ExprKind::kGreaterEqual;
    bool upper = k == ExprKind::kLess || k == ExprKind::kLessEqual;
    if (flipped) std::swap(lower, upper);
    if (k == ExprKind::kEqual) lower = upper = true;
    if (lower) *lo = std::max(*lo, *id);
    if (upper) *hi = std::min(*hi, *id);
    *any = true;
  }

  // Id ranges that hold every object a pattern's FILTERs on its object
  // variable can accept, for a range scan: the inline dates (or integers)
  // between the bounds, and all dictionary-coded literals (a value in a
  // non-canonical form is stored there); for integer bounds also every
  // inline decimal and double, which compare by value with integers. The
  // FILTER still runs on the candidates.
  std::vector<std::pair<TermId, TermId>> ObjectRanges(
      const PatternTerm& object, const std::vector<PendingFilter>& filters) {
    if (!object.is_variable) return {};
    auto full = [](store::IdTag tag) {
      return std::make_pair(store::MakeId(tag, 0),
                            store::MakeId(tag, store::kPayloadMask));
    };
    for (store::IdTag tag : {store::IdTag::kDate, store::IdTag::kInteger}) {
      auto [lo, hi] = full(tag);
      bool any = false;
      for (const auto& f : filters) {
        if (!f.pushable || f.slots.size() != 1 ||
            *f.slots.begin() != object.slot)
          continue;
        InlineBounds(*f.expr, object.slot, tag, &lo, &hi, &any);
      }
      if (!any) continue;
      std::vector<std::pair<TermId, TermId>> ranges = {
          full(store::IdTag::kLiteral)};
      if (lo <= hi) ranges.emplace_back(lo, hi);
      if (tag == store::IdTag::kInteger) {
        ranges.push_back(full(store::IdTag::kDecimal));
        ranges.push_back(full(store::IdTag::kDouble));
      }
      std::sort(ranges.begin(), ranges.end());
      return ranges;
    }
    return {};
  }

  Result<Planned> PlanBgp(const std::vector<ast::TriplePattern>& triples,
                          Planned in, const GraphSpec& graph,
                          std::vector<PendingFilter>* filters) {
    std::vector<BgpTriple> bgp;
    for (const auto& t : triples) {
      if (t.path)
        RewritePath(t.subject, *t.path, t.object, &bgp);
      else
        bgp.push_back({t.subject, t.predicate, t.object, std::nullopt});
    }
    std::size_t n = bgp.size();
    std::vector<std::array<PatternTerm, 3>> pos(n);
    std::vector<SlotSet> vars(n);
    for (std::size_t i = 0; i < n; ++i) {
      KG_ASSIGN_OR_RETURN(pos[i][0], Position(bgp[i].s));
      if (!bgp[i].path) {
        KG_ASSIGN_OR_RETURN(pos[i][1], Position(bgp[i].p));
      }
      KG_ASSIGN_OR_RETURN(pos[i][2], Position(bgp[i].o));
      for (int k = 0; k < 3; ++k)
        if (pos[i][k].is_variable) vars[i].insert(pos[i][k].slot);
      if (graph.kind == GraphSpec::Kind::kNamedVariable)
        vars[i].insert(graph.slot);
    }
    // A filter that a pattern's own variables decide (a date range on its
    // object, say) makes that pattern more selective than its count says:
    // a quarter per filter, the usual guess for a comparison.
    std::vector<double> selectivity(n, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (const auto& f : *filters) {
        if (f.applied || !f.pushable || f.slots.empty()) continue;
        if (std::includes(vars[i].begin(), vars[i].end(), f.slots.begin(),
                          f.slots.end()))
          selectivity[i] *= kFilterSelectivity;
      }
    }
    // A value range on a pattern's object (xsd:date bounds) is counted in
    // the index itself, up to a cap: far better than the quarter guess when
    // the range is narrow, and it decides between a hash join and index
    // lookups for the patterns after it.
    std::vector<double> range_share(n, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (bgp[i].path || pos[i][1].is_variable || !pos[i][2].is_variable)
        continue;
      auto ranges = ObjectRanges(pos[i][2], *filters);
      if (ranges.empty()) continue;
      KG_ASSIGN_OR_RETURN(double all, ConstantMatches(pos[i].data()));
      if (all <= 0) continue;
      KG_ASSIGN_OR_RETURN(double in_range,
                          RangeCount(pos[i].data(), ranges, all));
      range_share[i] = std::min(1.0, std::max(in_range, 1.0) / all);
      // The filters that made the ranges are counted in: applying them
      // later must not shrink the estimate a second time.
      for (auto& f : *filters) {
        if (f.pushable && f.slots.size() == 1 &&
            *f.slots.begin() == pos[i][2].slot)
          f.counted = true;
      }
      selectivity[i] = std::min(selectivity[i], range_share[i]);
    }
    std::vector<std::size_t> order;
    KG_RETURN_IF_ERROR(ChooseOrder(bgp, pos, vars, selectivity, in, &order));

    Planned cur = std::move(in);
    std::size_t start = 0;
    if (cur.unit && n >= 2) {
      KG_ASSIGN_OR_RETURN(bool merged,
                          TryMergeJoin(bgp, pos, vars, graph, order, &cur));
      if (merged) {
        start = 2;
        KG_ASSIGN_OR_RETURN(cur, PushFilters(std::move(cur), filters, graph));
      }
    }
    for (std::size_t k = start; k < order.size(); ++k) {
      std::size_t idx = order[k];
      SlotSet bound = cur.certain;
      KG_ASSIGN_OR_RETURN(double fan, Fanout(bgp[idx], pos[idx].data(), bound));
      double rows = std::max(0.0, cur.rows * fan * range_share[idx]);
      OperatorPtr op;
      // An index nested-loop join seeks once per input row; a hash join
      // reads the pattern's matches once. Take the cheaper.
      SlotSet keys = Intersect(cur.certain, vars[idx]);
      double scan_rows = 0;
      if (!bgp[idx].path && !keys.empty()) {
        KG_ASSIGN_OR_RETURN(scan_rows, ConstantMatches(pos[idx].data()));
        scan_rows *= range_share[idx];  // a value range scans only its part
      }
      if (!bgp[idx].path && !keys.empty() && scan_rows < kMaxHashBuildRows &&
          scan_rows + cur.rows < cur.rows * kSeekCost) {
        Planned u = Unit();
        Planned scan;
        auto scan_join = std::make_unique<PatternJoin>(
            std::move(u.op), pos[idx][0], pos[idx][1], pos[idx][2], graph,
            width_);
        scan_join->SetRanges(2, ObjectRanges(pos[idx][2], *filters));
        scan_join->SetPrefetch(graph_loops_.empty() &&
                               scan_rows >= kPrefetchRows);
        scan.op = Wrap(std::move(scan_join), scan_rows);
        scan.rows = scan_rows;
        scan.certain = vars[idx];
        scan.maybe = vars[idx];
        // Filters on this pattern's variables alone shrink the hash table.
        KG_ASSIGN_OR_RETURN(scan, PushFilters(std::move(scan), filters, graph));
        SlotSet shared = Intersect(cur.maybe, vars[idx]);
        op = std::make_unique<HashJoin>(
            std::move(cur.op), std::move(scan.op),
            std::vector<int>(keys.begin(), keys.end()),
            std::vector<int>(shared.begin(), shared.end()), false, std::nullopt,
            width_);
      } else if (bgp[idx].path) {
        KG_ASSIGN_OR_RETURN(CompiledPath cp, CompilePath(*bgp[idx].path));
        op = std::make_unique<PathScan>(std::move(cur.op), pos[idx][0],
                                        std::move(cp), pos[idx][2], graph,
                                        width_);
      } else {
        auto join = std::make_unique<PatternJoin>(std::move(cur.op),
                                                  pos[idx][0], pos[idx][1],
                                                  pos[idx][2], graph, width_);
        join->SetStandalone(cur.unit && graph_loops_.empty());
        join->SetRanges(2, ObjectRanges(pos[idx][2], *filters));
        // The first scan of a BGP runs once: a long one reads ahead on a
        // second core.
        join->SetPrefetch(cur.unit && graph_loops_.empty() &&
                          rows >= kPrefetchRows);
        op = std::move(join);
      }
      cur.op = Wrap(std::move(op), rows);
      cur.rows = rows;
      cur.unit = false;
      for (int s : vars[idx]) {
        cur.certain.insert(s);
        cur.maybe.insert(s);
      }
      KG_ASSIGN_OR_RETURN(cur, PushFilters(std::move(cur), filters, graph));
    }
    return cur;
  }

  // The slot a scan of this pattern alone comes out sorted by (the first
  // key position after its constants), or -1.
  int SortedSlot(const std::array<PatternTerm, 3>& pos,
                 const GraphSpec& graph) {
    store::IdPattern pat;
    for (int i = 0; i < 3; ++i) {
      if (pos[i].is_variable) continue;
      (i == 0 ? pat.s : i == 1 ? pat.p : pat.o) = pos[i].constant;
    }
    if (graph.kind == GraphSpec::Kind::kDefaultSet &&
        graph.graphs.size() == 1) {
      pat.g = graph.graphs[0];
    } else if (graph.kind == GraphSpec::Kind::kNamedConstant) {
      pat.g = graph.constant;
    } else if (graph.kind != GraphSpec::Kind::kDefaultUnion) {
      return -1;
    }
    int prefix_ids = 0;
    store::IndexOrder order = store::ChooseOrder(pat, &prefix_ids);
    if (prefix_ids >= 3) return -1;
    int position = store::kOrderPositions[static_cast<int>(order)][prefix_ids];
    if (position > 2 || !pos[position].is_variable) return -1;
    int slot = pos[position].slot;
    for (int i = 0; i < 3; ++i)
      if (i != position && pos[i].is_variable && pos[i].slot == slot) return -1;
    return slot;
  }

  // Joins the first two patterns of `order` with a MergeJoin when both
  // scans come sorted on their shared variable and reading the second
  // whole costs less than one seek per row of the first.
  Result<bool> TryMergeJoin(const std::vector<BgpTriple>& bgp,
                            const std::vector<std::array<PatternTerm, 3>>& pos,
                            const std::vector<SlotSet>& vars,
                            const GraphSpec& graph,
                            const std::vector<std::size_t>& order,
                            Planned* cur) {
    std::size_t a = order[0], b = order[1];
    if (bgp[a].path || bgp[b].path) return false;
    int slot = SortedSlot(pos[a], graph);
    if (slot < 0 || slot != SortedSlot(pos[b], graph)) return false;
    KG_ASSIGN_OR_RETURN(double rows_a, ConstantMatches(pos[a].data()));
    KG_ASSIGN_OR_RETURN(double rows_b, ConstantMatches(pos[b].data()));
    if (rows_b > rows_a * kSeekCost) return false;
    KG_ASSIGN_OR_RETURN(double fan, Fanout(bgp[b], pos[b].data(), vars[a]));
    double rows = rows_a * fan;
    auto scan = [&](std::size_t i, double est) {
      Planned u = Unit();
      return Wrap(
          std::make_unique<PatternJoin>(std::move(u.op), pos[i][0], pos[i][1],
                                        pos[i][2], graph, width_),
          est);
    };
    SlotSet shared = Intersect(vars[a], vars[b]);
    shared.erase(slot);
    std::string name;
    for (int i = 0; i < 3; ++i)
      if (pos[a][i].is_variable && pos[a][i].slot == slot)
        name = pos[a][i].text;
    cur->op =
        Wrap(std::make_unique<MergeJoin>(
                 scan(a, rows_a), scan(b, rows_b), slot,
                 std::vector<int>(shared.begin(), shared.end()), name, width_),
             rows);
    cur->rows = rows;
    cur->unit = false;
    for (std::size_t i : {a, b})
      for (int s : vars[i]) {
        cur->certain.insert(s);
        cur->maybe.insert(s);
      }
    return true;
  }

  // Left-deep join order: exact dynamic programming over subsets for small
  // BGPs, greedy beyond. Cost: the sum of estimated intermediate rows.
  Status ChooseOrder(const std::vector<BgpTriple>& bgp,
                     const std::vector<std::array<PatternTerm, 3>>& pos,
                     const std::vector<SlotSet>& vars,
                     const std::vector<double>& selectivity, const Planned& in,
                     std::vector<std::size_t>* order) {
    std::size_t n = bgp.size();
    auto bound_after = [&](std::uint32_t mask) {
      SlotSet b = in.certain;
      for (std::size_t i = 0; i < n; ++i)
        if (mask & (1u << i)) b.insert(vars[i].begin(), vars[i].end());
      return b;
    };
    auto connected = [&](std::size_t i, const SlotSet& bound) {
      for (int s : vars[i])
        if (bound.count(s)) return true;
      return false;
    };
    // A pattern sharing no variable with what is bound multiplies rows; it
    // is taken only when nothing connected remains.
    constexpr double kCartesianPenalty = 1e6;
    if (n <= kDpMaxPatterns && n > 1) {
      std::size_t full = (std::size_t{1} << n);
      std::vector<double> cost(full, std::numeric_limits<double>::infinity());
      std::vector<double> rows(full, 0);
      std::vector<int> last(full, -1);
      cost[0] = 0;
      rows[0] = std::max(1.0, in.rows);
      for (std::size_t mask = 0; mask < full; ++mask) {
        if (!std::isfinite(cost[mask])) continue;
        SlotSet bound = bound_after(static_cast<std::uint32_t>(mask));
        bool any_connected = false;
        for (std::size_t i = 0; i < n; ++i)
          if (!(mask & (1u << i)) && connected(i, bound)) any_connected = true;
        for (std::size_t i = 0; i < n; ++i) {
          if (mask & (1u << i)) continue;
          KG_ASSIGN_OR_RETURN(double fan, Fanout(bgp[i], pos[i].data(), bound));
          fan *= selectivity[i];
          double r = rows[mask] * fan;
          double c = cost[mask] + r;
          if (any_connected && !connected(i, bound) && !(mask == 0 && in.unit))
            c += kCartesianPenalty * std::max(1.0, r);
          std::size_t next = mask | (1u << i);
          if (c < cost[next]) {
            cost[next] = c;
            rows[next] = r;
            last[next] = static_cast<int>(i);
          }
        }
      }
      std::size_t mask = full - 1;
      while (mask) {
        order->push_back(static_cast<std::size_t>(last[mask]));
        mask &= ~(std::size_t{1} << last[mask]);
      }
      std::reverse(order->begin(), order->end());
      return Status::Ok();
    }
    std::vector<bool> used(n, false);
    SlotSet bound = in.certain;
    double rows = std::max(1.0, in.rows);
    for (std::size_t step = 0; step < n; ++step) {
      int best = -1;
      double best_cost = std::numeric_limits<double>::infinity();
      bool any_connected = false;
      for (std::size_t i = 0; i < n; ++i)
        if (!used[i] && connected(i, bound)) any_connected = true;
      for (std::size_t i = 0; i < n; ++i) {
        if (used[i]) continue;
        if (any_connected && !connected(i, bound)) continue;
        KG_ASSIGN_OR_RETURN(double fan, Fanout(bgp[i], pos[i].data(), bound));
        fan *= selectivity[i];
        if (rows * fan < best_cost) {
          best_cost = rows * fan;
          best = static_cast<int>(i);
        }
      }
      used[best] = true;
      order->push_back(static_cast<std::size_t>(best));
      rows = std::max(1.0, best_cost);
      bound.insert(vars[best].begin(), vars[best].end());
    }
    return Status::Ok();
  }

  // ----- joins -----
  Planned Join(Planned left, Planned right) {
    if (left.unit) return right;
    if (right.unit) return left;
    // The smaller side is built into the hash table.
    if (right.rows > left.rows * 4) std::swap(left, right);
    SlotSet keys = Intersect(left.certain, right.certain);
    SlotSet shared = Intersect(left.maybe, right.maybe);
    Planned out;
    out.rows = std::max(left.rows, right.rows);
    if (keys.empty()) out.rows = left.rows * right.rows;
    out.certain = left.certain;
    out.certain.insert(right.certain.begin(), right.certain.end());
    out.maybe = left.maybe;
    out.maybe.insert(right.maybe.begin(), right.maybe.end());
    out.op = Wrap(std::make_unique<HashJoin>(
                      std::move(left.op), std::move(right.op),
                      std::vector<int>(keys.begin(), keys.end()),
                      std::vector<int>(shared.begin(), shared.end()), false,
                      std::nullopt, width_),
                  out.rows);
    return out;
  }

  // True when the group may be evaluated with outer bindings substituted
  // (its meaning does not change): only triple patterns, nested groups and
  // unions of such.
  static bool SubstitutionSafe(const ast::GroupGraphPattern& g) {
    for (const auto& e : g.elements) {
      switch (e.kind) {
        case PatternKind::kTriples:
          break;
        case PatternKind::kGroup:
          for (const auto& sub : e.groups)
            if (!SubstitutionSafe(sub)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }

  Result<GraphSpec> GraphOf(const ast::VarOrTerm& g) {
    GraphSpec spec;
    spec.named = default_graph_.named;
    if (auto* v = std::get_if<ast::Variable>(&g)) {
      spec.kind = GraphSpec::Kind::kNamedVariable;
      spec.slot = Slot(*v);
    } else {
      spec.kind = GraphSpec::Kind::kNamedConstant;
      KG_ASSIGN_OR_RETURN(auto id, ctx_->terms().StoreIdOf(std::get<Term>(g)));
      spec.constant = id.value_or(kUnbound);
    }
    return spec;
  }

  Result<Planned> PlanValues(const ast::InlineData& data) {
    std::vector<int> slots;
    for (const auto& v : data.variables) slots.push_back(Slot(v));
    Batch rows(width_);
    SlotSet certain(slots.begin(), slots.end());
    for (const auto& r : data.rows) {
      TermId* row = rows.AppendUnbound();
      for (std::size_t i = 0; i < slots.size(); ++i) {
        if (!r[i]) {
          certain.erase(slots[i]);
          continue;
        }
        KG_ASSIGN_OR_RETURN(TermId id, ctx_->terms().IdOf(*r[i]));
        if (InRow(slots[i])) row[slots[i]] = id;
      }
    }
    Planned p;
    p.rows = static_cast<double>(data.rows.size());
    p.op =
        Wrap(std::make_unique<ValuesSource>(
                 std::move(rows), fmt::format("({} rows)", data.rows.size())),
             p.rows);
    p.certain = certain;
    p.maybe = SlotSet(slots.begin(), slots.end());
    return p;
  }

  Result<Planned> PlanGroup(const ast::GroupGraphPattern& group, Planned in,
                            const GraphSpec& graph, bool skip_filters = false) {
    if (++depth_ > 2000)
      return Status::InvalidArgument("query nested too deeply");
    struct DepthGuard {
      int* d;
      ~DepthGuard() { --*d; }
    } guard{&depth_};
    std::vector<PendingFilter> filters;
    if (!skip_filters) {
      for (const auto& e : group.elements) {
        if (e.kind != PatternKind::kFilter) continue;
        KG_ASSIGN_OR_RETURN(CompiledExpr probe, Compile(e.expr, graph));
        PendingFilter f{&e.expr, {}, !probe.HasExists()};
        probe.CollectSlots(&f.slots);
        filters.push_back(std::move(f));
      }
    }
    Planned cur = std::move(in);
    KG_ASSIGN_OR_RETURN(cur, PushFilters(std::move(cur), &filters, graph));
    const auto& els = group.elements;
    for (std::size_t i = 0; i < els.size(); ++i) {
      const auto& e = els[i];
      switch (e.kind) {
        case PatternKind::kTriples: {
          // Adjacent triple blocks (FILTERs between them do not split a
          // BGP) join as one BGP.
          std::vector<ast::TriplePattern> triples = e.triples;
          while (i + 1 < els.size() &&
                 (els[i + 1].kind == PatternKind::kTriples ||
                  els[i + 1].kind == PatternKind::kFilter)) {
            ++i;
            if (els[i].kind == PatternKind::kTriples)
              triples.insert(triples.end(), els[i].triples.begin(),
                             els[i].triples.end());
          }
          KG_ASSIGN_OR_RETURN(
              cur, PlanBgp(triples, std::move(cur), graph, &filters));
          break;
        }
        case PatternKind::kGroup: {
          if (SubstitutionSafe(e.groups[0])) {
            KG_ASSIGN_OR_RETURN(cur,
                                PlanGroup(e.groups[0], std::move(cur), graph));
          } else {
            KG_ASSIGN_OR_RETURN(Planned sub,
                                PlanGroup(e.groups[0], Unit(), graph));
            cur = Join(std::move(cur), std::move(sub));
          }
          break;
        }
        case PatternKind::kUnion: {
          std::vector<OperatorPtr> branches;
          Planned u;
          u.rows = 0;
          bool first = true;
          for (const auto& g : e.groups) {
            KG_ASSIGN_OR_RETURN(Planned b, PlanGroup(g, Unit(), graph));
            u.rows += b.rows;
            u.certain = first ? b.certain : Intersect(u.certain, b.certain);
            u.maybe.insert(b.maybe.begin(), b.maybe.end());
            first = false;
            branches.push_back(std::move(b.op));
          }
          u.op = Wrap(std::make_unique<UnionAll>(std::move(branches)), u.rows);
          cur = Join(std::move(cur), std::move(u));
          break;
        }
        case PatternKind::kOptional: {
          const auto& inner = e.groups[0];
          // The OPTIONAL group's own FILTERs are the LeftJoin condition.
          std::optional<CompiledExpr> condition;
          for (const auto& f : inner.elements) {
            if (f.kind != PatternKind::kFilter) continue;
            KG_ASSIGN_OR_RETURN(CompiledExpr c, Compile(f.expr, graph));
            if (!condition) {
              condition = std::move(c);
            } else {
              CompiledExpr both;
              both.kind = ExprKind::kAnd;
              both.args.push_back(std::move(*condition));
              both.args.push_back(std::move(c));
              condition = std::move(both);
            }
          }
          ast::GroupGraphPattern body;
          for (const auto& f : inner.elements)
            if (f.kind != PatternKind::kFilter) body.elements.push_back(f);
          if (SubstitutionSafe(body) && !cur.unit) {
            auto seed = std::make_unique<SeedSource>(width_);
            SeedSource* seed_ptr = seed.get();
            Planned right_in;
            right_in.op = std::move(seed);
            right_in.certain = cur.certain;
            right_in.maybe = cur.maybe;
            right_in.rows = 1;
            KG_ASSIGN_OR_RETURN(
                Planned right,
                PlanGroup(body, std::move(right_in), graph, true));
            Planned out;
            out.certain = cur.certain;
            out.maybe = right.maybe;
            out.rows = std::max(cur.rows, cur.rows * right.rows);
            out.op = Wrap(std::make_unique<OptionalJoin>(
                              std::move(cur.op), std::move(right.op), seed_ptr,
                              std::move(condition), width_),
                          out.rows);
            cur = std::move(out);
          } else {
            KG_ASSIGN_OR_RETURN(Planned right,
                                PlanGroup(body, Unit(), graph, true));
            SlotSet keys = Intersect(cur.certain, right.certain);
            SlotSet shared = Intersect(cur.maybe, right.maybe);
            Planned out;
            out.certain = cur.certain;
            out.maybe = cur.maybe;
            out.maybe.insert(right.maybe.begin(), right.maybe.end());
            out.rows = std::max(cur.rows, right.rows);
            out.op = Wrap(std::make_unique<HashJoin>(
                              std::move(cur.op), std::move(right.op),
                              std::vector<int>(keys.begin(), keys.end()),
                              std::vector<int>(shared.begin(), shared.end()),
                              true, std::move(condition), width_),
                          out.rows);
            cur = std::move(out);
          }
          break;
        }
        case PatternKind::kMinus: {
          KG_ASSIGN_OR_RETURN(Planned right,
                              PlanGroup(e.groups[0], Unit(), graph));
          SlotSet keys = Intersect(cur.certain, right.certain);
          SlotSet shared = Intersect(cur.maybe, right.maybe);
          std::vector<int> overlap;
          for (int s : shared)
            if (!hidden_graph_slots_.count(s)) overlap.push_back(s);
          double rows = cur.rows;
          cur.op = Wrap(std::make_unique<Minus>(
                            std::move(cur.op), std::move(right.op),
                            std::vector<int>(keys.begin(), keys.end()),
                            std::vector<int>(shared.begin(), shared.end()),
                            std::move(overlap), width_),
                        rows);
          cur.unit = false;
          break;
        }
        case PatternKind::kGraph: {
          KG_ASSIGN_OR_RETURN(GraphSpec inner, GraphOf(e.graph));
          if (e.groups[0].elements.empty()) {
            KG_ASSIGN_OR_RETURN(Planned g, PlanGraphNames(inner));
            cur = Join(std::move(cur), std::move(g));
          } else if (SubstitutionSafe(e.groups[0])) {
            KG_ASSIGN_OR_RETURN(cur,
                                PlanGroup(e.groups[0], std::move(cur), inner));
          } else if (inner.kind == GraphSpec::Kind::kNamedVariable) {
            KG_ASSIGN_OR_RETURN(Planned loop,
                                PlanGraphLoop(e.groups[0], inner));
            cur = Join(std::move(cur), std::move(loop));
          } else {
            KG_ASSIGN_OR_RETURN(Planned sub,
                                PlanGroup(e.groups[0], Unit(), inner));
            cur = Join(std::move(cur), std::move(sub));
          }
          break;
        }
        case PatternKind::kService:
          return Status::NotSupported(
              "SERVICE (federated query) is not supported");
        case PatternKind::kFilter:
          break;
        case PatternKind::kBind: {
          int slot = Slot(e.variable);
          if (cur.maybe.count(slot))
            return Status::InvalidArgument(fmt::format(
                "BIND: variable ?{} is already in scope", e.variable.name));
          KG_ASSIGN_OR_RETURN(CompiledExpr c, Compile(e.expr, graph));
          cur.op = Wrap(
              std::make_unique<Extend>(
                  std::move(cur.op), std::move(c), slot,
                  ast::ToSparql(e.expr) + " AS " + VarText(e.variable), width_),
              cur.rows);
          cur.maybe.insert(slot);
          cur.unit = false;
          KG_ASSIGN_OR_RETURN(cur,
                              PushFilters(std::move(cur), &filters, graph));
          break;
        }
        case PatternKind::kValues: {
          KG_ASSIGN_OR_RETURN(Planned v, PlanValues(e.values));
          cur = Join(std::move(cur), std::move(v));
          break;
        }
        case PatternKind::kSubSelect: {
          KG_ASSIGN_OR_RETURN(Planned sub, PlanSubSelect(*e.subselect, graph));
          cur = Join(std::move(cur), std::move(sub));
          break;
        }
      }
      KG_ASSIGN_OR_RETURN(cur, PushFilters(std::move(cur), &filters, graph));
    }
    for (auto& f : filters) {
      if (f.applied) continue;
      f.applied = true;
      KG_ASSIGN_OR_RETURN(bool joined, TryExistsJoin(&cur, *f.expr, graph));
      if (!joined) {
        KG_ASSIGN_OR_RETURN(cur, ApplyFilter(std::move(cur), *f.expr, graph));
      }
      cur.unit = false;
    }
    return cur;
  }

  // FILTER [NOT] EXISTS { triple patterns } as a hash semi- or anti-join
  // with the patterns' own matches, when that reads fewer quads than one
  // lookup per row: the patterns (no property paths, whose zero-length
  // matches depend on substitution) are planned alone, and rows are kept
  // by the match of the variables they share, which every row must bind
  // (then substituting and joining agree). Not inside GRAPH ?g, where the
  // graph comes from the row. False when it does not apply.
  Result<bool> TryExistsJoin(Planned* cur, const ast::Expr& e,
                             const GraphSpec& graph) {
    if (e.kind != ExprKind::kExists && e.kind != ExprKind::kNotExists)
      return false;
    if (!graph_loops_.empty() || graph.kind == GraphSpec::Kind::kNamedVariable)
      return false;
    const ast::GroupGraphPattern& pattern = *e.pattern;
    if (pattern.elements.empty()) return false;
    for (const auto& el : pattern.elements) {
      if (el.kind != PatternKind::kTriples) return false;
      for (const auto& t : el.triples)
        if (t.path) return false;
    }
    KG_ASSIGN_OR_RETURN(Planned inner, PlanGroup(pattern, Unit(), graph));
    SlotSet shared = Intersect(cur->maybe, inner.maybe);
    if (shared.empty() ||
        !std::includes(cur->certain.begin(), cur->certain.end(), shared.begin(),
                       shared.end()) ||
        inner.rows >= cur->rows * kSeekCost || inner.rows >= kMaxHashBuildRows)
      return false;
    const bool exists = e.kind == ExprKind::kExists;
    std::vector<int> keys(shared.begin(), shared.end());
    double rows = std::max(1.0, cur->rows * kFilterSelectivity);
    cur->op = Wrap(
        std::make_unique<Minus>(
            std::move(cur->op), std::move(inner.op), keys, keys, keys, width_,
            exists, exists ? "SemiJoin (EXISTS)" : "AntiJoin (NOT EXISTS)"),
        rows);
    cur->rows = rows;
    return true;
  }

  // GRAPH ?g { P } for a P that is more than triple patterns: P once per
  // named graph (GraphLoop), the graph in a hidden slot.
  Result<Planned> PlanGraphLoop(const ast::GroupGraphPattern& group,
                                const GraphSpec& outer) {
    int hidden = HiddenSlot();
    hidden_graph_slots_.insert(hidden);
    GraphSpec inner = outer;
    inner.slot = hidden;
    auto seed = std::make_unique<SeedSource>(width_);
    graph_loops_.emplace_back(seed.get(), hidden);
    auto planned = PlanGroup(group, Unit(), inner);
    graph_loops_.pop_back();
    if (!planned.ok()) return planned.status();
    Planned p = std::move(*planned);
    Planned out;
    out.rows = p.rows;
    out.certain = p.certain;
    out.certain.erase(hidden);
    out.certain.insert(outer.slot);
    out.maybe = p.maybe;
    out.maybe.erase(hidden);
    out.maybe.insert(outer.slot);
    out.op =
        Wrap(std::make_unique<GraphLoop>(std::move(p.op), std::move(seed),
                                         outer, hidden, outer.slot, width_),
             out.rows);
    return out;
  }

  // GRAPH ?g {}: one row per named graph.
  Result<Planned> PlanGraphNames(const GraphSpec& spec) {
    KG_ASSIGN_OR_RETURN(std::vector<TermId> graphs, ctx_->view().Graphs());
    Batch rows(width_);
    Planned p;
    for (TermId g : graphs) {
      if (!spec.IsNamedAllowed(g)) continue;
      if (spec.kind == GraphSpec::Kind::kNamedConstant && g != spec.constant)
        continue;
      TermId* r = rows.AppendUnbound();
      if (spec.kind == GraphSpec::Kind::kNamedVariable && InRow(spec.slot))
        r[spec.slot] = g;
    }
    p.rows = static_cast<double>(rows.size());
    p.op =
        Wrap(std::make_unique<ValuesSource>(std::move(rows), "(named graphs)"),
             p.rows);
    if (spec.kind == GraphSpec::Kind::kNamedVariable) {
      p.certain.insert(spec.slot);
      p.maybe.insert(spec.slot);
    }
    return p;
  }

  Result<Planned> PlanSubSelect(const ast::Query& q, const GraphSpec& graph) {
    // Variables the sub-select does not project are its own: a new scope.
    std::vector<std::string> projected;
    if (q.select_all) {
      std::set<std::string> names;
      if (q.where) ast::CollectInScopeVariables(*q.where, &names);
      projected.assign(names.begin(), names.end());
    } else {
      for (const auto& item : q.select) projected.push_back(item.variable.name);
    }
    std::map<std::string, int> scope;
    for (const auto& name : projected) scope[name] = SlotByKey(name);
    scopes_.push_back(scope);
    GraphSpec saved = sub_graph_;
    sub_graph_ = graph;
    std::vector<int> slots;
    std::vector<std::string> names;
    auto planned = PlanSelect(q, false, &slots, &names);
    sub_graph_ = saved;
    scopes_.pop_back();
    return planned;
  }

  // WHERE, then GROUP BY / aggregates / HAVING, SELECT expressions, ORDER
  // BY, projection, DISTINCT / REDUCED, OFFSET / LIMIT (§18.2.4-5).
  Result<Planned> PlanSelect(const ast::Query& q, bool top,
                             std::vector<int>* out_slots,
                             std::vector<std::string>* out_names) {
    const GraphSpec& graph = top ? default_graph_ : sub_graph_;
    Planned cur = Unit();
    if (q.where) {
      KG_ASSIGN_OR_RETURN(cur, PlanGroup(*q.where, std::move(cur), graph));
    }
    if (q.values) {
      KG_ASSIGN_OR_RETURN(Planned v, PlanValues(*q.values));
      cur = Join(std::move(cur), std::move(v));
    }
    bool aggregating = !q.group_by.empty();
    for (const auto& item : q.select)
      if (item.expr && ast::ContainsAggregate(*item.expr)) aggregating = true;
    for (const auto& h : q.having)
      if (ast::ContainsAggregate(h)) aggregating = true;
    for (const auto& o : q.order_by)
      if (ast::ContainsAggregate(o.expr)) aggregating = true;
    if (!q.having.empty()) aggregating = true;

    std::set<std::string> grouped_names;
    if (aggregating) {
      std::vector<GroupKey> keys;
      SlotSet key_slots, certain_keys;
      for (const auto& g : q.group_by) {
        KG_ASSIGN_OR_RETURN(CompiledExpr c, Compile(g.expr, graph));
        int slot;
        if (g.alias) {
          slot = Slot(*g.alias);
          grouped_names.insert(g.alias->name);
        } else if (g.expr.kind == ExprKind::kVariable) {
          slot = Slot(g.expr.variable);
          grouped_names.insert(g.expr.variable.name);
        } else {
          slot = HiddenSlot();
        }
        // A key that is a variable bound in every input row is bound in
        // every group (other keys may err and leave theirs unbound).
        if (g.expr.kind == ExprKind::kVariable && cur.certain.count(c.slot))
          certain_keys.insert(slot);
        keys.push_back(GroupKey{std::move(c), slot});
        key_slots.insert(slot);
      }
      std::vector<AggregateSpec> aggs;
      auto collect = [&](const ast::Expr& e, auto&& self) -> Status {
        if (e.kind == ExprKind::kAggregate) {
          std::string text = ast::ToSparql(e);
          if (aggregate_slots_.count(text)) return Status::Ok();
          AggregateSpec a;
          a.function = e.aggregate;
          a.distinct = e.distinct;
          a.row_width = width_;
          if (e.separator) a.separator = *e.separator;
          if (!e.args.empty()) {
            KG_ASSIGN_OR_RETURN(CompiledExpr c, Compile(e.args[0], graph));
            a.arg = std::move(c);
          }
          a.slot = HiddenSlot();
          aggregate_slots_[text] = a.slot;
          aggs.push_back(std::move(a));
          return Status::Ok();
        }
        if (e.kind == ExprKind::kExists || e.kind == ExprKind::kNotExists)
          return Status::Ok();
        for (const auto& a : e.args) KG_RETURN_IF_ERROR(self(a, self));
        return Status::Ok();
      };
      for (const auto& item : q.select)
        if (item.expr) KG_RETURN_IF_ERROR(collect(*item.expr, collect));
      for (const auto& h : q.having) KG_RETURN_IF_ERROR(collect(h, collect));
      for (const auto& o : q.order_by)
        KG_RETURN_IF_ERROR(collect(o.expr, collect));
      double rows = q.group_by.empty() ? 1 : std::max(1.0, cur.rows / 10);
      Planned g;
      g.op = Wrap(std::make_unique<GroupBy>(std::move(cur.op), std::move(keys),
                                            std::move(aggs), q.group_by.empty(),
                                            width_),
                  rows);
      g.rows = rows;
      g.maybe = key_slots;
      g.certain = certain_keys;
      for (const auto& [text, slot] : aggregate_slots_) g.maybe.insert(slot);
      cur = std::move(g);
      for (const auto& h : q.having) {
        KG_ASSIGN_OR_RETURN(cur, ApplyFilter(std::move(cur), h, graph));
      }
      if (q.select_all)
        return Status::InvalidArgument(
            "SELECT * cannot be used with GROUP BY or aggregates");
      for (const auto& item : q.select) {
        if (!item.expr && !grouped_names.count(item.variable.name))
          return Status::InvalidArgument(fmt::format(
              "variable ?{} is selected but neither grouped nor aggregated",
              item.variable.name));
      }
    }
    // SELECT expressions, in order (later ones may use earlier ones).
    std::vector<int> slots;
    std::vector<std::string> names;
    if (q.select_all || q.form != ast::QueryForm::kSelect) {
      std::set<std::string> in_scope;
      if (q.where) ast::CollectInScopeVariables(*q.where, &in_scope);
      if (q.values)
        for (const auto& v : q.values->variables) in_scope.insert(v.name);
      for (const auto& name : in_scope) {
        names.push_back(name);
        slots.push_back(SlotByKey(name));
      }
    }
    if (q.form == ast::QueryForm::kSelect && !q.select_all) {
      std::vector<ExtendBinding> bindings;
      std::string text;
      for (const auto& item : q.select) {
        int slot = Slot(item.variable);
        if (item.expr) {
          if (cur.maybe.count(slot) && !aggregating)
            return Status::InvalidArgument(
                fmt::format("SELECT: variable ?{} is already in scope",
                            item.variable.name));
          KG_ASSIGN_OR_RETURN(CompiledExpr c, Compile(*item.expr, graph));
          bindings.push_back(ExtendBinding{std::move(c), slot});
          text += (text.empty() ? "" : ", ") + ast::ToSparql(*item.expr) +
                  " AS " + VarText(item.variable);
          cur.maybe.insert(slot);
        }
        names.push_back(item.variable.name);
        slots.push_back(slot);
      }
      if (!bindings.empty()) {
        cur.op = Wrap(std::make_unique<Extend>(
                          std::move(cur.op), std::move(bindings), text, width_),
                      cur.rows);
        cur.unit = false;
      }
    }
    std::optional<std::uint64_t> top_k;
    if (q.limit) top_k = *q.limit + q.offset.value_or(0);
    if (!q.order_by.empty() && q.form != ast::QueryForm::kAsk) {
      std::vector<SortKey> keys;
      for (const auto& o : q.order_by) {
        KG_ASSIGN_OR_RETURN(CompiledExpr c, Compile(o.expr, graph));
        keys.push_back(SortKey{std::move(c), o.descending});
      }
      // With DISTINCT the limit applies after duplicates are removed.
      auto k = (q.distinct || q.reduced) ? std::nullopt : top_k;
      cur.op = Wrap(std::make_unique<OrderBy>(std::move(cur.op),
                                              std::move(keys), k, width_),
                    cur.rows);
      cur.unit = false;
    }
    if (!top) {
      cur.op = Wrap(std::make_unique<Project>(std::move(cur.op), slots, width_),
                    cur.rows);
      SlotSet proj(slots.begin(), slots.end());
      cur.certain = Intersect(cur.certain, proj);
      cur.maybe = Intersect(cur.maybe, proj);
      cur.unit = false;
    }
    if (q.distinct || q.reduced) {
      cur.op =
          Wrap(std::make_unique<Distinct>(std::move(cur.op), slots, width_),
               cur.rows);
      cur.unit = false;
    }
    if (q.limit || q.offset) {
      cur.op = Wrap(
          std::make_unique<Slice>(std::move(cur.op), q.offset.value_or(0),
                                  q.limit, width_),
          q.limit ? std::min<double>(cur.rows, static_cast<double>(*q.limit))
                  : cur.rows);
      cur.unit = false;
    }
    *out_slots = slots;
    *out_names = names;
    return cur;
  }

  Result<TemplateTerm> Template(const ast::VarOrTerm& v) {
    TemplateTerm t;
    if (auto* var = std::get_if<ast::Variable>(&v)) {
      if (var->is_blank()) {
        t.kind = TemplateTerm::Kind::kBlank;
        t.blank_label = var->name;
      } else {
        t.kind = TemplateTerm::Kind::kVariable;
        t.slot = Slot(*var);
      }
    } else {
      KG_ASSIGN_OR_RETURN(t.constant, ctx_->terms().IdOf(std::get<Term>(v)));
    }
    return t;
  }

  ExecContext* ctx_;
  PlanOptions options_;
  std::size_t width_;
  std::size_t next_slot_ = 0;
  std::vector<std::map<std::string, int>> scopes_;
  std::map<std::string, int> aggregate_slots_;
  std::unordered_map<std::string, double> stat_cache_;
  // Pattern counts, shared by both planning passes of a query.
  std::unordered_map<std::string, double>* count_cache_;
  GraphSpec default_graph_;
  GraphSpec sub_graph_;
  std::uint64_t fresh_ = 0;
  int depth_ = 0;
  // The GRAPH loops being planned: their seed and hidden graph slot.
  std::vector<std::pair<SeedSource*, int>> graph_loops_;
  SlotSet hidden_graph_slots_;
  bool stale_ = false;
};

void FormatNode(const PhysicalOperator& op, int depth, bool analyze,
                std::string* out) {
  const PhysicalOperator* real = &op;
  if (auto* p = dynamic_cast<const Profiled*>(&op)) real = p->inner();
  const OperatorProfile& prof = real->profile();
  std::string line(static_cast<std::size_t>(depth) * 2, ' ');
  // One operator per line: collapse the newlines of printed patterns.
  std::string text = real->Describe();
  for (char& c : text)
    if (c == '\n') c = ' ';
  std::string collapsed;
  for (char c : text)
    if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' '))
      collapsed += c;
  line += collapsed;
  double est = prof.estimated_rows;
  std::string est_text =
      est >= 100 ? fmt::format("{:.0f}", est) : fmt::format("{:.3g}", est);
  line += fmt::format("  [est {}{}", est_text,
                      prof.estimate_stale ? " (stale)" : "");
  if (analyze) {
    line += fmt::format(
        ", actual {}, {:.2f} ms", prof.actual_rows,
        std::chrono::duration<double, std::milli>(prof.time).count());
  }
  line += "]\n";
  *out += line;
  for (const PhysicalOperator* c : real->children())
    FormatNode(*c, depth + 1, analyze, out);
}

}  // namespace

Result<PlannedQuery> PlanQuery(const ast::Query& query, ExecContext* ctx,
                               const PlanOptions& options) {
  // Two passes: the first counts the slots (the row width), the second
  // builds operators for rows of exactly that width.
  std::size_t width;
  std::unordered_map<std::string, double> counts;
  {
    PlanOptions probe_options = options;
    probe_options.profile = false;
    Planner probe(ctx, probe_options, 1, &counts);
    KG_ASSIGN_OR_RETURN(PlannedQuery ignored, probe.PlanTop(query));
    width = std::max<std::size_t>(1, probe.slots_used());
  }
  Planner planner(ctx, options, width, &counts);
  KG_ASSIGN_OR_RETURN(PlannedQuery plan, planner.PlanTop(query));
  if (planner.slots_used() > width)
    return Status::Internal("planner slot count changed");
  plan.width = width;
  return plan;
}

std::string FormatPlan(const PhysicalOperator& root, bool analyze) {
  std::string out;
  FormatNode(root, 0, analyze, &out);
  return out;
}

}  // namespace kg::query
