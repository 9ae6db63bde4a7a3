// The statement loop shared by the PEGTL-based RDF parsers: parses one
// statement at a time from a memory or streaming input, turns syntax errors
// into kg::Status (line, column in code points, caret context), skips bad
// statements in lenient mode, keeps a streaming buffer bounded, and reports
// progress. Internal to query/syntax; included only by the parser .cc files.
#ifndef KG_QUERY_SYNTAX_RDF_PARSE_DRIVER_H_
#define KG_QUERY_SYNTAX_RDF_PARSE_DRIVER_H_

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tao/pegtl.hpp>
#include <tao/pegtl/demangle.hpp>
#include <type_traits>
#include <utility>

#include "kg/status.h"
#include "query/syntax/rdf_parser.h"
#include "query/syntax/rdf_parser_internal.h"
#include "query/text/unicode_width.h"

namespace kg::query::rdf_internal {

// A syntax error at `where`: thrown by the grammar's control (for `must`
// failures and `raise<>` rules) and by actions (semantic checks such as an
// undefined prefix), caught once by Drive().
template <class Iterator>
struct SyntaxErrorAt {
  Iterator where;
  std::string message;
};

// Thrown by an action when the sink refuses a quad; the status is kept in
// the parser's state.
struct SinkStopped {};

inline const char* DataOf(const char* it) { return it; }
inline const char* DataOf(const tao::pegtl::internal::iterator& it) {
  return it.data;
}

// `it` moved `n` bytes forward on the same line.
inline const char* Advanced(const char* it, std::size_t n) { return it + n; }
inline tao::pegtl::internal::iterator Advanced(
    tao::pegtl::internal::iterator it, std::size_t n) {
  it.data += n;
  it.byte += n;
  it.column += n;
  return it;
}

// Moves `in` to `where`, which lies in its current buffer.
template <class Input>
void MoveTo(Input& in, const char* where) {
  const char* current = in.current();
  if (where >= current) {
    in.bump(static_cast<std::size_t>(where - current));
  } else if constexpr (std::is_same_v<typename Input::iterator_t,
                                      const char*>) {
    in.iterator() = where;
  }
}

// Throws a SyntaxErrorAt `offset` bytes into the token `in`.
template <class ActionInput>
[[noreturn]] void ThrowAt(const ActionInput& in, std::size_t offset,
                          std::string message) {
  throw SyntaxErrorAt<typename ActionInput::iterator_t>{
      Advanced(in.iterator(), offset), std::move(message)};
}

// PEGTL control that raises SyntaxErrorAt with `Errors::message<Rule>`;
// rules without a message fall back to naming the rule (a grammar bug
// worth a message, never silent).
template <class Errors>
struct ErrorControl {
  template <class Rule>
  struct type : tao::pegtl::normal<Rule> {
    template <class ParseInput, class... States>
    [[noreturn]] static void raise(const ParseInput& in, States&&...) {
      constexpr const char* message = Errors::template message<Rule>;
      if constexpr (message != nullptr) {
        throw SyntaxErrorAt<typename ParseInput::iterator_t>{in.iterator(),
                                                             message};
      } else {
        throw SyntaxErrorAt<typename ParseInput::iterator_t>{
            in.iterator(),
            fmt::format("syntax error in {}", tao::pegtl::demangle<Rule>())};
      }
    }
  };
};

// Maps byte positions to line numbers, code-point columns and the line text
// for error messages. Lines are counted incrementally from the last located
// position, so locating many errors in order costs one pass over the input.
// For streaming inputs, Discard() is called before bytes leave the buffer.
class SourceLines {
 public:
  explicit SourceLines(const char* begin)
      : region_begin_(begin), checkpoint_(begin) {}

