#include <boost/test/unit_test.hpp>

// Checks the curated UN Security Council dataset, datasets/unsc/unsc.trig,
// against the conventions documented in datasets/unsc/README.md: it parses;
// every entity has a type and one English and one Arabic label; every
// predicate and class is declared in the data and documented in the README;
// every article graph is described in the default graph; and the article
// graphs hold enough facts.

#include <cstddef>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/quad.h"
#include "kg/quad_sink.h"
#include "kg/status.h"
#include "kg/term.h"
#include "query/syntax/rdf_parser.h"

#ifndef KG_SOURCE_DIR
#error \
    "KG_SOURCE_DIR must name the source tree (set by kg_test in CMakeLists.txt)"
#endif

namespace {

constexpr std::string_view kNs = "http://kg.example.org/unsc/";
constexpr std::string_view kArticleNs = "http://kg.example.org/unsc/article/";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
constexpr std::string_view kOwl = "http://www.w3.org/2002/07/owl#";
constexpr std::string_view kSkos = "http://www.w3.org/2004/02/skos/core#";
constexpr std::string_view kXsdNs = "http://www.w3.org/2001/XMLSchema#";

const std::string kType = std::string(kRdf) + "type";
const std::string kProperty = std::string(kRdf) + "Property";
const std::string kClass = std::string(kRdfs) + "Class";
const std::string kLabel = std::string(kRdfs) + "label";
const std::string kComment = std::string(kRdfs) + "comment";
const std::string kAltLabel = std::string(kSkos) + "altLabel";

std::string Ns(std::string_view local) {
  return std::string(kNs) + std::string(local);
}

// The five seed articles the dataset is built from, by graph number.
const std::vector<std::pair<std::string, std::string>>& SeedFiles() {
  static const std::vector<std::pair<std::string, std::string>> files = {
      {"000", "000_bc0db67b41f2fee3.txt"}, {"001", "001_9bd236bc9640e6bf.txt"},
      {"002", "002_79535e7b29ee2aed.txt"}, {"003", "003_33f3ea1608313d5c.txt"},
      {"004", "004_c9e5047ace792750.txt"},
  };
  return files;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

class CollectingSink : public kg::QuadSink {
 public:
  kg::Status Add(const kg::Quad& quad) override {
    quads.push_back(quad);
    return kg::Status::Ok();
  }
  std::vector<kg::Quad> quads;
};

// The dataset parsed once, with the indexes the checks need.
struct Dataset {
  kg::Status status;
  kg::query::RdfParseReport report;
  std::vector<kg::Quad> quads;
  std::string readme;
  bool readme_found = false;

  std::set<std::string> graphs;      // named graph IRIs
  std::set<std::string> classes;     // subjects of `a rdfs:Class`
  std::set<std::string> properties;  // subjects of `a rdf:Property`
  // subject IRI -> objects, per predicate, over all graphs.
  std::map<std::string, std::map<std::string, std::vector<kg::Term>>>
      by_subject;

  const std::vector<kg::Term>& Objects(const std::string& subject,
                                       const std::string& predicate) const {
    static const std::vector<kg::Term> kNone;
    auto s = by_subject.find(subject);
    if (s == by_subject.end()) return kNone;
    auto p = s->second.find(predicate);
    return p == s->second.end() ? kNone : p->second;
  }
  std::size_t CountLang(const std::string& subject,
                        const std::string& predicate,
                        std::string_view lang) const {
    std::size_t n = 0;
    for (const kg::Term& t : Objects(subject, predicate)) {
      if (t.is_literal() && t.lang == lang) ++n;
    }
    return n;
  }
};

const Dataset& Data() {
  static const Dataset data = [] {
    Dataset d;
    const std::string path =
        std::string(KG_SOURCE_DIR) + "/datasets/unsc/unsc.trig";
    CollectingSink sink;
    kg::query::RdfParseOptions options;
    d.status = kg::query::ParseRdfFile(path, kg::query::RdfFormat::kTriG,
                                       options, &sink, &d.report);
    d.quads = std::move(sink.quads);

    std::ifstream in(std::string(KG_SOURCE_DIR) + "/datasets/unsc/README.md");
    d.readme_found = static_cast<bool>(in);
    std::ostringstream text;
    text << in.rdbuf();
    d.readme = text.str();

    for (const kg::Quad& q : d.quads) {
      if (q.graph.is_iri()) d.graphs.insert(q.graph.lexical);
      if (!q.subject.is_iri() || !q.predicate.is_iri()) continue;
      d.by_subject[q.subject.lexical][q.predicate.lexical].push_back(q.object);
      if (q.predicate.lexical == kType && q.object.is_iri()) {
        if (q.object.lexical == kClass) d.classes.insert(q.subject.lexical);
        if (q.object.lexical == kProperty)
          d.properties.insert(q.subject.lexical);
      }
    }
    return d;
  }();
  return data;
}

bool IsArticleGraph(const kg::Term& graph) {
  return graph.is_iri() && StartsWith(graph.lexical, kArticleNs);
}

bool IsBackgroundGraph(const kg::Term& graph) {
  return graph.is_iri() && graph.lexical == Ns("background");
}

// Up to `limit` problems, one per line, and how many there were.
std::string Report(const std::vector<std::string>& problems,
                   std::size_t limit = 40) {
  std::ostringstream out;
  out << problems.size() << " problem(s)";
  for (std::size_t i = 0; i < problems.size() && i < limit; ++i) {
    out << "\n  " << problems[i];
  }
  if (problems.size() > limit) out << "\n  ...";
  return out.str();
}

// The README name of an IRI: ":local" in the dataset's namespace, or
// "prefix:local" for the standard vocabularies. Empty if neither.
std::string ReadmeName(const std::string& iri) {
  static const std::vector<std::pair<std::string_view, std::string_view>>
      kPrefixes = {
          {kNs, ""},     {kRdf, "rdf"},   {kRdfs, "rdfs"},
          {kOwl, "owl"}, {kSkos, "skos"}, {kXsdNs, "xsd"},
      };
  for (const auto& [ns, prefix] : kPrefixes) {
    if (StartsWith(iri, ns) && iri.size() > ns.size() &&
        iri.find('/', ns.size()) == std::string::npos) {
      return std::string(prefix) + ":" + iri.substr(ns.size());
    }
  }
  return {};
}

// True if the README names `name` in code style, as `name` (a code span of
// its own, e.g. in the vocabulary tables: "| `:drafted` | ...").
bool ReadmeDocuments(const std::string& readme, const std::string& name) {
  return readme.find("`" + name + "`") != std::string::npos;
}

// Checks the declaration of a class or property: `a <kind>`, one English
// and one Arabic rdfs:label, and an rdfs:comment.
void CheckDeclared(const Dataset& d, const std::string& iri,
                   const std::set<std::string>& kind,
                   std::string_view kind_name,
                   std::vector<std::string>* problems) {
  if (!kind.count(iri)) {
    problems->push_back(iri + " is not declared as " + std::string(kind_name));
    return;
  }
  if (d.CountLang(iri, kLabel, "en") != 1 ||
      d.CountLang(iri, kLabel, "ar") != 1) {
    problems->push_back(iri + " needs exactly one rdfs:label @en and one @ar");
  }
  if (d.Objects(iri, kComment).empty())
    problems->push_back(iri + " has no rdfs:comment");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(unsc_dataset)

BOOST_AUTO_TEST_CASE(parses) {
  const Dataset& d = Data();
  BOOST_TEST(d.status.ok(), d.status.ToString() << "\n" << d.status.context());
  BOOST_TEST(d.report.errors.empty());
  BOOST_TEST(d.report.quads == d.quads.size());
  BOOST_TEST(d.quads.size() > 1000u);
  BOOST_TEST(d.readme_found, "datasets/unsc/README.md is missing");
}

BOOST_AUTO_TEST_CASE(every_article_graph_is_described) {
  const Dataset& d = Data();
  BOOST_TEST_REQUIRE(d.status.ok());
  std::vector<std::string> problems;

  // Each of the five seeds has its graph and its description.
  for (const auto& [number, file] : SeedFiles()) {
    const std::string graph = std::string(kArticleNs) + number;
    if (!d.graphs.count(graph)) problems.push_back(graph + ": no such graph");
    bool file_named = false;
    for (const kg::Term& t : d.Objects(graph, Ns("seed-file"))) {
      if (t.is_literal() && t.lexical == file) file_named = true;
    }
    if (!file_named)
      problems.push_back(graph + ": :seed-file is not \"" + file + "\"");
  }

  // Every article graph (including any added later) is described in the
  // default graph with a title, a language and a seed file name.
  std::map<std::string, std::set<std::string>>
      described;  // graph -> predicates
  for (const kg::Quad& q : d.quads) {
    if (q.graph.is_default_graph() && q.subject.is_iri() &&
        q.object.is_literal() && !q.object.lexical.empty()) {
      described[q.subject.lexical].insert(q.predicate.lexical);
    }
  }
  for (const std::string& graph : d.graphs) {
    if (!StartsWith(graph, kArticleNs)) continue;
    for (const char* p : {"title", "language", "seed-file"}) {
      if (!described[graph].count(Ns(p))) {
        problems.push_back(graph + ": no :" + std::string(p) +
                           " in the default graph");
      }
    }
    const auto& files = d.Objects(graph, Ns("seed-file"));
    const std::string number = graph.substr(kArticleNs.size());
    for (const kg::Term& t : files) {
      if (!StartsWith(t.lexical, number + "_") || t.lexical.size() < 8 ||
          t.lexical.substr(t.lexical.size() - 4) != ".txt") {
        problems.push_back(graph + ": seed file \"" + t.lexical +
                           "\" does not match the graph");
      }
    }
  }

  // The background graph exists and is marked as background.
  bool marked = false;
  for (const kg::Quad& q : d.quads) {
    if (q.graph.is_default_graph() && q.subject.is_iri() &&
        q.subject.lexical == Ns("background") && q.predicate.lexical == kType &&
        q.object.is_iri() && q.object.lexical == Ns("BackgroundGraph")) {
      marked = true;
    }
  }
  if (!d.graphs.count(Ns("background")))
    problems.push_back(":background: no such graph");
  if (!marked)
    problems.push_back(
        ":background is not typed :BackgroundGraph in the default graph");

  BOOST_TEST(problems.empty(), Report(problems));
}

BOOST_AUTO_TEST_CASE(every_entity_has_type_and_labels) {
  const Dataset& d = Data();
  BOOST_TEST_REQUIRE(d.status.ok());

  // Entities: IRIs of the dataset's namespace used as subject or object in
  // an article graph or the background graph, other than classes,
  // predicates and graph names.
  std::set<std::string> entities;
  for (const kg::Quad& q : d.quads) {
    if (!IsArticleGraph(q.graph) && !IsBackgroundGraph(q.graph)) continue;
    if (q.predicate.lexical == Ns("claim-predicate")) {
      // The object names a predicate; checked in every_predicate_...
      if (q.subject.is_iri()) entities.insert(q.subject.lexical);
      continue;
    }
    for (const kg::Term* t : {&q.subject, &q.object}) {
      if (t->is_iri() && StartsWith(t->lexical, kNs))
        entities.insert(t->lexical);
    }
  }
  std::vector<std::string> problems;
  std::size_t checked = 0;
  for (const std::string& e : entities) {
    if (d.classes.count(e) || d.properties.count(e) || d.graphs.count(e))
      continue;
    ++checked;
    if (d.Objects(e, kType).empty()) problems.push_back(e + " has no rdf:type");
    const std::size_t en = d.CountLang(e, kLabel, "en");
    const std::size_t ar = d.CountLang(e, kLabel, "ar");
    if (en != 1 || ar != 1) {
      problems.push_back(e + " has " + std::to_string(en) +
                         " rdfs:label @en and " + std::to_string(ar) +
                         " @ar (want one of each)");
    }
  }
  BOOST_TEST_MESSAGE("unsc: " << checked << " entities checked");
  BOOST_TEST(checked > 150u);
  BOOST_TEST(problems.empty(), Report(problems));

  // Labels and alternative labels are English or Arabic.
  std::vector<std::string> bad_tags;
  for (const kg::Quad& q : d.quads) {
    if (q.predicate.lexical != kLabel && q.predicate.lexical != kAltLabel)
      continue;
    if (!q.object.is_literal() ||
        (q.object.lang != "en" && q.object.lang != "ar")) {
      bad_tags.push_back(q.subject.lexical + " " + q.object.ToNTriples());
    }
  }
  BOOST_TEST(bad_tags.empty(),
             "labels must be @en or @ar: " << Report(bad_tags));
}

BOOST_AUTO_TEST_CASE(every_predicate_and_class_is_declared_and_documented) {
  const Dataset& d = Data();
  BOOST_TEST_REQUIRE(d.status.ok());
  BOOST_TEST_REQUIRE(d.readme_found);

  std::set<std::string> predicates;
  std::set<std::string> used_classes;
  for (const kg::Quad& q : d.quads) {
    predicates.insert(q.predicate.lexical);
    // Predicates named inside claims (the object of :claim-predicate), and
    // both sides of owl:inverseOf (inverse names are declared, not used).
    if (q.predicate.lexical == Ns("claim-predicate") && q.object.is_iri()) {
      predicates.insert(q.object.lexical);
    }
    if (q.predicate.lexical == std::string(kOwl) + "inverseOf" &&
        q.subject.is_iri() && q.object.is_iri()) {
      predicates.insert(q.subject.lexical);
      predicates.insert(q.object.lexical);
    }
    if (q.predicate.lexical == kType && q.object.is_iri())
      used_classes.insert(q.object.lexical);
  }

  std::vector<std::string> problems;
  for (const std::string& p : predicates) {
    const std::string name = ReadmeName(p);
    if (name.empty()) {
      problems.push_back(p + ": predicate outside the documented namespaces");
      continue;
    }
    if (!ReadmeDocuments(d.readme, name)) {
      problems.push_back(p + ": `" + name +
                         "` not documented in datasets/unsc/README.md");
    }
    if (StartsWith(p, kNs))
      CheckDeclared(d, p, d.properties, "rdf:Property", &problems);
  }
  for (const std::string& c : used_classes) {
    if (!StartsWith(c, kNs)) continue;  // rdfs:Class, rdf:Property, owl:...
    const std::string name = ReadmeName(c);
    if (!ReadmeDocuments(d.readme, name)) {
      problems.push_back(c + ": `" + name +
                         "` not documented in datasets/unsc/README.md");
    }
    CheckDeclared(d, c, d.classes, "rdfs:Class", &problems);
  }
  BOOST_TEST_MESSAGE("unsc: " << predicates.size() << " predicates, "
                              << used_classes.size() << " classes checked");
  BOOST_TEST(problems.empty(), Report(problems));
}

BOOST_AUTO_TEST_CASE(article_graphs_hold_enough_facts) {
  const Dataset& d = Data();
  BOOST_TEST_REQUIRE(d.status.ok());
  std::map<std::string, std::size_t> facts;
  for (const auto& [number, file] : SeedFiles())
    facts[std::string(kArticleNs) + number] = 0;
  for (const kg::Quad& q : d.quads) {
    if (!IsArticleGraph(q.graph)) continue;
    const std::string& p = q.predicate.lexical;
    if (p == kType || p == kLabel || p == kAltLabel) continue;
    ++facts[q.graph.lexical];
  }
  std::size_t total = 0;
  for (const auto& [graph, n] : facts) {
    BOOST_TEST_MESSAGE("unsc: " << graph << " holds " << n << " facts");
    BOOST_TEST(n > 0u, graph << " holds no facts");
    total += n;
  }
  BOOST_TEST_MESSAGE("unsc: " << total << " facts in the article graphs");
  BOOST_TEST(total >= 200u);
}

BOOST_AUTO_TEST_CASE(dates_are_typed_and_never_padded) {
  const Dataset& d = Data();
  BOOST_TEST_REQUIRE(d.status.ok());
  // :date objects are xsd:date, gYear, gYearMonth or gMonthDay, in their
  // lexical shapes (YYYY-MM-DD, YYYY, YYYY-MM, --MM-DD).
  const std::map<std::string, std::string> shapes = {
      {std::string(kXsdNs) + "date", "dddd-dd-dd"},
      {std::string(kXsdNs) + "gYear", "dddd"},
      {std::string(kXsdNs) + "gYearMonth", "dddd-dd"},
      {std::string(kXsdNs) + "gMonthDay", "--dd-dd"},
  };
  std::vector<std::string> problems;
  std::size_t dates = 0;
  for (const kg::Quad& q : d.quads) {
    if (q.predicate.lexical != Ns("date")) continue;
    ++dates;
    auto shape = shapes.find(q.object.datatype);
    bool ok = q.object.is_literal() && shape != shapes.end() &&
              q.object.lexical.size() == shape->second.size();
    for (std::size_t i = 0; ok && i < q.object.lexical.size(); ++i) {
      const char want = shape->second[i];
      const char got = q.object.lexical[i];
      ok = want == 'd' ? (got >= '0' && got <= '9') : got == want;
    }
    if (!ok)
      problems.push_back(q.subject.lexical + " :date " + q.object.ToNTriples());
  }
  BOOST_TEST(dates > 0u);
  BOOST_TEST(problems.empty(), Report(problems));
}

BOOST_AUTO_TEST_SUITE_END()
