// Reading a W3C test manifest (manifest.ttl, in the vocabulary of
// http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#) with kg's own
// Turtle parser.
#ifndef KG_TESTS_W3C_MANIFEST_H_
#define KG_TESTS_W3C_MANIFEST_H_

#include <string>
#include <vector>

#include "kg/status.h"

namespace kg::testing {

struct ManifestEntry {
  std::string iri;          // e.g. file:///.../manifest.ttl#IRI_subject
  std::string name;         // mf:name, else the IRI's fragment
  std::string type;         // local name of rdf:type, e.g. "TestTurtleEval"
  std::string action_path;  // mf:action as a local file path
  std::string result_path;  // mf:result as a local file path, or empty
  std::string action_base;  // base IRI to parse the action with
};

struct Manifest {
  std::string directory;
  std::string label;                   // rdfs:label
  std::string assumed_base;            // mf:assumedTestBase, or the default
  std::vector<ManifestEntry> entries;  // in mf:entries order
  // Folders of the manifests named by mf:include (an index manifest such
  // as rdf-tests/rdf/rdf11/manifest.ttl has these instead of entries).
  std::vector<std::string> includes;
};

// Reads `directory`/manifest.ttl. `default_base` stands in for a missing
// mf:assumedTestBase; each entry's action_base is that base plus the
// action's file name.
Result<Manifest> ReadManifest(const std::string& directory,
                              const std::string& default_base);

}  // namespace kg::testing

#endif  // KG_TESTS_W3C_MANIFEST_H_
