// The SPARQL 1.1 operators and functions (query/exec/functions.h) against
// the values the specification (§17, XPath F&O) gives.
#include "query/exec/functions.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace kg::query {
namespace {

using ast::Builtin;

const std::string kXsdNs = "http://www.w3.org/2001/XMLSchema#";

Term Str(std::string s) { return Term::Literal(std::move(s)); }
Term Lang(std::string s, std::string tag) {
  return Term::LangLiteral(std::move(s), std::move(tag));
}
Term Typed(std::string lex, const std::string& local) {
  return Term::Literal(std::move(lex), kXsdNs + local);
}
Term Int(std::string lex) { return Typed(std::move(lex), "integer"); }
Term Dec(std::string lex) { return Typed(std::move(lex), "decimal"); }
Term Dbl(std::string lex) { return Typed(std::move(lex), "double"); }
Term Flt(std::string lex) { return Typed(std::move(lex), "float"); }
Term Bool(bool b) { return Typed(b ? "true" : "false", "boolean"); }
Term DateTime(std::string lex) { return Typed(std::move(lex), "dateTime"); }
Term Date(std::string lex) { return Typed(std::move(lex), "date"); }
Term Iri(std::string iri) { return Term::Iri(std::move(iri)); }

// Values print as N-Triples, errors as "error": failures show both sides.
std::string Show(const Value& v) { return v ? v->ToNTriples() : "error"; }
std::string Show(std::optional<bool> b) {
  return b ? (*b ? "true" : "false") : "error";
}

struct Fixture {
  FunctionContext ctx;

  Value Call(Builtin b, std::vector<Value> args) {
    return CallBuiltin(b, args, ctx);
  }
  Value Cast(const std::string& local, Value arg) {
    bool known = false;
    std::vector<Value> args{std::move(arg)};
    Value v = CallFunction(kXsdNs + local, args, ctx, &known);
    BOOST_CHECK(known);
    return v;
  }
};

std::optional<bool> Eq(const Term& a, const Term& b) {
  return Compare(CompareOp::kEq, a, b);
}
std::optional<bool> Lt(const Term& a, const Term& b) {
  return Compare(CompareOp::kLt, a, b);
}

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(effective_boolean_value)

BOOST_AUTO_TEST_CASE(follows_17_2_2) {
  // The examples of §17.2.2.
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Bool(true))), "true");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Typed("1", "boolean"))), "true");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Typed("abc", "boolean"))),
                    "false");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Str(""))), "false");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Str("foo"))), "true");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Lang("", "en"))), "false");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Int("0"))), "false");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Int("12"))), "true");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Dec("0.0"))), "false");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Dbl("NaN"))), "false");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Dbl("-1.5E3"))), "true");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Int("abc"))), "false");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Iri("http://ex/a"))), "error");
  BOOST_CHECK_EQUAL(Show(EffectiveBooleanValue(Term::Blank("b"))), "error");
  BOOST_CHECK_EQUAL(
      Show(EffectiveBooleanValue(DateTime("2011-01-10T14:45:13Z"))), "error");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(compare)

BOOST_AUTO_TEST_CASE(numbers_by_value_across_types) {
  BOOST_CHECK_EQUAL(Show(Eq(Int("1"), Dec("1.0"))), "true");
  BOOST_CHECK_EQUAL(Show(Eq(Int("01"), Int("1"))), "true");
  BOOST_CHECK_EQUAL(Show(Eq(Typed("7", "int"), Dbl("7.0E0"))), "true");
  BOOST_CHECK_EQUAL(Show(Eq(Typed("255", "unsignedByte"), Int("255"))), "true");
  BOOST_CHECK_EQUAL(Show(Lt(Int("2"), Int("10"))), "true");
  BOOST_CHECK_EQUAL(Show(Lt(Dec("2.5"), Int("3"))), "true");
  BOOST_CHECK_EQUAL(Show(Lt(Dbl("-INF"), Int("-99999"))), "true");
  BOOST_CHECK_EQUAL(Show(Compare(CompareOp::kGe, Flt("1.5"), Dec("1.5"))),
                    "true");
  // Decimal 0.1 promoted to float equals the float 0.1.
  BOOST_CHECK_EQUAL(Show(Eq(Flt("0.1"), Dec("0.1"))), "true");
  // NaN is unordered: = is false, != true, < false.
  BOOST_CHECK_EQUAL(Show(Eq(Dbl("NaN"), Dbl("NaN"))), "false");
  BOOST_CHECK_EQUAL(Show(Compare(CompareOp::kNe, Dbl("NaN"), Int("1"))),
                    "true");
  BOOST_CHECK_EQUAL(Show(Lt(Dbl("NaN"), Int("1"))), "false");
  // An out-of-range derived integer is ill-typed.
  BOOST_CHECK_EQUAL(Show(Eq(Typed("300", "byte"), Int("300"))), "error");
}

