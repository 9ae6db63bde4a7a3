// kg_gen: a deterministic generator of synthetic news knowledge graphs in
// N-Triples, shaped like the UN Security Council graph (countries drafting and
// vetoing draft resolutions, people and organisations backing each other).
// Streams its output in bounded memory; see PrintUsage() for the shape.

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---------------------------------------------------------------------------
// Randomness: splitmix64 only, so that the output is identical on every
// platform and library version. Every entity draws from its own stream, seeded
// from (seed, kind, id, purpose): the triples of an entity do not depend on the
// order in which entities are visited, nor (mostly) on N.

__extension__ typedef unsigned __int128 U128;  // GCC and Clang

constexpr uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix(state_);
  }
  // Uniform in [0, n), n > 0 (Lemire's multiply-shift; the tiny bias is fine
  // for a data generator and keeps the output platform-independent).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<U128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

 private:
  uint64_t state_;
};

enum class Kind : uint8_t {
  kCountry,
  kPerson,
  kOrg,
  kResolution,
  kVote,
  kEvent
};
constexpr int kNumKinds = 6;
constexpr std::array<std::string_view, kNumKinds> kKindPath = {
    "country/", "person/", "org/", "resolution/", "vote/", "event/"};
constexpr std::array<std::string_view, kNumKinds> kKindClass = {
    "Country", "Person", "Organisation", "DraftResolution", "Vote", "Event"};

enum class Purpose : uint64_t {
  kShape = 1,
  kLabel,
  kFiller,
  kDate,
  kQuota,
  kPlace
};

uint64_t StreamSeed(uint64_t seed, Kind kind, uint64_t id, Purpose purpose) {
  return Mix(
      Mix(Mix(seed ^ 0x6b67ULL) ^ (static_cast<uint64_t>(kind) << 56) ^ id) ^
      static_cast<uint64_t>(purpose));
}

SplitMix64 Stream(uint64_t seed, Kind kind, uint64_t id, Purpose purpose) {
  return SplitMix64(StreamSeed(seed, kind, id, purpose));
}

// ---------------------------------------------------------------------------
// Vocabulary.

constexpr std::string_view kNs = "http://kg.example.org/news/";
constexpr std::string_view kRdfType =
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
constexpr std::string_view kRdfsLabel =
    "<http://www.w3.org/2000/01/rdf-schema#label>";
constexpr std::string_view kXsdDate = "<http://www.w3.org/2001/XMLSchema#date>";
constexpr std::string_view kXsdInteger =
    "<http://www.w3.org/2001/XMLSchema#integer>";

enum class Pred : uint8_t {
  kDrafted,
  kVetoed,
  kSupported,
  kOpposed,
  kBackedBy,
  kLocatedIn,
  kMemberOf,
  kAbout,
  kInvolved,
  kDate,
  kVoteCount,
};
constexpr std::array<std::string_view, 11> kPredName = {
    "drafted",   "vetoed", "supported", "opposed", "backed-by", "located-in",
    "member-of", "about",  "involved",  "date",    "vote-count"};

// Real countries first (English, Arabic); the permanent five come first and
// are the only ones that veto. Beyond this list names are synthetic.
struct CountryName {
  std::string_view en, ar;
};
constexpr CountryName kCountries[] = {
    {"France", "فرنسا"},
    {"Russia", "روسيا"},
    {"United States", "الولايات المتحدة"},
    {"China", "الصين"},
    {"United Kingdom", "المملكة المتحدة"},
    {"Libya", "ليبيا"},
    {"Egypt", "مصر"},
    {"Syria", "سوريا"},
    {"Iraq", "العراق"},
    {"Yemen", "اليمن"},
    {"Sudan", "السودان"},
    {"Lebanon", "لبنان"},
    {"Jordan", "الأردن"},
    {"Saudi Arabia", "السعودية"},
    {"United Arab Emirates", "الإمارات العربية المتحدة"},
    {"Qatar", "قطر"},
    {"Kuwait", "الكويت"},
    {"Algeria", "الجزائر"},
    {"Tunisia", "تونس"},
    {"Morocco", "المغرب"},
    {"Turkey", "تركيا"},
    {"Iran", "إيران"},
    {"Palestine", "فلسطين"},
    {"Israel", "إسرائيل"},
    {"Germany", "ألمانيا"},
    {"Japan", "اليابان"},
    {"Brazil", "البرازيل"},
    {"India", "الهند"},
    {"South Africa", "جنوب أفريقيا"},
    {"Nigeria", "نيجيريا"},
    {"Kenya", "كينيا"},
    {"Ethiopia", "إثيوبيا"},
    {"Somalia", "الصومال"},
    {"Mali", "مالي"},
    {"Niger", "النيجر"},
    {"Chad", "تشاد"},
    {"Ukraine", "أوكرانيا"},
    {"Norway", "النرويج"},
    {"Ireland", "أيرلندا"},
    {"Mexico", "المكسيك"},
    {"Ghana", "غانا"},
    {"Gabon", "الغابون"},
    {"Albania", "ألبانيا"},
    {"Malta", "مالطا"},
    {"Switzerland", "سويسرا"},
    {"Ecuador", "الإكوادور"},
    {"Mozambique", "موزمبيق"},
    {"Guyana", "غيانا"},
    {"Slovenia", "سلوفينيا"},
    {"Sierra Leone", "سيراليون"},
    {"Denmark", "الدنمارك"},
    {"Greece", "اليونان"},
    {"Pakistan", "باكستان"},
    {"Panama", "بنما"},
    {"Bahrain", "البحرين"},
};
constexpr uint64_t kNumRealCountries = std::size(kCountries);
constexpr uint64_t kNumVetoPowers = 5;

