// PathScan: property paths by BFS over index scans.
#include "query/exec/path_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <unordered_set>

namespace kg::query {
namespace {

using ast::PathKind;
using NodeSet = std::unordered_set<TermId>;

// Memory a reached node holds during a BFS (set entry, queue, result).
constexpr std::int64_t kNodeBytes = 64;

// Evaluates paths inside one graph context: `g` a single graph, or the
// default-graph spec when `g` == kUnbound.
class PathEvaluator {
 public:
  PathEvaluator(ExecContext* ctx, const GraphSpec& spec, TermId g)
      : ctx_(ctx), spec_(spec), g_(g) {}

  // The nodes reachable from `node` over `path` (forward) or reaching it
  // (backward), each once, in discovery order.
  Status Step(const CompiledPath& path, TermId node, bool forward,
              std::vector<TermId>* out) {
    KG_RETURN_IF_ERROR(ctx_->Check());
    switch (path.kind) {
      case PathKind::kIri:
        return ScanNeighbours(node, path.iri, forward, false, {}, out);
      case PathKind::kInverse:
        return Step(path.args[0], node, !forward, out);
      case PathKind::kSequence: {
        std::vector<TermId> frontier{node};
        for (std::size_t i = 0; i < path.args.size(); ++i) {
          const CompiledPath& part =
              forward ? path.args[i] : path.args[path.args.size() - 1 - i];
          std::vector<TermId> next;
          for (TermId n : frontier) {
            KG_RETURN_IF_ERROR(Step(part, n, forward, &next));
          }
          frontier = std::move(next);  // a bag: p/q keeps duplicates
        }
        out->insert(out->end(), frontier.begin(), frontier.end());
        return Status::Ok();
      }
      case PathKind::kAlternative:
        for (const auto& a : path.args)
          KG_RETURN_IF_ERROR(Step(a, node, forward, out));
        return Status::Ok();
      case PathKind::kZeroOrMore:
      case PathKind::kOneOrMore: {
        NodeSet visited;
        std::deque<TermId> queue;
        std::vector<TermId> result;
        std::int64_t charged = 0;  // the visited set, queue and result
        if (path.kind == PathKind::kZeroOrMore) {
          visited.insert(node);
          result.push_back(node);
          queue.push_back(node);
        } else {
          std::vector<TermId> first;
          KG_RETURN_IF_ERROR(Step(path.args[0], node, forward, &first));
          for (TermId n : first)
            if (visited.insert(n).second) {
              result.push_back(n);
              queue.push_back(n);
            }
        }
        std::vector<TermId> next;
        while (!queue.empty()) {
          TermId n = queue.front();
          queue.pop_front();
          next.clear();
          KG_RETURN_IF_ERROR(Step(path.args[0], n, forward, &next));
          std::size_t before = visited.size();
          for (TermId m : next)
            if (visited.insert(m).second) {
              result.push_back(m);
              queue.push_back(m);
            }
          std::int64_t grew =
              static_cast<std::int64_t>(visited.size() - before) * kNodeBytes;
          charged += grew;
          KG_RETURN_IF_ERROR(ctx_->Charge(grew));
        }
        KG_RETURN_IF_ERROR(ctx_->Charge(-charged));
        out->insert(out->end(), result.begin(), result.end());
        return Status::Ok();
      }
      case PathKind::kZeroOrOne: {
        std::vector<TermId> next;
        KG_RETURN_IF_ERROR(Step(path.args[0], node, forward, &next));
        NodeSet seen{node};
        out->push_back(node);
        for (TermId n : next)
          if (seen.insert(n).second) out->push_back(n);
        return Status::Ok();
      }
      case PathKind::kNegatedSet: {
        std::vector<TermId> fwd, inv;
        for (const auto& a : path.args) {
          if (a.kind == PathKind::kInverse)
            inv.push_back(a.args[0].iri);
          else
            fwd.push_back(a.iri);
        }
        bool any_fwd = false, any_inv = false;
        for (const auto& a : path.args)
          (a.kind == PathKind::kInverse ? any_inv : any_fwd) = true;
        if (any_fwd)
          KG_RETURN_IF_ERROR(
              ScanNeighbours(node, kUnbound, forward, true, fwd, out));
        if (any_inv)
          KG_RETURN_IF_ERROR(
              ScanNeighbours(node, kUnbound, !forward, true, inv, out));
        return Status::Ok();
      }
    }
    return Status::Ok();
  }

