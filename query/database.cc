// Database: the embedding facade. Parse, plan, and start a query over one
// snapshot.
#include "kg/database.h"

#include <fmt/format.h>

#include "query/query_result_impl.h"
#include "query/syntax/sparql_parser.h"

namespace kg {

Database::Database(std::unique_ptr<Store> store, DatabaseOptions options)
    : store_(std::move(store)), options_(std::move(options)) {}
Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(
    const std::string& path, const DatabaseOptions& options) {
  KG_ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
                      Store::Open(path, options.store));
  return std::unique_ptr<Database>(new Database(std::move(store), options));
}

Result<std::unique_ptr<QueryResult::Impl>> StartQuery(
    std::unique_ptr<store::ReadView> view, const query::ast::Query& query,
    const std::string& base_iri, const QueryLimits& limits,
    std::shared_ptr<CancellationToken> cancel,
    const query::PlanOptions& plan_options) {
  auto t0 = std::chrono::steady_clock::now();
  auto impl = std::make_unique<QueryResult::Impl>();
  impl->view = std::move(view);
  impl->ctx = std::make_unique<query::ExecContext>(impl->view.get(), limits,
                                                   std::move(cancel));
  impl->ctx->functions().base_iri = base_iri;
  KG_ASSIGN_OR_RETURN(impl->plan,
                      query::PlanQuery(query, impl->ctx.get(), plan_options));
  switch (query.form) {
    case query::ast::QueryForm::kSelect:
      impl->kind = QueryResultKind::kSolutions;
      impl->variables = impl->plan.variables;
      break;
    case query::ast::QueryForm::kAsk:
      impl->kind = QueryResultKind::kBoolean;
      break;
    case query::ast::QueryForm::kConstruct:
    case query::ast::QueryForm::kDescribe:
      impl->kind = QueryResultKind::kGraph;
      impl->variables = {"subject", "predicate", "object"};
      break;
  }
  impl->batch.Reset(impl->plan.width);
  KG_RETURN_IF_ERROR(impl->plan.root->Open(impl->ctx.get()));
  if (impl->kind == QueryResultKind::kBoolean) {
    KG_ASSIGN_OR_RETURN(bool any, impl->Pull());
    impl->boolean = any;
  }
  impl->engine_ms += std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - t0)
                         .count();
  return impl;
}

Result<std::unique_ptr<QueryResult::Impl>> StartText(
    std::unique_ptr<store::ReadView> view, const DatabaseOptions& db_options,
    std::string_view sparql, const QueryOptions& options, bool profile) {
  auto t0 = std::chrono::steady_clock::now();
  query::SparqlParseOptions po;
  po.base_iri = options.base_iri;
  po.source = options.source_name;
  po.kind = query::SparqlRequestKind::kAny;
  KG_ASSIGN_OR_RETURN(query::ast::Request request,
                      query::ParseSparql(sparql, po));
  if (!request.is_query())
    return Status::InvalidArgument(
        "this is a SPARQL update: run it with `kg update` (Database::Update), "
        "not as a query");
  query::PlanOptions plan_options;
  plan_options.mode = options.default_graph.value_or(db_options.default_graph);
  plan_options.profile = profile;
  KG_ASSIGN_OR_RETURN(
      auto impl, StartQuery(std::move(view), request.query, request.base_iri,
                            options.limits.value_or(db_options.limits),
                            options.cancel, plan_options));
  // Parsing counts as engine time too.
  impl->engine_ms = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - t0)
                        .count();
  return impl;
}

Result<QueryResult> Database::Query(std::string_view sparql,
                                    const QueryOptions& options) {
  KG_ASSIGN_OR_RETURN(auto impl, StartText(store_->quad_store()->NewReadView(),
                                           options_, sparql, options, false));
  return QueryResult(std::move(impl));
}

Result<std::string> Database::Explain(std::string_view sparql, bool analyze,
                                      const QueryOptions& options) {
  KG_ASSIGN_OR_RETURN(auto impl, StartText(store_->quad_store()->NewReadView(),
                                           options_, sparql, options, analyze));
  query::PhysicalOperator* root = impl->plan.root.get();
  std::string header;
  if (analyze) {
    QueryResult result(std::move(impl));
    ResultRow row;
    std::uint64_t rows = 0;
    while (true) {
      KG_ASSIGN_OR_RETURN(bool more, result.Next(&row));
      if (!more) break;
      ++rows;
    }
    std::string text = query::FormatPlan(*root, true);
    return text + fmt::format("{} result row{}, {:.2f} ms in the engine\n",
                              rows, rows == 1 ? "" : "s", result.engine_ms());
  }
  std::string text = query::FormatPlan(*root, false);
  if (impl->plan.stale_statistics)
    text +=
        "(stale): estimate from statistics that are not exact; run `kg "
        "analyze`\n";
  return text;
}

}  // namespace kg
