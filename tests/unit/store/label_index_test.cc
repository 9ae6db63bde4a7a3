// The store's label index (store/label_index.h): kept by bulk loads and by
// transactions in the same commit as the label quads, found by NameKey
// (exact, word, prefix), verified by Check().
#include <rocksdb/db.h>

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "kg/store.h"
#include "store/db.h"
#include "store/quad_store.h"
#include "tests/unit/store/test_util.h"

namespace kg {
namespace {

constexpr char kLabel[] = "http://www.w3.org/2000/01/rdf-schema#label";
constexpr char kAlt[] = "http://www.w3.org/2004/02/skos/core#altLabel";

Term Ex(const std::string& local) {
  return Term::Iri("http://example.org/" + local);
}

Quad LabelQuad(const std::string& s, const char* p, Term label,
               Term g = Term::DefaultGraph()) {
  return Quad{Ex(s), Term::Iri(p), std::move(label), std::move(g)};
}

std::unique_ptr<Store> OpenNew(const std::string& path) {
  StoreOptions o;
  o.create_if_missing = true;
  auto s = Store::Open(path, o);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.status().ToString());
  return std::move(s).value();
}

// The subjects (local names) FindLabels reports for `name`.
std::multiset<std::string> Find(const Store& store, const std::string& name,
                                LabelMatch how) {
  std::multiset<std::string> out;
  Status st = store.FindLabels(name, how, [&](const LabelHit& h) {
    out.insert(
        h.subject.lexical.substr(std::string("http://example.org/").size()));
    return true;
  });
  BOOST_REQUIRE_MESSAGE(st.ok(), st.ToString());
  return out;
}

BOOST_AUTO_TEST_CASE(bulk_load_and_commits_keep_the_index) {
  testing::TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  {
    auto load = store->BeginBulkLoad();
    BOOST_REQUIRE(load.ok());
    for (const Quad& q :
         {LabelQuad("Guterres", kLabel,
                    Term::LangLiteral("António Guterres", "en")),
          LabelQuad("Guterres", kAlt, Term::LangLiteral("غوتيريش", "ar")),
          LabelQuad("Guterres", kAlt, Term::LangLiteral("جوتيريس", "ar"),
                    Ex("article1")),
          LabelQuad("Hafter", kLabel, Term::LangLiteral("خليفة حفتر", "ar")),
          Quad{Ex("Hafter"), Ex("backedBy"), Ex("Russia"),
               Term::DefaultGraph()}}) {
      BOOST_REQUIRE((*load)->Add(q).ok());
    }
    BOOST_REQUIRE((*load)->Commit().ok());
  }
  // Spelling variants meet under NormalizeName: diacritics, case.
  BOOST_TEST(Find(*store, "غُوتِيرِيش", LabelMatch::kExact) ==
             std::multiset<std::string>{"Guterres"});
  BOOST_TEST(Find(*store, "ANTONIO GUTERRES", LabelMatch::kExact) ==
             std::multiset<std::string>{"Guterres"});
  BOOST_TEST(Find(*store, "guterres", LabelMatch::kWord) ==
             std::multiset<std::string>{"Guterres"});
  BOOST_TEST(Find(*store, "حفتر", LabelMatch::kWord) ==
             std::multiset<std::string>{"Hafter"});
  BOOST_TEST(Find(*store, "جوتي", LabelMatch::kPrefix) ==
             std::multiset<std::string>{"Guterres"});
  BOOST_TEST(Find(*store, "russia", LabelMatch::kWord).empty());
  // Which graph each label came from.
  std::set<std::string> graphs;
  BOOST_REQUIRE(store
                    ->FindLabels("جوتيريس", LabelMatch::kExact,
                                 [&](const LabelHit& h) {
                                   graphs.insert(h.graph.lexical);
                                   return true;
                                 })
                    .ok());
  BOOST_TEST(graphs == std::set<std::string>{"http://example.org/article1"});

  // Commits: a new label is found at once, a removed one no longer.
  BOOST_REQUIRE(store
                    ->Add({LabelQuad("Russia", kLabel,
                                     Term::LangLiteral("Russia", "en"))})
                    .ok());
  BOOST_REQUIRE(store
                    ->Remove({LabelQuad("Hafter", kLabel,
                                        Term::LangLiteral("خليفة حفتر", "ar"))})
                    .ok());
  BOOST_TEST(Find(*store, "russia", LabelMatch::kWord) ==
             std::multiset<std::string>{"Russia"});
  BOOST_TEST(Find(*store, "حفتر", LabelMatch::kWord).empty());
  // Non-literal objects and other predicates are not labels.
  BOOST_REQUIRE(store
                    ->Add({Quad{Ex("X"), Term::Iri(kLabel), Ex("Russia"),
                                Term::DefaultGraph()},
                           Quad{Ex("Y"), Ex("name"), Term::Literal("Russia"),
                                Term::DefaultGraph()}})
                    .ok());
  BOOST_TEST(Find(*store, "russia", LabelMatch::kExact) ==
             std::multiset<std::string>{"Russia"});

  auto report = store->Check();
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(report->ok());
}

// Many labels (several batches of the loader's label thread) in a sort
// budget so small that label keys spill as sorted runs: every label is
// found, and Check() agrees with the index.
BOOST_AUTO_TEST_CASE(bulk_load_with_many_labels_and_spilled_runs) {
  testing::TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  constexpr int kLabels = 30000;
  {
    BulkLoadOptions o;
    o.sort_budget_bytes = 64 * 1024;  // label runs spill every ~16 KiB
    auto load = store->BeginBulkLoad(o);
    BOOST_REQUIRE(load.ok());
    for (int i = 0; i < kLabels; ++i) {
      const std::string n = std::to_string(i);
      BOOST_REQUIRE((*load)
                        ->Add(LabelQuad("e" + n, kLabel,
                                        Term::LangLiteral("entity " + n, "en")))
                        .ok());
    }
    auto sum = (*load)->Commit();
    BOOST_REQUIRE_MESSAGE(sum.ok(), sum.status().ToString());
  }
  for (int i : {0, 1, 8191, 8192, 16385, 29999}) {
    const std::string n = std::to_string(i);
    BOOST_TEST(Find(*store, "Entity " + n, LabelMatch::kExact) ==
               std::multiset<std::string>{"e" + n});
    BOOST_TEST(Find(*store, n, LabelMatch::kWord) ==
               std::multiset<std::string>{"e" + n});
  }
  BOOST_TEST(Find(*store, "entity", LabelMatch::kWord).size() ==
             static_cast<std::size_t>(kLabels));
  auto report = store->Check();
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(report->ok());
}

BOOST_AUTO_TEST_CASE(check_finds_a_damaged_label_index) {
  testing::TempDir dir;
  auto store = OpenNew(dir.Sub("db"));
  BOOST_REQUIRE(
      store->Add({LabelQuad("A", kLabel, Term::Literal("Alpha beta"))}).ok());
  auto* db = store->quad_store()->db();
  std::unique_ptr<rocksdb::Iterator> it(
      db->db->NewIterator(rocksdb::ReadOptions(), db->cf(store::Cf::kLabels)));
  it->SeekToFirst();
  BOOST_REQUIRE(it->Valid());
  const std::string key = it->key().ToString();
  it.reset();
  BOOST_REQUIRE(
      db->db->Delete(rocksdb::WriteOptions(), db->cf(store::Cf::kLabels), key)
          .ok());
  auto report = store->Check();
  BOOST_REQUIRE(report.ok());
  BOOST_REQUIRE(!report->ok());
  BOOST_TEST(report->problems[0].find("label index") != std::string::npos);
  // A key with no label quad behind it is found as well.
  BOOST_REQUIRE(
      db->db->Put(rocksdb::WriteOptions(), db->cf(store::Cf::kLabels), key, "")
          .ok());
  BOOST_TEST(store->Check()->ok());
  BOOST_REQUIRE(
      store->Remove({LabelQuad("A", kLabel, Term::Literal("Alpha beta"))})
          .ok());
  BOOST_REQUIRE(
      db->db->Put(rocksdb::WriteOptions(), db->cf(store::Cf::kLabels), key, "")
          .ok());
  BOOST_TEST(!store->Check()->ok());
}

}  // namespace
}  // namespace kg
