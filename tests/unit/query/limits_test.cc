// CMake: kg_test(query_limits_test LIBS kg_engine SOURCES
// tests/unit/query/limits_test.cc)
//
// The limits of a query through kg::Database: timeout, memory budget,
// cancellation, nesting, a large query text; and that a failed query leaves
// the database as it was (docs/query-language.md, "Limits").
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "kg/database.h"
#include "query/syntax/rdf_parser.h"
#include "tests/unit/store/test_util.h"

namespace kg {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kPrefix[] = "PREFIX : <http://example.org/>\n";
// 300 :p triples: four unconnected patterns over them give 300^4 (8.1e9)
// rows, far more than any test can wait for.
constexpr int kEdges = 300;
constexpr char kExplosionBody[] =
    "WHERE { ?a :p ?b . ?c :p ?d . ?e :p ?f . ?g :p ?h }";
// A complete directed graph over kClique nodes (9,900 edges) for paths.
constexpr int kClique = 100;

std::string Item(int i) {
  // Long on purpose: 20,000 of these in VALUES make a query of about 1 MB.
  return "<http://example.org/a/rather/long/path/to/the/item/number/" +
         std::to_string(1000000 + i) + ">";
}

// The outcome of running a query to its end.
struct Drained {
  Status status;  // the first error (of Query or of Next), or ok
  std::uint64_t rows = 0;
  double seconds = 0;
};

Drained Drain(Database& db, const std::string& sparql,
              const QueryOptions& options = {}) {
  Drained d;
  auto t0 = Clock::now();
  auto result = db.Query(sparql, options);
  if (!result.ok()) {
    d.status = result.status();
  } else {
    ResultRow row;
    while (true) {
      auto more = result->Next(&row);
      if (!more.ok()) {
        d.status = more.status();
        break;
      }
      if (!*more) break;
      ++d.rows;
    }
  }
  d.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return d;
}

QueryOptions Limits(std::chrono::milliseconds timeout,
                    std::size_t memory_bytes) {
  QueryOptions o;
  QueryLimits l;
  l.timeout = timeout;
  l.memory_bytes = memory_bytes;
  o.limits = l;
  return o;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A fresh database holding:
//   :s<i> :p :o<i>                  i < kEdges (the explosion)
//   :n<i> :e :n<j>                  i != j < kClique (a dense graph)
//   Item(i) :label "item <i>"       i < 20,000, i % 10 == 0 (2,000 triples)
struct LimitsFixture {
  testing::TempDir dir;
  std::unique_ptr<Database> db;

  LimitsFixture() {
    DatabaseOptions options;
    options.store.create_if_missing = true;
    auto opened = Database::Open(dir.Sub("db"), options);
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
    db = std::move(*opened);
    std::string nt;
    for (int i = 0; i < kEdges; ++i)
      nt += "<http://example.org/s" + std::to_string(i) +
            "> <http://example.org/p> " + "<http://example.org/o" +
            std::to_string(i) + "> .\n";
    for (int i = 0; i < kClique; ++i)
      for (int j = 0; j < kClique; ++j)
        if (i != j)
          nt += "<http://example.org/n" + std::to_string(i) +
                "> <http://example.org/e> " + "<http://example.org/n" +
                std::to_string(j) + "> .\n";
    for (int i = 0; i < 20000; i += 10)
      nt += Item(i) + " <http://example.org/label> \"item " +
            std::to_string(i) + "\" .\n";
    auto load = db->store().BeginBulkLoad();
    BOOST_REQUIRE_MESSAGE(load.ok(), load.status().ToString());
    query::RdfParseReport report;
    Status parsed =
        query::ParseRdfString(nt, "fixture.nt", query::RdfFormat::kNTriples, {},
                              load->get(), &report);
    BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.ToString());
    auto committed = (*load)->Commit();
    BOOST_REQUIRE_MESSAGE(committed.ok(), committed.status().ToString());
    BOOST_REQUIRE_EQUAL(committed->inserted,
                        std::uint64_t{kEdges} + kClique * (kClique - 1) + 2000);
  }

  // The database answers a normal query correctly and checks clean.
  void ExpectHealthy() {
    Drained d =
        Drain(*db, std::string(kPrefix) + "SELECT ?s ?o WHERE { ?s :p ?o }");
    BOOST_CHECK_MESSAGE(d.status.ok(), d.status.ToString());
    BOOST_CHECK_EQUAL(d.rows, std::uint64_t{kEdges});
    auto count =
        db->Query(std::string(kPrefix) +
                  "SELECT (COUNT(*) AS ?n) WHERE { :n7 :e ?x . ?x :e :n8 }");
    BOOST_REQUIRE_MESSAGE(count.ok(), count.status().ToString());
    ResultRow row;
    auto more = count->Next(&row);
    BOOST_REQUIRE_MESSAGE(more.ok() && *more, "COUNT gave no row");
    BOOST_REQUIRE(row[0].has_value());
    BOOST_CHECK_EQUAL(row[0]->lexical, std::to_string(kClique - 2));
    auto check = db->store().Check();
    BOOST_REQUIRE_MESSAGE(check.ok(), check.status().ToString());
    BOOST_CHECK_MESSAGE(check->ok(), "store().Check() found problems");
  }
};

BOOST_FIXTURE_TEST_SUITE(limits, LimitsFixture)

BOOST_AUTO_TEST_CASE(timeout_stops_a_cartesian_explosion) {
  // Streaming: every row is returned to the caller until the deadline.
  Drained d = Drain(*db, std::string(kPrefix) + "SELECT * " + kExplosionBody,
                    Limits(std::chrono::milliseconds(200), 0));
  BOOST_CHECK(d.status.code() == StatusCode::kAborted);
  BOOST_CHECK_MESSAGE(Contains(d.status.message(), "timed out"),
                      d.status.ToString());
  BOOST_CHECK_LT(d.seconds, 10.0);
  BOOST_CHECK_GT(d.seconds, 0.15);
  BOOST_CHECK_LT(d.rows, std::uint64_t{8100000000});
  ExpectHealthy();

  // Blocking: COUNT(*) reads everything inside the first Next().
  d = Drain(*db,
            std::string(kPrefix) + "SELECT (COUNT(*) AS ?n) " + kExplosionBody,
            Limits(std::chrono::milliseconds(200), 0));
  BOOST_CHECK(d.status.code() == StatusCode::kAborted);
  BOOST_CHECK_MESSAGE(Contains(d.status.message(), "timed out"),
                      d.status.ToString());
  BOOST_CHECK_LT(d.seconds, 10.0);
  BOOST_CHECK_EQUAL(d.rows, 0u);
  ExpectHealthy();
}

BOOST_AUTO_TEST_CASE(timeout_stops_a_path_over_a_dense_graph) {
  // From each of 100 nodes, every node reached by (:e/:e)+ steps again
  // through the ~10^4 two-edge walks from it (a sequence keeps duplicates):
  // about 10^8 index reads in all.
  Drained d = Drain(
      *db,
      std::string(kPrefix) + "SELECT (COUNT(*) AS ?n) WHERE { ?x (:e/:e)+ ?y }",
      Limits(std::chrono::milliseconds(200), 0));
  BOOST_CHECK(d.status.code() == StatusCode::kAborted);
  BOOST_CHECK_MESSAGE(Contains(d.status.message(), "timed out"),
                      d.status.ToString());
  BOOST_CHECK_LT(d.seconds, 10.0);
  ExpectHealthy();
}

BOOST_AUTO_TEST_CASE(database_default_limits_apply) {
  // DatabaseOptions::limits when QueryOptions gives none. A second Database
  // cannot open the same folder while this one holds it, so reopen.
  std::string path = db->store().path();
  db.reset();
  DatabaseOptions options;
  options.limits.timeout = std::chrono::milliseconds(200);
  options.limits.memory_bytes = 0;
  auto reopened = Database::Open(path, options);
  BOOST_REQUIRE_MESSAGE(reopened.ok(), reopened.status().ToString());
  db = std::move(*reopened);
  Drained d = Drain(
      *db, std::string(kPrefix) + "SELECT (COUNT(*) AS ?n) " + kExplosionBody);
  BOOST_CHECK(d.status.code() == StatusCode::kAborted);
  BOOST_CHECK_MESSAGE(Contains(d.status.message(), "timed out"),
                      d.status.ToString());
  BOOST_CHECK_LT(d.seconds, 10.0);
  ExpectHealthy();
}

// Operators that hold rows stop at the memory budget, long before the
// (generous) timeout.
void ExpectMemoryAbort(LimitsFixture& f, const std::string& sparql) {
  BOOST_TEST_MESSAGE("query: " << sparql);
  Drained d = Drain(*f.db, sparql,
                    Limits(std::chrono::seconds(8), std::size_t{8} << 20));
  BOOST_CHECK(d.status.code() == StatusCode::kAborted);
  BOOST_CHECK_MESSAGE(Contains(d.status.message(), "memory"),
                      d.status.ToString());
  BOOST_CHECK_LT(d.seconds, 10.0);
  f.ExpectHealthy();
}

BOOST_AUTO_TEST_CASE(memory_budget_stops_order_by) {
  ExpectMemoryAbort(*this, std::string(kPrefix) + "SELECT * " + kExplosionBody +
                               " ORDER BY ?h ?f");
}

BOOST_AUTO_TEST_CASE(memory_budget_stops_distinct) {
  ExpectMemoryAbort(*this, std::string(kPrefix) +
                               "SELECT DISTINCT ?a ?c ?e ?g " + kExplosionBody);
}

BOOST_AUTO_TEST_CASE(memory_budget_stops_group_by) {
  ExpectMemoryAbort(*this, std::string(kPrefix) +
                               "SELECT ?a ?c ?e ?g (COUNT(*) AS ?n) " +
                               kExplosionBody + " GROUP BY ?a ?c ?e ?g");
}

BOOST_AUTO_TEST_CASE(memory_budget_stops_construct) {
  // CONSTRUCT returns each distinct triple once, so it remembers them:
  // 3 * 300^2 distinct triples here, several times the budget.
  ExpectMemoryAbort(*this, std::string(kPrefix) +
                               "CONSTRUCT { ?b :q ?d . ?d :q ?f . ?f :q ?h } " +
                               kExplosionBody);
}

BOOST_AUTO_TEST_CASE(cancellation_from_another_thread) {
  QueryOptions options = Limits(std::chrono::milliseconds(0), 0);  // no limits
  options.cancel = std::make_shared<CancellationToken>();
  auto token = options.cancel;
  std::thread canceller([token] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    token->Cancel();
  });
  Drained d = Drain(
      *db, std::string(kPrefix) + "SELECT (COUNT(*) AS ?n) " + kExplosionBody,
      options);
  canceller.join();
  BOOST_CHECK(d.status.code() == StatusCode::kAborted);
  BOOST_CHECK_MESSAGE(Contains(d.status.message(), "cancelled"),
                      d.status.ToString());
  BOOST_CHECK_GT(d.seconds, 0.05);
  BOOST_CHECK_LT(d.seconds, 10.0);
  ExpectHealthy();

