// Turtle and TriG: the actions and the one parse instantiation of
// turtle_grammar.h. Actions keep a stack of frames (the statement, each open
// blank node property list, each open collection); the last term read waits
// in `term` until a position rule (subject, verb, object) takes it.
#include <charconv>
#include <cstring>
#include <string>
#include <tao/pegtl.hpp>
#include <unordered_map>
#include <vector>

#include "kg/quad.h"
#include "kg/term.h"
#include "query/syntax/escapes.h"
#include "query/syntax/iri.h"
#include "query/syntax/rdf_parse_driver.h"
#include "query/syntax/rdf_parser_internal.h"
#include "query/syntax/turtle_errors.h"
#include "query/syntax/turtle_grammar.h"

namespace kg::query {
namespace {

namespace pegtl = tao::pegtl;
namespace tg = turtle;
namespace t = terminals;
using rdf_internal::ThrowAt;

constexpr std::string_view kRdfType =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
constexpr std::string_view kRdfFirst =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
constexpr std::string_view kRdfRest =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
constexpr std::string_view kRdfNil =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";

// Nesting of '[' and '(' allowed in one statement; bounds the parser's
// recursion so that no input can exhaust the stack.
constexpr std::size_t kMaxNesting = 128;

struct Frame {
  bool collection = false;
  bool has_items = false;  // collection: at least one item read
  Term subject;            // collection: the last list node
  Term predicate;
  Term head;  // collection: the first list node
};

struct TurtleState {
  const RdfParseOptions* options = nullptr;
  QuadSink* sink = nullptr;
  RdfParseReport* report = nullptr;
  Status sink_status;

  std::string base;
  std::unordered_map<std::string, std::string> prefixes;
  std::string declared_prefix;
  std::uint64_t next_blank = 0;

  Term term;  // the last term read
  std::string lexical;
  std::string lang;
  std::string datatype;
  bool has_lang = false;
  bool has_datatype = false;
  std::string scratch;

  std::vector<Frame> frames = std::vector<Frame>(1);
  std::size_t depth = 0;  // frames[depth] is the innermost

  Term graph;
  Term label;  // a labelOrSubject that may turn out to name a graph
  bool has_label = false;
  bool in_graph = false;
  Quad quad;

  Frame& top() { return frames[depth]; }

  void FreshBlank(Term* out) {
    out->kind = TermKind::kBlank;
    out->lexical.assign(options->blank_scope);
    out->lexical.append("_g");
    char digits[24];
    auto r = std::to_chars(digits, digits + sizeof digits, ++next_blank);
    out->lexical.append(digits, r.ptr);
    out->datatype.clear();
    out->lang.clear();
  }

  void SetIri(Term* out, std::string_view iri) {
    out->kind = TermKind::kIri;
    out->lexical.assign(iri);
    out->datatype.clear();
    out->lang.clear();
  }

  void Emit(const Term& s, const Term& p, const Term& o) {
    quad.subject = s;
    quad.predicate = p;
    quad.object = o;
    quad.graph = graph;
    Status status = sink->Add(quad);
    if (!status.ok()) {
      sink_status = std::move(status);
      throw rdf_internal::SinkStopped{};
    }
    ++report->quads;
  }

  template <class ActionInput>
  void Push(const ActionInput& in, bool collection) {
    if (depth + 1 > kMaxNesting) {
      ThrowAt(in, 0,
              "blank node property lists and collections nested too deeply "
              "(more than 128 levels)");
    }
    ++depth;
    if (frames.size() <= depth) frames.emplace_back();
    Frame& f = frames[depth];
    f.collection = collection;
    f.has_items = false;
  }

