#include "query/text/unicode_width.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace kg::query {

BOOST_AUTO_TEST_SUITE(unicode_width)

BOOST_AUTO_TEST_CASE(display_width) {
  BOOST_CHECK_EQUAL(DisplayWidth("abc"), 3u);
  // كَتَبَ: three letters, three fathas (zero width).
  BOOST_CHECK_EQUAL(
      DisplayWidth("\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E\xD8\xA8\xD9\x8E"), 3u);
  BOOST_CHECK_EQUAL(DisplayWidth("\xE4\xB8\xAD\xE6\x96\x87"), 4u);  // 中文
  BOOST_CHECK_EQUAL(DisplayWidth("e\xCC\x81"), 1u);  // e + combining acute
  BOOST_CHECK_EQUAL(DisplayWidth("a\xFF"
                                 "b"),
                    3u);  // invalid byte: 1 cell
  BOOST_CHECK_EQUAL(DisplayWidth(""), 0u);
}

BOOST_AUTO_TEST_CASE(code_point_column) {
  const std::string line = "\xD8\xAC\xD8\xAC x";  // جج x
  BOOST_CHECK_EQUAL(CodePointColumn(line, 0), 1u);
  BOOST_CHECK_EQUAL(CodePointColumn(line, 2), 2u);
  BOOST_CHECK_EQUAL(CodePointColumn(line, 5), 4u);
  BOOST_CHECK_EQUAL(CodePointColumn(line, 6), 5u);
  BOOST_CHECK_EQUAL(CodePointColumn(line, 8), 7u);  // past the end
  BOOST_CHECK_EQUAL(CodePointColumn("\xFF\xFEz", 2), 3u);
}

BOOST_AUTO_TEST_CASE(caret_context) {
  BOOST_CHECK_EQUAL(CaretContext("abc def", 4), "abc def\n    ^");
  BOOST_CHECK_EQUAL(CaretContext("\xE4\xB8\xAD x\n", 4),
                    "\xE4\xB8\xAD x\n   ^");
  BOOST_CHECK_EQUAL(CaretContext("\ta\tb", 3), "\ta\tb\n\t \t^");
  BOOST_CHECK_EQUAL(CaretContext("ab", 2), "ab\n  ^");
}

BOOST_AUTO_TEST_CASE(utf8_helpers) {
  BOOST_CHECK(IsValidUtf8("\xD8\xAC\xF0\x9F\x98\x80"));
  BOOST_CHECK(!IsValidUtf8("\xC0\xAF"));          // overlong
  BOOST_CHECK(!IsValidUtf8("\xED\xA0\x80"));      // surrogate
  BOOST_CHECK(!IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  BOOST_CHECK(!IsValidUtf8("\xE4\xB8"));          // truncated
  std::string out;
  AppendUtf8(0x1F600, &out);
  AppendUtf8(0x62C, &out);
  BOOST_CHECK_EQUAL(out, "\xF0\x9F\x98\x80\xD8\xAC");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kg::query
