// Blank-node isomorphism: colour refinement, then backtracking over ties.
#include "tests/w3c/graph_isomorphism.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace kg::testing {
namespace {

struct BlankGraph {
  std::set<Quad> quads;
  std::vector<std::string> blanks;
  std::unordered_map<std::string, int> index;
  std::vector<std::vector<const Quad*>> incident;  // quads touching a blank
  std::vector<int> colour;

  explicit BlankGraph(const std::vector<Quad>& in)
      : quads(in.begin(), in.end()) {
    for (const Quad& q : quads) {
      for (const Term* t : {&q.subject, &q.predicate, &q.object, &q.graph}) {
        if (!t->is_blank()) continue;
        auto [it, inserted] =
            index.emplace(t->lexical, static_cast<int>(blanks.size()));
        if (inserted) {
          blanks.push_back(t->lexical);
          incident.emplace_back();
        }
        auto& list = incident[it->second];
        if (list.empty() || list.back() != &q) list.push_back(&q);
      }
    }
    colour.assign(blanks.size(), 0);
  }

  // A description of blank `x`'s neighbourhood in terms of current colours.
  std::string Signature(int x) const {
    std::vector<std::string> parts;
    for (const Quad* q : incident[x]) {
      std::string s;
      for (const Term* t :
           {&q->subject, &q->predicate, &q->object, &q->graph}) {
        if (t->is_blank()) {
          const int b = index.at(t->lexical);
          s += b == x ? "@" : "#" + std::to_string(colour[b]);
        } else {
          s += t->ToNTriples();
        }
        s += ' ';
      }
      parts.push_back(std::move(s));
    }
    std::sort(parts.begin(), parts.end());
    std::string out = std::to_string(colour[x]) + "|";
    for (const auto& p : parts) out += p + "\n";
    return out;
  }
};

std::size_t CountColours(const BlankGraph& g) {
  return std::set<int>(g.colour.begin(), g.colour.end()).size();
}

void Refine(BlankGraph* a, BlankGraph* b) {
  std::size_t before = 0;
  for (std::size_t round = 0; round <= a->blanks.size() + 1; ++round) {
    std::map<std::string, int> ids;
    std::vector<std::string> sa, sb;
    for (std::size_t i = 0; i < a->blanks.size(); ++i)
      sa.push_back(a->Signature(i));
    for (std::size_t i = 0; i < b->blanks.size(); ++i)
      sb.push_back(b->Signature(i));
    for (const auto& s : sa) ids.emplace(s, 0);
    for (const auto& s : sb) ids.emplace(s, 0);
    int next = 0;
    for (auto& [s, id] : ids) id = next++;
    for (std::size_t i = 0; i < sa.size(); ++i) a->colour[i] = ids[sa[i]];
    for (std::size_t i = 0; i < sb.size(); ++i) b->colour[i] = ids[sb[i]];
    const std::size_t now = CountColours(*a) + CountColours(*b);
    if (now == before) break;
    before = now;
  }
}

Quad MapQuad(const Quad& q, const BlankGraph& a, const BlankGraph& b,
             const std::vector<int>& map, bool* complete) {
  Quad out = q;
  *complete = true;
  for (Term* t : {&out.subject, &out.predicate, &out.object, &out.graph}) {
    if (!t->is_blank()) continue;
    const int m = map[a.index.at(t->lexical)];
    if (m < 0) {
      *complete = false;
      return out;
    }
    t->lexical = b.blanks[m];
  }
  return out;
}

bool Assign(std::size_t k, const std::vector<int>& order, const BlankGraph& a,
            const BlankGraph& b, std::vector<int>* map,
            std::vector<bool>* used) {
  if (k == order.size()) {
    for (const Quad& q : a.quads) {
      bool complete;
      if (b.quads.count(MapQuad(q, a, b, *map, &complete)) == 0) return false;
    }
    return true;
  }
  const int x = order[k];
  for (std::size_t y = 0; y < b.blanks.size(); ++y) {
    if ((*used)[y] || b.colour[y] != a.colour[x]) continue;
    (*map)[x] = static_cast<int>(y);
    (*used)[y] = true;
    bool consistent = true;
    for (const Quad* q : a.incident[x]) {
      bool complete;
      Quad m = MapQuad(*q, a, b, *map, &complete);
      if (complete && b.quads.count(m) == 0) {
        consistent = false;
        break;
      }
    }
    if (consistent && Assign(k + 1, order, a, b, map, used)) return true;
    (*map)[x] = -1;
    (*used)[y] = false;
  }
  return false;
}

}  // namespace

bool IsIsomorphic(const std::vector<Quad>& a_quads,
                  const std::vector<Quad>& b_quads, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  BlankGraph a(a_quads);
  BlankGraph b(b_quads);
  if (a.quads.size() != b.quads.size()) {
    return fail(
        "different numbers of quads: " + std::to_string(a.quads.size()) +
        " vs " + std::to_string(b.quads.size()));
  }
  if (a.blanks.size() != b.blanks.size()) {
    return fail(
        "different numbers of blank nodes: " + std::to_string(a.blanks.size()) +
        " vs " + std::to_string(b.blanks.size()));
  }
  for (const Quad& q : a.quads) {
    const bool ground = !q.subject.is_blank() && !q.predicate.is_blank() &&
                        !q.object.is_blank() && !q.graph.is_blank();
    if (ground && b.quads.count(q) == 0) {
      return fail("quad not in the other graph: " + q.ToNQuads());
    }
  }
  Refine(&a, &b);
  std::vector<int> ca = a.colour, cb = b.colour;
  std::sort(ca.begin(), ca.end());
  std::sort(cb.begin(), cb.end());
  if (ca != cb) return fail("blank node neighbourhoods differ");
  std::map<int, int> class_size;
  for (int c : a.colour) ++class_size[c];
  std::vector<int> order(a.blanks.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    return class_size[a.colour[x]] < class_size[a.colour[y]];
  });
  std::vector<int> map(a.blanks.size(), -1);
  std::vector<bool> used(b.blanks.size(), false);
  if (!Assign(0, order, a, b, &map, &used)) {
    return fail("no blank node mapping makes the graphs equal");
  }
  return true;
}

}  // namespace kg::testing
