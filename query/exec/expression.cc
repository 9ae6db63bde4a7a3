// Evaluation of compiled expressions over rows of term ids.
#include "query/exec/expression.h"

#include <array>

namespace kg::query {
namespace {

using ast::Builtin;
using ast::ExprKind;

// The id an argument has without evaluation: a variable's binding or a
// resolved constant; nullopt for anything computed.
std::optional<TermId> DirectId(const CompiledExpr& e, const TermId* row) {
  if (e.kind == ExprKind::kVariable) return row[e.slot];
  if (e.kind == ExprKind::kConstant && e.constant_id != kUnbound)
    return e.constant_id;
  return std::nullopt;
}

bool FastComparableTag(store::IdTag t) {
  switch (t) {
    case store::IdTag::kBoolean:
    case store::IdTag::kInteger:
    case store::IdTag::kDecimal:
    case store::IdTag::kDate:
    case store::IdTag::kDateTime:
    case store::IdTag::kDateTimeUtc:
      return true;
    default:
      return false;
  }
}

// Decides a comparison on ids alone when that gives the same answer as
// comparing values: two inline literals of one kind (their payloads are
// order-preserving), or term identity for = and != between IRIs and blank
// nodes.
std::optional<bool> FastCompare(ExprKind kind, TermId a, TermId b) {
  if (a == kUnbound || b == kUnbound) return std::nullopt;
  auto ta = store::TagOf(a), tb = store::TagOf(b);
  if (ta == tb && FastComparableTag(ta)) {
    switch (kind) {
      case ExprKind::kEqual:
        return a == b;
      case ExprKind::kNotEqual:
        return a != b;
      case ExprKind::kLess:
        return a < b;
      case ExprKind::kGreater:
        return a > b;
      case ExprKind::kLessEqual:
        return a <= b;
      case ExprKind::kGreaterEqual:
        return a >= b;
      default:
        return std::nullopt;
    }
  }
  bool a_node = ta == store::IdTag::kIri || ta == store::IdTag::kBlank;
  bool b_node = tb == store::IdTag::kIri || tb == store::IdTag::kBlank;
  if ((kind == ExprKind::kEqual || kind == ExprKind::kNotEqual) &&
      (a_node || b_node) && !IsLocalId(a) && !IsLocalId(b)) {
    // A node equals only itself; the store gives each term one id.
    bool eq = a == b;
    if (!eq && !(a_node && b_node)) return std::nullopt;  // node vs literal:
    // the functions decide (it is false for =, but an error for <).
    return kind == ExprKind::kEqual ? eq : !eq;
  }
  return std::nullopt;
}

CompareOp ToCompareOp(ExprKind kind) {
  switch (kind) {
    case ExprKind::kEqual:
      return CompareOp::kEq;
    case ExprKind::kNotEqual:
      return CompareOp::kNe;
    case ExprKind::kLess:
      return CompareOp::kLt;
    case ExprKind::kGreater:
      return CompareOp::kGt;
    case ExprKind::kLessEqual:
      return CompareOp::kLe;
    default:
      return CompareOp::kGe;
  }
}

ArithmeticOp ToArithmeticOp(ExprKind kind) {
  switch (kind) {
    case ExprKind::kAdd:
      return ArithmeticOp::kAdd;
    case ExprKind::kSubtract:
      return ArithmeticOp::kSubtract;
    case ExprKind::kMultiply:
      return ArithmeticOp::kMultiply;
    default:
      return ArithmeticOp::kDivide;
  }
}

Term BooleanTerm(bool b) {
  return Term::Literal(b ? "true" : "false", std::string(kXsd) + "boolean");
}

Result<std::optional<bool>> EvaluateEbv(const CompiledExpr& e,
                                        const TermId* row, ExecContext* ctx) {
  KG_ASSIGN_OR_RETURN(Value v, Evaluate(e, row, ctx));
  if (!v) return std::optional<bool>();
  return EffectiveBooleanValue(*v);
}

// The effective boolean value of `e` without building boolean terms:
// logical operators, comparisons and BOUND answer directly; anything else
// is evaluated and then converted. nullopt is an error.
Result<std::optional<bool>> EvalBool(const CompiledExpr& e, const TermId* row,
                                     ExecContext* ctx) {
  switch (e.kind) {
    case ExprKind::kAnd: {
      KG_ASSIGN_OR_RETURN(auto a, EvalBool(e.args[0], row, ctx));
      if (a && !*a) return std::optional<bool>(false);
      KG_ASSIGN_OR_RETURN(auto b, EvalBool(e.args[1], row, ctx));
      if (b && !*b) return std::optional<bool>(false);
      if (!a || !b) return std::optional<bool>();
      return std::optional<bool>(true);
    }
    case ExprKind::kOr: {
      KG_ASSIGN_OR_RETURN(auto a, EvalBool(e.args[0], row, ctx));
      if (a && *a) return std::optional<bool>(true);
      KG_ASSIGN_OR_RETURN(auto b, EvalBool(e.args[1], row, ctx));
      if (b && *b) return std::optional<bool>(true);
      if (!a || !b) return std::optional<bool>();
      return std::optional<bool>(false);
    }
    case ExprKind::kNot: {
      KG_ASSIGN_OR_RETURN(auto a, EvalBool(e.args[0], row, ctx));
      if (!a) return a;
      return std::optional<bool>(!*a);
    }
    case ExprKind::kEqual:
    case ExprKind::kNotEqual:
    case ExprKind::kLess:
    case ExprKind::kGreater:
    case ExprKind::kLessEqual:
    case ExprKind::kGreaterEqual: {
      auto ia = DirectId(e.args[0], row), ib = DirectId(e.args[1], row);
      if (ia && ib) {
        if (*ia == kUnbound || *ib == kUnbound) return std::optional<bool>();
        if (auto fast = FastCompare(e.kind, *ia, *ib)) return fast;
      }
      KG_ASSIGN_OR_RETURN(Value a, Evaluate(e.args[0], row, ctx));
      if (!a) return std::optional<bool>();
      KG_ASSIGN_OR_RETURN(Value b, Evaluate(e.args[1], row, ctx));
      if (!b) return std::optional<bool>();
      return Compare(ToCompareOp(e.kind), *a, *b);
    }
    case ExprKind::kBuiltin:
      if (e.builtin == ast::Builtin::kBound)
        return std::optional<bool>(e.args[0].kind == ExprKind::kVariable &&
                                   row[e.args[0].slot] != kUnbound);
      break;
    default:
      break;
  }
  return EvaluateEbv(e, row, ctx);
}

}  // namespace

void CompiledExpr::CollectSlots(std::set<int>* slots) const {
  if (kind == ExprKind::kVariable || kind == ExprKind::kAggregate) {
    if (slot >= 0) slots->insert(slot);
  }
  for (const auto& a : args) a.CollectSlots(slots);
}

bool CompiledExpr::HasExists() const {
  if (kind == ExprKind::kExists || kind == ExprKind::kNotExists) return true;
  for (const auto& a : args)
    if (a.HasExists()) return true;
  return false;
}

Result<Value> Evaluate(const CompiledExpr& e, const TermId* row,
                       ExecContext* ctx) {
  switch (e.kind) {
    case ExprKind::kVariable:
    case ExprKind::kAggregate: {
      TermId id = row[e.slot];
      if (id == kUnbound) return Value();
      KG_ASSIGN_OR_RETURN(const Term* t, ctx->terms().TermOf(id));
      return Value(*t);
    }
    case ExprKind::kConstant:
      return Value(*e.constant);
    case ExprKind::kOr:
    case ExprKind::kAnd:
    case ExprKind::kNot:
    case ExprKind::kEqual:
    case ExprKind::kNotEqual:
    case ExprKind::kLess:
    case ExprKind::kGreater:
    case ExprKind::kLessEqual:
    case ExprKind::kGreaterEqual: {
      // §17.2: || and && tolerate an error on one side; see EvalBool.
      KG_ASSIGN_OR_RETURN(auto b, EvalBool(e, row, ctx));
      if (!b) return Value();
      return Value(BooleanTerm(*b));
    }
    case ExprKind::kIn:
    case ExprKind::kNotIn: {
      // §17.4.1.9: = against each member; an error counts only when no
      // member matched.
      KG_ASSIGN_OR_RETURN(Value a, Evaluate(e.args[0], row, ctx));
      if (!a) return Value();
      bool error = false;
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        KG_ASSIGN_OR_RETURN(Value b, Evaluate(e.args[i], row, ctx));
        std::optional<bool> eq;
        if (b) eq = Compare(CompareOp::kEq, *a, *b);
        if (eq && *eq) return Value(BooleanTerm(e.kind == ExprKind::kIn));
        if (!eq) error = true;
      }
      if (error) return Value();
      return Value(BooleanTerm(e.kind == ExprKind::kNotIn));
    }
    case ExprKind::kAdd:
    case ExprKind::kSubtract:
    case ExprKind::kMultiply:
    case ExprKind::kDivide: {
      KG_ASSIGN_OR_RETURN(Value a, Evaluate(e.args[0], row, ctx));
      if (!a) return Value();
      KG_ASSIGN_OR_RETURN(Value b, Evaluate(e.args[1], row, ctx));
      if (!b) return Value();
      return Arithmetic(ToArithmeticOp(e.kind), *a, *b);
    }
    case ExprKind::kUnaryPlus:
    case ExprKind::kUnaryMinus: {
      KG_ASSIGN_OR_RETURN(Value a, Evaluate(e.args[0], row, ctx));
      if (!a) return Value();
      return e.kind == ExprKind::kUnaryPlus ? UnaryPlus(*a) : UnaryMinus(*a);
    }
    case ExprKind::kExists:
    case ExprKind::kNotExists: {
      e.exists->seed->SetRow(row);
      KG_RETURN_IF_ERROR(e.exists->root->Open(ctx));
      Batch batch(e.exists->seed_width);
      bool found = false;
      while (true) {
        batch.Clear();
        KG_ASSIGN_OR_RETURN(bool more, e.exists->root->Next(&batch));
        if (!more) break;
        if (!batch.empty()) {
          found = true;
          break;
        }
      }
      return Value(BooleanTerm(found == (e.kind == ExprKind::kExists)));
    }
    case ExprKind::kBuiltin:
      break;
    case ExprKind::kFunctionCall: {
      std::vector<Value> args;
      args.reserve(e.args.size());
      for (const auto& a : e.args) {
        KG_ASSIGN_OR_RETURN(Value v, Evaluate(a, row, ctx));
        args.push_back(std::move(v));
      }
      bool known = true;
      Value v = CallFunction(e.function_iri, args, ctx->functions(), &known);
      if (!known)
        return Status::NotSupported("unknown function <" + e.function_iri +
                                    ">");
      return v;
    }
  }
  // Built-in calls.
  switch (e.builtin) {
    case Builtin::kBound:
      return Value(BooleanTerm(e.args[0].kind == ExprKind::kVariable &&
                               row[e.args[0].slot] != kUnbound));
    case Builtin::kIf: {
      KG_ASSIGN_OR_RETURN(auto c, EvaluateEbv(e.args[0], row, ctx));
      if (!c) return Value();
      return Evaluate(e.args[*c ? 1 : 2], row, ctx);
    }
    case Builtin::kCoalesce:
      for (const auto& a : e.args) {
        KG_ASSIGN_OR_RETURN(Value v, Evaluate(a, row, ctx));
        if (v) return v;
      }
      return Value();
    case Builtin::kSameTerm: {
      auto ia = DirectId(e.args[0], row), ib = DirectId(e.args[1], row);
      if (ia && ib && *ia != kUnbound && *ib != kUnbound)
        return Value(BooleanTerm(*ia == *ib));
      break;
    }
    default:
      break;
  }
  std::vector<Value> args;
  args.reserve(e.args.size());
  for (const auto& a : e.args) {
    KG_ASSIGN_OR_RETURN(Value v, Evaluate(a, row, ctx));
    args.push_back(std::move(v));
  }
  return CallBuiltin(e.builtin, args, ctx->functions());
}

Result<bool> EvaluateFilter(const CompiledExpr& expr, const TermId* row,
                            ExecContext* ctx) {
  KG_ASSIGN_OR_RETURN(auto b, EvalBool(expr, row, ctx));
  return b.value_or(false);
}

Result<TermId> EvaluateToId(const CompiledExpr& expr, const TermId* row,
                            ExecContext* ctx) {
  if (auto id = DirectId(expr, row)) return *id;
  KG_ASSIGN_OR_RETURN(Value v, Evaluate(expr, row, ctx));
  if (!v) return kUnbound;
  return ctx->terms().IdOf(*v);
}

}  // namespace kg::query