  // A token still cancelled stops the next query at once; Reset() lets
  // queries run again.
  d = Drain(*db, std::string(kPrefix) + "SELECT ?s WHERE { ?s :p ?o }",
            options);
  BOOST_CHECK(d.status.code() == StatusCode::kAborted);
  token->Reset();
  d = Drain(*db, std::string(kPrefix) + "SELECT ?s WHERE { ?s :p ?o }",
            options);
  BOOST_CHECK_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_CHECK_EQUAL(d.rows, std::uint64_t{kEdges});
}

// The offset of the opening bracket that first goes `limit` levels deep.
std::size_t FirstTooDeep(const std::string& text, std::size_t limit) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '(' || c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string::npos;
}

void ExpectNestingError(LimitsFixture& f, const std::string& sparql) {
  Drained d = Drain(*f.db, sparql);
  BOOST_CHECK(d.status.code() == StatusCode::kParseError ||
              d.status.code() == StatusCode::kInvalidArgument);
  BOOST_CHECK_MESSAGE(Contains(d.status.message(), "nesting"),
                      d.status.ToString());
  // Found before parsing, at the bracket that crosses the limit of 1000.
  BOOST_CHECK_EQUAL(d.status.line(), 1u);
  BOOST_CHECK_EQUAL(d.status.column(), FirstTooDeep(sparql, 1000) + 1);
  BOOST_CHECK_LT(d.seconds, 5.0);
  f.ExpectHealthy();
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_a_clean_error) {
  const int kDeep = 10000;
  std::string open(kDeep, '('), close(kDeep, ')');
  ExpectNestingError(
      *this, "SELECT ?x WHERE { BIND(" + open + "1" + close + " AS ?x) }");
  ExpectNestingError(*this, "SELECT * WHERE " + std::string(kDeep, '{') +
                                "?s ?p ?o" + std::string(kDeep, '}'));
  // Sub-selects, blank-node property lists and paths nest brackets too.
  std::string sub;
  for (int i = 0; i < kDeep / 2; ++i) sub += "{ SELECT * WHERE ";
  sub += "{ ?s ?p ?o }";
  for (int i = 0; i < kDeep / 2; ++i) sub += " }";
  ExpectNestingError(*this, "SELECT * WHERE " + sub);
  std::string bnode = "SELECT * WHERE { ?s <http://example.org/p> ";
  for (int i = 0; i < kDeep; ++i) bnode += "[ <http://example.org/p> ";
  bnode += "?o";
  for (int i = 0; i < kDeep; ++i) bnode += " ]";
  ExpectNestingError(*this, bnode + " }");
  ExpectNestingError(*this, "SELECT * WHERE { ?s " + open +
                                "<http://example.org/p>" + close + " ?o }");
}

