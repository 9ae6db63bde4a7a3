// Manifest reading: parse manifest.ttl into quads, then walk mf:entries.
#include "tests/w3c/manifest.h"

#include <filesystem>
#include <map>
#include <set>

#include "kg/quad.h"
#include "kg/quad_sink.h"
#include "query/syntax/rdf_parser.h"

namespace kg::testing {
namespace {

constexpr std::string_view kMf =
    "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
constexpr std::string_view kQt =
    "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
constexpr std::string_view kUt =
    "http://www.w3.org/2009/sparql/tests/test-update#";
constexpr std::string_view kDawgt =
    "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#";

class Collect : public QuadSink {
 public:
  Status Add(const Quad& q) override {
    quads.push_back(q);
    return Status::Ok();
  }
  std::vector<Quad> quads;
};

// subject -> predicate -> objects
using Index = std::map<Term, std::multimap<std::string, Term>>;

const Term* One(const Index& index, const Term& s, std::string_view p) {
  auto it = index.find(s);
  if (it == index.end()) return nullptr;
  auto found = it->second.find(std::string(p));
  return found == it->second.end() ? nullptr : &found->second;
}

// Every object of (s, p), in document order.
std::vector<Term> All(const Index& index, const Term& s, std::string_view p) {
  std::vector<Term> out;
  auto it = index.find(s);
  if (it == index.end()) return out;
  auto [begin, end] = it->second.equal_range(std::string(p));
  for (auto i = begin; i != end; ++i) out.push_back(i->second);
  return out;
}

std::string Concat(std::string_view a, std::string_view b) {
  return std::string(a) + std::string(b);
}

std::string LocalName(const std::string& iri) {
  return iri.substr(iri.find_last_of("#/") + 1);
}

}  // namespace

Result<Manifest> ReadManifest(const std::string& directory,
                              const std::string& default_base) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::canonical(directory, ec);
  if (ec) return Status::NotFound("no test suite at " + directory);
  const std::string path = (dir / "manifest.ttl").string();
  const std::string file_prefix = "file://" + dir.string() + "/";

  query::RdfParseOptions options;
  options.base_iri = "file://" + path;
  Collect sink;
  KG_RETURN_IF_ERROR(query::ParseRdfFile(path, query::RdfFormat::kTurtle,
                                         options, &sink, nullptr));
  Index index;
  for (const Quad& q : sink.quads) {
    index[q.subject].emplace(q.predicate.lexical, q.object);
  }

  Manifest manifest;
  manifest.directory = dir.string();
  manifest.assumed_base = default_base;
  Term self = Term::Iri(options.base_iri);
  // Some manifests (e.g. sparql10/construct) name themselves with a blank
  // node, `[] rdf:type mf:Manifest`: fall back to the one mf:Manifest node
  // that has entries or includes when the document's IRI has neither.
  auto has_content = [&](const Term& t) {
    return One(index, t, Concat(kMf, "entries")) != nullptr ||
           One(index, t, Concat(kMf, "include")) != nullptr;
  };
  if (!has_content(self)) {
    for (const auto& [subject, properties] : index) {
      const Term* type = One(index, subject, Concat(kRdf, "type"));
      if (type != nullptr && type->lexical == Concat(kMf, "Manifest") &&
          has_content(subject)) {
        self = subject;
        break;
      }
    }
  }
  if (const Term* label = One(index, self, Concat(kRdfs, "label"))) {
    manifest.label = label->lexical;
  }
  if (const Term* base = One(index, self, Concat(kMf, "assumedTestBase"))) {
    manifest.assumed_base = base->lexical;
  }
  // Walks an RDF collection, calling `visit` on each member.
  auto walk = [&](const Term& head, auto visit) -> Status {
    std::set<Term> seen;
    for (Term node = head; node.lexical != Concat(kRdf, "nil");) {
      if (!seen.insert(node).second) {
        return Status::InvalidArgument(path + ": a list has a cycle");
      }
      const Term* first = One(index, node, Concat(kRdf, "first"));
      const Term* rest = One(index, node, Concat(kRdf, "rest"));
      if (first == nullptr || rest == nullptr) {
        return Status::InvalidArgument(path + ": malformed list");
      }
      visit(*first);
      node = *rest;
    }
    return Status::Ok();
  };
  auto local = [&](const Term* t) -> std::string {
    if (t == nullptr) return {};
    if (t->lexical.rfind("file://", 0) == 0) return t->lexical.substr(7);
    return t->lexical;
  };
  if (const Term* includes = One(index, self, Concat(kMf, "include"))) {
    KG_RETURN_IF_ERROR(walk(*includes, [&](const Term& t) {
      manifest.includes.push_back(fs::path(local(&t)).parent_path().string());
    }));
  }
  const Term* list = One(index, self, Concat(kMf, "entries"));
  if (list == nullptr) {
    if (!manifest.includes.empty()) return manifest;
    return Status::InvalidArgument(path + " has no mf:entries");
  }
  KG_RETURN_IF_ERROR(walk(*list, [&](const Term& entry) {
    ManifestEntry e;
    e.iri = entry.lexical;
    if (const Term* name = One(index, entry, Concat(kMf, "name"))) {
      e.name = name->lexical;
    } else {
      e.name = e.iri.substr(e.iri.find('#') + 1);
    }
    if (const Term* type = One(index, entry, Concat(kRdf, "type"))) {
      const std::size_t hash = type->lexical.find_last_of("#/");
      e.type = type->lexical.substr(hash + 1);
    }
    const Term* action = One(index, entry, Concat(kMf, "action"));
    e.action_path = local(action);
    e.result_path = local(One(index, entry, Concat(kMf, "result")));
    if (action != nullptr && action->lexical.rfind(file_prefix, 0) == 0) {
      e.action_base =
          manifest.assumed_base + action->lexical.substr(file_prefix.size());
    }
    // The data / graphData properties of an action or result node, in the
    // query (qt:) or update (ut:) vocabulary.
    auto read_data = [&](const Term& node, std::string_view ns,
                         std::vector<std::string>* data,
                         std::vector<GraphData>* graphs) {
      for (const Term& d : All(index, node, Concat(ns, "data"))) {
        data->push_back(d.lexical);
      }
      for (const Term& g : All(index, node, Concat(ns, "graphData"))) {
        GraphData graph{g.lexical, g.lexical};
        if (g.is_blank()) {
          const Term* file = One(index, g, Concat(ns, "graph"));
          const Term* label = One(index, g, Concat(kRdfs, "label"));
          graph.file_iri = file != nullptr ? file->lexical : std::string();
          graph.graph_iri = label != nullptr ? label->lexical : graph.file_iri;
        }
        graphs->push_back(std::move(graph));
      }
    };
    if (action != nullptr) {
      if (const Term* q = One(index, *action, Concat(kQt, "query"))) {
        e.query_iri = q->lexical;
      }
      if (const Term* r = One(index, *action, Concat(kUt, "request"))) {
        e.request_iri = r->lexical;
      }
      read_data(*action, kQt, &e.data_iris, &e.graph_data);
      read_data(*action, kUt, &e.data_iris, &e.graph_data);
    }
    if (const Term* result = One(index, entry, Concat(kMf, "result"))) {
      e.result_iri = result->lexical;
      read_data(*result, kUt, &e.result_data_iris, &e.result_graph_data);
      if (const Term* r = One(index, *result, Concat(kUt, "result"))) {
        e.update_result = LocalName(r->lexical);
      }
    }
    for (const Term& r : All(index, entry, Concat(kMf, "requires"))) {
      e.requirements.push_back(LocalName(r.lexical));
    }
    if (const Term* a = One(index, entry, Concat(kDawgt, "approval"))) {
      e.approval = LocalName(a->lexical);
    }
    if (const Term* c = One(index, entry, Concat(kMf, "resultCardinality"))) {
      e.lax_cardinality = LocalName(c->lexical) == "LaxCardinality";
    }
    manifest.entries.push_back(std::move(e));
  }));
  return manifest;
}

std::string FilePathFromIri(const std::string& iri) {
  if (iri.rfind("file://", 0) == 0) return iri.substr(7);
  return iri;
}

}  // namespace kg::testing
