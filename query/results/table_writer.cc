// The aligned table the shell prints on a terminal:
//
//   ┌────────────────┬─────────┬─────┐
//   │ ?x             │ ?name   │ ?n  │
//   ├────────────────┼─────────┼─────┤
//   │ un:Guterres    │ غوتيريش │  42 │
//   │ <http://e.org> │         │ 3.5 │
//   └────────────────┴─────────┴─────┘
//   2 rows
//
// Columns are measured in terminal cells (DisplayWidth), never in bytes, so
// Arabic and CJK text lines up; right-to-left text is measured and padded
// but not reordered (terminals apply the bidi algorithm themselves).
// Literals show their lexical form only, numeric literals right-aligned;
// IRIs show as prefix:local under a known namespace, else as <iri>; blank
// nodes as _:label; unbound as an empty cell. Control characters are shown
// as escapes (\n, \t, \u001B) so a value can neither break the grid nor
// drive the terminal. A cell is at most kMaxCellWidth cells wide and is
// clipped with '…' beyond that. The first options.table_buffer_rows rows
// are buffered to size the columns; later rows are clipped to those sizes.
// A result without variables prints only the row count; ASK prints "true"
// or "false".
#include <string>
#include <utility>
#include <vector>

#include "query/results/writers_internal.h"
#include "query/text/unicode_width.h"

namespace kg::query {
namespace {

constexpr std::size_t kMaxCellWidth = 60;
constexpr std::string_view kEllipsis = "…";

// One rendered value: its text with no control characters, and its width in
// terminal cells.
struct Cell {
  std::string text;
  std::size_t width = 0;
  bool right_aligned = false;
};

// Appends `s` with C0 and C1 controls and DEL written as escapes and bytes
// that are not UTF-8 written as U+FFFD.
void AppendPrintable(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp;
    const std::size_t length = NextCodePoint(s, i, &cp);
    if (cp == '\n') {
      out->append("\\n");
    } else if (cp == '\r') {
      out->append("\\r");
    } else if (cp == '\t') {
      out->append("\\t");
    } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      out->append("\\u00");
      out->push_back(kHex[cp >> 4]);
      out->push_back(kHex[cp & 0xF]);
    } else if (length == 1 && cp == kReplacementCharacter) {
      AppendUtf8(kReplacementCharacter, out);
    } else {
      out->append(s.substr(i, length));
    }
    i += length;
  }
}

// Shortens `cell` to at most `limit` cells, ending it with an ellipsis.
// Cuts only between characters; zero-width marks stay with their base.
void Clip(std::size_t limit, Cell* cell) {
  if (cell->width <= limit) return;
  static const std::size_t kEllipsisWidth = DisplayWidth(kEllipsis);
  std::string clipped;
  std::size_t used = 0;
  if (limit >= kEllipsisWidth) {
    const std::string_view text = cell->text;
    std::size_t i = 0;
    while (i < text.size()) {
      char32_t cp;
      const std::size_t length = NextCodePoint(text, i, &cp);
      const std::size_t w = DisplayWidth(text.substr(i, length));
      if (used + w + kEllipsisWidth > limit) break;
      clipped.append(text.substr(i, length));
      used += w;
      i += length;
    }
    clipped.append(kEllipsis);
    used += kEllipsisWidth;
  }
  cell->text = std::move(clipped);
  cell->width = used;
}

Cell MakeCell(std::string text, bool right_aligned) {
  Cell cell;
  cell.width = DisplayWidth(text);
  cell.text = std::move(text);
  cell.right_aligned = right_aligned;
  Clip(kMaxCellWidth, &cell);
  return cell;
}

std::string Repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out.append(piece);
  return out;
}

class TableResultWriter : public FormatWriter {
 public:
  TableResultWriter(std::ostream* out, const ResultWriterOptions& options)
      : FormatWriter(out), options_(options) {}

 private:
  Status StartSolutions() override { return Status::Ok(); }

  Status WriteRow(std::span<const std::optional<Term>> row) override {
    ++row_count_;
    if (variables().empty()) return Status::Ok();
    std::vector<Cell> cells;
    cells.reserve(row.size());
    for (const std::optional<Term>& value : row) cells.push_back(Render(value));
    if (laid_out_) {
      WriteCells(&cells);
      return Status::Ok();
    }
    buffered_.push_back(std::move(cells));
    if (options_.table_buffer_rows != 0 &&
        buffered_.size() >= options_.table_buffer_rows) {
      LayOut();
    }
    return Status::Ok();
  }

