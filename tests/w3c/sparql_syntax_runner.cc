// W3C SPARQL syntax conformance runner for kg's SPARQL parser.
//
//   sparql_syntax_runner DIR... [--known-failures FILE] [--verbose]
//
// Each DIR is a test suite folder holding a manifest.ttl (e.g.
// sparql11/syntax-query), or a folder of suites, of which the sub-folders
// named syntax-* are run (e.g. sparql11/ gives syntax-query, syntax-update-1,
// syntax-update-2, syntax-fed; sparql10/ gives syntax-sparql1..5). Manifests
// are read with kg's own Turtle parser (tests/w3c/manifest.h).
//
// Entry types and what passes:
//   PositiveSyntaxTest11, PositiveSyntaxTest (1.0)  the query parses
//   NegativeSyntaxTest11, NegativeSyntaxTest (1.0)  the query is rejected
//   PositiveUpdateSyntaxTest11                     the update parses
//   NegativeUpdateSyntaxTest11                     the update is rejected
// A positive test also checks ToSparql: its output must parse again and
// print the same text.
// Other entry types are skipped. Queries are parsed as queries only and
// updates as updates only (SparqlRequestKind), with the action's file IRI as
// base. The last line is "N passed, N failed, N skipped". The exit status is
// non-zero if a test fails that the known-failures file (one test per line:
// its mf:name, IRI or suite/name; '#' starts a comment) does not list, or if
// a listed test passes.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "query/syntax/sparql_parser.h"
#include "tests/w3c/manifest.h"

namespace {

namespace fs = std::filesystem;
using kg::query::SparqlRequestKind;

struct Outcome {
  enum Kind { kPass, kFail, kSkip } kind;
  std::string reason;
};

Outcome Run(const kg::testing::ManifestEntry& e) {
  bool positive;
  SparqlRequestKind kind;
  if (e.type == "PositiveSyntaxTest11" || e.type == "PositiveSyntaxTest") {
    positive = true;
    kind = SparqlRequestKind::kQuery;
  } else if (e.type == "NegativeSyntaxTest11" ||
             e.type == "NegativeSyntaxTest") {
    positive = false;
    kind = SparqlRequestKind::kQuery;
  } else if (e.type == "PositiveUpdateSyntaxTest11") {
    positive = true;
    kind = SparqlRequestKind::kUpdate;
  } else if (e.type == "NegativeUpdateSyntaxTest11") {
    positive = false;
    kind = SparqlRequestKind::kUpdate;
  } else {
    return {Outcome::kSkip, "test type " + e.type};
  }
  std::ifstream in(e.action_path, std::ios::binary);
  if (!in) return {Outcome::kFail, "cannot read " + e.action_path};
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  kg::query::SparqlParseOptions options;
  options.kind = kind;
  options.base_iri = "file://" + e.action_path;
  options.source = fs::path(e.action_path).filename().string();
  const kg::Result<kg::query::ast::Request> r =
      kg::query::ParseSparql(text, options);
  if (positive && !r.ok()) {
    return {Outcome::kFail,
            r.status().ToString() + "\n" + r.status().context()};
  }
  if (!positive && r.ok()) return {Outcome::kFail, "parsed, but must fail"};
  if (!positive) return {Outcome::kPass, r.status().ToString()};

  // The printed form must parse back and print the same.
  const std::string printed = kg::query::ast::ToSparql(*r);
  options.source = "ToSparql output";
  const kg::Result<kg::query::ast::Request> again =
      kg::query::ParseSparql(printed, options);
  if (!again.ok()) {
    return {Outcome::kFail,
            "ToSparql output does not parse: " + again.status().ToString() +
                "\n" + again.status().context() + "\n" + printed};
  }
  if (kg::query::ast::ToSparql(*again) != printed) {
    return {Outcome::kFail,
            "ToSparql output prints differently when parsed "
            "again:\n" +
                printed};
  }
  return {Outcome::kPass, ""};
}

// The suite folders to run for `dir`.
std::vector<std::string> SuitesIn(const std::string& dir) {
  if (fs::exists(fs::path(dir) / "manifest.ttl") &&
      fs::path(dir).filename().string().rfind("syntax-", 0) == 0) {
    return {dir};
  }
  std::vector<std::string> suites;
  std::error_code ec;
  for (const auto& sub : fs::directory_iterator(dir, ec)) {
    const std::string name = sub.path().filename().string();
    if (sub.is_directory() && name.rfind("syntax-", 0) == 0 &&
        fs::exists(sub.path() / "manifest.ttl")) {
      suites.push_back(sub.path().string());
    }
  }
  if (suites.empty() && fs::exists(fs::path(dir) / "manifest.ttl")) {
    suites.push_back(dir);
  }
  std::sort(suites.begin(), suites.end());
  return suites;
}

int Usage() {
  std::cerr << "usage: sparql_syntax_runner DIR... [--known-failures FILE] "
               "[--verbose]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> dirs;
  std::string known_path;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--known-failures" && i + 1 < argc) {
      known_path = argv[++i];
    } else if (arg == "--verbose") {
      verbose = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return Usage();
    } else {
      dirs.push_back(arg);
    }
  }
  if (dirs.empty()) return Usage();

  std::set<std::string> known;
  if (!known_path.empty()) {
    std::ifstream in(known_path);
    if (!in) {
      std::cerr << "cannot read " << known_path << "\n";
      return 2;
    }
    for (std::string line; std::getline(in, line);) {
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
        line.pop_back();
      }
      if (!line.empty() && line[0] != '#') known.insert(line);
    }
  }

  int passed = 0, failed = 0, skipped = 0, unexpected = 0;
  std::set<std::string> matched_known;
  for (const std::string& dir : dirs) {
    const std::vector<std::string> suites = SuitesIn(dir);
    if (suites.empty()) {
      std::cerr << "no syntax test suites in " << dir << "\n";
      return 2;
    }
    for (const std::string& suite : suites) {
      const std::string suite_name = fs::path(suite).filename().string();
      const kg::Result<kg::testing::Manifest> manifest =
          kg::testing::ReadManifest(suite, "file://" + suite + "/");
      if (!manifest.ok()) {
        std::cerr << suite << ": " << manifest.status().ToString() << "\n";
        return 2;
      }
      int suite_passed = 0, suite_total = 0;
      for (const kg::testing::ManifestEntry& e : manifest->entries) {
        const Outcome o = Run(e);
        std::string key;
        for (const std::string& k :
             {e.name, e.iri, suite_name + "/" + e.name}) {
          if (known.count(k) != 0) key = k;
        }
        const std::string label = suite_name + "/" + e.name;
        switch (o.kind) {
          case Outcome::kPass:
            ++passed;
            ++suite_passed;
            ++suite_total;
            if (!key.empty()) {
              matched_known.insert(key);
              ++unexpected;
              std::cout << "UNEXPECTED PASS " << label
                        << ": listed as a known failure\n";
            } else if (verbose) {
              std::cout << "pass " << label << " (" << e.type << ")"
                        << (o.reason.empty() ? "" : ": " + o.reason) << "\n";
            }
            break;
          case Outcome::kFail:
            ++failed;
            ++suite_total;
            if (!key.empty()) matched_known.insert(key);
            if (key.empty()) ++unexpected;
            std::cout << (key.empty() ? "FAIL " : "known failure ") << label
                      << " (" << e.type << ", " << e.action_path
                      << "): " << o.reason << "\n";
            break;
          case Outcome::kSkip:
            ++skipped;
            if (verbose)
              std::cout << "skip " << label << ": " << o.reason << "\n";
            break;
        }
      }
      std::cout << suite_name << ": " << suite_passed << "/" << suite_total
                << " passed\n";
    }
  }
  for (const std::string& k : known) {
    if (matched_known.count(k) == 0) {
      std::cout << "note: known failure '" << k << "' matches no test\n";
    }
  }
  std::cout << passed << " passed, " << failed << " failed, " << skipped
            << " skipped\n";
  return unexpected == 0 ? 0 : 1;
}
