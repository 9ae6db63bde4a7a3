// The SPARQL 1.1 operators and functions of §17 on RDF terms: effective
// boolean value, comparison with value semantics, arithmetic with numeric
// type promotion, the ORDER BY order, the built-in calls and the XSD casts.
// The expression evaluator (query/exec/expression.cc) evaluates arguments
// and calls these; it handles itself what needs lazy evaluation (||, &&,
// BOUND, IF, COALESCE, IN, EXISTS).
//
// An "error" in the specification's sense (a type error, an unbound
// argument) is nullopt; it never throws.
#ifndef KG_QUERY_EXEC_FUNCTIONS_H_
#define KG_QUERY_EXEC_FUNCTIONS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kg/term.h"
#include "query/ast/ast.h"

namespace kg::query {

// An evaluated argument or result: nullopt is an error (or unbound).
using Value = std::optional<Term>;

struct CompiledRegex;  // defined in functions.cc (PCRE2)

// Per-query state of the functions. Create one per query execution.
class FunctionContext {
 public:
  FunctionContext();
  ~FunctionContext();
  // NOW() is the same xsd:dateTime for the whole query.
  const Term& now() const { return now_; }
  // A fresh blank-node label, unique within the query ("bnode" prefix +
  // counter, plus a per-query random part).
  std::string FreshBlankLabel();
  // Seeded from std::random_device on first use: the seeding costs more
  // than a small query, and most queries never draw a random number.
  std::mt19937_64& rng() {
    if (!rng_seeded_) SeedRng();
    return rng_;
  }
  // Compiled patterns cached by (pattern, flags); null for a bad pattern or
  // an unknown flag (XPath flags are s, m, i, x and q).
  const CompiledRegex* Regex(std::string_view pattern, std::string_view flags);
  // The label BNODE(key) gives in the current solution: the same label for
  // the same key until solution_serial changes, a fresh one otherwise.
  const std::string& SolutionBlankLabel(std::string_view key);

  // The evaluator bumps this once per solution (row); BNODE(str) keys its
  // labels on it.
  std::uint64_t solution_serial = 0;
  // The query's base IRI, against which IRI()/URI() resolve a relative
  // reference; empty for none (the reference is then kept as written).
  std::string base_iri;

 private:
  Term now_;
  void SeedRng();
  std::mt19937_64 rng_;
  bool rng_seeded_ = false;
  std::string bnode_prefix_;  // made with the first label
  std::uint64_t bnode_counter_ = 0;
  std::unordered_map<std::string, std::unique_ptr<CompiledRegex>> regex_cache_;
  // SolutionBlankLabel(): the labels given in solution `labelled_serial_`.
  std::uint64_t labelled_serial_ = 0;
  std::unordered_map<std::string, std::string> solution_labels_;
};

// §17.2.2. nullopt when `t` has no effective boolean value.
std::optional<bool> EffectiveBooleanValue(const Term& t);

enum class CompareOp : std::uint8_t { kEq, kNe, kLt, kGt, kLe, kGe };
// The operators = != < > <= >= of §17.3 (operator mapping table): numbers
// by value across xsd numeric types, simple literals and xsd:string by code
// point, booleans, dateTime and date by value, RDFterm-equal for = and !=
// otherwise (an error when two literals with unknown datatypes differ).
std::optional<bool> Compare(CompareOp op, const Term& a, const Term& b);

enum class ArithmeticOp : std::uint8_t { kAdd, kSubtract, kMultiply, kDivide };
// Numeric + - * / with XPath type promotion (integer < decimal < float <
// double; integer / integer is decimal; division by zero is an error for
// integer and decimal, INF/NaN for float and double).
Value Arithmetic(ArithmeticOp op, const Term& a, const Term& b);
Value UnaryMinus(const Term& a);
Value UnaryPlus(const Term& a);

// The order of ORDER BY (§15.1): unbound (null) < blank nodes < IRIs <
// literals; literals ordered by value where `<` is defined between them,
// otherwise a fixed total order (by datatype, then lexical form, then
// language). Returns <0, 0, >0. Equal only for the same term.
int OrderCompare(const Term* a, const Term* b);

// True for literals of a numeric XSD type with a valid lexical form.
bool IsNumeric(const Term& t);

// A built-in call on evaluated arguments. REQUIRES: `builtin` is none of
// kBound, kIf, kCoalesce (the evaluator's own), and args.size() is what the
// grammar allows for it. REGEX and REPLACE use PCRE2 with the XPath flags
// s, m, i, x and q.
Value CallBuiltin(ast::Builtin builtin, std::span<const Value> args,
                  FunctionContext& context);

// A function called by IRI: the XSD constructor casts of §17.5 (xsd:string,
// xsd:boolean, xsd:integer, xsd:decimal, xsd:float, xsd:double,
// xsd:dateTime, and the derived integer types). `*known` is set to false
// for any other IRI (the evaluator reports it unsupported).
Value CallFunction(std::string_view iri, std::span<const Value> args,
                   FunctionContext& context, bool* known);

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_FUNCTIONS_H_