BOOST_AUTO_TEST_CASE(strings_booleans_and_terms) {
  BOOST_CHECK_EQUAL(Show(Lt(Str("abc"), Str("abd"))), "true");
  BOOST_CHECK_EQUAL(Show(Lt(Str("abd"), Str("abc"))), "false");
  BOOST_CHECK_EQUAL(Show(Eq(Str("abc"), Typed("abc", "string"))), "true");
  // Code point order: Arabic letters sort after Latin ones.
  BOOST_CHECK_EQUAL(Show(Lt(Str("z"), Str("غوتيريش"))), "true");
  BOOST_CHECK_EQUAL(Show(Lt(Bool(false), Bool(true))), "true");
  BOOST_CHECK_EQUAL(Show(Eq(Typed("1", "boolean"), Bool(true))), "true");
  BOOST_CHECK_EQUAL(Show(Eq(Lang("chat", "fr"), Lang("chat", "FR"))), "true");
  BOOST_CHECK_EQUAL(Show(Eq(Lang("chat", "fr"), Lang("chat", "en"))), "false");
  BOOST_CHECK_EQUAL(Show(Eq(Lang("chat", "fr"), Str("chat"))), "false");
  BOOST_CHECK_EQUAL(Show(Lt(Lang("a", "en"), Lang("b", "en"))), "error");
  BOOST_CHECK_EQUAL(Show(Eq(Iri("http://ex/a"), Iri("http://ex/a"))), "true");
  BOOST_CHECK_EQUAL(Show(Eq(Iri("http://ex/a"), Iri("http://ex/b"))), "false");
  BOOST_CHECK_EQUAL(Show(Eq(Iri("http://ex/a"), Str("http://ex/a"))), "false");
  BOOST_CHECK_EQUAL(Show(Eq(Term::Blank("x"), Term::Blank("x"))), "true");
  BOOST_CHECK_EQUAL(Show(Lt(Iri("http://ex/a"), Iri("http://ex/b"))), "error");
  // Known but different value spaces are unequal; no order between them.
  BOOST_CHECK_EQUAL(Show(Eq(Int("1"), Str("1"))), "false");
  BOOST_CHECK_EQUAL(Show(Lt(Int("1"), Str("1"))), "error");
}

BOOST_AUTO_TEST_CASE(unknown_datatypes_are_errors_unless_same_term) {
  Term a = Term::Literal("a", "http://ex/t1");
  Term a2 = Term::Literal("a", "http://ex/t2");
  BOOST_CHECK_EQUAL(Show(Eq(a, a)), "true");
  BOOST_CHECK_EQUAL(Show(Compare(CompareOp::kNe, a, a)), "false");
  BOOST_CHECK_EQUAL(Show(Eq(a, a2)), "error");
  BOOST_CHECK_EQUAL(Show(Compare(CompareOp::kNe, a, a2)), "error");
  BOOST_CHECK_EQUAL(Show(Eq(Str("xyz"), Int("xyz"))), "error");
  BOOST_CHECK_EQUAL(Show(Eq(Int("xyz"), Int("xyz"))), "true");
  BOOST_CHECK_EQUAL(Show(Eq(Lang("xyz", "en"), Int("xyz"))), "false");
}

BOOST_AUTO_TEST_CASE(date_times_with_time_zones) {
  // XPath F&O op:dateTime-equal examples.
  BOOST_CHECK_EQUAL(Show(Eq(DateTime("2002-04-02T12:00:00-01:00"),
                            DateTime("2002-04-02T17:00:00+04:00"))),
                    "true");
  BOOST_CHECK_EQUAL(Show(Eq(DateTime("2002-04-02T23:00:00-04:00"),
                            DateTime("2002-04-03T02:00:00-01:00"))),
                    "true");
  BOOST_CHECK_EQUAL(Show(Lt(DateTime("2002-04-02T12:00:00Z"),
                            DateTime("2002-04-02T12:00:00-05:00"))),
                    "true");
  BOOST_CHECK_EQUAL(Show(Lt(DateTime("2002-04-02T12:00:00.5Z"),
                            DateTime("2002-04-02T12:00:00.25Z"))),
                    "false");
  BOOST_CHECK_EQUAL(Show(Eq(DateTime("2002-04-02T24:00:00Z"),
                            DateTime("2002-04-03T00:00:00Z"))),
                    "true");
  // Without a zone a value can lie 14 hours either way.
  BOOST_CHECK_EQUAL(Show(Eq(Date("2006-08-23Z"), Date("2006-08-23"))), "error");
  BOOST_CHECK_EQUAL(
      Show(Compare(CompareOp::kGt, Date("2006-08-23Z"), Date("2006-08-22"))),
      "true");
  BOOST_CHECK_EQUAL(Show(Lt(DateTime("2000-01-01T00:00:00"),
                            DateTime("2000-01-01T12:00:00Z"))),
                    "error");
  BOOST_CHECK_EQUAL(Show(Lt(DateTime("2000-01-01T00:00:00"),
                            DateTime("2000-01-02T00:00:00Z"))),
                    "true");
  BOOST_CHECK_EQUAL(Show(Lt(Date("2001-01-01"), Date("2006-08-23"))), "true");
  // A date and a dateTime are different value spaces.
  BOOST_CHECK_EQUAL(
      Show(Eq(DateTime("2006-08-23T00:00:00Z"), Date("2006-08-23Z"))), "false");
  // February 30th is not a date: ill-typed, so an error.
  BOOST_CHECK_EQUAL(Show(Eq(Date("2001-02-30"), Date("2001-02-28"))), "error");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(arithmetic)

BOOST_AUTO_TEST_CASE(type_promotion_and_canonical_forms) {
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kAdd, Int("1"), Int("2"))),
                    Show(Int("3")));
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kAdd, Int("1"), Dec("2.5"))),
                    Show(Dec("3.5")));
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kAdd, Dec("0.1"), Dec("0.2"))),
      Show(Dec("0.3")));
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kSubtract, Int("3"), Int("15"))),
      Show(Int("-12")));
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kMultiply, Dec("1.5"), Dec("-2"))),
      Show(Dec("-3.0")));
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kMultiply, Dec("0.25"), Dbl("2E0"))),
      Show(Dbl("5.0E-1")));
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kAdd, Flt("1.5"), Int("1"))),
                    Show(Flt("2.5E0")));
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kMultiply, Dbl("10"), Dbl("10"))),
      Show(Dbl("1.0E2")));
  // Derived integer types compute as xsd:integer.
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kAdd, Typed("5", "short"), Int("+7"))),
      Show(Int("12")));
}

