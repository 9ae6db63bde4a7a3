// Format names, the writer factory, and the call-order and stream checks that
// every result format shares (FormatWriter).
#include "query/results/result_writer.h"

#include <array>
#include <cassert>
#include <string>

#include "query/results/writers_internal.h"
#include "query/text/unicode_width.h"

namespace kg::query {

std::optional<ResultFormat> ResultFormatFromName(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "table") return ResultFormat::kTable;
  if (lower == "json") return ResultFormat::kJson;
  if (lower == "xml") return ResultFormat::kXml;
  if (lower == "csv") return ResultFormat::kCsv;
  if (lower == "tsv") return ResultFormat::kTsv;
  return std::nullopt;
}

std::unique_ptr<ResultWriter> MakeResultWriter(
    ResultFormat format, std::ostream* out,
    const ResultWriterOptions& options) {
  assert(out != nullptr);
  switch (format) {
    case ResultFormat::kTable:
      return MakeTableResultWriter(out, options);
    case ResultFormat::kJson:
      return MakeJsonResultWriter(out);
    case ResultFormat::kXml:
      return MakeXmlResultWriter(out);
    case ResultFormat::kCsv:
      return MakeCsvResultWriter(out);
    case ResultFormat::kTsv:
      return MakeTsvResultWriter(out);
  }
  return nullptr;
}

Status FormatWriter::CheckStream() const {
  if (!*out_) return Status::IOError("cannot write query results");
  return Status::Ok();
}

Status FormatWriter::OutOfOrder(std::string_view call) const {
  static constexpr std::array<std::string_view, 5> kStateNames = {
      "before Begin", "after Begin", "after Row", "after Boolean", "after End"};
  return Status::InvalidArgument(
      "result writer: " + std::string(call) + " called " +
      std::string(kStateNames[static_cast<std::size_t>(state_)]));
}

Status FormatWriter::Begin(const std::vector<std::string>& variables) {
  if (state_ != State::kNew) return OutOfOrder("Begin");
  KG_RETURN_IF_ERROR(CheckStream());
  variables_ = variables;
  state_ = State::kBegun;
  return Status::Ok();
}

Status FormatWriter::Row(std::span<const std::optional<Term>> row) {
  if (state_ != State::kBegun && state_ != State::kRows) {
    return OutOfOrder("Row");
  }
  if (row.size() != variables_.size()) {
    return Status::InvalidArgument(
        "result writer: a row has " + std::to_string(row.size()) +
        " values for " + std::to_string(variables_.size()) + " variables");
  }
  KG_RETURN_IF_ERROR(CheckStream());
  if (state_ == State::kBegun) {
    state_ = State::kRows;
    KG_RETURN_IF_ERROR(StartSolutions());
  }
  KG_RETURN_IF_ERROR(WriteRow(row));
  return CheckStream();
}

Status FormatWriter::Boolean(bool value) {
  if (state_ != State::kBegun) return OutOfOrder("Boolean");
  KG_RETURN_IF_ERROR(CheckStream());
  state_ = State::kBoolean;
  KG_RETURN_IF_ERROR(WriteBoolean(value));
  return CheckStream();
}

Status FormatWriter::End() {
  if (state_ == State::kNew || state_ == State::kEnded) {
    return OutOfOrder("End");
  }
  KG_RETURN_IF_ERROR(CheckStream());
  const State was = state_;
  state_ = State::kEnded;
  if (was == State::kBegun) KG_RETURN_IF_ERROR(StartSolutions());
  if (was != State::kBoolean) KG_RETURN_IF_ERROR(EndSolutions());
  out_->flush();
  return CheckStream();
}

std::size_t NextCodePoint(std::string_view s, std::size_t i,
                          char32_t* code_point) {
  const auto byte = static_cast<unsigned char>(s[i]);
  if (byte < 0x80) {
    *code_point = byte;
    return 1;
  }
  const std::size_t length = DecodeUtf8(s.substr(i), code_point);
  if (length == 0) {
    *code_point = kReplacementCharacter;
    return 1;
  }
  return length;
}

bool IsNumericDatatype(std::string_view datatype) {
  if (datatype.substr(0, kXsd.size()) != kXsd) return false;
  static constexpr std::array<std::string_view, 16> kNumericTypes = {
      "integer",
      "decimal",
      "float",
      "double",
      "nonPositiveInteger",
      "negativeInteger",
      "long",
      "int",
      "short",
      "byte",
      "nonNegativeInteger",
      "unsignedLong",
      "unsignedInt",
      "unsignedShort",
      "unsignedByte",
      "positiveInteger"};
  const std::string_view local = datatype.substr(kXsd.size());
  for (std::string_view name : kNumericTypes) {
    if (local == name) return true;
  }
  return false;
}

}  // namespace kg::query
