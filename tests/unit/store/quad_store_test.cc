// The quad store: pattern shapes against brute force, commits and their
// statistics, check catching damage, opening rules.
#include "store/quad_store.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <set>

#include "kg/store.h"
#include "store/db.h"
#include "tests/unit/store/failing_files.h"
#include "tests/unit/store/test_util.h"

namespace kg {
namespace {

using testing::OpenNew;
using testing::TempDir;

Term Node(int i) { return Term::Iri("http://ex.org/n" + std::to_string(i)); }

std::vector<Quad> RandomQuads(std::mt19937& rng, int n) {
  std::vector<Quad> out;
  for (int i = 0; i < n; ++i) {
    Quad q;
    q.subject = Node(rng() % 30);
    q.predicate = Term::Iri("http://ex.org/p" + std::to_string(rng() % 5));
    switch (rng() % 3) {
      case 0:
        q.object = Node(rng() % 30);
        break;
      case 1:
        q.object = Term::Literal(std::to_string(rng() % 10),
                                 "http://www.w3.org/2001/XMLSchema#integer");
        break;
      default:
        q.object = Term::LangLiteral("اسم " + std::to_string(rng() % 10), "ar");
    }
    int g = rng() % 4;
    q.graph = g == 0 ? Term::DefaultGraph() : Node(100 + g);
    out.push_back(q);
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(quad_store)

BOOST_AUTO_TEST_CASE(all_sixteen_shapes_match_brute_force) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  std::mt19937 rng(42);
  std::vector<Quad> quads = RandomQuads(rng, 3000);
  auto w = store->Add(quads);
  BOOST_TEST_REQUIRE(w.ok(), w.status().ToString());
  std::set<Quad> all(quads.begin(), quads.end());
  BOOST_TEST(w->inserted == all.size());

  auto* qs = store->quad_store();
  auto view = qs->NewReadView();
  for (int trial = 0; trial < 200; ++trial) {
    const Quad& probe = quads[rng() % quads.size()];
    int mask = trial % 16;
    QuadPattern pat;
    if (mask & 1) pat.subject = probe.subject;
    if (mask & 2) pat.predicate = probe.predicate;
    if (mask & 4) pat.object = probe.object;
    if (mask & 8) pat.graph = probe.graph;
    std::set<Quad> expected;
    for (const Quad& q : all) {
      if ((!pat.subject || *pat.subject == q.subject) &&
          (!pat.predicate || *pat.predicate == q.predicate) &&
          (!pat.object || *pat.object == q.object) &&
          (!pat.graph || *pat.graph == q.graph)) {
        expected.insert(q);
      }
    }
    std::set<Quad> got;
    std::size_t calls = 0;
    BOOST_TEST_REQUIRE(store
                           ->Match(pat,
                                   [&](const Quad& q) {
                                     got.insert(q);
                                     ++calls;
                                     return true;
                                   })
                           .ok());
    BOOST_TEST(calls == expected.size(), "shape " << mask);
    BOOST_TEST((got == expected), "shape " << mask);

    // Id level: one prefix scan visiting no more than rows + 1 keys.
    store::IdPattern ip;
    if (pat.subject) ip.s = **view->Lookup(*pat.subject);
    if (pat.predicate) ip.p = **view->Lookup(*pat.predicate);
    if (pat.object) ip.o = **view->Lookup(*pat.object);
    if (pat.graph) ip.g = **view->Lookup(*pat.graph);
    std::uint64_t visited = 0, rows = 0;
    BOOST_TEST_REQUIRE(view->Scan(
                               ip,
                               [&](const store::IdQuad&) {
                                 ++rows;
                                 return true;
                               },
                               nullptr, &visited)
                           .ok());
    BOOST_TEST(rows == expected.size());
    // The default graph's quads are not in the graph-first orders: a scan
    // bound to it reads the keys of every graph under the other positions.
    std::size_t readable = expected.size();
    if (pat.graph && pat.graph->is_default_graph()) {
      readable = 0;
      for (const Quad& q : all) {
        readable += (!pat.subject || *pat.subject == q.subject) &&
                    (!pat.predicate || *pat.predicate == q.predicate) &&
                    (!pat.object || *pat.object == q.object);
      }
    }
    BOOST_TEST(visited <= readable, "shape " << mask);
  }
}

// The graph-first orders hold no key of the default graph; check counts
// them against the named graphs' quads (and reports a stray key).
BOOST_AUTO_TEST_CASE(graph_first_orders_hold_named_graphs_only) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  std::mt19937 rng(7);
  std::vector<Quad> quads = RandomQuads(rng, 2000);
  BOOST_TEST_REQUIRE(store->Add(quads).ok());
  // And some through a bulk load and a large commit (ingested files).
  std::vector<Quad> more = RandomQuads(rng, 60000);
  {
    auto load = store->BeginBulkLoad();
    BOOST_TEST_REQUIRE(load.ok());
    for (std::size_t i = 0; i < more.size() / 2; ++i)
      BOOST_TEST_REQUIRE((*load)->Add(more[i]).ok());
    BOOST_TEST_REQUIRE((*load)->Commit().ok());
  }
  BOOST_TEST_REQUIRE(
      store->Add(std::vector<Quad>(more.begin() + more.size() / 2, more.end()))
          .ok());
  std::set<Quad> all(quads.begin(), quads.end());
  all.insert(more.begin(), more.end());
  std::size_t named = 0;
  for (const Quad& q : all) named += q.graph.is_default_graph() ? 0 : 1;
  BOOST_TEST_REQUIRE(named > 0u);
  BOOST_TEST_REQUIRE(named < all.size());

  store::Db* db = store->quad_store()->db();
  auto count = [&](store::Cf cf) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->db->NewIterator(rocksdb::ReadOptions(), db->cf(cf)));
    std::size_t n = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      BOOST_TEST(store::GetU64(it->key().data()) != store::kDefaultGraphId);
      ++n;
    }
    return n;
  };
  BOOST_TEST(count(store::Cf::kSpog) == all.size());
  for (store::Cf cf : {store::Cf::kGspo, store::Cf::kGpos, store::Cf::kGosp}) {
    BOOST_TEST(count(cf) == named);
  }
  auto report = store->quad_store()->Check();
  BOOST_TEST_REQUIRE(report.ok());
  BOOST_TEST(report->problems.empty());

  // A default-graph key written into gspo by hand: check reports it.
  store::IdQuad q{0, 0, 0, store::kDefaultGraphId};
  {
    auto view = store->quad_store()->NewReadView();
    const Quad& d = *std::find_if(all.begin(), all.end(), [](const Quad& x) {
      return x.graph.is_default_graph();
    });
    q.s = **view->Lookup(d.subject);
    q.p = **view->Lookup(d.predicate);
    q.o = **view->Lookup(d.object);
  }
  store::QuadKey k = store::EncodeQuadKey(store::IndexOrder::kGSPO, q);
  BOOST_TEST_REQUIRE(db->db
                         ->Put(rocksdb::WriteOptions(),
                               db->cf(store::Cf::kGspo),
                               rocksdb::Slice(k.data(), k.size()), "")
                         .ok());
  report = store->quad_store()->Check();
  BOOST_TEST_REQUIRE(report.ok());
  BOOST_TEST(report->problems.size() == 1u);
}

