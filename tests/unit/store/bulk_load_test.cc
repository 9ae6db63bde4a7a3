// The bulk loader: same result as commits, spilling, loading into a
// non-empty store without double counting, and nothing left by a failure.
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <set>

#include "kg/store.h"
#include "store/db.h"
#include "store/quad_store.h"
#include "tests/unit/store/test_util.h"

namespace kg {
namespace {

using testing::OpenNew;
using testing::TempDir;

std::vector<Quad> Generate(int n, int seed) {
  std::mt19937 rng(seed);
  std::vector<Quad> out;
  for (int i = 0; i < n; ++i) {
    Quad q{Term::Iri("http://ex.org/e" + std::to_string(rng() % 500)),
           Term::Iri("http://ex.org/p" + std::to_string(rng() % 7)),
           rng() % 2
               ? Term::Iri("http://ex.org/e" + std::to_string(rng() % 500))
               : Term::LangLiteral("قرار " + std::to_string(rng() % 300), "ar"),
           rng() % 3 ? Term::Iri("http://ex.org/g" + std::to_string(rng() % 3))
                     : Term::DefaultGraph()};
    out.push_back(q);
  }
  return out;
}

std::set<Quad> All(const Store& s) {
  std::set<Quad> out;
  BOOST_TEST_REQUIRE(s.Match({}, [&](const Quad& q) {
                        out.insert(q);
                        return true;
                      }).ok());
  return out;
}

Result<LoadSummary> Load(Store* store, const std::vector<Quad>& quads,
                         std::size_t budget = 256u << 20,
                         std::size_t index_file_bytes = 64u << 20) {
  BulkLoadOptions o;
  o.sort_budget_bytes = budget;
  o.index_file_bytes = index_file_bytes;
  KG_ASSIGN_OR_RETURN(auto load, store->BeginBulkLoad(o));
  for (const Quad& q : quads) KG_RETURN_IF_ERROR(load->Add(q));
  return load->Commit();
}

BOOST_AUTO_TEST_SUITE(bulk_load)

BOOST_AUTO_TEST_CASE(load_equals_commits_and_stats_are_exact) {
  TempDir dir;
  auto quads = Generate(5000, 1);
  auto a = OpenNew(dir.Sub("a"));
  auto b = OpenNew(dir.Sub("b"));
  auto sum = Load(a.get(), quads);
  BOOST_TEST_REQUIRE(sum.ok(), sum.status().ToString());
  BOOST_TEST_REQUIRE(b->Add(quads).ok());
  std::set<Quad> expected(quads.begin(), quads.end());
  BOOST_TEST(sum->inserted == expected.size());
  BOOST_TEST((All(*a) == expected));
  BOOST_TEST((All(*b) == expected));
  auto check = a->Check();
  BOOST_TEST_REQUIRE(check.ok());
  for (auto& p : check->problems) BOOST_TEST_MESSAGE(p);
  BOOST_TEST(check->ok());
  BOOST_TEST(a->Stats()->distinct_exact);
  // The bulk-loaded store's exact statistics equal analyze's.
  BOOST_TEST_REQUIRE(b->Analyze().ok());
  auto sa = a->Stats(), sb = b->Stats();
  BOOST_TEST(sa->quads == sb->quads);
  BOOST_TEST_REQUIRE(sa->predicates.size() == sb->predicates.size());
  for (std::size_t i = 0; i < sa->predicates.size(); ++i) {
    BOOST_TEST(sa->predicates[i].distinct_subjects ==
               sb->predicates[i].distinct_subjects);
    BOOST_TEST(sa->predicates[i].distinct_objects ==
               sb->predicates[i].distinct_objects);
  }
}

BOOST_AUTO_TEST_CASE(spilled_runs_give_the_same_store) {
  TempDir dir;
  auto quads = Generate(20000, 2);
  auto store = OpenNew(dir.Sub("db"));
  // 1000 quads per run: about twenty runs per index order.
  auto sum = Load(store.get(), quads, 1000 * 32);
  BOOST_TEST_REQUIRE(sum.ok(), sum.status().ToString());
  BOOST_TEST(sum->spilled_runs >= 10u);
  BOOST_TEST((All(*store) == std::set<Quad>(quads.begin(), quads.end())));
  BOOST_TEST(store->Check()->ok());
}

BOOST_AUTO_TEST_CASE(loading_into_a_non_empty_store_counts_once) {
  TempDir dir;
  auto first = Generate(3000, 3);
  auto second = Generate(3000, 4);  // overlaps the first in many quads
  auto store = OpenNew(dir.Sub("db"));
  BOOST_TEST_REQUIRE(Load(store.get(), first).ok());
  auto sum = Load(store.get(), second, 700 * 32);
  BOOST_TEST_REQUIRE(sum.ok());
  std::set<Quad> all(first.begin(), first.end());
  std::size_t before = all.size();
  all.insert(second.begin(), second.end());
  BOOST_TEST(sum->inserted == all.size() - before);
  BOOST_TEST((All(*store) == all));
  auto check = store->Check();
  for (auto& p : check->problems) BOOST_TEST_MESSAGE(p);
  BOOST_TEST(check->ok());
  BOOST_TEST(store->Stats()->distinct_exact);
  BOOST_TEST(store->Stats()->quads == all.size());
}

// A load into a new store leaves its index and dictionary files with
// sequence number 0 in the last level: RocksDB has nothing to rewrite
// later. (Files ingested with a global sequence number are rewritten once,
// in the background, when a writer next releases a snapshot: the whole
// database, after a load.) The small families that the store's creation
// wrote to (meta, stats) overlap those writes and keep their numbers.
BOOST_AUTO_TEST_CASE(first_load_leaves_nothing_to_rewrite) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  BOOST_TEST_REQUIRE(Load(store.get(), Generate(3000, 5)).ok());
  std::vector<rocksdb::LiveFileMetaData> files;
  store->quad_store()->db()->db->GetLiveFilesMetaData(&files);
  BOOST_TEST_REQUIRE(!files.empty());
  int checked = 0;
  for (const auto& f : files) {
    const std::string& cf = f.column_family_name;
    static const std::set<std::string> kLarge = {
        "spog", "posg", "ospg", "gspo", "gpos", "gosp", "term2id"};
    if (kLarge.count(cf) == 0) continue;
    ++checked;
    BOOST_TEST_CONTEXT(cf << " " << f.name) {
      BOOST_TEST(f.largest_seqno == 0u);
    }
  }
  BOOST_TEST(checked == 7);
}

// Index orders split into several SST files (here of about 4 KiB) load
// the same store, also into a store that has data, with its spilled runs.
BOOST_AUTO_TEST_CASE(index_orders_split_into_several_files) {
  TempDir dir;
  auto first = Generate(6000, 7);
  auto second = Generate(6000, 8);
  auto store = OpenNew(dir.Sub("db"));
  auto sum = Load(store.get(), first, 256u << 20, 4096);
  BOOST_TEST_REQUIRE(sum.ok(), sum.status().ToString());
  std::vector<rocksdb::LiveFileMetaData> files;
  store->quad_store()->db()->db->GetLiveFilesMetaData(&files);
  std::map<std::string, int> per_family;
  for (const auto& f : files) ++per_family[f.column_family_name];
  BOOST_TEST(per_family["spog"] > 3);
  BOOST_TEST(per_family["gosp"] > 3);
  sum = Load(store.get(), second, 700 * 32, 4096);
  BOOST_TEST_REQUIRE(sum.ok(), sum.status().ToString());
  BOOST_TEST(sum->spilled_runs > 0u);
  std::set<Quad> all(first.begin(), first.end());
  all.insert(second.begin(), second.end());
  BOOST_TEST((All(*store) == all));
  BOOST_TEST(store->Stats()->quads == all.size());
  auto check = store->Check();
  BOOST_TEST_REQUIRE(check.ok());
  for (auto& p : check->problems) BOOST_TEST_MESSAGE(p);
  BOOST_TEST(check->ok());
}

BOOST_AUTO_TEST_CASE(abandoned_load_changes_nothing) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  auto base = Generate(1000, 5);
  BOOST_TEST_REQUIRE(store->Add(base).ok());
  auto before = All(*store);
  auto terms_before = store->Stats()->terms;
  {
    auto load =
        store->BeginBulkLoad(BulkLoadOptions{.sort_budget_bytes = 100 * 32});
    BOOST_TEST_REQUIRE(load.ok());
    for (const Quad& q : Generate(2000, 6))
      BOOST_TEST_REQUIRE((*load)->Add(q).ok());
    // Destroyed without Commit(), as after a parse error.
  }
  BOOST_TEST((All(*store) == before));
  BOOST_TEST(store->Stats()->terms == terms_before);
  BOOST_TEST(store->Check()->ok());
  // No temporary files are left in the database folder.
  for (auto& e : std::filesystem::directory_iterator(dir.Sub("db"))) {
    BOOST_TEST(e.path().filename().string().rfind("load-tmp-", 0) != 0u);
  }
}

BOOST_AUTO_TEST_CASE(prefixes_are_kept) {
  TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  auto load = store->BeginBulkLoad();
  BOOST_TEST_REQUIRE(load.ok());
  BOOST_TEST_REQUIRE(
      (*load)->AddPrefix("unsc", "http://kg.example.org/unsc/").ok());
  BOOST_TEST_REQUIRE((*load)
                         ->Add({Term::Iri("http://kg.example.org/unsc/France"),
                                Term::Iri("http://kg.example.org/unsc/drafted"),
                                Term::Iri("http://kg.example.org/unsc/R1"),
                                Term::DefaultGraph()})
                         .ok());
  BOOST_TEST_REQUIRE((*load)->Commit().ok());
  auto prefixes = store->Prefixes();
  BOOST_TEST_REQUIRE(prefixes.ok());
  BOOST_TEST_REQUIRE(prefixes->size() == 1u);
  BOOST_TEST((*prefixes)[0].second == "http://kg.example.org/unsc/");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg
