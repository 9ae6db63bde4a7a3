// PEGTL actions for the shorthand grammar: they fill a ShorthandState while
// the grammar matches. Terms leave their value in `term` and the rule that
// uses the term (a pattern position, a path link, describe's target) takes
// it when it completes; paths are built on a stack. Included only by
// shorthand_parser.cc, the one place the parse is instantiated.
#ifndef KG_QUERY_SYNTAX_SHORTHAND_ACTIONS_H_
#define KG_QUERY_SYNTAX_SHORTHAND_ACTIONS_H_

#include <charconv>
#include <string>
#include <string_view>
#include <tao/pegtl.hpp>
#include <utility>
#include <vector>

#include "query/syntax/shorthand_grammar.h"
#include "query/syntax/shorthand_parser.h"

namespace kg::query::shorthand {

// A number after `max` too large to hold.
struct RangeError {
  std::size_t offset;
};

struct ShorthandState {
  explicit ShorthandState(std::string_view text) : text(text) {}
  std::string_view text;
  ShorthandStatement statement;
  ShorthandTerm term;
  std::vector<ShorthandPath> paths;
  ShorthandPattern pattern;

  template <class Input>
  void SetTerm(ShorthandTerm::Kind kind, const Input& in, std::string value) {
    term.kind = kind;
    term.text = std::move(value);
    term.offset = static_cast<std::size_t>(in.begin() - text.data());
  }
  ShorthandPath PopPath() {
    ShorthandPath p = std::move(paths.back());
    paths.pop_back();
    return p;
  }
  // Pops b and a and pushes a·b for `kind` (kSequence, kAlternative),
  // extending a when it is already such a chain.
  void JoinPaths(ShorthandPath::Kind kind) {
    ShorthandPath b = PopPath();
    ShorthandPath& a = paths.back();
    if (a.kind != kind) {
      ShorthandPath joined;
      joined.kind = kind;
      joined.children.push_back(std::move(a));
      a = std::move(joined);
    }
    a.children.push_back(std::move(b));
  }
  void WrapPath(ShorthandPath::Kind kind) {
    ShorthandPath wrapped;
    wrapped.kind = kind;
    wrapped.children.push_back(PopPath());
    paths.push_back(std::move(wrapped));
  }
};

template <class Rule>
struct Action : tao::pegtl::nothing<Rule> {};

template <>
struct Action<variable> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    s.SetTerm(ShorthandTerm::Kind::kVariable, in, in.string().substr(1));
  }
};

template <>
struct Action<iri> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    s.SetTerm(ShorthandTerm::Kind::kIri, in, in.string());
  }
};

template <>
struct Action<prefixed_name> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    s.SetTerm(ShorthandTerm::Kind::kPrefixedName, in, in.string());
  }
};

// Runs after the datatype's own iri/prefixed_name action, so the literal
// as a whole is the term left behind.
template <>
struct Action<literal> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    s.SetTerm(ShorthandTerm::Kind::kLiteral, in, in.string());
  }
};

template <>
struct Action<number> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    s.SetTerm(ShorthandTerm::Kind::kNumber, in, in.string());
  }
};

template <>
struct Action<bare_name> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    s.SetTerm(ShorthandTerm::Kind::kName, in, in.string());
  }
};

// «…» (two-byte delimiters in UTF-8) or `…`.
template <>
struct Action<quoted_name> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    const std::string all = in.string();
    const std::size_t delimiter = all[0] == '`' ? 1 : 2;
    s.SetTerm(ShorthandTerm::Kind::kName, in,
              all.substr(delimiter, all.size() - 2 * delimiter));
  }
};

template <>
struct Action<kw_a> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    s.SetTerm(ShorthandTerm::Kind::kRdfType, in, "a");
  }
};

template <>
struct Action<path_link> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    ShorthandPath link;
    link.kind = ShorthandPath::Kind::kLink;
    link.link = s.term;
    s.paths.push_back(std::move(link));
  }
};

template <>
struct Action<path_mod> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    const char c = *in.begin();
    s.WrapPath(c == '*'   ? ShorthandPath::Kind::kZeroOrMore
               : c == '+' ? ShorthandPath::Kind::kOneOrMore
                          : ShorthandPath::Kind::kZeroOrOne);
  }
};

template <>
struct Action<path_inverse> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.WrapPath(ShorthandPath::Kind::kInverse);
  }
};

template <>
struct Action<path_sequence_next> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.JoinPaths(ShorthandPath::Kind::kSequence);
  }
};

template <>
struct Action<path_alternative_next> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.JoinPaths(ShorthandPath::Kind::kAlternative);
  }
};

template <>
struct Action<subject> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.pattern = ShorthandPattern{};
    s.pattern.subject = s.term;
  }
};

// A variable predicate leaves no path on the stack.
template <>
struct Action<predicate> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    if (s.paths.empty()) {
      s.pattern.predicate_variable = s.term;
    } else {
      s.pattern.path = s.PopPath();
    }
  }
};

template <>
struct Action<object> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.pattern.object = s.term;
  }
};

template <>
struct Action<pattern> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.statement.patterns.push_back(std::move(s.pattern));
  }
};

template <>
struct Action<describe_one> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.statement.target = s.term;
  }
};

// The rest of the line, without trailing blanks, as one name.
template <>
struct Action<describe_words> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    std::string words = in.string();
    while (!words.empty() && (words.back() == ' ' || words.back() == '\t')) {
      words.pop_back();
    }
    s.SetTerm(ShorthandTerm::Kind::kName, in, std::move(words));
    s.statement.target = s.term;
  }
};

template <>
struct Action<describe> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.statement.kind = ShorthandStatement::Kind::kDescribe;
  }
};

template <>
struct Action<path_from> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.statement.target = s.term;
  }
};

template <>
struct Action<path_to> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.statement.other = s.term;
  }
};

template <>
struct Action<max_steps> {
  template <class Input>
  static void apply(const Input& in, ShorthandState& s) {
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(in.begin(), in.end(), n);
    if (ec != std::errc() || end != in.end()) {
      throw RangeError{static_cast<std::size_t>(in.begin() - s.text.data())};
    }
    s.statement.max_steps = n;
  }
};

template <>
struct Action<path_search> {
  template <class Input>
  static void apply(const Input&, ShorthandState& s) {
    s.statement.kind = ShorthandStatement::Kind::kPath;
  }
};

}  // namespace kg::query::shorthand

#endif  // KG_QUERY_SYNTAX_SHORTHAND_ACTIONS_H_
