// The abstract syntax of SPARQL 1.1 Query and Update requests, as the parser
// (query/syntax/sparql_parser.h) produces it and the algebra translation
// consumes it, plus ToSparql(), which prints a request back as SPARQL.
//
// Everything lexical is already resolved: prefixed names are expanded and
// relative IRIs resolved against BASE, so every IRI is absolute text without
// angle brackets; literals are kg::Term values (numbers keep their lexical
// form and are typed xsd:integer, xsd:decimal or xsd:double; language tags are
// lower-case); `$x` and `?x` are the same variable "x".
//
// Blank nodes never appear as kg::Term here. Following SPARQL 1.1 (§4.1.4,
// §18.2.1) a blank node written in a pattern is a variable that cannot be
// projected; `[]`, `[ ... ]` and collections `( ... )` are expanded into
// triples over fresh ones. The same representation is used in templates
// (CONSTRUCT, INSERT, INSERT DATA), where each such variable stands for a
// fresh blank node per solution (per operation for INSERT DATA).
//
// Values are plain data: copy, compare and move freely. Not thread-safe for
// concurrent mutation; concurrent reads are fine.
#ifndef KG_QUERY_AST_AST_H_
#define KG_QUERY_AST_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "kg/term.h"

namespace kg::query::ast {

// An owning pointer with value semantics (deep copy, value equality). Lets a
// recursive syntax tree stay copyable. An empty Box compares equal only to
// another empty Box.
template <class T>
class Box {
 public:
  Box() = default;
  explicit Box(T value) : p_(std::make_unique<T>(std::move(value))) {}
  Box(const Box& other)
      : p_(other.p_ ? std::make_unique<T>(*other.p_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& other) {
    if (this != &other)
      p_ = other.p_ ? std::make_unique<T>(*other.p_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  // REQUIRES: has_value().
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }

  friend bool operator==(const Box& a, const Box& b) {
    if (!a.p_ || !b.p_) return !a.p_ && !b.p_;
    return *a.p_ == *b.p_;
  }

 private:
  std::unique_ptr<T> p_;
};

// ---------------------------------------------------------------------------
// Variables and terms

enum class VariableKind : std::uint8_t {
  kNamed,      // ?x or $x; name "x"
  kBlankNode,  // _:b written in the text; name "b" (the label)
  kAnonymous,  // from [], [ ... ] or ( ... ); name is a number unique in the
               // request (never printed as such: see ToSparql)
};

struct Variable {
  VariableKind kind = VariableKind::kNamed;
  std::string name;

  static Variable Named(std::string n) {
    return {VariableKind::kNamed, std::move(n)};
  }
  bool is_blank() const { return kind != VariableKind::kNamed; }

  friend bool operator==(const Variable&, const Variable&) = default;
  friend auto operator<=>(const Variable&, const Variable&) = default;
};

// A position of a triple pattern or quad template: a variable or an RDF term
// (an IRI or a literal; never a blank node, see above).
using VarOrTerm = std::variant<Variable, Term>;

inline bool IsVariable(const VarOrTerm& v) {
  return std::holds_alternative<Variable>(v);
}

// ---------------------------------------------------------------------------
// Property paths (SPARQL 1.1 §9)

enum class PathKind : std::uint8_t {
  kIri,          // iri (also `a`, as rdf:type)
  kInverse,      // ^args[0]
  kSequence,     // args[0] / args[1] / ...
  kAlternative,  // args[0] | args[1] | ...
  kZeroOrMore,   // args[0]*
  kOneOrMore,    // args[0]+
  kZeroOrOne,    // args[0]?
  kNegatedSet,   // !(args...): each arg is kIri or kInverse of a kIri
};

struct Path {
  PathKind kind = PathKind::kIri;
  std::string iri;         // kIri
  std::vector<Path> args;  // the operands of every other kind

  friend bool operator==(const Path&, const Path&) = default;
};

// One triple pattern. When `path` is set the predicate position is a property
// path other than a plain IRI, and `predicate` is unused; a path that is just
// an IRI (or `a`) is stored as the IRI in `predicate`.
struct TriplePattern {
  VarOrTerm subject;
  VarOrTerm predicate;
  VarOrTerm object;
  std::optional<Path> path;

  friend bool operator==(const TriplePattern&, const TriplePattern&) = default;
};

// ---------------------------------------------------------------------------
// Expressions (SPARQL 1.1 §17)

enum class ExprKind : std::uint8_t {
  kVariable,  // variable
  kConstant,  // constant: an IRI or a literal
  kOr,        // args[0] || args[1]
  kAnd,       // args[0] && args[1]
  kEqual,
  kNotEqual,
  kLess,
  kGreater,
  kLessEqual,
  kGreaterEqual,
  kIn,     // args[0] IN (args[1], ...)
  kNotIn,  // args[0] NOT IN (args[1], ...)
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kNot,           // !args[0]
  kUnaryPlus,     // +args[0]
  kUnaryMinus,    // -args[0]
  kBuiltin,       // builtin(args...)
  kFunctionCall,  // <function_iri>(args...), `distinct` as written
  kAggregate,     // aggregate(DISTINCT? args...); COUNT(*) has no args
  kExists,        // EXISTS pattern
  kNotExists,     // NOT EXISTS pattern
};

// The built-in calls of [121] BuiltInCall except aggregates, EXISTS and
// NOT EXISTS, in the specification's order.
enum class Builtin : std::uint8_t {
  kStr,
  kLang,
  kLangMatches,
  kDatatype,
  kBound,
  kIri,
  kUri,
  kBnode,
  kRand,
  kAbs,
  kCeil,
  kFloor,
  kRound,
  kConcat,
  kSubstr,
  kStrLen,
  kReplace,
  kUCase,
  kLCase,
  kEncodeForUri,
  kContains,
  kStrStarts,
  kStrEnds,
  kStrBefore,
  kStrAfter,
  kYear,
  kMonth,
  kDay,
  kHours,
  kMinutes,
  kSeconds,
  kTimezone,
  kTz,
  kNow,
  kUuid,
  kStrUuid,
  kMd5,
  kSha1,
  kSha224,
  kSha256,
  kSha384,
  kSha512,
  kCoalesce,
  kIf,
  kStrLang,
  kStrDt,
  kSameTerm,
  kIsIri,
  kIsUri,
  kIsBlank,
  kIsLiteral,
  kIsNumeric,
  kRegex,
};

// The keyword as the specification spells it: "STR", "sameTerm", "isIRI".
std::string_view BuiltinName(Builtin builtin);

enum class Aggregate : std::uint8_t {
  kCount,
  kSum,
  kMin,
  kMax,
  kAvg,
  kSample,
  kGroupConcat,
};

// "COUNT", "SUM", ..., "GROUP_CONCAT".
std::string_view AggregateName(Aggregate aggregate);

struct GroupGraphPattern;

struct Expr {
  ExprKind kind = ExprKind::kConstant;
  Variable variable;                        // kVariable
  Term constant;                            // kConstant
  Builtin builtin = Builtin::kStr;          // kBuiltin
  Aggregate aggregate = Aggregate::kCount;  // kAggregate
  std::string function_iri;                 // kFunctionCall
  std::vector<Expr> args;
  bool distinct = false;                 // kAggregate, kFunctionCall
  std::optional<std::string> separator;  // GROUP_CONCAT's SEPARATOR
  Box<GroupGraphPattern> pattern;        // kExists, kNotExists

  static Expr Var(Variable v) {
    Expr e;
    e.kind = ExprKind::kVariable;
    e.variable = std::move(v);
    return e;
  }
  static Expr Constant(Term t) {
    Expr e;
    e.kind = ExprKind::kConstant;
    e.constant = std::move(t);
    return e;
  }

  friend bool operator==(const Expr&, const Expr&) = default;
};

// ---------------------------------------------------------------------------
// Graph patterns (SPARQL 1.1 §5-§10)

// VALUES: `rows[i][j]` is the value of `variables[j]` in row i; nullopt is
// UNDEF. Every row has variables.size() entries.
struct InlineData {
  std::vector<Variable> variables;
  std::vector<std::vector<std::optional<Term>>> rows;

  friend bool operator==(const InlineData&, const InlineData&) = default;
};

enum class PatternKind : std::uint8_t {
  kTriples,    // a block of triple patterns (possibly with paths)
  kGroup,      // { ... } nested as an element
  kUnion,      // groups[0] UNION groups[1] UNION ...
  kOptional,   // OPTIONAL groups[0]
  kMinus,      // MINUS groups[0]
  kGraph,      // GRAPH graph groups[0]
  kService,    // SERVICE SILENT? graph groups[0]; parsed but not evaluated:
               // evaluation reports kNotSupported
  kFilter,     // FILTER expr
  kBind,       // BIND (expr AS variable)
  kValues,     // VALUES values
  kSubSelect,  // { SELECT ... }: subselect
};

struct Query;

// One element of a group graph pattern, in the order written. The algebra
// translation (§18.2.2) decides what FILTERs apply to and how BGPs join.
struct PatternElement {
  PatternKind kind = PatternKind::kTriples;
  std::vector<TriplePattern> triples;     // kTriples
  std::vector<GroupGraphPattern> groups;  // see PatternKind
  VarOrTerm graph;                        // kGraph, kService
  bool silent = false;                    // kService
  Expr expr;                              // kFilter, kBind
  Variable variable;                      // kBind
  InlineData values;                      // kValues
  Box<Query> subselect;                   // kSubSelect

  friend bool operator==(const PatternElement&,
                         const PatternElement&) = default;
};

// `{ ... }`. A group written as `{ SELECT ... }` holds exactly one kSubSelect
// element.
struct GroupGraphPattern {
  std::vector<PatternElement> elements;

  friend bool operator==(const GroupGraphPattern&,
                         const GroupGraphPattern&) = default;
};

// ---------------------------------------------------------------------------
// Queries

enum class QueryForm : std::uint8_t { kSelect, kConstruct, kDescribe, kAsk };

// One item of a SELECT clause: `?x` (no expr) or `(expr AS ?x)`.
struct SelectItem {
  Variable variable;
  std::optional<Expr> expr;

  friend bool operator==(const SelectItem&, const SelectItem&) = default;
};

// FROM <iri> (named = false) or FROM NAMED <iri>; also USING [NAMED].
struct DatasetClause {
  std::string iri;
  bool named = false;

  friend bool operator==(const DatasetClause&, const DatasetClause&) = default;
};

// GROUP BY item: an expression (a bare variable is a kVariable expression),
// optionally bound to `alias` as in `(expr AS ?alias)`.
struct GroupCondition {
  Expr expr;
  std::optional<Variable> alias;

  friend bool operator==(const GroupCondition&,
                         const GroupCondition&) = default;
};

struct OrderCondition {
  Expr expr;
  bool descending = false;

  friend bool operator==(const OrderCondition&,
                         const OrderCondition&) = default;
};

// A SELECT, CONSTRUCT, DESCRIBE or ASK query, or a sub-select (form kSelect,
// no dataset clauses).
struct Query {
  QueryForm form = QueryForm::kSelect;

  // SELECT
  bool distinct = false;
  bool reduced = false;
  bool select_all = false;  // SELECT *
  std::vector<SelectItem> select;

  // CONSTRUCT. With the short form `CONSTRUCT WHERE { triples }`,
  // construct_where is set and the template equals the pattern's triples.
  std::vector<TriplePattern> construct_template;
  bool construct_where = false;

  // DESCRIBE: IRIs and variables, or all variables (DESCRIBE *).
  std::vector<VarOrTerm> describe;
  bool describe_all = false;

  std::vector<DatasetClause> dataset;
  // The WHERE clause. Always set except for a DESCRIBE without one.
  std::optional<GroupGraphPattern> where;

  std::vector<GroupCondition> group_by;
  std::vector<Expr> having;
  std::vector<OrderCondition> order_by;
  std::optional<std::uint64_t> limit;
  std::optional<std::uint64_t> offset;
  std::optional<InlineData> values;  // trailing VALUES clause

  friend bool operator==(const Query&, const Query&) = default;
};

// ---------------------------------------------------------------------------
// Updates (SPARQL 1.1 Update §3)

enum class UpdateKind : std::uint8_t {
  kLoad,
  kClear,
  kDrop,
  kCreate,
  kAdd,
  kMove,
  kCopy,
  kInsertData,
  kDeleteData,
  kDeleteWhere,
  kModify,
};

enum class GraphTarget : std::uint8_t {
  kDefault,   // DEFAULT (or the default graph in ADD/MOVE/COPY)
  kNamed,     // GRAPH <iri> (or a bare <iri> in ADD/MOVE/COPY)
  kAllNamed,  // NAMED
  kAll,       // ALL
};

struct GraphRef {
  GraphTarget target = GraphTarget::kDefault;
  std::string iri;  // kNamed

  friend bool operator==(const GraphRef&, const GraphRef&) = default;
};

// A triple in a quad template or quad data block. No graph: the default graph
// (for Modify: the WITH graph when there is one).
struct QuadTemplate {
  std::optional<VarOrTerm> graph;
  VarOrTerm subject;
  VarOrTerm predicate;
  VarOrTerm object;

  friend bool operator==(const QuadTemplate&, const QuadTemplate&) = default;
};

struct UpdateOperation {
  UpdateKind kind = UpdateKind::kInsertData;
  bool silent = false;  // LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY

  std::string load_iri;                  // kLoad: the document
  std::optional<std::string> load_into;  // kLoad: INTO GRAPH <iri>

  GraphRef graph;        // kClear, kDrop, kCreate; kAdd/kMove/kCopy: source
  GraphRef destination;  // kAdd, kMove, kCopy

  // kDeleteData / kInsertData: ground quads (blank-node variables allowed
  // only in INSERT DATA). kDeleteWhere: the pattern, which is also the
  // template. kModify: the DELETE and INSERT templates.
  std::vector<QuadTemplate> delete_quads;
  std::vector<QuadTemplate> insert_quads;

  std::optional<std::string> with;    // kModify: WITH <iri>
  std::vector<DatasetClause> using_;  // kModify: USING [NAMED] <iri>
  GroupGraphPattern where;            // kModify

  friend bool operator==(const UpdateOperation&,
                         const UpdateOperation&) = default;
};

// ---------------------------------------------------------------------------

enum class RequestKind : std::uint8_t { kQuery, kUpdate };

// What one SPARQL text says: a query, or a sequence of update operations
// (possibly none: an empty update request is valid).
struct Request {
  RequestKind kind = RequestKind::kQuery;
  Query query;                              // kQuery
  std::vector<UpdateOperation> operations;  // kUpdate

  // The base IRI in effect after the prologue (BASE, else the parse
  // option's), for IRI() and URI() on relative strings at run time. Not
  // part of equality: it leaves no trace in the resolved request.
  std::string base_iri;

  bool is_query() const { return kind == RequestKind::kQuery; }
  bool is_update() const { return kind == RequestKind::kUpdate; }

  friend bool operator==(const Request& a, const Request& b) {
    return a.kind == b.kind && a.query == b.query &&
           a.operations == b.operations;
  }
};

// Adds the names of the named variables in scope after `pattern` or
// `element` (SPARQL 1.1 §18.2.1: those of triple patterns, nested groups,
// OPTIONAL, UNION, GRAPH, SERVICE, BIND, VALUES and the projection of
// sub-selects; not those of MINUS, FILTER or EXISTS).
void CollectInScopeVariables(const GroupGraphPattern& pattern,
                             std::set<std::string>* names);
void CollectInScopeVariables(const PatternElement& element,
                             std::set<std::string>* names);

// True when `expr` contains an aggregate (outside EXISTS patterns).
bool ContainsAggregate(const Expr& expr);

// Prints `request` as SPARQL 1.1 text that parses back (with ParseSparql) to
// an equal request, up to the naming of anonymous blank-node variables. IRIs
// are printed in full (no PREFIX declarations), literals in their shortest
// exact form, blank-node variables as `_:label` (anonymous ones get labels
// b0, b1, ... that no labelled one uses). Printing the re-parsed request
// gives the same text again. Output is indented with two spaces and ends
// with a newline.
std::string ToSparql(const Request& request);
std::string ToSparql(const Query& query);
std::string ToSparql(const Expr& expr);

}  // namespace kg::query::ast

#endif  // KG_QUERY_AST_AST_H_