// The read-ahead cursor gives the plain cursor's quads in the same order,
// across its growing blocks, after Restart part-way, and when dropped
// early; a transaction's view gets a plain cursor.
BOOST_AUTO_TEST_CASE(prefetch_cursor_matches_the_plain_cursor) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  std::vector<Quad> quads;
  for (int i = 0; i < 20000; ++i) {
    quads.push_back(Quad{Node(i),
                         Term::Iri("http://ex.org/p" + std::to_string(i % 3)),
                         Node(i * 7 % 1000), Term::DefaultGraph()});
  }
  BOOST_TEST_REQUIRE(store->Add(quads).ok());
  auto* qs = store->quad_store();
  auto view = qs->NewReadView();
  auto read_all = [](store::ScanCursor* c, std::size_t limit = SIZE_MAX) {
    std::vector<store::IdQuad> out;
    store::IdQuad q;
    while (out.size() < limit && c->Next(&q)) out.push_back(q);
    BOOST_TEST(c->status().ok());
    return out;
  };
  const store::IdPattern everything;
  store::IdPattern p1;
  p1.p = **view->Lookup(Term::Iri("http://ex.org/p1"));
  store::IdPattern none;
  none.s = **view->Lookup(Node(5));
  none.p = **view->Lookup(Term::Iri("http://ex.org/p0"));  // n5 has p2

  for (const store::IdPattern& pat : {everything, p1, none}) {
    auto plain = view->NewCursor(pat);
    auto ahead = view->NewPrefetchCursor(pat);
    const auto expected = read_all(plain.get());
    BOOST_TEST((read_all(ahead.get()) == expected));
    // Past the end it stays at the end.
    store::IdQuad q;
    BOOST_TEST(!ahead->Next(&q));
    // Restart after reading part of it: the whole scan again.
    ahead->Restart(pat);
    const auto head = read_all(ahead.get(), 300);
    BOOST_TEST(head.size() == std::min<std::size_t>(300, expected.size()));
    ahead->Restart(pat);
    BOOST_TEST((read_all(ahead.get()) == expected));
  }
  BOOST_TEST(read_all(view->NewCursor(everything).get()).size() == 20000u);
  {
    // Dropped while its worker is blocked on a full queue.
    auto ahead = view->NewPrefetchCursor(everything);
    store::IdQuad q;
    BOOST_TEST(ahead->Next(&q));
  }
  // Inside a transaction: its pending writes are seen, as with NewCursor.
  auto tx = qs->Begin();
  BOOST_TEST_REQUIRE(tx.ok());
  BOOST_TEST_REQUIRE(
      (*tx)
          ->Apply({Quad{Node(99999), Term::Iri("http://ex.org/p1"), Node(1),
                        Term::DefaultGraph()}},
                  {})
          .ok());
  auto tv = (*tx)->NewReadView();
  auto in_tx = tv->NewPrefetchCursor(p1);
  BOOST_TEST(read_all(in_tx.get()).size() ==
             read_all(view->NewCursor(p1).get()).size() + 1);
}