constexpr std::string_view kEnSyllables[] = {
    "al",   "ber", "cor", "dan", "el",  "fen", "gor", "hal",
    "is",   "jun", "kar", "lem", "mor", "nal", "or",  "per",
    "quin", "ros", "sal", "tor", "ul",  "ven", "wil", "zan"};
constexpr std::string_view kArSyllables[] = {
    "عب", "دال", "لة", "مح", "مد", "سع", "يد", "نو", "ر",  "حس", "ين",
    "فا", "طمة", "كر", "يم", "سل", "مى", "جا", "بر", "ها", "ني", "زا"};
constexpr std::string_view kArGiven[] = {
    "محمد", "أحمد",    "علي",   "حسن",      "حسين",       "عمر",  "خالد",
    "يوسف", "إبراهيم", "فاطمة", "عائشة",    "مريم",       "زينب", "ليلى",
    "سارة", "نور",     "هدى",   "عبد الله", "عبد الرحمن", "سعيد", "منصور",
    "كريم", "رشيد",    "سلمى",  "جميلة",    "طارق",       "ماجد", "فيصل",
    "ناصر", "سامي",    "خليفة", "مصطفى"};
constexpr std::string_view kArFamily[] = {
    "الحسن",   "العلي",    "المصري",   "الخطيب", "الشامي", "البغدادي", "الحلبي",
    "التونسي", "السوداني", "الليبي",   "القاسم", "النجار", "الحداد",   "العطار",
    "الزين",   "الأحمد",   "المنصوري", "الدباغ", "السراج", "الكبير"};
constexpr std::string_view kEnOrgKind[] = {"Front",   "Council", "Movement",
                                           "Brigade", "Union",   "Alliance",
                                           "Party",   "Army"};
// Same order as kEnOrgKind; the feminine ones take feminine adjectives.
constexpr std::string_view kArOrgKind[] = {"جبهة",  "مجلس",  "حركة", "لواء",
                                           "اتحاد", "تحالف", "حزب",  "جيش"};
constexpr bool kArOrgKindFeminine[] = {true,  false, true,  false,
                                       false, false, false, false};
constexpr std::string_view kEnOrgAdj[] = {
    "National", "Popular", "Democratic", "United", "Free", "Revolutionary"};
constexpr std::string_view kArOrgAdj[] = {"الوطني", "الشعبي", "الديمقراطي",
                                          "الموحد", "الحر",   "الثوري"};
constexpr std::string_view kEnEventKind[] = {"Clashes",   "Ceasefire talks",
                                             "Airstrike", "Summit",
                                             "Protest",   "Peace conference"};
constexpr std::string_view kArEventKind[] = {
    "اشتباكات",  "محادثات وقف إطلاق النار", "غارة جوية", "قمة", "احتجاج",
    "مؤتمر سلام"};

template <typename T, size_t N>
const T& Pick(SplitMix64& rng, const T (&list)[N]) {
  return list[rng.Below(N)];
}

void AppendWord(std::string& out, SplitMix64& rng, bool capitalize) {
  const int64_t n = rng.Between(2, 3);
  const size_t start = out.size();
  for (int64_t i = 0; i < n; ++i) out += Pick(rng, kEnSyllables);
  if (capitalize) out[start] = static_cast<char>(out[start] - 'a' + 'A');
}

void AppendArWord(std::string& out, SplitMix64& rng) {
  const int64_t n = rng.Between(2, 3);
  for (int64_t i = 0; i < n; ++i) out += Pick(rng, kArSyllables);
}

// ---------------------------------------------------------------------------
// Dates: days since 1970-01-01 to y-m-d (H. Hinnant's civil_from_days).

void AppendDate(std::string& out, int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}", y, m, d);
}

constexpr int64_t kDay1990 = 7305;   // 1990-01-01
constexpr int64_t kDay2024 = 20088;  // 2024-12-31

// ---------------------------------------------------------------------------
// Shape: entity counts as a function of N (about half the triples are
// structural, the rest supported/opposed "filler").

struct Shape {
  std::array<uint64_t, kNumKinds> count{};
  std::array<uint64_t, kNumKinds> offset{};  // into the combined entity space
  uint64_t entities = 0;

  explicit Shape(uint64_t n) {
    count[static_cast<int>(Kind::kCountry)] =
        std::clamp<uint64_t>(n / 500, 10, 200);
    count[static_cast<int>(Kind::kPerson)] = std::max<uint64_t>(n / 40, 20);
    count[static_cast<int>(Kind::kOrg)] = std::max<uint64_t>(n / 100, 60);
    count[static_cast<int>(Kind::kResolution)] = std::max<uint64_t>(n / 50, 20);
    count[static_cast<int>(Kind::kVote)] = std::max<uint64_t>(n * 3 / 200, 10);
    count[static_cast<int>(Kind::kEvent)] = std::max<uint64_t>(n / 100, 10);
    for (int k = 0; k < kNumKinds; ++k) {
      offset[k] = entities;
      entities += count[k];
    }
  }
  uint64_t operator[](Kind k) const { return count[static_cast<int>(k)]; }
};

struct Ent {
  Kind kind;
  uint64_t id;
};

// Org backing DAG: org i >= kChainStart is backed by one org in
// [i - kChainWindow, i) and, with kSecondBacker, a second one; orgs
// 3..kChainStart-1 by a country and one of org/0..2; org/0 -> 1 -> 2 -> 0 is a
// cycle. So backed-by+ from org/i needs about i / 9.5 BFS rounds: from
// org/999 (seed 42) it reaches 234 nodes, the farthest 105 hops away.
constexpr uint64_t kChainStart = 50;
constexpr uint64_t kChainWindow = 16;
constexpr double kSecondBacker = 0.15;

// ---------------------------------------------------------------------------
// Structural triples of one entity. `Sink` receives term descriptors and
// formats (or only counts) them, so the counting pass does no string work.

// Chooses k distinct values from [0, range) with `draw`, k <= range small.
template <typename Draw>
int PickDistinct(int k, uint64_t range, uint64_t* out, Draw&& draw) {
  int n = 0;
  if (static_cast<uint64_t>(k) > range) k = static_cast<int>(range);
  while (n < k) {
    uint64_t v = draw();
    for (;;) {
      bool dup = false;
      for (int i = 0; i < n; ++i) dup |= out[i] == v;
      if (!dup) break;
      v = (v + 1) % range;
    }
    out[n++] = v;
  }
  return n;
}

// Country chosen with weight 1/(i+1): a few countries do most of the drafting.
class CountryPicker {
 public:
  explicit CountryPicker(uint64_t n) : cum_(n) {
    double s = 0;
    for (uint64_t i = 0; i < n; ++i)
      cum_[i] = s += 1.0 / static_cast<double>(i + 1);
  }
  uint64_t Draw(SplitMix64& rng) const {
    const double x = rng.Unit() * cum_.back();
    return static_cast<uint64_t>(std::upper_bound(cum_.begin(), cum_.end(), x) -
                                 cum_.begin());
  }

 private:
  std::vector<double> cum_;
};

// Where event e happened: used by located-in and by its labels.
uint64_t EventCountry(uint64_t seed, const CountryPicker& countries,
                      uint64_t e) {
  SplitMix64 rng = Stream(seed, Kind::kEvent, e, Purpose::kPlace);
  return countries.Draw(rng);
}

int64_t ResolutionDay(uint64_t seed, uint64_t r) {
  return Stream(seed, Kind::kResolution, r, Purpose::kDate)
      .Between(kDay1990, kDay2024 - 60);
}

template <typename Sink>
void EmitStructure(const Shape& shape, const CountryPicker& countries,
                   uint64_t seed, Ent e, Sink& sink) {
  SplitMix64 rng = Stream(seed, e.kind, e.id, Purpose::kShape);
  const uint64_t nC = shape[Kind::kCountry], nP = shape[Kind::kPerson],
                 nO = shape[Kind::kOrg], nR = shape[Kind::kResolution];
  uint64_t pick[16];
  sink.Type(e);
  sink.Label(e, false);
  switch (e.kind) {
    case Kind::kCountry: {
      sink.Label(e, true);
      const int n = PickDistinct(
          static_cast<int>(rng.Between(1, 3)), std::min(kChainStart, nO), pick,
          [&] { return rng.Below(std::min(kChainStart, nO)); });
      for (int i = 0; i < n; ++i)
        sink.Iri(e, Pred::kMemberOf, {Kind::kOrg, pick[i]});
      break;
    }
    case Kind::kPerson:
      if (rng.Chance(0.3)) sink.Label(e, true);
      sink.Iri(e, Pred::kLocatedIn, {Kind::kCountry, rng.Below(nC)});
      if (rng.Chance(0.6))
        sink.Iri(e, Pred::kMemberOf, {Kind::kOrg, rng.Below(nO)});
      if (rng.Chance(0.3))
        sink.Iri(e, Pred::kBackedBy, {Kind::kOrg, rng.Below(nO)});
      break;
    case Kind::kOrg: {
      if (rng.Chance(0.4)) sink.Label(e, true);
      sink.Iri(e, Pred::kLocatedIn, {Kind::kCountry, rng.Below(nC)});
      const uint64_t i = e.id;
      if (i < 3) {
        sink.Iri(e, Pred::kBackedBy, {Kind::kOrg, (i + 1) % 3});
        sink.Iri(e, Pred::kBackedBy, {Kind::kCountry, i % nC});
      } else if (i < kChainStart) {
        sink.Iri(e, Pred::kBackedBy, {Kind::kCountry, rng.Below(nC)});
        sink.Iri(e, Pred::kBackedBy, {Kind::kOrg, rng.Below(3)});
      } else {
        const int k = rng.Chance(kSecondBacker) ? 2 : 1;
        const uint64_t lo = i - kChainWindow;
        PickDistinct(k, kChainWindow, pick,
                     [&] { return rng.Below(kChainWindow); });
        for (int j = 0; j < k; ++j)
          sink.Iri(e, Pred::kBackedBy, {Kind::kOrg, lo + pick[j]});
      }
      break;
    }
    case Kind::kResolution: {
      if (rng.Chance(0.5)) sink.Label(e, true);
      sink.Date(e, ResolutionDay(seed, e.id));
      sink.Iri(e, Pred::kAbout, {Kind::kCountry, countries.Draw(rng)});
      const int n = PickDistinct(static_cast<int>(rng.Between(1, 3)), nC, pick,
                                 [&] { return countries.Draw(rng); });
      for (int i = 0; i < n; ++i)
        sink.Iri({Kind::kCountry, pick[i]}, Pred::kDrafted, e);
      if (rng.Chance(0.08)) {
        const uint64_t p5 = std::min(kNumVetoPowers, nC);
        const int v = PickDistinct(static_cast<int>(rng.Between(1, 2)), p5,
                                   pick, [&] { return rng.Below(p5); });
        for (int i = 0; i < v; ++i)
          sink.Iri({Kind::kCountry, pick[i]}, Pred::kVetoed, e);
      }
      break;
    }
    case Kind::kVote: {
      // Vote i is on resolution i * nR / nV; held up to 60 days after drafting.
      const uint64_t r = static_cast<uint64_t>(static_cast<U128>(e.id) * nR /
                                               shape[Kind::kVote]);
      sink.Iri(e, Pred::kAbout, {Kind::kResolution, r});
      sink.Date(e, ResolutionDay(seed, r) + rng.Between(0, 60));
      sink.Int(e, Pred::kVoteCount, rng.Between(0, 15));
      break;
    }
    case Kind::kEvent: {
      if (rng.Chance(0.5)) sink.Label(e, true);
      sink.Date(e, rng.Between(kDay1990, kDay2024));
      sink.Iri(e, Pred::kLocatedIn,
               {Kind::kCountry, EventCountry(seed, countries, e.id)});
      int n = PickDistinct(static_cast<int>(rng.Between(1, 2)), nR, pick,
                           [&] { return rng.Below(nR); });
      for (int i = 0; i < n; ++i)
        sink.Iri(e, Pred::kAbout, {Kind::kResolution, pick[i]});
      // Involved: persons as ids [0, nP), organisations as [nP, nP + nO).
      n = PickDistinct(
          static_cast<int>(rng.Between(4, 12)), nP + nO, pick,
          [&] { return rng.Chance(0.7) ? rng.Below(nP) : nP + rng.Below(nO); });
      for (int i = 0; i < n; ++i)
        sink.Iri(e, Pred::kInvolved,
                 pick[i] < nP ? Ent{Kind::kPerson, pick[i]}
                              : Ent{Kind::kOrg, pick[i] - nP});
      break;
    }
  }
}

// ---------------------------------------------------------------------------
// Filler: each actor (country, person, organisation) supports or opposes a
// number of distinct resolutions, popular (low-id) ones more often. The total
// F = N - structural is split exactly over the actors without any per-actor
// table: countries by weight 1/(i+1), persons and organisations by a random
// binary split tree (heavy-tailed activity), so an actor's quota is computed
// in O(log n) from the seed alone.