BOOST_AUTO_TEST_CASE(division) {
  // integer / integer is a decimal.
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kDivide, Int("6"), Int("3"))),
                    Show(Dec("2.0")));
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kDivide, Int("7"), Int("2"))),
                    Show(Dec("3.5")));
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kDivide, Dec("1"), Dec("0.02"))),
      Show(Dec("50.0")));
  Value third = Arithmetic(ArithmeticOp::kDivide, Int("1"), Int("3"));
  BOOST_REQUIRE(third);
  BOOST_CHECK_EQUAL(third->datatype, kXsdNs + "decimal");
  BOOST_CHECK(third->lexical.starts_with("0.333333333333333333"));
  // Division by zero: an error for integers and decimals, IEEE otherwise.
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kDivide, Int("1"), Int("0"))),
                    "error");
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kDivide, Dec("1.5"), Dec("0.0"))), "error");
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kDivide, Dbl("1"), Int("0"))),
                    Show(Dbl("INF")));
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kDivide, Dbl("-1"), Int("0"))),
      Show(Dbl("-INF")));
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kDivide, Flt("0"), Int("0"))),
                    Show(Flt("NaN")));
}

BOOST_AUTO_TEST_CASE(errors_and_unary_operators) {
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kAdd, Int("abc"), Int("1"))),
                    "error");
  BOOST_CHECK_EQUAL(Show(Arithmetic(ArithmeticOp::kAdd, Str("1"), Int("1"))),
                    "error");
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kAdd, Iri("http://ex/1"), Int("1"))),
      "error");
  // 2^126 * 4 does not fit in 128 bits.
  BOOST_CHECK_EQUAL(
      Show(Arithmetic(ArithmeticOp::kMultiply,
                      Int("85070591730234615865843651857942052864"), Int("4"))),
      "error");
  BOOST_CHECK_EQUAL(Show(UnaryMinus(Int("5"))), Show(Int("-5")));
  BOOST_CHECK_EQUAL(Show(UnaryMinus(Dec("-0.50"))), Show(Dec("0.5")));
  BOOST_CHECK_EQUAL(Show(UnaryMinus(Dbl("1.5E0"))), Show(Dbl("-1.5E0")));
  BOOST_CHECK_EQUAL(Show(UnaryMinus(Str("5"))), "error");
  BOOST_CHECK_EQUAL(Show(UnaryPlus(Int("5"))), Show(Int("5")));
  BOOST_CHECK_EQUAL(Show(UnaryPlus(Lang("5", "en"))), "error");
}

BOOST_AUTO_TEST_CASE(is_numeric) {
  BOOST_CHECK(IsNumeric(Int("12")));
  BOOST_CHECK(IsNumeric(Dbl("-INF")));
  BOOST_CHECK(IsNumeric(Typed("1", "positiveInteger")));
  BOOST_CHECK(IsNumeric(Int("123456789012345678901234567890123456789012")));
  BOOST_CHECK(!IsNumeric(Typed("0", "positiveInteger")));
  BOOST_CHECK(!IsNumeric(Typed("-1", "unsignedInt")));
  BOOST_CHECK(!IsNumeric(Dec("1e3")));
  BOOST_CHECK(!IsNumeric(Str("12")));
  BOOST_CHECK(!IsNumeric(Iri("http://ex/12")));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(order_by)

BOOST_AUTO_TEST_CASE(kinds_then_values) {
  Term blank = Term::Blank("b"), iri = Iri("http://ex/a");
  Term lit = Str("a");
  BOOST_CHECK_LT(OrderCompare(nullptr, &blank), 0);
  BOOST_CHECK_LT(OrderCompare(&blank, &iri), 0);
  BOOST_CHECK_LT(OrderCompare(&iri, &lit), 0);
  BOOST_CHECK_EQUAL(OrderCompare(nullptr, nullptr), 0);
  Term two = Int("2"), ten = Int("10"), ten_dbl = Dbl("1.0E1");
  BOOST_CHECK_LT(OrderCompare(&two, &ten), 0);
  BOOST_CHECK_LT(OrderCompare(&two, &ten_dbl), 0);
  Term one = Int("1"), one_dec = Dec("1.0");
  BOOST_CHECK_NE(OrderCompare(&one, &one_dec), 0);
  BOOST_CHECK_EQUAL(OrderCompare(&one, &one_dec),
                    -OrderCompare(&one_dec, &one));
  Term abc = Str("abc"), abd = Str("abd");
  BOOST_CHECK_LT(OrderCompare(&abc, &abd), 0);
  Term d1 = DateTime("2002-04-02T12:00:00Z"),
       d2 = DateTime("2002-04-02T12:00:00-05:00");
  BOOST_CHECK_LT(OrderCompare(&d1, &d2), 0);
}

BOOST_AUTO_TEST_CASE(is_a_strict_weak_order_on_mixed_terms) {
  std::vector<Term> terms = {
      Int("10"),
      Int("2"),
      Dec("2.0"),
      Dec("-0.5"),
      Dbl("2E0"),
      Dbl("NaN"),
      Dbl("-INF"),
      Flt("0.1"),
      Dec("0.1"),
      Dbl("0.1"),
      Int("9007199254740993"),
      Dbl("9007199254740992"),
      Int("abc"),
      Str("abc"),
      Str(""),
      Lang("abc", "en"),
      Lang("abc", "ar"),
      Str("غوتيريش"),
      Bool(true),
      Typed("0", "boolean"),
      DateTime("2002-04-02T12:00:00"),
      DateTime("2002-04-02T12:00:00Z"),
      DateTime("2002-04-02T07:00:00-05:00"),
      Date("2002-04-02"),
      Term::Literal("x", "http://ex/unknown"),
      Iri("http://ex/b"),
      Iri("http://ex/a"),
      Term::Blank("b1"),
      Term::Blank("a1"),
  };
  std::vector<const Term*> all = {nullptr};
  for (const Term& t : terms) all.push_back(&t);
  auto sign = [](int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); };
  for (const Term* a : all) {
    BOOST_CHECK_EQUAL(OrderCompare(a, a), 0);
    for (const Term* b : all) {
      int ab = sign(OrderCompare(a, b));
      BOOST_CHECK_EQUAL(ab, -sign(OrderCompare(b, a)));
      if (a != b) BOOST_CHECK_NE(ab, 0);  // 0 only for the same term
      for (const Term* c : all) {
        if (ab < 0 && OrderCompare(b, c) < 0) {
          BOOST_CHECK_LT(OrderCompare(a, c), 0);
        }
      }
    }
  }
  std::sort(all.begin(), all.end(), [](const Term* a, const Term* b) {
    return OrderCompare(a, b) < 0;
  });
  BOOST_CHECK(all[0] == nullptr);
  BOOST_CHECK(all[1]->is_blank() && all[1]->lexical == "a1");
  BOOST_CHECK(all[3]->is_iri() && all[3]->lexical == "http://ex/a");
  BOOST_CHECK_EQUAL(all[5]->ToNTriples(), Show(Dbl("NaN")));
  BOOST_CHECK_EQUAL(all[6]->ToNTriples(), Show(Dbl("-INF")));
  BOOST_CHECK_EQUAL(all[7]->ToNTriples(), Show(Dec("-0.5")));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(string_functions, Fixture)

BOOST_AUTO_TEST_CASE(str_lang_datatype) {
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStr, {Iri("http://ex/a")})),
                    Show(Str("http://ex/a")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStr, {Int("07")})), Show(Str("07")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStr, {Term::Blank("b")})), "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kLang, {Lang("chat", "FR")})),
                    Show(Str("fr")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kLang, {Str("chat")})), Show(Str("")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kDatatype, {Str("chat")})),
                    Show(Iri(kXsdNs + "string")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kDatatype, {Lang("chat", "fr")})),
                    Show(Iri(std::string(kRdfLangString))));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kDatatype, {Typed("5", "int")})),
                    Show(Iri(kXsdNs + "int")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kDatatype, {Iri("http://ex/a")})),
                    "error");
}