  Status EndSolutions() override {
    if (!variables().empty()) {
      if (!laid_out_) LayOut();
      WriteRule("└", "┴", "┘");
    }
    Write(std::to_string(row_count_));
    Write(row_count_ == 1 ? " row\n" : " rows\n");
    return Status::Ok();
  }

  Status WriteBoolean(bool value) override {
    Write(value ? "true\n" : "false\n");
    return Status::Ok();
  }

  Cell Render(const std::optional<Term>& value) const {
    if (!IsBound(value)) return Cell{};
    const Term& term = *value;
    std::string text;
    switch (term.kind) {
      case TermKind::kIri:
        AppendIri(term.lexical, &text);
        break;
      case TermKind::kBlank:
        text = "_:";
        AppendPrintable(term.lexical, &text);
        break;
      case TermKind::kLiteral:
        AppendPrintable(term.lexical, &text);
        break;
      case TermKind::kDefaultGraph:  // never reached: see IsBound
        break;
    }
    const bool numeric = term.is_literal() && term.lang.empty() &&
                         IsNumericDatatype(term.datatype);
    return MakeCell(std::move(text), numeric);
  }

  // prefix:local under the longest namespace that leaves a local part
  // without '/' or '#', else <iri>.
  void AppendIri(std::string_view iri, std::string* out) const {
    const std::pair<std::string, std::string>* best = nullptr;
    for (const auto& entry : options_.prefixes) {
      const std::string& ns = entry.second;
      if (ns.empty() || iri.size() <= ns.size() ||
          iri.substr(0, ns.size()) != ns) {
        continue;
      }
      if (iri.find_first_of("/#", ns.size()) != std::string_view::npos) {
        continue;
      }
      if (best == nullptr || ns.size() > best->second.size()) best = &entry;
    }
    if (best != nullptr) {
      AppendPrintable(best->first, out);
      out->push_back(':');
      AppendPrintable(iri.substr(best->second.size()), out);
      return;
    }
    out->push_back('<');
    AppendPrintable(iri, out);
    out->push_back('>');
  }

  // Fixes the column widths from the header and the buffered rows, and
  // writes the top of the table and the buffered rows.
  void LayOut() {
    laid_out_ = true;
    std::vector<Cell> header;
    widths_.assign(variables().size(), 0);
    for (std::size_t i = 0; i < variables().size(); ++i) {
      std::string name = "?";
      AppendPrintable(variables()[i], &name);
      header.push_back(MakeCell(std::move(name), false));
      if (options_.headers) widths_[i] = header[i].width;
    }
    for (const std::vector<Cell>& cells : buffered_) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].width > widths_[i]) widths_[i] = cells[i].width;
      }
    }
    WriteRule("┌", "┬", "┐");
    if (options_.headers) {
      WriteCells(&header);
      WriteRule("├", "┼", "┤");
    }
    for (std::vector<Cell>& cells : buffered_) WriteCells(&cells);
    buffered_.clear();
    buffered_.shrink_to_fit();
  }

  void WriteRule(std::string_view left, std::string_view middle,
                 std::string_view right) {
    line_.assign(left);
    for (std::size_t i = 0; i < widths_.size(); ++i) {
      if (i > 0) line_.append(middle);
      line_.append(Repeat("─", widths_[i] + 2));
    }
    line_.append(right);
    line_.push_back('\n');
    Write(line_);
  }

  void WriteCells(std::vector<Cell>* cells) {
    line_.assign("│");
    for (std::size_t i = 0; i < cells->size(); ++i) {
      Cell& cell = (*cells)[i];
      Clip(widths_[i], &cell);
      const std::size_t padding = widths_[i] - cell.width;
      line_.push_back(' ');
      if (cell.right_aligned) line_.append(padding, ' ');
      line_.append(cell.text);
      if (!cell.right_aligned) line_.append(padding, ' ');
      line_.append(" │");
    }
    line_.push_back('\n');
    Write(line_);
  }

  const ResultWriterOptions options_;
  std::vector<std::vector<Cell>> buffered_;
  std::vector<std::size_t> widths_;
  bool laid_out_ = false;
  std::size_t row_count_ = 0;
  std::string line_;
};

}  // namespace

std::unique_ptr<ResultWriter> MakeTableResultWriter(
    std::ostream* out, const ResultWriterOptions& options) {
  return std::make_unique<TableResultWriter>(out, options);
}

}  // namespace kg::query