// A scan cut in two parts read by two threads: the same quads in the same
// order, for every split threshold, pattern and restart.
BOOST_AUTO_TEST_CASE(split_prefetch_cursor_matches_the_plain_cursor) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  {
    auto load = store->BeginBulkLoad();
    BOOST_TEST_REQUIRE(load.ok());
    for (int i = 0; i < 60000; ++i) {
      BOOST_TEST_REQUIRE(
          (*load)
              ->Add(Quad{Node(i % 5000),
                         Term::Iri("http://ex.org/p" + std::to_string(i % 2)),
                         Node(i), Term::DefaultGraph()})
              .ok());
    }
    BOOST_TEST_REQUIRE((*load)->Commit().ok());
  }
  // And some in the memtable, on top of the SST files.
  BOOST_TEST_REQUIRE(store
                         ->Add({Quad{Node(7), Term::Iri("http://ex.org/p1"),
                                     Node(999999), Term::DefaultGraph()}})
                         .ok());
  auto* qs = store->quad_store();
  auto view = qs->NewReadView();
  store::IdPattern p1;
  p1.p = **view->Lookup(Term::Iri("http://ex.org/p1"));
  store::IdPattern s7;
  s7.s = **view->Lookup(Node(7));
  for (const store::IdPattern& pat : {store::IdPattern{}, p1, s7}) {
    std::vector<store::IdQuad> expected;
    store::IdQuad q;
    auto plain = view->NewCursor(pat);
    while (plain->Next(&q)) expected.push_back(q);
    for (std::uint64_t min_bytes : {std::uint64_t{0}, std::uint64_t{1} << 40}) {
      auto ahead = view->NewPrefetchCursor(pat, true, min_bytes);
      for (int round = 0; round < 2; ++round) {
        std::vector<store::IdQuad> got;
        while (ahead->Next(&q)) got.push_back(q);
        BOOST_TEST(ahead->status().ok());
        BOOST_TEST((got == expected),
                   "min " << min_bytes << " round " << round);
        ahead->Restart(pat);
      }
    }
  }
}

// Scans bound to the default graph read the counterpart of a graph-first
// order (storage format 3): with a range on the next position, split in two
// parts, and with the data in a transaction's pending writes, they give
// what a plain scan filtered by hand gives, in the graph-first order.
BOOST_AUTO_TEST_CASE(default_graph_scans_ranges_and_splits) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  std::mt19937 rng(11);
  BOOST_TEST_REQUIRE(store->Add(RandomQuads(rng, 4000)).ok());
  auto* qs = store->quad_store();
  auto view = qs->NewReadView();
  // Every quad, from spog, to filter by hand.
  std::vector<store::IdQuad> all;
  {
    auto c = view->NewCursor(store::IdPattern{});
    store::IdQuad q;
    while (c->Next(&q)) all.push_back(q);
    BOOST_TEST_REQUIRE(c->status().ok());
  }
  const store::TermId p1 = **view->Lookup(Term::Iri("http://ex.org/p1"));
  store::IdPattern g_only;
  g_only.g = store::kDefaultGraphId;
  store::IdPattern gp = g_only;
  gp.p = p1;
  for (const store::IdPattern& pat : {g_only, gp}) {
    int prefix_ids = 0;
    const store::IndexOrder order = store::ChooseOrder(pat, &prefix_ids);
    BOOST_TEST(store::IsGraphFirst(order));
    const int next =
        store::kOrderPositions[static_cast<int>(order)][prefix_ids];
    // The ids at the next position, to take a range from the middle.
    std::vector<store::TermId> values;
    for (const store::IdQuad& q : all) {
      if (q.g == store::kDefaultGraphId && (!pat.p || q.p == *pat.p))
        values.push_back(store::Position(q, next));
    }
    BOOST_TEST_REQUIRE(values.size() > 20u);
    std::sort(values.begin(), values.end());
    const store::TermId lo = values[values.size() / 4];
    const store::TermId hi = values[values.size() * 3 / 4];
    auto expect = [&](bool ranged) {
      std::vector<store::IdQuad> out;
      for (const store::IdQuad& q : all) {
        if (q.g != store::kDefaultGraphId || (pat.p && q.p != *pat.p)) continue;
        const store::TermId v = store::Position(q, next);
        if (!ranged || (v >= lo && v <= hi)) out.push_back(q);
      }
      std::sort(out.begin(), out.end(),
                [&](const store::IdQuad& a, const store::IdQuad& b) {
                  return store::IdQuadLessInOrder(order, a, b);
                });
      return out;
    };
    auto read = [](store::ScanCursor* c) {
      std::vector<store::IdQuad> out;
      store::IdQuad q;
      while (c->Next(&q)) out.push_back(q);
      BOOST_TEST(c->status().ok());
      return out;
    };
    auto plain = view->NewCursor(pat);
    BOOST_TEST((plain->order() == order));
    BOOST_TEST((read(plain.get()) == expect(false)));
    plain->RestartRange(pat, lo, hi);
    const auto ranged = read(plain.get());
    BOOST_TEST(!ranged.empty());
    BOOST_TEST((ranged == expect(true)));
    auto split = view->NewPrefetchCursor(pat, true, 0);
    BOOST_TEST((read(split.get()) == expect(false)));
  }
  // Inside a transaction: a pending default-graph quad is seen, a pending
  // named-graph one is not.
  auto tx = qs->Begin();
  BOOST_TEST_REQUIRE(tx.ok());
  BOOST_TEST_REQUIRE((*tx)
                         ->Apply({Quad{Node(500), Term::Iri("http://ex.org/p1"),
                                       Node(1), Term::DefaultGraph()},
                                  Quad{Node(501), Term::Iri("http://ex.org/p1"),
                                       Node(1), Node(101)}},
                                 {})
                         .ok());
  auto tv = (*tx)->NewReadView();
  std::size_t before = 0, after = 0;
  {
    auto c = view->NewCursor(gp);
    store::IdQuad q;
    while (c->Next(&q)) ++before;
  }
  {
    auto c = tv->NewCursor(gp);
    store::IdQuad q;
    while (c->Next(&q)) {
      BOOST_TEST(q.g == store::kDefaultGraphId);
      ++after;
    }
  }
  BOOST_TEST(after == before + 1);
}

