// Query result writers: exact output of every format for IRIs, blank nodes,
// plain, language-tagged and typed literals, unbound cells, awkward text,
// ASK and empty results; the call protocol and stream failures.
#include "query/results/result_writer.h"

#include <boost/test/unit_test.hpp>
#include <optional>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "kg/term.h"
#include "query/text/unicode_width.h"

namespace kg::query {
namespace {

using Row = std::vector<std::optional<Term>>;

constexpr char kInteger[] = "http://www.w3.org/2001/XMLSchema#integer";
constexpr char kDecimal[] = "http://www.w3.org/2001/XMLSchema#decimal";
constexpr char kDouble[] = "http://www.w3.org/2001/XMLSchema#double";
constexpr char kBoolean[] = "http://www.w3.org/2001/XMLSchema#boolean";

// Writes a whole SELECT result and returns the text.
std::string WriteSelect(ResultFormat format,
                        const std::vector<std::string>& variables,
                        const std::vector<Row>& rows,
                        const ResultWriterOptions& options = {}) {
  std::ostringstream out;
  std::unique_ptr<ResultWriter> writer =
      MakeResultWriter(format, &out, options);
  BOOST_REQUIRE(writer->Begin(variables).ok());
  for (const Row& row : rows) BOOST_REQUIRE(writer->Row(row).ok());
  BOOST_REQUIRE(writer->End().ok());
  return out.str();
}

std::string WriteAsk(ResultFormat format, bool value) {
  std::ostringstream out;
  std::unique_ptr<ResultWriter> writer = MakeResultWriter(format, &out);
  BOOST_REQUIRE(writer->Begin({}).ok());
  BOOST_REQUIRE(writer->Boolean(value).ok());
  BOOST_REQUIRE(writer->End().ok());
  return out.str();
}

// The rows most tests share: ?s ?label ?n.
const std::vector<std::string> kVars = {"s", "label", "n"};

std::vector<Row> SampleRows() {
  return {
      {Term::Iri("http://example.org/a"), Term::LangLiteral("chat", "EN"),
       Term::Literal("42", kInteger)},
      {Term::Blank("b0"), Term::Literal("say \"hi\", then\nleave\ttab"),
       std::nullopt},
      {std::nullopt, Term::Literal("x<y&z", "http://example.org/dt"),
       Term::Literal("3.14", kDecimal)},
  };
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// A stream buffer that accepts `capacity` bytes and then fails.
class FullBuffer : public std::streambuf {
 public:
  explicit FullBuffer(std::size_t capacity) : left_(capacity) {}

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return 0;
    if (left_ == 0) return traits_type::eof();
    --left_;
    return c;
  }

 private:
  std::size_t left_;
};

// ---- names ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(FormatNamesAreCaseInsensitive) {
  BOOST_TEST((ResultFormatFromName("table") == ResultFormat::kTable));
  BOOST_TEST((ResultFormatFromName("JSON") == ResultFormat::kJson));
  BOOST_TEST((ResultFormatFromName("Xml") == ResultFormat::kXml));
  BOOST_TEST((ResultFormatFromName("csv") == ResultFormat::kCsv));
  BOOST_TEST((ResultFormatFromName("TsV") == ResultFormat::kTsv));
  BOOST_TEST(!ResultFormatFromName("yaml").has_value());
  BOOST_TEST(!ResultFormatFromName("").has_value());
  BOOST_TEST(!ResultFormatFromName("json ").has_value());
}

// ---- JSON -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(JsonSelect) {
  const std::string expected =
      R"({"head":{"vars":["s","label","n"]},"results":{"bindings":[)"
      "\n"
      R"({"s":{"type":"uri","value":"http://example.org/a"},)"
      R"("label":{"type":"literal","value":"chat","xml:lang":"en"},)"
      R"("n":{"type":"literal","value":"42","datatype":)"
      R"("http://www.w3.org/2001/XMLSchema#integer"}},)"
      "\n"
      R"({"s":{"type":"bnode","value":"b0"},)"
      R"("label":{"type":"literal","value":"say \"hi\", then\nleave\ttab"}},)"
      "\n"
      R"({"label":{"type":"literal","value":"x<y&z",)"
      R"("datatype":"http://example.org/dt"},)"
      R"("n":{"type":"literal","value":"3.14","datatype":)"
      R"("http://www.w3.org/2001/XMLSchema#decimal"}})"
      "\n]}}\n";
  BOOST_TEST(WriteSelect(ResultFormat::kJson, kVars, SampleRows()) == expected);
}

