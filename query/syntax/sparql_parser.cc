// The one instantiation of the SPARQL grammar: the nesting pre-check, the
// parse with sparql_actions.h, the checks made when a query is complete, and
// the conversion of every error into a kg::Status with a code-point column.
#include "query/syntax/sparql_parser.h"

#include <fmt/format.h>
#include <pthread.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <set>
#include <string>
#include <tao/pegtl.hpp>
#include <utility>
#include <vector>

#include "query/syntax/sparql_actions.h"
#include "query/syntax/sparql_errors.h"
#include "query/syntax/sparql_grammar.h"
#include "query/text/unicode_width.h"

namespace kg::query {

namespace sparql {

namespace {

// Names of the variables of `e` that occur outside aggregates.
void VariablesOutsideAggregates(const ast::Expr& e,
                                std::vector<const ast::Variable*>* out) {
  switch (e.kind) {
    case ast::ExprKind::kVariable:
      out->push_back(&e.variable);
      return;
    case ast::ExprKind::kAggregate:
    case ast::ExprKind::kExists:
    case ast::ExprKind::kNotExists:
      return;
    default:
      for (const ast::Expr& arg : e.args) VariablesOutsideAggregates(arg, out);
  }
}

}  // namespace

// The rules of §18.2.4.1 (grouping) and §18.2.1 (SELECT expressions may not
// assign a variable in scope) for a complete SELECT query or sub-select.
void CheckQuery(QueryFrame& frame) {
  const ast::Query& q = frame.query;
  if (q.form != ast::QueryForm::kSelect) return;
  std::set<std::string> in_scope;
  if (q.where) ast::CollectInScopeVariables(*q.where, &in_scope);
  for (std::size_t i = 0; i < q.select.size(); ++i) {
    const ast::SelectItem& item = q.select[i];
    if (item.expr && in_scope.count(item.variable.name) != 0) {
      throw SemanticError{
          frame.item_offsets[i],
          fmt::format("?{} is already bound in the WHERE clause; AS cannot "
                      "assign it",
                      item.variable.name)};
    }
  }

  bool aggregating = !q.group_by.empty() || !q.having.empty();
  for (const ast::SelectItem& item : q.select) {
    if (item.expr && ast::ContainsAggregate(*item.expr)) aggregating = true;
  }
  for (const ast::OrderCondition& c : q.order_by) {
    if (ast::ContainsAggregate(c.expr)) aggregating = true;
  }
  if (!aggregating) return;
  if (q.select_all) {
    throw SemanticError{frame.select_all_offset,
                        "SELECT * is not allowed with GROUP BY or "
                        "aggregates; select the grouped variables"};
  }
  std::set<std::string> grouped;
  for (const ast::GroupCondition& c : q.group_by) {
    if (c.alias) {
      grouped.insert(c.alias->name);
    } else if (c.expr.kind == ast::ExprKind::kVariable) {
      grouped.insert(c.expr.variable.name);
    }
  }
  for (std::size_t i = 0; i < q.select.size(); ++i) {
    const ast::SelectItem& item = q.select[i];
    std::vector<const ast::Variable*> used;
    if (item.expr) {
      VariablesOutsideAggregates(*item.expr, &used);
    } else {
      used.push_back(&item.variable);
    }
    for (const ast::Variable* v : used) {
      if (grouped.count(v->name) == 0) {
        throw SemanticError{
            frame.item_offsets[i],
            fmt::format("?{} is selected but neither grouped (GROUP BY) nor "
                        "inside an aggregate",
                        v->name)};
      }
    }
    // A later item may use an earlier one's result.
    grouped.insert(item.variable.name);
  }
}

}  // namespace sparql

namespace {

namespace pegtl = tao::pegtl;

template <class Rule>
using Control = pegtl::must_if<sparql::Errors, pegtl::normal,
                               /*RequireMessage=*/true>::control<Rule>;

// Longest stretch of the offending line shown on each side of the error.
constexpr std::size_t kContextBytes = 80;

// Moves `i` back to the start of the UTF-8 sequence it points into.
std::size_t CharStart(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() &&
         (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
    --i;
  }
  return i;
}

Status ErrorAt(std::string_view text, std::size_t offset, std::string message,
               const std::string& source) {
  offset = std::min(offset, text.size());
  if (offset < text.size() &&
      static_cast<unsigned char>(text[offset]) >= 0x80) {
    char32_t cp;
    if (DecodeUtf8(text.substr(offset), &cp) == 0) {
      message = "invalid UTF-8 byte sequence";
    }
  }
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(
                                   text.begin(), text.begin() + offset, '\n'));
  const std::size_t line_start =
      offset == 0 ? 0 : text.rfind('\n', offset - 1) + 1;  // npos + 1 == 0
  std::size_t line_end = text.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = text.size();
  std::string_view line_text = text.substr(line_start, line_end - line_start);
  if (!line_text.empty() && line_text.back() == '\r')
    line_text.remove_suffix(1);
  const std::size_t in_line = offset - line_start;
  const std::uint64_t column = CodePointColumn(line_text, in_line);

