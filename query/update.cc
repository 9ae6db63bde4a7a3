// SPARQL 1.1 Update: every operation of a request runs inside one store
// transaction (store::Transaction), so a request is applied whole or not at
// all. Also the public kg::Transaction and Database::Update / Begin.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <system_error>
#include <unordered_map>

#include "kg/database.h"
#include "query/query_result_impl.h"
#include "query/syntax/iri.h"
#include "query/syntax/rdf_parser.h"
#include "query/syntax/sparql_parser.h"
#include "store/quad_store.h"

namespace kg {

namespace {

namespace ast = query::ast;
using store::IdPattern;
using store::IdQuad;
using store::TermId;

// A number unique to each request of this process and unlikely to repeat
// across processes: a random start (one std::random_device read per
// process) stepped through a splitmix64 sequence.
std::uint64_t NextNonce() {
  static std::atomic<std::uint64_t> next{[] {
    std::random_device rd;
    return (std::uint64_t{rd()} << 32) ^ rd();
  }()};
  std::uint64_t z = next.fetch_add(0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Adds `more` to `total`, graph by graph.
void Merge(WriteSummary* total, const WriteSummary& more) {
  total->inserted += more.inserted;
  total->deleted += more.deleted;
  for (const GraphChange& c : more.graphs) {
    auto it =
        std::find_if(total->graphs.begin(), total->graphs.end(),
                     [&](const GraphChange& g) { return g.graph == c.graph; });
    if (it == total->graphs.end()) {
      total->graphs.push_back(c);
    } else {
      it->inserted += c.inserted;
      it->deleted += c.deleted;
    }
  }
  std::sort(total->graphs.begin(), total->graphs.end(),
            [](const GraphChange& a, const GraphChange& b) {
              return a.graph < b.graph;
            });
}

// A triple to delete, from one graph or (nullopt, union mode without GRAPH)
// from every graph that holds it.
struct Deletion {
  Term s, p, o;
  std::optional<Term> g;
};

// Collects parsed quads for LOAD.
class CollectSink final : public QuadSink {
 public:
  explicit CollectSink(std::vector<Quad>* out) : out_(out) {}
  Status Add(const Quad& q) override {
    out_->push_back(q);
    return Status::Ok();
  }

 private:
  std::vector<Quad>* out_;
};

class UpdateRunner {
 public:
  UpdateRunner(store::Transaction* tx, const DatabaseOptions& db_options,
               const UpdateOptions& options, std::string base_iri)
      : tx_(tx),
        db_options_(db_options),
        options_(options),
        mode_(options.default_graph.value_or(db_options.default_graph)),
        base_iri_(std::move(base_iri)) {
    nonce_ = NextNonce();
  }

  // Runs `ops` in order; INSERT DATA takes the terms out of its operation.
  Result<WriteSummary> Run(std::vector<ast::UpdateOperation>& ops) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
      Status st = RunOne(ops[i]);
      if (!st.ok()) {
        if (ops.size() == 1) return st;
        return Status(st.code(), fmt::format("operation {} of {}: {}", i + 1,
                                             ops.size(), st.message()));
      }
      ++op_index_;
    }
    return summary_;
  }

 private:
  Status RunOne(ast::UpdateOperation& op) {
    switch (op.kind) {
      case ast::UpdateKind::kInsertData:
        return InsertData(op);
      case ast::UpdateKind::kDeleteData:
        return DeleteData(op);
      case ast::UpdateKind::kDeleteWhere:
      case ast::UpdateKind::kModify:
        return Modify(op);
      case ast::UpdateKind::kLoad:
        return Silenced(op, Load(op));
      case ast::UpdateKind::kClear:
        return Silenced(op, Clear(op.graph, /*must_exist=*/false));
      case ast::UpdateKind::kDrop:
        return Silenced(op, Clear(op.graph, /*must_exist=*/true));
      case ast::UpdateKind::kCreate:
        return Silenced(op, Create(op.graph));
      case ast::UpdateKind::kAdd:
      case ast::UpdateKind::kMove:
      case ast::UpdateKind::kCopy:
        return Silenced(op, Transfer(op));
    }
    return Status::Internal("unknown update operation");
  }

  // SILENT turns an operation's failure into success, but never a failure
  // of the store itself.
  static Status Silenced(const ast::UpdateOperation& op, Status st) {
    if (st.ok() || !op.silent) return st;
    if (st.code() == StatusCode::kIOError ||
        st.code() == StatusCode::kCorruption ||
        st.code() == StatusCode::kAborted || st.code() == StatusCode::kInternal)
      return st;
    return Status::Ok();
  }

  Status Record(Result<WriteSummary> r) {
    if (!r.ok()) return r.status();
    Merge(&summary_, *r);
    return Status::Ok();
  }

  // ----- terms --------------------------------------------------------------

  // A fresh blank node for `label`: unique to this request (and `row`).
  Term FreshBlank(const std::string& label, std::uint64_t row) const {
    return Term::Blank(
        fmt::format("u{:016x}o{}r{}_{}", nonce_, op_index_, row, label));
  }

  // The graph a template quad without GRAPH goes to.
  Term TemplateGraph(const std::optional<std::string>& with) const {
    return with ? Term::Iri(*with) : Term::DefaultGraph();
  }

  // The term of `v` in a solution (columns by variable name), or nullopt
  // when unbound. Blank-node variables of INSERT templates become fresh
  // blank nodes per solution.
  std::optional<Term> Instantiate(
      const ast::VarOrTerm& v, const ResultRow* row,
      const std::unordered_map<std::string, std::size_t>& columns,
      std::uint64_t row_index) const {
    if (const Term* t = std::get_if<Term>(&v)) return *t;
    const ast::Variable& var = std::get<ast::Variable>(v);
    if (var.is_blank()) {
      std::string label = var.kind == ast::VariableKind::kAnonymous
                              ? "a" + var.name
                              : "b" + var.name;
      return FreshBlank(label, row_index);
    }
    if (row == nullptr) return std::nullopt;
    auto it = columns.find(var.name);
    if (it == columns.end()) return std::nullopt;
    return (*row)[it->second];
  }

  static bool ValidTriple(const Term& s, const Term& p, const Term& o,
                          const Term& g) {
    return (s.is_iri() || s.is_blank()) && p.is_iri() &&
           !o.is_default_graph() && !g.is_literal();
  }

  // ----- INSERT DATA / DELETE DATA -------------------------------------------

  // Moves a term of INSERT DATA out of the template into *out; blank nodes
  // become fresh ones. False for a variable (the grammar allows none there).
  bool DataTerm(ast::VarOrTerm& v, Term* out) const {
    if (Term* t = std::get_if<Term>(&v)) {
      *out = std::move(*t);
      return true;
    }
    static const std::unordered_map<std::string, std::size_t> kNoColumns;
    std::optional<Term> fresh = Instantiate(v, nullptr, kNoColumns, 0);
    if (!fresh) return false;
    *out = std::move(*fresh);
    return true;
  }

  Status InsertData(ast::UpdateOperation& op) {
    std::vector<Quad> add;
    add.reserve(op.insert_quads.size());
    for (ast::QuadTemplate& t : op.insert_quads) {
      // Each term moves once, into its place (a quad built aside and then
      // moved in moved every term three times).
      Quad& q = add.emplace_back();  // its graph: the default graph
      if (!DataTerm(t.subject, &q.subject) ||
          !DataTerm(t.predicate, &q.predicate) ||
          !DataTerm(t.object, &q.object) ||
          (t.graph && !DataTerm(*t.graph, &q.graph))) {
        return Status::InvalidArgument("INSERT DATA holds a variable");
      }
      if (!ValidTriple(q.subject, q.predicate, q.object, q.graph)) {
        return Status::InvalidArgument(
            fmt::format("INSERT DATA: not a valid RDF quad: {} {} {}",
                        q.subject.ToNTriples(), q.predicate.ToNTriples(),
                        q.object.ToNTriples()));
      }
    }
    return Record(tx_->Apply(add, {}));
  }

  Status DeleteData(const ast::UpdateOperation& op) {
    std::vector<Deletion> dels;
    for (const ast::QuadTemplate& t : op.delete_quads) {
      const Term* s = std::get_if<Term>(&t.subject);
      const Term* p = std::get_if<Term>(&t.predicate);
      const Term* o = std::get_if<Term>(&t.object);
      const Term* g = t.graph ? std::get_if<Term>(&*t.graph) : nullptr;
      if (s == nullptr || p == nullptr || o == nullptr ||
          (t.graph && g == nullptr)) {
        return Status::InvalidArgument("DELETE DATA holds a variable");
      }
      Deletion d{*s, *p, *o, std::nullopt};
      if (g != nullptr) {
        d.g = *g;
      } else if (mode_ == DefaultGraphMode::kStrict) {
        d.g = Term::DefaultGraph();
      }
      dels.push_back(std::move(d));
    }
    return Delete(dels);
  }

  // Removes `dels`; those without a graph from every graph holding them.
  Status Delete(const std::vector<Deletion>& dels) {
    std::vector<IdQuad> remove;
    {
      auto view = tx_->NewReadView();
      std::set<IdQuad> seen;
      for (const Deletion& d : dels) {
        IdPattern pat;
        bool known = true;
        const Term* terms[4] = {&d.s, &d.p, &d.o, d.g ? &*d.g : nullptr};
        std::optional<TermId>* slots[4] = {&pat.s, &pat.p, &pat.o, &pat.g};
        for (int i = 0; i < 4 && known; ++i) {
          if (terms[i] == nullptr) continue;
          KG_ASSIGN_OR_RETURN(std::optional<TermId> id,
                              view->Lookup(*terms[i]));
          if (!id) known = false;
          *slots[i] = id;
        }
        if (!known) continue;
        KG_RETURN_IF_ERROR(view->Scan(pat, [&](const IdQuad& q) {
          if (seen.insert(q).second) remove.push_back(q);
          return true;
        }));
      }
    }
    if (remove.empty()) return Status::Ok();
    return Record(tx_->ApplyIds({}, remove));
  }

  // ----- DELETE WHERE / DELETE ... INSERT ... WHERE ------------------------

  // DELETE WHERE's pattern as a group: the triples without GRAPH in one
  // block, those with GRAPH g in GRAPH g { ... } blocks.
  static ast::GroupGraphPattern PatternOf(
      const std::vector<ast::QuadTemplate>& quads) {
    ast::GroupGraphPattern group;
    ast::PatternElement plain;
    plain.kind = ast::PatternKind::kTriples;
    std::vector<std::pair<ast::VarOrTerm, std::vector<ast::TriplePattern>>>
        graphs;
    for (const ast::QuadTemplate& q : quads) {
      ast::TriplePattern tp{q.subject, q.predicate, q.object, std::nullopt};
      if (!q.graph) {
        plain.triples.push_back(std::move(tp));
        continue;
      }
      auto it = std::find_if(graphs.begin(), graphs.end(),
                             [&](auto& e) { return e.first == *q.graph; });
      if (it == graphs.end()) {
        graphs.emplace_back(*q.graph, std::vector<ast::TriplePattern>{});
        it = graphs.end() - 1;
      }
      it->second.push_back(std::move(tp));
    }
    if (!plain.triples.empty()) group.elements.push_back(std::move(plain));
    for (auto& [g, triples] : graphs) {
      ast::PatternElement ge;
      ge.kind = ast::PatternKind::kGraph;
      ge.graph = g;
      ast::GroupGraphPattern inner;
      ast::PatternElement block;
      block.kind = ast::PatternKind::kTriples;
      block.triples = std::move(triples);
      inner.elements.push_back(std::move(block));
      ge.groups.push_back(std::move(inner));
      group.elements.push_back(std::move(ge));
    }
    return group;
  }

  Status Modify(const ast::UpdateOperation& op) {
    const bool delete_where = op.kind == ast::UpdateKind::kDeleteWhere;
    ast::Query q;
    q.form = ast::QueryForm::kSelect;
    q.select_all = true;
    q.where = delete_where ? PatternOf(op.delete_quads) : op.where;
    q.dataset = op.using_;
    query::PlanOptions plan_options;
    plan_options.mode = mode_;
    if (op.with && op.using_.empty())
      plan_options.with_graph = Term::Iri(*op.with);

    // 1. Every solution of the WHERE clause, against the state before this
    // operation (the spec evaluates it once, then deletes, then inserts).
    std::vector<ResultRow> rows;
    std::unordered_map<std::string, std::size_t> columns;
    {
      KG_ASSIGN_OR_RETURN(
          auto impl, StartQuery(tx_->NewReadView(), q, base_iri_,
                                options_.limits.value_or(db_options_.limits),
                                options_.cancel, plan_options));
      QueryResult result(std::move(impl));
      for (std::size_t i = 0; i < result.variables().size(); ++i)
        columns.emplace(result.variables()[i], i);
      ResultRow row;
      while (true) {
        KG_ASSIGN_OR_RETURN(bool more, result.Next(&row));
        if (!more) break;
        rows.push_back(row);
      }
    }

    // 2. The DELETE template instantiated with each solution.
    std::vector<Deletion> dels;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (const ast::QuadTemplate& t : op.delete_quads) {
        auto s = Instantiate(t.subject, &rows[r], columns, r);
        auto p = Instantiate(t.predicate, &rows[r], columns, r);
        auto o = Instantiate(t.object, &rows[r], columns, r);
        if (!s || !p || !o) continue;
        Deletion d{*s, *p, *o, std::nullopt};
        if (t.graph) {
          d.g = Instantiate(*t.graph, &rows[r], columns, r);
          if (!d.g) continue;
        } else if (op.with || mode_ == DefaultGraphMode::kStrict) {
          d.g = TemplateGraph(op.with);
        }
        if (!ValidTriple(d.s, d.p, d.o, d.g.value_or(Term::DefaultGraph())))
          continue;
        dels.push_back(std::move(d));
      }
    }
    // 3. The INSERT template likewise (blank nodes fresh per solution).
    std::vector<Quad> add;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (const ast::QuadTemplate& t : op.insert_quads) {
        auto s = Instantiate(t.subject, &rows[r], columns, r);
        auto p = Instantiate(t.predicate, &rows[r], columns, r);
        auto o = Instantiate(t.object, &rows[r], columns, r);
        std::optional<Term> g = TemplateGraph(op.with);
        if (t.graph) g = Instantiate(*t.graph, &rows[r], columns, r);
        if (!s || !p || !o || !g) continue;
        if (!ValidTriple(*s, *p, *o, *g) || g->is_blank()) continue;
        add.push_back(
            Quad{std::move(*s), std::move(*p), std::move(*o), std::move(*g)});
      }
    }
    KG_RETURN_IF_ERROR(Delete(dels));
    if (add.empty()) return Status::Ok();
    return Record(tx_->Apply(add, {}));
  }

  // ----- graph management ---------------------------------------------------

  using GraphRef = ast::GraphRef;

  // The id of a graph, or nullopt when the store has never seen its IRI.
  Result<std::optional<TermId>> GraphId(const GraphRef& ref) {
    if (ref.target == ast::GraphTarget::kDefault)
      return std::optional<TermId>(store::kDefaultGraphId);
    auto view = tx_->NewReadView();
    return view->Lookup(Term::Iri(ref.iri));
  }

  // Every quad of graph `g` (an id).
  Result<std::vector<IdQuad>> QuadsOf(TermId g) {
    std::vector<IdQuad> out;
    auto view = tx_->NewReadView();
    IdPattern pat;
    pat.g = g;
    KG_RETURN_IF_ERROR(view->Scan(pat, [&](const IdQuad& q) {
      out.push_back(q);
      return true;
    }));
    return out;
  }

  // A named graph exists while it holds a quad (kg records no empty
  // graphs); the default graph always exists.
  Result<bool> Exists(const GraphRef& ref) {
    if (ref.target == ast::GraphTarget::kDefault) return true;
    KG_ASSIGN_OR_RETURN(std::optional<TermId> id, GraphId(ref));
    if (!id) return false;
    auto view = tx_->NewReadView();
    IdPattern pat;
    pat.g = *id;
    KG_ASSIGN_OR_RETURN(std::uint64_t n, view->CountUpTo(pat, 1));
    return n > 0;
  }