  // Forgets a statement left half-read by an error.
  void ResetStatement() {
    depth = 0;
    has_label = false;
  }
};

template <class Rule>
struct Action : pegtl::nothing<Rule> {};

template <>
struct Action<t::iri_body> {
  template <class ActionInput>
  static void apply(const ActionInput& in, TurtleState& st) {
    const std::string_view body(in.begin(), in.size());
    std::string_view iri = body;
    if (std::memchr(body.data(), '\\', body.size()) != nullptr) {
      EscapeError error;
      if (!UnescapeIri(body, &st.scratch, &error)) {
        ThrowAt(in, error.offset, error.message);
      }
      iri = st.scratch;
    }
    st.term.kind = TermKind::kIri;
    st.term.datatype.clear();
    st.term.lang.clear();
    if (IsAbsoluteIri(iri)) {
      st.term.lexical.assign(iri);
    } else if (st.base.empty()) {
      // A relative IRI is not an RDF term: without a base to resolve it
      // against, the store would keep text no N-Triples dump can carry.
      ThrowAt(in, 0,
              "relative IRI and no base IRI to resolve it against (declare "
              "@base, or give one: kg load --base IRI)");
    } else {
      ResolveIri(st.base, iri, &st.term.lexical);
    }
  }
};

template <>
struct Action<tg::PrefixedName> {
  template <class ActionInput>
  static void apply(const ActionInput& in, TurtleState& st) {
    const std::string_view text(in.begin(), in.size());
    const std::size_t colon = text.find(':');
    st.scratch.assign(text.substr(0, colon));
    const auto it = st.prefixes.find(st.scratch);
    if (it == st.prefixes.end()) {
      ThrowAt(in, 0, "undefined prefix '" + st.scratch + "'");
    }
    st.term.kind = TermKind::kIri;
    st.term.datatype.clear();
    st.term.lang.clear();
    st.term.lexical.assign(it->second);
    AppendUnescapedLocalName(text.substr(colon + 1), &st.term.lexical);
  }
};

template <>
struct Action<t::BLANK_NODE_LABEL> {
  template <class ActionInput>
  static void apply(const ActionInput& in, TurtleState& st) {
    const std::string_view label(in.begin() + 2, in.size() - 2);
    Term& term = st.term;
    term.kind = TermKind::kBlank;
    term.datatype.clear();
    term.lang.clear();
    term.lexical.assign(st.options->blank_scope);
    // Generated labels are "_g<digits>"; a written label that starts with
    // "_g" gets a second "_g" so that the two can never meet.
    if (label.substr(0, 2) == "_g") term.lexical.append("_g");
    term.lexical.append(label);
  }
};

template <>
struct Action<t::ANON> {
  static void apply0(TurtleState& st) { st.FreshBlank(&st.term); }
};

// The four string forms: the body lies between `Quotes` quote characters.
template <std::size_t Quotes>
struct StringAction {
  template <class ActionInput>
  static void apply(const ActionInput& in, TurtleState& st) {
    const std::string_view body(in.begin() + Quotes, in.size() - 2 * Quotes);
    if (std::memchr(body.data(), '\\', body.size()) == nullptr) {
      st.lexical.assign(body);
    } else {
      EscapeError error;
      if (!UnescapeString(body, &st.lexical, &error)) {
        ThrowAt(in, Quotes + error.offset, error.message);
      }
    }
    st.has_lang = false;
    st.has_datatype = false;
  }
};
template <>
struct Action<t::STRING_LITERAL_QUOTE> : StringAction<1> {};
template <>
struct Action<t::STRING_LITERAL_SINGLE_QUOTE> : StringAction<1> {};
template <>
struct Action<t::STRING_LITERAL_LONG_QUOTE> : StringAction<3> {};
template <>
struct Action<t::STRING_LITERAL_LONG_SINGLE_QUOTE> : StringAction<3> {};

template <>
struct Action<t::LANGTAG> {
  template <class ActionInput>
  static void apply(const ActionInput& in, TurtleState& st) {
    st.lang.assign(in.begin() + 1, in.size() - 1);
    for (char& c : st.lang) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    st.has_lang = true;
  }
};

template <>
struct Action<tg::datatype> {
  static void apply0(TurtleState& st) {
    st.datatype.swap(st.term.lexical);
    st.has_datatype = true;
  }
};

template <>
struct Action<tg::RDFLiteral> {
  static void apply0(TurtleState& st) {
    Term& term = st.term;
    term.kind = TermKind::kLiteral;
    term.lexical.swap(st.lexical);
    if (st.has_lang) {
      term.lang.swap(st.lang);
      term.datatype.assign(kRdfLangString);
    } else if (st.has_datatype) {
      term.datatype.swap(st.datatype);
      term.lang.clear();
    } else {
      term.datatype.assign(kXsdString);
      term.lang.clear();
    }
  }
};

// Numbers and booleans: the matched text with an xsd datatype.
template <char... Name>
struct TypedLiteralAction {
  template <class ActionInput>
  static void apply(const ActionInput& in, TurtleState& st) {
    static constexpr char kName[] = {Name...};
    Term& term = st.term;
    term.kind = TermKind::kLiteral;
    term.lexical.assign(in.begin(), in.size());
    term.datatype.assign(kXsd);
    term.datatype.append(kName, sizeof kName);
    term.lang.clear();
  }
};
template <>
struct Action<t::INTEGER>
    : TypedLiteralAction<'i', 'n', 't', 'e', 'g', 'e', 'r'> {};
template <>
struct Action<t::DECIMAL>
    : TypedLiteralAction<'d', 'e', 'c', 'i', 'm', 'a', 'l'> {};
template <>
struct Action<t::DOUBLE> : TypedLiteralAction<'d', 'o', 'u', 'b', 'l', 'e'> {};
template <>
struct Action<tg::BooleanLiteral>
    : TypedLiteralAction<'b', 'o', 'o', 'l', 'e', 'a', 'n'> {};

template <>
struct Action<tg::a_keyword> {
  static void apply0(TurtleState& st) { st.SetIri(&st.term, kRdfType); }
};

template <>
struct Action<tg::verb> {
  static void apply0(TurtleState& st) {
    std::swap(st.top().predicate, st.term);
  }
};

template <>
struct Action<tg::subject> {
  static void apply0(TurtleState& st) { std::swap(st.top().subject, st.term); }
};

template <>
struct Action<tg::object> {
  static void apply0(TurtleState& st) {
    Frame& f = st.top();
    if (!f.collection) {
      st.Emit(f.subject, f.predicate, st.term);
      return;
    }
    // A collection item: a new list node whose rdf:first is the item.
    Term node;
    st.FreshBlank(&node);
    Term predicate;
    if (f.has_items) {
      st.SetIri(&predicate, kRdfRest);
      st.Emit(f.subject, predicate, node);
    } else {
      f.head = node;
      f.has_items = true;
    }
    st.SetIri(&predicate, kRdfFirst);
    st.Emit(node, predicate, st.term);
    f.subject = std::move(node);
  }
};

template <>
struct Action<tg::bnpl_open> {
  template <class ActionInput>
  static void apply(const ActionInput& in, TurtleState& st) {
    st.Push(in, /*collection=*/false);
    st.FreshBlank(&st.top().subject);
  }
};

template <>
struct Action<tg::bnpl_close> {
  static void apply0(TurtleState& st) {
    std::swap(st.term, st.top().subject);
    --st.depth;
  }
};

template <>
struct Action<tg::bnpl_subject> {
  static void apply0(TurtleState& st) { std::swap(st.top().subject, st.term); }
};

template <>
struct Action<tg::collection_open> {
  template <class ActionInput>
  static void apply(const ActionInput& in, TurtleState& st) {
    st.Push(in, /*collection=*/true);
  }
};

template <>
struct Action<tg::collection_close> {
  static void apply0(TurtleState& st) {
    Frame& f = st.top();
    Term nil;
    st.SetIri(&nil, kRdfNil);
    if (f.has_items) {
      Term rest;
      st.SetIri(&rest, kRdfRest);
      st.Emit(f.subject, rest, nil);
      std::swap(st.term, f.head);
    } else {
      st.term = std::move(nil);
    }
    --st.depth;
  }
};

template <>
struct Action<tg::collection_subject> {
  static void apply0(TurtleState& st) { std::swap(st.top().subject, st.term); }
};

// Directives.
template <>
struct Action<tg::prefix_decl_name> {
  template <class ActionInput>
  static void apply(const ActionInput& in, TurtleState& st) {
    st.declared_prefix.assign(in.begin(), in.size() - 1);
  }
};

struct DeclarePrefix {
  static void apply0(TurtleState& st) {
    st.prefixes[st.declared_prefix] = st.term.lexical;
    Status s = st.sink->AddPrefix(st.declared_prefix, st.term.lexical);
    if (!s.ok()) {
      st.sink_status = std::move(s);
      throw rdf_internal::SinkStopped{};
    }
  }
};
template <>
struct Action<tg::prefixID> : DeclarePrefix {};
template <>
struct Action<tg::sparqlPrefix> : DeclarePrefix {};

struct DeclareBase {
  static void apply0(TurtleState& st) { st.base = st.term.lexical; }
};
template <>
struct Action<tg::base> : DeclareBase {};
template <>
struct Action<tg::sparqlBase> : DeclareBase {};

// TriG graphs.
struct LabelOrSubject {
  static void apply0(TurtleState& st) {
    st.top().subject = st.term;
    std::swap(st.label, st.term);
    st.has_label = true;
  }
};
template <>
struct Action<tg::labelOrSubject> : LabelOrSubject {};
template <>
struct Action<tg::graph_name> : LabelOrSubject {};

struct OpenGraph {
  static void apply0(TurtleState& st) {
    if (st.has_label) {
      std::swap(st.graph, st.label);
    } else {
      st.graph = st.options->default_graph;
    }
    st.has_label = false;
    st.in_graph = true;
  }
};
template <>
struct Action<tg::graph_open> : OpenGraph {};
template <>
struct Action<tg::graph_head_open> : OpenGraph {};

template <>
struct Action<tg::graph_close> {
  static void apply0(TurtleState& st) {
    st.graph = st.options->default_graph;
    st.in_graph = false;
  }
};

// Lenient recovery: skips from an error to the end of the statement, i.e.
// past the next '.' that is followed by something no name or number can
// continue with, or, inside a TriG graph, to a '}' (which closes the graph).
// IRIs, strings and comments are stepped over whole.
template <class Input>
void SkipStatement(Input& in, TurtleState& st) {
  auto peek = [&](std::size_t i) -> int {
    return in.size(i + 1) > i ? static_cast<unsigned char>(in.peek_char(i))
                              : -1;
  };
  int braces = 0;  // '{' opened while skipping at top level
  for (;;) {
    const int c = peek(0);
    if (c < 0) return;
    if (c == '"' || c == '\'') {
      const bool long_string = peek(1) == c && peek(2) == c;
      const std::size_t quotes = long_string ? 3 : 1;
      in.bump(quotes);
      for (;;) {
        const int d = peek(0);
        if (d < 0) return;
        if (d == '\\') {
          in.bump(peek(1) < 0 ? 1 : 2);
          continue;
        }
        if (!long_string && (d == '\n' || d == '\r')) break;
        if (d == c && (!long_string || (peek(1) == c && peek(2) == c))) {
          in.bump(quotes);
          break;
        }
        in.bump(1);
      }
      continue;
    }
    if (c == '<') {
      std::size_t i = 1;
      int d;
      while ((d = peek(i)) >= 0 && d != '>' && d != '\n' && d != ' ') ++i;
      in.bump(d == '>' ? i + 1 : i);
      continue;
    }
    if (c == '#') {
      while (peek(0) >= 0 && peek(0) != '\n') in.bump(1);
      continue;
    }
    if (c == '{') {
      if (!st.in_graph) ++braces;
      in.bump(1);
      continue;
    }
    if (c == '}') {
      in.bump(1);
      if (braces > 0) {
        if (--braces == 0) return;
        continue;
      }
      if (st.in_graph) {
        st.in_graph = false;
        st.graph = st.options->default_graph;
        return;
      }
      continue;
    }
    if (c == '.' && braces == 0) {
      const int d = peek(1);
      const bool name_continues = d >= 0x80 || (d >= '0' && d <= '9') ||
                                  (d >= 'a' && d <= 'z') ||
                                  (d >= 'A' && d <= 'Z') || d == '_' ||
                                  d == ':' || d == '%' || d == '\\' || d == '-';
      in.bump(1);
      if (!name_continues) return;
      continue;
    }
    in.bump(1);
  }
}

class TurtleParser {
 public:
  TurtleParser(bool trig, const RdfParseOptions& options, QuadSink* sink,
               RdfParseReport* report)
      : trig_(trig) {
    state_.options = &options;
    state_.sink = sink;
    state_.report = report;
    state_.base = options.base_iri;
    state_.graph = options.default_graph;
  }

