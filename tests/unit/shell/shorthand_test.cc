// The shorthand grammar and compiler: the exact SPARQL of each form, and
// errors at the right column.
#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <tao/pegtl/contrib/analyze.hpp>

#include "query/syntax/shorthand_grammar.h"
#include "query/syntax/shorthand_parser.h"

namespace kg::query {
namespace {

constexpr char kNs[] = "http://kg.example.org/unsc/";

// Names are the default namespace's local names, except: `drafted-by` and
// `vetoed-by` are inverse names, `غوتيريش` is a label of AntonioGuterres,
// `Nobody` is unknown, `Sarraj` is ambiguous.
class FakeResolver : public ShorthandResolver {
 public:
  Result<ResolvedName> Resolve(std::string_view name,
                               ShorthandRole role) override {
    const std::string n(name);
    if (n == "Nobody") return Status::NotFound("unknown name 'Nobody'\nhint");
    if (n == "Sarraj")
      return Status::InvalidArgument("ambiguous name 'Sarraj'");
    if (n == "غوتيريش" || n == "Antonio Guterres") {
      return ResolvedName{std::string(kNs) + "AntonioGuterres", false};
    }
    if (role == ShorthandRole::kPredicate && n == "drafted-by") {
      return ResolvedName{std::string(kNs) + "drafted", true};
    }
    if (role == ShorthandRole::kPredicate && n == "vetoed-by") {
      return ResolvedName{std::string(kNs) + "vetoed", true};
    }
    return ResolvedName{std::string(kNs) + n, false};
  }
  std::string FormatIri(std::string_view iri) override {
    const std::string_view ns = kNs;
    if (iri.substr(0, ns.size()) == ns) {
      return ":" + std::string(iri.substr(ns.size()));
    }
    return "<" + std::string(iri) + ">";
  }
  Result<std::string> ExpandPrefixedName(std::string_view pname) override {
    const std::map<std::string, std::string> known = {
        {"", kNs},
        {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
        {"xsd", "http://www.w3.org/2001/XMLSchema#"}};
    const std::size_t colon = pname.find(':');
    auto it = known.find(std::string(pname.substr(0, colon)));
    if (it == known.end()) return Status::NotFound("unknown prefix");
    return it->second + std::string(pname.substr(colon + 1));
  }
};

std::string Compile(const std::string& line) {
  auto parsed = ParseShorthand(line);
  if (!parsed.ok()) return "parse error: " + parsed.status().ToString();
  FakeResolver resolver;
  auto sparql = CompileShorthand(*parsed, line, resolver);
  if (!sparql.ok()) return "error: " + sparql.status().ToString();
  return *sparql;
}

Status ParseError(const std::string& line) {
  auto parsed = ParseShorthand(line);
  return parsed.ok() ? Status::Ok() : parsed.status();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shorthand_compiler)

BOOST_AUTO_TEST_CASE(grammar_has_no_cycles) {
  BOOST_TEST(tao::pegtl::analyze<shorthand::statement>(-1) == 0u);
}

BOOST_AUTO_TEST_CASE(patterns) {
  BOOST_CHECK_EQUAL(Compile("France drafted ?r"),
                    "SELECT ?r WHERE { :France :drafted ?r }");
  BOOST_CHECK_EQUAL(Compile("  France   drafted ?r  "),
                    "SELECT ?r WHERE { :France :drafted ?r }");
  BOOST_CHECK_EQUAL(Compile("?c vetoed ?r . ?r drafted-by UnitedStates"),
                    "SELECT ?c ?r WHERE { ?c :vetoed ?r . :UnitedStates "
                    ":drafted ?r }");
  BOOST_CHECK_EQUAL(
      Compile("?c vetoed ?r . ?c member-of ?g ."),
      "SELECT ?c ?r ?g WHERE { ?c :vetoed ?r . ?c :member-of ?g }");
  BOOST_CHECK_EQUAL(Compile("France drafted USGazaDraft"),
                    "ASK { :France :drafted :USGazaDraft }");
  BOOST_CHECK_EQUAL(Compile("France ?p Russia"),
                    "SELECT ?p WHERE { :France ?p :Russia }");
  BOOST_CHECK_EQUAL(Compile("$x a Person"), "SELECT ?x WHERE { ?x a :Person }");
  BOOST_CHECK_EQUAL(Compile("France drafted ?r # the French drafts"),
                    "SELECT ?r WHERE { :France :drafted ?r }");
}

BOOST_AUTO_TEST_CASE(terms) {
  BOOST_CHECK_EQUAL(Compile("?v votes-in-favour 11"),
                    "SELECT ?v WHERE { ?v :votes-in-favour 11 }");
  BOOST_CHECK_EQUAL(Compile("?x rdfs:label \"Guterres\"@en"),
                    "SELECT ?x WHERE { ?x rdfs:label \"Guterres\"@en }");
  BOOST_CHECK_EQUAL(Compile("?x date \"2020-03-23\"^^xsd:date"),
                    "SELECT ?x WHERE { ?x :date \"2020-03-23\"^^xsd:date }");
  BOOST_CHECK_EQUAL(Compile("<http://e.org/a> :p 'x'"),
                    "ASK { <http://e.org/a> :p 'x' }");
  BOOST_CHECK_EQUAL(Compile("غوتيريش visited ?place"),
                    "SELECT ?place WHERE { :AntonioGuterres :visited ?place }");
  BOOST_CHECK_EQUAL(Compile("«Antonio Guterres» visited ?p"),
                    "SELECT ?p WHERE { :AntonioGuterres :visited ?p }");
  BOOST_CHECK_EQUAL(Compile("`Antonio Guterres` visited ?p"),
                    "SELECT ?p WHERE { :AntonioGuterres :visited ?p }");
  BOOST_CHECK_EQUAL(Compile("i24news ?p ?o"),
                    "SELECT ?p ?o WHERE { :i24news ?p ?o }");
}

BOOST_AUTO_TEST_CASE(paths) {
  BOOST_CHECK_EQUAL(Compile("Hafter backed-by+ ?x"),
                    "SELECT ?x WHERE { :Hafter :backed-by+ ?x }");
  BOOST_CHECK_EQUAL(Compile("Hafter backed-by* ?x"),
                    "SELECT ?x WHERE { :Hafter :backed-by* ?x }");
  BOOST_CHECK_EQUAL(Compile("Hafter backed-by? ?x"),
                    "SELECT ?x WHERE { :Hafter :backed-by? ?x }");
  BOOST_CHECK_EQUAL(Compile("Russia ^vetoed ?r"),
                    "SELECT ?r WHERE { :Russia ^:vetoed ?r }");
  BOOST_CHECK_EQUAL(Compile("?x led-by/backed-by ?y"),
                    "SELECT ?x ?y WHERE { ?x :led-by/:backed-by ?y }");
  BOOST_CHECK_EQUAL(Compile("?x drafted | vetoed ?y"),
                    "SELECT ?x ?y WHERE { ?x :drafted|:vetoed ?y }");
  BOOST_CHECK_EQUAL(Compile("?x (drafted|vetoed)/about ?y"),
                    "SELECT ?x ?y WHERE { ?x (:drafted|:vetoed)/:about ?y }");
  BOOST_CHECK_EQUAL(Compile("?x (led-by/backed-by)+ ?y"),
                    "SELECT ?x ?y WHERE { ?x (:led-by/:backed-by)+ ?y }");
  BOOST_CHECK_EQUAL(Compile("?x ^(led-by/backed-by) ?y"),
                    "SELECT ?x ?y WHERE { ?x ^(:led-by/:backed-by) ?y }");
  BOOST_CHECK_EQUAL(Compile("?x a/rdfs:subClassOf* Actor"),
                    "SELECT ?x WHERE { ?x a/rdfs:subClassOf* :Actor }");
}

// An inverse name alone swaps subject and object; inside a path it is the
// inverse of its predicate; twice inverted it is the predicate.
BOOST_AUTO_TEST_CASE(inverse_names) {
  BOOST_CHECK_EQUAL(Compile("?r drafted-by UnitedStates"),
                    "SELECT ?r WHERE { :UnitedStates :drafted ?r }");
  BOOST_CHECK_EQUAL(Compile("USGazaDraft vetoed-by ?c"),
                    "SELECT ?c WHERE { ?c :vetoed :USGazaDraft }");
  BOOST_CHECK_EQUAL(Compile("?r drafted-by+ ?c"),
                    "SELECT ?r ?c WHERE { ?r (^:drafted)+ ?c }");
  BOOST_CHECK_EQUAL(Compile("?r drafted-by/member-of ?g"),
                    "SELECT ?r ?g WHERE { ?r ^:drafted/:member-of ?g }");
  BOOST_CHECK_EQUAL(Compile("?c ^drafted-by ?r"),
                    "SELECT ?c ?r WHERE { ?c :drafted ?r }");
}

BOOST_AUTO_TEST_CASE(describe_and_path) {
  auto d = ParseShorthand("describe Hafter");
  BOOST_REQUIRE(d.ok());
  BOOST_CHECK(d->kind == ShorthandStatement::Kind::kDescribe);
  BOOST_CHECK_EQUAL(d->target.text, "Hafter");
  d = ParseShorthand("DESCRIBE خليفة حفتر  ");
  BOOST_REQUIRE(d.ok());
  BOOST_CHECK_EQUAL(d->target.text, "خليفة حفتر");
  BOOST_CHECK(d->target.kind == ShorthandTerm::Kind::kName);
  d = ParseShorthand("describe :Hafter");
  BOOST_REQUIRE(d.ok());
  BOOST_CHECK(d->target.kind == ShorthandTerm::Kind::kPrefixedName);

  auto p = ParseShorthand("path Hafter Russia");
  BOOST_REQUIRE(p.ok());
  BOOST_CHECK(p->kind == ShorthandStatement::Kind::kPath);
  BOOST_CHECK_EQUAL(p->target.text, "Hafter");
  BOOST_CHECK_EQUAL(p->other.text, "Russia");
  BOOST_CHECK(!p->max_steps);
  p = ParseShorthand("path حفتر «United States» max 3");
  BOOST_REQUIRE(p.ok());
  BOOST_CHECK_EQUAL(p->other.text, "United States");
  BOOST_REQUIRE(p->max_steps);
  BOOST_CHECK_EQUAL(*p->max_steps, 3u);

  FakeResolver resolver;
  auto iri = ResolveShorthandNode(p->target, "path حفتر «United States» max 3",
                                  resolver);
  BOOST_REQUIRE(iri.ok());
  BOOST_CHECK_EQUAL(*iri, std::string(kNs) + "حفتر");
  ShorthandTerm variable{ShorthandTerm::Kind::kVariable, "x", 9};
  BOOST_CHECK(!ResolveShorthandNode(variable, "describe ?x", resolver).ok());
}

BOOST_AUTO_TEST_CASE(syntax_errors) {
  Status s = ParseError("France drafted");
  BOOST_CHECK(s.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(s.line(), 1u);
  BOOST_CHECK_EQUAL(s.column(), 15u);
  BOOST_CHECK(s.message().rfind("expected an object", 0) == 0);
  BOOST_CHECK_EQUAL(s.context(), "France drafted\n              ^");

  s = ParseError("France");
  BOOST_CHECK(s.message().rfind("expected a predicate", 0) == 0);
  s = ParseError("?x (drafted ?y");
  BOOST_CHECK_EQUAL(s.message(), "expected ')' to close the path group");
  BOOST_CHECK_EQUAL(s.column(), 13u);
  s = ParseError("?x drafted/ ?y");
  BOOST_CHECK_EQUAL(s.message(), "expected a predicate name after '/'");
  s = ParseError("France drafted ?r ?s");
  BOOST_CHECK(s.message().rfind("expected ' . '", 0) == 0);
  BOOST_CHECK_EQUAL(s.column(), 19u);
  s = ParseError("describe");
  BOOST_CHECK_EQUAL(s.message(), "expected a name after describe");
  s = ParseError("path Hafter");
  BOOST_CHECK_EQUAL(s.message(), "expected a second name: path A B");
  s = ParseError("path A B max");
  BOOST_CHECK_EQUAL(s.message(), "expected a number of steps after max");
  s = ParseError("path A B max 99999999999999999999999");
  BOOST_CHECK_EQUAL(s.message(), "too many steps after max");
  s = ParseError("«Antonio Guterres visited ?p");
  BOOST_CHECK_EQUAL(s.message(), "expected '»' to end the name");
  s = ParseError("?x label \"abc");
  BOOST_CHECK(s.message().find("unterminated string") != std::string::npos);
  // Nesting is bounded before parsing; parentheses in strings do not count.
  s = ParseError("?x " + std::string(100000, '(') + "p" +
                 std::string(100000, ')') + " ?y");
  BOOST_CHECK_EQUAL(s.message(), "paths nested more than 100 deep");
  BOOST_CHECK_EQUAL(s.column(), 104u);
  BOOST_CHECK_LT(s.context().size(), 400u);  // a window of the line
  BOOST_CHECK_EQUAL(
      Compile("?x " + std::string(100, '(') + "p" + std::string(100, ')') +
              " \"" + std::string(200, '(') + "\""),
      "SELECT ?x WHERE { ?x :p \"" + std::string(200, '(') + "\" }");
  s = ParseError("{ ?s ?p ?o }");
  BOOST_CHECK(s.message().rfind("expected a pattern", 0) == 0);
  // Columns count code points: the caret sits under the missing object.
  s = ParseError("حفتر backed-by");
  BOOST_CHECK_EQUAL(s.column(), 15u);
  BOOST_CHECK_EQUAL(s.context(), "حفتر backed-by\n              ^");
}

BOOST_AUTO_TEST_CASE(resolution_errors_are_placed_at_the_name) {
  auto sparql = [](const std::string& line) {
    auto parsed = ParseShorthand(line);
    BOOST_REQUIRE(parsed.ok());
    FakeResolver resolver;
    return CompileShorthand(*parsed, line, resolver).status();
  };
  Status s = sparql("France drafted ?r . Nobody vetoed ?r");
  BOOST_CHECK(s.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(s.column(), 21u);
  BOOST_CHECK_EQUAL(s.message(), "unknown name 'Nobody'\nhint");
  BOOST_CHECK_EQUAL(s.context(),
                    "France drafted ?r . Nobody vetoed ?r\n"
                    "                    ^");
  s = sparql("?x nope:p ?y");
  BOOST_CHECK_EQUAL(s.column(), 4u);
  BOOST_CHECK_EQUAL(s.message(), "unknown prefix");
  s = sparql("?x head-of Sarraj");
  BOOST_CHECK_EQUAL(s.column(), 12u);
  BOOST_CHECK_EQUAL(s.message(), "ambiguous name 'Sarraj'");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kg::query
