// Private to query/results: the base class every result format derives from
// (call order, row width and stream checks live there once), the per-format
// factories MakeResultWriter dispatches to, and small text helpers.
#ifndef KG_QUERY_RESULTS_WRITERS_INTERNAL_H_
#define KG_QUERY_RESULTS_WRITERS_INTERNAL_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kg/status.h"
#include "kg/term.h"
#include "query/results/result_writer.h"

namespace kg::query {

// Implements the ResultWriter protocol for a concrete format:
//   Begin      records the variables (nothing is written yet, because only
//              the next call tells a SELECT from an ASK);
//   Row        calls StartSolutions before the first row, then WriteRow;
//   Boolean    calls WriteBoolean, which writes the whole ASK document;
//   End        calls StartSolutions if no row came, then EndSolutions (for
//              an ASK, nothing), and flushes.
// Calls out of this order return kInvalidArgument, and so does a row whose
// width differs from the number of variables. The stream is checked before
// and after each call: a failed stream gives kIOError.
class FormatWriter : public ResultWriter {
 public:
  Status Begin(const std::vector<std::string>& variables) final;
  Status Row(std::span<const std::optional<Term>> row) final;
  Status Boolean(bool value) final;
  Status End() final;

 protected:
  explicit FormatWriter(std::ostream* out) : out_(out) {}

  virtual Status StartSolutions() = 0;
  // REQUIRES: row.size() == variables().size().
  virtual Status WriteRow(std::span<const std::optional<Term>> row) = 0;
  virtual Status EndSolutions() = 0;
  virtual Status WriteBoolean(bool value) = 0;

  std::ostream& out() { return *out_; }
  void Write(std::string_view text) {
    out_->write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  const std::vector<std::string>& variables() const { return variables_; }

 private:
  enum class State : unsigned char { kNew, kBegun, kRows, kBoolean, kEnded };
  Status CheckStream() const;
  Status OutOfOrder(std::string_view call) const;

  std::ostream* out_;
  std::vector<std::string> variables_;
  State state_ = State::kNew;
};

std::unique_ptr<ResultWriter> MakeJsonResultWriter(std::ostream* out);
std::unique_ptr<ResultWriter> MakeXmlResultWriter(std::ostream* out);
std::unique_ptr<ResultWriter> MakeCsvResultWriter(std::ostream* out);
std::unique_ptr<ResultWriter> MakeTsvResultWriter(std::ostream* out);
std::unique_ptr<ResultWriter> MakeTableResultWriter(
    std::ostream* out, const ResultWriterOptions& options);

// The replacement character, written where input bytes are not UTF-8.
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point at s[i] (REQUIRES: i < s.size()) into *code_point
// and returns its length in bytes. A byte that does not start a well-formed
// sequence decodes as U+FFFD with length 1, so callers always progress.
std::size_t NextCodePoint(std::string_view s, std::size_t i,
                          char32_t* code_point);

// False for an unbound value. The default graph is not a value a query can
// bind; should one arrive, every format writes it as unbound.
inline bool IsBound(const std::optional<Term>& value) {
  return value.has_value() && !value->is_default_graph();
}

// True for xsd:integer, xsd:decimal, xsd:float, xsd:double and the types
// derived from xsd:integer (xsd:int, xsd:nonNegativeInteger, ...).
bool IsNumericDatatype(std::string_view datatype);

}  // namespace kg::query

#endif  // KG_QUERY_RESULTS_WRITERS_INTERNAL_H_
