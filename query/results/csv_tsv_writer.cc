// SPARQL 1.1 Query Results CSV and TSV Formats
// (https://www.w3.org/TR/sparql11-results-csv-tsv/).
//
// CSV loses term types on purpose: IRIs bare, literals as their lexical
// form, blank nodes as _:label; CRLF line ends; a field is quoted (with ""
// for ") when it holds a comma, a quote, CR or LF, or starts or ends with a
// space. TSV keeps them: each value in Turtle term syntax, with
// xsd:integer, xsd:decimal, xsd:double and xsd:boolean written bare when
// their lexical form is valid Turtle for that type (the specification
// allows this); LF line ends.
//
// The specification defines no ASK result for either format. kg writes a
// header line and a value line: "boolean" CRLF "true" CRLF in CSV and
// "?boolean" LF "true" LF in TSV, so that both still read as a table with
// one column and one row.
#include <string>

#include "query/results/writers_internal.h"

namespace kg::query {
namespace {

// ---- CSV ------------------------------------------------------------------

void AppendCsvField(std::string_view field, std::string* out) {
  const bool quote =
      field.find_first_of(",\"\r\n") != std::string_view::npos ||
      (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

class CsvResultWriter : public FormatWriter {
 public:
  explicit CsvResultWriter(std::ostream* out) : FormatWriter(out) {}

 private:
  Status StartSolutions() override {
    line_.clear();
    for (std::size_t i = 0; i < variables().size(); ++i) {
      if (i > 0) line_.push_back(',');
      AppendCsvField(variables()[i], &line_);
    }
    line_.append("\r\n");
    Write(line_);
    return Status::Ok();
  }

  Status WriteRow(std::span<const std::optional<Term>> row) override {
    line_.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line_.push_back(',');
      if (!IsBound(row[i])) continue;
      const Term& term = *row[i];
      if (term.is_blank()) {
        AppendCsvField("_:" + term.lexical, &line_);
      } else {
        AppendCsvField(term.lexical, &line_);
      }
    }
    line_.append("\r\n");
    Write(line_);
    return Status::Ok();
  }

  Status EndSolutions() override { return Status::Ok(); }

  Status WriteBoolean(bool value) override {
    Write(value ? "boolean\r\ntrue\r\n" : "boolean\r\nfalse\r\n");
    return Status::Ok();
  }

  std::string line_;
};

// ---- TSV ------------------------------------------------------------------

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view WithoutSign(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  return s;
}

// Turtle INTEGER: [+-]? [0-9]+
bool IsIntegerToken(std::string_view s) { return AllDigits(WithoutSign(s)); }

// Turtle DECIMAL: [+-]? [0-9]* '.' [0-9]+
bool IsDecimalToken(std::string_view s) {
  s = WithoutSign(s);
  const std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view whole = s.substr(0, dot);
  return (whole.empty() || AllDigits(whole)) && AllDigits(s.substr(dot + 1));
}

// Turtle DOUBLE: [+-]? ([0-9]+ '.' [0-9]* EXP | '.' [0-9]+ EXP | [0-9]+ EXP)
// with EXP ::= [eE] [+-]? [0-9]+
bool IsDoubleToken(std::string_view s) {
  s = WithoutSign(s);
  const std::size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos) return false;
  if (!AllDigits(WithoutSign(s.substr(e + 1)))) return false;
  const std::string_view mantissa = s.substr(0, e);
  const std::size_t dot = mantissa.find('.');
  if (dot == std::string_view::npos) return AllDigits(mantissa);
  const std::string_view whole = mantissa.substr(0, dot);
  const std::string_view fraction = mantissa.substr(dot + 1);
  if (whole.empty()) return AllDigits(fraction);
  return AllDigits(whole) && (fraction.empty() || AllDigits(fraction));
}

// The bare Turtle token for `term`, or empty when it needs the full form.
std::string_view BareToken(const Term& term) {
  if (!term.is_literal() || !term.lang.empty()) return {};
  const std::string_view lex = term.lexical;
  const std::string_view type = term.datatype;
  if ((type == kXsdInteger && IsIntegerToken(lex)) ||
      (type == kXsdDecimal && IsDecimalToken(lex)) ||
      (type == kXsdDouble && IsDoubleToken(lex)) ||
      (type == kXsdBoolean && (lex == "true" || lex == "false"))) {
    return lex;
  }
  return {};
}

class TsvResultWriter : public FormatWriter {
 public:
  explicit TsvResultWriter(std::ostream* out) : FormatWriter(out) {}

 private:
  Status StartSolutions() override {
    line_.clear();
    for (std::size_t i = 0; i < variables().size(); ++i) {
      if (i > 0) line_.push_back('\t');
      line_.push_back('?');
      line_.append(variables()[i]);
    }
    line_.push_back('\n');
    Write(line_);
    return Status::Ok();
  }

  Status WriteRow(std::span<const std::optional<Term>> row) override {
    line_.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line_.push_back('\t');
      if (!IsBound(row[i])) continue;
      const std::string_view bare = BareToken(*row[i]);
      if (!bare.empty()) {
        line_.append(bare);
      } else {
        // N-Triples syntax is Turtle, and it escapes tab, LF and CR inside
        // strings and IRIs, so a value never splits a field or a line.
        line_.append(row[i]->ToNTriples());
      }
    }
    line_.push_back('\n');
    Write(line_);
    return Status::Ok();
  }

  Status EndSolutions() override { return Status::Ok(); }

  Status WriteBoolean(bool value) override {
    Write(value ? "?boolean\ntrue\n" : "?boolean\nfalse\n");
    return Status::Ok();
  }

  std::string line_;
};

}  // namespace

std::unique_ptr<ResultWriter> MakeCsvResultWriter(std::ostream* out) {
  return std::make_unique<CsvResultWriter>(out);
}

std::unique_ptr<ResultWriter> MakeTsvResultWriter(std::ostream* out) {
  return std::make_unique<TsvResultWriter>(out);
}

}  // namespace kg::query