  // The bytes [region_begin, upto) are about to be dropped; `new_begin` is
  // where `upto`'s byte will be afterwards.
  void Discard(const char* upto, const char* new_begin) {
    Locate(upto);  // advances the line count to `upto`
    region_line_ = checkpoint_line_;
    const char* nl = LastNewline(region_begin_, upto);
    if (nl != nullptr) {
      carry_.assign(nl + 1, upto);
      carry_columns_ = CodePointColumn(carry_, carry_.size()) - 1;
      carry_truncated_ = false;
    } else {
      carry_.append(region_begin_, upto);
      carry_columns_ +=
          CodePointColumn(std::string_view(region_begin_, upto - region_begin_),
                          upto - region_begin_) -
          1;
    }
    if (carry_.size() > kMaxContextBytes) {
      std::size_t cut = carry_.size() - kMaxContextBytes;
      while (cut < carry_.size() &&
             (static_cast<unsigned char>(carry_[cut]) & 0xC0) == 0x80) {
        ++cut;
      }
      carry_.erase(0, cut);
      carry_truncated_ = true;
    }
    region_begin_ = new_begin;
    checkpoint_ = new_begin;
  }

  struct Location {
    std::uint64_t line;
    std::uint64_t column;
    std::string context;
  };

  // Location of `where`; `readable_end` bounds the bytes that may be read
  // to show the rest of the line.
  Location Locate(const char* where, const char* readable_end = nullptr) {
    if (where < checkpoint_) {
      checkpoint_ = region_begin_;
      checkpoint_line_ = region_line_;
    }
    for (const char* p = checkpoint_; p < where;) {
      const void* nl = std::memchr(p, '\n', where - p);
      if (nl == nullptr) break;
      ++checkpoint_line_;
      p = static_cast<const char*>(nl) + 1;
    }
    checkpoint_ = where;
    Location loc{checkpoint_line_, 1, {}};
    if (readable_end == nullptr) return loc;

    const char* nl = LastNewline(region_begin_, where);
    std::string prefix;
    bool truncated = false;
    if (nl != nullptr) {
      prefix.assign(nl + 1, where);
      loc.column = CodePointColumn(prefix, prefix.size());
    } else {
      // The line began before the region: its head was discarded already.
      const std::string_view head(region_begin_, where - region_begin_);
      loc.column = carry_columns_ + CodePointColumn(head, head.size());
      prefix = carry_;
      prefix.append(head);
      truncated = carry_truncated_;
    }
    if (prefix.size() > kMaxContextBytes) {
      std::size_t cut = prefix.size() - kMaxContextBytes;
      while (cut < prefix.size() &&
             (static_cast<unsigned char>(prefix[cut]) & 0xC0) == 0x80) {
        ++cut;
      }
      prefix.erase(0, cut);
      truncated = true;
    }
    const char* end = where;
    while (end < readable_end && *end != '\n' &&
           static_cast<std::size_t>(end - where) < kMaxContextBytes) {
      ++end;
    }
    std::string line = (truncated ? "…" : "") + prefix;
    const std::size_t caret = line.size();
    line.append(where, end);
    loc.context = CaretContext(line, caret);
    return loc;
  }

 private:
  static constexpr std::size_t kMaxContextBytes = 160;

  static const char* LastNewline(const char* begin, const char* end) {
    if (end <= begin) return nullptr;
    return static_cast<const char*>(memrchr(begin, '\n', end - begin));
  }

