// CMake: kg_test(query_update_test LIBS kg_engine SOURCES
// tests/unit/query/update_test.cc)
//
// SPARQL Update through kg::Database and kg::Transaction: what each
// operation changes and reports, the default-graph modes, atomicity of a
// request, transactions (snapshot plus own writes, rollback, one writer at
// a time), LOAD's directory rule. The W3C update suites run separately
// (tests/w3c, w3c_sparql_update).
#include <fmt/format.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "kg/database.h"
#include "tests/unit/store/test_util.h"

namespace kg {
namespace {

constexpr char kPrefix[] = "PREFIX : <http://example.org/>\n";

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<Database> db;
  explicit Fixture(DefaultGraphMode mode = DefaultGraphMode::kUnion,
                   std::chrono::milliseconds wait = std::chrono::seconds(10)) {
    DatabaseOptions o;
    o.store.create_if_missing = true;
    o.store.writer_wait = wait;
    o.default_graph = mode;
    o.load_directory = dir.Sub("files");
    std::filesystem::create_directories(o.load_directory);
    auto r = Database::Open(dir.Sub("db"), o);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().ToString());
    db = std::move(r).value();
  }
  WriteSummary Update(const std::string& text) {
    auto r = db->Update(kPrefix + text);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().ToString());
    return *r;
  }
  // The rows of a query as "a b c" strings (N-Triples terms, UNDEF as -).
  std::multiset<std::string> Rows(const std::string& text,
                                  Database* other = nullptr) {
    auto r = (other ? other : db.get())->Query(kPrefix + text);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().ToString());
    return Drain(*r);
  }
  static std::multiset<std::string> Drain(QueryResult& r) {
    std::multiset<std::string> out;
    ResultRow row;
    while (true) {
      auto more = r.Next(&row);
      BOOST_REQUIRE_MESSAGE(more.ok(), more.status().ToString());
      if (!*more) break;
      std::string line;
      for (auto& t : row) {
        if (!line.empty()) line += ' ';
        line += t ? t->ToNTriples() : "-";
      }
      out.insert(line);
    }
    return out;
  }
  std::uint64_t Count(const std::string& where = "{ ?s ?p ?o }") {
    auto rows = Rows("SELECT (COUNT(*) AS ?n) WHERE " + where);
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    std::string n = *rows.begin();
    return std::stoull(n.substr(1, n.find('"', 1) - 1));
  }
};

const GraphChange* Change(const WriteSummary& s, const std::string& graph) {
  for (const auto& c : s.graphs) {
    if (graph.empty() ? c.graph.is_default_graph()
                      : c.graph == Term::Iri(graph))
      return &c;
  }
  return nullptr;
}

BOOST_AUTO_TEST_CASE(insert_and_delete_data_report_per_graph) {
  Fixture f;
  WriteSummary s = f.Update(
      "INSERT DATA { :France :drafted :R1 . :Russia :vetoed :R1 . "
      "GRAPH :a1 { :France :drafted :R1 } }");
  BOOST_TEST(s.inserted == 3u);
  BOOST_TEST(s.deleted == 0u);
  BOOST_REQUIRE_EQUAL(s.graphs.size(), 2u);
  BOOST_TEST(Change(s, "")->inserted == 2u);
  BOOST_TEST(Change(s, "http://example.org/a1")->inserted == 1u);
  // Inserting what is there changes nothing.
  s = f.Update("INSERT DATA { :France :drafted :R1 }");
  BOOST_TEST(s.inserted == 0u);
  BOOST_TEST(s.graphs.empty());
  // Union mode: DELETE DATA without GRAPH removes the triple from every
  // graph holding it, and says which.
  s = f.Update("DELETE DATA { :France :drafted :R1 }");
  BOOST_TEST(s.deleted == 2u);
  BOOST_REQUIRE(Change(s, "") != nullptr);
  BOOST_REQUIRE(Change(s, "http://example.org/a1") != nullptr);
  BOOST_TEST(Change(s, "http://example.org/a1")->deleted == 1u);
  BOOST_TEST(f.Count() == 1u);
}