BOOST_AUTO_TEST_CASE(add_remove_keep_statistics_exact) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  std::mt19937 rng(1);
  auto quads = RandomQuads(rng, 500);
  BOOST_TEST_REQUIRE(store->Add(quads).ok());
  // Adding again changes nothing.
  auto again = store->Add(quads);
  BOOST_TEST_REQUIRE(again.ok());
  BOOST_TEST(again->inserted == 0u);
  std::vector<Quad> removal(quads.begin(), quads.begin() + 100);
  auto rem = store->Remove(removal);
  BOOST_TEST_REQUIRE(rem.ok());
  std::set<Quad> distinct_removed(removal.begin(), removal.end());
  BOOST_TEST(rem->deleted == distinct_removed.size());
  auto check = store->Check();
  BOOST_TEST_REQUIRE(check.ok());
  for (auto& p : check->problems) BOOST_TEST_MESSAGE(p);
  BOOST_TEST(check->ok());
  auto stats = store->Stats();
  BOOST_TEST_REQUIRE(stats.ok());
  std::set<Quad> remaining(quads.begin(), quads.end());
  for (auto& q : distinct_removed) remaining.erase(q);
  BOOST_TEST(stats->quads == remaining.size());
  BOOST_TEST(!stats->distinct_exact);
  BOOST_TEST_REQUIRE(store->Analyze().ok());
  stats = store->Stats();
  BOOST_TEST(stats->distinct_exact);
  check = store->Check();
  BOOST_TEST(check->ok());
}

// Every quad of the store, read back through Match.
std::set<Quad> AllQuads(const Store& store) {
  std::set<Quad> out;
  Status st = store.Match(QuadPattern{}, [&](const Quad& q) {
    out.insert(q);
    return true;
  });
  BOOST_TEST_REQUIRE(st.ok(), st.ToString());
  return out;
}

// Large adds intern their terms in batched dictionary reads (several
// batches here), commit by file ingestion, and later transactions find
// their terms in the cache of committed ids: terms met several times in
// one add get one id, known terms keep theirs, and everything reads back.
BOOST_AUTO_TEST_CASE(large_adds_intern_in_batches_and_read_back) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  auto thing = [](const std::string& kind, int i) {
    return Term::Iri("http://ex.org/" + kind + "/" + std::to_string(i));
  };
  const Term linked = Term::Iri("http://ex.org/p/linked");
  const Term named = Term::Iri("http://ex.org/p/named");
  std::vector<Quad> first;
  for (int i = 0; i < 3000; ++i) {
    first.push_back(Quad{thing("old", i), linked, thing("old", (i * 7) % 3000),
                         Term::DefaultGraph()});
  }
  BOOST_TEST_REQUIRE(store->Add(first).ok());

  // New subjects (9,000 distinct new terms), each also an object of
  // another quad; old terms as objects; repeats; quads already there.
  std::vector<Quad> second;
  for (int i = 0; i < 9000; ++i) {
    second.push_back(Quad{thing("new", i), linked, thing("old", i % 3000),
                          Term::DefaultGraph()});
    second.push_back(Quad{thing("old", i % 3000), linked,
                          thing("new", (i * 13) % 9000),
                          thing("graph", i % 3)});
    second.push_back(Quad{thing("new", i), named,
                          Term::LangLiteral("اسم " + std::to_string(i), "ar"),
                          Term::DefaultGraph()});
  }
  second.push_back(second[5]);  // a repeat within the add
  second.push_back(first[17]);  // a quad already stored
  std::set<Quad> expected(first.begin(), first.end());
  std::size_t new_quads = 0;
  for (const Quad& q : second) new_quads += expected.insert(q).second ? 1 : 0;
  auto w = store->Add(second);
  BOOST_TEST_REQUIRE(w.ok(), w.status().ToString());
  BOOST_TEST(w->inserted == new_quads);
  BOOST_TEST(AllQuads(*store) == expected);
  auto stats = store->Stats();
  BOOST_TEST_REQUIRE(stats.ok());
  // Dictionary: 3,000 old + 9,000 new IRIs, 9,000 literals, two
  // predicates and three graphs.
  BOOST_TEST(stats->terms == 3000u + 9000u + 9000u + 2u + 3u);

  // A later add reuses the terms of the one before (from the cache of
  // committed ids) and adds a few of its own.
  std::vector<Quad> third;
  for (int i = 0; i < 9000; i += 3) {
    third.push_back(
        Quad{thing("new", i), named, thing("newer", i), thing("graph", 1)});
  }
  for (const Quad& q : third) expected.insert(q);
  w = store->Add(third);
  BOOST_TEST_REQUIRE(w.ok(), w.status().ToString());
  BOOST_TEST(w->inserted == third.size());
  BOOST_TEST(AllQuads(*store) == expected);
  stats = store->Stats();
  BOOST_TEST(stats->terms == 3000u + 9000u + 9000u + 2u + 3u + 3000u);
  auto check = store->Check();
  BOOST_TEST_REQUIRE(check.ok());
  for (auto& p : check->problems) BOOST_TEST_MESSAGE(p);
  BOOST_TEST(check->ok());
}