  const char* region_begin_;
  std::uint64_t region_line_ = 1;
  const char* checkpoint_;
  std::uint64_t checkpoint_line_ = 1;
  std::string carry_;  // the current line's bytes already discarded (tail)
  std::uint64_t carry_columns_ = 0;  // code points in all of them
  bool carry_truncated_ = false;
};

// Runs `parser` over `in` statement by statement. `Parser` provides
//   template <class Input> void ParseStatement(Input&);   // may throw
//   template <class Input> void Recover(Input&);   // skip after an error
//   Status sink_status();
//   bool Complete();   // false if the input may not end here
// A streaming input (tao::pegtl::buffer_input) is discarded between
// statements so its buffer never holds more than one statement.
template <bool kStreaming, class Input, class Parser>
Status Drive(Input& in, std::string_view source, const RdfParseOptions& options,
             RdfParseReport* report, Parser& parser) {
  using Iterator = typename Input::iterator_t;
  // Where buffer_input::discard() moves unread bytes (for memory inputs:
  // the text's start).
  const char* const region_begin = DataOf(in.iterator());
  // A UTF-8 byte order mark is not part of the document.
  if (in.size(3) >= 3 && std::memcmp(in.current(), "\xEF\xBB\xBF", 3) == 0) {
    in.bump_in_this_line(3);
  }
  SourceLines lines(in.current());
  std::uint64_t next_progress = 1u << 20;

  auto readable_end = [&]() -> const char* {
    if constexpr (kStreaming) {
      return in.current() + in.size(0);
    } else {
      return in.end();
    }
  };
  auto make_error = [&](const char* where, std::string message) {
    // An error on a malformed byte is reported as such, whatever the grammar
    // expected there.
    const char* end = readable_end();
    if (where < end && static_cast<unsigned char>(*where) >= 0x80) {
      char32_t cp;
      if (DecodeUtf8(std::string_view(where, end - where), &cp) == 0) {
        message = "invalid UTF-8 byte sequence";
      }
    }
    SourceLines::Location loc = lines.Locate(where, end);
    return Status::ParseError(std::string(source), loc.line, loc.column,
                              std::move(message), std::move(loc.context));
  };

  for (;;) {
    if constexpr (kStreaming) {
      // Same condition as buffer_input::discard(), which moves the unread
      // bytes to the buffer's start (region_begin): count lines first.
      if (in.current() > region_begin + kStreamChunk) {
        lines.Discard(in.current(), region_begin);
        in.discard();
      }
    }
    const char* statement_start = in.current();
    try {
      const bool at_end = in.empty();
      if (at_end && parser.Complete()) break;
      const std::size_t before = in.byte();
      parser.ParseStatement(in);  // at the end: raises the missing part
      if (in.byte() == before && (!in.empty() || !parser.Complete())) {
        return Status::Internal("RDF parser made no progress");
      }
      if (kStreaming && in.byte() - before > options.max_statement_bytes) {
        throw std::overflow_error("statement too long");
      }
    } catch (const SyntaxErrorAt<Iterator>& e) {
      MoveTo(in, DataOf(e.where));
      if constexpr (kStreaming) {
        try {
          (void)in.size(256);  // make the rest of the line visible
        } catch (const std::overflow_error&) {
        }
      }
      Status error = make_error(DataOf(e.where), e.message);
      if (!options.lenient) return error;
      ++report->skipped;
      if (report->errors.size() < options.max_reported_errors) {
        report->errors.push_back(std::move(error));
      }
      try {
        parser.Recover(in);
      } catch (const std::overflow_error&) {
        return Status::ParseError(
            std::string(source), lines.Locate(in.current()).line, 1,
            "cannot skip the bad statement: no statement end within the "
            "statement size limit");
      }
    } catch (const SinkStopped&) {
      return parser.sink_status();
    } catch (const std::overflow_error&) {
      // Thrown by the buffer when the statement does not fit, or above
      // once a statement turned out longer than the limit.
      SourceLines::Location loc = lines.Locate(statement_start);
      return Status::ParseError(
          std::string(source), loc.line, loc.column,
          fmt::format("statement longer than the limit of {} bytes for "
                      "streamed input (max_statement_bytes)",
                      options.max_statement_bytes));
    } catch (const tao::pegtl::parse_error& e) {
      const auto& pos = e.positions().front();
      return Status::ParseError(std::string(source), pos.line, pos.column,
                                std::string(e.message()));
    }
    if (options.progress && in.byte() >= next_progress) {
      options.progress(in.byte());
      next_progress = in.byte() + (1u << 20);
    }
  }
  if (options.progress) options.progress(in.byte());
  return Status::Ok();
}

}  // namespace kg::query::rdf_internal

#endif  // KG_QUERY_SYNTAX_RDF_PARSE_DRIVER_H_