BOOST_AUTO_TEST_CASE(langmatches) {
  auto matches = [&](std::string tag, std::string range) {
    return Show(Call(Builtin::kLangMatches, {Str(tag), Str(range)}));
  };
  BOOST_CHECK_EQUAL(matches("fr", "FR"), Show(Bool(true)));
  BOOST_CHECK_EQUAL(matches("fr-be", "fr"), Show(Bool(true)));
  BOOST_CHECK_EQUAL(matches("fr", "fr-BE"), Show(Bool(false)));
  BOOST_CHECK_EQUAL(matches("french", "fr"), Show(Bool(false)));
  BOOST_CHECK_EQUAL(matches("ar", "*"), Show(Bool(true)));
  BOOST_CHECK_EQUAL(matches("", "*"), Show(Bool(false)));
}

BOOST_AUTO_TEST_CASE(strlen_and_substr_count_code_points) {
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrLen, {Str("chat")})),
                    Show(Int("4")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrLen, {Lang("chat", "en")})),
                    Show(Int("4")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrLen, {Str("غوتيريش")})),
                    Show(Int("7")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrLen, {Int("12")})), "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kSubstr, {Str("foobar"), Int("4")})),
                    Show(Str("bar")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSubstr, {Str("foobar"), Int("4"), Int("1")})),
      Show(Str("b")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSubstr, {Lang("chat", "en"), Int("1"), Int("2")})),
      Show(Lang("ch", "en")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSubstr, {Str("غوتيريش"), Int("2"), Int("3")})),
      Show(Str("وتي")));
  // XPath fn:substring examples: rounding and out-of-range positions.
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSubstr, {Str("12345"), Dec("1.5"), Dec("2.6")})),
      Show(Str("234")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSubstr, {Str("12345"), Int("0"), Int("3")})),
      Show(Str("12")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSubstr, {Str("12345"), Int("5"), Int("-3")})),
      Show(Str("")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSubstr, {Str("12345"), Int("-3"), Int("5")})),
      Show(Str("1")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSubstr, {Str("12345"), Dbl("NaN"), Int("3")})),
      Show(Str("")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSubstr, {Str("12345"), Dbl("-INF"), Dbl("INF")})),
      Show(Str("")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kSubstr, {Str("12345"), Str("1")})),
                    "error");
}

BOOST_AUTO_TEST_CASE(case_mapping_keeps_language) {
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kUCase, {Str("foo")})),
                    Show(Str("FOO")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kUCase, {Lang("chat", "fr")})),
                    Show(Lang("CHAT", "fr")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kLCase, {Str("BAR")})),
                    Show(Str("bar")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kUCase, {Str("çé")})), Show(Str("ÇÉ")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kLCase, {Str("ΣΟΦΊΑ")})),
                    Show(Str("σοφία")));
  // Full mappings (XPath fn:upper-case): the sharp s becomes two letters.
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kUCase, {Str("straße")})),
                    Show(Str("STRASSE")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kUCase, {Str("ﬁne")})),
                    Show(Str("FINE")));
  // Arabic has no case.
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kUCase, {Lang("غوتيريش", "ar")})),
                    Show(Lang("غوتيريش", "ar")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kUCase, {Iri("http://ex/a")})), "error");
}

BOOST_AUTO_TEST_CASE(concat) {
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kConcat, {Str("foo"), Str("bar")})),
                    Show(Str("foobar")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kConcat, {Lang("foo", "en"), Lang("bar", "en")})),
      Show(Lang("foobar", "en")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kConcat, {Lang("foo", "en"), Str("bar")})),
      Show(Str("foobar")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kConcat, {Typed("foo", "string"), Str("bar")})),
      Show(Str("foobar")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kConcat, {})), Show(Str("")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kConcat, {Str("a"), Int("1")})),
                    "error");
}

BOOST_AUTO_TEST_CASE(string_tests_and_argument_compatibility) {
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrStarts, {Str("foobar"), Str("foo")})),
      Show(Bool(true)));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrStarts, {Lang("foobar", "en"), Str("foo")})),
      Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrStarts,
                              {Lang("foobar", "en"), Lang("foo", "en")})),
                    Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrStarts,
                              {Lang("foobar", "en"), Lang("foo", "fr")})),
                    "error");
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrStarts, {Str("foobar"), Lang("foo", "en")})),
      "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrEnds, {Str("foobar"), Str("bar")})),
                    Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kContains, {Str("foobar"), Str("bar")})),
                    Show(Bool(true)));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kContains, {Str("غوتيريش"), Str("تير")})),
      Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kContains, {Str("foobar"), Int("1")})),
                    "error");
}

BOOST_AUTO_TEST_CASE(strbefore_strafter) {
  // §17.4.3.10 and §17.4.3.11 examples.
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrBefore, {Str("abc"), Str("b")})),
                    Show(Str("a")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrBefore, {Lang("abc", "en"), Str("bc")})),
      Show(Lang("a", "en")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrBefore, {Lang("abc", "en"), Lang("b", "cy")})),
      "error");
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrBefore, {Typed("abc", "string"), Str("")})),
      Show(Str("")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrBefore, {Lang("abc", "en"), Str("z")})),
      Show(Str("")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrBefore, {Lang("abc", "en"), Str("")})),
      Show(Lang("", "en")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrAfter, {Str("abc"), Str("b")})),
                    Show(Str("c")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrAfter, {Lang("abc", "en"), Str("ab")})),
      Show(Lang("c", "en")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrAfter, {Lang("abc", "en"), Str("")})),
      Show(Lang("abc", "en")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrAfter, {Str("abc"), Str("xyz")})),
                    Show(Str("")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrAfter, {Lang("غوتيريش", "ar"), Str("وت")})),
      Show(Lang("يريش", "ar")));
}

BOOST_AUTO_TEST_CASE(encode_for_uri) {
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kEncodeForUri, {Str("Los Angeles")})),
                    Show(Str("Los%20Angeles")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kEncodeForUri, {Lang("Los Angeles", "en")})),
      Show(Str("Los%20Angeles")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kEncodeForUri, {Str("a/b?c=d~_.-")})),
                    Show(Str("a%2Fb%3Fc%3Dd~_.-")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kEncodeForUri, {Str("غ")})),
                    Show(Str("%D8%BA")));
}

BOOST_AUTO_TEST_CASE(regex) {
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kRegex, {Str("Alice"), Str("^ali"), Str("i")})),
      Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRegex, {Str("Alice"), Str("^ali")})),
                    Show(Bool(false)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRegex, {Lang("chat", "fr"), Str("h")})),
                    Show(Bool(true)));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kRegex, {Str("غوتيريش"), Str("^.{7}$")})),
      Show(Bool(true)));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kRegex, {Str("a+b"), Str("a+b"), Str("q")})),
      Show(Bool(true)));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kRegex, {Str("ab"), Str("a b"), Str("x")})),
      Show(Bool(true)));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kRegex, {Str("a\nb"), Str("^b$"), Str("m")})),
      Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRegex, {Str("a\nb"), Str("a.b")})),
                    Show(Bool(false)));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kRegex, {Str("a\nb"), Str("a.b"), Str("s")})),
      Show(Bool(true)));
  // $ matches only at the very end without m.
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRegex, {Str("a\n"), Str("a$")})),
                    Show(Bool(false)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRegex, {Str("a"), Str("(")})), "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRegex, {Str("a"), Str("a"), Str("k")})),
                    "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRegex, {Int("1"), Str("1")})), "error");
  // The compiled pattern is cached per (pattern, flags).
  BOOST_CHECK(ctx.Regex("a+", "i") == ctx.Regex("a+", "i"));
  BOOST_CHECK(ctx.Regex("a+", "i") != ctx.Regex("a+", ""));
  BOOST_CHECK(ctx.Regex("[", "") == nullptr);
}

BOOST_AUTO_TEST_CASE(replace) {
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kReplace, {Str("abcd"), Str("b"), Str("Z")})),
      Show(Str("aZcd")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kReplace,
                              {Str("abab"), Str("B"), Str("Z"), Str("i")})),
                    Show(Str("aZaZ")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kReplace,
                              {Str("abab"), Str("B."), Str("Z"), Str("i")})),
                    Show(Str("aZb")));
  // XPath fn:replace examples.
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kReplace, {Str("abracadabra"), Str("bra"), Str("*")})),
      Show(Str("a*cada*")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kReplace,
                              {Str("abracadabra"), Str("a(.)"), Str("a$1$1")})),
                    Show(Str("abbraccaddabbra")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kReplace,
                {Str("darted"), Str("^(.*?)d(.*)$"), Str("$1c$2")})),
      Show(Str("carted")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kReplace, {Str("abcd"), Str("(ab)|(a)"),
                                                  Str("[1=$1][2=$2]")})),
                    Show(Str("[1=ab][2=]cd")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kReplace,
                              {Str("abracadabra"), Str(".*?"), Str("$1")})),
                    "error");
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kReplace, {Str("abc"), Str("x*"), Str("-")})),
      "error");
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kReplace, {Str("a.b"), Str("."), Str("$"), Str("q")})),
      Show(Str("a$b")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kReplace, {Str("a.b"), Str("\\."), Str("\\$")})),
      Show(Str("a$b")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kReplace, {Str("a.b"), Str("\\."), Str("$")})),
      "error");
  // The language tag of the input stays.
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kReplace, {Lang("English", "en"),
                                                  Str("[^a-z0-9]"), Str("-")})),
                    Show(Lang("-nglish", "en")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kReplace,
                              {Lang("غوتيريش", "ar"), Str("ي"), Str("ی")})),
                    Show(Lang("غوتیریش", "ar")));
}