BOOST_AUTO_TEST_CASE(strict_mode_deletes_from_the_default_graph_only) {
  Fixture f(DefaultGraphMode::kStrict);
  f.Update(
      "INSERT DATA { :France :drafted :R1 . GRAPH :a1 { :France :drafted :R1 "
      "} }");
  WriteSummary s = f.Update("DELETE DATA { :France :drafted :R1 }");
  BOOST_TEST(s.deleted == 1u);
  BOOST_REQUIRE_EQUAL(s.graphs.size(), 1u);
  BOOST_TEST(s.graphs[0].graph.is_default_graph());
  BOOST_TEST(f.Count("{ GRAPH ?g { ?s ?p ?o } }") == 1u);
}

BOOST_AUTO_TEST_CASE(delete_insert_where_evaluates_where_once) {
  Fixture f;
  f.Update("INSERT DATA { :a :n 1 . :b :n 2 . :c :m 3 }");
  // Renames :n to :k: the WHERE is evaluated before the changes, so the
  // inserted :k triples are not matched again.
  WriteSummary s =
      f.Update("DELETE { ?s :n ?v } INSERT { ?s :k ?v } WHERE { ?s :n ?v }");
  BOOST_TEST(s.deleted == 2u);
  BOOST_TEST(s.inserted == 2u);
  BOOST_TEST(f.Rows("SELECT ?s ?v WHERE { ?s :k ?v } ORDER BY ?v") ==
             (std::multiset<std::string>{
                 "<http://example.org/a> "
                 "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                 "<http://example.org/b> "
                 "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>"}));
  BOOST_TEST(f.Count("{ ?s :n ?v }") == 0u);
  // Unbound template variables skip the triple, not the solution.
  s = f.Update(
      "INSERT { ?s :copy ?v . ?s :never ?unbound } WHERE { ?s :m ?v }");
  BOOST_TEST(s.inserted == 1u);
  // DELETE WHERE.
  s = f.Update("DELETE WHERE { ?s :k ?v }");
  BOOST_TEST(s.deleted == 2u);
}

BOOST_AUTO_TEST_CASE(with_names_the_graph_of_where_and_templates) {
  Fixture f;
  f.Update(
      "INSERT DATA { GRAPH :g1 { :a :p 1 } GRAPH :g2 { :a :p 2 } :a :p 3 }");
  WriteSummary s = f.Update(
      "WITH :g1 DELETE { ?s :p ?o } INSERT { ?s :q ?o } "
      "WHERE { ?s :p ?o }");
  BOOST_TEST(s.deleted == 1u);
  BOOST_TEST(s.inserted == 1u);
  BOOST_REQUIRE_EQUAL(s.graphs.size(), 1u);
  BOOST_TEST(s.graphs[0].graph.ToNTriples() == "<http://example.org/g1>");
  BOOST_TEST(f.Count("{ GRAPH :g1 { ?s :q ?o } }") == 1u);
  BOOST_TEST(f.Count("{ GRAPH :g2 { ?s :p ?o } }") == 1u);
}

BOOST_AUTO_TEST_CASE(blank_nodes_are_fresh_per_request_and_per_solution) {
  Fixture f;
  f.Update("INSERT DATA { _:x :p 1 }");
  f.Update("INSERT DATA { _:x :p 2 }");
  BOOST_TEST(f.Count("{ SELECT DISTINCT ?s WHERE { ?s :p ?o } }") == 2u);
  f.Update("INSERT { _:n :of ?o } WHERE { ?s :p ?o }");
  BOOST_TEST(f.Count("{ SELECT DISTINCT ?s WHERE { ?s :of ?o } }") == 2u);
}

BOOST_AUTO_TEST_CASE(a_request_is_atomic) {
  Fixture f;
  f.Update("INSERT DATA { GRAPH :g { :a :p 1 } }");
  // The second operation fails (DROP of a graph that does not exist), so
  // the first must not be applied either.
  auto r = f.db->Update(std::string(kPrefix) +
                        "INSERT DATA { :b :p 2 } ; DROP GRAPH :nothing");
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().message().find("operation 2 of 2") !=
             std::string::npos);
  BOOST_TEST(f.Count() == 1u);
  // SILENT makes the same request succeed.
  f.Update("INSERT DATA { :b :p 2 } ; DROP SILENT GRAPH :nothing");
  BOOST_TEST(f.Count() == 2u);
  // Later operations see the earlier ones.
  WriteSummary s =
      f.Update("INSERT DATA { :c :p 3 } ; DELETE WHERE { :c :p ?o }");
  BOOST_TEST(s.inserted == 1u);
  BOOST_TEST(s.deleted == 1u);
  BOOST_TEST(f.Count() == 2u);
}

