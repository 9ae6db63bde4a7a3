// Round trips of a parsed RDF dataset through kg's writers (rdf_writer.h)
// and through a store (bulk load, Store::Match, the dump read back):
// what `kg dump | kg load` relies on. Used by rdf_w3c_runner --round-trip.
#ifndef KG_TESTS_W3C_RDF_ROUND_TRIP_H_
#define KG_TESTS_W3C_RDF_ROUND_TRIP_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/quad.h"
#include "kg/status.h"
#include "query/syntax/rdf_parser.h"

namespace kg::testing {

// A parsed document: its quads in document order and the prefixes it
// declared (prefix without the colon, namespace IRI; a prefix declared twice
// keeps its last IRI, as the store keeps it).
struct RdfDocument {
  std::vector<Quad> quads;
  std::vector<std::pair<std::string, std::string>> prefixes;
};

// Parses the file at `path` (blank node labels kept as written).
Status ParseDocument(const std::string& path, query::RdfFormat format,
                     const std::string& base_iri, RdfDocument* doc);

// The ways a dataset goes out and comes back.
enum class RoundTrip {
  kNTriples,           // N-Triples writer, N-Triples parser
  kNQuads,             // N-Quads writer, N-Quads parser
  kTurtle,             // Turtle writer without prefixes, Turtle parser
  kTurtlePrefixes,     // Turtle writer with the document's prefixes
  kTriG,               // TriG writer without prefixes, TriG parser
  kTriGPrefixes,       // TriG writer with the document's prefixes
  kStore,              // the input file bulk-loaded into a fresh store (as
                       // `kg load` reads it), read back with Store::Match
  kStoreDumpNTriples,  // kStore's quads written as `kg dump --format nt`
                       // writes them (the store's prefixes, Match order) and
                       // parsed again as `kg load` parses N-Triples
  kStoreDumpNQuads,    // the same for nq (kg dump's default format)
  kStoreDumpTurtle,    // ttl
  kStoreDumpTriG,      // trig
};

// The round trips WriterRoundTrip runs.
inline constexpr RoundTrip kWriterRoundTrips[] = {
    RoundTrip::kNTriples,       RoundTrip::kNQuads, RoundTrip::kTurtle,
    RoundTrip::kTurtlePrefixes, RoundTrip::kTriG,   RoundTrip::kTriGPrefixes};

// The dumps StoreRoundTrips checks.
inline constexpr RoundTrip kStoreDumps[] = {
    RoundTrip::kStoreDumpNTriples, RoundTrip::kStoreDumpNQuads,
    RoundTrip::kStoreDumpTurtle, RoundTrip::kStoreDumpTriG};

// "nt", "nq", "ttl", "ttl+prefixes", "trig", "trig+prefixes", "store",
// "store-dump-nt", "store-dump-nq", "store-dump-ttl", "store-dump-trig".
std::string_view RoundTripName(RoundTrip how);

// False for the triple-only formats (N-Triples, Turtle) when `quads` has a
// quad outside the default graph.
bool CanHold(RoundTrip how, const std::vector<Quad>& quads);

// Sends `doc` through the writer of `how` (one of kWriterRoundTrips) and
// parses the text again with kg's parser for that format. Returns true when
// the result is isomorphic to doc.quads; otherwise `*failure` receives the
// reason, an excerpt of the written text and the difference.
bool WriterRoundTrip(const RdfDocument& doc, RoundTrip how,
                     std::string* failure);

// The result of one round trip: ok, or the reason, an excerpt of the
// written text and the difference.
struct RoundTripOutcome {
  RoundTrip how;
  bool ok = false;
  std::string failure;
};

// Loads the file `path` (parsed with `format` and `base_iri`; `doc` is
// what ParseDocument reads from it) into a fresh store and checks kStore,
// then each of kStoreDumps whose format can hold the dataset, in that
// order; if the load fails, only a failed kStore is returned. The store is
// created in a new folder under `tmp_dir` and removed afterwards. Together
// these cover `kg dump | kg load`: loading a dump is loading a document,
// which kStore checks for the suites' documents.
std::vector<RoundTripOutcome> StoreRoundTrips(const std::string& path,
                                              query::RdfFormat format,
                                              const std::string& base_iri,
                                              const RdfDocument& doc,
                                              const std::string& tmp_dir);

}  // namespace kg::testing

#endif  // KG_TESTS_W3C_RDF_ROUND_TRIP_H_
