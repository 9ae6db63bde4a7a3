// The shell's text helpers: prefixes, term formatting, isolates, and
// columns aligned by display width (exact bytes).
#include "shell/render.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace kg::shell {

BOOST_AUTO_TEST_SUITE(render)

BOOST_AUTO_TEST_CASE(prefixes) {
  PrefixMap p;
  p.Set("", "http://kg.example.org/unsc/");
  p.Set("article", "http://kg.example.org/unsc/article/");
  p.Set("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
  BOOST_CHECK_EQUAL(p.CompactIri("http://kg.example.org/unsc/Hafter"),
                    ":Hafter");
  BOOST_CHECK_EQUAL(p.CompactIri("http://kg.example.org/unsc/article/003"),
                    "article:003");
  BOOST_CHECK_EQUAL(p.CompactIri("http://kg.example.org/unsc/a/b/c"),
                    "<http://kg.example.org/unsc/a/b/c>");
  BOOST_CHECK_EQUAL(p.CompactIri("http://kg.example.org/unsc/x.y."),
                    "<http://kg.example.org/unsc/x.y.>");
  BOOST_CHECK_EQUAL(p.CompactIri("http://other.org/x"), "<http://other.org/x>");
  BOOST_CHECK_EQUAL(*p.Expand("rdfs:label"),
                    "http://www.w3.org/2000/01/rdf-schema#label");
  BOOST_CHECK(!p.Expand("nope:x").ok());
  BOOST_CHECK_EQUAL(*p.DefaultNamespace(), "http://kg.example.org/unsc/");
  BOOST_CHECK_EQUAL(p.Prologue(),
                    "PREFIX : <http://kg.example.org/unsc/> PREFIX article: "
                    "<http://kg.example.org/unsc/article/> PREFIX rdfs: "
                    "<http://www.w3.org/2000/01/rdf-schema#>");
}

BOOST_AUTO_TEST_CASE(terms) {
  PrefixMap p;
  p.Set("xsd", "http://www.w3.org/2001/XMLSchema#");
  BOOST_CHECK_EQUAL(FormatTerm(Term::LangLiteral("حفتر", "ar"), p),
                    "\"حفتر\"@ar");
  BOOST_CHECK_EQUAL(
      FormatTerm(Term::Literal("11", std::string(kXsd) + "integer"), p), "11");
  BOOST_CHECK_EQUAL(
      FormatTerm(Term::Literal("2020-03-23", std::string(kXsd) + "date"), p),
      "\"2020-03-23\"^^xsd:date");
  BOOST_CHECK_EQUAL(FormatTerm(Term::Literal("a \"b\"\n"), p),
                    "\"a \\\"b\\\"\\n\"");
  BOOST_CHECK_EQUAL(FormatTerm(Term::Blank("b1"), p), "_:b1");
}

BOOST_AUTO_TEST_CASE(isolates) {
  BOOST_CHECK(HasRightToLeft("خليفة حفتر"));
  BOOST_CHECK(HasRightToLeft("Article 1 עברית"));
  BOOST_CHECK(!HasRightToLeft("Khalifa Haftar"));
  BOOST_CHECK_EQUAL(Isolate("حفتر", true), "\u2068حفتر\u2069");
  BOOST_CHECK_EQUAL(Isolate("حفتر", false), "حفتر");
  BOOST_CHECK_EQUAL(Isolate("Hafter", true), "Hafter");
}

// Arabic with harakat, mixed direction, wide CJK and combining Latin: the
// padding counts terminal cells.
BOOST_AUTO_TEST_CASE(align_columns_by_display_width) {
  const std::string out = AlignColumns({
      {"حَفْتَر", "x"},
      {"Hafter", "y"},
      {"中文", "z"},
      {"e\u0301", "w"},
      {"Khalifa حفتر", "v"},
  });
  // The widest cell, "Khalifa حفتر", is 12 cells; each cell is padded to
  // 12 + 2.
  BOOST_CHECK_EQUAL(out, "حَفْتَر" + std::string(10, ' ') + "x\n" + "Hafter" +
                             std::string(8, ' ') + "y\n" + "中文" +
                             std::string(10, ' ') + "z\n" + "e\u0301" +
                             std::string(13, ' ') + "w\n" +
                             "Khalifa حفتر  v\n");
  // Isolates take no cell.
  BOOST_CHECK_EQUAL(AlignColumns({{Isolate("حفتر", true), "a"}, {"abcd", "b"}}),
                    "\u2068حفتر\u2069  a\nabcd  b\n");
  // The last column is not padded; trailing blanks are dropped.
  BOOST_CHECK_EQUAL(AlignColumns({{"a", ""}, {"bbb", "c"}}), "a\nbbb  c\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kg::shell
