// The writers' presence filters: a Bloom filter that never forgets a key,
// and writes that count exactly once the filters of quads and terms are
// built, while they are built, and after a bulk load bypassed them.
#include "store/presence_filter.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "store/db.h"
#include "store/quad_store.h"
#include "tests/unit/store/test_util.h"

namespace kg {
namespace {

using store::BloomBits;
using store::QuadStore;
using testing::OpenNew;
using testing::TempDir;

// Quad number n of a grid of 300 subjects, 10 predicates, 200 objects.
Quad GridQuad(int n) {
  Quad q;
  q.subject = Term::Iri("http://ex.org/s" + std::to_string(n % 300));
  q.predicate = Term::Iri("http://ex.org/p" + std::to_string(n / 300 % 10));
  q.object = Term::Iri("http://ex.org/o" + std::to_string(n / 3000 % 200));
  q.graph = Term::DefaultGraph();
  return q;
}

// A quad whose object, a string literal, is term number n of its own.
Quad LiteralQuad(int n) {
  Quad q;
  q.subject = Term::Iri("http://ex.org/s0");
  q.predicate = Term::Iri("http://ex.org/name");
  q.object = Term::LangLiteral("اسم " + std::to_string(n), "ar");
  q.graph = Term::DefaultGraph();
  return q;
}

std::uint64_t Inserted(QuadStore* store, const std::vector<Quad>& add) {
  auto r = store->Apply(add, {});
  BOOST_TEST_REQUIRE(r.ok(), r.status().ToString());
  return r->inserted;
}

bool WaitReady(const store::PresenceFilter& filter) {
  for (int i = 0; i < 600 && !filter.ready(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return filter.ready();
}

BOOST_AUTO_TEST_SUITE(presence_filter)

BOOST_AUTO_TEST_CASE(bloom_bits_keep_every_key_and_reject_most_others) {
  const std::uint64_t capacity = 100000;
  BloomBits bits(capacity);
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> keys(capacity);
  for (auto& k : keys) {
    k = rng();
    bits.Add(k);
  }
  for (std::uint64_t k : keys) BOOST_REQUIRE(bits.MayContain(k));
  int maybe = 0;
  for (int i = 0; i < 100000; ++i) maybe += bits.MayContain(rng());
  // About 1% at 10 bits per key with 512-bit blocks.
  BOOST_TEST(maybe < 2000);
  BOOST_TEST(bits.count() == capacity);
  BOOST_TEST(bits.memory_bytes() == BloomBits::BytesFor(capacity));
}

// Keys added past the first layer's capacity go to larger layers and are
// all kept; past the budget, the filter is dropped rather than lose any.
BOOST_AUTO_TEST_CASE(layers_keep_every_key_until_the_budget_ends) {
  TempDir dir;
  auto store = OpenNew<QuadStore>(dir.Sub("db"));
  auto nothing = [](store::Db*, const rocksdb::Snapshot*,
                    const std::function<void(std::uint64_t)>&,
                    const std::atomic<bool>&) { return Status::Ok(); };
  auto no_keys = [](std::uint64_t* keys, std::vector<std::uint64_t>*) {
    *keys = 0;
  };
  const std::uint64_t first = 1000;
  // Layers of 1,000, 2,000, 4,000, ... keys: 31 layers hold 2^31 - 1
  // thousand keys, far more than added here.
  store::PresenceFilter filter(store->db(), std::size_t{64} << 20, nothing,
                               first);
  filter.NoteLookups(store::PresenceFilter::kLookupsBeforeBuild, no_keys);
  BOOST_REQUIRE(WaitReady(filter));
  std::mt19937_64 rng(11);
  std::vector<std::uint64_t> keys(200000);
  for (auto& k : keys) k = rng();
  filter.Add(keys.data(), keys.size());
  std::vector<char> maybe(keys.size());
  BOOST_REQUIRE(filter.Filter(keys.data(), keys.size(), maybe.data()));
  BOOST_TEST(std::count(maybe.begin(), maybe.end(), 1) ==
             static_cast<long>(keys.size()));
  std::vector<std::uint64_t> others(100000);
  for (auto& k : others) k = rng();
  std::vector<char> other_maybe(others.size());
  BOOST_REQUIRE(
      filter.Filter(others.data(), others.size(), other_maybe.data()));
  // About 1% for the first layer at capacity, half that for the next...
  BOOST_TEST(std::count(other_maybe.begin(), other_maybe.end(), 1) < 3000);

  // A budget of three layers (1,000 + 2,000 + 4,000 keys) and keys for
  // more than twice the last: no filter at all.
  store::PresenceFilter small(store->db(),
                              BloomBits::BytesFor(1000, 10) +
                                  BloomBits::BytesFor(2000, 12) +
                                  BloomBits::BytesFor(4000, 14),
                              nothing, first);
  small.NoteLookups(store::PresenceFilter::kLookupsBeforeBuild, no_keys);
  BOOST_REQUIRE(WaitReady(small));
  small.Add(keys.data(), 10000);
  BOOST_TEST(small.ready());
  small.Add(keys.data() + 10000, 5000);
  BOOST_TEST(!small.ready());
  BOOST_TEST(!small.Filter(keys.data(), 1, maybe.data()));
}

// Quads inserted before, while and after the filter of spog keys is built
// are each counted once, and inserting any of them again inserts nothing.
BOOST_AUTO_TEST_CASE(quads_count_once_around_the_build) {
  TempDir dir;
  auto store = OpenNew<QuadStore>(dir.Sub("db"));
  store::PresenceFilter& filter = *store->db()->quad_filter;
  std::set<int> held;
  auto insert = [&](const std::vector<int>& ns) {
    std::vector<Quad> add;
    std::uint64_t expected = 0;
    std::set<int> now;
    for (int n : ns) {
      add.push_back(GridQuad(n));
      if (!held.count(n) && now.insert(n).second) ++expected;
    }
    BOOST_TEST_REQUIRE(Inserted(store.get(), add) == expected);
    held.insert(now.begin(), now.end());
  };
  // Every term of the grid first: later quads hold no term new to their
  // request, so each is looked up.
  std::vector<int> first;
  for (int n = 0; n < 3000; ++n) first.push_back(n);
  for (int n = 3000; n < 600000; n += 3000) first.push_back(n);
  insert(first);
  // Batches until the filter is built; they overlap the first batch.
  int next = 2000;
  while (!filter.ready() && next < 600000) {
    std::vector<int> batch;
    for (int i = 0; i < 10000; ++i) batch.push_back(next + i);
    insert(batch);
    next += 10000;
    if (next > 200000) BOOST_REQUIRE(WaitReady(filter));
  }
  BOOST_REQUIRE(filter.ready());
  // A few more once it is there.
  for (int b = 0; b < 3; ++b) {
    std::vector<int> batch;
    for (int i = 0; i < 10000; ++i) batch.push_back(next + i);
    insert(batch);
    next += 10000;
  }
  // Within one transaction, the quads of its first call are held for its
  // second: the filter hears of them before it is asked (they reach it
  // later otherwise, at the commit).
  {
    std::vector<Quad> twice;
    for (int i = 0; i < 1000; ++i) {
      twice.push_back(GridQuad(next));
      held.insert(next++);
    }
    auto tx = store->Begin();
    BOOST_TEST_REQUIRE(tx.ok());
    auto first = (*tx)->Apply(twice, {});
    auto second = (*tx)->Apply(twice, {});
    BOOST_TEST_REQUIRE((first.ok() && second.ok()));
    BOOST_TEST(first->inserted == twice.size());
    BOOST_TEST(second->inserted == 0u);
    BOOST_TEST_REQUIRE((*tx)->Commit().ok());
  }
  // Everything again, in batches that each also hold new quads.
  std::vector<int> all(held.begin(), held.end());
  for (std::size_t from = 0; from < all.size(); from += 20000) {
    std::vector<int> batch(
        all.begin() + from,
        all.begin() + std::min(all.size(), from + std::size_t{20000}));
    for (int i = 0; i < 100; ++i) batch.push_back(next++);
    insert(batch);
  }
  auto stats = store->Stats();
  BOOST_TEST_REQUIRE(stats.ok());
  BOOST_TEST(stats->quads == held.size());
  auto check = store->Check();
  BOOST_TEST_REQUIRE(check.ok());
  BOOST_TEST(check->ok());
}

// Terms created before, while and after the filter of dictionary keys is
// built keep their ids: inserting their quads again (with the writers'
// cache of term ids emptied, so that the dictionary is read) inserts
// nothing and creates no entry.
BOOST_AUTO_TEST_CASE(terms_keep_their_ids_around_the_build) {
  TempDir dir;
  auto store = OpenNew<QuadStore>(dir.Sub("db"));
  store::PresenceFilter& filter = *store->db()->term_filter;
  int next = 0;
  auto batch_of = [](int from, int n) {
    std::vector<Quad> add;
    for (int i = 0; i < n; ++i) add.push_back(LiteralQuad(from + i));
    return add;
  };
  while (!filter.ready() && next < 400000) {
    BOOST_TEST_REQUIRE(Inserted(store.get(), batch_of(next, 10000)) == 10000);
    next += 10000;
    if (next > 200000) BOOST_REQUIRE(WaitReady(filter));
  }
  BOOST_REQUIRE(filter.ready());
  for (int b = 0; b < 2; ++b) {
    BOOST_TEST_REQUIRE(Inserted(store.get(), batch_of(next, 10000)) == 10000);
    next += 10000;
  }
  auto before = store->Stats();
  BOOST_TEST_REQUIRE(before.ok());
  BOOST_TEST(before->quads == static_cast<std::uint64_t>(next));
  store->db()->term_ids->Clear();
  for (int from = 0; from < next; from += 20000) {
    BOOST_TEST_REQUIRE(
        Inserted(store.get(), batch_of(from, std::min(20000, next - from))) ==
        0);
  }
  auto after = store->Stats();
  BOOST_TEST_REQUIRE(after.ok());
  BOOST_TEST(after->terms == before->terms);
  BOOST_TEST(after->quads == before->quads);
}

// A bulk load writes keys the filters never saw: they are dropped, and the
// load's quads and terms are found again.
BOOST_AUTO_TEST_CASE(a_bulk_load_drops_the_filters) {
  TempDir dir;
  auto store = OpenNew<QuadStore>(dir.Sub("db"));
  int next = 0;
  while (!store->db()->term_filter->ready() && next < 400000) {
    std::vector<Quad> add;
    for (int i = 0; i < 10000; ++i) add.push_back(LiteralQuad(next + i));
    BOOST_TEST_REQUIRE(Inserted(store.get(), add) == 10000);
    next += 10000;
    if (next > 200000) BOOST_REQUIRE(WaitReady(*store->db()->term_filter));
  }
  BOOST_REQUIRE(store->db()->term_filter->ready());
  std::vector<Quad> loaded;
  for (int i = 0; i < 1000; ++i) loaded.push_back(LiteralQuad(next + i));
  for (int n = 0; n < 1000; ++n) loaded.push_back(GridQuad(n));
  {
    auto load = store->BeginBulkLoad(BulkLoadOptions{});
    BOOST_TEST_REQUIRE(load.ok(), load.status().ToString());
    for (const Quad& q : loaded) BOOST_TEST_REQUIRE((*load)->Add(q).ok());
    auto summary = (*load)->Commit();
    BOOST_TEST_REQUIRE(summary.ok(), summary.status().ToString());
    BOOST_TEST(summary->inserted == loaded.size());
  }
  BOOST_TEST(!store->db()->term_filter->ready());
  BOOST_TEST(!store->db()->quad_filter->ready());
  auto before = store->Stats();
  BOOST_TEST_REQUIRE(before.ok());
  store->db()->term_ids->Clear();
  BOOST_TEST(Inserted(store.get(), loaded) == 0);
  auto after = store->Stats();
  BOOST_TEST_REQUIRE(after.ok());
  BOOST_TEST(after->terms == before->terms);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg
