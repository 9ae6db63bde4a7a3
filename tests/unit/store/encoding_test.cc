// Inline literal encoding: order by value, exact round trips, and which
// lexical forms stay in the dictionary.
#include "store/encoding.h"

#include <fmt/core.h>

#include <boost/test/unit_test.hpp>
#include <random>

#include "store/term_id_map.h"

namespace kg::store {
namespace {

const std::string kInt = "http://www.w3.org/2001/XMLSchema#integer";
const std::string kDec = "http://www.w3.org/2001/XMLSchema#decimal";
const std::string kDbl = "http://www.w3.org/2001/XMLSchema#double";
const std::string kDate = "http://www.w3.org/2001/XMLSchema#date";
const std::string kDateTime = "http://www.w3.org/2001/XMLSchema#dateTime";
const std::string kBool = "http://www.w3.org/2001/XMLSchema#boolean";

TermId Inline(const std::string& lex, const std::string& dt) {
  auto id = EncodeInline(Term::Literal(lex, dt));
  BOOST_TEST_REQUIRE(id.has_value(), lex << " should be inline");
  return *id;
}

BOOST_AUTO_TEST_SUITE(encoding)

BOOST_AUTO_TEST_CASE(canonical_forms_round_trip) {
  for (auto [lex, dt] : std::vector<std::pair<std::string, std::string>>{
           {"0", kInt},
           {"-17", kInt},
           {"36028797018963967", kInt},
           {"1.5", kDec},
           {"-0.25", kDec},
           {"0.0", kDec},
           {"12.000001", kDec},
           {"1.5E2", kDbl},
           {"-1.0E0", kDbl},
           {"0.0E0", kDbl},
           {"2024-02-29", kDate},
           {"1970-01-01", kDate},
           {"0001-01-01", kDate},
           {"2019-04-04T10:15:00", kDateTime},
           {"2019-04-04T10:15:00.5Z", kDateTime},
           {"true", kBool},
           {"false", kBool}}) {
    TermId id = Inline(lex, dt);
    BOOST_TEST(IsInline(id));
    Term back = DecodeInline(id);
    BOOST_TEST(back.lexical == lex);
    BOOST_TEST(back.datatype == dt);
  }
}

BOOST_AUTO_TEST_CASE(non_canonical_and_oversized_stay_in_dictionary) {
  for (auto [lex, dt] : std::vector<std::pair<std::string, std::string>>{
           {"01", kInt},
           {"+1", kInt},
           {"-0", kInt},
           {" 1", kInt},
           {"36028797018963968", kInt},
           {"123456789012345678901234567890", kInt},
           {"1.50", kDec},
           {"1.", kDec},
           {".5", kDec},
           {"-0.0", kDec},
           {"1.0000001", kDec},
           {"1", kDec},
           {"1.5e0", kDbl},
           {"1.5E+2", kDbl},
           {"INF", kDbl},
           {"0.1E0", kDbl},
           {"2024-02-30", kDate},
           {"2024-1-01", kDate},
           {"2024-01-01Z", kDate},
           {"2019-04-04T24:00:00", kDateTime},
           {"2019-04-04T10:15:00.50", kDateTime},
           {"2019-04-04T10:15:00+02:00", kDateTime},
           {"1", kBool},
           {"TRUE", kBool},
           {"abc", kInt}}) {
    BOOST_TEST(!EncodeInline(Term::Literal(lex, dt)).has_value(), lex);
  }
  BOOST_TEST(!EncodeInline(Term::LangLiteral("1", "en")).has_value());
  BOOST_TEST(!EncodeInline(Term::Iri("http://x/1")).has_value());
}

BOOST_AUTO_TEST_CASE(inline_ids_sort_by_value) {
  std::mt19937_64 rng(7);
  std::vector<std::int64_t> ints;
  for (int i = 0; i < 2000; ++i) {
    ints.push_back(static_cast<std::int64_t>(rng() % 2000000) - 1000000);
  }
  for (int i = 0; i < 2000; ++i) {
    for (int j = i + 1; j < i + 5 && j < 2000; ++j) {
      TermId a = Inline(std::to_string(ints[i]), kInt);
      TermId b = Inline(std::to_string(ints[j]), kInt);
      BOOST_TEST((ints[i] < ints[j]) == (a < b));
    }
  }
  std::vector<std::string> decimals = {"-100.5", "-1.25", "-0.5",
                                       "0.0",    "0.001", "0.5",
                                       "1.0",    "1.25",  "99.999999"};
  for (std::size_t i = 1; i < decimals.size(); ++i) {
    BOOST_TEST(Inline(decimals[i - 1], kDec) < Inline(decimals[i], kDec));
  }
  // Values whose low 8 mantissa bits are zero, so that they are inline.
  std::vector<std::string> doubles = {"-1.0E10", "-2.5E0",  "-1.25E-1",
                                      "0.0E0",   "1.25E-1", "1.5E0",
                                      "2.0E0",   "1.0E10"};
  for (std::size_t i = 1; i < doubles.size(); ++i) {
    BOOST_TEST(Inline(doubles[i - 1], kDbl) < Inline(doubles[i], kDbl));
  }
  std::vector<std::string> dates = {"0001-01-01", "1969-12-31", "1970-01-01",
                                    "2016-10-03", "2019-04-04", "2024-02-20"};
  for (std::size_t i = 1; i < dates.size(); ++i) {
    BOOST_TEST(Inline(dates[i - 1], kDate) < Inline(dates[i], kDate));
  }
  BOOST_TEST(Inline("1969-12-31T23:59:59.999", kDateTime) <
             Inline("1970-01-01T00:00:00", kDateTime));
  BOOST_TEST(Inline("false", kBool) < Inline("true", kBool));
}

BOOST_AUTO_TEST_CASE(term_keys_round_trip) {
  std::vector<Term> terms = {
      Term::Iri("http://kg.example.org/unsc/AntonioGuterres"),
      Term::Blank("b0"),
      Term::Literal("غوتيريش"),
      Term::LangLiteral("مجلس الأمن", "AR"),
      Term::Literal("01", kInt),
      Term::Literal(std::string(100000, 'x') + "\n\"", "http://example/dt"),
      Term::Literal(std::string("nul\0byte", 8)),
  };
  for (const Term& t : terms) {
    auto back = TermFromKey(TermKey(t));
    BOOST_TEST_REQUIRE(back.ok());
    BOOST_TEST((back.value() == t));
  }
  BOOST_TEST(TermKey(Term::Literal("a")) ==
             TermKey(Term::Literal("a", std::string(kXsdString))));
  BOOST_TEST(Term::LangLiteral("x", "EN-gb").lang == "en-gb");
}

BOOST_AUTO_TEST_CASE(every_pattern_shape_has_a_prefix_order) {
  for (int mask = 0; mask < 16; ++mask) {
    IdPattern p;
    if (mask & 1) p.s = 1;
    if (mask & 2) p.p = 2;
    if (mask & 4) p.o = 3;
    if (mask & 8) p.g = 4;
    int n = 0;
    ChooseOrder(p, &n);
    BOOST_TEST(n == __builtin_popcount(mask), "shape " << mask);
  }
}

// The map behind the term cache and the bulk loader: every key inserted is
// found with its id through several doublings, absent keys (among them
// prefixes and extensions of present ones, and the empty key) are not,
// ForEachSorted gives every entry once in key order, and the whole map
// holds at most twice the keys' bytes (its arena grows by doubling) plus 64
// bytes per entry: 8-byte slots, doubled at two thirds full, and a 12-byte
// entry header (32-byte slots doubled at half full took 64 to 128 alone).
BOOST_AUTO_TEST_CASE(term_id_map_finds_what_it_holds) {
  TermIdMap map;
  auto key = [](int i) { return fmt::format("Ihttp://example.org/e/{}", i); };
  const int n = 200000;
  std::size_t key_bytes = 0;
  for (int i = 0; i < n; ++i) {
    BOOST_TEST_REQUIRE(!map.Find(key(i)).has_value());
    map.Insert(key(i), 1000 + static_cast<TermId>(i) * 7);
    key_bytes += key(i).size();
  }
  BOOST_TEST(map.size() == static_cast<std::size_t>(n));
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    if (map.Find(key(i)).value_or(0) != 1000 + static_cast<TermId>(i) * 7)
      ++wrong;
  }
  BOOST_TEST(wrong == 0);
  BOOST_TEST(!map.Find(key(n)).has_value());
  BOOST_TEST(!map.Find("").has_value());
  BOOST_TEST(!map.Find("Ihttp://example.org/e/").has_value());
  BOOST_TEST(!map.Find(key(12) + "0000000").has_value());
  BOOST_TEST(!map.Find(key(7).substr(1)).has_value());
  map.Insert("", 5);  // the empty key is a key like any other
  BOOST_TEST(map.Find("").value_or(0) == 5u);
  std::string prev;
  std::size_t seen = 0;
  bool ordered = true;
  map.ForEachSorted([&](std::string_view k, TermId id) {
    if (seen > 0 && !(prev < k)) ordered = false;
    if (map.Find(k).value_or(0) != id) ordered = false;
    prev = std::string(k);
    ++seen;
  });
  BOOST_TEST(ordered);
  BOOST_TEST(seen == static_cast<std::size_t>(n) + 1);
  BOOST_TEST(map.memory_bytes() <= key_bytes * 2 + std::size_t{64} * n,
             map.memory_bytes() << " bytes for " << n << " entries of "
                                << key_bytes << " key bytes");
}

// The store's cache of term ids keeps what it was given until its young
// generation fills, then drops the old one; an entry kept from the old
// generation survives the next turn; memory stays near the budget.
BOOST_AUTO_TEST_CASE(term_id_cache_generations) {
  const std::size_t budget = 1 << 20;
  TermIdCache cache(budget);
  auto key = [](int i) { return fmt::format("Ihttp://example.org/e/{}", i); };
  cache.Insert(key(0), 100);
  bool in_old = true;
  BOOST_TEST(cache.Find(key(0), &in_old).value_or(0) == 100u);
  BOOST_TEST(!in_old);
  BOOST_TEST(!cache.Find(key(1)).has_value());
  // Fill until key 0 has moved to the old generation.
  int n = 1;
  for (; n < 1000000 && !(cache.Find(key(0), &in_old) && in_old); ++n)
    cache.Insert(key(n), 100 + n);
  BOOST_TEST_REQUIRE(in_old);
  BOOST_TEST(n > 1000);  // half a MiB of entries before the first turn
  cache.Keep(key(0), 100);
  // Another generation's worth: entries 1.. of the first one are gone,
  // the kept one and the recent ones are there with their ids.
  const int first = n;
  for (int i = 0; i < first; ++i) cache.Insert(key(n + i), 100 + n + i);
  n += first;
  BOOST_TEST(cache.Find(key(0)).value_or(0) == 100u);
  BOOST_TEST(!cache.Find(key(1)).has_value());
  BOOST_TEST(cache.Find(key(n - 1)).value_or(0) ==
             static_cast<TermId>(100 + n - 1));
  BOOST_TEST(cache.size() < static_cast<std::size_t>(n));
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) total += cache.Find(key(i)).has_value();
  BOOST_TEST(total == cache.size());
  cache.Clear();
  BOOST_TEST(!cache.Find(key(0)).has_value());
  BOOST_TEST(cache.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg::store
