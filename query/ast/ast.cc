// Names of built-ins, scope helpers, and ToSparql(): the printer that turns
// a request back into SPARQL text.
#include "query/ast/ast.h"

#include <array>
#include <cstdio>
#include <map>
#include <string>

namespace kg::query::ast {

namespace {

constexpr std::array<std::string_view, 53> kBuiltinNames = {
    "STR",       "LANG",      "LANGMATCHES", "DATATYPE",  "BOUND",
    "IRI",       "URI",       "BNODE",       "RAND",      "ABS",
    "CEIL",      "FLOOR",     "ROUND",       "CONCAT",    "SUBSTR",
    "STRLEN",    "REPLACE",   "UCASE",       "LCASE",     "ENCODE_FOR_URI",
    "CONTAINS",  "STRSTARTS", "STRENDS",     "STRBEFORE", "STRAFTER",
    "YEAR",      "MONTH",     "DAY",         "HOURS",     "MINUTES",
    "SECONDS",   "TIMEZONE",  "TZ",          "NOW",       "UUID",
    "STRUUID",   "MD5",       "SHA1",        "SHA224",    "SHA256",
    "SHA384",    "SHA512",    "COALESCE",    "IF",        "STRLANG",
    "STRDT",     "sameTerm",  "isIRI",       "isURI",     "isBLANK",
    "isLITERAL", "isNUMERIC", "REGEX",
};

constexpr std::array<std::string_view, 7> kAggregateNames = {
    "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT",
};

void AddNamed(const VarOrTerm& v, std::set<std::string>* names) {
  if (const auto* var = std::get_if<Variable>(&v)) {
    if (var->kind == VariableKind::kNamed) names->insert(var->name);
  }
}

}  // namespace

std::string_view BuiltinName(Builtin builtin) {
  return kBuiltinNames[static_cast<std::size_t>(builtin)];
}

std::string_view AggregateName(Aggregate aggregate) {
  return kAggregateNames[static_cast<std::size_t>(aggregate)];
}

void CollectInScopeVariables(const PatternElement& e,
                             std::set<std::string>* names) {
  switch (e.kind) {
    case PatternKind::kTriples:
      for (const TriplePattern& t : e.triples) {
        AddNamed(t.subject, names);
        if (!t.path) AddNamed(t.predicate, names);
        AddNamed(t.object, names);
      }
      break;
    case PatternKind::kGraph:
    case PatternKind::kService:
      AddNamed(e.graph, names);
      [[fallthrough]];
    case PatternKind::kGroup:
    case PatternKind::kUnion:
    case PatternKind::kOptional:
      for (const GroupGraphPattern& g : e.groups) {
        CollectInScopeVariables(g, names);
      }
      break;
    case PatternKind::kBind:
      names->insert(e.variable.name);
      break;
    case PatternKind::kValues:
      for (const Variable& v : e.values.variables) names->insert(v.name);
      break;
    case PatternKind::kSubSelect:
      if (!e.subselect) break;
      if (e.subselect->select_all) {
        if (e.subselect->where) {
          CollectInScopeVariables(*e.subselect->where, names);
        }
      } else {
        for (const SelectItem& item : e.subselect->select) {
          names->insert(item.variable.name);
        }
      }
      break;
    case PatternKind::kMinus:
    case PatternKind::kFilter:
      break;
  }
}

void CollectInScopeVariables(const GroupGraphPattern& pattern,
                             std::set<std::string>* names) {
  for (const PatternElement& e : pattern.elements) {
    CollectInScopeVariables(e, names);
  }
}

bool ContainsAggregate(const Expr& expr) {
  if (expr.kind == ExprKind::kAggregate) return true;
  for (const Expr& arg : expr.args) {
    if (ContainsAggregate(arg)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// ToSparql

namespace {

constexpr std::string_view kXsdPrefix = "http://www.w3.org/2001/XMLSchema#";

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view WithoutSign(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return s;
}

// Whether `lexical` can be written bare as a number of datatype `local`
// (integer, decimal, double) in SPARQL's own syntax.
bool IsBareNumber(std::string_view local, std::string_view lexical) {
  const std::string_view s = WithoutSign(lexical);
  if (local == "integer") return AllDigits(s);
  const std::size_t dot = s.find('.');
  if (local == "decimal") {
    return dot != std::string_view::npos && AllDigits(s.substr(dot + 1)) &&
           (dot == 0 || AllDigits(s.substr(0, dot)));
  }
  if (local == "double") {
    const std::size_t e = s.find_first_of("eE");
    if (e == std::string_view::npos) return false;
    std::string_view mantissa = s.substr(0, e);
    const std::string_view exponent = WithoutSign(s.substr(e + 1));
    if (!AllDigits(exponent)) return false;
    const std::size_t mdot = mantissa.find('.');
    if (mdot == std::string_view::npos) return AllDigits(mantissa);
    const std::string_view before = mantissa.substr(0, mdot);
    const std::string_view after = mantissa.substr(mdot + 1);
    if (before.empty()) return AllDigits(after);
    return AllDigits(before) && (after.empty() || AllDigits(after));
  }
  return false;
}

bool IsNumericLiteral(const Term& t) {
  if (!t.is_literal() || t.datatype.rfind(kXsdPrefix, 0) != 0) return false;
  return IsBareNumber(std::string_view(t.datatype).substr(kXsdPrefix.size()),
                      t.lexical);
}

// Expression precedence, loosest first.
enum Precedence : int {
  kOrLevel = 1,
  kAndLevel,
  kRelationalLevel,
  kAdditiveLevel,
  kMultiplicativeLevel,
  kUnaryLevel,
  kPrimaryLevel,
};

int PrecedenceOf(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kOr:
      return kOrLevel;
    case ExprKind::kAnd:
      return kAndLevel;
    case ExprKind::kEqual:
    case ExprKind::kNotEqual:
    case ExprKind::kLess:
    case ExprKind::kGreater:
    case ExprKind::kLessEqual:
    case ExprKind::kGreaterEqual:
    case ExprKind::kIn:
    case ExprKind::kNotIn:
      return kRelationalLevel;
    case ExprKind::kAdd:
    case ExprKind::kSubtract:
      return kAdditiveLevel;
    case ExprKind::kMultiply:
    case ExprKind::kDivide:
      return kMultiplicativeLevel;
    case ExprKind::kNot:
    case ExprKind::kUnaryPlus:
    case ExprKind::kUnaryMinus:
      return kUnaryLevel;
    default:
      return kPrimaryLevel;
  }
}

std::string_view OperatorText(ExprKind kind) {
  switch (kind) {
    case ExprKind::kOr:
      return "||";
    case ExprKind::kAnd:
      return "&&";
    case ExprKind::kEqual:
      return "=";
    case ExprKind::kNotEqual:
      return "!=";
    case ExprKind::kLess:
      return "<";
    case ExprKind::kGreater:
      return ">";
    case ExprKind::kLessEqual:
      return "<=";
    case ExprKind::kGreaterEqual:
      return ">=";
    case ExprKind::kAdd:
      return "+";
    case ExprKind::kSubtract:
      return "-";
    case ExprKind::kMultiply:
      return "*";
    case ExprKind::kDivide:
      return "/";
    case ExprKind::kNot:
      return "!";
    case ExprKind::kUnaryPlus:
      return "+";
    case ExprKind::kUnaryMinus:
      return "-";
    default:
      return "";
  }
}

// Path precedence, loosest first.
enum PathLevel : int {
  kAlternativeLevel = 1,
  kSequenceLevel,
  kInverseLevel,  // ^elt
  kEltLevel,      // primary with a modifier
  kPathPrimaryLevel,
};

int LevelOf(const Path& p) {
  switch (p.kind) {
    case PathKind::kAlternative:
      return kAlternativeLevel;
    case PathKind::kSequence:
      return kSequenceLevel;
    case PathKind::kInverse:
      return kInverseLevel;
    case PathKind::kZeroOrMore:
    case PathKind::kOneOrMore:
    case PathKind::kZeroOrOne:
      return kEltLevel;
    default:
      return kPathPrimaryLevel;
  }
}

// Collects the labels written in the request, so that anonymous blank
// nodes get labels that differ from all of them.
class LabelCollector {
 public:
  std::set<std::string> labels;

  void Add(const VarOrTerm& v) {
    if (const auto* var = std::get_if<Variable>(&v)) Add(*var);
  }
  void Add(const Variable& v) {
    if (v.kind == VariableKind::kBlankNode) labels.insert(v.name);
  }
  void Add(const TriplePattern& t) {
    Add(t.subject);
    Add(t.predicate);
    Add(t.object);
  }
  void Add(const Expr& e) {
    if (e.pattern) Add(*e.pattern);
    for (const Expr& a : e.args) Add(a);
  }
  void Add(const GroupGraphPattern& g) {
    for (const PatternElement& e : g.elements) {
      for (const TriplePattern& t : e.triples) Add(t);
      for (const GroupGraphPattern& sub : e.groups) Add(sub);
      Add(e.graph);
      Add(e.expr);
      if (e.subselect) Add(*e.subselect);
    }
  }
  void Add(const Query& q) {
    for (const SelectItem& item : q.select) {
      if (item.expr) Add(*item.expr);
    }
    for (const TriplePattern& t : q.construct_template) Add(t);
    if (q.where) Add(*q.where);
    for (const GroupCondition& c : q.group_by) Add(c.expr);
    for (const Expr& e : q.having) Add(e);
    for (const OrderCondition& c : q.order_by) Add(c.expr);
  }
  void Add(const UpdateOperation& op) {
    for (const auto* quads : {&op.delete_quads, &op.insert_quads}) {
      for (const QuadTemplate& q : *quads) {
        if (q.graph) Add(*q.graph);
        Add(q.subject);
        Add(q.predicate);
        Add(q.object);
      }
    }
    Add(op.where);
  }
};

class Printer {
 public:
  explicit Printer(std::set<std::string> labels) : labels_(std::move(labels)) {}

  std::string Take() { return std::move(out_); }

  void PrintRequest(const Request& r) {
    if (r.is_query()) {
      PrintQuery(r.query);
      return;
    }
    for (std::size_t i = 0; i < r.operations.size(); ++i) {
      if (i > 0) Line(";");
      PrintOperation(r.operations[i]);
    }
  }

  void PrintQuery(const Query& q) {
    switch (q.form) {
      case QueryForm::kSelect:
        PrintSelectClause(q);
        break;
      case QueryForm::kConstruct:
        if (q.construct_where) {
          Line("CONSTRUCT");
        } else {
          Indent();
          out_ += "CONSTRUCT ";
          PrintTriplesBlockBraced(q.construct_template);
          out_ += '\n';
        }
        break;
      case QueryForm::kDescribe:
        Indent();
        out_ += "DESCRIBE";
        if (q.describe_all) out_ += " *";
        for (const VarOrTerm& v : q.describe) {
          out_ += ' ';
          PrintNode(v);
        }
        out_ += '\n';
        break;
      case QueryForm::kAsk:
        Line("ASK");
        break;
    }
    for (const DatasetClause& d : q.dataset) {
      Indent();
      out_ += d.named ? "FROM NAMED " : "FROM ";
      PrintIri(d.iri);
      out_ += '\n';
    }
    if (q.where) {
      Indent();
      out_ += "WHERE ";
      PrintGroup(*q.where);
      out_ += '\n';
    }
    if (!q.group_by.empty()) {
      Indent();
      out_ += "GROUP BY";
      for (const GroupCondition& c : q.group_by) {
        out_ += ' ';
        PrintGroupCondition(c);
      }
      out_ += '\n';
    }
    if (!q.having.empty()) {
      Indent();
      out_ += "HAVING";
      for (const Expr& e : q.having) {
        out_ += " (";
        PrintExpr(e, 0);
        out_ += ')';
      }
      out_ += '\n';
    }
    if (!q.order_by.empty()) {
      Indent();
      out_ += "ORDER BY";
      for (const OrderCondition& c : q.order_by) {
        out_ += c.descending ? " DESC(" : " ASC(";
        PrintExpr(c.expr, 0);
        out_ += ')';
      }
      out_ += '\n';
    }
    if (q.limit) Line("LIMIT " + std::to_string(*q.limit));
    if (q.offset) Line("OFFSET " + std::to_string(*q.offset));
    if (q.values) {
      Indent();
      out_ += "VALUES ";
      PrintValues(*q.values);
      out_ += '\n';
    }
  }

  void PrintExpr(const Expr& e, int min_level) {
    const int level = PrecedenceOf(e);
    const bool parens = level < min_level;
    if (parens) out_ += '(';
    switch (e.kind) {
      case ExprKind::kVariable:
        PrintVariable(e.variable);
        break;
      case ExprKind::kConstant:
        PrintTerm(e.constant);
        break;
      case ExprKind::kOr:
      case ExprKind::kAnd:
      case ExprKind::kAdd:
      case ExprKind::kSubtract:
      case ExprKind::kMultiply:
      case ExprKind::kDivide:
        PrintExpr(e.args[0], level);
        out_ += ' ';
        out_ += OperatorText(e.kind);
        out_ += ' ';
        PrintExpr(e.args[1], level + 1);
        break;
      case ExprKind::kEqual:
      case ExprKind::kNotEqual:
      case ExprKind::kLess:
      case ExprKind::kGreater:
      case ExprKind::kLessEqual:
      case ExprKind::kGreaterEqual:
        PrintExpr(e.args[0], level + 1);
        out_ += ' ';
        out_ += OperatorText(e.kind);
        out_ += ' ';
        PrintExpr(e.args[1], level + 1);
        break;
      case ExprKind::kIn:
      case ExprKind::kNotIn:
        PrintExpr(e.args[0], level + 1);
        out_ += e.kind == ExprKind::kIn ? " IN (" : " NOT IN (";
        PrintArgs(e, 1);
        out_ += ')';
        break;
      case ExprKind::kNot:
      case ExprKind::kUnaryPlus:
      case ExprKind::kUnaryMinus: {
        out_ += OperatorText(e.kind);
        // The operand is a primary expression; a number right after a sign
        // would read as a signed number, so it gets parentheses.
        const Expr& operand = e.args[0];
        const bool number = operand.kind == ExprKind::kConstant &&
                            IsNumericLiteral(operand.constant);
        if (number) {
          out_ += '(';
          PrintExpr(operand, 0);
          out_ += ')';
        } else {
          PrintExpr(operand, kPrimaryLevel);
        }
        break;
      }
      case ExprKind::kBuiltin:
        out_ += BuiltinName(e.builtin);
        out_ += '(';
        PrintArgs(e, 0);
        out_ += ')';
        break;
      case ExprKind::kFunctionCall:
        PrintIri(e.function_iri);
        out_ += '(';
        if (e.distinct) out_ += "DISTINCT ";
        PrintArgs(e, 0);
        out_ += ')';
        break;
      case ExprKind::kAggregate:
        out_ += AggregateName(e.aggregate);
        out_ += '(';
        if (e.distinct) out_ += "DISTINCT ";
        if (e.args.empty()) {
          out_ += '*';
        } else {
          PrintArgs(e, 0);
        }
        if (e.separator) {
          out_ += "; SEPARATOR = ";
          PrintString(*e.separator);
        }
        out_ += ')';
        break;
      case ExprKind::kExists:
      case ExprKind::kNotExists:
        out_ += e.kind == ExprKind::kExists ? "EXISTS " : "NOT EXISTS ";
        if (e.pattern) {
          PrintGroup(*e.pattern);
        } else {
          out_ += "{ }";
        }
        break;
    }
    if (parens) out_ += ')';
  }

 private:
  void Indent() { out_.append(2 * depth_, ' '); }
  void Line(std::string_view text) {
    Indent();
    out_ += text;
    out_ += '\n';
  }

  void PrintSelectClause(const Query& q) {
    Indent();
    out_ += "SELECT";
    if (q.distinct) out_ += " DISTINCT";
    if (q.reduced) out_ += " REDUCED";
    if (q.select_all) out_ += " *";
    for (const SelectItem& item : q.select) {
      out_ += ' ';
      if (item.expr) {
        out_ += '(';
        PrintExpr(*item.expr, 0);
        out_ += " AS ";
        PrintVariable(item.variable);
        out_ += ')';
      } else {
        PrintVariable(item.variable);
      }
    }
    out_ += '\n';
  }

  void PrintGroupCondition(const GroupCondition& c) {
    if (!c.alias && (c.expr.kind == ExprKind::kVariable ||
                     c.expr.kind == ExprKind::kBuiltin ||
                     c.expr.kind == ExprKind::kFunctionCall)) {
      PrintExpr(c.expr, 0);
      return;
    }
    out_ += '(';
    PrintExpr(c.expr, 0);
    if (c.alias) {
      out_ += " AS ";
      PrintVariable(*c.alias);
    }
    out_ += ')';
  }

  void PrintArgs(const Expr& e, std::size_t from) {
    for (std::size_t i = from; i < e.args.size(); ++i) {
      if (i > from) out_ += ", ";
      PrintExpr(e.args[i], 0);
    }
  }

  // `{`, the elements one per line, `}` (no newline after it).
  void PrintGroup(const GroupGraphPattern& g) {
    out_ += "{\n";
    ++depth_;
    if (g.elements.size() == 1 &&
        g.elements[0].kind == PatternKind::kSubSelect &&
        g.elements[0].subselect) {
      PrintQuery(*g.elements[0].subselect);
    } else {
      for (const PatternElement& e : g.elements) PrintElement(e);
    }
    --depth_;
    Indent();
    out_ += '}';
  }

  void PrintElement(const PatternElement& e) {
    switch (e.kind) {
      case PatternKind::kTriples:
        for (const TriplePattern& t : e.triples) PrintTripleLine(t);
        return;
      case PatternKind::kSubSelect: {
        if (!e.subselect) return;
        GroupGraphPattern wrapper;
        wrapper.elements.push_back(e);
        Indent();
        PrintGroup(wrapper);
        out_ += '\n';
        return;
      }
      default:
        break;
    }
    Indent();
    switch (e.kind) {
      case PatternKind::kGroup:
        if (!e.groups.empty()) PrintGroup(e.groups[0]);
        break;
      case PatternKind::kUnion:
        for (std::size_t i = 0; i < e.groups.size(); ++i) {
          if (i > 0) out_ += " UNION ";
          PrintGroup(e.groups[i]);
        }
        break;
      case PatternKind::kOptional:
        out_ += "OPTIONAL ";
        if (!e.groups.empty()) PrintGroup(e.groups[0]);
        break;
      case PatternKind::kMinus:
        out_ += "MINUS ";
        if (!e.groups.empty()) PrintGroup(e.groups[0]);
        break;
      case PatternKind::kGraph:
      case PatternKind::kService:
        out_ += e.kind == PatternKind::kGraph ? "GRAPH " : "SERVICE ";
        if (e.silent) out_ += "SILENT ";
        PrintNode(e.graph);
        out_ += ' ';
        if (!e.groups.empty()) PrintGroup(e.groups[0]);
        break;
      case PatternKind::kFilter:
        out_ += "FILTER (";
        PrintExpr(e.expr, 0);
        out_ += ')';
        break;
      case PatternKind::kBind:
        out_ += "BIND (";
        PrintExpr(e.expr, 0);
        out_ += " AS ";
        PrintVariable(e.variable);
        out_ += ')';
        break;
      case PatternKind::kValues:
        out_ += "VALUES ";
        PrintValues(e.values);
        break;
      default:
        break;
    }
    out_ += '\n';
  }

  void PrintTripleLine(const TriplePattern& t) {
    Indent();
    PrintNode(t.subject);
    out_ += ' ';
    if (t.path) {
      PrintPath(*t.path, 0);
    } else {
      PrintNode(t.predicate);
    }
    out_ += ' ';
    PrintNode(t.object);
    out_ += " .\n";
  }

  void PrintTriplesBlockBraced(const std::vector<TriplePattern>& triples) {
    out_ += "{\n";
    ++depth_;
    for (const TriplePattern& t : triples) PrintTripleLine(t);
    --depth_;
    Indent();
    out_ += '}';
  }

  void PrintPath(const Path& p, int min_level) {
    const int level = LevelOf(p);
    const bool parens = level < min_level;
    if (parens) out_ += '(';
    switch (p.kind) {
      case PathKind::kIri:
        PrintIri(p.iri);
        break;
      case PathKind::kSequence:
      case PathKind::kAlternative:
        for (std::size_t i = 0; i < p.args.size(); ++i) {
          if (i > 0) out_ += p.kind == PathKind::kSequence ? " / " : " | ";
          PrintPath(p.args[i], level + 1);
        }
        break;
      case PathKind::kInverse:
        out_ += '^';
        PrintPath(p.args[0], kEltLevel);
        break;
      case PathKind::kZeroOrMore:
      case PathKind::kOneOrMore:
      case PathKind::kZeroOrOne:
        PrintPath(p.args[0], kPathPrimaryLevel);
        out_ += p.kind == PathKind::kZeroOrMore  ? '*'
                : p.kind == PathKind::kOneOrMore ? '+'
                                                 : '?';
        break;
      case PathKind::kNegatedSet:
        out_ += "!(";
        for (std::size_t i = 0; i < p.args.size(); ++i) {
          if (i > 0) out_ += " | ";
          PrintPath(p.args[i], kInverseLevel);
        }
        out_ += ')';
        break;
    }
    if (parens) out_ += ')';
  }

  void PrintValues(const InlineData& values) {
    out_ += '(';
    for (std::size_t i = 0; i < values.variables.size(); ++i) {
      if (i > 0) out_ += ' ';
      PrintVariable(values.variables[i]);
    }
    out_ += ") {";
    for (const auto& row : values.rows) {
      out_ += " (";
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0) out_ += ' ';
        if (row[i]) {
          PrintTerm(*row[i]);
        } else {
          out_ += "UNDEF";
        }
      }
      out_ += ')';
    }
    out_ += " }";
  }

  void PrintOperation(const UpdateOperation& op) {
    const char* silent = op.silent ? " SILENT" : "";
    Indent();
    switch (op.kind) {
      case UpdateKind::kLoad:
        out_ += "LOAD";
        out_ += silent;
        out_ += ' ';
        PrintIri(op.load_iri);
        if (op.load_into) {
          out_ += " INTO GRAPH ";
          PrintIri(*op.load_into);
        }
        break;
      case UpdateKind::kClear:
      case UpdateKind::kDrop:
      case UpdateKind::kCreate:
        out_ += op.kind == UpdateKind::kClear  ? "CLEAR"
                : op.kind == UpdateKind::kDrop ? "DROP"
                                               : "CREATE";
        out_ += silent;
        out_ += ' ';
        PrintGraphRef(op.graph);
        break;
      case UpdateKind::kAdd:
      case UpdateKind::kMove:
      case UpdateKind::kCopy:
        out_ += op.kind == UpdateKind::kAdd    ? "ADD"
                : op.kind == UpdateKind::kMove ? "MOVE"
                                               : "COPY";
        out_ += silent;
        out_ += ' ';
        PrintGraphRef(op.graph);
        out_ += " TO ";
        PrintGraphRef(op.destination);
        break;
      case UpdateKind::kInsertData:
        out_ += "INSERT DATA ";
        PrintQuads(op.insert_quads);
        break;
      case UpdateKind::kDeleteData:
        out_ += "DELETE DATA ";
        PrintQuads(op.delete_quads);
        break;
      case UpdateKind::kDeleteWhere:
        out_ += "DELETE WHERE ";
        PrintQuads(op.delete_quads);
        break;
      case UpdateKind::kModify: {
        bool first = true;
        auto start_line = [&] {
          if (!first) {
            out_ += '\n';
            Indent();
          }
          first = false;
        };
        if (op.with) {
          start_line();
          out_ += "WITH ";
          PrintIri(*op.with);
        }
        if (!op.delete_quads.empty() || op.insert_quads.empty()) {
          start_line();
          out_ += "DELETE ";
          PrintQuads(op.delete_quads);
        }
        if (!op.insert_quads.empty()) {
          start_line();
          out_ += "INSERT ";
          PrintQuads(op.insert_quads);
        }
        for (const DatasetClause& u : op.using_) {
          start_line();
          out_ += u.named ? "USING NAMED " : "USING ";
          PrintIri(u.iri);
        }
        start_line();
        out_ += "WHERE ";
        PrintGroup(op.where);
        break;
      }
    }
    out_ += '\n';
  }

  void PrintGraphRef(const GraphRef& g) {
    switch (g.target) {
      case GraphTarget::kDefault:
        out_ += "DEFAULT";
        break;
      case GraphTarget::kNamed:
        out_ += "GRAPH ";
        PrintIri(g.iri);
        break;
      case GraphTarget::kAllNamed:
        out_ += "NAMED";
        break;
      case GraphTarget::kAll:
        out_ += "ALL";
        break;
    }
  }

  // Quads in order; consecutive ones in the same named graph share a GRAPH
  // block.
  void PrintQuads(const std::vector<QuadTemplate>& quads) {
    out_ += "{\n";
    ++depth_;
    std::size_t i = 0;
    while (i < quads.size()) {
      if (!quads[i].graph) {
        PrintQuadLine(quads[i++]);
        continue;
      }
      const VarOrTerm graph = *quads[i].graph;
      Indent();
      out_ += "GRAPH ";
      PrintNode(graph);
      out_ += " {\n";
      ++depth_;
      while (i < quads.size() && quads[i].graph && *quads[i].graph == graph) {
        PrintQuadLine(quads[i++]);
      }
      --depth_;
      Line("}");
    }
    --depth_;
    Indent();
    out_ += '}';
  }

  void PrintQuadLine(const QuadTemplate& q) {
    PrintTripleLine({q.subject, q.predicate, q.object, std::nullopt});
  }

  void PrintNode(const VarOrTerm& v) {
    if (const auto* var = std::get_if<Variable>(&v)) {
      PrintVariable(*var);
    } else {
      PrintTerm(std::get<Term>(v));
    }
  }

  void PrintVariable(const Variable& v) {
    switch (v.kind) {
      case VariableKind::kNamed:
        out_ += '?';
        out_ += v.name;
        break;
      case VariableKind::kBlankNode:
        out_ += "_:";
        out_ += v.name;
        break;
      case VariableKind::kAnonymous:
        out_ += "_:";
        out_ += AnonymousLabel(v.name);
        break;
    }
  }

  // b<number>, or b<number>_<k> if a written label already is b<number>.
  const std::string& AnonymousLabel(const std::string& name) {
    auto it = anonymous_.find(name);
    if (it != anonymous_.end()) return it->second;
    std::string label = "b" + name;
    for (int k = 1; labels_.count(label) != 0; ++k) {
      label = "b" + name + "_" + std::to_string(k);
    }
    return anonymous_.emplace(name, std::move(label)).first->second;
  }

  void PrintIri(std::string_view iri) {
    out_ += '<';
    for (unsigned char c : iri) {
      if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' ||
          c == '}' || c == '|' || c == '^' || c == '`' || c == '\\') {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04X", c);
        out_ += buf;
      } else {
        out_ += static_cast<char>(c);
      }
    }
    out_ += '>';
  }

  void PrintString(std::string_view s) {
    out_ += '"';
    AppendEscapedString(s, &out_);
    out_ += '"';
  }

  void PrintTerm(const Term& t) {
    switch (t.kind) {
      case TermKind::kIri:
        PrintIri(t.lexical);
        return;
      case TermKind::kBlank:  // not produced by the parser; kept printable
        out_ += "_:";
        out_ += t.lexical;
        return;
      case TermKind::kDefaultGraph:
        out_ += "DEFAULT";
        return;
      case TermKind::kLiteral:
        break;
    }
    if (IsNumericLiteral(t)) {
      out_ += t.lexical;
      return;
    }
    if (t.datatype == std::string(kXsdPrefix) + "boolean" &&
        (t.lexical == "true" || t.lexical == "false")) {
      out_ += t.lexical;
      return;
    }
    PrintString(t.lexical);
    if (!t.lang.empty()) {
      out_ += '@';
      out_ += t.lang;
    } else if (t.datatype != kXsdString) {
      out_ += "^^";
      PrintIri(t.datatype);
    }
  }

  std::string out_;
  int depth_ = 0;
  std::set<std::string> labels_;
  std::map<std::string, std::string> anonymous_;
};

}  // namespace

std::string ToSparql(const Request& request) {
  LabelCollector labels;
  if (request.is_query()) {
    labels.Add(request.query);
  } else {
    for (const UpdateOperation& op : request.operations) labels.Add(op);
  }
  Printer printer(std::move(labels.labels));
  printer.PrintRequest(request);
  return printer.Take();
}

std::string ToSparql(const Query& query) {
  LabelCollector labels;
  labels.Add(query);
  Printer printer(std::move(labels.labels));
  printer.PrintQuery(query);
  return printer.Take();
}

std::string ToSparql(const Expr& expr) {
  LabelCollector labels;
  labels.Add(expr);
  Printer printer(std::move(labels.labels));
  printer.PrintExpr(expr, 0);
  return printer.Take();
}

}  // namespace kg::query::ast
