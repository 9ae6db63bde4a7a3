// Readers and a writer at once: four threads query through Database::Query
// while a writer commits numbered updates (by Database::Update and by
// Database::Begin ... Commit). Each query must see one committed state,
// checked inside the query's own snapshot, and never an earlier state than
// the thread saw before; and readers must go on answering while a writer
// holds an open transaction.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kg/database.h"
#include "tests/unit/store/test_util.h"

namespace kg {
namespace {

constexpr char kPrefix[] = "PREFIX x: <http://ex.org/>\n";
constexpr int kReaders = 4;
constexpr int kCommits = 300;
// Generous: the waits below guard against hangs, not slowness.
constexpr auto kWaitLimit = std::chrono::seconds(60);

// State N (after commit N): the counter <c> <value> N, and the items of
// batches N-1 and N (batch b has Size(b) items <item/b/i> <batch> b in
// graph <g/b>); commit N adds batch N and deletes batch N-2.
int Size(int batch) { return batch < 1 ? 0 : 1 + (batch * 7) % 11; }

std::string CounterUpdate(int n) {
  return "DELETE WHERE { x:c x:value ?v } ;\n"
         "INSERT DATA { x:c x:value " +
         std::to_string(n) + " } ;\n";
}
std::string BatchInsert(int n) {
  std::string text =
      "INSERT DATA { GRAPH <http://ex.org/g/" + std::to_string(n) + "> {";
  for (int i = 0; i < Size(n); ++i) {
    text += " <http://ex.org/item/" + std::to_string(n) + "/" +
            std::to_string(i) + "> x:batch " + std::to_string(n) + " .";
  }
  return text + " } }";
}
std::string BatchDelete(int n) {
  return "DELETE WHERE { GRAPH ?g { ?item x:batch " + std::to_string(n) +
         " } }";
}

// What one query saw: batch -> items, per counter value.
using Seen = std::map<int, std::map<int, int>>;

// One query in one snapshot: the counter, and the items of every batch.
// Returns an empty string when the state is one that existed between
// commits, and sets *counter.
std::string ReadOnce(Database& db, int* counter) {
  auto r = db.Query(std::string(kPrefix) +
                    "SELECT ?v ?b (COUNT(?item) AS ?n) WHERE {\n"
                    "  x:c x:value ?v .\n"
                    "  OPTIONAL { GRAPH ?g { ?item x:batch ?b } }\n"
                    "} GROUP BY ?v ?b");
  if (!r.ok()) return "query: " + r.status().ToString();
  Seen seen;
  ResultRow row;
  while (true) {
    auto more = r->Next(&row);
    if (!more.ok()) return "next: " + more.status().ToString();
    if (!*more) break;
    if (row.size() != 3 || !row[0] || !row[2])
      return "a row without counter or count";
    int v = std::stoi(row[0]->lexical);
    int b = row[1] ? std::stoi(row[1]->lexical) : 0;
    seen[v][b] = std::stoi(row[2]->lexical);
  }
  if (seen.size() != 1)
    return std::to_string(seen.size()) + " counter values in one snapshot";
  const int n = seen.begin()->first;
  std::map<int, int> want;
  for (int b : {n - 1, n}) {
    if (Size(b) > 0) want[b] = Size(b);
  }
  std::map<int, int> got = seen.begin()->second;
  got.erase(0);  // the OPTIONAL's unbound row when no batch exists
  if (got != want) {
    std::string text = "counter " + std::to_string(n) + " but batches";
    for (auto& [b, k] : got)
      text += " " + std::to_string(b) + ":" + std::to_string(k);
    return text;
  }
  *counter = n;
  return "";
}

struct Readers {
  std::atomic<bool> stop{false};
  std::atomic<int> queries[kReaders] = {};
  std::atomic<int> newest[kReaders] = {};  // the newest counter each saw
  std::mutex mu;
  std::vector<std::string> problems;
  std::vector<std::thread> threads;

