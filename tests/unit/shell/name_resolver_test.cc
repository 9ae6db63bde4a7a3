// NameResolver on the UN dataset: every spelling of a name finds its
// entity, inverse names resolve to their predicate, unknown names get
// suggestions, ambiguous ones list their candidates.
#include "shell/name_resolver.h"

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "kg/database.h"
#include "query/syntax/rdf_parser.h"
#include "tests/unit/store/test_util.h"

namespace kg::shell {
namespace {

constexpr char kNs[] = "http://kg.example.org/unsc/";

// One database loaded from datasets/unsc/unsc.trig for the whole suite.
struct UnscDatabase {
  UnscDatabase() {
    StoreOptions so;
    so.create_if_missing = true;
    {
      auto store = Store::Open(dir.Sub("db"), so);
      BOOST_REQUIRE(store.ok());
      auto load = (*store)->BeginBulkLoad();
      BOOST_REQUIRE(load.ok());
      query::RdfParseReport report;
      Status parsed = query::ParseRdfFile(
          std::string(KG_SOURCE_DIR) + "/datasets/unsc/unsc.trig",
          query::RdfFormat::kTriG, query::RdfParseOptions{}, load->get(),
          &report);
      BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.ToString());
      BOOST_REQUIRE((*load)->Commit().ok());
    }
    auto opened = Database::Open(dir.Sub("db"), DatabaseOptions{});
    BOOST_REQUIRE(opened.ok());
    db = std::move(opened).value();
    raw = db.get();
    prefixes.Set("", kNs);
    prefixes.Set("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
    resolver = std::make_unique<NameResolver>(&raw, &prefixes, &language);
  }
  testing::TempDir dir;
  std::unique_ptr<Database> db;
  Database* raw = nullptr;
  PrefixMap prefixes;
  LabelLanguage language = LabelLanguage::kEnglish;
  std::unique_ptr<NameResolver> resolver;
};

UnscDatabase& Unsc() {
  static UnscDatabase* db = new UnscDatabase();
  return *db;
}

std::string Node(std::string_view name) {
  auto r = Unsc().resolver->Resolve(name, query::ShorthandRole::kNode);
  if (!r.ok()) return "error: " + r.status().message();
  return r->iri;
}

std::string Iri(const std::string& local) { return kNs + local; }

}  // namespace

BOOST_AUTO_TEST_SUITE(name_resolver)

BOOST_AUTO_TEST_CASE(iris_in_the_default_namespace) {
  BOOST_CHECK_EQUAL(Node("Hafter"), Iri("Hafter"));
  BOOST_CHECK_EQUAL(Node("AntonioGuterres"), Iri("AntonioGuterres"));
  auto m = Unsc().resolver->Match("Russia", query::ShorthandRole::kNode);
  BOOST_REQUIRE(m.ok());
  BOOST_CHECK(m->kind == MatchKind::kIri);
}

// غوتيريش, جوتيريس and Guterres are different letters, not variants of
// one spelling: they meet because the catalogue lists each as a label.
BOOST_AUTO_TEST_CASE(every_spelling_of_guterres) {
  for (const char* name :
       {"غوتيريش", "جوتيريس", "غوتيريس", "Guterres", "guterres",
        "أنطونيو غوتيريش", "انطونيو غوتيريش", "أنطونيو جوتيريس",
        "Antonio Guterres", "António Guterres", "ANTONIO GUTERRES", "غُوتيريش",
        "غوتيـريش", "antonioguterres"}) {
    BOOST_TEST_INFO(name);
    BOOST_CHECK_EQUAL(Node(name), Iri("AntonioGuterres"));
  }
}

BOOST_AUTO_TEST_CASE(every_spelling_of_hafter_and_sarraj) {
  for (const char* name :
       {"Hafter", "Haftar", "hafter", "حفتر", "حَفْتَر", "خليفة حفتر",
        "خليفه حفتر", "Khalifa Haftar", "Khalifa_Haftar", "Gen. Hafter",
        "المشير حفتر", "المشير خليفة حفتر"}) {
    BOOST_TEST_INFO(name);
    BOOST_CHECK_EQUAL(Node(name), Iri("Hafter"));
  }
  for (const char* name : {"فائز السراج", "فايز السراج", "السراج",
                           "Fayez al-Sarraj", "fayez al sarraj",
                           // Whole words of a label, the best covered wins.
                           "Sarraj", "سراج"}) {
    BOOST_TEST_INFO(name);
    BOOST_CHECK_EQUAL(Node(name), Iri("FayezAlSarraj"));
  }
}

BOOST_AUTO_TEST_CASE(other_names_from_the_articles) {
  BOOST_CHECK_EQUAL(Node("واشنطن"), Iri("UnitedStates"));
  BOOST_CHECK_EQUAL(Node("أمريكا"), Iri("UnitedStates"));
  BOOST_CHECK_EQUAL(Node("اميركا"), Iri("UnitedStates"));
  BOOST_CHECK_EQUAL(Node("موسكو"), Iri("Russia"));
  BOOST_CHECK_EQUAL(Node("روسيا"), Iri("Russia"));
  BOOST_CHECK_EQUAL(Node("مجلس الأمن الدولي"), Iri("UNSecurityCouncil"));
  BOOST_CHECK_EQUAL(Node("البيت الأبيض"), Iri("WhiteHouse"));
  BOOST_CHECK_EQUAL(Node("Macron"), Iri("EmmanuelMacron"));
}

BOOST_AUTO_TEST_CASE(inverse_names) {
  auto r =
      Unsc().resolver->Resolve("drafted-by", query::ShorthandRole::kPredicate);
  BOOST_REQUIRE(r.ok());
  BOOST_CHECK_EQUAL(r->iri, Iri("drafted"));
  BOOST_CHECK(r->inverse);
  r = Unsc().resolver->Resolve("drafted", query::ShorthandRole::kPredicate);
  BOOST_REQUIRE(r.ok());
  BOOST_CHECK_EQUAL(r->iri, Iri("drafted"));
  BOOST_CHECK(!r->inverse);
  // By its label, "drafted by".
  r = Unsc().resolver->Resolve("drafted by", query::ShorthandRole::kPredicate);
  BOOST_REQUIRE(r.ok());
  BOOST_CHECK_EQUAL(r->iri, Iri("drafted"));
  BOOST_CHECK(r->inverse);
}

BOOST_AUTO_TEST_CASE(unknown_names_get_suggestions) {
  auto r = Unsc().resolver->Resolve("Gutteres", query::ShorthandRole::kNode);
  BOOST_REQUIRE(!r.ok());
  BOOST_CHECK(r.status().code() == StatusCode::kNotFound);
  BOOST_CHECK_EQUAL(r.status().message(),
                    "unknown name 'Gutteres': no triple uses :Gutteres and no "
                    "label matches\ndid you mean: Guterres (:AntonioGuterres)");
  r = Unsc().resolver->Resolve("غوتيرش", query::ShorthandRole::kNode);
  BOOST_REQUIRE(!r.ok());
  BOOST_CHECK(r.status().message().find(":AntonioGuterres") !=
              std::string::npos);
  r = Unsc().resolver->Resolve("Zanzibar", query::ShorthandRole::kNode);
  BOOST_REQUIRE(!r.ok());
  BOOST_CHECK(r.status().message().find("did you mean") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(ambiguous_names_list_candidates) {
  auto r = Unsc().resolver->Resolve("Trump", query::ShorthandRole::kNode);
  BOOST_REQUIRE(!r.ok());
  BOOST_CHECK(r.status().code() == StatusCode::kInvalidArgument);
  const std::string m = r.status().message();
  BOOST_CHECK(m.rfind("ambiguous name 'Trump': 3 entities", 0) == 0);
  BOOST_CHECK(m.find(":DonaldTrump") != std::string::npos);
  BOOST_CHECK(m.find("Donald Trump") != std::string::npos);
  BOOST_CHECK(m.find("(:Person)") != std::string::npos);
  BOOST_CHECK(m.find(":TrumpAdministration") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(display_labels_follow_the_language) {
  NameResolver& r = *Unsc().resolver;
  LabelLanguage& language = Unsc().language;
  auto label = r.DisplayLabel(Iri("Hafter"));
  BOOST_REQUIRE(label.ok() && label->has_value());
  BOOST_CHECK_EQUAL(**label, "Khalifa Haftar");
  language = LabelLanguage::kArabic;
  label = r.DisplayLabel(Iri("Hafter"));
  BOOST_CHECK_EQUAL(**label, "خليفة حفتر");
  language = LabelLanguage::kAny;
  label = r.DisplayLabel(Iri("Hafter"));
  BOOST_CHECK_EQUAL(**label, "Khalifa Haftar / خليفة حفتر");
  language = LabelLanguage::kEnglish;
  label = r.DisplayLabel(Iri("NoSuchThing"));
  BOOST_REQUIRE(label.ok());
  BOOST_CHECK(!label->has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kg::shell