BOOST_AUTO_TEST_CASE(JsonEscapesControlsAndKeepsUtf8) {
  const std::vector<Row> rows = {
      {Term::Literal("a\x01z\x1F\x7F\\/"), Term::LangLiteral("غوتيريش", "ar")},
      {Term::Literal("line\xE2\x80\xA8sep bad\xFF"), Term::Literal("")},
  };
  const std::string expected =
      R"({"head":{"vars":["a","b"]},"results":{"bindings":[)"
      "\n"
      R"({"a":{"type":"literal","value":"a\u0001z\u001F\u007F\\/"},)"
      R"("b":{"type":"literal","value":"غوتيريش","xml:lang":"ar"}},)"
      "\n"
      R"({"a":{"type":"literal","value":"line\u2028sep bad�"},)"
      R"("b":{"type":"literal","value":""}})"
      "\n]}}\n";
  BOOST_TEST(WriteSelect(ResultFormat::kJson, {"a", "b"}, rows) == expected);
}

BOOST_AUTO_TEST_CASE(JsonEmptyAndAsk) {
  BOOST_TEST(WriteSelect(ResultFormat::kJson, {"x"}, {}) ==
             "{\"head\":{\"vars\":[\"x\"]},\"results\":{\"bindings\":[\n]}}\n");
  BOOST_TEST(WriteAsk(ResultFormat::kJson, true) ==
             "{\"head\":{},\"boolean\":true}\n");
  BOOST_TEST(WriteAsk(ResultFormat::kJson, false) ==
             "{\"head\":{},\"boolean\":false}\n");
}

BOOST_AUTO_TEST_CASE(JsonRowWithEveryVariableUnbound) {
  BOOST_TEST(WriteSelect(ResultFormat::kJson, {"x"}, {{std::nullopt}}) ==
             "{\"head\":{\"vars\":[\"x\"]},\"results\":{\"bindings\":[\n"
             "{}\n]}}\n");
}

BOOST_AUTO_TEST_CASE(JsonStreamsRowsBeforeEnd) {
  std::ostringstream out;
  std::unique_ptr<ResultWriter> writer =
      MakeResultWriter(ResultFormat::kJson, &out);
  BOOST_REQUIRE(writer->Begin({"x"}).ok());
  const Row row = {Term::Iri("http://e/1")};
  BOOST_REQUIRE(writer->Row(row).ok());
  BOOST_TEST(out.str().find("http://e/1") != std::string::npos);
  BOOST_REQUIRE(writer->End().ok());
}

// ---- XML ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(XmlSelect) {
  const std::string expected =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
      "  <head>\n"
      "    <variable name=\"s\"/>\n"
      "    <variable name=\"label\"/>\n"
      "    <variable name=\"n\"/>\n"
      "  </head>\n"
      "  <results>\n"
      "    <result>\n"
      "      <binding name=\"s\"><uri>http://example.org/a</uri></binding>\n"
      "      <binding name=\"label\"><literal xml:lang=\"en\">chat</literal>"
      "</binding>\n"
      "      <binding name=\"n\"><literal "
      "datatype=\"http://www.w3.org/2001/XMLSchema#integer\">42</literal>"
      "</binding>\n"
      "    </result>\n"
      "    <result>\n"
      "      <binding name=\"s\"><bnode>b0</bnode></binding>\n"
      "      <binding name=\"label\"><literal>say &quot;hi&quot;, then\n"
      "leave\ttab</literal></binding>\n"
      "    </result>\n"
      "    <result>\n"
      "      <binding name=\"label\"><literal "
      "datatype=\"http://example.org/dt\">x&lt;y&amp;z</literal></binding>\n"
      "      <binding name=\"n\"><literal "
      "datatype=\"http://www.w3.org/2001/XMLSchema#decimal\">3.14</literal>"
      "</binding>\n"
      "    </result>\n"
      "  </results>\n"
      "</sparql>\n";
  BOOST_TEST(WriteSelect(ResultFormat::kXml, kVars, SampleRows()) == expected);
}