  static std::string Describe(const GraphRef& ref) {
    switch (ref.target) {
      case ast::GraphTarget::kDefault:
        return "the default graph";
      case ast::GraphTarget::kNamed:
        return fmt::format("graph <{}>", ref.iri);
      case ast::GraphTarget::kAllNamed:
        return "the named graphs";
      case ast::GraphTarget::kAll:
        return "all graphs";
    }
    return "?";
  }

  // CLEAR (must_exist = false) and DROP (true). DEFAULT is the store's own
  // default graph in both default-graph modes.
  Status Clear(const GraphRef& ref, bool must_exist) {
    std::vector<IdQuad> remove;
    if (ref.target == ast::GraphTarget::kDefault ||
        ref.target == ast::GraphTarget::kNamed) {
      KG_ASSIGN_OR_RETURN(bool exists, Exists(ref));
      if (!exists) {
        if (must_exist)
          return Status::NotFound(fmt::format(
              "{} does not exist (it holds no triples)", Describe(ref)));
        return Status::Ok();
      }
      KG_ASSIGN_OR_RETURN(std::optional<TermId> id, GraphId(ref));
      KG_ASSIGN_OR_RETURN(remove, QuadsOf(*id));
    } else {
      const bool all = ref.target == ast::GraphTarget::kAll;
      auto view = tx_->NewReadView();
      KG_RETURN_IF_ERROR(view->Scan(IdPattern{}, [&](const IdQuad& q) {
        if (all || q.g != store::kDefaultGraphId) remove.push_back(q);
        return true;
      }));
    }
    if (remove.empty()) return Status::Ok();
    return Record(tx_->ApplyIds({}, remove));
  }

  Status Create(const GraphRef& ref) {
    KG_ASSIGN_OR_RETURN(bool exists, Exists(ref));
    if (exists)
      return Status::InvalidArgument(
          fmt::format("{} already exists", Describe(ref)));
    // kg keeps no empty graphs: the graph appears with its first triple.
    return Status::Ok();
  }

  // ADD, MOVE, COPY.
  Status Transfer(const ast::UpdateOperation& op) {
    const GraphRef& src = op.graph;
    const GraphRef& dst = op.destination;
    KG_ASSIGN_OR_RETURN(bool exists, Exists(src));
    if (!exists)
      return Status::NotFound(fmt::format(
          "{} does not exist (it holds no triples)", Describe(src)));
    if (src == dst) return Status::Ok();
    if (op.kind != ast::UpdateKind::kAdd) {
      KG_RETURN_IF_ERROR(Clear(dst, /*must_exist=*/false));
    }
    KG_ASSIGN_OR_RETURN(std::optional<TermId> src_id, GraphId(src));
    KG_ASSIGN_OR_RETURN(std::vector<IdQuad> quads, QuadsOf(*src_id));
    TermId dst_id = store::kDefaultGraphId;
    if (dst.target == ast::GraphTarget::kNamed) {
      KG_ASSIGN_OR_RETURN(dst_id, tx_->Intern(Term::Iri(dst.iri)));
    }
    std::vector<IdQuad> add = quads;
    for (IdQuad& q : add) q.g = dst_id;
    std::vector<IdQuad> remove;
    if (op.kind == ast::UpdateKind::kMove) remove = std::move(quads);
    return Record(tx_->ApplyIds(add, remove));
  }

  // ----- LOAD ---------------------------------------------------------------

  // The local file a LOAD IRI names, inside the load directory.
  Result<std::filesystem::path> LoadPath(const std::string& iri) {
    namespace fs = std::filesystem;
    if (db_options_.load_directory.empty())
      return Status::NotSupported(
          "LOAD is disabled: this database has no load directory "
          "(DatabaseOptions::load_directory); use kg load for files");
    std::string path = iri;
    if (path.rfind("file://", 0) == 0) {
      path = path.substr(7);
      // file://localhost/x and file:///x
      if (path.rfind("localhost/", 0) == 0) path = path.substr(9);
      std::string decoded;
      for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size() &&
            std::isxdigit(static_cast<unsigned char>(path[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(path[i + 2]))) {
          decoded +=
              static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          decoded += path[i];
        }
      }
      path = decoded;
    } else if (path.find("://") != std::string::npos ||
               path.rfind("urn:", 0) == 0) {
      return Status::NotSupported(fmt::format(
          "LOAD <{}>: kg loads local files only (file: IRIs)", iri));
    }
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(db_options_.load_directory, ec);
    if (ec)
      return Status::IOError(fmt::format(
          "load directory {}: {}", db_options_.load_directory, ec.message()));
    fs::path p(path);
    if (p.is_relative()) p = dir / p;
    p = fs::weakly_canonical(p, ec);
    if (ec)
      return Status::NotFound(fmt::format("LOAD <{}>: {}", iri, ec.message()));
    auto rel = p.lexically_relative(dir);
    if (rel.empty() || *rel.begin() == "..")
      return Status::InvalidArgument(
          fmt::format("LOAD <{}>: outside the load directory", iri));
    if (!fs::is_regular_file(p, ec))
      return Status::NotFound(fmt::format("LOAD <{}>: no such file", iri));
    auto size = fs::file_size(p, ec);
    if (ec)
      return Status::IOError(fmt::format("LOAD <{}>: {}", iri, ec.message()));
    if (size > db_options_.load_max_bytes)
      return Status::InvalidArgument(fmt::format(
          "LOAD <{}>: {} bytes is over the {} byte limit of LOAD in an update "
          "(DatabaseOptions::load_max_bytes); use kg load for bulk data",
          iri, size, db_options_.load_max_bytes));
    return p;
  }

