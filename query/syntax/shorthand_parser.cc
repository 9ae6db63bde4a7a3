// The one instantiation of the shorthand grammar, the conversion of its
// errors into kg::Status, and the compiler from parsed patterns to SPARQL.
#include "query/syntax/shorthand_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <tao/pegtl.hpp>
#include <utility>

#include "query/syntax/shorthand_actions.h"
#include "query/syntax/shorthand_errors.h"
#include "query/syntax/shorthand_grammar.h"
#include "query/text/unicode_width.h"

namespace kg::query {
namespace {

namespace pegtl = tao::pegtl;

template <class Rule>
using Control = pegtl::must_if<shorthand::Errors, pegtl::normal,
                               /*RequireMessage=*/true>::control<Rule>;

// kParseError at byte `offset` of `text`: line, code-point column, and the
// line with a caret under the offset.
Status ErrorAt(std::string_view text, std::size_t offset, std::string message,
               const std::string& source) {
  offset = std::min(offset, text.size());
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(
                                   text.begin(), text.begin() + offset, '\n'));
  const std::size_t line_start =
      offset == 0 ? 0 : text.rfind('\n', offset - 1) + 1;  // npos + 1 == 0
  std::size_t line_end = text.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = text.size();
  std::string_view line_text = text.substr(line_start, line_end - line_start);
  if (!line_text.empty() && line_text.back() == '\r') {
    line_text.remove_suffix(1);
  }
  const std::size_t in_line = offset - line_start;
  // At most kContextBytes of the line on each side of the caret.
  constexpr std::size_t kContextBytes = 80;
  auto char_start = [&](std::size_t i) {
    while (i > 0 && (static_cast<unsigned char>(line_text[i]) & 0xC0) == 0x80) {
      --i;
    }
    return i;
  };
  std::size_t from = 0;
  std::size_t to = line_text.size();
  if (in_line > kContextBytes) from = char_start(in_line - kContextBytes);
  if (to > in_line + kContextBytes) to = char_start(in_line + kContextBytes);
  std::string shown = from > 0 ? "…" : "";
  const std::size_t caret = in_line - from + shown.size();
  shown.append(line_text.substr(from, to - from));
  if (to < line_text.size()) shown.append("…");
  return Status::ParseError(source, line, CodePointColumn(line_text, in_line),
                            std::move(message), CaretContext(shown, caret));
}

// A resolver's error placed at `term`: its first line becomes the message,
// the rest (candidates, suggestions) follows on further lines.
Status PlaceError(const Status& error, const ShorthandTerm& term,
                  std::string_view text, const std::string& source) {
  return ErrorAt(text, term.offset, error.message(), source);
}

// Binding strength of a path operator: an operand weaker than its
// position requires is parenthesized.
int Precedence(const ShorthandPath& p) {
  switch (p.kind) {
    case ShorthandPath::Kind::kLink:
      return 4;
    case ShorthandPath::Kind::kZeroOrMore:
    case ShorthandPath::Kind::kOneOrMore:
    case ShorthandPath::Kind::kZeroOrOne:
      return 3;
    case ShorthandPath::Kind::kInverse:
      return 2;
    case ShorthandPath::Kind::kSequence:
      return 1;
    case ShorthandPath::Kind::kAlternative:
      return 0;
  }
  return 0;
}

// `p` in SPARQL syntax, its links already written as SPARQL terms.
std::string RenderPath(const ShorthandPath& p, int required) {
  std::string out;
  switch (p.kind) {
    case ShorthandPath::Kind::kLink:
      out = p.link.text;
      break;
    case ShorthandPath::Kind::kInverse:
      out = "^" + RenderPath(p.children[0], 3);
      break;
    case ShorthandPath::Kind::kZeroOrMore:
      out = RenderPath(p.children[0], 4) + "*";
      break;
    case ShorthandPath::Kind::kOneOrMore:
      out = RenderPath(p.children[0], 4) + "+";
      break;
    case ShorthandPath::Kind::kZeroOrOne:
      out = RenderPath(p.children[0], 4) + "?";
      break;
    case ShorthandPath::Kind::kSequence:
    case ShorthandPath::Kind::kAlternative: {
      const bool sequence = p.kind == ShorthandPath::Kind::kSequence;
      for (std::size_t i = 0; i < p.children.size(); ++i) {
        if (i > 0) out += sequence ? "/" : "|";
        out += RenderPath(p.children[i], sequence ? 2 : 1);
      }
      break;
    }
  }
  return Precedence(p) < required ? "(" + out + ")" : out;
}

// ^^p is p.
ShorthandPath Simplify(ShorthandPath p) {
  for (ShorthandPath& child : p.children) child = Simplify(std::move(child));
  if (p.kind == ShorthandPath::Kind::kInverse &&
      p.children[0].kind == ShorthandPath::Kind::kInverse) {
    return std::move(p.children[0].children[0]);
  }
  return p;
}

class Compiler {
 public:
  Compiler(std::string_view text, ShorthandResolver& resolver,
           const std::string& source)
      : text_(text), resolver_(resolver), source_(source) {}

