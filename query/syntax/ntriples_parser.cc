// N-Triples and N-Quads: the actions and the one parse instantiation of
// ntriples_grammar.h. Built for bulk loading: one Quad is reused for every
// statement and terms are swapped into it, so after the first few lines no
// statement allocates; exceptions are thrown only for errors.
#include <algorithm>
#include <cstring>
#include <string>
#include <tao/pegtl.hpp>

#include "kg/quad.h"
#include "kg/term.h"
#include "query/syntax/escapes.h"
#include "query/syntax/iri.h"
#include "query/syntax/ntriples_errors.h"
#include "query/syntax/ntriples_grammar.h"
#include "query/syntax/rdf_parse_driver.h"
#include "query/syntax/rdf_parser_internal.h"

namespace kg::query {
namespace {

namespace pegtl = tao::pegtl;
namespace nt = ntriples;
namespace t = terminals;
using rdf_internal::ThrowAt;

struct NTriplesState {
  const RdfParseOptions* options = nullptr;
  QuadSink* sink = nullptr;
  RdfParseReport* report = nullptr;
  Status sink_status;

  Quad quad;
  // The last IRI or blank node read, swapped into the quad by the position
  // rules (subject, predicate, object, graphLabel).
  std::string token;
  TermKind token_kind = TermKind::kIri;
  // Parts of the last literal.
  std::string lexical;
  std::string lang;
  std::string datatype;
  bool has_lang = false;
  bool has_datatype = false;
  bool has_graph = false;

  void TakeToken(Term* term) {
    term->kind = token_kind;
    term->lexical.swap(token);
    term->datatype.clear();
    term->lang.clear();
  }
  void TakeLiteral(Term* term) {
    term->kind = TermKind::kLiteral;
    term->lexical.swap(lexical);
    if (has_lang) {
      term->lang.swap(lang);
      term->datatype.assign(kRdfLangString);
    } else if (has_datatype) {
      term->datatype.swap(datatype);
      term->lang.clear();
    } else {
      term->datatype.assign(kXsdString);
      term->lang.clear();
    }
  }
  void Emit() {
    if (!has_graph) quad.graph = options->default_graph;
    has_graph = false;
    Status s = sink->Add(quad);
    if (!s.ok()) {
      sink_status = std::move(s);
      throw rdf_internal::SinkStopped{};
    }
    ++report->quads;
  }
};

template <class Rule>
struct Action : pegtl::nothing<Rule> {};

template <>
struct Action<t::iri_body> {
  template <class ActionInput>
  static void apply(const ActionInput& in, NTriplesState& st) {
    const std::string_view body(in.begin(), in.size());
    if (std::memchr(body.data(), '\\', body.size()) == nullptr) {
      st.token.assign(body);
    } else {
      EscapeError error;
      if (!UnescapeIri(body, &st.token, &error)) {
        ThrowAt(in, error.offset, error.message);
      }
    }
    if (!IsAbsoluteIri(st.token)) {
      ThrowAt(in, 0,
              "relative IRI: N-Triples and N-Quads need absolute IRIs "
              "(with a scheme such as http:)");
    }
    st.token_kind = TermKind::kIri;
  }
};

template <>
struct Action<t::BLANK_NODE_LABEL> {
  template <class ActionInput>
  static void apply(const ActionInput& in, NTriplesState& st) {
    st.token.assign(st.options->blank_scope);
    st.token.append(in.begin() + 2, in.size() - 2);
    st.token_kind = TermKind::kBlank;
  }
};

template <>
struct Action<t::STRING_LITERAL_QUOTE> {
  template <class ActionInput>
  static void apply(const ActionInput& in, NTriplesState& st) {
    const std::string_view body(in.begin() + 1, in.size() - 2);
    if (std::memchr(body.data(), '\\', body.size()) == nullptr) {
      st.lexical.assign(body);
    } else {
      EscapeError error;
      if (!UnescapeString(body, &st.lexical, &error)) {
        ThrowAt(in, 1 + error.offset, error.message);
      }
    }
    st.has_lang = false;
    st.has_datatype = false;
  }
};

template <>
struct Action<t::LANGTAG> {
  template <class ActionInput>
  static void apply(const ActionInput& in, NTriplesState& st) {
    st.lang.assign(in.begin() + 1, in.size() - 1);
    for (char& c : st.lang) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    st.has_lang = true;
  }
};

template <>
struct Action<nt::datatype> {
  static void apply0(NTriplesState& st) {
    st.datatype.swap(st.token);
    st.has_datatype = true;
  }
};

template <>
struct Action<nt::literal> {
  static void apply0(NTriplesState& st) { st.token_kind = TermKind::kLiteral; }
};

template <>
struct Action<nt::subject> {
  static void apply0(NTriplesState& st) { st.TakeToken(&st.quad.subject); }
};

template <>
struct Action<nt::predicate> {
  static void apply0(NTriplesState& st) { st.TakeToken(&st.quad.predicate); }
};

template <>
struct Action<nt::object> {
  static void apply0(NTriplesState& st) {
    if (st.token_kind == TermKind::kLiteral) {
      st.TakeLiteral(&st.quad.object);
    } else {
      st.TakeToken(&st.quad.object);
    }
  }
};

template <>
struct Action<nt::graphLabel> {
  static void apply0(NTriplesState& st) {
    st.TakeToken(&st.quad.graph);
    st.has_graph = true;
  }
};

template <>
struct Action<nt::triple> {
  static void apply0(NTriplesState& st) { st.Emit(); }
};

template <>
struct Action<nt::statement> {
  static void apply0(NTriplesState& st) { st.Emit(); }
};

// Skips the rest of a bad line, whatever its bytes.
struct skip_line : pegtl::until<pegtl::sor<pegtl::one<'\n'>, pegtl::eof>> {};

template <class Statement>
struct LineParser {
  LineParser(const RdfParseOptions& options, QuadSink* sink,
             RdfParseReport* report) {
    state.options = &options;
    state.sink = sink;
    state.report = report;
  }
  NTriplesState state;

