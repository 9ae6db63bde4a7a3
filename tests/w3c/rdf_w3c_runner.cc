// W3C RDF 1.1 conformance runner for kg's N-Triples, N-Quads, Turtle and
// TriG parsers.
//
//   rdf_w3c_runner SUITE_DIR [--known-failures FILE] [--verbose]
//
// SUITE_DIR is a folder holding a manifest.ttl (whose mf:include list, if
// any, is followed), or a folder of such folders (e.g. a folder holding
// rdf-n-triples/, rdf-n-quads/, rdf-turtle/, rdf-trig/). Every manifest entry
// is run: syntax tests must parse (or fail to), evaluation tests must give a
// dataset isomorphic to the expected N-Triples / N-Quads. Entries of other
// types are skipped. The last line is "N passed, N failed, N skipped" (summing
// to the number of entries). The exit status is non-zero if a test fails that
// is not listed in the known-failures file, or if a listed test passes.
//
// With --round-trip, the input of every positive test is instead written
// with each of kg's writers that can hold it and parsed again, and the input
// of the TriG evaluation tests (of every test with --store-all) is also
// loaded into a fresh store, read back, and dumped and read again in each
// format (rdf_round_trip.h); each round trip must give back a dataset
// isomorphic to the one first parsed. The output ends with a table of round
// trips per kind and "N passed, N failed" over all round trips; known
// failures are then "suite/name KIND" lines.
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kg/quad.h"
#include "kg/quad_sink.h"
#include "query/syntax/rdf_parser.h"
#include "tests/w3c/graph_isomorphism.h"
#include "tests/w3c/manifest.h"
#include "tests/w3c/rdf_round_trip.h"

namespace {

namespace fs = std::filesystem;
using kg::Quad;
using kg::Status;
using kg::query::RdfFormat;
using kg::testing::RoundTrip;

class Collect : public kg::QuadSink {
 public:
  Status Add(const Quad& q) override {
    quads.push_back(q);
    return Status::Ok();
  }
  std::vector<Quad> quads;
};

struct Outcome {
  enum Kind { kPass, kFail, kSkip } kind;
  std::string reason;
};

Status Parse(const std::string& path, RdfFormat format, const std::string& base,
             std::vector<Quad>* quads) {
  kg::query::RdfParseOptions options;
  options.base_iri = base;
  Collect sink;
  Status s = kg::query::ParseRdfFile(path, format, options, &sink, nullptr);
  *quads = std::move(sink.quads);
  return s;
}

std::string Describe(const Status& s) {
  std::string out = s.ToString();
  if (!s.context().empty()) out += "\n" + s.context();
  return out;
}

// The syntax a test type is about, if kg parses it.
std::optional<RdfFormat> FormatOfTest(const std::string& t) {
  if (t.rfind("TestNTriples", 0) == 0) return RdfFormat::kNTriples;
  if (t.rfind("TestNQuads", 0) == 0) return RdfFormat::kNQuads;
  if (t.rfind("TestTurtle", 0) == 0) return RdfFormat::kTurtle;
  if (t.rfind("TestTrig", 0) == 0) return RdfFormat::kTriG;
  return std::nullopt;
}

Outcome Run(const kg::testing::ManifestEntry& e) {
  const std::string& t = e.type;
  const std::optional<RdfFormat> format = FormatOfTest(t);
  if (!format) return {Outcome::kSkip, "test type " + t + " is not run"};
  const bool positive = t.ends_with("PositiveSyntax");
  const bool negative =
      t.ends_with("NegativeSyntax") || t.ends_with("NegativeEval");
  const bool eval = t.ends_with("Eval") && !negative;
  if (!positive && !negative && !eval) {
    return {Outcome::kSkip, "test type " + t + " is not run"};
  }
  std::vector<Quad> got;
  Status s = Parse(e.action_path, *format, e.action_base, &got);
  if (negative) {
    if (s.ok()) return {Outcome::kFail, "parsed, but should be rejected"};
    if (s.code() != kg::StatusCode::kParseError) {
      return {Outcome::kFail, "expected a parse error, got " + Describe(s)};
    }
    return {Outcome::kPass, {}};
  }
  if (!s.ok()) return {Outcome::kFail, "rejected: " + Describe(s)};
  if (positive) return {Outcome::kPass, {}};
  if (e.result_path.empty()) return {Outcome::kFail, "no mf:result"};
  std::vector<Quad> want;
  const RdfFormat result_format = e.result_path.ends_with(".nq")
                                      ? RdfFormat::kNQuads
                                      : RdfFormat::kNTriples;
  Status rs = Parse(e.result_path, result_format, {}, &want);
  if (!rs.ok()) {
    return {Outcome::kFail, "cannot read expected result: " + Describe(rs)};
  }
  std::string why;
  if (!kg::testing::IsIsomorphic(got, want, &why)) {
    std::string reason = "result differs: " + why + "\n  got:";
    for (const Quad& q : got) reason += "\n    " + q.ToNQuads();
    return {Outcome::kFail, reason};
  }
  return {Outcome::kPass, {}};
}

// The round trips of one entry's input: skipped (with `reason`), or one
// outcome per round trip that can hold the dataset.
struct RoundTrips {
  bool skipped = false;
  std::string reason;
  std::vector<std::pair<RoundTrip, Outcome>> outcomes;
};

RoundTrips RunRoundTrips(const kg::testing::ManifestEntry& e, bool store,
                         const std::string& tmp_dir) {
  RoundTrips out;
  const std::string& t = e.type;
  const std::optional<RdfFormat> format = FormatOfTest(t);
  if (!format || !(t.ends_with("PositiveSyntax") ||
                   (t.ends_with("Eval") && !t.ends_with("NegativeEval")))) {
    out.skipped = true;
    out.reason = "not a positive test of a syntax kg parses";
    return out;
  }
  kg::testing::RdfDocument doc;
  Status s =
      kg::testing::ParseDocument(e.action_path, *format, e.action_base, &doc);
  if (!s.ok()) {
    out.skipped = true;
    out.reason = "the input does not parse: " + s.ToString();
    return out;
  }
  auto add = [&](RoundTrip how, bool ok, std::string failure) {
    out.outcomes.push_back(
        {how, ok ? Outcome{Outcome::kPass, {}}
                 : Outcome{Outcome::kFail, std::move(failure)}});
  };
  for (RoundTrip how : kg::testing::kWriterRoundTrips) {
    if (!kg::testing::CanHold(how, doc.quads)) continue;
    std::string failure;
    const bool ok = kg::testing::WriterRoundTrip(doc, how, &failure);
    add(how, ok, std::move(failure));
  }
  if (store) {
    for (auto& o : kg::testing::StoreRoundTrips(e.action_path, *format,
                                                e.action_base, doc, tmp_dir)) {
      add(o.how, o.ok, std::move(o.failure));
    }
  }
  return out;
}

std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

int Usage() {
  std::cerr << "usage: rdf_w3c_runner SUITE_DIR [--known-failures FILE] "
               "[--verbose] [--round-trip [--store-all]]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string suite;
  std::string known_path;
  bool verbose = false;
  bool round_trip = false;
  bool store_all = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--known-failures" && i + 1 < argc) {
      known_path = argv[++i];
    } else if (arg == "--verbose") {
      verbose = true;
    } else if (arg == "--round-trip") {
      round_trip = true;
    } else if (arg == "--store-all") {
      store_all = true;
    } else if (arg.rfind("--", 0) == 0 || !suite.empty()) {
      return Usage();
    } else {
      suite = arg;
    }
  }
  if (suite.empty() || (store_all && !round_trip)) return Usage();

  std::set<std::string> known;
  if (!known_path.empty()) {
    std::ifstream in(known_path);
    if (!in) {
      std::cerr << "cannot read " << known_path << "\n";
      return 2;
    }
    for (std::string line; std::getline(in, line);) {
      // "KEY # reason": the reason starts at a '#' after white space (an
      // IRI's fragment follows no space).
      const std::size_t reason = line.find_first_of(" \t");
      if (reason != std::string::npos) {
        const std::size_t hash = line.find('#', reason);
        if (hash != std::string::npos) line.erase(hash);
      }
      line = Trim(line);
      if (!line.empty() && line[0] != '#') known.insert(line);
    }
  }

  std::vector<fs::path> dirs;
  std::error_code ec;
  if (fs::exists(fs::path(suite) / "manifest.ttl", ec)) {
    dirs.push_back(suite);
  } else {
    for (const auto& d : fs::directory_iterator(suite, ec)) {
      if (d.is_directory() && fs::exists(d.path() / "manifest.ttl")) {
        dirs.push_back(d.path());
      }
    }
    std::sort(dirs.begin(), dirs.end());
  }
  if (dirs.empty()) {
    std::cerr << "no manifest.ttl in " << suite << " or its folders\n";
    return 2;
  }

  // Store round trips run in a temporary folder, removed at the end.
  std::string tmp_dir;
  if (round_trip) {
    const char* tmp = std::getenv("TMPDIR");
    tmp_dir = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
              "/kg-rdf-round-trip-XXXXXX";
    if (mkdtemp(tmp_dir.data()) == nullptr) {
      std::cerr << "mkdtemp " << tmp_dir << ": " << std::strerror(errno)
                << "\n";
      return 2;
    }
  }

  std::size_t passed = 0, failed = 0, skipped = 0;
  std::size_t unexpected = 0, fixed = 0;
  std::set<std::string> matched_known;
  // Round trips: per kind, datasets passed and failed.
  std::map<RoundTrip, std::pair<std::size_t, std::size_t>> by_kind;
  std::size_t round_tripped = 0;
  // Counts one outcome; `keys` are the names the known-failures file may
  // use for it, the first of them printed.
  auto record = [&](const std::vector<std::string>& keys, const Outcome& o,
                    const kg::testing::ManifestEntry& e) {
    std::string key;
    for (const std::string& k : keys) {
      if (known.count(k) != 0) key = k;
    }
    const std::string& id = keys.front();
    switch (o.kind) {
      case Outcome::kPass:
        ++passed;
        if (!key.empty()) {
          ++fixed;
          matched_known.insert(key);
          std::cout << "FIXED " << id
                    << ": listed as a known failure but passes\n";
        } else if (verbose) {
          std::cout << "ok    " << id << "\n";
        }
        break;
      case Outcome::kFail:
        ++failed;
        if (!key.empty()) {
          matched_known.insert(key);
          std::cout << "KNOWN " << id << ": " << o.reason << "\n";
        } else {
          ++unexpected;
          std::cout << "FAIL  " << id << " (" << e.type << ", " << e.action_path
                    << "): " << o.reason << "\n";
        }
        break;
      case Outcome::kSkip:
        ++skipped;
        if (verbose) std::cout << "skip  " << id << ": " << o.reason << "\n";
        break;
    }
  };
  std::set<fs::path> done;
  // Runs the manifest in `dir`, then the manifests it includes.
  auto run_suite = [&](const fs::path& dir, auto& self) -> bool {
    if (!done.insert(fs::weakly_canonical(dir)).second) return true;
    const std::string suite_name = dir.filename().string();
    auto manifest = kg::testing::ReadManifest(
        dir.string(),
        "https://w3c.github.io/rdf-tests/rdf/rdf11/" + suite_name + "/");
    if (!manifest.ok()) {
      std::cerr << "cannot read the manifest in " << dir.string() << ": "
                << Describe(manifest.status()) << "\n";
      return false;
    }
    for (const auto& e : manifest->entries) {
      const std::string id = suite_name + "/" + e.name;
      if (!round_trip) {
        record({id, e.iri, e.name}, Run(e), e);
        continue;
      }
      const RoundTrips r =
          RunRoundTrips(e, store_all || e.type == "TestTrigEval", tmp_dir);
      if (r.skipped) {
        ++skipped;
        if (verbose) std::cout << "skip  " << id << ": " << r.reason << "\n";
        continue;
      }
      ++round_tripped;
      for (const auto& [how, o] : r.outcomes) {
        const std::string suffix =
            " " + std::string(kg::testing::RoundTripName(how));
        record({id + suffix, e.iri + suffix, e.name + suffix}, o, e);
        auto& counts = by_kind[how];
        ++(o.kind == Outcome::kPass ? counts.first : counts.second);
      }
    }
    for (const std::string& include : manifest->includes) {
      if (!self(fs::path(include), self)) return false;
    }
    return true;
  };
  bool read_all = true;
  for (const fs::path& dir : dirs) {
    if (!run_suite(dir, run_suite)) {
      read_all = false;
      break;
    }
  }
  if (!tmp_dir.empty()) {
    std::error_code rm;
    fs::remove_all(tmp_dir, rm);
  }
  if (!read_all) return 2;
  for (const std::string& k : known) {
    if (matched_known.count(k) == 0) {
      std::cout << "note: known failure '" << k << "' matches no test\n";
    }
  }
  if (round_trip) {
    std::printf("%-16s %8s %8s %8s\n", "round trip", "datasets", "passed",
                "failed");
    for (const auto& [how, counts] : by_kind) {
      std::printf("%-16s %8zu %8zu %8zu\n",
                  std::string(kg::testing::RoundTripName(how)).c_str(),
                  counts.first + counts.second, counts.first, counts.second);
    }
    std::cout << round_tripped << " datasets round-tripped, " << skipped
              << " entries skipped (not positive, or not parsed)\n"
              << passed << " passed, " << failed << " failed\n";
  } else {
    std::cout << passed << " passed, " << failed << " failed, " << skipped
              << " skipped\n";
  }
  return unexpected > 0 || fixed > 0 ? 1 : 0;
}