BOOST_AUTO_TEST_CASE(a_graph_scan_sees_only_its_graph_inside_a_request) {
  // A transaction's index iterators once let pending keys of other graphs
  // past their upper bound (W3C insert-data-same-bnode found it).
  Fixture f;
  WriteSummary s = f.Update(
      "INSERT DATA { GRAPH :g1 { :a :p :o } GRAPH :g2 { :b :q :r } } ; "
      "DROP GRAPH :g1 ; "
      "INSERT { GRAPH :g3 { ?s ?p ?o } } WHERE { GRAPH :g2 { ?s ?p ?o } }");
  BOOST_TEST(s.inserted == 3u);
  BOOST_TEST(s.deleted == 1u);
  BOOST_TEST(f.Count("{ GRAPH :g2 { :b :q :r } }") == 1u);
  BOOST_TEST(f.Count("{ GRAPH :g3 { ?s ?p ?o } }") == 1u);
}

BOOST_AUTO_TEST_CASE(graph_management) {
  Fixture f;
  f.Update(
      "INSERT DATA { :d :p 0 . GRAPH :g1 { :a :p 1 } GRAPH :g2 { :b :p 2 } }");
  WriteSummary s = f.Update("COPY :g1 TO :g2");
  BOOST_TEST(s.deleted == 1u);
  BOOST_TEST(s.inserted == 1u);
  BOOST_TEST(f.Count("{ GRAPH :g2 { :a :p 1 } }") == 1u);
  // MOVE replaces the destination: the default graph's :d triple goes.
  s = f.Update("MOVE :g2 TO DEFAULT");
  BOOST_TEST(f.Count("{ GRAPH :g2 { ?s ?p ?o } }") == 0u);
  BOOST_TEST(f.Count("{ GRAPH :g1 { ?s ?p ?o } }") == 1u);
  BOOST_TEST(s.deleted == 2u);  // :d from the default graph, :a from :g2
  BOOST_TEST(s.inserted == 1u);
  s = f.Update("ADD DEFAULT TO :g3");
  BOOST_TEST(s.inserted == 1u);
  s = f.Update("CLEAR NAMED");
  BOOST_TEST(f.Count("{ GRAPH ?g { ?s ?p ?o } }") == 0u);
  auto r = f.db->Update(std::string(kPrefix) + "CREATE GRAPH :g9");
  BOOST_TEST(r.ok());
  s = f.Update("DROP ALL");
  BOOST_TEST(f.Count() == 0u);
}

BOOST_AUTO_TEST_CASE(load_reads_only_the_load_directory) {
  Fixture f;
  {
    std::ofstream out(f.dir.Sub("files/a.ttl"));
    out << "@prefix : <http://example.org/> . :x :y :z .\n";
    std::ofstream bad(f.dir.Sub("secret.ttl"));
    bad << "@prefix : <http://example.org/> . :s :s :s .\n";
  }
  WriteSummary s = f.Update("LOAD <a.ttl> INTO GRAPH :g");
  BOOST_TEST(s.inserted == 1u);
  BOOST_TEST(f.Count("{ GRAPH :g { :x :y :z } }") == 1u);
  auto r = f.db->Update("LOAD <../secret.ttl>");
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().message().find("outside the load directory") !=
             std::string::npos);
  r = f.db->Update("LOAD <http://example.org/remote.ttl>");
  BOOST_TEST(!r.ok());
  r = f.db->Update("LOAD SILENT <http://example.org/remote.ttl>");
  BOOST_TEST(r.ok());
}