  template <class Input>
  void ParseStatement(Input& in) {
    using Control = rdf_internal::ErrorControl<tg::Errors>;
    state_.ResetStatement();
    if (!trig_) {
      pegtl::parse<tg::turtle_unit, Action, Control::template type>(in, state_);
    } else if (state_.in_graph) {
      pegtl::parse<tg::trig_graph_unit, Action, Control::template type>(in,
                                                                        state_);
    } else {
      pegtl::parse<tg::trig_unit, Action, Control::template type>(in, state_);
    }
  }

  template <class Input>
  void Recover(Input& in) {
    state_.ResetStatement();
    SkipStatement(in, state_);
    if (in.empty()) state_.in_graph = false;
  }

  Status sink_status() const { return state_.sink_status; }

  // False while inside a TriG graph block: the input may not end there.
  bool Complete() const { return !state_.in_graph; }

 private:
  bool trig_;
  TurtleState state_;
};

template <bool kStreaming, class Input>
Status Run(Input& in, std::string_view source, bool trig,
           const RdfParseOptions& options, QuadSink* sink,
           RdfParseReport* report) {
  TurtleParser parser(trig, options, sink, report);
  return rdf_internal::Drive<kStreaming>(in, source, options, report, parser);
}

struct SourceReader {
  rdf_internal::ByteSource* source;
  std::size_t operator()(char* buffer, std::size_t length) const {
    return source->Read(buffer, length);
  }
};

}  // namespace

namespace rdf_internal {

Status ParseTurtleText(std::string_view text, std::string_view source,
                       bool trig, const RdfParseOptions& options,
                       QuadSink* sink, RdfParseReport* report) {
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(
      text.data(), text.data() + text.size(), std::string(source));
  return Run<false>(in, source, trig, options, sink, report);
}

Status ParseTurtleStream(ByteSource* input, std::string_view source, bool trig,
                         const RdfParseOptions& options, QuadSink* sink,
                         RdfParseReport* report) {
  pegtl::buffer_input<SourceReader, pegtl::eol::lf_crlf, std::string,
                      kStreamChunk>
      in(std::string(source), options.max_statement_bytes + 2 * kStreamChunk,
         SourceReader{input});
  Status status = Run<true>(in, source, trig, options, sink, report);
  if (!input->status().ok()) return input->status();
  return status;
}

}  // namespace rdf_internal
}  // namespace kg::query