class Quotas {
 public:
  Quotas(const Shape& shape, uint64_t seed, uint64_t filler)
      : seed_(seed), cap_(shape[Kind::kResolution]) {
    const uint64_t nC = shape[Kind::kCountry], nP = shape[Kind::kPerson],
                   nO = shape[Kind::kOrg];
    uint64_t fc = std::min(filler / 20, nC * cap_);
    uint64_t fo = std::min(filler * 35 / 100, nO * cap_);
    uint64_t fp = std::min(filler - fc - fo, nP * cap_);
    // Whatever persons cannot take goes to organisations, then countries.
    uint64_t rest = filler - fc - fo - fp;
    uint64_t add = std::min(rest, nO * cap_ - fo);
    fo += add, rest -= add;
    add = std::min(rest, nC * cap_ - fc);
    fc += add, rest -= add;
    shortfall_ = rest;
    total_[static_cast<int>(Kind::kPerson)] = fp;
    total_[static_cast<int>(Kind::kOrg)] = fo;
    count_[static_cast<int>(Kind::kPerson)] = nP;
    count_[static_cast<int>(Kind::kOrg)] = nO;
    // Countries: proportional to 1/(i+1), capped, remainder spread round-robin.
    country_.assign(nC, 0);
    double w = 0;
    for (uint64_t i = 0; i < nC; ++i) w += 1.0 / static_cast<double>(i + 1);
    uint64_t given = 0;
    for (uint64_t i = 0; i < nC; ++i) {
      country_[i] = std::min<uint64_t>(
          cap_, static_cast<uint64_t>(static_cast<double>(fc) /
                                      static_cast<double>(i + 1) / w));
      given += country_[i];
    }
    for (uint64_t i = 0; given < fc; i = (i + 1) % nC) {
      if (country_[i] < cap_) ++country_[i], ++given;
    }
  }

  uint64_t shortfall() const { return shortfall_; }

  uint64_t Of(Ent e) const {
    if (e.kind == Kind::kCountry) return country_[e.id];
    if (e.kind != Kind::kPerson && e.kind != Kind::kOrg) return 0;
    uint64_t q = total_[static_cast<int>(e.kind)];
    uint64_t lo = 0, n = count_[static_cast<int>(e.kind)];
    while (n > 1 && q > 0) {
      const uint64_t nl = n / 2, nr = n - nl;
      SplitMix64 rng =
          Stream(seed_, e.kind, lo * 0x100000000ULL + n, Purpose::kQuota);
      // Left's fair share times a factor in [0.7, 1.3], in integers so that
      // no floating-point contraction can change the output.
      const U128 scaled = static_cast<U128>(q) * nl * (700 + rng.Below(601)) /
                          (static_cast<U128>(n) * 1000);
      uint64_t left = static_cast<uint64_t>(std::min<U128>(q, scaled));
      left = std::clamp<uint64_t>(left, q > nr * cap_ ? q - nr * cap_ : 0,
                                  nl * cap_);
      if (e.id < lo + nl) {
        q = left, n = nl;
      } else {
        q -= left, lo += nl, n = nr;
      }
    }
    return q;
  }

 private:
  uint64_t seed_, cap_;
  uint64_t shortfall_ = 0;
  std::array<uint64_t, kNumKinds> total_{}, count_{};
  std::vector<uint64_t> country_;
};

// ---------------------------------------------------------------------------
// Output: a shuffling window. Lines enter a window of W slots; each new line
// evicts (writes) a random slot. With entities visited in a pseudo-random
// permutation this leaves no subject-sorted runs for a loader to exploit,
// in memory bounded by W lines.

class Output {
 public:
  Output(std::FILE* f, uint64_t limit, size_t window, uint64_t seed)
      : f_(f),
        limit_(limit),
        slots_(window),
        rng_(Mix(seed ^ 0x5348554646ULL)) {
    buf_.reserve(kBufSize + 4096);
  }

  bool full() const { return pushed_ >= limit_; }
  uint64_t pushed() const { return pushed_; }

  // Takes the line out of `line` (leaving some other string's buffer in it).
  void Push(std::string& line) {
    if (full()) return;
    ++pushed_;
    if (slots_.empty()) {
      Write(line);
    } else if (fill_ < slots_.size()) {
      slots_[fill_++].swap(line);
    } else {
      std::string& slot = slots_[rng_.Below(slots_.size())];
      Write(slot);
      slot.swap(line);
    }
    line.clear();
  }

  bool Finish() {
    for (size_t i = fill_; i > 0; --i) {
      const size_t j = rng_.Below(i);
      Write(slots_[j]);
      slots_[j].swap(slots_[i - 1]);
    }
    fill_ = 0;
    Flush();
    return !error_ && std::fflush(f_) == 0;
  }

 private:
  static constexpr size_t kBufSize = 1 << 22;

  void Write(const std::string& s) {
    buf_ += s;
    if (buf_.size() >= kBufSize) Flush();
  }
  void Flush() {
    if (!buf_.empty() &&
        std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      error_ = true;
    buf_.clear();
  }

  std::FILE* f_;
  uint64_t limit_, pushed_ = 0;
  std::vector<std::string> slots_;
  size_t fill_ = 0;
  SplitMix64 rng_;
  std::string buf_;
  bool error_ = false;
};

// ---------------------------------------------------------------------------
// Sinks.

struct CountingSink {
  uint64_t n = 0;
  void Type(Ent) { ++n; }
  void Label(Ent, bool) { ++n; }
  void Iri(Ent, Pred, Ent) { ++n; }
  void Date(Ent, int64_t) { ++n; }
  void Int(Ent, Pred, int64_t) { ++n; }
};

class WritingSink {
 public:
  WritingSink(const CountryPicker& countries, uint64_t seed, Output& out)
      : countries_(countries), seed_(seed), out_(out) {}