BOOST_AUTO_TEST_CASE(strlang_strdt) {
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrLang, {Str("chat"), Str("en")})),
                    Show(Lang("chat", "en")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrLang, {Str("chat"), Str("en-GB")})),
                    Show(Lang("chat", "en-gb")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrLang, {Lang("chat", "en"), Str("fr")})), "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrLang, {Str("chat"), Str("")})),
                    "error");
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrDt, {Str("123"), Iri(kXsdNs + "integer")})),
      Show(Int("123")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kStrDt, {Str("iiii"), Iri("http://ex/romanNumeral")})),
      Show(Term::Literal("iiii", "http://ex/romanNumeral")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrDt, {Str("1"), Str("http://ex/t")})),
                    "error");
}

BOOST_AUTO_TEST_CASE(hashes) {
  const Term abc = Str("abc");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kMd5, {abc})),
                    Show(Str("900150983cd24fb0d6963f7d28e17f72")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kSha1, {abc})),
                    Show(Str("a9993e364706816aba3e25717850c26c9cd0d89d")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSha224, {abc})),
      Show(Str("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSha256, {abc})),
      Show(Str("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"
               "d")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSha384, {abc})),
      Show(Str("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5be"
               "d8086072ba1e7cc2358baeca134c825a7")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSha512, {abc})),
      Show(Str("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39"
               "a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca4"
               "9f")));
  // The UTF-8 bytes of the string are hashed.
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kSha256, {Str("غوتيريش")})),
      Show(Str("6ea86cdb999e009f041574a8e2f0f60abd1dec9b93331ceef9c4fd1053fbfbe"
               "7")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kMd5, {Lang("abc", "en")})), "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kMd5, {Int("1")})), "error");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(term_functions, Fixture)

BOOST_AUTO_TEST_CASE(tests_on_terms) {
  Term iri = Iri("http://ex/a"), blank = Term::Blank("b"), lit = Int("1");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIsIri, {iri})), Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIsUri, {lit})), Show(Bool(false)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIsBlank, {blank})), Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIsLiteral, {lit})), Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIsLiteral, {iri})), Show(Bool(false)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIsNumeric, {lit})), Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIsNumeric, {Str("1")})),
                    Show(Bool(false)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kSameTerm, {Int("1"), Int("01")})),
                    Show(Bool(false)));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kSameTerm, {Str("a"), Str("a")})),
                    Show(Bool(true)));
  // An error argument (or unbound) makes the call an error.
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIsIri, {std::nullopt})), "error");
  // Wrong argument counts are errors too.
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kStrLen, {Str("a"), Str("b")})),
                    "error");
}

BOOST_AUTO_TEST_CASE(iri_resolves_against_the_base) {
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIri, {Str("http://ex/a")})),
                    Show(Iri("http://ex/a")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kUri, {Iri("http://ex/a")})),
                    Show(Iri("http://ex/a")));
  ctx.base_iri = "http://example.org/dir/";
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIri, {Str("iri")})),
                    Show(Iri("http://example.org/dir/iri")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIri, {Lang("x", "en")})), "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kIri, {Term::Blank("b")})), "error");
}

BOOST_AUTO_TEST_CASE(bnode) {
  Value a = Call(Builtin::kBnode, {}), b = Call(Builtin::kBnode, {});
  BOOST_REQUIRE(a && b);
  BOOST_CHECK(a->is_blank());
  BOOST_CHECK(*a != *b);
  ctx.solution_serial = 1;
  Value x1 = Call(Builtin::kBnode, {Str("x")});
  Value x2 = Call(Builtin::kBnode, {Str("x")});
  Value y = Call(Builtin::kBnode, {Str("y")});
  BOOST_REQUIRE(x1 && x2 && y);
  BOOST_CHECK(x1->is_blank());
  BOOST_CHECK(*x1 == *x2);
  BOOST_CHECK(*x1 != *y);
  BOOST_CHECK(*x1 != *a && *x1 != *b);
  ctx.solution_serial = 2;
  Value x3 = Call(Builtin::kBnode, {Str("x")});
  BOOST_REQUIRE(x3);
  BOOST_CHECK(*x3 != *x1);
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kBnode, {Int("1")})), "error");
  // Another query gets other labels.
  FunctionContext other;
  BOOST_CHECK(other.FreshBlankLabel() != ctx.FreshBlankLabel());
}