  Status Load(const ast::UpdateOperation& op) {
    KG_ASSIGN_OR_RETURN(std::filesystem::path path, LoadPath(op.load_iri));
    bool gzip = false;
    auto format = query::RdfFormatFromPath(path.string(), &gzip);
    if (!format)
      return Status::InvalidArgument(fmt::format(
          "LOAD <{}>: unknown RDF format (by extension)", op.load_iri));
    query::RdfParseOptions po;
    // Relative IRIs in the file resolve against the file itself.
    po.base_iri = "file://" + path.string();
    po.blank_scope = fmt::format("u{:016x}o{}_", nonce_, op_index_);
    if (op.load_into) po.default_graph = Term::Iri(*op.load_into);
    std::vector<Quad> quads;
    CollectSink sink(&quads);
    query::RdfParseReport report;
    KG_RETURN_IF_ERROR(
        query::ParseRdfFile(path.string(), *format, po, &sink, &report));
    if (op.load_into) {
      // Into one graph: the triples of a quads format go there too.
      for (Quad& q : quads) q.graph = Term::Iri(*op.load_into);
    }
    return Record(tx_->Apply(quads, {}));
  }

  store::Transaction* tx_;
  const DatabaseOptions& db_options_;
  const UpdateOptions& options_;
  DefaultGraphMode mode_;
  std::string base_iri_;
  std::uint64_t nonce_ = 0;
  std::size_t op_index_ = 0;
  WriteSummary summary_;
};