  // True if `node` is the subject or object of some triple in the graph
  // context.
  Result<bool> IsNode(TermId node) {
    if (node == kUnbound || IsLocalId(node)) return false;
    for (int side = 0; side < 2; ++side) {
      store::IdPattern p;
      (side == 0 ? p.s : p.o) = node;
      if (g_ != kUnbound) p.g = g_;
      auto cursor = ctx_->view().NewCursor(p);
      store::IdQuad q;
      while (cursor->Next(&q)) {
        if (g_ == kUnbound && !InDefault(q.g)) continue;
        return true;
      }
      KG_RETURN_IF_ERROR(cursor->status());
    }
    return false;
  }

  // Every node of the graph context: subjects and objects.
  Status AllNodes(std::vector<TermId>* out) {
    NodeSet seen;
    store::IdPattern p;
    if (g_ != kUnbound) p.g = g_;
    auto cursor = ctx_->view().NewCursor(p);
    store::IdQuad q;
    std::uint64_t n = 0;
    while (cursor->Next(&q)) {
      if ((++n & 4095) == 0) KG_RETURN_IF_ERROR(ctx_->Check());
      if (g_ == kUnbound && !InDefault(q.g)) continue;
      if (seen.insert(q.s).second) out->push_back(q.s);
      if (seen.insert(q.o).second) out->push_back(q.o);
    }
    return cursor->status();
  }

  // Nodes from which some path could start: subjects (forward) of the
  // predicates a path starts with, or every node when that is unclear.
  Status StartNodes(const CompiledPath& path, std::vector<TermId>* out) {
    if (path.kind == PathKind::kIri || path.kind == PathKind::kOneOrMore) {
      const CompiledPath& first =
          path.kind == PathKind::kIri ? path : path.args[0];
      if (first.kind == PathKind::kIri) {
        NodeSet seen;
        store::IdPattern p;
        p.p = first.iri;
        if (first.iri == kUnbound || IsLocalId(first.iri)) return Status::Ok();
        if (g_ != kUnbound) p.g = g_;
        auto cursor = ctx_->view().NewCursor(p);
        store::IdQuad q;
        while (cursor->Next(&q)) {
          if (g_ == kUnbound && !InDefault(q.g)) continue;
          if (seen.insert(q.s).second) out->push_back(q.s);
        }
        return cursor->status();
      }
    }
    return AllNodes(out);
  }

 private:
  bool InDefault(TermId g) const {
    if (spec_.kind == GraphSpec::Kind::kDefaultUnion) return true;
    return spec_.InDefaultSet(g);
  }

  // Neighbours of `node` over predicate `p` (or, with `negated`, over every
  // predicate not in `excluded`), deduplicated across graphs.
  Status ScanNeighbours(TermId node, TermId p, bool forward, bool negated,
                        const std::vector<TermId>& excluded,
                        std::vector<TermId>* out) {
    if (!negated && (p == kUnbound || IsLocalId(p))) return Status::Ok();
    if (node == kUnbound || IsLocalId(node)) return Status::Ok();
    std::vector<TermId> graphs;
    if (g_ != kUnbound) {
      graphs.push_back(g_);
    } else if (spec_.kind == GraphSpec::Kind::kDefaultUnion) {
      graphs.push_back(kUnbound);
    } else {
      graphs = spec_.graphs;
    }
    NodeSet seen;
    store::IdQuad last{kUnbound, kUnbound, kUnbound, kUnbound};
    for (TermId g : graphs) {
      store::IdPattern pat;
      if (forward)
        pat.s = node;
      else
        pat.o = node;
      if (!negated) pat.p = p;
      if (g != kUnbound) pat.g = g;
      auto cursor = ctx_->view().NewCursor(pat);
      store::IdQuad q;
      while (cursor->Next(&q)) {
        // The union of graphs holds a triple once: copies are adjacent
        // because the graph comes last in the index used.
        if (g == kUnbound && q.s == last.s && q.p == last.p && q.o == last.o)
          continue;
        last = q;
        if (negated &&
            std::find(excluded.begin(), excluded.end(), q.p) != excluded.end())
          continue;
        TermId n = forward ? q.o : q.s;
        // A negated set matches triples, so a node reached over two
        // predicates is reached twice; a single IRI reaches it once.
        if (!negated) {
          if (seen.insert(n).second) out->push_back(n);
        } else {
          out->push_back(n);
        }
      }
      KG_RETURN_IF_ERROR(cursor->status());
    }
    return Status::Ok();
  }

  ExecContext* ctx_;
  const GraphSpec& spec_;
  TermId g_;
};

}  // namespace

PathScan::PathScan(OperatorPtr input, PatternTerm subject, CompiledPath path,
                   PatternTerm object, GraphSpec graph, std::size_t width)
    : input_(std::move(input)),
      s_(std::move(subject)),
      o_(std::move(object)),
      path_(std::move(path)),
      graph_(std::move(graph)),
      width_(width),
      in_(width),
      pending_(width) {}

Status PathScan::Open(ExecContext* ctx) {
  ctx_ = ctx;
  in_.Clear();
  pending_.Clear();
  pending_pos_ = 0;
  return input_->Open(ctx);
}

Status PathScan::EvaluateInGraph(const TermId* row, TermId g, int g_slot,
                                 Batch* out) {
  PathEvaluator ev(ctx_, graph_, g);
  TermId s = s_.is_variable ? row[s_.slot] : s_.constant;
  TermId o = o_.is_variable ? row[o_.slot] : o_.constant;
  // A constant the store lacks is still a node for zero-length paths, so
  // constants are resolved to query-local ids by the planner; kUnbound on
  // a constant cannot happen.
  auto emit = [&](TermId sv, TermId ov) {
    TermId* r = out->Append(row);
    if (s_.is_variable) r[s_.slot] = sv;
    if (o_.is_variable) {
      if (r[o_.slot] != kUnbound && r[o_.slot] != ov) {
        out->PopBack();
        return;
      }
      r[o_.slot] = ov;
    }
    if (g_slot >= 0) r[g_slot] = g;
  };
  // A node bound by the input row stands for a variable (§18.4): a
  // zero-length path matches it only if it is a node of the graph, unlike
  // a constant written in the query.
  if (s_.is_variable && s != kUnbound) {
    KG_ASSIGN_OR_RETURN(bool in_graph, ev.IsNode(s));
    if (!in_graph) return Status::Ok();
  } else if (o_.is_variable && o != kUnbound && s == kUnbound) {
    KG_ASSIGN_OR_RETURN(bool in_graph, ev.IsNode(o));
    if (!in_graph) return Status::Ok();
  }
  std::vector<TermId> reached;
  if (s != kUnbound) {
    KG_RETURN_IF_ERROR(ev.Step(path_, s, true, &reached));
    for (TermId n : reached)
      if (o == kUnbound || n == o) emit(s, n);
  } else if (o != kUnbound) {
    KG_RETURN_IF_ERROR(ev.Step(path_, o, false, &reached));
    for (TermId n : reached) emit(n, o);
  } else {
    std::vector<TermId> starts;
    KG_RETURN_IF_ERROR(ev.StartNodes(path_, &starts));
    for (TermId start : starts) {
      reached.clear();
      KG_RETURN_IF_ERROR(ev.Step(path_, start, true, &reached));
      for (TermId n : reached) emit(start, n);
      if (out->size() > 4 * Batch::kCapacity) {
        KG_RETURN_IF_ERROR(ctx_->Charge(0));
        KG_RETURN_IF_ERROR(ctx_->Check());
      }
    }
  }
  return Status::Ok();
}

Status PathScan::EvaluateRow(const TermId* row, Batch* out) {
  switch (graph_.kind) {
    case GraphSpec::Kind::kDefaultUnion:
    case GraphSpec::Kind::kDefaultSet:
      return EvaluateInGraph(row, kUnbound, -1, out);
    case GraphSpec::Kind::kNamedConstant:
      if (!graph_.IsNamedAllowed(graph_.constant)) return Status::Ok();
      return EvaluateInGraph(row, graph_.constant, -1, out);
    case GraphSpec::Kind::kNamedVariable: {
      TermId g = row[graph_.slot];
      if (g != kUnbound) {
        if (!graph_.IsNamedAllowed(g)) return Status::Ok();
        return EvaluateInGraph(row, g, -1, out);
      }
      KG_ASSIGN_OR_RETURN(std::vector<TermId> graphs, ctx_->view().Graphs());
      for (TermId each : graphs) {
        if (!graph_.IsNamedAllowed(each)) continue;
        KG_RETURN_IF_ERROR(EvaluateInGraph(row, each, graph_.slot, out));
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Result<bool> PathScan::Next(Batch* out) {
  while (!out->full()) {
    if (pending_pos_ < pending_.size()) {
      while (pending_pos_ < pending_.size() && !out->full())
        out->Append(pending_.row(pending_pos_++));
      continue;
    }
    pending_.Clear();
    pending_pos_ = 0;
    in_.Clear();
    KG_ASSIGN_OR_RETURN(bool more, input_->Next(&in_));
    if (!more) break;
    KG_RETURN_IF_ERROR(ctx_->Check());
    for (std::size_t i = 0; i < in_.size(); ++i)
      KG_RETURN_IF_ERROR(EvaluateRow(in_.row(i), &pending_));
  }
  profile_.actual_rows += out->size();
  return !out->empty();
}

std::string PathScan::Describe() const {
  return fmt::format("PathScan {} {} {}", s_.text, path_.text, o_.text);
}

}  // namespace kg::query