  template <class Input>
  void ParseStatement(Input& in) {
    pegtl::parse<nt::statement_line<Statement>, Action,
                 rdf_internal::ErrorControl<nt::Errors>::template type>(in,
                                                                        state);
  }
  template <class Input>
  void Recover(Input& in) {
    state.has_graph = false;
    pegtl::parse<skip_line>(in);
  }
  Status sink_status() const { return state.sink_status; }
  bool Complete() const { return true; }
};

template <bool kStreaming, class Input>
Status Run(Input& in, std::string_view source, bool quads,
           const RdfParseOptions& options, QuadSink* sink,
           RdfParseReport* report) {
  if (quads) {
    LineParser<nt::statement> parser(options, sink, report);
    return rdf_internal::Drive<kStreaming>(in, source, options, report, parser);
  }
  LineParser<nt::triple> parser(options, sink, report);
  return rdf_internal::Drive<kStreaming>(in, source, options, report, parser);
}

// Bytes read from a ByteSource for tao::pegtl::buffer_input.
struct SourceReader {
  rdf_internal::ByteSource* source;
  std::size_t operator()(char* buffer, std::size_t length) const {
    return source->Read(buffer, length);
  }
};

}  // namespace

namespace rdf_internal {

Status ParseNTriplesText(std::string_view text, std::string_view source,
                         bool quads, const RdfParseOptions& options,
                         QuadSink* sink, RdfParseReport* report) {
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(
      text.data(), text.data() + text.size(), std::string(source));
  return Run<false>(in, source, quads, options, sink, report);
}

Status ParseNTriplesStream(ByteSource* input, std::string_view source,
                           bool quads, const RdfParseOptions& options,
                           QuadSink* sink, RdfParseReport* report) {
  pegtl::buffer_input<SourceReader, pegtl::eol::lf_crlf, std::string,
                      kStreamChunk>
      in(std::string(source), options.max_statement_bytes + 2 * kStreamChunk,
         SourceReader{input});
  Status status = Run<true>(in, source, quads, options, sink, report);
  if (!input->status().ok()) return input->status();
  return status;
}

}  // namespace rdf_internal
}  // namespace kg::query
