#include <unistd.h>
#include <zlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <tao/pegtl/contrib/analyze.hpp>

#include "query/syntax/ntriples_grammar.h"
#include "query/syntax/rdf_parser.h"
#include "query/text/unicode_width.h"
#include "tests/unit/syntax/syntax_test_util.h"

namespace kg::testing {
namespace {

using query::RdfFormat;
using query::RdfParseOptions;

std::filesystem::path TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("kg_ntriples_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

void WriteGzip(const std::string& path, const std::string& content) {
  gzFile f = gzopen(path.c_str(), "wb");
  BOOST_REQUIRE(f != nullptr);
  BOOST_REQUIRE_EQUAL(gzwrite(f, content.data(), content.size()),
                      static_cast<int>(content.size()));
  gzclose(f);
}

std::string ManyLines(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += "<http://e/s" + std::to_string(i) + "> <http://e/p> \"v" +
            std::to_string(i) + "\" .\n";
  }
  return text;
}

class StopAfter : public QuadSink {
 public:
  explicit StopAfter(int n) : n_(n) {}
  Status Add(const Quad&) override {
    if (++seen_ > n_) return Status::Aborted("enough");
    return Status::Ok();
  }
  int seen() const { return seen_; }

 private:
  int n_;
  int seen_ = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ntriples)

BOOST_AUTO_TEST_CASE(grammar_has_no_left_recursion_or_empty_loops) {
  BOOST_CHECK_EQUAL(tao::pegtl::analyze<query::ntriples::ntriplesDoc>(1), 0u);
  BOOST_CHECK_EQUAL(tao::pegtl::analyze<query::ntriples::nquadsDoc>(1), 0u);
}

BOOST_AUTO_TEST_CASE(parses_every_term_kind) {
  const std::string text =
      "# a comment line\n"
      "<http://e/s> <http://e/p> <http://e/o> .\n"
      "_:b1 <http://e/p> \"plain\" . # trailing comment\n"
      "\t<http://e/s>\t<http://e/p>\t\"Hello\"@EN-gb .\r\n"
      "<http://e/s> <http://e/p> "
      "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
      "\n"
      "<http://e/s> <http://e/p> "
      "\"x\"^^<http://www.w3.org/2001/XMLSchema#string> .";
  Parsed p = ParseText(text, RdfFormat::kNTriples);
  BOOST_REQUIRE_MESSAGE(p.status.ok(), p.status.ToString());
  BOOST_REQUIRE_EQUAL(p.quads.size(), 5u);
  BOOST_CHECK(p.quads[0] == MakeQuad(Term::Iri("http://e/s"),
                                     Term::Iri("http://e/p"),
                                     Term::Iri("http://e/o")));
  BOOST_CHECK(p.quads[1].subject == Term::Blank("b1"));
  BOOST_CHECK(p.quads[1].object == Term::Literal("plain"));
  BOOST_CHECK(p.quads[2].object == Term::LangLiteral("Hello", "en-gb"));
  BOOST_CHECK(p.quads[3].object ==
              Term::Literal("5", "http://www.w3.org/2001/XMLSchema#integer"));
  BOOST_CHECK(p.quads[4].object == Term::Literal("x"));
  BOOST_CHECK(p.quads[4].graph.is_default_graph());
  BOOST_CHECK_EQUAL(p.report.quads, 5u);
}

BOOST_AUTO_TEST_CASE(skips_a_byte_order_mark) {
  Parsed p = ParseText(
      "\xEF\xBB\xBF<http://e/s> <http://e/p> <http://e/o> .\n"
      "<http://e/s> <http://e/p> bad .\n",
      RdfFormat::kNTriples);
  BOOST_CHECK_EQUAL(p.quads.size(), 1u);
  BOOST_CHECK_EQUAL(p.status.line(), 2u);
  BOOST_CHECK_EQUAL(p.status.column(), 27u);
}

BOOST_AUTO_TEST_CASE(decodes_escapes) {
  Parsed p = ParseText(
      "<http://e/\\u00E9> <http://e/p> \"a\\tb\\n\\\"q\\\"\\\\ \\u00e9 "
      "\\U0001F600\" .\n",
      RdfFormat::kNTriples);
  BOOST_REQUIRE_MESSAGE(p.status.ok(), p.status.ToString());
  BOOST_REQUIRE_EQUAL(p.quads.size(), 1u);
  BOOST_CHECK_EQUAL(p.quads[0].subject.lexical, "http://e/\xC3\xA9");
  BOOST_CHECK_EQUAL(p.quads[0].object.lexical,
                    "a\tb\n\"q\"\\ \xC3\xA9 \xF0\x9F\x98\x80");
}

BOOST_AUTO_TEST_CASE(keeps_arabic_text) {
  Parsed p = ParseText(
      "<http://e/\xD8\xAC> <http://e/p> \"\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E"
      "\xD8\xA8\xD9\x8E\"@ar .\n",
      RdfFormat::kNTriples);
  BOOST_REQUIRE_MESSAGE(p.status.ok(), p.status.ToString());
  BOOST_CHECK_EQUAL(p.quads[0].object.lexical,
                    "\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E\xD8\xA8\xD9\x8E");
  BOOST_CHECK_EQUAL(p.quads[0].object.lang, "ar");
}

BOOST_AUTO_TEST_CASE(nquads_graphs_and_default_graph_option) {
  RdfParseOptions options;
  options.default_graph = Term::Iri("http://e/default");
  options.blank_scope = "doc7_";
  Parsed p = ParseText(
      "<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n"
      "<http://e/s> <http://e/p> <http://e/o> _:g .\n"
      "_:x <http://e/p> \"v\" .\n",
      RdfFormat::kNQuads, options);
  BOOST_REQUIRE_MESSAGE(p.status.ok(), p.status.ToString());
  BOOST_REQUIRE_EQUAL(p.quads.size(), 3u);
  BOOST_CHECK(p.quads[0].graph == Term::Iri("http://e/g"));
  BOOST_CHECK(p.quads[1].graph == Term::Blank("doc7_g"));
  BOOST_CHECK(p.quads[2].graph == Term::Iri("http://e/default"));
  BOOST_CHECK(p.quads[2].subject == Term::Blank("doc7_x"));
}

BOOST_AUTO_TEST_CASE(ntriples_rejects_a_graph_label) {
  Parsed p =
      ParseText("<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n",
                RdfFormat::kNTriples);
  BOOST_CHECK(p.status.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(p.status.message(), "expected '.' to end the triple");
  BOOST_CHECK_EQUAL(p.status.column(), 40u);
}

BOOST_AUTO_TEST_CASE(
    error_after_arabic_counts_code_points_and_places_caret_by_width) {
  // "كَتَبَ" is 6 code points (3 letters, 3 fathas) in 12 bytes and 3 cells.
  const std::string arabic = "\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E\xD8\xA8\xD9\x8E";
  const std::string line =
      "<http://e/s> <http://e/p> \"" + arabic + "\" junk .";
  Parsed p = ParseText(line + "\n", RdfFormat::kNTriples);
  BOOST_REQUIRE(p.status.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(p.status.line(), 1u);
  // 27 ASCII characters, 6 Arabic code points, '"' and ' ' before "junk".
  BOOST_CHECK_EQUAL(p.status.column(), 27u + 6u + 2u + 1u);
  BOOST_CHECK_EQUAL(p.status.message(), "expected '.' to end the triple");
  BOOST_CHECK_EQUAL(p.status.context(),
                    line + "\n" + std::string(27 + 3 + 2, ' ') + "^");
  BOOST_CHECK_EQUAL(p.status.ToString(),
                    "test:1:36: expected '.' to end the triple");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_an_error) {
  Parsed p = ParseText("<http://e/s> <http://e/p> \"ab\xFF\" .\n",
                       RdfFormat::kNTriples);
  BOOST_REQUIRE(p.status.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(p.status.message(), "invalid UTF-8 byte sequence");
  BOOST_CHECK_EQUAL(p.status.column(), 30u);
  // An overlong encoding of '/' and a UTF-8 encoded surrogate, in an IRI.
  p = ParseText("<http://e/\xC0\xAF> <http://e/p> <http://e/o> .\n",
                RdfFormat::kNTriples);
  BOOST_CHECK_EQUAL(p.status.message(), "invalid UTF-8 byte sequence");
  p = ParseText("<http://e/s> <http://e/p> \"\xED\xA0\x80\" .\n",
                RdfFormat::kNTriples);
  BOOST_CHECK_EQUAL(p.status.message(), "invalid UTF-8 byte sequence");
  // In a comment too.
  p = ParseText("<http://e/s> <http://e/p> <http://e/o> . # \xFE\n",
                RdfFormat::kNTriples);
  BOOST_CHECK_EQUAL(p.status.message(), "invalid UTF-8 byte sequence");
}

BOOST_AUTO_TEST_CASE(messages_say_what_was_expected) {
  struct Case {
    const char* text;
    const char* message;
    std::uint64_t column;
  } cases[] = {
      {"<http://e/s> <http://e/p> \"abc .\n",
       "unterminated string literal: expected '\"' before the end of the line",
       33},
      {"<http://e/s> <http://e/p> .\n",
       "expected an object: an IRI, a blank node or a literal", 27},
      {"<http://e/s> \"p\" <http://e/o> .\n", "expected a predicate IRI", 14},
      {"<s> <http://e/p> <http://e/o> .\n",
       "relative IRI: N-Triples and N-Quads need absolute IRIs (with a scheme "
       "such as http:)",
       2},
      {"<http://e/s> <http://e/p> \"x\"@ .\n",
       "invalid language tag: expected letters after '@'", 31},
      {"<http://e/s> <http://e/p> <http://e/o> . <http://e/s>\n",
       "expected the end of the line after the statement's '.'", 42},
  };
  for (const Case& c : cases) {
    Parsed p = ParseText(c.text, RdfFormat::kNTriples);
    BOOST_TEST_CONTEXT(c.text) {
      BOOST_CHECK(p.status.code() == StatusCode::kParseError);
      BOOST_CHECK_EQUAL(p.status.message(), c.message);
      BOOST_CHECK_EQUAL(p.status.column(), c.column);
    }
  }
}

BOOST_AUTO_TEST_CASE(bad_line_after_many_good_ones) {
  std::string text = ManyLines(20000);
  text += "<http://e/s> <http://e/p> <http://e/o>\n";
  text += ManyLines(10);
  Parsed p = ParseText(text, RdfFormat::kNTriples);
  BOOST_REQUIRE(p.status.code() == StatusCode::kParseError);
  BOOST_CHECK_EQUAL(p.status.line(), 20001u);
  BOOST_CHECK_EQUAL(p.status.column(), 39u);
  BOOST_CHECK_EQUAL(p.quads.size(), 20000u);
}

BOOST_AUTO_TEST_CASE(lenient_mode_skips_bad_lines) {
  RdfParseOptions options;
  options.lenient = true;
  options.max_reported_errors = 2;
  const std::string text =
      "<http://e/s> <http://e/p> <http://e/o1> .\n"
      "<http://e/s> <http://e/p> bad .\n"
      "<http://e/s> <http://e/p> <http://e/o2> .\n"
      "<http://e/s> <http://e/p> \"unterminated .\n"
      "garbage\n"
      "<http://e/s> <http://e/p> <http://e/o3> .\n";
  Parsed p = ParseText(text, RdfFormat::kNTriples, options);
  BOOST_REQUIRE_MESSAGE(p.status.ok(), p.status.ToString());
  BOOST_CHECK_EQUAL(p.quads.size(), 3u);
  BOOST_CHECK_EQUAL(p.report.quads, 3u);
  BOOST_CHECK_EQUAL(p.report.skipped, 3u);
  BOOST_REQUIRE_EQUAL(p.report.errors.size(), 2u);
  BOOST_CHECK_EQUAL(p.report.errors[0].line(), 2u);
  BOOST_CHECK_EQUAL(p.report.errors[1].line(), 4u);
  BOOST_CHECK(p.quads[2].object == Term::Iri("http://e/o3"));
}

BOOST_AUTO_TEST_CASE(sink_error_stops_the_parse) {
  StopAfter sink(5);
  query::RdfParseReport report;
  Status s = query::ParseRdfString(ManyLines(100), "test", RdfFormat::kNTriples,
                                   {}, &sink, &report);
  BOOST_CHECK(s.code() == StatusCode::kAborted);
  BOOST_CHECK_EQUAL(sink.seen(), 6);
  BOOST_CHECK_EQUAL(report.quads, 5u);
}

BOOST_AUTO_TEST_CASE(files_plain_gzip_and_bounded_streaming) {
  const auto dir = TempDir();
  const std::string text = ManyLines(50000);
  const std::string plain = (dir / "a.nt").string();
  std::ofstream(plain) << text;
  const std::string gz = (dir / "a.nt.gz").string();
  WriteGzip(gz, text);

  bool gzip = false;
  BOOST_CHECK(query::RdfFormatFromPath(gz, &gzip) == RdfFormat::kNTriples);
  BOOST_CHECK(gzip);

  CollectingSink from_file, from_gzip;
  RdfParseOptions options;
  options.max_statement_bytes = 4096;  // far less than the file
  std::uint64_t progress = 0;
  options.progress = [&](std::uint64_t bytes) { progress = bytes; };
  BOOST_REQUIRE(query::ParseRdfFile(plain, RdfFormat::kNTriples, options,
                                    &from_file, nullptr)
                    .ok());
  query::RdfParseReport report;
  Status s = query::ParseRdfFile(gz, RdfFormat::kNTriples, options, &from_gzip,
                                 &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  BOOST_CHECK_EQUAL(from_file.quads.size(), 50000u);
  BOOST_CHECK(from_file.quads == from_gzip.quads);
  BOOST_CHECK_EQUAL(progress, text.size());

  // A line longer than the bound is a clear error, not a crash.
  const std::string long_line =
      "<http://e/s> <http://e/p> \"" + std::string(10000, 'x') + "\" .\n";
  WriteGzip(gz, ManyLines(3) + long_line);
  s = query::ParseRdfFile(gz, RdfFormat::kNTriples, options, &from_gzip,
                          nullptr);
  BOOST_CHECK(s.code() == StatusCode::kParseError);
  BOOST_CHECK_MESSAGE(
      s.message().find("max_statement_bytes") != std::string::npos,
      s.message());
  BOOST_CHECK_EQUAL(s.line(), 4u);

  // Error positions stay right after the buffer has been discarded often.
  std::string bad = ManyLines(30000);
  bad += "<http://e/s> <http://e/p> \"\xD8\xAC\xD8\xAC\" x .\n";
  WriteGzip(gz, bad);
  s = query::ParseRdfFile(gz, RdfFormat::kNTriples, options, &from_gzip,
                          nullptr);
  BOOST_CHECK_EQUAL(s.line(), 30001u);
  BOOST_CHECK_EQUAL(s.column(), 27u + 2u + 2u + 1u);
  BOOST_CHECK_EQUAL(s.source(), gz);

  s = query::ParseRdfFile((dir / "missing.nt").string(), RdfFormat::kNTriples,
                          options, &from_gzip, nullptr);
  BOOST_CHECK(s.code() == StatusCode::kIOError);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(format_names) {
  BOOST_CHECK(query::RdfFormatFromName("NT") == RdfFormat::kNTriples);
  BOOST_CHECK(query::RdfFormatFromName("n-quads") == RdfFormat::kNQuads);
  BOOST_CHECK(query::RdfFormatFromName("turtle") == RdfFormat::kTurtle);
  BOOST_CHECK(query::RdfFormatFromName("trig") == RdfFormat::kTriG);
  BOOST_CHECK(query::RdfFormatFromName("rdfxml") == RdfFormat::kRdfXml);
  BOOST_CHECK(!query::RdfFormatFromName("json"));
  for (RdfFormat f :
       {RdfFormat::kNTriples, RdfFormat::kNQuads, RdfFormat::kTurtle,
        RdfFormat::kTriG, RdfFormat::kRdfXml}) {
    BOOST_CHECK(query::RdfFormatFromName(query::RdfFormatName(f)) == f);
  }
  bool gz = true;
  BOOST_CHECK(query::RdfFormatFromPath("/a/b.TTL", &gz) == RdfFormat::kTurtle);
  BOOST_CHECK(!gz);
  BOOST_CHECK(query::RdfFormatFromPath("x.owl.gz", &gz) == RdfFormat::kRdfXml);
  BOOST_CHECK(gz);
  BOOST_CHECK(!query::RdfFormatFromPath("dir.nt/file", &gz));
  BOOST_CHECK(query::RdfFormatHasGraphs(RdfFormat::kTriG));
  BOOST_CHECK(!query::RdfFormatHasGraphs(RdfFormat::kTurtle));
}

BOOST_AUTO_TEST_CASE(rdfxml_through_raptor) {
  const std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
      "         xmlns:ex=\"http://e/\">\n"
      "  <rdf:Description rdf:about=\"http://e/s\">\n"
      "    <ex:p xml:lang=\"AR\">\xD8\xAC</ex:p>\n"
      "    <ex:q rdf:nodeID=\"n1\"/>\n"
      "  </rdf:Description>\n"
      "</rdf:RDF>\n";
  RdfParseOptions options;
  options.blank_scope = "s_";
  Parsed p = ParseText(xml, RdfFormat::kRdfXml, options);
  BOOST_REQUIRE_MESSAGE(p.status.ok(), p.status.ToString());
  BOOST_REQUIRE_EQUAL(p.quads.size(), 2u);
  BOOST_CHECK(p.quads[0].object == Term::LangLiteral("\xD8\xAC", "ar"));
  BOOST_CHECK(p.quads[1].object.is_blank());
  BOOST_CHECK(p.quads[1].object.lexical.rfind("s_", 0) == 0);

  Parsed bad = ParseText(
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
      "22-rdf-syntax-ns#\">\n  <oops>\n</rdf:RDF>\n",
      RdfFormat::kRdfXml);
  BOOST_CHECK(bad.status.code() == StatusCode::kParseError);
  BOOST_CHECK_GT(bad.status.line(), 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kg::testing
