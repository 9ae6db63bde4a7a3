// Status formatting.
#include "kg/status.h"

#include <fmt/format.h>

namespace kg {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kInvalidArgument:
      return "invalid argument";
    case StatusCode::kParseError:
      return "parse error";
    case StatusCode::kNotSupported:
      return "not supported";
    case StatusCode::kCorruption:
      return "corruption";
    case StatusCode::kIOError:
      return "I/O error";
    case StatusCode::kBusy:
      return "busy";
    case StatusCode::kAborted:
      return "aborted";
    case StatusCode::kInternal:
      return "internal error";
  }
  return "unknown";
}

Status Status::ParseError(std::string source, std::uint64_t line,
                          std::uint64_t column, std::string message,
                          std::string context) {
  Status s(StatusCode::kParseError, std::move(message));
  s.source_ = std::move(source);
  s.line_ = line;
  s.column_ = column;
  s.context_ = std::move(context);
  return s;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  if (code_ == StatusCode::kParseError && line_ > 0) {
    return fmt::format("{}:{}:{}: {}", source_, line_, column_, message_);
  }
  return fmt::format("{}: {}", StatusCodeName(code_), message_);
}

}  // namespace kg