BOOST_AUTO_TEST_CASE(XmlReplacesCharactersXml10Forbids) {
  const std::vector<Row> rows = {
      {Term::Literal("a\x01z\r\n>\xEF\xBF\xBE\xFF"),
       Term::Iri("http://e/?a=1&b=2")},
  };
  const std::string expected =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
      "  <head>\n"
      "    <variable name=\"a\"/>\n"
      "    <variable name=\"b\"/>\n"
      "  </head>\n"
      "  <results>\n"
      "    <result>\n"
      "      <binding name=\"a\"><literal>a�z&#xD;\n&gt;��</literal>"
      "</binding>\n"
      "      <binding name=\"b\"><uri>http://e/?a=1&amp;b=2</uri></binding>\n"
      "    </result>\n"
      "  </results>\n"
      "</sparql>\n";
  BOOST_TEST(WriteSelect(ResultFormat::kXml, {"a", "b"}, rows) == expected);
}

BOOST_AUTO_TEST_CASE(XmlEmptyAndAsk) {
  BOOST_TEST(WriteSelect(ResultFormat::kXml, {"x"}, {}) ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
             "  <head>\n"
             "    <variable name=\"x\"/>\n"
             "  </head>\n"
             "  <results>\n"
             "  </results>\n"
             "</sparql>\n");
  BOOST_TEST(WriteAsk(ResultFormat::kXml, true) ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
             "  <head/>\n"
             "  <boolean>true</boolean>\n"
             "</sparql>\n");
  BOOST_TEST(
      WriteAsk(ResultFormat::kXml, false).find("<boolean>false</boolean>") !=
      std::string::npos);
}

// ---- CSV ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(CsvSelect) {
  const std::string expected =
      "s,label,n\r\n"
      "http://example.org/a,chat,42\r\n"
      "_:b0,\"say \"\"hi\"\", then\nleave\ttab\",\r\n"
      ",x<y&z,3.14\r\n";
  BOOST_TEST(WriteSelect(ResultFormat::kCsv, kVars, SampleRows()) == expected);
}

BOOST_AUTO_TEST_CASE(CsvQuotesOnlyWhenNeeded) {
  const std::vector<Row> rows = {
      {Term::Literal(" lead"), Term::Literal("trail "), Term::Literal("a,b"),
       Term::Literal("cr\rhere"), Term::Literal("in side")},
      {Term::LangLiteral("أنطونيو غوتيريش", "ar"), Term::Literal(""),
       Term::Literal("\""), std::nullopt, Term::Literal("a'b")},
  };
  const std::string expected =
      "a,b,c,d,e\r\n"
      "\" lead\",\"trail \",\"a,b\",\"cr\rhere\",in side\r\n"
      "أنطونيو غوتيريش,,\"\"\"\",,a'b\r\n";
  BOOST_TEST(WriteSelect(ResultFormat::kCsv, {"a", "b", "c", "d", "e"}, rows) ==
             expected);
}

BOOST_AUTO_TEST_CASE(CsvEmptyAndAsk) {
  BOOST_TEST(WriteSelect(ResultFormat::kCsv, {"x", "y"}, {}) == "x,y\r\n");
  BOOST_TEST(WriteAsk(ResultFormat::kCsv, true) == "boolean\r\ntrue\r\n");
  BOOST_TEST(WriteAsk(ResultFormat::kCsv, false) == "boolean\r\nfalse\r\n");
}

// ---- TSV ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(TsvSelect) {
  const std::string expected =
      "?s\t?label\t?n\n"
      "<http://example.org/a>\t\"chat\"@en\t42\n"
      "_:b0\t\"say \\\"hi\\\", then\\nleave\\ttab\"\t\n"
      "\t\"x<y&z\"^^<http://example.org/dt>\t3.14\n";
  BOOST_TEST(WriteSelect(ResultFormat::kTsv, kVars, SampleRows()) == expected);
}