  // Show at most kContextBytes on each side of the error.
  std::size_t from = 0;
  std::size_t to = line_text.size();
  if (in_line > kContextBytes)
    from = CharStart(line_text, in_line - kContextBytes);
  if (to > in_line + kContextBytes) {
    to = CharStart(line_text, in_line + kContextBytes);
  }
  std::string shown;
  std::size_t caret = in_line - from;
  if (from > 0) {
    shown = "…";
    caret += shown.size();
  }
  shown.append(line_text.substr(from, to - from));
  if (to < line_text.size()) shown.append("…");
  return Status::ParseError(source, line, column, std::move(message),
                            CaretContext(shown, caret));
}

// The offset of the first '(', '[' or '{' nested deeper than `max`, or npos.
// Brackets in strings and comments do not count, nor do escaped characters
// (`ex:a\(`). Text that looks like an IRI ('<' up to '>' without a
// character IRIs exclude) may also be a '<' operator followed by real
// brackets (`?a<(?b)>1`), which cannot be told apart without parsing; the
// count must never be lower than the parser's real depth, so brackets in
// such a span count, except closing ones beyond those opened in it. An IRI
// with balanced brackets thus costs one level at most.
std::size_t FindExcessNesting(std::string_view s, std::size_t max) {
  // The depth never exceeds the number of opening brackets: text with at
  // most `max` of them (a long INSERT DATA, most queries) needs no scan.
  std::size_t openers = 0;
  for (const char bracket : {'(', '[', '{'}) {
    for (const char* p = s.data(); openers <= max;) {
      const std::size_t left =
          s.size() - static_cast<std::size_t>(p - s.data());
      p = static_cast<const char*>(std::memchr(p, bracket, left));
      if (p == nullptr) break;
      ++openers;
      ++p;
    }
  }
  if (openers <= max) return std::string_view::npos;
  const std::size_t n = s.size();
  std::size_t depth = 0;
  auto open = [&](std::size_t i) { return ++depth > max; };
  std::size_t i = 0;
  while (i < n) {
    const char c = s[i];
    switch (c) {
      case '#':
        while (i < n && s[i] != '\n' && s[i] != '\r') ++i;
        continue;
      case '"':
      case '\'': {
        const bool long_string = i + 2 < n && s[i + 1] == c && s[i + 2] == c;
        i += long_string ? 3 : 1;
        while (i < n) {
          if (s[i] == '\\') {
            i += 2;
            continue;
          }
          if (long_string) {
            if (i + 2 < n && s[i] == c && s[i + 1] == c && s[i + 2] == c) {
              i += 3;
              break;
            }
          } else if (s[i] == c || s[i] == '\n' || s[i] == '\r') {
            ++i;
            break;
          }
          ++i;
        }
        continue;
      }
      case '<': {
        std::size_t j = i + 1;
        while (j < n) {
          const unsigned char d = static_cast<unsigned char>(s[j]);
          if (d <= 0x20 || d == '<' || d == '>' || d == '"' || d == '{' ||
              d == '}' || d == '|' || d == '^' || d == '`') {
            break;
          }
          j += d == '\\' ? 2 : 1;
        }
        if (j < n && s[j] == '>') {
          const std::size_t base = depth;
          for (std::size_t k = i + 1; k < j; ++k) {
            if (s[k] == '\\') {
              ++k;
            } else if (s[k] == '(' || s[k] == '[') {
              if (open(k)) return k;
            } else if ((s[k] == ')' || s[k] == ']') && depth > base) {
              --depth;
            }
          }
          i = j + 1;
        } else {
          ++i;
        }
        continue;
      }
      case '\\':
        i += 2;
        continue;
      case '(':
      case '[':
      case '{':
        if (open(i)) return i;
        break;
      case ')':
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
    ++i;
  }
  return std::string_view::npos;
}

template <class Rule>
void Run(pegtl::memory_input<pegtl::tracking_mode::lazy>& in,
         sparql::SparqlState& state) {
  if (!pegtl::parse<Rule, sparql::Action, Control>(in, state)) {
    throw pegtl::parse_error("expected a query or an update", in);
  }
}

// Nesting up to this depth is parsed on the caller's stack.
constexpr std::size_t kInlineParseNesting = 64;
// The stack of the parser thread for deeper text (address space only: pages
// are touched as the recursion goes).
constexpr std::size_t kParserStackBytes = std::size_t{512} << 20;

Result<ast::Request> ParseNested(std::string_view text,
                                 const SparqlParseOptions& options);

extern "C" void* RunParserThread(void* arg) {
  (*static_cast<std::function<void()>*>(arg))();
  return nullptr;
}

Status RunWithLargeStack(std::function<void()> fn) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0)
    return Status::Internal("cannot start the parser thread");
  pthread_attr_setstacksize(&attr, kParserStackBytes);
  pthread_t thread;
  int rc = pthread_create(&thread, &attr, RunParserThread, &fn);
  pthread_attr_destroy(&attr);
  if (rc != 0) return Status::Internal("cannot start the parser thread");
  pthread_join(thread, nullptr);
  return Status::Ok();
}

}  // namespace