BOOST_AUTO_TEST_CASE(nesting_below_the_limit_runs) {
  // 900 levels: parsed, planned and evaluated without exhausting the stack.
  const int kLevels = 900;
  Drained d = Drain(*db, std::string(kPrefix) + "SELECT ?x WHERE { BIND(" +
                             std::string(kLevels, '(') + "1 + 1" +
                             std::string(kLevels, ')') + " AS ?x) }");
  BOOST_CHECK_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_CHECK_EQUAL(d.rows, 1u);
  d = Drain(*db, std::string(kPrefix) + "SELECT * WHERE " +
                     std::string(kLevels, '{') + "?s :p ?o" +
                     std::string(kLevels, '}'));
  BOOST_CHECK_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_CHECK_EQUAL(d.rows, std::uint64_t{kEdges});
}

BOOST_AUTO_TEST_CASE(a_one_megabyte_values_query) {
  std::string q =
      std::string(kPrefix) + "SELECT ?item ?label WHERE {\n  VALUES ?item {\n";
  for (int i = 0; i < 20000; ++i) q += "    " + Item(i) + "\n";
  q += "  }\n  ?item :label ?label\n}\n";
  BOOST_TEST_MESSAGE("query of " << q.size() << " bytes");
  BOOST_CHECK_GT(q.size(), std::size_t{1000000});
  Drained d = Drain(*db, q);
  BOOST_CHECK_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_CHECK_EQUAL(d.rows, 2000u);  // every tenth item has a label

  // The same rows as strings, joined on the object.
  std::string s =
      std::string(kPrefix) + "SELECT ?item WHERE {\n  VALUES ?label {\n";
  for (int i = 0; i < 20000; ++i)
    s += "    \"item " + std::to_string(i) + "\"\n";
  s += "  }\n  ?item :label ?label\n}\n";
  d = Drain(*db, s);
  BOOST_CHECK_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_CHECK_EQUAL(d.rows, 2000u);
}

BOOST_AUTO_TEST_CASE(failed_queries_leave_the_database_unharmed) {
  const std::string bad[] = {
      "SELECT ?x WHERE { ?x :p }",  // syntax
      std::string(kPrefix) +
          "SELECT ?x WHERE { ?x :p ?y . FILTER(<urn:no-such>(?x)) }",
      std::string(kPrefix) + "INSERT DATA { :a :p :b }",  // an update
      std::string(kPrefix) +
          "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
  };
  for (const auto& q : bad) {
    Drained d = Drain(*db, q);
    BOOST_CHECK_MESSAGE(!d.status.ok(), "expected an error from: " << q);
  }
  // The update was refused, not applied.
  Drained d = Drain(*db, std::string(kPrefix) + "ASK { :a :p :b }");
  BOOST_CHECK_MESSAGE(d.status.ok(), d.status.ToString());
  auto ask = db->Query(std::string(kPrefix) + "ASK { :a :p :b }");
  BOOST_REQUIRE(ask.ok());
  BOOST_CHECK(!ask->boolean());
  ExpectHealthy();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg
