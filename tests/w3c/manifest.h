// Reading a W3C test manifest (manifest.ttl, in the vocabulary of
// http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#) with kg's own
// Turtle parser.
#ifndef KG_TESTS_W3C_MANIFEST_H_
#define KG_TESTS_W3C_MANIFEST_H_

#include <string>
#include <vector>

#include "kg/status.h"

namespace kg::testing {

// A qt:graphData of a SPARQL evaluation test: the file to load and the name
// of the graph to load it into (the file's IRI, or the rdfs:label of a
// `[ qt:graph <file>; rdfs:label "name" ]` node).
struct GraphData {
  std::string file_iri;
  std::string graph_iri;
};

struct ManifestEntry {
  std::string iri;          // e.g. file:///.../manifest.ttl#IRI_subject
  std::string name;         // mf:name, else the IRI's fragment
  std::string type;         // local name of rdf:type, e.g. "TestTurtleEval"
  std::string action_path;  // mf:action as a local file path
  std::string result_path;  // mf:result as a local file path, or empty
  std::string action_base;  // base IRI to parse the action with

  // SPARQL evaluation tests (http://www.w3.org/2001/sw/DataAccess/tests/
  // test-query#): the parts of an `mf:action [ qt:query ...; qt:data ... ]`
  // node, as IRIs (see FilePathFromIri). Empty for other tests.
  std::string query_iri;                  // qt:query
  std::vector<std::string> data_iris;     // qt:data, in document order
  std::vector<GraphData> graph_data;      // qt:graphData, in document order
  std::string result_iri;                 // mf:result as an IRI, or empty
  std::vector<std::string> requirements;  // mf:requires, local names
  std::string approval;          // dawgt:approval local name, e.g. "Approved"
  bool lax_cardinality = false;  // mf:resultCardinality mf:LaxCardinality
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

// The local path of a file:// IRI ("file:///a/b.ttl" -> "/a/b.ttl"); any
// other IRI is returned unchanged.
std::string FilePathFromIri(const std::string& iri);

}  // namespace kg::testing

#endif  // KG_TESTS_W3C_MANIFEST_H_