// Batched reads (DecodeMany, ContainsMany) hand RocksDB their keys sorted
// and answer in the caller's order, across more than one batch of 4,096
// keys, for plain views and for a transaction's view with pending writes.
BOOST_AUTO_TEST_CASE(batched_reads_answer_in_the_callers_order) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  auto* qs = store->quad_store();
  const Term p = Term::Iri("http://ex.org/p");
  const int n = 5000;
  std::vector<Quad> quads;
  for (int i = 0; i < n; ++i) {
    quads.push_back(Quad{Node(i), p, Term::Literal("v" + std::to_string(i)),
                         Term::DefaultGraph()});
  }
  BOOST_TEST_REQUIRE(store->Add(quads).ok());
  auto view = qs->NewReadView();
  std::vector<store::TermId> node_ids(n), value_ids(n);
  for (int i = 0; i < n; ++i) {
    auto a = view->Lookup(Node(i));
    auto b = view->Lookup(Term::Literal("v" + std::to_string(i)));
    BOOST_TEST_REQUIRE((a.ok() && a->has_value() && b.ok() && b->has_value()));
    node_ids[i] = **a;
    value_ids[i] = **b;
  }
  auto p_id = view->Lookup(p);
  BOOST_TEST_REQUIRE((p_id.ok() && p_id->has_value()));
  // Ids in a shuffled order, each node then its value.
  std::vector<int> shuffled(n);
  for (int i = 0; i < n; ++i) shuffled[i] = i;
  std::mt19937 rng(7);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  std::vector<store::TermId> ids;
  std::vector<std::string> want;
  for (int i : shuffled) {
    ids.push_back(node_ids[i]);
    want.push_back(Node(i).lexical);
    ids.push_back(value_ids[i]);
    want.push_back("v" + std::to_string(i));
  }
  std::vector<std::string> got(ids.size());
  BOOST_TEST_REQUIRE(view->DecodeMany(ids,
                                      [&](std::size_t i, Term&& t) {
                                        got.at(i) = t.lexical;
                                        return Status::Ok();
                                      })
                         .ok());
  BOOST_TEST(got == want);

  // Every other quad asked is held (its own value), the rest are not (the
  // next node's value).
  auto ask = [&](int k) {
    const int i = shuffled[k];
    return store::IdQuad{node_ids[i], **p_id,
                         k % 2 == 0 ? value_ids[i] : value_ids[(i + 1) % n],
                         store::kDefaultGraphId};
  };
  std::vector<store::IdQuad> asked;
  for (int k = 0; k < n; ++k) asked.push_back(ask(k));
  std::vector<char> present;
  BOOST_TEST_REQUIRE(view->ContainsMany(asked, &present).ok());
  BOOST_TEST_REQUIRE(present.size() == asked.size());
  for (int k = 0; k < n; ++k) BOOST_TEST((present[k] != 0) == (k % 2 == 0));

  // In a transaction: before and after it writes, where its own pending
  // quad counts as held.
  auto tx = qs->Begin();
  BOOST_TEST_REQUIRE(tx.ok());
  auto tv = (*tx)->NewReadView();
  BOOST_TEST_REQUIRE(tv->ContainsMany(asked, &present).ok());
  for (int k = 0; k < n; ++k) BOOST_TEST((present[k] != 0) == (k % 2 == 0));
  const int odd = shuffled[1];
  BOOST_TEST_REQUIRE(
      (*tx)
          ->Apply({Quad{Node(odd), p,
                        Term::Literal("v" + std::to_string((odd + 1) % n)),
                        Term::DefaultGraph()}},
                  {})
          .ok());
  tv = (*tx)->NewReadView();
  BOOST_TEST_REQUIRE(tv->ContainsMany(asked, &present).ok());
  for (int k = 0; k < n; ++k)
    BOOST_TEST((present[k] != 0) == (k % 2 == 0 || k == 1));
}

