// Term construction and N-Triples printing.
#include "kg/term.h"

#include <cstdio>

#include "kg/quad.h"

namespace kg {

Term Term::Literal(std::string lexical, std::string datatype) {
  if (datatype.empty()) datatype = std::string(kXsdString);
  return Term{TermKind::kLiteral, std::move(lexical), std::move(datatype), {}};
}

Term Term::LangLiteral(std::string lexical, std::string lang) {
  for (char& c : lang) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Term{TermKind::kLiteral, std::move(lexical),
              std::string(kRdfLangString), std::move(lang)};
}

void AppendEscapedString(std::string_view s, std::string* out) {
  for (unsigned char c : s) {
    switch (c) {
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
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[12];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out->append(buf);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
}

namespace {

// IRIs are printed as stored; characters N-Triples forbids inside <> are
// escaped as \u so the output always parses again.
void AppendIri(std::string_view iri, std::string* out) {
  out->push_back('<');
  for (unsigned char c : iri) {
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' ||
        c == '|' || c == '^' || c == '`' || c == '\\') {
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u%04X", c);
      out->append(buf);
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('>');
}

}  // namespace

std::string Term::ToNTriples() const {
  std::string out;
  switch (kind) {
    case TermKind::kDefaultGraph:
      break;
    case TermKind::kIri:
      AppendIri(lexical, &out);
      break;
    case TermKind::kBlank:
      out = "_:" + lexical;
      break;
    case TermKind::kLiteral:
      out.push_back('"');
      AppendEscapedString(lexical, &out);
      out.push_back('"');
      if (!lang.empty()) {
        out.push_back('@');
        out.append(lang);
      } else if (!datatype.empty() && datatype != kXsdString) {
        out.append("^^");
        AppendIri(datatype, &out);
      }
      break;
  }
  return out;
}

std::string Quad::ToNQuads() const {
  std::string out = subject.ToNTriples();
  out.push_back(' ');
  out.append(predicate.ToNTriples());
  out.push_back(' ');
  out.append(object.ToNTriples());
  if (!graph.is_default_graph()) {
    out.push_back(' ');
    out.append(graph.ToNTriples());
  }
  out.append(" .");
  return out;
}

}  // namespace kg
