// SPARQL 1.1 Query Results JSON Format
// (https://www.w3.org/TR/sparql11-results-json/).
// Rows are written as they arrive, one binding object per line:
//
//   {"head":{"vars":["x","name"]},"results":{"bindings":[
//   {"x":{"type":"uri","value":"http://example.org/a"},"name":{...}},
//   {"x":{"type":"bnode","value":"b0"}}
//   ]}}
//
// An ASK result is the single line {"head":{},"boolean":true}. Text that is
// not valid UTF-8 is written with U+FFFD in place of each bad byte, because
// JSON text must be UTF-8.
#include <string>

#include "query/results/writers_internal.h"
#include "query/text/unicode_width.h"

namespace kg::query {
namespace {

// Appends `s` as a JSON string, quotes included.
void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {
      switch (byte) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        default:
          if (byte < 0x20 || byte == 0x7F) {
            out->append("\\u00");
            out->push_back(kHex[byte >> 4]);
            out->push_back(kHex[byte & 0xF]);
          } else {
            out->push_back(static_cast<char>(byte));
          }
      }
      ++i;
      continue;
    }
    char32_t cp;
    const std::size_t length = NextCodePoint(s, i, &cp);
    if (cp == 0x2028 || cp == 0x2029) {
      // Valid JSON, but line terminators to JavaScript: escaped so the
      // output can also be embedded in a script.
      out->append(cp == 0x2028 ? "\\u2028" : "\\u2029");
    } else if (length == 1) {
      AppendUtf8(kReplacementCharacter, out);
    } else {
      out->append(s.substr(i, length));
    }
    i += length;
  }
  out->push_back('"');
}

class JsonResultWriter : public FormatWriter {
 public:
  explicit JsonResultWriter(std::ostream* out) : FormatWriter(out) {}

 private:
  Status StartSolutions() override {
    line_ = "{\"head\":{\"vars\":[";
    for (std::size_t i = 0; i < variables().size(); ++i) {
      if (i > 0) line_.push_back(',');
      AppendJsonString(variables()[i], &line_);
    }
    line_.append("]},\"results\":{\"bindings\":[");
    Write(line_);
    return Status::Ok();
  }

  Status WriteRow(std::span<const std::optional<Term>> row) override {
    line_.assign(first_row_ ? "\n{" : ",\n{");
    first_row_ = false;
    bool first_binding = true;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (!IsBound(row[i])) continue;
      if (!first_binding) line_.push_back(',');
      first_binding = false;
      AppendJsonString(variables()[i], &line_);
      line_.push_back(':');
      AppendTerm(*row[i]);
    }
    line_.push_back('}');
    Write(line_);
    return Status::Ok();
  }

  Status EndSolutions() override {
    Write("\n]}}\n");
    return Status::Ok();
  }

  Status WriteBoolean(bool value) override {
    Write(value ? "{\"head\":{},\"boolean\":true}\n"
                : "{\"head\":{},\"boolean\":false}\n");
    return Status::Ok();
  }

  void AppendTerm(const Term& term) {
    switch (term.kind) {
      case TermKind::kIri:
        line_.append("{\"type\":\"uri\",\"value\":");
        AppendJsonString(term.lexical, &line_);
        break;
      case TermKind::kBlank:
        line_.append("{\"type\":\"bnode\",\"value\":");
        AppendJsonString(term.lexical, &line_);
        break;
      case TermKind::kLiteral:
        line_.append("{\"type\":\"literal\",\"value\":");
        AppendJsonString(term.lexical, &line_);
        if (!term.lang.empty()) {
          line_.append(",\"xml:lang\":");
          AppendJsonString(term.lang, &line_);
        } else if (!term.datatype.empty() && term.datatype != kXsdString &&
                   term.datatype != kRdfLangString) {
          line_.append(",\"datatype\":");
          AppendJsonString(term.datatype, &line_);
        }
        break;
      case TermKind::kDefaultGraph:  // never reached: see IsBound
        break;
    }
    line_.push_back('}');
  }

  std::string line_;
  bool first_row_ = true;
};

}  // namespace

std::unique_ptr<ResultWriter> MakeJsonResultWriter(std::ostream* out) {
  return std::make_unique<JsonResultWriter>(out);
}

}  // namespace kg::query
