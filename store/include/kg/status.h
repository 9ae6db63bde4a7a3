// Status and Result<T>: how every fallible kg call reports failure. No
// exception crosses a public kg header; callers check these instead.
#ifndef KG_STATUS_H_
#define KG_STATUS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kg {

enum class StatusCode : std::uint8_t {
  kOk = 0,
  kNotFound,
  kInvalidArgument,
  kParseError,
  kNotSupported,
  kCorruption,
  kIOError,
  kBusy,
  kAborted,
  kInternal,
};

// Returns a stable lower-case name for `code`, e.g. "parse error".
std::string_view StatusCodeName(StatusCode code);

// The outcome of an operation. Cheap to copy when ok. Parse errors also carry
// the position of the offending input: line and column count from 1, the
// column in Unicode code points (not bytes), and `source` names the input
// (a file name, "stdin", "query").
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status NotFound(std::string m) {
    return {StatusCode::kNotFound, std::move(m)};
  }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotSupported(std::string m) {
    return {StatusCode::kNotSupported, std::move(m)};
  }
  static Status Corruption(std::string m) {
    return {StatusCode::kCorruption, std::move(m)};
  }
  static Status IOError(std::string m) {
    return {StatusCode::kIOError, std::move(m)};
  }
  static Status Busy(std::string m) {
    return {StatusCode::kBusy, std::move(m)};
  }
  static Status Aborted(std::string m) {
    return {StatusCode::kAborted, std::move(m)};
  }
  static Status Internal(std::string m) {
    return {StatusCode::kInternal, std::move(m)};
  }
  // A parse error at `line`:`column` (1-based, column in code points) of
  // `source`. `context` is the offending line followed by a newline and a
  // caret line placed by display width; it may be empty.
  static Status ParseError(std::string source, std::uint64_t line,
                           std::uint64_t column, std::string message,
                           std::string context = {});

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // The message without position, e.g. "expected '.' to end the triple".
  const std::string& message() const { return message_; }
  std::uint64_t line() const { return line_; }
  std::uint64_t column() const { return column_; }
  const std::string& source() const { return source_; }
  const std::string& context() const { return context_; }

  // "source:line:col: message" for parse errors, "<code name>: message"
  // otherwise, "ok" when ok. Does not include the context lines.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string source_;
  std::string context_;
  std::uint64_t line_ = 0;
  std::uint64_t column_ = 0;
};

// Either a value or a non-ok Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  // REQUIRES: ok().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // Ok status when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace kg

#define KG_STATUS_CONCAT_INNER_(a, b) a##b
#define KG_STATUS_CONCAT_(a, b) KG_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not ok.
#define KG_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::kg::Status kg_status_ = (expr);        \
    if (!kg_status_.ok()) return kg_status_; \
  } while (0)

// `lhs = value of expr` (a Result<T>), or return its Status.
#define KG_ASSIGN_OR_RETURN(lhs, expr) \
  KG_ASSIGN_OR_RETURN_IMPL_(KG_STATUS_CONCAT_(kg_result_, __LINE__), lhs, expr)
#define KG_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // KG_STATUS_H_