// Decoded terms are cached by id (Db::id_terms) for every later view,
// but never a transaction's pending term: its id goes back to the next
// transaction when it rolls back, for another term.
BOOST_AUTO_TEST_CASE(term_cache_never_keeps_a_rolled_back_term) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  auto* qs = store->quad_store();
  const Term p = Term::Iri("http://ex.org/p");
  BOOST_TEST_REQUIRE(
      store->Add({Quad{Node(1), p, Node(2), Term::DefaultGraph()}}).ok());
  store::TermId id = 0;
  {
    auto tx = qs->Begin();
    BOOST_TEST_REQUIRE(tx.ok());
    auto a = (*tx)->Intern(Term::Literal("rolled back"));
    BOOST_TEST_REQUIRE(a.ok());
    id = *a;
    BOOST_TEST_REQUIRE(
        (*tx)
            ->Apply({Quad{Node(1), p, Term::Literal("rolled back"),
                          Term::DefaultGraph()}},
                    {})
            .ok());
    auto tv = (*tx)->NewReadView();
    std::vector<Term> seen;
    BOOST_TEST_REQUIRE(tv->DecodeMany({id}, [&](std::size_t, Term&& t) {
                           seen.push_back(std::move(t));
                           return Status::Ok();
                         }).ok());
    BOOST_TEST_REQUIRE(seen.size() == 1u);
    BOOST_TEST(seen[0].lexical == "rolled back");
    auto one = tv->Decode(id);
    BOOST_TEST_REQUIRE(one.ok());
    BOOST_TEST(one->lexical == "rolled back");
  }  // destroyed uncommitted: rolled back
  {
    auto tx = qs->Begin();
    BOOST_TEST_REQUIRE(tx.ok());
    auto b = (*tx)->Intern(Term::Literal("committed"));
    BOOST_TEST_REQUIRE(b.ok());
    BOOST_TEST_REQUIRE(*b == id);  // the same id, handed out again
    BOOST_TEST_REQUIRE((*tx)
                           ->Apply({Quad{Node(1), p, Term::Literal("committed"),
                                         Term::DefaultGraph()}},
                                   {})
                           .ok());
    BOOST_TEST_REQUIRE((*tx)->Commit().ok());
  }
  // Twice each: the first read fills the cache, the second reads it.
  for (int round = 0; round < 2; ++round) {
    auto view = qs->NewReadView();
    auto t = view->Decode(id);
    BOOST_TEST_REQUIRE(t.ok());
    BOOST_TEST(t->lexical == "committed");
    std::vector<Term> seen;
    BOOST_TEST_REQUIRE(view->DecodeMany({id, id},
                                        [&](std::size_t, Term&& t) {
                                          seen.push_back(std::move(t));
                                          return Status::Ok();
                                        })
                           .ok());
    BOOST_TEST_REQUIRE(seen.size() == 2u);
    BOOST_TEST(seen[0].lexical == "committed");
    BOOST_TEST(seen[1].lexical == "committed");
  }
}

// A large commit whose files cannot be written leaves no term in the
// cache of committed term ids (Db::term_ids): the next transaction creates
// them again, with dictionary entries, instead of using ids that nothing
// committed.
BOOST_AUTO_TEST_CASE(a_failed_large_commit_leaves_no_term_in_the_id_cache) {
  // A large commit's files, written before they are ingested.
  auto fs = std::make_shared<testing::FailingFiles>([](const std::string& f) {
    return f.find("/load-tmp-tx-") != std::string::npos;
  });
  testing::UseFileSystem use(fs);
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  const Term p = Term::Iri("http://ex.org/p");
  std::vector<Quad> quads;
  for (int i = 0; i < 20000; ++i) {
    quads.push_back(Quad{Node(1000 + i), p,
                         Term::Literal("fresh " + std::to_string(i)),
                         Term::DefaultGraph()});
  }
  fs->fail = true;
  BOOST_TEST(!store->Add(quads).ok());
  fs->fail = false;
  auto added = store->Add(quads);
  BOOST_TEST_REQUIRE(added.ok());
  BOOST_TEST(added->inserted == 20000u);
  {
    auto view = store->quad_store()->NewReadView();
    auto id = view->Lookup(Term::Literal("fresh 19999"));
    BOOST_TEST_REQUIRE(id.ok());
    BOOST_TEST_REQUIRE(id->has_value());
    auto back = view->Decode(**id);
    BOOST_TEST_REQUIRE(back.ok());
    BOOST_TEST(back->lexical == "fresh 19999");
  }
  auto check = store->Check();
  BOOST_TEST_REQUIRE(check.ok());
  for (auto& problem : check->problems) BOOST_TEST_MESSAGE(problem);
  BOOST_TEST(check->ok());
  store.reset();
}