BOOST_AUTO_TEST_CASE(TsvWritesNumbersBareOnlyWhenTurtleAllows) {
  const std::vector<Row> rows = {
      {Term::Literal("-7", kInteger), Term::Literal(".5", kDecimal),
       Term::Literal("1.5E3", kDouble), Term::Literal("true", kBoolean)},
      {Term::Literal(" 7", kInteger), Term::Literal("5.", kDecimal),
       Term::Literal("INF", kDouble), Term::Literal("1", kBoolean)},
      {Term::Literal("07", kInteger), Term::Literal("+1.0", kDecimal),
       Term::Literal("2e-1", kDouble), Term::Literal("7", kDecimal)},
  };
  const std::string expected =
      "?i\t?d\t?f\t?b\n"
      "-7\t.5\t1.5E3\ttrue\n"
      "\" 7\"^^<http://www.w3.org/2001/XMLSchema#integer>\t"
      "\"5.\"^^<http://www.w3.org/2001/XMLSchema#decimal>\t"
      "\"INF\"^^<http://www.w3.org/2001/XMLSchema#double>\t"
      "\"1\"^^<http://www.w3.org/2001/XMLSchema#boolean>\n"
      "07\t+1.0\t2e-1\t\"7\"^^<http://www.w3.org/2001/XMLSchema#decimal>\n";
  BOOST_TEST(WriteSelect(ResultFormat::kTsv, {"i", "d", "f", "b"}, rows) ==
             expected);
}

BOOST_AUTO_TEST_CASE(TsvEscapesInsideStringsAndKeepsArabic) {
  const std::vector<Row> rows = {
      {Term::LangLiteral("غوتيريش", "ar"), Term::Literal("a\tb\r\nc\\")},
  };
  BOOST_TEST(WriteSelect(ResultFormat::kTsv, {"ar", "s"}, rows) ==
             "?ar\t?s\n\"غوتيريش\"@ar\t\"a\\tb\\r\\nc\\\\\"\n");
}

BOOST_AUTO_TEST_CASE(TsvEmptyAndAsk) {
  BOOST_TEST(WriteSelect(ResultFormat::kTsv, {"x", "y"}, {}) == "?x\t?y\n");
  BOOST_TEST(WriteAsk(ResultFormat::kTsv, true) == "?boolean\ntrue\n");
  BOOST_TEST(WriteAsk(ResultFormat::kTsv, false) == "?boolean\nfalse\n");
}

// ---- table ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(TableSelect) {
  ResultWriterOptions options;
  options.prefixes = {{"ex", "http://example.org/"}};
  const std::string expected =
      "┌──────┬────────────────────────────┬──────┐\n"
      "│ ?s   │ ?label                     │ ?n   │\n"
      "├──────┼────────────────────────────┼──────┤\n"
      "│ ex:a │ chat                       │   42 │\n"
      "│ _:b0 │ say \"hi\", then\\nleave\\ttab │      │\n"
      "│      │ x<y&z                      │ 3.14 │\n"
      "└──────┴────────────────────────────┴──────┘\n"
      "3 rows\n";
  BOOST_TEST(WriteSelect(ResultFormat::kTable, kVars, SampleRows(), options) ==
             expected);
}

BOOST_AUTO_TEST_CASE(TableAlignsArabicByDisplayWidth) {
  ResultWriterOptions options;
  options.prefixes = {{"un", "http://un.org/"}};
  const std::vector<Row> rows = {
      {Term::Iri("http://un.org/Guterres"), Term::LangLiteral("غوتيريش", "ar"),
       Term::Literal("1", kInteger)},
      {Term::Iri("http://un.org/Guterres"), Term::Literal("أنطونيو غوتيريش"),
       Term::Literal("22", kInteger)},
      // With harakat (combining marks, zero width) and a wide CJK name.
      {Term::Blank("x"), Term::LangLiteral("مُحَمَّد", "ar"),
       Term::LangLiteral("古特雷斯", "zh")},
  };
  const std::string text =
      WriteSelect(ResultFormat::kTable, {"who", "name", "n"}, rows, options);
  const std::string expected =
      "┌─────────────┬─────────────────┬──────────┐\n"
      "│ ?who        │ ?name           │ ?n       │\n"
      "├─────────────┼─────────────────┼──────────┤\n"
      "│ un:Guterres │ غوتيريش         │        1 │\n"
      "│ un:Guterres │ أنطونيو غوتيريش │       22 │\n"
      "│ _:x         │ مُحَمَّد            │ 古特雷斯 │\n"
      "└─────────────┴─────────────────┴──────────┘\n"
      "3 rows\n";
  BOOST_TEST(text == expected);
  const std::vector<std::string> lines = Lines(text);
  BOOST_REQUIRE_EQUAL(lines.size(), 8u);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    BOOST_TEST(DisplayWidth(lines[i]) == DisplayWidth(lines[0]),
               "line " << i << ": " << lines[i]);
  }
}

