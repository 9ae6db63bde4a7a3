#include <unistd.h>
#include <zlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <tao/pegtl/contrib/analyze.hpp>

#include "query/syntax/iri.h"
#include "query/syntax/rdf_parser.h"
#include "query/syntax/turtle_grammar.h"
#include "tests/unit/syntax/syntax_test_util.h"
#include "tests/w3c/graph_isomorphism.h"

namespace kg::testing {
namespace {

using query::RdfFormat;
using query::RdfParseOptions;

constexpr const char* kXsdNs = "http://www.w3.org/2001/XMLSchema#";

Term Ex(const std::string& local) { return Term::Iri("http://e/" + local); }
Term Typed(const std::string& lex, const std::string& type) {
  return Term::Literal(lex, kXsdNs + type);
}

// Parses `ntriples` as the expected result and compares up to blank nodes.
void CheckSame(const Parsed& got, const std::string& nquads) {
  BOOST_REQUIRE_MESSAGE(got.status.ok(),
                        got.status.ToString() + "\n" + got.status.context());
  Parsed want = ParseText(nquads, RdfFormat::kNQuads);
  BOOST_REQUIRE_MESSAGE(want.status.ok(), want.status.ToString());
  std::string why;
  std::string dump;
  for (const Quad& q : got.quads) dump += q.ToNQuads() + "\n";
  BOOST_CHECK_MESSAGE(IsIsomorphic(got.quads, want.quads, &why),
                      why + "\ngot:\n" + dump);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(turtle)

BOOST_AUTO_TEST_CASE(grammars_have_no_left_recursion_or_empty_loops) {
  namespace tg = query::turtle;
  BOOST_CHECK_EQUAL(tao::pegtl::analyze<tg::turtleDoc>(1), 0u);
  BOOST_CHECK_EQUAL(tao::pegtl::analyze<tg::trigDoc>(1), 0u);
  BOOST_CHECK_EQUAL(tao::pegtl::analyze<tg::turtle_unit>(1), 0u);
  BOOST_CHECK_EQUAL(tao::pegtl::analyze<tg::trig_unit>(1), 0u);
  BOOST_CHECK_EQUAL(tao::pegtl::analyze<tg::trig_graph_unit>(1), 0u);
}

BOOST_AUTO_TEST_CASE(prefixes_base_and_keywords) {
  CollectingSink sink;
  const std::string text =
      "@prefix ex: <http://e/> .\n"
      "PREFIX x: <http://x/>\n"
      "@base <http://b/dir/> .\n"
      "ex:s a ex:C ; ex:p <rel> , x:o, ex: .\n"
      "BaSe <http://c/>\n"
      "<s> ex:q <../up> .\n"
      "ex:s ex:esc ex:a\\-b\\.c .\n"
      "ex:s ex:dot ex:x.y .\n";
  Status s =
      query::ParseRdfString(text, "t", RdfFormat::kTurtle, {}, &sink, nullptr);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  Parsed got{s, sink.quads, {}};
  CheckSame(got,
            "<http://e/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<http://e/C> .\n"
            "<http://e/s> <http://e/p> <http://b/dir/rel> .\n"
            "<http://e/s> <http://e/p> <http://x/o> .\n"
            "<http://e/s> <http://e/p> <http://e/> .\n"
            "<http://c/s> <http://e/q> <http://c/up> .\n"
            "<http://e/s> <http://e/esc> <http://e/a-b.c> .\n"
            "<http://e/s> <http://e/dot> <http://e/x.y> .\n");
  BOOST_REQUIRE_EQUAL(sink.prefixes.size(), 2u);
  BOOST_CHECK_EQUAL(sink.prefixes[0].first, "ex");
  BOOST_CHECK_EQUAL(sink.prefixes[1].second, "http://x/");
}

BOOST_AUTO_TEST_CASE(relative_iris_need_a_base) {
  // Without a base, a relative IRI is refused with its position: the store
  // must never hold one (an N-Triples dump could not carry it).
  Parsed got =
      ParseText("<http://e/s> <http://e/p> <rel> .\n", RdfFormat::kTurtle);
  BOOST_REQUIRE(!got.status.ok());
  BOOST_CHECK(got.status.message().find("relative IRI") != std::string::npos);
  BOOST_CHECK_EQUAL(got.status.line(), 1u);
  BOOST_CHECK_EQUAL(got.status.column(), 28u);  // the IRI's first character
  // With one (from the options or @base), it resolves.
  RdfParseOptions with_base;
  with_base.base_iri = "http://b/";
  got = ParseText("<http://e/s> <http://e/p> <rel> .\n", RdfFormat::kTurtle,
                  with_base);
  BOOST_REQUIRE_MESSAGE(got.status.ok(), got.status.ToString());
  CheckSame(got, "<http://e/s> <http://e/p> <http://b/rel> .\n");
  got = ParseText("@base <http://c/> . <s> <p> <o> .\n", RdfFormat::kTurtle);
  BOOST_REQUIRE_MESSAGE(got.status.ok(), got.status.ToString());
  CheckSame(got, "<http://c/s> <http://c/p> <http://c/o> .\n");
}

BOOST_AUTO_TEST_CASE(literals) {
  Parsed p = ParseText(
      "@prefix ex: <http://e/> .\n"
      "ex:s ex:p 1, -2.5, 3e4, .5E-1, true, false, \"a\"@EN, 'b'^^ex:T,\n"
      "  \"\"\"long \"quoted\"\n line\"\"\", '''x''y''', \"\\u0041\\n\" .\n",
      RdfFormat::kTurtle);
  BOOST_REQUIRE_MESSAGE(p.status.ok(), p.status.ToString());
  std::vector<Term> objects;
  for (const Quad& q : p.quads) objects.push_back(q.object);
  std::vector<Term> want = {Typed("1", "integer"),
                            Typed("-2.5", "decimal"),
                            Typed("3e4", "double"),
                            Typed(".5E-1", "double"),
                            Typed("true", "boolean"),
                            Typed("false", "boolean"),
                            Term::LangLiteral("a", "en"),
                            Term::Literal("b", "http://e/T"),
                            Term::Literal("long \"quoted\"\n line"),
                            Term::Literal("x''y"),
                            Term::Literal("A\n")};
  BOOST_CHECK(objects == want);
}

BOOST_AUTO_TEST_CASE(blank_nodes_and_collections) {
  RdfParseOptions options;
  options.blank_scope = "d_";
  Parsed p = ParseText(
      "@prefix ex: <http://e/> .\n"
      "[] ex:p [ ex:q _:b1 ; ex:r ( 1 [ ex:s ex:t ] () ) ] .\n"
      "_:b1 ex:p ex:o .\n"
      "( ex:a ) ex:p ex:o .\n"
      "[ ex:only ex:me ] .\n",
      RdfFormat::kTurtle, options);
  CheckSame(p,
            "_:a <http://e/p> _:b .\n"
            "_:b <http://e/q> _:b1 .\n"
            "_:b <http://e/r> _:l1 .\n"
            "_:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
            "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
            "_:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l2 .\n"
            "_:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> _:c .\n"
            "_:c <http://e/s> <http://e/t> .\n"
            "_:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l3 .\n"
            "_:l3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .\n"
            "_:l3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .\n"
            "_:b1 <http://e/p> <http://e/o> .\n"
            "_:m <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
            "<http://e/a> .\n"
            "_:m <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .\n"
            "_:m <http://e/p> <http://e/o> .\n"
            "_:n <http://e/only> <http://e/me> .\n");
  for (const Quad& q : p.quads) {
    for (const Term* t : {&q.subject, &q.object}) {
      if (t->is_blank()) {
        BOOST_CHECK_MESSAGE(t->lexical.rfind("d_", 0) == 0, t->lexical);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(written_labels_never_meet_generated_ones) {
  // The parser's own labels are "_g<n>"; a written _:_g1 must stay distinct.
  Parsed p = ParseText("_:_g1 <http://e/p> [] .\n", RdfFormat::kTurtle);
  BOOST_REQUIRE(p.status.ok());
  BOOST_REQUIRE_EQUAL(p.quads.size(), 1u);
  BOOST_CHECK(p.quads[0].subject != p.quads[0].object);
}

BOOST_AUTO_TEST_CASE(trig_graphs) {
  RdfParseOptions options;
  options.base_iri = "http://b/";
  Parsed p = ParseText(
      "@prefix ex: <http://e/> .\n"
      "ex:s ex:p ex:o .\n"
      "ex:g1 { ex:s ex:p ex:o1 . ex:s ex:p ex:o2 }\n"
      "GRAPH <g2> { ex:s ex:p [ ex:q ex:r ] . }\n"
      "[] { ex:s ex:p ex:o3 }\n"
      "_:x { }\n"
      "{ ex:s ex:p ex:o4 }\n"
      "graph ex:g1 { ex:s ex:p ( ex:i ) }\n",
      RdfFormat::kTriG, options);
  CheckSame(p,
            "<http://e/s> <http://e/p> <http://e/o> .\n"
            "<http://e/s> <http://e/p> <http://e/o1> <http://e/g1> .\n"
            "<http://e/s> <http://e/p> <http://e/o2> <http://e/g1> .\n"
            "<http://e/s> <http://e/p> _:b <http://b/g2> .\n"
            "_:b <http://e/q> <http://e/r> <http://b/g2> .\n"
            "<http://e/s> <http://e/p> <http://e/o3> _:g .\n"
            "<http://e/s> <http://e/p> <http://e/o4> .\n"
            "<http://e/s> <http://e/p> _:l <http://e/g1> .\n"
            "_:l <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
            "<http://e/i> <http://e/g1> .\n"
            "_:l <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> <http://e/g1> "
            ".\n");
}

BOOST_AUTO_TEST_CASE(turtle_rejects_graphs) {
  Parsed p = ParseText("<http://e/g> { <http://e/s> <http://e/p> 1 }\n",
                       RdfFormat::kTurtle);
  BOOST_CHECK(p.status.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(p.status.message(),
                    "expected a predicate (an IRI or 'a') after the subject");
  BOOST_CHECK_EQUAL(p.status.column(), 14u);
}

BOOST_AUTO_TEST_CASE(undefined_prefix_after_arabic) {
  // Line 2 holds Arabic with harakat before the bad name: the column counts
  // code points and the caret is placed by display width.
  const std::string arabic = "\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E\xD8\xA8\xD9\x8E";
  const std::string line2 = "ex:s ex:p \"" + arabic + "\" , foo:bar .";
  Parsed p = ParseText("@prefix ex: <http://e/> .\n" + line2 + "\n",
                       RdfFormat::kTurtle);
  BOOST_REQUIRE(p.status.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(p.status.message(), "undefined prefix 'foo'");
  BOOST_CHECK_EQUAL(p.status.line(), 2u);
  BOOST_CHECK_EQUAL(p.status.column(), 11u + 6u + 4u + 1u);
  BOOST_CHECK_EQUAL(p.status.context(),
                    line2 + "\n" + std::string(11 + 3 + 4, ' ') + "^");
}

BOOST_AUTO_TEST_CASE(errors_in_multiline_statements) {
  Parsed p = ParseText(
      "@prefix ex: <http://e/> .\n"
      "ex:s ex:p \"\"\"one\ntwo\"\"\" ;\n"
      "     ex:q [ ex:r ex:t \n"
      "     .\n",
      RdfFormat::kTurtle);
  BOOST_REQUIRE(p.status.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(p.status.message(),
                    "expected ']' to close the blank node property list");
  BOOST_CHECK_EQUAL(p.status.line(), 5u);
  BOOST_CHECK_EQUAL(p.status.column(), 6u);
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded) {
  std::string deep = "<http://e/s> <http://e/p> ";
  for (int i = 0; i < 1000; ++i) deep += "[ <http://e/p> ";
  deep += "1";
  for (int i = 0; i < 1000; ++i) deep += " ]";
  deep += " .\n";
  Parsed p = ParseText(deep, RdfFormat::kTurtle);
  BOOST_CHECK(p.status.code() == StatusCode::kParseError);
  BOOST_CHECK_MESSAGE(
      p.status.message().find("nested too deeply") != std::string::npos,
      p.status.message());
  std::string lists = "<http://e/s> <http://e/p> " + std::string(1000, '(') +
                      std::string(1000, ')') + " .\n";
  p = ParseText(lists, RdfFormat::kTurtle);
  BOOST_CHECK(p.status.code() == StatusCode::kParseError);
}

BOOST_AUTO_TEST_CASE(lenient_mode_skips_to_the_next_statement) {
  RdfParseOptions options;
  options.lenient = true;
  Parsed p = ParseText(
      "@prefix ex: <http://e/> .\n"
      "ex:a ex:p ex:o1 .\n"
      "ex:b ex:p \"a . b\" ; nope:x 1.5 .\n"
      "ex:c ex:p ex:o2 .\n"
      "ex:d ex:p <http://e/with space> . ex:e ex:p ex:o3 .\n"
      "ex:f ex:p ex:o4 ,\n",
      RdfFormat::kTurtle, options);
  BOOST_REQUIRE_MESSAGE(p.status.ok(), p.status.ToString());
  BOOST_CHECK_EQUAL(p.report.skipped, 3u);
  BOOST_REQUIRE_EQUAL(p.report.errors.size(), 3u);
  BOOST_CHECK_EQUAL(p.report.errors[0].line(), 3u);
  BOOST_CHECK_EQUAL(p.report.errors[0].message(), "undefined prefix 'nope'");
  BOOST_CHECK_EQUAL(p.report.errors[1].line(), 5u);
  BOOST_CHECK_EQUAL(p.report.errors[2].line(), 7u);
  // Triples read before an error stay (ex:b's first, ex:f's), and ex:e
  // follows the bad IRI on the same line.
  std::vector<std::string> objects;
  for (const Quad& q : p.quads) objects.push_back(q.object.lexical);
  BOOST_CHECK((objects == std::vector<std::string>{"http://e/o1", "a . b",
                                                   "http://e/o2", "http://e/o3",
                                                   "http://e/o4"}));
}

BOOST_AUTO_TEST_CASE(lenient_trig_stays_in_the_graph) {
  RdfParseOptions options;
  options.lenient = true;
  Parsed p = ParseText(
      "@prefix ex: <http://e/> .\n"
      "ex:g {\n"
      "  ex:s ex:p ex:o1 .\n"
      "  ex:s ex:p bad .\n"
      "  ex:s ex:p ex:o2 .\n"
      "}\n"
      "ex:s ex:p ex:o3 .\n",
      RdfFormat::kTriG, options);
  BOOST_REQUIRE_MESSAGE(p.status.ok(), p.status.ToString());
  BOOST_CHECK_EQUAL(p.report.skipped, 1u);
  BOOST_REQUIRE_EQUAL(p.quads.size(), 3u);
  BOOST_CHECK(p.quads[1].graph == Ex("g"));
  BOOST_CHECK(p.quads[1].object == Ex("o2"));
  BOOST_CHECK(p.quads[2].graph.is_default_graph());
}

BOOST_AUTO_TEST_CASE(unclosed_graph_is_an_error) {
  Parsed p = ParseText("<http://e/g> {\n <http://e/s> <http://e/p> 1 .\n",
                       RdfFormat::kTriG);
  BOOST_CHECK(p.status.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(p.status.message(),
                    "expected a triple or '}' to close the graph");
  BOOST_CHECK_EQUAL(p.status.line(), 3u);
}

BOOST_AUTO_TEST_CASE(streamed_trig_graph_larger_than_the_statement_bound) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kg_turtle_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "big.trig.gz").string();
  std::string text = "@prefix ex: <http://e/> .\nex:g {\n";
  for (int i = 0; i < 20000; ++i) {
    text += "  ex:s" + std::to_string(i) + " ex:p \"v\" .\n";
  }
  text += "}\n";
  gzFile f = gzopen(path.c_str(), "wb");
  BOOST_REQUIRE(f != nullptr);
  gzwrite(f, text.data(), text.size());
  gzclose(f);
  RdfParseOptions options;
  options.max_statement_bytes = 1024;
  CollectingSink sink;
  Status s =
      query::ParseRdfFile(path, RdfFormat::kTriG, options, &sink, nullptr);
  BOOST_CHECK_MESSAGE(s.ok(), s.ToString());
  BOOST_CHECK_EQUAL(sink.quads.size(), 20000u);
  BOOST_CHECK(sink.quads.back().graph == Ex("g"));
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(iri_resolution) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"", "http://a/b/c/d;p?q"},
      {"..", "http://a/b/"},
      {"../..", "http://a/"},
      {"../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
  };
  for (const auto& [ref, want] : cases) {
    std::string out;
    query::ResolveIri(base, ref, &out);
    BOOST_CHECK_EQUAL(out, want);
  }
  BOOST_CHECK(query::IsAbsoluteIri("urn:x"));
  BOOST_CHECK(!query::IsAbsoluteIri("x/y:z"));
  BOOST_CHECK(!query::IsAbsoluteIri(":x"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kg::testing
