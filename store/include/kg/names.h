// Normalizing names for lookup: the key under which a label is indexed and
// a typed name is looked up, so that spelling variants of one name (Arabic
// hamza and alef forms, diacritics, tatweel, Latin case and accents) meet.
#ifndef KG_NAMES_H_
#define KG_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

namespace kg {

// The lookup key of `name` (UTF-8). A pure function of the string: the same
// input gives the same key on every machine. In order:
//
//  1. NFKC (compatibility forms such as Arabic presentation forms, ligatures
//     like «ﻻ» and fullwidth Latin become their plain letters), Unicode case
//     folding, and removal of every combining mark after canonical
//     decomposition: Arabic harakat, shadda, sukun and superscript alef;
//     hamza above or below a carrier (so أ إ آ → ا, ؤ → و, ئ → ي); Latin
//     accents (é → e). Default-ignorable characters (ZWJ, ZWNJ, bidi
//     controls, soft hyphens) are removed.
//  2. Letter unification: ٱ (alef wasla) → ا, ى (alef maqsura) → ي,
//     ة (ta marbuta) → ه, Persian ک → ك and ی → ي; tatweel ـ is removed;
//     Arabic-Indic and Persian digits become ASCII digits.
//  3. Apostrophes (' ’ ʼ) are removed; every other character that is not a
//     letter or a digit separates words. Words are joined by one space, with
//     none at either end.
//
// So «غوتيريش», «غوتيريشٌ» and «غوتيـريش» share one key, «فائز» and «فايز»
// share one, «أحمد» and «احمد» too, and "António Guterres" has the key
// "antonio guterres". Bytes that are not UTF-8 are replaced by U+FFFD.
std::string NormalizeName(std::string_view name);

namespace internal {
// NormalizeName through utf8proc whatever the input; NormalizeName takes a
// shorter path for ASCII text, and the tests check that both agree.
std::string NormalizeNameUnicode(std::string_view name);
}  // namespace internal

// The words of a normalized key (NormalizeName's output split at spaces).
std::vector<std::string> SplitNormalizedWords(std::string_view key);

}  // namespace kg

#endif  // KG_NAMES_H_
