// CMake: kg_test(query_explain_test LIBS kg_engine SOURCES
// tests/unit/query/explain_test.cc)
//
// EXPLAIN through kg::Database: the join order follows the statistics (the
// pattern with fewer matches is scanned first, whatever the order of the
// text), changes when the data does, and EXPLAIN ANALYZE counts the rows
// each operator really produced.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "kg/database.h"
#include "query/syntax/rdf_parser.h"
#include "tests/unit/store/test_util.h"

namespace kg {
namespace {

constexpr char kQuery[] =
    "PREFIX : <http://example.org/>\n"
    "SELECT ?x ?y ?z WHERE { ?x :rare ?y . ?x :common ?z }";
// The same BGP written the other way round.
constexpr char kQueryReversed[] =
    "PREFIX : <http://example.org/>\n"
    "SELECT ?x ?y ?z WHERE { ?x :common ?z . ?x :rare ?y }";

// One line of EXPLAIN: FormatPlan indents each operator two spaces per
// level under its parent.
struct PlanLine {
  std::size_t depth = 0;
  std::size_t index = 0;  // line number
  std::string text;       // without the indentation
};

std::vector<PlanLine> ParsePlan(const std::string& plan) {
  std::vector<PlanLine> lines;
  std::istringstream in(plan);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t spaces = line.find_first_not_of(' ');
    if (spaces == std::string::npos) continue;
    lines.push_back(PlanLine{spaces / 2, lines.size(), line.substr(spaces)});
  }
  return lines;
}

// The IndexScan lines in the order the scans start: an index nested-loop
// join's input is its child, so deeper scans run first; the two inputs of
// a binary join (printed left first) start left first.
std::vector<PlanLine> ScansInExecutionOrder(const std::string& plan) {
  std::vector<PlanLine> scans;
  for (const auto& l : ParsePlan(plan))
    if (l.text.rfind("IndexScan ", 0) == 0) scans.push_back(l);
  std::stable_sort(
      scans.begin(), scans.end(), [](const PlanLine& a, const PlanLine& b) {
        return a.depth != b.depth ? a.depth > b.depth : a.index < b.index;
      });
  return scans;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The N in "actual N," of an EXPLAIN ANALYZE line; -1 if absent.
long long Actual(const std::string& line) {
  auto at = line.find("actual ");
  if (at == std::string::npos) return -1;
  return std::stoll(line.substr(at + 7));
}

struct ExplainFixture {
  testing::TempDir dir;
  std::unique_ptr<Database> db;

  ExplainFixture() {
    DatabaseOptions options;
    options.store.create_if_missing = true;
    auto opened = Database::Open(dir.Sub("db"), options);
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
    db = std::move(*opened);
  }

  void Load(const std::string& ntriples) {
    auto load = db->store().BeginBulkLoad();
    BOOST_REQUIRE_MESSAGE(load.ok(), load.status().ToString());
    query::RdfParseReport report;
    Status parsed =
        query::ParseRdfString(ntriples, "data.nt", query::RdfFormat::kNTriples,
                              {}, load->get(), &report);
    BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.ToString());
    auto committed = (*load)->Commit();
    BOOST_REQUIRE_MESSAGE(committed.ok(), committed.status().ToString());
  }

  std::string Explain(const std::string& q, bool analyze) {
    auto plan = db->Explain(q, analyze);
    BOOST_REQUIRE_MESSAGE(plan.ok(), plan.status().ToString());
    BOOST_TEST_MESSAGE((analyze ? "EXPLAIN ANALYZE\n" : "EXPLAIN\n") << *plan);
    return *plan;
  }

  std::uint64_t Count(const std::string& q) {
    auto result = db->Query(q);
    BOOST_REQUIRE_MESSAGE(result.ok(), result.status().ToString());
    ResultRow row;
    std::uint64_t n = 0;
    while (true) {
      auto more = result->Next(&row);
      BOOST_REQUIRE_MESSAGE(more.ok(), more.status().ToString());
      if (!*more) break;
      ++n;
    }
    return n;
  }

  // The first scan is of `first`, the second of `second`.
  void ExpectOrder(const std::string& q, const std::string& first,
                   const std::string& second) {
    std::string plan = Explain(q, false);
    auto scans = ScansInExecutionOrder(plan);
    BOOST_REQUIRE_EQUAL(scans.size(), 2u);
    BOOST_CHECK_MESSAGE(Contains(scans[0].text, " :" + first + " "),
                        "first scan is not of :" << first << ":\n"
                                                 << plan);
    BOOST_CHECK_MESSAGE(Contains(scans[1].text, " :" + second + " "),
                        "second scan is not of :" << second << ":\n"
                                                  << plan);
  }
};

std::string Triple(const std::string& s, const std::string& p,
                   const std::string& o) {
  return "<http://example.org/" + s + "> <http://example.org/" + p +
         "> <http://example.org/" + o + "> .\n";
}

BOOST_FIXTURE_TEST_SUITE(explain, ExplainFixture)

BOOST_AUTO_TEST_CASE(statistics_choose_and_change_the_join_order) {
  // :rare 5 triples, :common 1,000; x0..x4 have both.
  std::string nt;
  for (int i = 0; i < 5; ++i)
    nt += Triple("x" + std::to_string(i), "rare", "y" + std::to_string(i));
  for (int i = 0; i < 1000; ++i)
    nt += Triple("x" + std::to_string(i), "common", "z" + std::to_string(i));
  Load(nt);

  ExpectOrder(kQuery, "rare", "common");
  ExpectOrder(kQueryReversed, "rare", "common");
  // The first scan's estimate is the predicate's exact count.
  auto scans = ScansInExecutionOrder(Explain(kQuery, false));
  BOOST_REQUIRE_EQUAL(scans.size(), 2u);
  BOOST_CHECK_MESSAGE(
      Contains(scans[0].text, "[est 5]") || Contains(scans[0].text, "[est 5 "),
      scans[0].text);
  BOOST_CHECK_EQUAL(Count(kQuery), 5u);

  // Now :rare has 50,005 triples (the new subjects have no :common), and
  // :common is the rarer one: the order flips.
  nt.clear();
  for (int i = 0; i < 50000; ++i)
    nt += Triple("w" + std::to_string(i), "rare", "y" + std::to_string(i));
  Load(nt);
  ExpectOrder(kQuery, "common", "rare");
  ExpectOrder(kQueryReversed, "common", "rare");
  BOOST_CHECK_EQUAL(Count(kQuery), 5u);
}

BOOST_AUTO_TEST_CASE(analyze_counts_the_real_rows) {
  // x0..x29 have :rare, x0..x4999 :common: 30 results.
  std::string nt;
  for (int i = 0; i < 30; ++i)
    nt += Triple("x" + std::to_string(i), "rare", "y" + std::to_string(i));
  for (int i = 0; i < 5000; ++i)
    nt += Triple("x" + std::to_string(i), "common", "z" + std::to_string(i));
  Load(nt);
  std::uint64_t rows = Count(kQuery);
  BOOST_CHECK_EQUAL(rows, 30u);

  std::string plan = Explain(kQuery, true);
  auto scans = ScansInExecutionOrder(plan);
  BOOST_REQUIRE_EQUAL(scans.size(), 2u);
  BOOST_CHECK(Contains(scans[0].text, " :rare "));
  // Every operator line carries its actual rows and time.
  for (const auto& l : ParsePlan(plan)) {
    if (!Contains(l.text, "[est ")) continue;
    BOOST_CHECK_MESSAGE(Actual(l.text) >= 0, "no actual count: " << l.text);
    BOOST_CHECK_MESSAGE(Contains(l.text, " ms]"), "no time: " << l.text);
  }
  BOOST_CHECK_EQUAL(Actual(scans[0].text), 30);  // the :rare scan
  BOOST_CHECK_EQUAL(Actual(scans[1].text), 30);  // joined with :common
  // The root is the last join here (no Project at the top): it produced
  // the result, and the summary line says how many rows there were.
  auto lines = ParsePlan(plan);
  BOOST_REQUIRE(!lines.empty());
  BOOST_CHECK_EQUAL(Actual(lines.front().text), static_cast<long long>(rows));
  BOOST_CHECK_MESSAGE(Contains(plan, std::to_string(rows) + " result rows"),
                      plan);

  // Without analyze: estimates only.
  std::string estimated = Explain(kQuery, false);
  BOOST_CHECK(!Contains(estimated, "actual"));
  BOOST_CHECK(Contains(estimated, "[est "));

  // With a filter and a LIMIT: the filter sits where ?z is bound and the
  // slice stops early; actual rows still match what the query returns.
  std::string limited =
      "PREFIX : <http://example.org/>\n"
      "SELECT ?x WHERE { ?x :rare ?y . ?x :common ?z FILTER(?z != :z3) } LIMIT "
      "7";
  std::uint64_t limited_rows = Count(limited);
  BOOST_CHECK_EQUAL(limited_rows, 7u);
  plan = Explain(limited, true);
  lines = ParsePlan(plan);
  BOOST_REQUIRE(!lines.empty());
  BOOST_CHECK(lines.front().text.rfind("Slice offset 0 limit 7", 0) == 0);
  BOOST_CHECK_EQUAL(Actual(lines.front().text), 7);
  BOOST_CHECK_MESSAGE(Contains(plan, "7 result rows"), plan);
}

BOOST_AUTO_TEST_CASE(scans_of_similar_size_merge) {
  // 1,000 :rare and 2,000 :common triples sharing their object ?x: the
  // predicate-object index yields both in ?x order, and one pass over each
  // beats 1,000 index lookups.
  std::string nt;
  for (int i = 0; i < 1000; ++i)
    nt += Triple("y" + std::to_string(i), "rare", "x" + std::to_string(i * 2));
  for (int i = 0; i < 2000; ++i)
    nt += Triple("z" + std::to_string(i), "common", "x" + std::to_string(i));
  Load(nt);
  const std::string q =
      "PREFIX : <http://example.org/>\n"
      "SELECT * WHERE { ?z :common ?x . ?y :rare ?x }";
  std::uint64_t rows = Count(q);
  BOOST_CHECK_EQUAL(rows, 1000u);
  std::string plan = Explain(q, true);
  auto lines = ParsePlan(plan);
  BOOST_REQUIRE(!lines.empty());
  BOOST_CHECK_MESSAGE(lines.front().text.rfind("MergeJoin on ?x", 0) == 0,
                      plan);
  BOOST_CHECK_EQUAL(Actual(lines.front().text), static_cast<long long>(rows));
  auto scans = ScansInExecutionOrder(plan);
  BOOST_REQUIRE_EQUAL(scans.size(), 2u);
  BOOST_CHECK_EQUAL(scans[0].depth, 1u);
  BOOST_CHECK_EQUAL(scans[1].depth, 1u);
  BOOST_CHECK(Contains(scans[0].text, " :rare "));  // the smaller input is left
  BOOST_CHECK_EQUAL(Actual(scans[0].text), 1000);
}

BOOST_AUTO_TEST_CASE(stale_statistics_are_marked_until_analyzed) {
  std::string nt;
  for (int i = 0; i < 100; ++i)
    nt += Triple("x" + std::to_string(i), "rare", "y" + std::to_string(i % 7));
  for (int i = 0; i < 1000; ++i)
    nt += Triple("x" + std::to_string(i % 300), "common",
                 "z" + std::to_string(i));
  Load(nt);
  // A commit (not a bulk load) keeps the counts per predicate exact but not
  // the distinct subjects and objects, which the join estimate divides by.
  std::vector<Quad> more;
  for (int i = 0; i < 100; ++i)
    more.push_back(
        Quad{Term::Iri("http://example.org/x" + std::to_string(i)),
             Term::Iri("http://example.org/common"),
             Term::Iri("http://example.org/extra" + std::to_string(i)),
             Term::DefaultGraph()});
  auto added = db->store().Add(more);
  BOOST_REQUIRE_MESSAGE(added.ok(), added.status().ToString());
  BOOST_REQUIRE_EQUAL(added->inserted, 100u);
  auto stats = db->store().Stats();
  BOOST_REQUIRE(stats.ok());
  BOOST_REQUIRE(!stats->distinct_exact);
  std::string before = Explain(kQuery, false);
  BOOST_CHECK_MESSAGE(Contains(before, "(stale)"), before);
  BOOST_CHECK_MESSAGE(Contains(before, "run `kg analyze`"), before);
  BOOST_REQUIRE(db->store().Analyze().ok());
  stats = db->store().Stats();
  BOOST_REQUIRE(stats.ok());
  BOOST_CHECK(stats->distinct_exact);
  std::string after = Explain(kQuery, false);
  BOOST_CHECK_MESSAGE(!Contains(after, "(stale)"), after);
}

// Long scans read ahead on other threads (one, or two over the halves of
// the range) and ORDER BY ... LIMIT drops rows whose first key cannot make
// the top: the rows are those of the full sort, ties and all, with integer,
// decimal and dictionary-coded values mixed.
BOOST_AUTO_TEST_CASE(long_scans_and_top_k_give_the_full_answer) {
  constexpr int kRows = 60000;
  std::string nt;
  for (int i = 0; i < kRows; ++i) {
    const std::string s = "<http://example.org/s" + std::to_string(i) + ">";
    std::string o;
    if (i % 50 == 0) {
      o = "\"" + std::to_string(i % 997) +
          ".5\"^^<http://www.w3.org/2001/"
          "XMLSchema#decimal>";
    } else if (i % 77 == 0) {
      o = "\"0" + std::to_string(i % 997) +
          "\"^^<http://www.w3.org/2001/"
          "XMLSchema#integer>";  // not canonical: in the dictionary
    } else {
      o = "\"" + std::to_string(i % 997) +
          "\"^^<http://www.w3.org/2001/"
          "XMLSchema#integer>";
    }
    nt += s + " <http://example.org/v> " + o + " .\n";
  }
  // Ties with the smallest :v value (0), read after every :v row in the
  // UNION below: they must not be dropped as the top fills.
  for (int i = 0; i < 30; ++i) {
    nt += "<http://example.org/a" + std::to_string(i) +
          "> <http://example.org/w> \"0\"^^<http://www.w3.org/2001/"
          "XMLSchema#integer> .\n";
  }
  Load(nt);
  const std::string body =
      "PREFIX : <http://example.org/>\n"
      "SELECT ?s ?n WHERE { ?s :v ?n } ORDER BY DESC(?n) STR(?s)";
  const std::string plan = Explain(body + " LIMIT 40", false);
  BOOST_CHECK_MESSAGE(Contains(plan, "(prefetch)"), plan);
  auto rows = [&](const std::string& q, std::size_t limit) {
    auto result = db->Query(q);
    BOOST_REQUIRE_MESSAGE(result.ok(), result.status().ToString());
    std::vector<std::string> out;
    ResultRow row;
    while (out.size() < limit) {
      auto more = result->Next(&row);
      BOOST_REQUIRE_MESSAGE(more.ok(), more.status().ToString());
      if (!*more) break;
      std::string line;
      for (const auto& t : row) line += (t ? t->lexical : "-") + " ";
      out.push_back(line);
    }
    return out;
  };
  const auto full = rows(body, 40);
  BOOST_REQUIRE_EQUAL(full.size(), 40u);
  const auto top = rows(body + " LIMIT 40", 1000);
  BOOST_TEST(top == full, boost::test_tools::per_element());
  // Ascending, and three keys (the later ones computed only when a
  // comparison reaches them).
  const std::string ascending =
      "PREFIX : <http://example.org/>\n"
      "SELECT ?s ?n WHERE { { ?s :v ?n } UNION { ?s :w ?n } }"
      " ORDER BY ?n STR(?s)";
  const std::string three =
      "PREFIX : <http://example.org/>\n"
      "SELECT ?s ?n WHERE { ?s :v ?n } ORDER BY DESC(?n) STRLEN(STR(?s)) "
      "DESC(STR(?s))";
  for (const std::string& q : {ascending, three}) {
    BOOST_TEST(rows(q + " LIMIT 40", 1000) == rows(q, 40),
               boost::test_tools::per_element());
  }
  const auto asc_full = rows(ascending, 40);
  BOOST_TEST(asc_full.front().find("/a0 ") != std::string::npos);
  // The largest value, 996.5 (decimal), comes first, then the 996s.
  BOOST_TEST(full.front().find("996.5") != std::string::npos);
  // Every row of the long scan arrives, through a split read.
  BOOST_CHECK_EQUAL(Count("PREFIX : <http://example.org/>\n"
                          "SELECT ?s ?n WHERE { ?s :v ?n }"),
                    static_cast<std::uint64_t>(kRows));
  auto groups = db->Query(
      "PREFIX : <http://example.org/>\n"
      "SELECT (SUM(?c) AS ?total) (COUNT(*) AS ?groups) WHERE {"
      " SELECT ?n (COUNT(?s) AS ?c) WHERE { ?s :v ?n } GROUP BY ?n }");
  BOOST_REQUIRE(groups.ok());
  ResultRow row;
  auto more = groups->Next(&row);
  BOOST_REQUIRE(more.ok() && *more);
  BOOST_CHECK_EQUAL(row[0]->lexical, std::to_string(kRows));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg
