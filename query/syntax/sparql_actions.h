// PEGTL actions for the SPARQL grammar: they fill a SparqlState while the
// grammar matches, producing a kg::query::ast::Request. Included only by
// sparql_parser.cc (the one place the parse is instantiated).
//
// How the state works: terminals (variables, IRIs, literals, blank nodes)
// leave their value in `term`, and the rule that uses the term (a triple
// position, an expression operand, a VALUES cell, ...) takes it when it
// completes. Everything else is a stack: graph nodes, verbs, paths,
// expressions (with pending operators and open calls), groups, queries.
// Markers record a stack's height where a variable-length construct began.
//
// Checks that need context (an undefined prefix, a variable in INSERT DATA,
// a blank node label reused in another basic graph pattern, BIND to a
// variable already in scope, ...) throw SemanticError at the offending text.
#ifndef KG_QUERY_SYNTAX_SPARQL_ACTIONS_H_
#define KG_QUERY_SYNTAX_SPARQL_ACTIONS_H_

#include <fmt/format.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/limit_depth.hpp>
#include <utility>
#include <vector>

#include "kg/term.h"
#include "query/ast/ast.h"
#include "query/syntax/escapes.h"
#include "query/syntax/iri.h"
#include "query/syntax/sparql_grammar.h"
#include "query/syntax/sparql_parser.h"

namespace kg::query::sparql {

namespace ast = ::kg::query::ast;

inline constexpr std::string_view kRdfType =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr std::string_view kRdfFirst =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
inline constexpr std::string_view kRdfRest =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
inline constexpr std::string_view kRdfNil =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";

// Second guard on recursion, counted by limit_depth on the rules through
// which all nesting passes (Expression, GroupGraphPattern, GraphNode,
// GraphNodePath, Path). The user-level check in sparql_parser.cc runs first;
// each level of brackets enters these rules at most once, so valid input
// within kMaxSparqlNesting never reaches this bound.
inline constexpr std::size_t kMaxRuleDepth = 2 * kMaxSparqlNesting + 64;

// An error found by an action, at byte `offset` of the text.
struct SemanticError {
  std::size_t offset;
  std::string message;
};

// A predicate waiting for its objects: a plain predicate, or a path.
struct VerbSlot {
  ast::VarOrTerm predicate;
  std::optional<ast::Path> path;
};

// A call whose arguments are being read: they are exprs[mark..].
struct CallFrame {
  ast::ExprKind kind = ast::ExprKind::kBuiltin;
  unsigned id = 0;  // ast::Builtin or ast::Aggregate
  std::string iri;  // kFunctionCall
  std::size_t mark = 0;
  bool distinct = false;
  bool count_all = false;
  std::optional<std::string> separator;
};

// Where the quads being read go, and what they may contain.
enum class QuadContext {
  kNone,
  kInsertData,      // no variables
  kDeleteData,      // no variables, no blank nodes
  kDeleteWhere,     // no blank nodes
  kDeleteTemplate,  // no blank nodes
  kInsertTemplate,
};

// A query being read, with the positions needed by the checks made when it
// is complete.
struct QueryFrame {
  ast::Query query;
  std::vector<std::size_t> item_offsets;  // of each SELECT item
  std::size_t select_all_offset = 0;
};

struct SparqlState {
  SparqlState(std::string_view input, std::string base_iri,
              std::map<std::string, std::string> initial_prefixes)
      : text(input),
        base(std::move(base_iri)),
        prefixes(std::move(initial_prefixes)),
        queries(1) {}

  std::string_view text;
  std::string base;
  std::map<std::string, std::string> prefixes;
  std::string declared_prefix;

  // The last term read, and the parts of a literal.
  ast::VarOrTerm term;
  std::string lexical;
  std::string lang;
  std::string datatype;
  bool has_lang = false;
  bool has_datatype = false;

  // Triples.
  std::vector<ast::VarOrTerm> nodes;
  std::vector<std::size_t> collection_marks;
  std::vector<VerbSlot> verbs;
  std::vector<ast::TriplePattern> triples;
  std::uint64_t next_anonymous = 0;

  // Paths.
  std::vector<ast::Path> paths;
  std::vector<std::size_t> path_marks;

  // Expressions.
  std::vector<ast::Expr> exprs;
  std::vector<ast::ExprKind> operators;
  std::vector<CallFrame> calls;
  const char* call_end = nullptr;  // where the last argument list ended

  // Group graph patterns and the scopes of blank node labels: each basic
  // graph pattern and each template gets a new scope id; a label may be
  // used in one scope only.
  std::vector<ast::GroupGraphPattern> groups;
  std::vector<std::uint64_t> group_scopes;
  std::vector<std::size_t> union_marks;
  std::vector<bool> service_silent;
  std::uint64_t next_scope = 0;
  bool in_template = false;
  std::uint64_t template_scope = 0;
  std::map<std::string, std::uint64_t> pattern_labels;
  std::map<std::string, std::uint64_t> data_labels;

  // Queries: queries[0] is the request's query; sub-selects are pushed.
  std::vector<QueryFrame> queries;
  std::optional<ast::Variable> group_alias;
  bool order_descending = false;
  ast::Variable bind_variable;
  std::size_t bind_offset = 0;

  // VALUES being read.
  ast::InlineData values;
  std::vector<std::optional<Term>> row;

  // Updates.
  ast::UpdateOperation op;
  QuadContext quad_context = QuadContext::kNone;
  std::vector<ast::QuadTemplate> quads;
  std::size_t quads_mark = 0;   // quads before it have their graph
  bool quads_reserved = false;  // see Action<quads_open>
  ast::GraphRef graph_ref;
  bool using_named = false;

  ast::Request request;

  // --- helpers used by the actions ---

  template <class ActionInput>
  std::size_t OffsetOf(const ActionInput& in) const {
    return static_cast<std::size_t>(in.begin() - text.data());
  }
  template <class ActionInput>
  [[noreturn]] void Fail(const ActionInput& in, std::string message,
                         std::size_t delta = 0) const {
    throw SemanticError{OffsetOf(in) + delta, std::move(message)};
  }

  const Term& TermValue() const { return std::get<Term>(term); }
  const ast::Variable& VariableValue() const {
    return std::get<ast::Variable>(term);
  }

  ast::Variable FreshAnonymous() {
    return {ast::VariableKind::kAnonymous, std::to_string(next_anonymous++)};
  }

  template <class ActionInput>
  void CheckBlankAllowed(const ActionInput& in) const {
    switch (quad_context) {
      case QuadContext::kDeleteData:
        Fail(in, "blank nodes are not allowed in DELETE DATA");
      case QuadContext::kDeleteWhere:
        Fail(in, "blank nodes are not allowed in DELETE WHERE");
      case QuadContext::kDeleteTemplate:
        Fail(in, "blank nodes are not allowed in a DELETE template");
      default:
        break;
    }
  }

  template <class ActionInput>
  void CheckNodeAllowed(const ActionInput& in) const {
    const auto* v = std::get_if<ast::Variable>(&term);
    if (v == nullptr || v->is_blank()) return;
    if (quad_context == QuadContext::kInsertData) {
      Fail(in, "variables are not allowed in INSERT DATA");
    }
    if (quad_context == QuadContext::kDeleteData) {
      Fail(in, "variables are not allowed in DELETE DATA");
    }
  }

  // Inside the braces of INSERT DATA, DELETE DATA, DELETE WHERE and of
  // the templates of DELETE/INSERT, triples become quads as they are read;
  // the graph of those read since quads_mark is set when their block ends
  // (TriplesToQuads).
  bool ReadsQuads() const {
    return in_template && quad_context != QuadContext::kNone;
  }

  // Adds a triple read: a quad inside a quad block (ReadsQuads), else to
  // `triples`. Built in place: each move of a term here was a visible part
  // of parsing a bulk INSERT DATA.
  template <class S, class P, class O>
  void AddTriple(S&& subject, P&& predicate, O&& object,
                 const std::optional<ast::Path>& path) {
    if (ReadsQuads() && !path) {
      quads.emplace_back(std::nullopt, std::forward<S>(subject),
                         std::forward<P>(predicate), std::forward<O>(object));
    } else {
      triples.emplace_back(std::forward<S>(subject), std::forward<P>(predicate),
                           std::forward<O>(object), path);
    }
  }

  // The triple of the subject below the top of `nodes`, the innermost verb
  // and the object on top, which is popped.
  void EmitTriple() {
    const VerbSlot& verb = verbs.back();
    AddTriple(nodes[nodes.size() - 2], verb.predicate, std::move(nodes.back()),
              verb.path);
    nodes.pop_back();
  }

  ast::GroupGraphPattern PopGroup() {
    ast::GroupGraphPattern g = std::move(groups.back());
    groups.pop_back();
    return g;
  }

  // Appends `e` to the innermost open group. Anything but a FILTER ends the
  // current basic graph pattern.
  void AddElement(ast::PatternElement e) {
    if (e.kind != ast::PatternKind::kTriples &&
        e.kind != ast::PatternKind::kFilter) {
      group_scopes.back() = ++next_scope;
    }
    groups.back().elements.push_back(std::move(e));
  }

  ast::Expr PopExpr() {
    ast::Expr e = std::move(exprs.back());
    exprs.pop_back();
    return e;
  }

  void FinishCall() {
    CallFrame frame = std::move(calls.back());
    calls.pop_back();
    ast::Expr e;
    e.kind = frame.kind;
    e.args.assign(std::make_move_iterator(exprs.begin() + frame.mark),
                  std::make_move_iterator(exprs.end()));
    exprs.resize(frame.mark);
    e.distinct = frame.distinct;
    switch (frame.kind) {
      case ast::ExprKind::kBuiltin:
        e.builtin = static_cast<ast::Builtin>(frame.id);
        break;
      case ast::ExprKind::kAggregate:
        e.aggregate = static_cast<ast::Aggregate>(frame.id);
        e.separator = std::move(frame.separator);
        break;
      case ast::ExprKind::kFunctionCall:
        e.function_iri = std::move(frame.iri);
        break;
      default:  // kIn, kNotIn: args[0] is the left operand
        break;
    }
    exprs.push_back(std::move(e));
  }

  void CombineBinary() {
    ast::Expr rhs = PopExpr();
    ast::Expr lhs = PopExpr();
    ast::Expr e;
    e.kind = operators.back();
    operators.pop_back();
    e.args.push_back(std::move(lhs));
    e.args.push_back(std::move(rhs));
    exprs.push_back(std::move(e));
  }

  // IRI text as written (`<...>` or a prefixed name) to an absolute IRI.
  template <class ActionInput>
  std::string ResolveIriText(const ActionInput& in) const {
    const std::string_view s = in.string_view();
    std::string out;
    if (s.front() == '<') {
      std::string unescaped;
      EscapeError error;
      if (!UnescapeIri(s.substr(1, s.size() - 2), &unescaped, &error)) {
        Fail(in, error.message, 1 + error.offset);
      }
      // An absolute IRI is kept as written (as the Turtle parser does):
      // only relative references are resolved against BASE.
      if (IsAbsoluteIri(unescaped) || base.empty()) return unescaped;
      ResolveIri(base, unescaped, &out);
      return out;
    }
    const std::size_t colon = s.find(':');
    const std::string prefix(s.substr(0, colon));
    auto it = prefixes.find(prefix);
    if (it == prefixes.end()) {
      Fail(in, fmt::format("undefined prefix '{}:'", prefix));
    }
    out = it->second;
    AppendUnescapedLocalName(s.substr(colon + 1), &out);
    return out;
  }

  // Checks and records the use of blank node label `label`: a label may
  // not be shared by two basic graph patterns (§19.6), nor by the data of
  // two INSERT DATA operations of one request. Template labels (CONSTRUCT,
  // INSERT { }) are local to their template.
  template <class ActionInput>
  void UseLabel(const ActionInput& in, const std::string& label) {
    if (in_template && quad_context != QuadContext::kInsertData) return;
    auto& labels = in_template ? data_labels : pattern_labels;
    const std::uint64_t scope =
        in_template ? template_scope : group_scopes.back();
    auto [it, inserted] = labels.emplace(label, scope);
    if (!inserted && it->second != scope) {
      Fail(in, fmt::format("blank node label '_:{}' is already used in "
                           "another {}",
                           label,
                           in_template ? "INSERT DATA operation"
                                       : "basic graph pattern"));
    }
  }
};

// Checks a complete SELECT query or sub-select: `(expr AS ?v)` must not
// assign a variable in scope in its WHERE clause, and an aggregate query may
// project only grouped variables. Throws SemanticError. (sparql_parser.cc)
void CheckQuery(QueryFrame& frame);

// ---------------------------------------------------------------------------
// Actions

template <class Rule>
struct Action : tao::pegtl::nothing<Rule> {};

// Recursion guards.
template <>
struct Action<Expression> : tao::pegtl::limit_depth<kMaxRuleDepth> {};
template <>
struct Action<GroupGraphPattern> : tao::pegtl::limit_depth<kMaxRuleDepth> {};
template <>
struct Action<GraphNode> : tao::pegtl::limit_depth<kMaxRuleDepth> {};
template <>
struct Action<GraphNodePath> : tao::pegtl::limit_depth<kMaxRuleDepth> {};
template <>
struct Action<Path> : tao::pegtl::limit_depth<kMaxRuleDepth> {};

// --- Prologue ---

template <>
struct Action<base_iri> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.base = st.ResolveIriText(in);
  }
};

template <>
struct Action<prefix_name> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    const std::string_view s = in.string_view();
    st.declared_prefix.assign(s.substr(0, s.size() - 1));
  }
};

template <>
struct Action<prefix_iri> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.prefixes[st.declared_prefix] = st.ResolveIriText(in);
  }
};

// --- Terms ---

template <>
struct Action<VARNAME> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.term = ast::Variable::Named(in.string());
  }
};

template <>
struct Action<iri> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.term = Term::Iri(st.ResolveIriText(in));
  }
};

template <>
struct Action<String> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    const std::string_view s = in.string_view();
    const std::size_t quotes =
        s.size() >= 6 && (s.substr(0, 3) == "'''" || s.substr(0, 3) == "\"\"\"")
            ? 3
            : 1;
    EscapeError error;
    if (!UnescapeString(s.substr(quotes, s.size() - 2 * quotes), &st.lexical,
                        &error)) {
      st.Fail(in, error.message, quotes + error.offset);
    }
    st.has_lang = false;
    st.has_datatype = false;
  }
};

template <>
struct Action<LANGTAG> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.lang.assign(in.string_view().substr(1));
    st.has_lang = true;
  }
};

template <>
struct Action<datatype_iri> {
  template <class In>
  static void apply(const In&, SparqlState& st) {
    // The IRI term is not read again: RDFLiteral replaces it.
    st.datatype = std::move(std::get<Term>(st.term).lexical);
    st.has_datatype = true;
  }
};

template <>
struct Action<RDFLiteral> {
  template <class In>
  static void apply(const In&, SparqlState& st) {
    // The parts are moved: the next literal sets them again.
    if (st.has_lang) {
      st.term = Term::LangLiteral(std::move(st.lexical), std::move(st.lang));
    } else if (st.has_datatype) {
      st.term = Term::Literal(std::move(st.lexical), std::move(st.datatype));
    } else {
      st.term = Term::Literal(std::move(st.lexical));
    }
  }
};

// Numbers keep their lexical form, sign included.
template <class Rule, const std::string_view& Datatype>
struct NumberAction {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.term = Term::Literal(in.string(), std::string(Datatype));
  }
};
template <>
struct Action<INTEGER> : NumberAction<INTEGER, kXsdInteger> {};
template <>
struct Action<DECIMAL> : NumberAction<DECIMAL, kXsdDecimal> {};
template <>
struct Action<DOUBLE> : NumberAction<DOUBLE, kXsdDouble> {};
template <>
struct Action<INTEGER_POSITIVE> : NumberAction<INTEGER, kXsdInteger> {};
template <>
struct Action<DECIMAL_POSITIVE> : NumberAction<DECIMAL, kXsdDecimal> {};
template <>
struct Action<DOUBLE_POSITIVE> : NumberAction<DOUBLE, kXsdDouble> {};
template <>
struct Action<INTEGER_NEGATIVE> : NumberAction<INTEGER, kXsdInteger> {};
template <>
struct Action<DECIMAL_NEGATIVE> : NumberAction<DECIMAL, kXsdDecimal> {};
template <>
struct Action<DOUBLE_NEGATIVE> : NumberAction<DOUBLE, kXsdDouble> {};

// `TRUE` is the keyword true: the literal gets the canonical lexical form.
template <>
struct Action<BooleanLiteral> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    const char c = in.string_view().front();
    st.term = Term::Literal(c == 't' || c == 'T' ? "true" : "false",
                            std::string(kXsdBoolean));
  }
};

template <>
struct Action<BlankNode> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.CheckBlankAllowed(in);
    const std::string_view s = in.string_view();
    if (s.front() == '_') {
      std::string label(s.substr(2));
      st.UseLabel(in, label);
      st.term = ast::Variable{ast::VariableKind::kBlankNode, std::move(label)};
    } else {
      st.term = st.FreshAnonymous();
    }
  }
};

template <>
struct Action<GraphTerm> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    if (in.string_view().front() == '(')
      st.term = Term::Iri(std::string(kRdfNil));
  }
};

// --- Triples ---

template <class Rule>
struct PushNodeAction {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.CheckNodeAllowed(in);
    // Moved: every rule that holds a VarOrTerm or VarOrIri reads the node,
    // never `term` again.
    st.nodes.push_back(std::move(st.term));
  }
};
template <>
struct Action<VarOrTerm> : PushNodeAction<VarOrTerm> {};
template <>
struct Action<VarOrIri> : PushNodeAction<VarOrIri> {};

template <>
struct Action<verb_a> {
  static void apply0(SparqlState& st) {
    st.nodes.push_back(Term::Iri(std::string(kRdfType)));
  }
};

template <>
struct Action<Verb> {
  static void apply0(SparqlState& st) {
    st.verbs.emplace_back(std::move(st.nodes.back()), std::nullopt);
    st.nodes.pop_back();
  }
};

template <>
struct Action<VerbSimple> {
  static void apply0(SparqlState& st) {
    st.verbs.push_back({st.term, std::nullopt});
  }
};

template <>
struct Action<VerbPath> {
  static void apply0(SparqlState& st) {
    ast::Path path = std::move(st.paths.back());
    st.paths.pop_back();
    if (path.kind == ast::PathKind::kIri) {
      st.verbs.push_back({Term::Iri(std::move(path.iri)), std::nullopt});
    } else {
      st.verbs.push_back({ast::Variable{}, std::move(path)});
    }
  }
};

template <class Rule>
struct PopVerbAction {
  static void apply0(SparqlState& st) { st.verbs.pop_back(); }
};
template <>
struct Action<objects> : PopVerbAction<objects> {};
template <>
struct Action<path_objects> : PopVerbAction<path_objects> {};

template <class Rule>
struct ObjectAction {
  static void apply0(SparqlState& st) { st.EmitTriple(); }
};
template <>
struct Action<Object> : ObjectAction<Object> {};
template <>
struct Action<ObjectPath> : ObjectAction<ObjectPath> {};

template <class Rule>
struct PopSubjectAction {
  static void apply0(SparqlState& st) { st.nodes.pop_back(); }
};
template <>
struct Action<TriplesSameSubject> : PopSubjectAction<TriplesSameSubject> {};
template <>
struct Action<TriplesSameSubjectPath>
    : PopSubjectAction<TriplesSameSubjectPath> {};

// '[' starts a blank node: the subject of the predicates inside, then the
// value of the whole `[ ... ]`.
template <>
struct Action<property_list_open> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.CheckBlankAllowed(in);
    st.nodes.push_back(st.FreshAnonymous());
  }
};

template <>
struct Action<collection_open> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.CheckBlankAllowed(in);
    st.collection_marks.push_back(st.nodes.size());
  }
};

// ( a b ) is _:l0 rdf:first a; rdf:rest _:l1. _:l1 rdf:first b; rdf:rest
// rdf:nil, and stands for _:l0.
template <class Rule>
struct CollectionAction {
  static void apply0(SparqlState& st) {
    const std::size_t mark = st.collection_marks.back();
    st.collection_marks.pop_back();
    std::vector<ast::VarOrTerm> items(
        std::make_move_iterator(st.nodes.begin() + mark),
        std::make_move_iterator(st.nodes.end()));
    st.nodes.resize(mark);
    std::vector<ast::VarOrTerm> cells;
    for (std::size_t i = 0; i < items.size(); ++i) {
      cells.push_back(st.FreshAnonymous());
    }
    const Term first = Term::Iri(std::string(kRdfFirst));
    const Term rest = Term::Iri(std::string(kRdfRest));
    for (std::size_t i = 0; i < items.size(); ++i) {
      st.AddTriple(cells[i], first, std::move(items[i]), std::nullopt);
      st.AddTriple(cells[i], rest,
                   i + 1 < items.size()
                       ? cells[i + 1]
                       : ast::VarOrTerm(Term::Iri(std::string(kRdfNil))),
                   std::nullopt);
    }
    st.nodes.push_back(std::move(cells.front()));
  }
};
template <>
struct Action<Collection> : CollectionAction<Collection> {};
template <>
struct Action<CollectionPath> : CollectionAction<CollectionPath> {};

template <>
struct Action<TriplesBlock> {
  static void apply0(SparqlState& st) {
    ast::PatternElement e;
    e.kind = ast::PatternKind::kTriples;
    e.triples = std::move(st.triples);
    st.triples.clear();
    st.AddElement(std::move(e));
  }
};

// --- Paths ---

template <>
struct Action<path_iri> {
  static void apply0(SparqlState& st) {
    st.paths.push_back({ast::PathKind::kIri, st.TermValue().lexical, {}});
  }
};
template <>
struct Action<path_a> {
  static void apply0(SparqlState& st) {
    st.paths.push_back({ast::PathKind::kIri, std::string(kRdfType), {}});
  }
};

template <ast::PathKind Kind>
struct WrapPathAction {
  static void apply0(SparqlState& st) {
    ast::Path inner = std::move(st.paths.back());
    st.paths.back() = ast::Path{Kind, {}, {}};
    st.paths.back().args.push_back(std::move(inner));
  }
};
template <>
struct Action<path_zero_or_one> : WrapPathAction<ast::PathKind::kZeroOrOne> {};
template <>
struct Action<path_zero_or_more> : WrapPathAction<ast::PathKind::kZeroOrMore> {
};
template <>
struct Action<path_one_or_more> : WrapPathAction<ast::PathKind::kOneOrMore> {};
template <>
struct Action<path_inverse> : WrapPathAction<ast::PathKind::kInverse> {};
template <>
struct Action<negated_inverse> : WrapPathAction<ast::PathKind::kInverse> {};

// a/b/c and a|b|c become one n-ary node (both operators are associative).
template <ast::PathKind Kind>
struct JoinPathAction {
  static void apply0(SparqlState& st) {
    ast::Path rhs = std::move(st.paths.back());
    st.paths.pop_back();
    ast::Path& lhs = st.paths.back();
    if (lhs.kind != Kind) {
      ast::Path first = std::move(lhs);
      lhs = ast::Path{Kind, {}, {}};
      lhs.args.push_back(std::move(first));
    }
    if (rhs.kind == Kind) {
      for (ast::Path& p : rhs.args) lhs.args.push_back(std::move(p));
    } else {
      lhs.args.push_back(std::move(rhs));
    }
  }
};
template <>
struct Action<path_sequence_operand>
    : JoinPathAction<ast::PathKind::kSequence> {};
template <>
struct Action<path_alternative_operand>
    : JoinPathAction<ast::PathKind::kAlternative> {};

template <>
struct Action<negated_set_start> {
  static void apply0(SparqlState& st) {
    st.path_marks.push_back(st.paths.size());
  }
};
template <>
struct Action<PathNegatedPropertySet> {
  static void apply0(SparqlState& st) {
    const std::size_t mark = st.path_marks.back();
    st.path_marks.pop_back();
    ast::Path set{ast::PathKind::kNegatedSet, {}, {}};
    set.args.assign(std::make_move_iterator(st.paths.begin() + mark),
                    std::make_move_iterator(st.paths.end()));
    st.paths.resize(mark);
    st.paths.push_back(std::move(set));
  }
};

// --- Group graph patterns ---

template <>
struct Action<group_open> {
  static void apply0(SparqlState& st) {
    st.groups.emplace_back();
    st.group_scopes.push_back(++st.next_scope);
  }
};
template <>
struct Action<group_close> {
  static void apply0(SparqlState& st) { st.group_scopes.pop_back(); }
};

template <>
struct Action<WhereClause> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.where = st.PopGroup();
  }
};

template <ast::PatternKind Kind>
struct GroupElementAction {
  static void apply0(SparqlState& st) {
    ast::PatternElement e;
    e.kind = Kind;
    e.groups.push_back(st.PopGroup());
    st.AddElement(std::move(e));
  }
};
template <>
struct Action<OptionalGraphPattern>
    : GroupElementAction<ast::PatternKind::kOptional> {};
template <>
struct Action<MinusGraphPattern>
    : GroupElementAction<ast::PatternKind::kMinus> {};

template <>
struct Action<GraphGraphPattern> {
  static void apply0(SparqlState& st) {
    ast::PatternElement e;
    e.kind = ast::PatternKind::kGraph;
    e.groups.push_back(st.PopGroup());
    e.graph = std::move(st.nodes.back());
    st.nodes.pop_back();
    st.AddElement(std::move(e));
  }
};

template <>
struct Action<service_keyword> {
  static void apply0(SparqlState& st) { st.service_silent.push_back(false); }
};
template <>
struct Action<service_silent> {
  static void apply0(SparqlState& st) { st.service_silent.back() = true; }
};
template <>
struct Action<ServiceGraphPattern> {
  static void apply0(SparqlState& st) {
    ast::PatternElement e;
    e.kind = ast::PatternKind::kService;
    e.groups.push_back(st.PopGroup());
    e.graph = std::move(st.nodes.back());
    st.nodes.pop_back();
    e.silent = st.service_silent.back();
    st.service_silent.pop_back();
    st.AddElement(std::move(e));
  }
};

template <>
struct Action<union_start> {
  static void apply0(SparqlState& st) {
    st.union_marks.push_back(st.groups.size());
  }
};
template <>
struct Action<GroupOrUnionGraphPattern> {
  static void apply0(SparqlState& st) {
    const std::size_t mark = st.union_marks.back();
    st.union_marks.pop_back();
    ast::PatternElement e;
    e.kind = st.groups.size() - mark == 1 ? ast::PatternKind::kGroup
                                          : ast::PatternKind::kUnion;
    e.groups.assign(std::make_move_iterator(st.groups.begin() + mark),
                    std::make_move_iterator(st.groups.end()));
    st.groups.resize(mark);
    st.AddElement(std::move(e));
  }
};

template <>
struct Action<Filter> {
  static void apply0(SparqlState& st) {
    ast::PatternElement e;
    e.kind = ast::PatternKind::kFilter;
    e.expr = st.PopExpr();
    st.AddElement(std::move(e));
  }
};

template <>
struct Action<bind_var> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.bind_variable = st.VariableValue();
    st.bind_offset = st.OffsetOf(in);
  }
};
template <>
struct Action<Bind> {
  static void apply0(SparqlState& st) {
    // §18.2.1: the variable must not be in scope in the group so far.
    std::set<std::string> in_scope;
    ast::CollectInScopeVariables(st.groups.back(), &in_scope);
    if (in_scope.count(st.bind_variable.name) != 0) {
      throw SemanticError{
          st.bind_offset,
          fmt::format("BIND assigns ?{}, which is already in scope in this "
                      "group",
                      st.bind_variable.name)};
    }
    ast::PatternElement e;
    e.kind = ast::PatternKind::kBind;
    e.expr = st.PopExpr();
    e.variable = st.bind_variable;
    st.AddElement(std::move(e));
  }
};

template <>
struct Action<InlineData> {
  static void apply0(SparqlState& st) {
    ast::PatternElement e;
    e.kind = ast::PatternKind::kValues;
    e.values = std::move(st.values);
    st.values = {};
    st.AddElement(std::move(e));
  }
};

template <>
struct Action<SubSelect> {
  static void apply0(SparqlState& st) {
    CheckQuery(st.queries.back());
    ast::PatternElement e;
    e.kind = ast::PatternKind::kSubSelect;
    e.subselect = ast::Box<ast::Query>(std::move(st.queries.back().query));
    st.queries.pop_back();
    st.AddElement(std::move(e));
  }
};

// --- VALUES ---

template <>
struct Action<data_block_var> {
  static void apply0(SparqlState& st) {
    st.values.variables.push_back(st.VariableValue());
  }
};
template <>
struct Action<DataBlockValue> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    const std::string_view s = in.string_view();
    const bool undef = s.size() == 5 && (s[0] == 'U' || s[0] == 'u') &&
                       s.find(':') == std::string_view::npos &&
                       s.front() != '"' && s.front() != '\'';
    if (undef) {
      st.row.emplace_back(std::nullopt);
    } else {
      st.row.emplace_back(st.TermValue());
    }
  }
};
template <>
struct Action<one_var_value> {
  static void apply0(SparqlState& st) {
    st.values.rows.push_back(std::move(st.row));
    st.row.clear();
  }
};
template <>
struct Action<data_block_row> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    if (st.row.size() != st.values.variables.size()) {
      st.Fail(in, fmt::format("this row has {} value(s) but VALUES names {} "
                              "variable(s)",
                              st.row.size(), st.values.variables.size()));
    }
    st.values.rows.push_back(std::move(st.row));
    st.row.clear();
  }
};
template <>
struct Action<values_clause_block> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.values = std::move(st.values);
    st.values = {};
  }
};

// --- SELECT and the other query forms ---

template <>
struct Action<select_keyword> {
  static void apply0(SparqlState& st) {
    if (!st.groups.empty()) st.queries.emplace_back();  // a sub-select
  }
};
template <>
struct Action<select_distinct> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.distinct = true;
  }
};
template <>
struct Action<select_reduced> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.reduced = true;
  }
};
template <>
struct Action<select_all> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.queries.back().query.select_all = true;
    st.queries.back().select_all_offset = st.OffsetOf(in);
  }
};
template <>
struct Action<select_var> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.queries.back().query.select.push_back(
        {st.VariableValue(), std::nullopt});
    st.queries.back().item_offsets.push_back(st.OffsetOf(in));
  }
};
template <>
struct Action<select_alias> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    QueryFrame& frame = st.queries.back();
    const ast::Variable& v = st.VariableValue();
    for (const ast::SelectItem& item : frame.query.select) {
      if (item.variable == v) {
        st.Fail(in, fmt::format("?{} is already selected; it cannot also be "
                                "assigned by AS",
                                v.name));
      }
    }
    frame.query.select.push_back({v, st.PopExpr()});
    frame.item_offsets.push_back(st.OffsetOf(in));
  }
};

template <>
struct Action<SelectQuery> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.form = ast::QueryForm::kSelect;
  }
};
template <>
struct Action<ConstructQuery> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.form = ast::QueryForm::kConstruct;
  }
};
template <>
struct Action<DescribeQuery> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.form = ast::QueryForm::kDescribe;
  }
};
template <>
struct Action<AskQuery> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.form = ast::QueryForm::kAsk;
  }
};

template <>
struct Action<Query> {
  static void apply0(SparqlState& st) {
    CheckQuery(st.queries.back());
    st.request.kind = ast::RequestKind::kQuery;
    st.request.query = std::move(st.queries.back().query);
  }
};

template <>
struct Action<template_open> {
  static void apply0(SparqlState& st) {
    st.in_template = true;
    st.template_scope = ++st.next_scope;
  }
};
template <>
struct Action<ConstructTemplate> {
  static void apply0(SparqlState& st) {
    st.in_template = false;
    st.queries.back().query.construct_template = std::move(st.triples);
    st.triples.clear();
  }
};

// CONSTRUCT WHERE { triples }: the triples are both pattern and template.
template <>
struct Action<construct_short_open> {
  static void apply0(SparqlState& st) {
    st.groups.emplace_back();
    st.group_scopes.push_back(++st.next_scope);
  }
};
template <>
struct Action<construct_short_close> {
  static void apply0(SparqlState& st) {
    st.group_scopes.pop_back();
    ast::GroupGraphPattern g = st.PopGroup();
    ast::Query& q = st.queries.back().query;
    if (!st.triples.empty()) {
      ast::PatternElement e;
      e.kind = ast::PatternKind::kTriples;
      e.triples = st.triples;
      g.elements.push_back(std::move(e));
    }
    q.where = std::move(g);
    q.construct_template = std::move(st.triples);
    q.construct_where = true;
    st.triples.clear();
  }
};

template <>
struct Action<describe_all> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.describe_all = true;
  }
};
template <>
struct Action<describe_item> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.describe.push_back(std::move(st.nodes.back()));
    st.nodes.pop_back();
  }
};

template <>
struct Action<DefaultGraphClause> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.dataset.push_back({st.TermValue().lexical, false});
  }
};
template <>
struct Action<named_source> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.dataset.push_back({st.TermValue().lexical, true});
  }
};

// --- Solution modifiers ---

template <>
struct Action<group_var> {
  static void apply0(SparqlState& st) {
    st.exprs.push_back(ast::Expr::Var(st.VariableValue()));
  }
};
template <>
struct Action<group_alias> {
  static void apply0(SparqlState& st) { st.group_alias = st.VariableValue(); }
};
template <>
struct Action<GroupCondition> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.group_by.push_back(
        {st.PopExpr(), std::move(st.group_alias)});
    st.group_alias.reset();
  }
};

template <>
struct Action<HavingCondition> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.having.push_back(st.PopExpr());
  }
};

template <>
struct Action<order_direction> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.order_descending =
        in.string_view().front() == 'D' || in.string_view().front() == 'd';
  }
};
template <>
struct Action<order_var> {
  static void apply0(SparqlState& st) {
    st.exprs.push_back(ast::Expr::Var(st.VariableValue()));
  }
};
template <>
struct Action<OrderCondition> {
  static void apply0(SparqlState& st) {
    st.queries.back().query.order_by.push_back(
        {st.PopExpr(), st.order_descending});
    st.order_descending = false;
  }
};

template <class Rule, bool kLimit>
struct CountAction {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    std::uint64_t value = 0;
    const std::string_view s = in.string_view();
    const auto [end, ec] =
        std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) {
      st.Fail(in, fmt::format("{} value is too large",
                              kLimit ? "LIMIT" : "OFFSET"));
    }
    if (kLimit) {
      st.queries.back().query.limit = value;
    } else {
      st.queries.back().query.offset = value;
    }
  }
};
template <>
struct Action<limit_value> : CountAction<limit_value, true> {};
template <>
struct Action<offset_value> : CountAction<offset_value, false> {};

// --- Expressions ---

template <ast::ExprKind Kind>
struct OperatorAction {
  static void apply0(SparqlState& st) { st.operators.push_back(Kind); }
};
template <>
struct Action<or_operator> : OperatorAction<ast::ExprKind::kOr> {};
template <>
struct Action<and_operator> : OperatorAction<ast::ExprKind::kAnd> {};
template <>
struct Action<equal_operator> : OperatorAction<ast::ExprKind::kEqual> {};
template <>
struct Action<not_equal_operator> : OperatorAction<ast::ExprKind::kNotEqual> {};
template <>
struct Action<less_operator> : OperatorAction<ast::ExprKind::kLess> {};
template <>
struct Action<greater_operator> : OperatorAction<ast::ExprKind::kGreater> {};
template <>
struct Action<less_equal_operator> : OperatorAction<ast::ExprKind::kLessEqual> {
};
template <>
struct Action<greater_equal_operator>
    : OperatorAction<ast::ExprKind::kGreaterEqual> {};
template <>
struct Action<add_operator> : OperatorAction<ast::ExprKind::kAdd> {};
template <>
struct Action<subtract_operator> : OperatorAction<ast::ExprKind::kSubtract> {};
template <>
struct Action<multiply_operator> : OperatorAction<ast::ExprKind::kMultiply> {};
template <>
struct Action<divide_operator> : OperatorAction<ast::ExprKind::kDivide> {};
template <>
struct Action<not_operator> : OperatorAction<ast::ExprKind::kNot> {};
template <>
struct Action<plus_operator> : OperatorAction<ast::ExprKind::kUnaryPlus> {};
template <>
struct Action<minus_operator> : OperatorAction<ast::ExprKind::kUnaryMinus> {};

template <class Rule>
struct BinaryOperandAction {
  static void apply0(SparqlState& st) { st.CombineBinary(); }
};
template <>
struct Action<or_operand> : BinaryOperandAction<or_operand> {};
template <>
struct Action<and_operand> : BinaryOperandAction<and_operand> {};
template <>
struct Action<comparison_operand> : BinaryOperandAction<comparison_operand> {};
template <>
struct Action<additive_operand> : BinaryOperandAction<additive_operand> {};
template <>
struct Action<multiplicative_operand>
    : BinaryOperandAction<multiplicative_operand> {};

template <>
struct Action<unary_operand> {
  static void apply0(SparqlState& st) {
    ast::Expr e;
    e.kind = st.operators.back();
    st.operators.pop_back();
    e.args.push_back(st.PopExpr());
    st.exprs.push_back(std::move(e));
  }
};

template <ast::ExprKind Kind>
struct InOperatorAction {
  static void apply0(SparqlState& st) {
    CallFrame frame;
    frame.kind = Kind;
    frame.mark = st.exprs.size() - 1;  // the left operand is args[0]
    st.calls.push_back(std::move(frame));
  }
};
template <>
struct Action<in_operator> : InOperatorAction<ast::ExprKind::kIn> {};
template <>
struct Action<not_in_operator> : InOperatorAction<ast::ExprKind::kNotIn> {};
template <>
struct Action<in_list> {
  static void apply0(SparqlState& st) { st.FinishCall(); }
};

template <class TermRule>
struct Action<expression_term<TermRule>> {
  static void apply0(SparqlState& st) {
    if (const auto* v = std::get_if<ast::Variable>(&st.term)) {
      st.exprs.push_back(ast::Expr::Var(*v));
    } else {
      st.exprs.push_back(ast::Expr::Constant(st.TermValue()));
    }
  }
};

// An IRI not followed by an argument list is a constant.
template <>
struct Action<iriOrFunction> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    if (st.call_end != in.end()) {
      st.exprs.push_back(ast::Expr::Constant(st.TermValue()));
    }
  }
};

template <>
struct Action<arguments_open> {
  static void apply0(SparqlState& st) {
    CallFrame frame;
    frame.kind = ast::ExprKind::kFunctionCall;
    frame.iri = st.TermValue().lexical;
    frame.mark = st.exprs.size();
    st.calls.push_back(std::move(frame));
  }
};
template <>
struct Action<arguments_distinct> {
  static void apply0(SparqlState& st) { st.calls.back().distinct = true; }
};
template <>
struct Action<arguments> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.FinishCall();
    st.call_end = in.end();
  }
};
template <>
struct Action<arguments_nil> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    ast::Expr e;
    e.kind = ast::ExprKind::kFunctionCall;
    e.function_iri = st.TermValue().lexical;
    st.exprs.push_back(std::move(e));
    st.call_end = in.end();
  }
};

template <unsigned Id, class Word>
struct Action<builtin_name<Id, Word>> {
  static void apply0(SparqlState& st) {
    CallFrame frame;
    frame.kind = ast::ExprKind::kBuiltin;
    frame.id = Id;
    frame.mark = st.exprs.size();
    st.calls.push_back(std::move(frame));
  }
};
template <unsigned Id, class Word>
struct Action<aggregate_name<Id, Word>> {
  static void apply0(SparqlState& st) {
    CallFrame frame;
    frame.kind = ast::ExprKind::kAggregate;
    frame.id = Id;
    frame.mark = st.exprs.size();
    st.calls.push_back(std::move(frame));
  }
};

struct FinishCallAction {
  static void apply0(SparqlState& st) { st.FinishCall(); }
};
template <class N>
struct Action<call_0<N>> : FinishCallAction {};
template <class N>
struct Action<call_1<N>> : FinishCallAction {};
template <class N>
struct Action<call_2<N>> : FinishCallAction {};
template <class N>
struct Action<call_3<N>> : FinishCallAction {};
template <class N>
struct Action<call_list<N>> : FinishCallAction {};
template <class N>
struct Action<call_bound<N>> : FinishCallAction {};
template <class N>
struct Action<call_bnode<N>> : FinishCallAction {};
template <>
struct Action<RegexExpression> : FinishCallAction {};
template <>
struct Action<SubstringExpression> : FinishCallAction {};
template <>
struct Action<StrReplaceExpression> : FinishCallAction {};
template <class N, class A, class T>
struct Action<aggregate_call<N, A, T>> : FinishCallAction {};

template <>
struct Action<bound_variable> {
  static void apply0(SparqlState& st) {
    st.exprs.push_back(ast::Expr::Var(st.VariableValue()));
  }
};
template <>
struct Action<aggregate_distinct> {
  static void apply0(SparqlState& st) { st.calls.back().distinct = true; }
};
template <>
struct Action<count_all> {
  static void apply0(SparqlState& st) { st.calls.back().count_all = true; }
};
template <>
struct Action<separator_string> {
  static void apply0(SparqlState& st) {
    st.calls.back().separator = st.lexical;
  }
};

template <ast::ExprKind Kind>
struct ExistsAction {
  static void apply0(SparqlState& st) {
    ast::Expr e;
    e.kind = Kind;
    e.pattern = ast::Box<ast::GroupGraphPattern>(st.PopGroup());
    st.exprs.push_back(std::move(e));
  }
};
template <>
struct Action<ExistsFunc> : ExistsAction<ast::ExprKind::kExists> {};
template <>
struct Action<NotExistsFunc> : ExistsAction<ast::ExprKind::kNotExists> {};

// --- Updates ---

template <>
struct Action<update_silent> {
  static void apply0(SparqlState& st) { st.op.silent = true; }
};
template <>
struct Action<graph_iri> {
  static void apply0(SparqlState& st) {
    st.graph_ref = {ast::GraphTarget::kNamed, st.TermValue().lexical};
  }
};
template <>
struct Action<graph_default> {
  static void apply0(SparqlState& st) {
    st.graph_ref = {ast::GraphTarget::kDefault, {}};
  }
};
template <>
struct Action<graph_named> {
  static void apply0(SparqlState& st) {
    st.graph_ref = {ast::GraphTarget::kAllNamed, {}};
  }
};
template <>
struct Action<graph_all> {
  static void apply0(SparqlState& st) {
    st.graph_ref = {ast::GraphTarget::kAll, {}};
  }
};

template <>
struct Action<load_iri> {
  static void apply0(SparqlState& st) {
    st.op.load_iri = st.TermValue().lexical;
  }
};
template <>
struct Action<load_into> {
  static void apply0(SparqlState& st) { st.op.load_into = st.graph_ref.iri; }
};
template <>
struct Action<transfer_source> {
  static void apply0(SparqlState& st) { st.op.graph = st.graph_ref; }
};
template <>
struct Action<transfer_destination> {
  static void apply0(SparqlState& st) { st.op.destination = st.graph_ref; }
};

template <ast::UpdateKind Kind, bool kTakesGraph>
struct OperationAction {
  static void apply0(SparqlState& st) {
    st.op.kind = Kind;
    if (kTakesGraph) st.op.graph = st.graph_ref;
  }
};
template <>
struct Action<Load> : OperationAction<ast::UpdateKind::kLoad, false> {};
template <>
struct Action<Clear> : OperationAction<ast::UpdateKind::kClear, true> {};
template <>
struct Action<Drop> : OperationAction<ast::UpdateKind::kDrop, true> {};
template <>
struct Action<Create> : OperationAction<ast::UpdateKind::kCreate, true> {};
template <>
struct Action<Add> : OperationAction<ast::UpdateKind::kAdd, false> {};
template <>
struct Action<Move> : OperationAction<ast::UpdateKind::kMove, false> {};
template <>
struct Action<Copy> : OperationAction<ast::UpdateKind::kCopy, false> {};
template <>
struct Action<InsertData>
    : OperationAction<ast::UpdateKind::kInsertData, false> {};
template <>
struct Action<DeleteData>
    : OperationAction<ast::UpdateKind::kDeleteData, false> {};
template <>
struct Action<DeleteWhere>
    : OperationAction<ast::UpdateKind::kDeleteWhere, false> {};
template <>
struct Action<Modify> : OperationAction<ast::UpdateKind::kModify, false> {};

template <QuadContext Context>
struct QuadContextAction {
  static void apply0(SparqlState& st) { st.quad_context = Context; }
};
template <>
struct Action<insert_data_keyword>
    : QuadContextAction<QuadContext::kInsertData> {};
template <>
struct Action<delete_data_keyword>
    : QuadContextAction<QuadContext::kDeleteData> {};
template <>
struct Action<delete_where_keyword>
    : QuadContextAction<QuadContext::kDeleteWhere> {};
template <>
struct Action<delete_keyword>
    : QuadContextAction<QuadContext::kDeleteTemplate> {};
template <>
struct Action<insert_keyword>
    : QuadContextAction<QuadContext::kInsertTemplate> {};

template <>
struct Action<quads_open> {
  template <class In>
  static void apply(const In& in, SparqlState& st) {
    st.in_template = true;
    st.template_scope = ++st.next_scope;
    st.quads_mark = st.quads.size();
    // The request's first block gets room for about one quad per 100 bytes
    // of the rest of the text (a line of N-Triples-like data is longer), at
    // most 32,768: growing one quad at a time moved every quad about twice
    // more. Only the first: each operation keeps its vector, and a request
    // of many small operations would reserve the rest of the text again
    // for each one.
    if (st.quads_reserved) return;
    st.quads_reserved = true;
    const std::size_t rest =
        static_cast<std::size_t>(st.text.data() + st.text.size() - in.end());
    st.quads.reserve(st.quads.size() +
                     std::min<std::size_t>(rest / 100, std::size_t{1} << 15));
  }
};
// The quads read since quads_mark (AddTriple) get `graph` (nullopt: the
// default graph).
inline void TriplesToQuads(SparqlState& st,
                           const std::optional<ast::VarOrTerm>& graph) {
  if (graph) {
    for (std::size_t i = st.quads_mark; i < st.quads.size(); ++i)
      st.quads[i].graph = graph;
  }
  st.quads_mark = st.quads.size();
}
template <>
struct Action<default_graph_triples> {
  static void apply0(SparqlState& st) { TriplesToQuads(st, std::nullopt); }
};
template <>
struct Action<QuadsNotTriples> {
  static void apply0(SparqlState& st) {
    const ast::VarOrTerm graph = std::move(st.nodes.back());
    st.nodes.pop_back();
    TriplesToQuads(st, graph);
  }
};
template <class Rule>
struct QuadsAction {
  static void apply0(SparqlState& st) {
    st.in_template = false;
    const bool insert = st.quad_context == QuadContext::kInsertData ||
                        st.quad_context == QuadContext::kInsertTemplate;
    auto& target = insert ? st.op.insert_quads : st.op.delete_quads;
    if (target.empty()) {
      target.swap(st.quads);
    } else {
      target.reserve(target.size() + st.quads.size());
      for (ast::QuadTemplate& q : st.quads) target.push_back(std::move(q));
    }
    st.quads.clear();
    st.quad_context = QuadContext::kNone;
  }
};
template <>
struct Action<QuadPattern> : QuadsAction<QuadPattern> {};
template <>
struct Action<QuadData> : QuadsAction<QuadData> {};

template <>
struct Action<with_iri> {
  static void apply0(SparqlState& st) { st.op.with = st.TermValue().lexical; }
};
template <>
struct Action<using_named> {
  static void apply0(SparqlState& st) { st.using_named = true; }
};
template <>
struct Action<using_iri> {
  static void apply0(SparqlState& st) {
    st.op.using_.push_back({st.TermValue().lexical, st.using_named});
    st.using_named = false;
  }
};
template <>
struct Action<modify_pattern> {
  static void apply0(SparqlState& st) { st.op.where = st.PopGroup(); }
};

template <>
struct Action<Update1> {
  static void apply0(SparqlState& st) {
    st.request.operations.push_back(std::move(st.op));
    st.op = {};
  }
};

template <>
struct Action<UpdateUnit> {
  static void apply0(SparqlState& st) {
    st.request.kind = ast::RequestKind::kUpdate;
  }
};

}  // namespace kg::query::sparql

#endif  // KG_QUERY_SYNTAX_SPARQL_ACTIONS_H_