  // A subject or object as SPARQL text.
  Result<std::string> Node(const ShorthandTerm& term) {
    switch (term.kind) {
      case ShorthandTerm::Kind::kVariable:
        AddVariable(term.text);
        return "?" + term.text;
      case ShorthandTerm::Kind::kName: {
        auto resolved = resolver_.Resolve(term.text, ShorthandRole::kNode);
        if (!resolved.ok()) {
          return PlaceError(resolved.status(), term, text_, source_);
        }
        return resolver_.FormatIri(resolved->iri);
      }
      case ShorthandTerm::Kind::kRdfType:
        return std::string("a");
      case ShorthandTerm::Kind::kPrefixedName: {
        // Checked here so that an unknown prefix is reported at the term.
        auto iri = resolver_.ExpandPrefixedName(term.text);
        if (!iri.ok()) return PlaceError(iri.status(), term, text_, source_);
        return term.text;
      }
      default:
        return term.text;
    }
  }

  // `path` with every link written as SPARQL and every inverse name turned
  // into the inverse of its declared predicate. Sets *inverse_name when the
  // whole path is one inverse name.
  Result<ShorthandPath> Path(const ShorthandPath& path, bool* inverse_name) {
    *inverse_name = false;
    ShorthandPath out;
    out.kind = path.kind;
    if (path.kind != ShorthandPath::Kind::kLink) {
      for (const ShorthandPath& child : path.children) {
        bool ignored;
        KG_ASSIGN_OR_RETURN(ShorthandPath c, Path(child, &ignored));
        out.children.push_back(std::move(c));
      }
      return out;
    }
    out.link = path.link;
    if (path.link.kind != ShorthandTerm::Kind::kName) {
      KG_ASSIGN_OR_RETURN(out.link.text, Node(path.link));
      return out;
    }
    auto resolved =
        resolver_.Resolve(path.link.text, ShorthandRole::kPredicate);
    if (!resolved.ok()) {
      return PlaceError(resolved.status(), path.link, text_, source_);
    }
    out.link.text = resolver_.FormatIri(resolved->iri);
    if (!resolved->inverse) return out;
    *inverse_name = true;
    ShorthandPath inverse;
    inverse.kind = ShorthandPath::Kind::kInverse;
    inverse.children.push_back(std::move(out));
    return inverse;
  }

  Result<std::string> Triple(const ShorthandPattern& pattern) {
    KG_ASSIGN_OR_RETURN(std::string subject, Node(pattern.subject));
    std::string predicate;
    bool swap = false;
    if (pattern.predicate_variable) {
      KG_ASSIGN_OR_RETURN(predicate, Node(*pattern.predicate_variable));
    } else {
      KG_ASSIGN_OR_RETURN(ShorthandPath path, Path(pattern.path, &swap));
      if (swap) path = std::move(path.children[0]);
      predicate = RenderPath(Simplify(std::move(path)), 0);
    }
    KG_ASSIGN_OR_RETURN(std::string object, Node(pattern.object));
    if (swap) std::swap(subject, object);
    return fmt::format("{} {} {}", subject, predicate, object);
  }