Result<ast::Request> ParseUpdate(std::string_view sparql,
                                 const UpdateOptions& options) {
  query::SparqlParseOptions po;
  po.base_iri = options.base_iri;
  po.source = options.source_name;
  po.kind = query::SparqlRequestKind::kAny;
  KG_ASSIGN_OR_RETURN(ast::Request request, query::ParseSparql(sparql, po));
  if (!request.is_update())
    return Status::InvalidArgument(
        "this is a SPARQL query: run it with `kg query` (Database::Query), "
        "not as an update");
  return request;
}

// Runs the parsed `request` in `tx` (INSERT DATA moves its terms out of
// it). A request that fails after it began to write marks `tx` failed: its
// earlier operations must not be committed alone.
Result<WriteSummary> RunUpdate(store::Transaction* tx,
                               const DatabaseOptions& db_options,
                               ast::Request& request,
                               const UpdateOptions& options) {
  UpdateRunner runner(tx, db_options, options, request.base_iri);
  auto r = runner.Run(request.operations);
  if (!r.ok()) tx->MarkFailed();
  return r;
}

}  // namespace

// ----- Database --------------------------------------------------------------

Result<WriteSummary> Database::Update(std::string_view sparql,
                                      const UpdateOptions& options) {
  // Parsed before taking the writer lock: a syntax error never waits.
  KG_ASSIGN_OR_RETURN(ast::Request request, ParseUpdate(sparql, options));
  KG_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx,
                      store_->quad_store()->Begin());
  KG_ASSIGN_OR_RETURN(WriteSummary summary,
                      RunUpdate(tx.get(), options_, request, options));
  KG_RETURN_IF_ERROR(tx->Commit());
  return summary;
}

// ----- Transaction -----------------------------------------------------------

struct Transaction::Impl {
  Database* db = nullptr;
  std::unique_ptr<store::Transaction> tx;
  WriteSummary changes;  // kept after the end
  Status Usable() const {
    if (!tx)
      return Status::InvalidArgument(
          "the transaction has ended (committed or rolled back)");
    return Status::Ok();
  }
};

Result<std::unique_ptr<Transaction>> Database::Begin() {
  auto impl = std::make_unique<Transaction::Impl>();
  impl->db = this;
  KG_ASSIGN_OR_RETURN(impl->tx, store_->quad_store()->Begin());
  return std::make_unique<Transaction>(std::move(impl));
}

Transaction::Transaction(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transaction::~Transaction() = default;

Result<WriteSummary> Transaction::Update(std::string_view sparql,
                                         const UpdateOptions& options) {
  KG_RETURN_IF_ERROR(impl_->Usable());
  KG_ASSIGN_OR_RETURN(ast::Request request, ParseUpdate(sparql, options));
  auto r = RunUpdate(impl_->tx.get(), impl_->db->options(), request, options);
  impl_->changes = impl_->tx->changes();
  return r;
}

Result<WriteSummary> Transaction::Add(const std::vector<Quad>& quads) {
  KG_RETURN_IF_ERROR(impl_->Usable());
  auto r = impl_->tx->Apply(quads, {});
  impl_->changes = impl_->tx->changes();
  return r;
}

Result<WriteSummary> Transaction::Remove(const std::vector<Quad>& quads) {
  KG_RETURN_IF_ERROR(impl_->Usable());
  auto r = impl_->tx->Apply({}, quads);
  impl_->changes = impl_->tx->changes();
  return r;
}

Result<QueryResult> Transaction::Query(std::string_view sparql,
                                       const QueryOptions& options) {
  KG_RETURN_IF_ERROR(impl_->Usable());
  KG_ASSIGN_OR_RETURN(auto impl,
                      StartText(impl_->tx->NewReadView(), impl_->db->options(),
                                sparql, options, false));
  return QueryResult(std::move(impl));
}

const WriteSummary& Transaction::changes() const { return impl_->changes; }

Status Transaction::Commit() {
  KG_RETURN_IF_ERROR(impl_->Usable());
  Status st = impl_->tx->Commit();
  impl_->tx.reset();
  if (!st.ok()) impl_->changes = WriteSummary();
  return st;
}

void Transaction::Rollback() {
  impl_->tx.reset();
  impl_->changes = WriteSummary();
}

}  // namespace kg