// The planner's counts (EstimateUpTo) come from Db::counts while nothing
// changed, and are counted again after a commit or a bulk load, whose
// ingested files may leave the sequence number where it was.
BOOST_AUTO_TEST_CASE(estimates_follow_commits_and_loads) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  auto* qs = store->quad_store();
  const Term p = Term::Iri("http://ex.org/p");
  const Term o = Term::Iri("http://ex.org/o");
  auto add = [&](int from, int to) {
    std::vector<Quad> quads;
    for (int i = from; i < to; ++i)
      quads.push_back(Quad{Node(i), p, o, Term::DefaultGraph()});
    return quads;
  };
  BOOST_TEST_REQUIRE(store->Add(add(0, 10)).ok());
  store::IdPattern pat;
  {
    auto view = qs->NewReadView();
    pat.p = **view->Lookup(p);
    pat.o = **view->Lookup(o);
  }
  // Whole pattern, and an id range right after the bound positions.
  auto estimates = [&](std::uint64_t limit) {
    auto view = qs->NewReadView();
    auto all = view->EstimateUpTo(pat, limit);
    auto ranged = view->EstimateUpTo(pat, 0, ~store::TermId{0}, limit);
    BOOST_TEST_REQUIRE(all.ok());
    BOOST_TEST_REQUIRE(ranged.ok());
    return std::make_pair(*all, *ranged);
  };
  BOOST_TEST((estimates(100) == std::make_pair(10ul, 10ul)));
  BOOST_TEST((estimates(100) == std::make_pair(10ul, 10ul)));  // cached
  BOOST_TEST((estimates(4) == std::make_pair(4ul, 4ul)));
  BOOST_TEST_REQUIRE(store->Add(add(10, 15)).ok());
  BOOST_TEST((estimates(100) == std::make_pair(15ul, 15ul)));
  auto load = store->BeginBulkLoad();
  BOOST_TEST_REQUIRE(load.ok());
  for (const Quad& q : add(15, 20)) BOOST_TEST_REQUIRE((*load)->Add(q).ok());
  BOOST_TEST_REQUIRE((*load)->Commit().ok());
  BOOST_TEST((estimates(100) == std::make_pair(20ul, 20ul)));
}

// CountBy against counts made from a plain scan: by each position, cut in
// two halves or not, with a triple held by several graphs counted once or
// per graph.
BOOST_AUTO_TEST_CASE(count_by_matches_a_scan) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  auto* qs = store->quad_store();
  std::mt19937 rng(7);
  std::vector<Quad> quads;
  for (int i = 0; i < 20000; ++i) {
    quads.push_back(Quad{Node(rng() % 3000), Term::Iri("http://ex.org/p"),
                         Node(rng() % 500),
                         i % 3 == 0 ? Term::DefaultGraph() : Node(100000)});
    if (i % 7 == 0) {
      Quad copy = quads.back();
      copy.graph = Node(100001);  // the same triple in another graph
      quads.push_back(copy);
    }
  }
  BOOST_TEST_REQUIRE(store->Add(quads).ok());
  auto view = qs->NewReadView();
  store::IdPattern pat;
  pat.p = **view->Lookup(Term::Iri("http://ex.org/p"));
  for (int position : {0, 2, 3}) {
    for (bool once : {false, true}) {
      if (once && position == 3) continue;  // graphs differ by definition
      std::map<store::TermId, std::uint64_t> expected;
      std::set<std::array<store::TermId, 3>> seen;
      BOOST_TEST_REQUIRE(
          view->Scan(pat,
                     [&](const store::IdQuad& q) {
                       if (once && !seen.insert({q.s, q.p, q.o}).second)
                         return true;
                       ++expected[store::Position(q, position)];
                       return true;
                     })
              .ok());
      for (std::uint64_t split : {std::uint64_t{1}, std::uint64_t{1} << 40}) {
        std::vector<std::pair<store::TermId, std::uint64_t>> counts;
        BOOST_TEST_REQUIRE(
            view->CountBy(pat, position, once, {}, 1 << 30, &counts, split)
                .ok());
        std::map<store::TermId, std::uint64_t> got(counts.begin(),
                                                   counts.end());
        BOOST_TEST(got.size() == counts.size());  // each id once
        BOOST_TEST((got == expected), "position " << position << " once "
                                                  << once << " split "
                                                  << split);
      }
    }
  }
  // Past its memory limit (3,000 subjects need more than 1 KiB of table):
  // kAborted, with or without the cut.
  for (std::uint64_t split : {std::uint64_t{1}, std::uint64_t{1} << 40}) {
    std::vector<std::pair<store::TermId, std::uint64_t>> counts;
    Status st = view->CountBy(pat, 0, false, {}, 1024, &counts, split);
    BOOST_TEST((st.code() == StatusCode::kAborted), st.ToString());
  }
}