  void Type(Ent e) {
    Subject(e);
    line_ += kRdfType;
    line_ += " <";
    line_ += kNs;
    line_ += kKindClass[static_cast<int>(e.kind)];
    line_ += "> .\n";
    out_.Push(line_);
  }
  void Iri(Ent s, Pred p, Ent o) {
    Subject(s);
    Predicate(p);
    Node(o);
    line_ += " .\n";
    out_.Push(line_);
  }
  void Date(Ent s, int64_t day) {
    Subject(s);
    Predicate(Pred::kDate);
    line_ += '"';
    AppendDate(line_, day);
    line_ += "\"^^";
    line_ += kXsdDate;
    line_ += " .\n";
    out_.Push(line_);
  }
  void Int(Ent s, Pred p, int64_t v) {
    Subject(s);
    Predicate(p);
    fmt::format_to(std::back_inserter(line_), "\"{}\"^^", v);
    line_ += kXsdInteger;
    line_ += " .\n";
    out_.Push(line_);
  }
  void Label(Ent e, bool arabic) {
    Subject(e);
    line_ += kRdfsLabel;
    line_ += " \"";
    if (arabic) {
      AppendArabicName(e);
    } else {
      AppendEnglishName(e);
    }
    line_ += arabic ? "\"@ar .\n" : "\"@en .\n";
    out_.Push(line_);
  }

 private:
  void Node(Ent e) {
    line_ += '<';
    line_ += kNs;
    line_ += kKindPath[static_cast<int>(e.kind)];
    fmt::format_to(std::back_inserter(line_), "{}", e.id);
    line_ += '>';
  }
  void Subject(Ent e) {
    Node(e);
    line_ += ' ';
  }
  void Predicate(Pred p) {
    line_ += '<';
    line_ += kNs;
    line_ += kPredName[static_cast<int>(p)];
    line_ += "> ";
  }

  void EnglishCountry(uint64_t c, std::string& out) {
    if (c < kNumRealCountries) {
      out += kCountries[c].en;
      return;
    }
    SplitMix64 rng = Stream(seed_, Kind::kCountry, c, Purpose::kLabel);
    AppendWord(out, rng, true);
    out += "ia";
  }
  void ArabicCountry(uint64_t c, std::string& out) {
    if (c < kNumRealCountries) {
      out += kCountries[c].ar;
      return;
    }
    SplitMix64 rng = Stream(seed_, Kind::kCountry, c, Purpose::kLabel);
    out += "جمهورية ";
    AppendArWord(out, rng);
  }

  void AppendEnglishName(Ent e) {
    SplitMix64 rng = Stream(seed_, e.kind, e.id, Purpose::kLabel);
    switch (e.kind) {
      case Kind::kCountry:
        EnglishCountry(e.id, line_);
        break;
      case Kind::kPerson:
        AppendWord(line_, rng, true);
        line_ += ' ';
        AppendWord(line_, rng, true);
        break;
      case Kind::kOrg:
        line_ += Pick(rng, kEnOrgAdj);
        line_ += ' ';
        AppendWord(line_, rng, true);
        line_ += ' ';
        line_ += Pick(rng, kEnOrgKind);
        break;
      case Kind::kResolution:
        fmt::format_to(std::back_inserter(line_), "Draft resolution S/{}/{}",
                       1990 + e.id % 35, 100 + e.id);
        break;
      case Kind::kVote:
        fmt::format_to(std::back_inserter(line_), "Vote {}", e.id);
        break;
      case Kind::kEvent: {
        const uint64_t c = EventCountry(seed_, countries_, e.id);
        line_ += Pick(rng, kEnEventKind);
        line_ += " in ";
        EnglishCountry(c, line_);
        break;
      }
    }
  }

  void AppendArabicName(Ent e) {
    SplitMix64 rng = Stream(seed_, e.kind, e.id, Purpose::kLabel);
    rng.Next();  // decorrelate from the English name
    switch (e.kind) {
      case Kind::kCountry:
        ArabicCountry(e.id, line_);
        break;
      case Kind::kPerson:
        line_ += Pick(rng, kArGiven);
        line_ += ' ';
        line_ += Pick(rng, kArGiven);
        line_ += ' ';
        if (rng.Chance(0.5)) {
          line_ += Pick(rng, kArFamily);
        } else {
          line_ += "ال";
          AppendArWord(line_, rng);
        }
        break;
      case Kind::kOrg: {
        const uint64_t kind = rng.Below(std::size(kArOrgKind));
        line_ += kArOrgKind[kind];
        line_ += ' ';
        AppendArWord(line_, rng);
        line_ += ' ';
        line_ += Pick(rng, kArOrgAdj);
        if (kArOrgKindFeminine[kind]) line_ += "ة";
        break;
      }
      case Kind::kResolution:
        fmt::format_to(std::back_inserter(line_), "مشروع قرار S/{}/{}",
                       1990 + e.id % 35, 100 + e.id);
        break;
      case Kind::kVote:
        fmt::format_to(std::back_inserter(line_), "تصويت {}", e.id);
        break;
      case Kind::kEvent: {
        // Same kind of event as the English label: same stream, first draw.
        SplitMix64 same = Stream(seed_, e.kind, e.id, Purpose::kLabel);
        const uint64_t c = EventCountry(seed_, countries_, e.id);
        line_ += Pick(same, kArEventKind);
        line_ += " في ";
        ArabicCountry(c, line_);
        break;
      }
    }
  }

  const CountryPicker& countries_;
  uint64_t seed_;
  Output& out_;
  std::string line_;
};

// Supported/opposed triples of one actor: `quota` distinct resolutions, drawn
// with density ~ 1/sqrt(r) (skewed to low ids), collisions probing upward.
class FillerWriter {
 public:
  explicit FillerWriter(uint64_t resolutions)
      : n_(resolutions), bits_((resolutions + 63) / 64, 0) {}

  void Emit(uint64_t seed, Ent actor, uint64_t quota, WritingSink& sink) {
    SplitMix64 rng = Stream(seed, actor.kind, actor.id, Purpose::kFiller);
    const uint64_t support = 550 + rng.Below(301);  // leaning, per mille
    chosen_.clear();
    for (uint64_t k = 0; k < quota; ++k) {
      const double u = rng.Unit();
      uint64_t r = static_cast<uint64_t>(static_cast<double>(n_) * u * u);
      while (bits_[r / 64] >> (r % 64) & 1) r = r + 1 == n_ ? 0 : r + 1;
      bits_[r / 64] |= 1ULL << (r % 64);
      chosen_.push_back(r);
      sink.Iri(actor,
               rng.Below(1000) < support ? Pred::kSupported : Pred::kOpposed,
               {Kind::kResolution, r});
    }
    for (uint64_t r : chosen_) bits_[r / 64] = 0;
  }

 private:
  uint64_t n_;
  std::vector<uint64_t> bits_;
  std::vector<uint64_t> chosen_;
};

// ---------------------------------------------------------------------------
// Visiting order: a bijection on [0, entities) (4-round Feistel network on the
// next even power of two, cycle-walking), so kinds and ids arrive mixed.

class Permutation {
 public:
  Permutation(uint64_t n, uint64_t seed) : n_(n) {
    while ((1ULL << (2 * half_bits_)) < n) ++half_bits_;
    mask_ = (1ULL << half_bits_) - 1;
    for (int i = 0; i < 4; ++i) keys_[i] = Mix(seed + 0x7065726dULL + i);
  }
  uint64_t operator()(uint64_t x) const {
    do x = Round(x);
    while (x >= n_);
    return x;
  }

 private:
  uint64_t Round(uint64_t x) const {
    uint64_t l = x >> half_bits_, r = x & mask_;
    for (uint64_t k : keys_) {
      const uint64_t t = l ^ (Mix(r ^ k) & mask_);
      l = r;
      r = t;
    }
    return (l << half_bits_) | r;
  }
  uint64_t n_;
  int half_bits_ = 1;
  uint64_t mask_;
  std::array<uint64_t, 4> keys_;
};

Ent EntityAt(const Shape& shape, uint64_t x) {
  int k = kNumKinds - 1;
  while (shape.offset[k] > x) --k;
  return {static_cast<Kind>(k), x - shape.offset[k]};
}

void PrintUsage(std::FILE* f) {
  std::fputs(
      R"(usage: kg_gen N_TRIPLES [--seed S] [-o OUT.nt] [--window LINES] [-q]

Writes a synthetic news knowledge graph of exactly N_TRIPLES distinct triples
as N-Triples (UTF-8) to stdout or OUT.nt. N may carry a suffix: 100k, 10M, 1G.
The output is a function of (N, seed) only (default seed 42).

  --seed S         seed of the splitmix64 streams (default 42)
  -o, --output F   write to F instead of stdout
  --window LINES   shuffle window in lines (default 65536; 0 = no shuffling:
                   entity by entity, entities in a pseudo-random order)
  -q, --quiet      no summary on stderr
  -h, --help       this text

Namespace http://kg.example.org/news/ ; entities (at N = 1M):
  country/0..199   (10..200; 0..4 are the permanent five, who alone veto;
                    the first 55 are real countries with Arabic names)
  person/  25k     org/ 10k     resolution/ 20k (draft resolutions)
  vote/    15k     event/ 10k   (all proportional to N)
Classes Country, Person, Organisation, DraftResolution, Vote, Event.
Predicates: rdf:type, rdfs:label (@en for every entity; @ar for countries,
  30% of persons, 40% of organisations, half of resolutions and events),
  drafted, vetoed (country -> resolution), supported, opposed (country, person
  or organisation -> resolution; about half of all triples), backed-by
  (person -> org, org -> org chains, orgs 3..49 -> country), located-in,
  member-of (person -> org, country -> org/0..49), about (resolution ->
  country, vote/event -> resolution), involved (event -> person/org),
  date (xsd:date on resolutions, votes, events), vote-count (xsd:integer
  0..15 on votes).
backed-by DAG: org/i (i >= 50) is backed by one or two of org/i-16..i-1;
  org/0 -> org/1 -> org/2 -> org/0 is a cycle. backed-by+ from org/999
  (present for N >= 100k; the org DAG does not depend on N) reaches 234
  nodes with seed 42, the farthest 105 hops away.
Below about 800 triples the structural part alone is larger than N and is
cut at N lines (still exactly N).
)",
      f);
}