BOOST_AUTO_TEST_CASE(rand_uuid_struuid) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    Value r = Call(Builtin::kRand, {});
    BOOST_REQUIRE(r);
    BOOST_CHECK_EQUAL(r->datatype, kXsdNs + "double");
    BOOST_CHECK(Compare(CompareOp::kGe, *r, Int("0")) == true);
    BOOST_CHECK(Compare(CompareOp::kLt, *r, Int("1")) == true);
    seen.insert(r->lexical);
  }
  BOOST_CHECK_GT(seen.size(), 45u);
  const std::regex v4(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  Value u = Call(Builtin::kUuid, {});
  BOOST_REQUIRE(u);
  BOOST_CHECK(u->is_iri());
  BOOST_CHECK(u->lexical.starts_with("urn:uuid:"));
  BOOST_CHECK(std::regex_match(u->lexical.substr(9), v4));
  Value s = Call(Builtin::kStrUuid, {});
  BOOST_REQUIRE(s);
  BOOST_CHECK(IsNumeric(*s) == false && s->lang.empty());
  BOOST_CHECK_EQUAL(s->datatype, std::string(kXsdString));
  BOOST_CHECK(std::regex_match(s->lexical, v4));
  BOOST_CHECK(s->lexical != u->lexical.substr(9));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(numeric_functions, Fixture)

BOOST_AUTO_TEST_CASE(abs_ceil_floor_round_keep_the_type) {
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kAbs, {Int("-1")})), Show(Int("1")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kAbs, {Dec("-1.5")})), Show(Dec("1.5")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kAbs, {Dbl("-2E0")})),
                    Show(Dbl("2.0E0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kCeil, {Dec("10.5")})),
                    Show(Dec("11.0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kCeil, {Dec("-10.5")})),
                    Show(Dec("-10.0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kFloor, {Dec("10.5")})),
                    Show(Dec("10.0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kFloor, {Dec("-10.5")})),
                    Show(Dec("-11.0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kFloor, {Flt("-1.5")})),
                    Show(Flt("-2.0E0")));
  // fn:round: halves go toward positive infinity.
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRound, {Dec("2.5")})),
                    Show(Dec("3.0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRound, {Dec("2.4999")})),
                    Show(Dec("2.0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRound, {Dec("-2.5")})),
                    Show(Dec("-2.0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRound, {Dec("-1.6")})),
                    Show(Dec("-2.0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRound, {Dbl("2.5E0")})),
                    Show(Dbl("3.0E0")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRound, {Int("-2")})), Show(Int("-2")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kRound, {Dbl("NaN")})),
                    Show(Dbl("NaN")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kAbs, {Str("-1")})), "error");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(date_functions, Fixture)

BOOST_AUTO_TEST_CASE(parts_of_a_date_time) {
  // The examples of §17.4.5.
  const Term dt = DateTime("2011-01-10T14:45:13.815-05:00");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kYear, {dt})), Show(Int("2011")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kMonth, {dt})), Show(Int("1")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kDay, {dt})), Show(Int("10")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kHours, {dt})), Show(Int("14")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kMinutes, {dt})), Show(Int("45")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kSeconds, {dt})), Show(Dec("13.815")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kTimezone, {dt})),
                    Show(Typed("-PT5H", "dayTimeDuration")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kTz, {dt})), Show(Str("-05:00")));
  const Term utc = DateTime("2011-01-10T14:45:13.815Z");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kTimezone, {utc})),
                    Show(Typed("PT0S", "dayTimeDuration")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kTz, {utc})), Show(Str("Z")));
  const Term local = DateTime("2011-01-10T14:45:13");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kTimezone, {local})), "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kTz, {local})), Show(Str("")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kSeconds, {local})), Show(Dec("13.0")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kTimezone, {DateTime("2011-01-10T14:45:13+05:30")})),
      Show(Typed("PT5H30M", "dayTimeDuration")));
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kYear, {DateTime("-0044-03-15T12:00:00")})),
      Show(Int("-44")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kYear, {Date("1999-12-31")})),
                    Show(Int("1999")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kDay, {Date("1999-12-31Z")})),
                    Show(Int("31")));
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kHours, {Date("1999-12-31")})), "error");
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kYear, {Str("2011-01-10T14:45:13Z")})),
                    "error");
  BOOST_CHECK_EQUAL(
      Show(Call(Builtin::kMonth, {DateTime("2011-13-10T14:45:13Z")})), "error");
}