Result<ast::Request> ParseSparql(std::string_view text,
                                 const SparqlParseOptions& options) {
  const std::size_t max_nesting =
      std::min(options.max_nesting, kMaxSparqlNesting);
  // One scan of the text in the common case: nothing nested deeper than
  // the inline depth, which is within every limit that large.
  const bool shallow =
      FindExcessNesting(text, kInlineParseNesting) == std::string_view::npos;
  if (shallow && max_nesting >= kInlineParseNesting)
    return ParseNested(text, options);
  if (const std::size_t at = FindExcessNesting(text, max_nesting);
      at != std::string_view::npos) {
    return ErrorAt(text, at,
                   fmt::format("nesting too deep: more than {} levels of "
                               "brackets, parentheses and braces",
                               max_nesting),
                   options.source);
  }

  // Deeply nested text is parsed on a thread with a large stack of its own,
  // so that no caller's stack size (a small thread-pool stack, a sanitizer
  // build's big frames) can overflow, whatever nesting the limit allows.
  if (!shallow) {
    Result<ast::Request> result = Status::Internal("parser thread did not run");
    Status started =
        RunWithLargeStack([&] { result = ParseNested(text, options); });
    if (!started.ok()) return started;
    return result;
  }
  return ParseNested(text, options);
}

namespace {

Result<ast::Request> ParseNested(std::string_view text,
                                 const SparqlParseOptions& options) {
  sparql::SparqlState state(text, options.base_iri, options.prefixes);
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(),
                                                     options.source);
  try {
    switch (options.kind) {
      case SparqlRequestKind::kAny:
        Run<sparql::any_request>(in, state);
        break;
      case SparqlRequestKind::kQuery:
        Run<sparql::query_request>(in, state);
        break;
      case SparqlRequestKind::kUpdate:
        Run<sparql::update_request>(in, state);
        break;
    }
  } catch (const pegtl::parse_error& e) {
    std::string message(e.message());
    if (options.kind == SparqlRequestKind::kAny &&
        state.request.operations.empty() &&
        message == sparql::Errors::message<sparql::end_of_update>) {
      message =
          "expected a query (SELECT, CONSTRUCT, DESCRIBE, ASK) or an "
          "update operation";
    }
    return ErrorAt(text, e.positions().front().byte, std::move(message),
                   options.source);
  } catch (const sparql::SemanticError& e) {
    return ErrorAt(text, e.offset, e.message, options.source);
  }
  state.request.base_iri = state.base;
  return std::move(state.request);
}

}  // namespace

}  // namespace kg::query