BOOST_AUTO_TEST_CASE(a_query_is_not_an_update_and_errors_have_positions) {
  Fixture f;
  auto r = f.db->Update("SELECT * WHERE { ?s ?p ?o }");
  BOOST_CHECK(r.status().code() == StatusCode::kInvalidArgument);
  r = f.db->Update("INSERT DATA { <a> <b> }");
  BOOST_CHECK(r.status().code() == StatusCode::kParseError);
  BOOST_TEST(r.status().line() == 1u);
  auto q = f.db->Query("INSERT DATA { <http://a> <http://b> <http://c> }");
  BOOST_CHECK(q.status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(transactions_see_their_own_writes_and_roll_back) {
  Fixture f;
  f.Update("INSERT DATA { :a :p 1 }");
  {
    auto tx = f.db->Begin();
    BOOST_REQUIRE(tx.ok());
    auto s = (*tx)->Update(std::string(kPrefix) + "INSERT DATA { :b :p 2 }");
    BOOST_REQUIRE(s.ok());
    BOOST_REQUIRE((*tx)
                      ->Add({Quad{Term::Iri("http://example.org/c"),
                                  Term::Iri("http://example.org/p"),
                                  Term::Literal("3"), Term::DefaultGraph()}})
                      .ok());
    auto rows =
        (*tx)->Query(std::string(kPrefix) + "SELECT ?s WHERE { ?s :p ?o }");
    BOOST_REQUIRE(rows.ok());
    BOOST_TEST(Fixture::Drain(*rows).size() == 3u);
    // Others do not see it before the commit.
    BOOST_TEST(f.Count() == 1u);
    (*tx)->Rollback();
    BOOST_TEST(!(*tx)->Commit().ok());
  }
  BOOST_TEST(f.Count() == 1u);
  {
    auto tx = f.db->Begin();
    BOOST_REQUIRE(tx.ok());
    BOOST_REQUIRE(
        (*tx)->Update(std::string(kPrefix) + "INSERT DATA { :b :p 2 }").ok());
    BOOST_REQUIRE(
        (*tx)->Update(std::string(kPrefix) + "DELETE DATA { :a :p 1 }").ok());
    BOOST_TEST((*tx)->changes().inserted == 1u);
    BOOST_TEST((*tx)->changes().deleted == 1u);
    BOOST_REQUIRE((*tx)->Commit().ok());
  }
  BOOST_TEST(f.Rows("SELECT ?s WHERE { ?s :p ?o }") ==
             std::multiset<std::string>{"<http://example.org/b>"});
  // Destroying an uncommitted transaction rolls it back.
  {
    auto tx = f.db->Begin();
    BOOST_REQUIRE(tx.ok());
    BOOST_REQUIRE((*tx)->Update(std::string(kPrefix) + "CLEAR ALL").ok());
  }
  BOOST_TEST(f.Count() == 1u);
}

BOOST_AUTO_TEST_CASE(a_failed_call_leaves_a_transaction_only_rollback) {
  Fixture f;
  auto tx = f.db->Begin();
  BOOST_REQUIRE(tx.ok());
  // A syntax error writes nothing: the transaction goes on.
  BOOST_TEST(!(*tx)->Update("INSERT DATA { <http://a> }").ok());
  BOOST_REQUIRE(
      (*tx)->Update(std::string(kPrefix) + "INSERT DATA { :a :p 1 }").ok());
  // The first operation of this request writes, the second fails.
  auto r = (*tx)->Update(std::string(kPrefix) +
                         "INSERT DATA { :b :p 2 } ; DROP GRAPH :nothing");
  BOOST_REQUIRE(!r.ok());
  Status committed = (*tx)->Commit();
  BOOST_CHECK(committed.code() == StatusCode::kAborted);
  BOOST_TEST(f.Count() == 0u);
  // And the writer lock is free again.
  f.Update("INSERT DATA { :c :p 3 }");
  BOOST_TEST(f.Count() == 1u);
}

BOOST_AUTO_TEST_CASE(large_requests_commit_whole_and_mix_with_deletes) {
  // Over 50,000 pending writes a commit goes through SST ingestion instead
  // of the memtables; the result must be the same.
  Fixture f;
  std::string insert = "INSERT DATA {\n";
  for (int i = 0; i < 12000; ++i) {
    insert += fmt::format(":s{} :p {} ; :q \"v{}\" .\n", i, i, i % 100);
  }
  insert += "}";
  WriteSummary s = f.Update(insert + " ; DELETE WHERE { :s5 :p ?o }");
  BOOST_TEST(s.inserted == 24000u);
  BOOST_TEST(s.deleted == 1u);
  BOOST_TEST(f.Count() == 23999u);
  BOOST_TEST(f.Count("{ ?s :q \"v7\" }") == 120u);
  // A large delete, then a re-insert of part of it, in one request.
  s = f.Update("DELETE WHERE { ?s :q ?v } ; INSERT DATA { :s1 :q \"v1\" }");
  BOOST_TEST(s.deleted == 12000u);
  BOOST_TEST(s.inserted == 1u);
  BOOST_TEST(f.Count() == 12000u);
  auto report = f.db->store().Check();
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(report->ok());
}

// A large request's label index keys are written into the commit's files
// with the quads: a label added, removed and added again in one request is
// there, one added then removed is not, and Check() agrees.
BOOST_AUTO_TEST_CASE(large_requests_keep_the_label_index) {
  Fixture f;
  const std::string rdfs =
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n";
  std::string insert = rdfs + "INSERT DATA {\n";
  for (int i = 0; i < 10000; ++i)
    insert +=
        fmt::format(":s{} rdfs:label \"name {}\"@en ; :p {} .\n", i, i, i);
  insert += "}";
  WriteSummary s =
      f.Update(insert + " ; " + rdfs +
               "DELETE DATA { :s5 rdfs:label \"name 5\"@en . :s6 rdfs:label "
               "\"name 6\"@en } ; " +
               rdfs + "INSERT DATA { :s5 rdfs:label \"name 5\"@en }");
  BOOST_TEST(s.inserted == 20001u);
  BOOST_TEST(s.deleted == 2u);
  auto find = [&](std::string_view name) {
    std::multiset<std::string> subjects;
    Status st = f.db->store().FindLabels(name, LabelMatch::kExact,
                                         [&](const LabelHit& h) {
                                           subjects.insert(h.subject.lexical);
                                           return true;
                                         });
    BOOST_REQUIRE_MESSAGE(st.ok(), st.ToString());
    return subjects;
  };
  BOOST_TEST(find("name 5") ==
             std::multiset<std::string>{"http://example.org/s5"});
  BOOST_TEST(find("name 6").empty());
  BOOST_TEST(find("NAME 9999") ==
             std::multiset<std::string>{"http://example.org/s9999"});
  auto report = f.db->store().Check();
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(report->ok());
}

BOOST_AUTO_TEST_CASE(a_transaction_result_outlives_the_transaction_safely) {
  // Using a result after its transaction ended is a caller's error the
  // header warns about; it must still never touch freed memory (this test
  // runs under AddressSanitizer in .ci/run).
  Fixture f;
  f.Update("INSERT DATA { :a :p 1 }");
  std::optional<QueryResult> kept;
  {
    auto tx = f.db->Begin();
    BOOST_REQUIRE(tx.ok());
    BOOST_REQUIRE(
        (*tx)->Update(std::string(kPrefix) + "INSERT DATA { :b :p 2 }").ok());
    auto r =
        (*tx)->Query(std::string(kPrefix) + "SELECT ?s WHERE { ?s :p ?o }");
    BOOST_REQUIRE(r.ok());
    kept.emplace(std::move(*r));
    BOOST_REQUIRE((*tx)->Commit().ok());
  }
  ResultRow row;
  std::size_t rows = 0;
  while (true) {
    auto more = kept->Next(&row);
    BOOST_REQUIRE(more.ok());
    if (!*more) break;
    ++rows;
  }
  BOOST_TEST(rows >= 1u);
  // The writer lock was released at Commit, though the result lived on.
  f.Update("INSERT DATA { :c :p 3 }");
}

BOOST_AUTO_TEST_CASE(a_second_writer_waits_then_gets_busy) {
  Fixture f(DefaultGraphMode::kUnion, std::chrono::milliseconds(200));
  auto tx = f.db->Begin();
  BOOST_REQUIRE(tx.ok());
  auto t0 = std::chrono::steady_clock::now();
  auto r = f.db->Update(std::string(kPrefix) + "INSERT DATA { :a :p 1 }");
  auto waited = std::chrono::steady_clock::now() - t0;
  BOOST_CHECK(r.status().code() == StatusCode::kBusy);
  BOOST_TEST(waited >= std::chrono::milliseconds(200));
  // Readers are not blocked by the open transaction.
  BOOST_TEST(f.Count() == 0u);
  // Once the first writer ends, the second gets through.
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    BOOST_CHECK((*tx)->Commit().ok());
  });
  r = f.db->Update(std::string(kPrefix) + "INSERT DATA { :a :p 1 }");
  release.join();
  BOOST_TEST(r.ok());
}

}  // namespace
}  // namespace kg
