// N-Triples, N-Quads, Turtle and TriG writers. Output always parses back to
// the same quads: blank node labels that are not valid in the syntax are
// written in an injective encoding, IRIs are compacted to prefixed names
// only when the local part is a valid PN_LOCAL, and numbers and booleans are
// written bare only when their lexical form matches the Turtle grammar.
#include "query/syntax/rdf_writer.h"

#include <string>
#include <unordered_map>

#include "kg/term.h"
#include "query/text/unicode_width.h"

namespace kg::query {
namespace {

constexpr std::string_view kRdfType =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

bool IsPnCharsBase(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
         (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}
bool IsPnCharsU(char32_t c) { return IsPnCharsBase(c) || c == '_'; }
bool IsPnChars(char32_t c) {
  return IsPnCharsU(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

// Decodes `s` into code points; false if it is not valid UTF-8.
bool CodePoints(std::string_view s, std::u32string* out) {
  out->clear();
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp;
    const std::size_t len = DecodeUtf8(s.substr(i), &cp);
    if (len == 0) return false;
    out->push_back(cp);
    i += len;
  }
  return true;
}

// BLANK_NODE_LABEL without "_:": (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')*
// PN_CHARS)?
bool IsValidBlankLabel(std::string_view label) {
  std::u32string cps;
  if (label.empty() || !CodePoints(label, &cps)) return false;
  if (!IsPnCharsU(cps[0]) && !(cps[0] >= '0' && cps[0] <= '9')) return false;
  for (std::size_t i = 1; i < cps.size(); ++i) {
    if (!IsPnChars(cps[i]) && cps[i] != '.') return false;
  }
  return cps.back() != '.';
}

// A PN_LOCAL written without escapes (conservative: no '%' or '\').
bool IsPlainLocalName(std::string_view local) {
  if (local.empty()) return true;
  std::u32string cps;
  if (!CodePoints(local, &cps)) return false;
  const char32_t first = cps[0];
  if (!IsPnCharsU(first) && !(first >= '0' && first <= '9')) return false;
  for (std::size_t i = 1; i < cps.size(); ++i) {
    if (!IsPnChars(cps[i]) && cps[i] != '.') return false;
  }
  return cps.back() != '.';
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view StripSign(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return s;
}

bool IsTurtleInteger(std::string_view s) { return IsDigits(StripSign(s)); }

bool IsTurtleDecimal(std::string_view s) {
  s = StripSign(s);
  const std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view a = s.substr(0, dot);
  return (a.empty() || IsDigits(a)) && IsDigits(s.substr(dot + 1));
}

bool IsTurtleDouble(std::string_view s) {
  s = StripSign(s);
  const std::size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos) return false;
  std::string_view mantissa = s.substr(0, e);
  const std::string_view exponent = StripSign(s.substr(e + 1));
  if (!IsDigits(exponent)) return false;
  const std::size_t dot = mantissa.find('.');
  if (dot == std::string_view::npos) return IsDigits(mantissa);
  const std::string_view a = mantissa.substr(0, dot);
  const std::string_view b = mantissa.substr(dot + 1);
  if (a.empty()) return IsDigits(b);
  return IsDigits(a) && (b.empty() || IsDigits(b));
}

void AppendIriRef(std::string_view iri, std::string* out) {
  out->push_back('<');
  for (unsigned char c : iri) {
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' ||
        c == '|' || c == '^' || c == '`' || c == '\\') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('>');
}

// Valid labels are kept; any other label, and any label starting with
// "x_", becomes "x_" + hex of its bytes, which keeps distinct labels
// distinct.
void AppendBlank(std::string_view label, std::string* out) {
  out->append("_:");
  if (label.substr(0, 2) != "x_" && IsValidBlankLabel(label)) {
    out->append(label);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("x_");
  for (unsigned char c : label) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

void AppendStringLiteral(std::string_view s, std::string* out) {
  out->push_back('"');
  AppendEscapedString(s, out);
  out->push_back('"');
}

class LineWriter : public RdfWriter {
 public:
  LineWriter(std::ostream* out, bool quads) : out_(out), quads_(quads) {}

  Status Add(const Quad& quad) override {
    line_.clear();
    AppendTerm(quad.subject);
    line_.push_back(' ');
    AppendTerm(quad.predicate);
    line_.push_back(' ');
    AppendTerm(quad.object);
    if (quads_ && !quad.graph.is_default_graph()) {
      line_.push_back(' ');
      AppendTerm(quad.graph);
    }
    line_.append(" .\n");
    out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
    if (!*out_) return Status::IOError("cannot write RDF output");
    return Status::Ok();
  }

  Status Finish() override {
    out_->flush();
    if (!*out_) return Status::IOError("cannot write RDF output");
    return Status::Ok();
  }

 private:
  void AppendTerm(const Term& t) {
    switch (t.kind) {
      case TermKind::kIri:
        AppendIriRef(t.lexical, &line_);
        break;
      case TermKind::kBlank:
        AppendBlank(t.lexical, &line_);
        break;
      case TermKind::kLiteral:
        AppendStringLiteral(t.lexical, &line_);
        if (!t.lang.empty()) {
          line_.push_back('@');
          line_.append(t.lang);
        } else if (!t.datatype.empty() && t.datatype != kXsdString) {
          line_.append("^^");
          AppendIriRef(t.datatype, &line_);
        }
        break;
      case TermKind::kDefaultGraph:
        break;
    }
  }

  std::ostream* out_;
  bool quads_;
  std::string line_;
};

class TurtleWriter : public RdfWriter {
 public:
  TurtleWriter(std::ostream* out, bool trig,
               std::vector<std::pair<std::string, std::string>> prefixes)
      : out_(out), trig_(trig), prefixes_(std::move(prefixes)) {
    for (const auto& [prefix, ns] : prefixes_) {
      buf_.append("@prefix ");
      buf_.append(prefix);
      buf_.append(": ");
      AppendIriRef(ns, &buf_);
      buf_.append(" .\n");
    }
    if (!prefixes_.empty()) buf_.push_back('\n');
  }

  Status Add(const Quad& quad) override {
    const Term& graph = trig_ ? quad.graph : kDefault;
    if (!open_ || graph != graph_) {
      CloseStatement();
      if (in_block_) {
        buf_.append("}\n");
        in_block_ = false;
      }
      graph_ = graph;
      if (!graph.is_default_graph()) {
        if (open_) buf_.push_back('\n');
        AppendTerm(graph, false);
        buf_.append(" {\n");
        in_block_ = true;
      }
      open_ = true;
      has_subject_ = false;
    }
    const char* indent = in_block_ ? "  " : "";
    if (has_subject_ && quad.subject == subject_) {
      if (quad.predicate == predicate_) {
        buf_.append(" ,\n");
        buf_.append(indent);
        buf_.append("        ");
      } else {
        buf_.append(" ;\n");
        buf_.append(indent);
        buf_.append("    ");
        AppendTerm(quad.predicate, true);
        buf_.push_back(' ');
        predicate_ = quad.predicate;
      }
    } else {
      CloseStatement();
      buf_.append(indent);
      AppendTerm(quad.subject, false);
      buf_.push_back(' ');
      AppendTerm(quad.predicate, true);
      buf_.push_back(' ');
      subject_ = quad.subject;
      predicate_ = quad.predicate;
      has_subject_ = true;
    }
    AppendTerm(quad.object, false);
    if (buf_.size() >= (64u << 10)) return Flush();
    return Status::Ok();
  }

  Status Finish() override {
    CloseStatement();
    if (in_block_) {
      buf_.append("}\n");
      in_block_ = false;
    }
    KG_RETURN_IF_ERROR(Flush());
    out_->flush();
    if (!*out_) return Status::IOError("cannot write RDF output");
    return Status::Ok();
  }

 private:
  void CloseStatement() {
    if (has_subject_) {
      buf_.append(" .\n");
      has_subject_ = false;
    }
  }

  Status Flush() {
    out_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
    if (!*out_) return Status::IOError("cannot write RDF output");
    return Status::Ok();
  }

  void AppendIri(std::string_view iri) {
    const std::pair<std::string, std::string>* best = nullptr;
    for (const auto& p : prefixes_) {
      if (iri.size() >= p.second.size() &&
          iri.substr(0, p.second.size()) == p.second &&
          IsPlainLocalName(iri.substr(p.second.size())) &&
          (best == nullptr || p.second.size() > best->second.size())) {
        best = &p;
      }
    }
    if (best == nullptr) {
      AppendIriRef(iri, &buf_);
      return;
    }
    buf_.append(best->first);
    buf_.push_back(':');
    buf_.append(iri.substr(best->second.size()));
  }

  void AppendTerm(const Term& t, bool predicate) {
    switch (t.kind) {
      case TermKind::kIri:
        if (predicate && t.lexical == kRdfType) {
          buf_.push_back('a');
        } else {
          AppendIri(t.lexical);
        }
        break;
      case TermKind::kBlank:
        AppendBlank(t.lexical, &buf_);
        break;
      case TermKind::kLiteral:
        AppendLiteral(t);
        break;
      case TermKind::kDefaultGraph:
        break;
    }
  }

  void AppendLiteral(const Term& t) {
    if (t.lang.empty() && t.datatype.size() > kXsd.size() &&
        std::string_view(t.datatype).substr(0, kXsd.size()) == kXsd) {
      const std::string_view type =
          std::string_view(t.datatype).substr(kXsd.size());
      if ((type == "integer" && IsTurtleInteger(t.lexical)) ||
          (type == "decimal" && IsTurtleDecimal(t.lexical)) ||
          (type == "double" && IsTurtleDouble(t.lexical)) ||
          (type == "boolean" &&
           (t.lexical == "true" || t.lexical == "false"))) {
        buf_.append(t.lexical);
        return;
      }
    }
    AppendStringLiteral(t.lexical, &buf_);
    if (!t.lang.empty()) {
      buf_.push_back('@');
      buf_.append(t.lang);
    } else if (!t.datatype.empty() && t.datatype != kXsdString) {
      buf_.append("^^");
      AppendIri(t.datatype);
    }
  }

  inline static const Term kDefault = Term::DefaultGraph();

  std::ostream* out_;
  bool trig_;
  std::vector<std::pair<std::string, std::string>> prefixes_;
  std::string buf_;
  bool open_ = false;      // a graph (possibly the default) is current
  bool in_block_ = false;  // inside "<g> { ... }"
  Term graph_;
  bool has_subject_ = false;  // a statement is open
  Term subject_;
  Term predicate_;
};

}  // namespace

Result<std::unique_ptr<RdfWriter>> MakeRdfWriter(
    RdfFormat format, std::ostream* out,
    std::vector<std::pair<std::string, std::string>> prefixes) {
  if (out == nullptr) return Status::InvalidArgument("no output stream");
  for (const auto& [prefix, ns] : prefixes) {
    // The prefix must be a PN_PREFIX (or empty) to be written as one.
    std::u32string cps;
    bool ok = prefix.empty() || (CodePoints(prefix, &cps) &&
                                 IsPnCharsBase(cps[0]) && cps.back() != '.');
    for (std::size_t i = 1; ok && i < cps.size(); ++i) {
      ok = IsPnChars(cps[i]) || cps[i] == '.';
    }
    if (!ok) {
      return Status::InvalidArgument("invalid prefix name '" + prefix + "'");
    }
  }
  switch (format) {
    case RdfFormat::kNTriples:
      return std::unique_ptr<RdfWriter>(new LineWriter(out, false));
    case RdfFormat::kNQuads:
      return std::unique_ptr<RdfWriter>(new LineWriter(out, true));
    case RdfFormat::kTurtle:
      return std::unique_ptr<RdfWriter>(
          new TurtleWriter(out, false, std::move(prefixes)));
    case RdfFormat::kTriG:
      return std::unique_ptr<RdfWriter>(
          new TurtleWriter(out, true, std::move(prefixes)));
    case RdfFormat::kRdfXml:
      return Status::NotSupported("writing RDF/XML is not supported");
  }
  return Status::InvalidArgument("unknown RDF format");
}

}  // namespace kg::query
