// Reading a W3C test manifest (manifest.ttl, in the vocabulary of
// http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#) with kg's own
// Turtle parser.
#ifndef KG_TESTS_W3C_MANIFEST_H_
#define KG_TESTS_W3C_MANIFEST_H_

#include <string>
#include <vector>

#include "kg/status.h"

namespace kg::testing {

// A qt:graphData (query tests) or ut:graphData (update tests) of a SPARQL
// evaluation test: the file to load and the name of the graph to load it
// into (the file's IRI, or the rdfs:label of a `[ qt:graph <file>;
// rdfs:label "name" ]` node; ut:graph in update tests).
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
  // Update evaluation tests (http://www.w3.org/2009/sparql/tests/
  // test-update#) fill data_iris and graph_data from the action's ut:data
  // and ut:graphData, and request_iri and the update_* fields below.
  std::string query_iri;                  // qt:query
  std::vector<std::string> data_iris;     // qt:data, in document order
  std::vector<GraphData> graph_data;      // qt:graphData, in document order
  std::string result_iri;                 // mf:result as an IRI, or empty
  std::vector<std::string> requirements;  // mf:requires, local names
  std::string approval;          // dawgt:approval local name, e.g. "Approved"
  bool lax_cardinality = false;  // mf:resultCardinality mf:LaxCardinality

  // Update evaluation tests: `mf:action [ ut:request <x.ru>; ut:data ...;
  // ut:graphData ... ]` and `mf:result [ ut:result ut:success; ut:data ...;
  // ut:graphData ... ]`, the dataset expected after the request (an
  // `mf:result []` expects an empty one).
  std::string request_iri;                    // ut:request
  std::vector<std::string> result_data_iris;  // mf:result's ut:data
  std::vector<GraphData> result_graph_data;   // mf:result's ut:graphData
  std::string update_result;  // ut:result local name ("success"), or empty
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