  const std::vector<std::string>& variables() const { return variables_; }

 private:
  void AddVariable(const std::string& name) {
    if (std::find(variables_.begin(), variables_.end(), name) ==
        variables_.end()) {
      variables_.push_back(name);
    }
  }

  std::string_view text_;
  ShorthandResolver& resolver_;
  const std::string& source_;
  std::vector<std::string> variables_;
};

// Deepest nesting of '(' a path may have: the grammar recurses once per
// level, so a bound keeps any input from exhausting the stack.
constexpr std::size_t kMaxNesting = 100;

// The offset of the first '(' nested deeper than kMaxNesting outside
// strings, IRIs and quoted names, or npos.
std::size_t FindExcessNesting(std::string_view s) {
  std::size_t depth = 0;
  char closing = 0;  // inside a quoted stretch: the character that ends it
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (closing != 0) {
      if (c == '\\' && closing != '>') {
        ++i;
      } else if (c == closing) {
        closing = 0;
      }
      continue;
    }
    switch (c) {
      case '"':
      case '\'':
      case '`':
        closing = c;
        break;
      case '<':
        closing = '>';
        break;
      case '(':
        if (++depth > kMaxNesting) return i;
        break;
      case ')':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Result<ShorthandStatement> ParseShorthand(std::string_view text,
                                          const std::string& source) {
  if (const std::size_t at = FindExcessNesting(text);
      at != std::string_view::npos) {
    return ErrorAt(text, at,
                   fmt::format("paths nested more than {} deep", kMaxNesting),
                   source);
  }
  shorthand::ShorthandState state(text);
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(),
                                                     source);
  try {
    pegtl::parse<shorthand::statement, shorthand::Action, Control>(in, state);
  } catch (const pegtl::parse_error& e) {
    return ErrorAt(text, e.positions().front().byte, std::string(e.message()),
                   source);
  } catch (const shorthand::RangeError& e) {
    return ErrorAt(text, e.offset, "too many steps after max", source);
  }
  return std::move(state.statement);
}

Result<std::string> CompileShorthand(const ShorthandStatement& statement,
                                     std::string_view text,
                                     ShorthandResolver& resolver,
                                     const std::string& source) {
  Compiler compiler(text, resolver, source);
  std::string body;
  for (const ShorthandPattern& pattern : statement.patterns) {
    KG_ASSIGN_OR_RETURN(std::string triple, compiler.Triple(pattern));
    if (!body.empty()) body += " . ";
    body += triple;
  }
  if (compiler.variables().empty()) return fmt::format("ASK {{ {} }}", body);
  std::string select = "SELECT";
  for (const std::string& v : compiler.variables()) select += " ?" + v;
  return fmt::format("{} WHERE {{ {} }}", select, body);
}

Result<std::string> ResolveShorthandNode(const ShorthandTerm& term,
                                         std::string_view text,
                                         ShorthandResolver& resolver,
                                         const std::string& source) {
  switch (term.kind) {
    case ShorthandTerm::Kind::kName: {
      auto resolved = resolver.Resolve(term.text, ShorthandRole::kNode);
      if (!resolved.ok()) {
        return PlaceError(resolved.status(), term, text, source);
      }
      return resolved->iri;
    }
    case ShorthandTerm::Kind::kIri:
      return term.text.substr(1, term.text.size() - 2);
    case ShorthandTerm::Kind::kPrefixedName: {
      auto iri = resolver.ExpandPrefixedName(term.text);
      if (!iri.ok()) return PlaceError(iri.status(), term, text, source);
      return *iri;
    }
    default:
      return ErrorAt(text, term.offset, "expected a name, prefix:name or <iri>",
                     source);
  }
}

}  // namespace kg::query