BOOST_AUTO_TEST_CASE(TableCompactsOnlyCleanLocalNames) {
  ResultWriterOptions options;
  options.prefixes = {{"ex", "http://e.org/"},
                      {"exa", "http://e.org/a/"},
                      {"", "http://d.org/"}};
  const std::vector<Row> rows = {
      {Term::Iri("http://e.org/x")},     {Term::Iri("http://e.org/a/y")},
      {Term::Iri("http://e.org/a/y/z")}, {Term::Iri("http://e.org/")},
      {Term::Iri("http://e.org/p#q")},   {Term::Iri("http://d.org/k")},
      {Term::Iri("http://other/x")},
  };
  const std::string expected =
      "┌──────────────────────┐\n"
      "│ ?i                   │\n"
      "├──────────────────────┤\n"
      "│ ex:x                 │\n"
      "│ exa:y                │\n"
      "│ <http://e.org/a/y/z> │\n"
      "│ <http://e.org/>      │\n"
      "│ <http://e.org/p#q>   │\n"
      "│ :k                   │\n"
      "│ <http://other/x>     │\n"
      "└──────────────────────┘\n"
      "7 rows\n";
  BOOST_TEST(WriteSelect(ResultFormat::kTable, {"i"}, rows, options) ==
             expected);
}

BOOST_AUTO_TEST_CASE(TableClipsLongCellsAtSixtyColumns) {
  const std::string long_text(70, 'a');
  // 35 wide characters: 70 cells; clipped to 29 of them + '…' = 59 cells.
  std::string wide;
  for (int i = 0; i < 35; ++i) wide += "字";
  const std::vector<Row> rows = {{Term::Literal(long_text)},
                                 {Term::Literal(wide)}};
  const std::string text = WriteSelect(ResultFormat::kTable, {"v"}, rows);
  const std::vector<std::string> lines = Lines(text);
  BOOST_REQUIRE_EQUAL(lines.size(), 7u);
  BOOST_TEST(lines[3] == "│ " + std::string(59, 'a') + "… │");
  std::string clipped_wide;
  for (int i = 0; i < 29; ++i) clipped_wide += "字";
  BOOST_TEST(lines[4] == "│ " + clipped_wide + "…  │");
  for (std::size_t i = 0; i < 6; ++i) {
    BOOST_TEST(DisplayWidth(lines[i]) == 64u, "line " << i);
  }
}

BOOST_AUTO_TEST_CASE(TableStreamsRowsAfterTheBufferWithItsWidths) {
  ResultWriterOptions options;
  options.table_buffer_rows = 2;
  std::ostringstream out;
  std::unique_ptr<ResultWriter> writer =
      MakeResultWriter(ResultFormat::kTable, &out, options);
  BOOST_REQUIRE(writer->Begin({"x"}).ok());
  const Row first = {Term::Literal("abc")};
  const Row second = {Term::Literal("abcd")};
  const Row third = {Term::Literal("abcdefgh")};
  const Row fourth = {Term::Literal("123456", kInteger)};
  BOOST_REQUIRE(writer->Row(first).ok());
  BOOST_TEST(out.str().empty());
  BOOST_REQUIRE(writer->Row(second).ok());
  const std::string after_buffer =
      "┌──────┐\n"
      "│ ?x   │\n"
      "├──────┤\n"
      "│ abc  │\n"
      "│ abcd │\n";
  BOOST_TEST(out.str() == after_buffer);
  BOOST_REQUIRE(writer->Row(third).ok());
  BOOST_REQUIRE(writer->Row(fourth).ok());
  BOOST_REQUIRE(writer->End().ok());
  BOOST_TEST(out.str() == after_buffer +
                              "│ abc… │\n"
                              "│ 123… │\n"
                              "└──────┘\n"
                              "4 rows\n");
}

BOOST_AUTO_TEST_CASE(TableWithoutHeaders) {
  ResultWriterOptions options;
  options.headers = false;
  const std::vector<Row> rows = {{Term::Literal("a"), std::nullopt}};
  BOOST_TEST(
      WriteSelect(ResultFormat::kTable, {"long_name", "y"}, rows, options) ==
      "┌───┬──┐\n"
      "│ a │  │\n"
      "└───┴──┘\n"
      "1 row\n");
}