BOOST_AUTO_TEST_CASE(now_is_fixed_for_the_query) {
  Value a = Call(Builtin::kNow, {}), b = Call(Builtin::kNow, {});
  BOOST_REQUIRE(a && b);
  BOOST_CHECK(*a == *b);
  BOOST_CHECK(*a == ctx.now());
  BOOST_CHECK_EQUAL(a->datatype, kXsdNs + "dateTime");
  BOOST_CHECK(a->lexical.ends_with("Z"));
  // It is a valid dateTime with a time zone, after 2020.
  BOOST_CHECK_EQUAL(Show(Call(Builtin::kTimezone, {*a})),
                    Show(Typed("PT0S", "dayTimeDuration")));
  BOOST_CHECK(Compare(CompareOp::kGt, *a, DateTime("2020-01-01T00:00:00Z")) ==
              true);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(casts, Fixture)

BOOST_AUTO_TEST_CASE(to_string) {
  // XPath casts of values to xs:string (W3C sparql11/cast/cast-string).
  BOOST_CHECK_EQUAL(Show(Cast("string", Iri("http://example.org/z"))),
                    Show(Str("http://example.org/z")));
  BOOST_CHECK_EQUAL(Show(Cast("string", Str("+33.3300"))),
                    Show(Str("+33.3300")));
  BOOST_CHECK_EQUAL(Show(Cast("string", Typed("0", "boolean"))),
                    Show(Str("false")));
  BOOST_CHECK_EQUAL(Show(Cast("string", Int("-1"))), Show(Str("-1")));
  BOOST_CHECK_EQUAL(Show(Cast("string", Dec("1.0"))), Show(Str("1")));
  BOOST_CHECK_EQUAL(Show(Cast("string", Dec("-2.5"))), Show(Str("-2.5")));
  BOOST_CHECK_EQUAL(Show(Cast("string", Dbl("1E0"))), Show(Str("1")));
  BOOST_CHECK_EQUAL(Show(Cast("string", Flt("-7.875"))), Show(Str("-7.875")));
  BOOST_CHECK_EQUAL(Show(Cast("string", Dbl("1.5E7"))), Show(Str("1.5E7")));
  BOOST_CHECK_EQUAL(Show(Cast("string", DateTime("2002-10-10T17:00:00Z"))),
                    Show(Str("2002-10-10T17:00:00Z")));
  BOOST_CHECK_EQUAL(Show(Cast("string", Term::Blank("b"))), "error");
}

BOOST_AUTO_TEST_CASE(to_numbers) {
  BOOST_CHECK_EQUAL(Show(Cast("integer", Str("13"))), Show(Int("13")));
  BOOST_CHECK_EQUAL(Show(Cast("integer", Str(" 13 "))), Show(Int("13")));
  BOOST_CHECK_EQUAL(Show(Cast("integer", Str("1.5"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("integer", Str("string"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("integer", Bool(true))), Show(Int("1")));
  BOOST_CHECK_EQUAL(Show(Cast("integer", Dec("-2.5"))), Show(Int("-2")));
  BOOST_CHECK_EQUAL(Show(Cast("integer", Flt("-7.875"))), Show(Int("-7")));
  BOOST_CHECK_EQUAL(Show(Cast("integer", Dbl("INF"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("decimal", Str("+33.3300"))), Show(Dec("33.33")));
  BOOST_CHECK_EQUAL(Show(Cast("decimal", Str("-10.2E3"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("decimal", Int("13"))), Show(Dec("13.0")));
  BOOST_CHECK_EQUAL(Show(Cast("decimal", Flt("1.25"))), Show(Dec("1.25")));
  BOOST_CHECK_EQUAL(Show(Cast("decimal", Dbl("1E-1"))), Show(Dec("0.1")));
  BOOST_CHECK_EQUAL(Show(Cast("decimal", Bool(false))), Show(Dec("0.0")));
  BOOST_CHECK_EQUAL(Show(Cast("decimal", Dbl("NaN"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("double", Str("-10.2E3"))), Show(Dbl("-1.02E4")));
  BOOST_CHECK_EQUAL(Show(Cast("double", Str("+33.3300"))),
                    Show(Dbl("3.333E1")));
  BOOST_CHECK_EQUAL(Show(Cast("double", Str("1e400"))), Show(Dbl("INF")));
  BOOST_CHECK_EQUAL(Show(Cast("double", Int("1"))), Show(Dbl("1.0E0")));
  BOOST_CHECK_EQUAL(Show(Cast("double", Bool(true))), Show(Dbl("1.0E0")));
  BOOST_CHECK_EQUAL(Show(Cast("float", Dec("-2.5"))), Show(Flt("-2.5E0")));
  BOOST_CHECK_EQUAL(Show(Cast("float", Str("0.0"))), Show(Flt("0.0E0")));
  BOOST_CHECK_EQUAL(Show(Cast("double", Str("2002-10-10T17:00:00Z"))), "error");
}

BOOST_AUTO_TEST_CASE(to_derived_integer_types) {
  BOOST_CHECK_EQUAL(Show(Cast("int", Str("42"))), Show(Typed("42", "int")));
  BOOST_CHECK_EQUAL(Show(Cast("byte", Str("300"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("byte", Int("-128"))),
                    Show(Typed("-128", "byte")));
  BOOST_CHECK_EQUAL(Show(Cast("unsignedInt", Str("-1"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("positiveInteger", Bool(false))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("nonNegativeInteger", Dbl("3.9E0"))),
                    Show(Typed("3", "nonNegativeInteger")));
  BOOST_CHECK_EQUAL(Show(Cast("unsignedLong", Str("18446744073709551615"))),
                    Show(Typed("18446744073709551615", "unsignedLong")));
  BOOST_CHECK_EQUAL(Show(Cast("long", Str("9223372036854775808"))), "error");
}

BOOST_AUTO_TEST_CASE(to_boolean) {
  BOOST_CHECK_EQUAL(Show(Cast("boolean", Str("true"))), Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Cast("boolean", Str("0"))), Show(Bool(false)));
  BOOST_CHECK_EQUAL(Show(Cast("boolean", Str("1.5"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("boolean", Int("-1"))), Show(Bool(true)));
  BOOST_CHECK_EQUAL(Show(Cast("boolean", Dec("0.0"))), Show(Bool(false)));
  BOOST_CHECK_EQUAL(Show(Cast("boolean", Dbl("NaN"))), Show(Bool(false)));
  BOOST_CHECK_EQUAL(Show(Cast("boolean", Typed("0", "boolean"))),
                    Show(Bool(false)));
}

BOOST_AUTO_TEST_CASE(to_date_time) {
  BOOST_CHECK_EQUAL(Show(Cast("dateTime", Str("2002-10-10T17:00:00Z"))),
                    Show(DateTime("2002-10-10T17:00:00Z")));
  BOOST_CHECK_EQUAL(Show(Cast("dateTime", Str("2002-10-10"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("dateTime", Date("2002-10-10-05:00"))),
                    Show(DateTime("2002-10-10T00:00:00-05:00")));
  BOOST_CHECK_EQUAL(Show(Cast("date", DateTime("2002-10-10T17:00:00Z"))),
                    Show(Date("2002-10-10Z")));
  BOOST_CHECK_EQUAL(Show(Cast("dateTime", Int("1"))), "error");
}

BOOST_AUTO_TEST_CASE(unknown_functions_and_bad_calls) {
  bool known = true;
  std::vector<Value> args{Str("1")};
  BOOST_CHECK(!CallFunction("http://ex/f", args, ctx, &known));
  BOOST_CHECK(!known);
  BOOST_CHECK(!CallFunction(kXsdNs + "gYear", args, ctx, &known));
  BOOST_CHECK(!known);
  std::vector<Value> two{Str("1"), Str("2")};
  BOOST_CHECK(!CallFunction(kXsdNs + "integer", two, ctx, &known));
  BOOST_CHECK(known);
  BOOST_CHECK_EQUAL(Show(Cast("string", Lang("chat", "fr"))), "error");
  BOOST_CHECK_EQUAL(
      Show(Cast("string", Term::Literal("x", "http://ex/unknown"))), "error");
  BOOST_CHECK_EQUAL(Show(Cast("integer", Int("abc"))), "error");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg::query