  void Start(Database& db) {
    for (int t = 0; t < kReaders; ++t) {
      threads.emplace_back([this, t, &db] {
        int last = 0;
        while (!stop.load()) {
          int n = 0;
          std::string p = ReadOnce(db, &n);
          if (p.empty() && n < last) {
            p = "counter went back from " + std::to_string(last) + " to " +
                std::to_string(n);
          }
          if (!p.empty()) {
            std::lock_guard<std::mutex> lock(mu);
            if (problems.size() < 20)
              problems.push_back("reader " + std::to_string(t) + ": " + p);
            continue;
          }
          last = n;
          newest[t].store(n);
          queries[t].fetch_add(1);
        }
      });
    }
  }
  void Stop() {
    stop.store(true);
    for (auto& t : threads) t.join();
    threads.clear();
  }
  // Waits until every reader completed `more` queries after this call.
  bool EachAnswers(int more) {
    int base[kReaders];
    for (int t = 0; t < kReaders; ++t) base[t] = queries[t].load();
    const auto until = std::chrono::steady_clock::now() + kWaitLimit;
    for (int t = 0; t < kReaders; ++t) {
      while (queries[t].load() < base[t] + more) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    return true;
  }
  // Waits until some reader saw counter `n` or later.
  bool SomeoneSaw(int n) {
    const auto until = std::chrono::steady_clock::now() + kWaitLimit;
    while (true) {
      for (int t = 0; t < kReaders; ++t) {
        if (newest[t].load() >= n) return true;
      }
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
};

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<Database> db;
  Fixture() {
    DatabaseOptions o;
    o.store.create_if_missing = true;
    auto r = Database::Open(dir.Sub("db"), o);
    BOOST_TEST_REQUIRE(r.ok(), r.status().ToString());
    db = std::move(r).value();
    auto u = db->Update(std::string(kPrefix) + "INSERT DATA { x:c x:value 0 }");
    BOOST_TEST_REQUIRE(u.ok(), u.status().ToString());
  }
  // Commit N: in one request (odd N) or as three updates of one
  // transaction (even N).
  Status Commit(int n) {
    if (n % 2 == 1) {
      auto r = db->Update(std::string(kPrefix) + CounterUpdate(n) +
                          BatchInsert(n) + " ;\n" + BatchDelete(n - 2));
      return r.status();
    }
    KG_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, db->Begin());
    for (const std::string& part :
         {BatchDelete(n - 2), CounterUpdate(n) + BatchInsert(n)}) {
      KG_RETURN_IF_ERROR(tx->Update(std::string(kPrefix) + part).status());
    }
    return tx->Commit();
  }
};

BOOST_AUTO_TEST_SUITE(update_concurrency)

BOOST_AUTO_TEST_CASE(readers_see_only_committed_states) {
  Fixture f;
  Readers readers;
  readers.Start(*f.db);
  int observed_waits = 0;
  for (int n = 1; n <= kCommits; ++n) {
    Status st = f.Commit(n);
    BOOST_TEST_REQUIRE(st.ok(), "commit " << n << ": " << st.ToString());
    // Every tenth state must be seen by a reader before the writer goes
    // on, so the readers are known to have read states in between.
    if (n % 10 == 0) {
      BOOST_TEST_REQUIRE(readers.SomeoneSaw(n), "no reader saw state " << n);
      ++observed_waits;
    }
  }
  BOOST_TEST_REQUIRE(readers.SomeoneSaw(kCommits));
  readers.Stop();
  for (auto& p : readers.problems) BOOST_TEST_MESSAGE(p);
  BOOST_TEST(readers.problems.empty());
  int total = 0;
  for (auto& q : readers.queries) total += q.load();
  BOOST_TEST_MESSAGE(kReaders << " readers checked " << total
                              << " snapshots during " << kCommits
                              << " commits");
  BOOST_TEST(observed_waits == kCommits / 10);
  // The final state, read once more after everything.
  int n = 0;
  BOOST_TEST(ReadOnce(*f.db, &n) == "");
  BOOST_TEST(n == kCommits);
}

BOOST_AUTO_TEST_CASE(readers_never_wait_for_an_open_transaction) {
  Fixture f;
  for (int n = 1; n <= 3; ++n) BOOST_TEST_REQUIRE(f.Commit(n).ok());
  Readers readers;
  readers.Start(*f.db);
  BOOST_TEST_REQUIRE(readers.EachAnswers(1));

  // A writer holds the writer lock with uncommitted changes of every kind
  // the commits above make.
  auto tx = f.db->Begin();
  BOOST_TEST_REQUIRE(tx.ok(), tx.status().ToString());
  auto u = (*tx)->Update(std::string(kPrefix) + CounterUpdate(4) +
                         BatchInsert(4) + " ;\n" + BatchDelete(2));
  BOOST_TEST_REQUIRE(u.ok(), u.status().ToString());
  {
    // Its own view has the new state ...
    auto own = (*tx)->Query(std::string(kPrefix) +
                            "SELECT ?v WHERE { x:c x:value ?v }");
    BOOST_TEST_REQUIRE(own.ok());
    ResultRow row;
    auto more = own->Next(&row);
    BOOST_TEST_REQUIRE((more.ok() && *more));
    BOOST_TEST(row[0]->lexical == "4");
  }

  // ... while every reader keeps answering (a bounded wait, not a speed
  // test) from the last committed state.
  BOOST_TEST(readers.EachAnswers(20), "readers stalled behind the writer");
  for (int t = 0; t < kReaders; ++t) BOOST_TEST(readers.newest[t].load() == 3);
  int n = 0;
  BOOST_TEST(ReadOnce(*f.db, &n) == "");
  BOOST_TEST(n == 3);

  BOOST_TEST_REQUIRE((*tx)->Commit().ok());
  BOOST_TEST(readers.EachAnswers(5));
  for (int t = 0; t < kReaders; ++t) BOOST_TEST(readers.newest[t].load() == 4);
  readers.Stop();
  for (auto& p : readers.problems) BOOST_TEST_MESSAGE(p);
  BOOST_TEST(readers.problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg
