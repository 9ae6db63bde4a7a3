// Writers for query results: SPARQL 1.1 Query Results JSON, XML, CSV and
// TSV, and the aligned table the shell prints. CONSTRUCT and DESCRIBE graphs
// are written with the RDF writers (query/syntax/rdf_writer.h) instead.
#ifndef KG_QUERY_RESULTS_RESULT_WRITER_H_
#define KG_QUERY_RESULTS_RESULT_WRITER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/status.h"
#include "kg/term.h"

namespace kg::query {

enum class ResultFormat : std::uint8_t { kTable, kJson, kXml, kCsv, kTsv };

// "table", "json", "xml", "csv", "tsv".
std::optional<ResultFormat> ResultFormatFromName(std::string_view name);

struct ResultWriterOptions {
  // Table: print the header line.
  bool headers = true;
  // Table: IRIs under these namespaces print as prefix:local.
  std::vector<std::pair<std::string, std::string>> prefixes;
  // Table: at most this many rows are buffered to measure column widths;
  // later rows are printed with the widths found so far (cells clipped
  // with an ellipsis). Zero: buffer everything.
  std::size_t table_buffer_rows = 10000;
};

// Call Begin once, then Row for each row (or Boolean once for ASK), then
// End. Every call returns kIOError when the stream fails.
class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  virtual Status Begin(const std::vector<std::string>& variables) = 0;
  // One entry per variable passed to Begin; nullopt is unbound.
  virtual Status Row(std::span<const std::optional<Term>> row) = 0;
  virtual Status Boolean(bool value) = 0;
  virtual Status End() = 0;
};

std::unique_ptr<ResultWriter> MakeResultWriter(
    ResultFormat format, std::ostream* out,
    const ResultWriterOptions& options = {});

}  // namespace kg::query

#endif  // KG_QUERY_RESULTS_RESULT_WRITER_H_