bool ParseCount(const char* s, uint64_t& out) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s, &end);
  if (errno != 0 || end == s || v < 0) return false;
  double mul = 1;
  std::string_view rest(end);
  if (rest == "k" || rest == "K")
    mul = 1e3;
  else if (rest == "m" || rest == "M")
    mul = 1e6;
  else if (rest == "g" || rest == "G")
    mul = 1e9;
  else if (!rest.empty())
    return false;
  out = static_cast<uint64_t>(v * mul + 0.5);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t n = 0, seed = 42, window = 1 << 16;
  bool have_n = false, quiet = false;
  const char* out_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        fmt::print(stderr, "kg_gen: {} needs a value\n", name);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      PrintUsage(stdout);
      return 0;
    } else if (a == "--seed") {
      const char* v = value("--seed");
      char* end;
      seed = std::strtoull(v, &end, 10);
      if (*end != '\0') {
        fmt::print(stderr, "kg_gen: bad seed '{}'\n", v);
        return 2;
      }
    } else if (a == "-o" || a == "--output") {
      out_path = value("-o");
    } else if (a == "--window") {
      if (!ParseCount(value("--window"), window)) {
        fmt::print(stderr, "kg_gen: bad window '{}'\n", argv[i]);
        return 2;
      }
    } else if (a == "-q" || a == "--quiet") {
      quiet = true;
    } else if (!have_n && !a.empty() && a[0] != '-') {
      if (!ParseCount(argv[i], n)) {
        fmt::print(stderr, "kg_gen: bad triple count '{}'\n", a);
        return 2;
      }
      have_n = true;
    } else {
      fmt::print(stderr, "kg_gen: unexpected argument '{}' (see --help)\n", a);
      return 2;
    }
  }
  if (!have_n) {
    PrintUsage(stderr);
    return 2;
  }

  std::FILE* f = stdout;
  if (out_path != nullptr && std::string_view(out_path) != "-") {
    f = std::fopen(out_path, "wb");
    if (f == nullptr) {
      fmt::print(stderr, "kg_gen: cannot open {}: {}\n", out_path,
                 std::strerror(errno));
      return 1;
    }
  }

  const Shape shape(n);
  const CountryPicker countries(shape[Kind::kCountry]);

  // Pass 1: count the structural triples (no formatting) to size the filler.
  CountingSink counter;
  for (uint64_t x = 0; x < shape.entities; ++x)
    EmitStructure(shape, countries, seed, EntityAt(shape, x), counter);
  const uint64_t structural = counter.n;
  const uint64_t filler = structural < n ? n - structural : 0;
  const Quotas quotas(shape, seed, filler);

  // Pass 2: write.
  Output out(f, n, window, seed);
  WritingSink sink(countries, seed, out);
  FillerWriter fill(shape[Kind::kResolution]);
  const Permutation order(shape.entities, seed);
  for (uint64_t t = 0; t < shape.entities && !out.full(); ++t) {
    const Ent e = EntityAt(shape, order(t));
    EmitStructure(shape, countries, seed, e, sink);
    if (const uint64_t q = quotas.Of(e); q > 0) fill.Emit(seed, e, q, sink);
  }
  const uint64_t written = out.pushed();
  if (!out.Finish() || (f != stdout && std::fclose(f) != 0)) {
    fmt::print(stderr, "kg_gen: write error: {}\n", std::strerror(errno));
    return 1;
  }
  if (!quiet) {
    fmt::print(
        stderr,
        "kg_gen: {} triples ({} structural, {} supported/opposed), seed {}: "
        "{} countries, {} persons, {} orgs, {} resolutions, {} votes, {} "
        "events\n",
        written, std::min(structural, n), written - std::min(structural, n),
        seed, shape[Kind::kCountry], shape[Kind::kPerson], shape[Kind::kOrg],
        shape[Kind::kResolution], shape[Kind::kVote], shape[Kind::kEvent]);
  }
  if (written != n) {
    fmt::print(stderr, "kg_gen: could only place {} of {} triples\n", written,
               n);
    return 1;
  }
  return 0;
}