BOOST_AUTO_TEST_CASE(arabic_and_odd_literals_round_trip) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  std::vector<Term> objects = {
      Term::LangLiteral("أنطونيو غوتيريش", "ar"),
      Term::Literal("جوتيريس"),
      Term::Literal("01", "http://www.w3.org/2001/XMLSchema#integer"),
      Term::Literal("99999999999999999999999",
                    "http://www.w3.org/2001/XMLSchema#integer"),
      Term::Literal("1.5e0", "http://www.w3.org/2001/XMLSchema#double"),
      Term::Literal(std::string(200000, 'z')),
      Term::Blank("b1"),
  };
  std::vector<Quad> quads;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    quads.push_back(
        {Node(1), Term::Iri("http://ex.org/p"), objects[i], Node(9)});
  }
  BOOST_TEST_REQUIRE(store->Add(quads).ok());
  std::set<Term> got;
  BOOST_TEST_REQUIRE(store
                         ->Match({},
                                 [&](const Quad& q) {
                                   got.insert(q.object);
                                   return true;
                                 })
                         .ok());
  BOOST_TEST((got == std::set<Term>(objects.begin(), objects.end())));
}

BOOST_AUTO_TEST_CASE(check_catches_damage) {
  TempDir dir;
  std::string path = dir.Sub("db");
  {
    auto store = OpenNew(path);
    std::mt19937 rng(3);
    BOOST_TEST_REQUIRE(store->Add(RandomQuads(rng, 200)).ok());
    BOOST_TEST(store->Check()->ok());
    auto* db = store->quad_store()->db();
    // Delete one key from one index order.
    std::unique_ptr<rocksdb::Iterator> it(
        db->db->NewIterator(rocksdb::ReadOptions(), db->cf(store::Cf::kOspg)));
    it->SeekToFirst();
    BOOST_TEST_REQUIRE(it->Valid());
    std::string key = it->key().ToString();
    it.reset();
    BOOST_TEST_REQUIRE(
        db->db->Delete(rocksdb::WriteOptions(), db->cf(store::Cf::kOspg), key)
            .ok());
    auto report = store->Check();
    BOOST_TEST_REQUIRE(report.ok());
    BOOST_TEST(!report->ok());
    // Put it back: healthy again.
    BOOST_TEST_REQUIRE(
        db->db->Put(rocksdb::WriteOptions(), db->cf(store::Cf::kOspg), key, "")
            .ok());
    BOOST_TEST(store->Check()->ok());
    // Change one statistics counter.
    BOOST_TEST_REQUIRE(db->db
                           ->Put(rocksdb::WriteOptions(),
                                 db->cf(store::Cf::kStats), "total",
                                 store::U64Bytes(7))
                           .ok());
    report = store->Check();
    BOOST_TEST(!report->ok());
    BOOST_TEST_REQUIRE(store->Analyze().ok());
    BOOST_TEST(store->Check()->ok());
    // A per-predicate counter.
    std::unique_ptr<rocksdb::Iterator> sit(
        db->db->NewIterator(rocksdb::ReadOptions(), db->cf(store::Cf::kStats)));
    std::string pkey;
    for (sit->SeekToFirst(); sit->Valid(); sit->Next()) {
      if (sit->key().size() == 9 && sit->key()[0] == 'p') {
        pkey = sit->key().ToString();
        break;
      }
    }
    sit.reset();
    BOOST_TEST_REQUIRE(!pkey.empty());
    BOOST_TEST_REQUIRE(db->db
                           ->Put(rocksdb::WriteOptions(),
                                 db->cf(store::Cf::kStats), pkey,
                                 store::U64Bytes(1))
                           .ok());
    BOOST_TEST(!store->Check()->ok());
  }
}

BOOST_AUTO_TEST_CASE(opening_rules) {
  TempDir dir;
  std::string path = dir.Sub("db");
  // No database: NotFound, and nothing created.
  auto missing = Store::Open(path, StoreOptions{});
  BOOST_TEST(!missing.ok());
  BOOST_TEST((missing.status().code() == StatusCode::kNotFound));
  BOOST_TEST(!std::filesystem::exists(path));
  StoreOptions ro;
  ro.read_only = true;
  BOOST_TEST(!Store::Open(path, ro).ok());
  BOOST_TEST(!std::filesystem::exists(path));
  {
    auto store = OpenNew(path);
    BOOST_TEST_REQUIRE(
        store->Add({{Node(1), Node(2), Node(3), Term::DefaultGraph()}}).ok());
    // Read-only beside the writer in the same process.
    auto reader = Store::Open(path, ro);
    BOOST_TEST_REQUIRE(reader.ok(), reader.status().ToString());
    BOOST_TEST((*reader)->Stats()->quads == 1u);
    auto w =
        (*reader)->Add({{Node(4), Node(5), Node(6), Term::DefaultGraph()}});
    BOOST_TEST(!w.ok());
  }
  // Another format version is refused with a clear message.
  {
    auto store = OpenNew(path);
    auto* db = store->quad_store()->db();
    BOOST_TEST_REQUIRE(db->db
                           ->Put(rocksdb::WriteOptions(),
                                 db->cf(store::Cf::kMeta), "format",
                                 store::U64Bytes(99))
                           .ok());
  }
  auto old = Store::Open(path, StoreOptions{});
  BOOST_TEST(!old.ok());
  BOOST_TEST((old.status().code() == StatusCode::kNotSupported));
  BOOST_TEST(old.status().message().find("version 99") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg
