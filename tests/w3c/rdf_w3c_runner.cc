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
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "kg/quad.h"
#include "kg/quad_sink.h"
#include "query/syntax/rdf_parser.h"
#include "tests/w3c/graph_isomorphism.h"
#include "tests/w3c/manifest.h"

namespace {

namespace fs = std::filesystem;
using kg::Quad;
using kg::Status;
using kg::query::RdfFormat;

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

Outcome Run(const kg::testing::ManifestEntry& e) {
  const std::string& t = e.type;
  RdfFormat format;
  if (t.rfind("TestNTriples", 0) == 0) {
    format = RdfFormat::kNTriples;
  } else if (t.rfind("TestNQuads", 0) == 0) {
    format = RdfFormat::kNQuads;
  } else if (t.rfind("TestTurtle", 0) == 0) {
    format = RdfFormat::kTurtle;
  } else if (t.rfind("TestTrig", 0) == 0) {
    format = RdfFormat::kTriG;
  } else {
    return {Outcome::kSkip, "test type " + t + " is not run"};
  }
  const bool positive = t.ends_with("PositiveSyntax");
  const bool negative =
      t.ends_with("NegativeSyntax") || t.ends_with("NegativeEval");
  const bool eval = t.ends_with("Eval") && !negative;
  if (!positive && !negative && !eval) {
    return {Outcome::kSkip, "test type " + t + " is not run"};
  }
  std::vector<Quad> got;
  Status s = Parse(e.action_path, format, e.action_base, &got);
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

std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

int Usage() {
  std::cerr << "usage: rdf_w3c_runner SUITE_DIR [--known-failures FILE] "
               "[--verbose]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string suite;
  std::string known_path;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--known-failures" && i + 1 < argc) {
      known_path = argv[++i];
    } else if (arg == "--verbose") {
      verbose = true;
    } else if (arg.rfind("--", 0) == 0 || !suite.empty()) {
      return Usage();
    } else {
      suite = arg;
    }
  }
  if (suite.empty()) return Usage();

  std::set<std::string> known;
  if (!known_path.empty()) {
    std::ifstream in(known_path);
    if (!in) {
      std::cerr << "cannot read " << known_path << "\n";
      return 2;
    }
    for (std::string line; std::getline(in, line);) {
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

  std::size_t passed = 0, failed = 0, skipped = 0;
  std::size_t unexpected = 0, fixed = 0;
  std::set<std::string> matched_known;
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
      std::string key;
      for (const std::string& k : {e.iri, id, e.name}) {
        if (known.count(k) != 0) key = k;
      }
      const Outcome o = Run(e);
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
            std::cout << "FAIL  " << id << " (" << e.type << ", "
                      << e.action_path << "): " << o.reason << "\n";
          }
          break;
        case Outcome::kSkip:
          ++skipped;
          if (verbose) std::cout << "skip  " << id << ": " << o.reason << "\n";
          break;
      }
    }
    for (const std::string& include : manifest->includes) {
      if (!self(fs::path(include), self)) return false;
    }
    return true;
  };
  for (const fs::path& dir : dirs) {
    if (!run_suite(dir, run_suite)) return 2;
  }
  for (const std::string& k : known) {
    if (matched_known.count(k) == 0) {
      std::cout << "note: known failure '" << k << "' matches no test\n";
    }
  }
  std::cout << passed << " passed, " << failed << " failed, " << skipped
            << " skipped\n";
  return unexpected > 0 || fixed > 0 ? 1 : 0;
}