BOOST_AUTO_TEST_CASE(TableShowsControlCharactersAsEscapes) {
  const std::vector<Row> rows = {
      {Term::Literal("red\x1B[31m\r\x7F"), Term::Blank("b1")}};
  BOOST_TEST(WriteSelect(ResultFormat::kTable, {"a", "b"}, rows) ==
             "┌───────────────────────┬──────┐\n"
             "│ ?a                    │ ?b   │\n"
             "├───────────────────────┼──────┤\n"
             "│ red\\u001B[31m\\r\\u007F │ _:b1 │\n"
             "└───────────────────────┴──────┘\n"
             "1 row\n");
}

BOOST_AUTO_TEST_CASE(TableEmptyAndAsk) {
  BOOST_TEST(WriteSelect(ResultFormat::kTable, {"x", "y"}, {}) ==
             "┌────┬────┐\n"
             "│ ?x │ ?y │\n"
             "├────┼────┤\n"
             "└────┴────┘\n"
             "0 rows\n");
  BOOST_TEST(WriteSelect(ResultFormat::kTable, {}, {{}, {}}) == "2 rows\n");
  BOOST_TEST(WriteAsk(ResultFormat::kTable, true) == "true\n");
  BOOST_TEST(WriteAsk(ResultFormat::kTable, false) == "false\n");
}

// ---- protocol and stream failures ------------------------------------------

BOOST_AUTO_TEST_CASE(CallsOutOfOrderAreRejected) {
  for (ResultFormat format :
       {ResultFormat::kTable, ResultFormat::kJson, ResultFormat::kXml,
        ResultFormat::kCsv, ResultFormat::kTsv}) {
    std::ostringstream out;
    std::unique_ptr<ResultWriter> writer = MakeResultWriter(format, &out);
    const Row row = {Term::Literal("v")};
    BOOST_TEST((writer->Row(row).code() == StatusCode::kInvalidArgument));
    BOOST_TEST((writer->End().code() == StatusCode::kInvalidArgument));
    BOOST_REQUIRE(writer->Begin({"x"}).ok());
    BOOST_TEST((writer->Begin({"x"}).code() == StatusCode::kInvalidArgument));
    const Row wide = {Term::Literal("v"), Term::Literal("w")};
    BOOST_TEST((writer->Row(wide).code() == StatusCode::kInvalidArgument));
    BOOST_REQUIRE(writer->Row(row).ok());
    BOOST_TEST((writer->Boolean(true).code() == StatusCode::kInvalidArgument));
    BOOST_REQUIRE(writer->End().ok());
    BOOST_TEST((writer->End().code() == StatusCode::kInvalidArgument));
    BOOST_TEST((writer->Row(row).code() == StatusCode::kInvalidArgument));
  }
}

BOOST_AUTO_TEST_CASE(FailedStreamGivesIOError) {
  for (ResultFormat format :
       {ResultFormat::kTable, ResultFormat::kJson, ResultFormat::kXml,
        ResultFormat::kCsv, ResultFormat::kTsv}) {
    // Already failed before anything is written.
    std::ostringstream bad;
    bad.setstate(std::ios::badbit);
    std::unique_ptr<ResultWriter> writer = MakeResultWriter(format, &bad);
    BOOST_TEST((writer->Begin({"x"}).code() == StatusCode::kIOError));

    // Fails part way: the device takes 40 bytes.
    FullBuffer device(40);
    std::ostream out(&device);
    writer = MakeResultWriter(format, &out);
    BOOST_REQUIRE(writer->Begin({"x"}).ok());
    const Row row = {Term::Literal(std::string(50, 'v'))};
    Status status = writer->Row(row);
    if (status.ok()) status = writer->End();  // the table buffers the row
    BOOST_TEST((status.code() == StatusCode::kIOError));

    // An ASK answer to a full device.
    FullBuffer tiny(3);
    std::ostream ask_out(&tiny);
    writer = MakeResultWriter(format, &ask_out);
    BOOST_REQUIRE(writer->Begin({}).ok());
    status = writer->Boolean(false);
    if (status.ok()) status = writer->End();
    BOOST_TEST((status.code() == StatusCode::kIOError));
  }
}

}  // namespace
}  // namespace kg::query
