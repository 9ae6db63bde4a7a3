// SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/),
// written row by row as the rows arrive.
//
// XML 1.0 cannot carry every character a literal may hold: the C0 controls
// other than tab, LF and CR, U+FFFE and U+FFFF are not allowed even as
// character references. Those characters, and bytes that are not UTF-8,
// are written as U+FFFD so the document stays well-formed; the JSON format
// carries them unchanged. CR, and tab and LF inside attributes, are written
// as character references so that parsers do not normalise them away.
#include <string>

#include "query/results/writers_internal.h"
#include "query/text/unicode_width.h"

namespace kg::query {
namespace {

bool IsXmlChar(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// Appends `s` escaped for element content or, with `attribute`, for an
// attribute value in double quotes.
void AppendXmlEscaped(std::string_view s, bool attribute, std::string* out) {
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp;
    const std::size_t length = NextCodePoint(s, i, &cp);
    const bool invalid = length == 1 && cp == kReplacementCharacter;
    if (invalid || !IsXmlChar(cp)) {
      AppendUtf8(kReplacementCharacter, out);
    } else {
      switch (cp) {
        case '&':
          out->append("&amp;");
          break;
        case '<':
          out->append("&lt;");
          break;
        case '>':
          out->append("&gt;");
          break;
        case '"':
          out->append("&quot;");
          break;
        case '\r':
          out->append("&#xD;");
          break;
        case '\n':
          out->append(attribute ? "&#xA;" : "\n");
          break;
        case '\t':
          out->append(attribute ? "&#x9;" : "\t");
          break;
        default:
          out->append(s.substr(i, length));
      }
    }
    i += length;
  }
}

class XmlResultWriter : public FormatWriter {
 public:
  explicit XmlResultWriter(std::ostream* out) : FormatWriter(out) {}

 private:
  static constexpr std::string_view kProlog =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n";

  Status StartSolutions() override {
    text_.assign(kProlog);
    if (variables().empty()) {
      text_.append("  <head/>\n");
    } else {
      text_.append("  <head>\n");
      for (const std::string& name : variables()) {
        text_.append("    <variable name=\"");
        AppendXmlEscaped(name, /*attribute=*/true, &text_);
        text_.append("\"/>\n");
      }
      text_.append("  </head>\n");
    }
    text_.append("  <results>\n");
    Write(text_);
    return Status::Ok();
  }

  Status WriteRow(std::span<const std::optional<Term>> row) override {
    text_.assign("    <result>\n");
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (!IsBound(row[i])) continue;
      text_.append("      <binding name=\"");
      AppendXmlEscaped(variables()[i], /*attribute=*/true, &text_);
      text_.append("\">");
      AppendTerm(*row[i]);
      text_.append("</binding>\n");
    }
    text_.append("    </result>\n");
    Write(text_);
    return Status::Ok();
  }

  Status EndSolutions() override {
    Write("  </results>\n</sparql>\n");
    return Status::Ok();
  }

  Status WriteBoolean(bool value) override {
    text_.assign(kProlog);
    text_.append("  <head/>\n");
    text_.append(value ? "  <boolean>true</boolean>\n"
                       : "  <boolean>false</boolean>\n");
    text_.append("</sparql>\n");
    Write(text_);
    return Status::Ok();
  }

  void AppendTerm(const Term& term) {
    switch (term.kind) {
      case TermKind::kIri:
        text_.append("<uri>");
        AppendXmlEscaped(term.lexical, /*attribute=*/false, &text_);
        text_.append("</uri>");
        break;
      case TermKind::kBlank:
        text_.append("<bnode>");
        AppendXmlEscaped(term.lexical, /*attribute=*/false, &text_);
        text_.append("</bnode>");
        break;
      case TermKind::kLiteral:
        text_.append("<literal");
        if (!term.lang.empty()) {
          text_.append(" xml:lang=\"");
          AppendXmlEscaped(term.lang, /*attribute=*/true, &text_);
          text_.push_back('"');
        } else if (!term.datatype.empty() && term.datatype != kXsdString &&
                   term.datatype != kRdfLangString) {
          text_.append(" datatype=\"");
          AppendXmlEscaped(term.datatype, /*attribute=*/true, &text_);
          text_.push_back('"');
        }
        text_.push_back('>');
        AppendXmlEscaped(term.lexical, /*attribute=*/false, &text_);
        text_.append("</literal>");
        break;
      case TermKind::kDefaultGraph:  // never reached: see IsBound
        break;
    }
  }

  std::string text_;
};

}  // namespace

std::unique_ptr<ResultWriter> MakeXmlResultWriter(std::ostream* out) {
  return std::make_unique<XmlResultWriter>(out);
}

}  // namespace kg::query
