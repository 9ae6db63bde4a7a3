#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>

#include "query/syntax/rdf_writer.h"
#include "tests/unit/syntax/syntax_test_util.h"
#include "tests/w3c/graph_isomorphism.h"

namespace kg::testing {
namespace {

using query::RdfFormat;

const char* kXsdInt = "http://www.w3.org/2001/XMLSchema#integer";
const char* kXsdDouble = "http://www.w3.org/2001/XMLSchema#double";
const char* kXsdBool = "http://www.w3.org/2001/XMLSchema#boolean";
const char* kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

// A dataset with the awkward cases: Arabic (with harakat) in IRIs, local
// names and literals, every escape, long strings, numbers whose lexical
// form is or is not the Turtle shorthand, odd blank labels, named graphs.
std::vector<Quad> SampleQuads() {
  const std::string ar = "\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E\xD8\xA8\xD9\x8E";
  const Term s = Term::Iri("http://e/s");
  const Term p = Term::Iri("http://e/p");
  const Term g = Term::Iri("http://e/graph");
  std::vector<Quad> q = {
      MakeQuad(s, Term::Iri(kRdfType), Term::Iri("http://e/C")),
      MakeQuad(s, p, Term::LangLiteral(ar, "ar")),
      MakeQuad(s, p, Term::Literal("tab\tnl\nquote\" back\\ cr\r \x01 end")),
      MakeQuad(s, p, Term::Literal(std::string(5000, 'x') + "\n" + ar)),
      MakeQuad(s, p, Term::Literal("42", kXsdInt)),
      MakeQuad(s, p, Term::Literal("042", kXsdInt)),
      MakeQuad(s, p, Term::Literal("forty-two", kXsdInt)),
      MakeQuad(s, p, Term::Literal("1.5e3", kXsdDouble)),
      MakeQuad(s, p, Term::Literal("INF", kXsdDouble)),
      MakeQuad(s, p, Term::Literal("true", kXsdBool)),
      MakeQuad(s, p, Term::Literal("1", kXsdBool)),
      MakeQuad(s, Term::Iri("http://e/" + ar), Term::Iri("http://e/a.b")),
      MakeQuad(s, p, Term::Iri("http://e/trailing.")),
      MakeQuad(s, p, Term::Iri("http://e/-dash")),
      MakeQuad(s, p, Term::Iri("http://other/x")),
      MakeQuad(Term::Blank("b1"), p, Term::Blank("b.2")),
      MakeQuad(Term::Blank("scope:with:colons"), p, Term::Blank("x_1")),
      MakeQuad(Term::Blank("x_"), p, Term::Blank("b1")),
      MakeQuad(s, p, Term::Literal("in graph"), g),
      MakeQuad(s, Term::Iri("http://e/q"), Term::Literal("in graph 2"), g),
      MakeQuad(Term::Blank("b1"), p, Term::Literal("blank graph"),
               Term::Blank("gb")),
      MakeQuad(s, p, Term::Literal("back in default")),
  };
  return q;
}

std::string Write(RdfFormat format, const std::vector<Quad>& quads) {
  std::ostringstream out;
  auto writer =
      MakeRdfWriter(format, &out,
                    {{"ex", "http://e/"},
                     {"", "http://e/graph"},
                     {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}});
  BOOST_REQUIRE(writer.ok());
  for (const Quad& q : quads) BOOST_REQUIRE((*writer)->Add(q).ok());
  BOOST_REQUIRE((*writer)->Finish().ok());
  return out.str();
}

std::vector<Quad> WithoutGraphs(std::vector<Quad> quads) {
  for (Quad& q : quads) q.graph = Term::DefaultGraph();
  return quads;
}

void CheckRoundTrip(RdfFormat format, bool graphs) {
  const std::vector<Quad> quads = SampleQuads();
  const std::string text = Write(format, quads);
  Parsed back = ParseText(text, format);
  BOOST_REQUIRE_MESSAGE(
      back.status.ok(),
      back.status.ToString() + "\n" + back.status.context() + "\n" + text);
  std::string why;
  const std::vector<Quad> want = graphs ? quads : WithoutGraphs(quads);
  BOOST_CHECK_MESSAGE(IsIsomorphic(back.quads, want, &why), why + "\n" + text);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(writer)

BOOST_AUTO_TEST_CASE(ntriples_round_trip) {
  CheckRoundTrip(RdfFormat::kNTriples, false);
}
BOOST_AUTO_TEST_CASE(nquads_round_trip) {
  CheckRoundTrip(RdfFormat::kNQuads, true);
}
BOOST_AUTO_TEST_CASE(turtle_round_trip) {
  CheckRoundTrip(RdfFormat::kTurtle, false);
}
BOOST_AUTO_TEST_CASE(trig_round_trip) {
  CheckRoundTrip(RdfFormat::kTriG, true);
}

BOOST_AUTO_TEST_CASE(nquads_output_is_exact) {
  // Blank labels that are valid stay as written, so N-Quads round trips
  // term for term, not only up to isomorphism.
  std::vector<Quad> quads = {
      MakeQuad(Term::Blank("b1"), Term::Iri("http://e/p"),
               Term::LangLiteral("\xD8\xAC\n", "ar"), Term::Iri("http://e/g")),
      MakeQuad(Term::Iri("http://e/s"), Term::Iri("http://e/p"),
               Term::Literal("7", kXsdInt))};
  const std::string text = Write(RdfFormat::kNQuads, quads);
  BOOST_CHECK_EQUAL(text,
                    "_:b1 <http://e/p> \"\xD8\xAC\\n\"@ar <http://e/g> .\n"
                    "<http://e/s> <http://e/p> "
                    "\"7\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
  Parsed back = ParseText(text, RdfFormat::kNQuads);
  BOOST_CHECK(back.quads == quads);
}

BOOST_AUTO_TEST_CASE(turtle_groups_by_subject_and_uses_prefixes) {
  const Term s = Term::Iri("http://e/s");
  const Term p = Term::Iri("http://e/p");
  std::vector<Quad> quads = {
      MakeQuad(s, Term::Iri(kRdfType), Term::Iri("http://e/C")),
      MakeQuad(s, p, Term::Literal("1", kXsdInt)),
      MakeQuad(s, p, Term::Literal("2", kXsdInt)),
      MakeQuad(Term::Iri("http://e/t"), p, Term::Literal("x"))};
  const std::string text = Write(RdfFormat::kTurtle, quads);
  BOOST_CHECK_EQUAL(
      text,
      "@prefix ex: <http://e/> .\n"
      "@prefix : <http://e/graph> .\n"
      "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
      ".\n\n"
      "ex:s a ex:C ;\n"
      "    ex:p 1 ,\n"
      "        2 .\n"
      "ex:t ex:p \"x\" .\n");
}

BOOST_AUTO_TEST_CASE(trig_writes_graph_blocks) {
  const Term s = Term::Iri("http://e/s");
  const Term p = Term::Iri("http://e/p");
  std::vector<Quad> quads = {
      MakeQuad(s, p, Term::Literal("a"), Term::Iri("http://e/g1")),
      MakeQuad(s, p, Term::Literal("b"), Term::Iri("http://e/g1")),
      MakeQuad(s, p, Term::Literal("c")),
      MakeQuad(s, p, Term::Literal("d"), Term::Iri("http://e/g2"))};
  std::ostringstream out;
  auto writer = MakeRdfWriter(RdfFormat::kTriG, &out);
  BOOST_REQUIRE(writer.ok());
  for (const Quad& q : quads) BOOST_REQUIRE((*writer)->Add(q).ok());
  BOOST_REQUIRE((*writer)->Finish().ok());
  BOOST_CHECK_EQUAL(out.str(),
                    "<http://e/g1> {\n"
                    "  <http://e/s> <http://e/p> \"a\" ,\n"
                    "          \"b\" .\n"
                    "}\n"
                    "<http://e/s> <http://e/p> \"c\" .\n"
                    "\n<http://e/g2> {\n"
                    "  <http://e/s> <http://e/p> \"d\" .\n"
                    "}\n");
}

BOOST_AUTO_TEST_CASE(iri_characters_rdf_forbids_are_escaped) {
  // Such IRIs cannot come from a parser; written as \u escapes, which strict
  // parsers (ours included) refuse to read back.
  std::vector<Quad> quads = {MakeQuad(
      Term::Iri("http://e/a b"), Term::Iri("http://e/p"), Term::Literal("x"))};
  BOOST_CHECK_EQUAL(Write(RdfFormat::kNTriples, quads),
                    "<http://e/a\\u0020b> <http://e/p> \"x\" .\n");
}

BOOST_AUTO_TEST_CASE(rejects_bad_prefix_and_rdfxml) {
  std::ostringstream out;
  BOOST_CHECK(
      !MakeRdfWriter(RdfFormat::kTurtle, &out, {{"1x", "http://e/"}}).ok());
  BOOST_CHECK(MakeRdfWriter(RdfFormat::kRdfXml, &out).status().code() ==
              StatusCode::kNotSupported);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kg::testing
