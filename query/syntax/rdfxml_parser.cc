// RDF/XML through libraptor2: raptor parses, we map its terms to kg::Term,
// push quads into the sink and turn raptor's log messages into Status.
#include <raptor2.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "kg/quad.h"
#include "kg/term.h"
#include "query/syntax/rdf_parser_internal.h"
#include "query/text/unicode_width.h"

namespace kg::query {
namespace {

struct RaptorContext {
  const RdfParseOptions* options = nullptr;
  QuadSink* sink = nullptr;
  RdfParseReport* report = nullptr;
  std::string source;
  std::string_view text;  // the whole input when parsing from memory
  raptor_parser* parser = nullptr;
  Quad quad;
  Status status;  // first fatal error or the sink's refusal
  bool aborted = false;
};

void ToTerm(const raptor_term* in, const RdfParseOptions& options, Term* out) {
  out->datatype.clear();
  out->lang.clear();
  switch (in->type) {
    case RAPTOR_TERM_TYPE_URI: {
      std::size_t len = 0;
      const unsigned char* s =
          raptor_uri_as_counted_string(in->value.uri, &len);
      out->kind = TermKind::kIri;
      out->lexical.assign(reinterpret_cast<const char*>(s), len);
      break;
    }
    case RAPTOR_TERM_TYPE_BLANK:
      out->kind = TermKind::kBlank;
      out->lexical.assign(options.blank_scope);
      out->lexical.append(reinterpret_cast<const char*>(in->value.blank.string),
                          in->value.blank.string_len);
      break;
    case RAPTOR_TERM_TYPE_LITERAL: {
      const raptor_term_literal_value& lit = in->value.literal;
      out->kind = TermKind::kLiteral;
      out->lexical.assign(reinterpret_cast<const char*>(lit.string),
                          lit.string_len);
      if (lit.language != nullptr && lit.language_len > 0) {
        out->lang.assign(reinterpret_cast<const char*>(lit.language),
                         lit.language_len);
        for (char& c : out->lang) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        out->datatype.assign(kRdfLangString);
      } else if (lit.datatype != nullptr) {
        std::size_t len = 0;
        const unsigned char* s =
            raptor_uri_as_counted_string(lit.datatype, &len);
        out->datatype.assign(reinterpret_cast<const char*>(s), len);
      } else {
        out->datatype.assign(kXsdString);
      }
      break;
    }
    default:
      out->kind = TermKind::kDefaultGraph;
      out->lexical.clear();
  }
}

void OnStatement(void* user_data, raptor_statement* statement) {
  auto* ctx = static_cast<RaptorContext*>(user_data);
  if (ctx->aborted) return;
  ToTerm(statement->subject, *ctx->options, &ctx->quad.subject);
  ToTerm(statement->predicate, *ctx->options, &ctx->quad.predicate);
  ToTerm(statement->object, *ctx->options, &ctx->quad.object);
  if (statement->graph != nullptr) {
    ToTerm(statement->graph, *ctx->options, &ctx->quad.graph);
  } else {
    ctx->quad.graph = ctx->options->default_graph;
  }
  Status s = ctx->sink->Add(ctx->quad);
  if (!s.ok()) {
    ctx->status = std::move(s);
    ctx->aborted = true;
    raptor_parser_parse_abort(ctx->parser);
    return;
  }
  ++ctx->report->quads;
}

// The line `line` (1-based) of `text`, or empty.
std::string_view LineOf(std::string_view text, int line) {
  if (line <= 0) return {};
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  const std::size_t end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? end : end - start);
}

void OnLog(void* user_data, raptor_log_message* message) {
  auto* ctx = static_cast<RaptorContext*>(user_data);
  if (message->level < RAPTOR_LOG_LEVEL_ERROR || ctx->aborted) return;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string context;
  if (message->locator != nullptr && message->locator->line > 0) {
    line = static_cast<std::uint64_t>(message->locator->line);
    const std::string_view text = LineOf(ctx->text, message->locator->line);
    if (message->locator->column >= 0) {
      // raptor counts columns in bytes from 0 or 1 depending on the XML
      // library; convert to code points from 1.
      std::size_t byte = static_cast<std::size_t>(message->locator->column);
      if (byte > 0 && !text.empty()) --byte;
      column = text.empty() ? byte + 1 : CodePointColumn(text, byte);
      if (!text.empty()) context = CaretContext(text, byte);
    }
  }
  std::string text = message->text != nullptr ? message->text : "RDF/XML error";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  Status error =
      Status::ParseError(ctx->source, line, column, text, std::move(context));
  const bool fatal = message->level >= RAPTOR_LOG_LEVEL_FATAL;
  if (ctx->options->lenient && !fatal) {
    ++ctx->report->skipped;
    if (ctx->report->errors.size() < ctx->options->max_reported_errors) {
      ctx->report->errors.push_back(std::move(error));
    }
    return;
  }
  ctx->status = std::move(error);
  ctx->aborted = true;
  raptor_parser_parse_abort(ctx->parser);
}

struct WorldDeleter {
  void operator()(raptor_world* w) const { raptor_free_world(w); }
};
struct ParserDeleter {
  void operator()(raptor_parser* p) const { raptor_free_parser(p); }
};
struct UriDeleter {
  void operator()(raptor_uri* u) const { raptor_free_uri(u); }
};

// Feeds `next` (returns the next chunk; empty at the end) to raptor.
template <class NextChunk>
Status Parse(std::string_view source, std::string_view whole_text,
             const RdfParseOptions& options, QuadSink* sink,
             RdfParseReport* report, NextChunk next) {
  std::unique_ptr<raptor_world, WorldDeleter> world(raptor_new_world());
  if (world == nullptr || raptor_world_open(world.get()) != 0) {
    return Status::Internal("cannot initialise libraptor2");
  }
  RaptorContext ctx;
  ctx.options = &options;
  ctx.sink = sink;
  ctx.report = report;
  ctx.source = std::string(source);
  ctx.text = whole_text;
  raptor_world_set_log_handler(world.get(), &ctx, OnLog);
  std::unique_ptr<raptor_parser, ParserDeleter> parser(
      raptor_new_parser(world.get(), "rdfxml"));
  if (parser == nullptr) return Status::Internal("no RDF/XML parser in raptor");
  ctx.parser = parser.get();
  raptor_parser_set_statement_handler(parser.get(), &ctx, OnStatement);
  // RDF/XML always needs a base; without one, the file's own name serves.
  std::string base = options.base_iri;
  if (base.empty()) {
    base = "file://";
    if (source.empty() || source[0] != '/') base.push_back('/');
    base.append(source);
  }
  std::unique_ptr<raptor_uri, UriDeleter> base_uri(raptor_new_uri(
      world.get(), reinterpret_cast<const unsigned char*>(base.c_str())));
  if (base_uri == nullptr) {
    return Status::InvalidArgument("invalid base IRI: " + base);
  }
  if (raptor_parser_parse_start(parser.get(), base_uri.get()) != 0) {
    return ctx.status.ok() ? Status::Internal("raptor could not start")
                           : ctx.status;
  }
  for (;;) {
    const std::string_view chunk = next();
    const bool end = chunk.empty();
    raptor_parser_parse_chunk(
        parser.get(), reinterpret_cast<const unsigned char*>(chunk.data()),
        chunk.size(), end ? 1 : 0);
    if (ctx.aborted || end) break;
  }
  return ctx.status;
}

}  // namespace

namespace rdf_internal {

Status ParseRdfXmlText(std::string_view text, std::string_view source,
                       const RdfParseOptions& options, QuadSink* sink,
                       RdfParseReport* report) {
  std::size_t offset = 0;
  return Parse(source, text, options, sink, report, [&]() {
    const std::size_t n = std::min<std::size_t>(text.size() - offset, 1 << 20);
    std::string_view chunk = text.substr(offset, n);
    offset += n;
    if (options.progress && n > 0) options.progress(offset);
    return chunk;
  });
}

Status ParseRdfXmlStream(ByteSource* input, std::string_view source,
                         const RdfParseOptions& options, QuadSink* sink,
                         RdfParseReport* report) {
  std::vector<char> buffer(kStreamChunk);
  std::uint64_t total = 0;
  Status status = Parse(source, {}, options, sink, report, [&]() {
    const std::size_t n = input->Read(buffer.data(), buffer.size());
    total += n;
    if (options.progress && n > 0) options.progress(total);
    return std::string_view(buffer.data(), n);
  });
  if (!input->status().ok()) return input->status();
  return status;
}

}  // namespace rdf_internal
}  // namespace kg::query
