// kg_label_bench: how fast the shell resolves names and completes words
// through the store's label index (docs/benchmarks.md, "Names").
//
//   kg_label_bench DB [--names N] [--seed S] [--ns IRI] [--slow MS]
//
// --slow MS also prints every call slower than MS milliseconds.
// Samples N rdfs:label values of DB (reservoir sampling over one scan,
// before any timing) and times, one call each, with the shell's own
// NameResolver (shell/name_resolver.cc):
//   exact     Resolve(the whole label)             one entity expected
//   word      Resolve(the label's first word)      often ambiguous
//   complete  Completions(the first 3 letters of the label's first word)
// Prints the median, 90th and 99th percentile and the maximum of each, in
// milliseconds, as one line per kind, and "found": for exact, the answers
// that name the sampled entity (alone, or among the candidates of an
// ambiguous name); for word, the answers that resolve or list candidates;
// for complete, the calls that offered at least one word.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "kg/database.h"
#include "kg/names.h"
#include "shell/name_resolver.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Sample {
  std::string iri;
  std::string label;
};

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

void Report(const char* kind, std::vector<double> ms, std::size_t right) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(
                                          q * static_cast<double>(ms.size())))];
  };
  std::printf(
      "%-9s n=%zu median=%.3f p90=%.3f p99=%.3f max=%.3f ms  found=%zu\n", kind,
      ms.size(), at(0.5), at(0.9), at(0.99), ms.back(), right);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(
        stderr, "usage: kg_label_bench DB [--names N] [--seed S] [--ns IRI]\n");
    return 2;
  }
  std::string path = argv[1];
  std::size_t n = 1000;
  unsigned seed = 42;
  std::string ns = "http://example.org/kg/";
  double slow_ms = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--names")
      n = std::strtoul(argv[i + 1], nullptr, 10);
    else if (a == "--seed")
      seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else if (a == "--ns")
      ns = argv[i + 1];
    else if (a == "--slow")
      slow_ms = std::atof(argv[i + 1]);
  }
  kg::DatabaseOptions options;
  options.store.read_only = true;
  auto db = kg::Database::Open(path, options);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    return 1;
  }
  // Reservoir sample of the rdfs:label values.
  std::vector<Sample> samples;
  std::mt19937_64 rng(seed);
  std::uint64_t seen = 0;
  kg::QuadPattern p;
  p.predicate = kg::Term::Iri("http://www.w3.org/2000/01/rdf-schema#label");
  auto t0 = Clock::now();
  kg::Status st = (*db)->store().Match(p, [&](const kg::Quad& q) {
    if (!q.subject.is_iri() || !q.object.is_literal()) return true;
    ++seen;
    if (samples.size() < n) {
      samples.push_back({q.subject.lexical, q.object.lexical});
    } else {
      std::uint64_t j = rng() % seen;
      if (j < n) samples[j] = {q.subject.lexical, q.object.lexical};
    }
    return true;
  });
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    return 1;
  }
  std::printf("labels: %llu, sampled %zu in %.0f ms (not timed below)\n",
              static_cast<unsigned long long>(seen), samples.size(),
              Ms(Clock::now() - t0));

  kg::Database* raw = db->get();
  kg::shell::PrefixMap prefixes;
  prefixes.Set("", ns);
  // The synthetic news graph's kinds of entity, so that names compact
  // (person:11731) and completion can offer them.
  for (const char* kind :
       {"country", "person", "org", "resolution", "vote", "event"}) {
    prefixes.Set(kind, ns + kind + "/");
  }
  kg::shell::LabelLanguage language = kg::shell::LabelLanguage::kEnglish;
  kg::shell::NameResolver resolver(&raw, &prefixes, &language);

  std::vector<double> exact, word, complete;
  std::size_t exact_right = 0, word_answers = 0, complete_right = 0;
  for (const Sample& s : samples) {
    auto t = Clock::now();
    auto r = resolver.Resolve(s.label, kg::query::ShorthandRole::kNode);
    exact.push_back(Ms(Clock::now() - t));
    if (slow_ms > 0 && exact.back() > slow_ms)
      std::printf("slow exact %.3f ms: %s\n", exact.back(), s.label.c_str());
    // Several entities may share a label: right when it resolves to this
    // one or lists it among the candidates.
    if ((r.ok() && r->iri == s.iri) ||
        (!r.ok() && r.status().message().find(prefixes.CompactIri(s.iri)) !=
                        std::string::npos))
      ++exact_right;
    else if (slow_ms > 0)
      std::printf("exact answer without %s for «%s»: %s\n", s.iri.c_str(),
                  s.label.c_str(),
                  r.ok() ? r->iri.c_str() : r.status().message().c_str());

    const std::vector<std::string> words =
        kg::SplitNormalizedWords(kg::NormalizeName(s.label));
    if (words.empty()) continue;
    t = Clock::now();
    auto w = resolver.Resolve(words.front(), kg::query::ShorthandRole::kNode);
    word.push_back(Ms(Clock::now() - t));
    if (slow_ms > 0 && word.back() > slow_ms)
      std::printf("slow word %.3f ms: %s\n", word.back(),
                  words.front().c_str());
    if (w.ok() || w.status().code() == kg::StatusCode::kInvalidArgument)
      ++word_answers;

    const std::string prefix = s.label.substr(0, 3);
    t = Clock::now();
    auto c = resolver.Completions(prefix);
    complete.push_back(Ms(Clock::now() - t));
    if (c.ok() && !c->empty()) ++complete_right;
  }
  Report("exact", exact, exact_right);
  Report("word", word, word_answers);
  Report("complete", complete, complete_right);
  return 0;
}
